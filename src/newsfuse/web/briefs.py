"""Briefings kept in the store, so a story page is served from stored data.

A story's briefing is computed once (on its first request, or ahead of time by
``newsfuse briefings``) and written to the ``briefings`` table with a digest of the story's
member articles; when an ingest changes the story, the digest no longer matches and the next
request briefs it again. The entities of each stored briefing go to ``story_entities`` (for the
entity pages and the entity filter). Decoded briefings are kept in a small in-process cache keyed
by (story, digest) (:class:`newsfuse.web.lru.LRU`).
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfuse.errors import E, NewsfuseError
from newsfuse.model import Briefing
from newsfuse.web import codec
from newsfuse.web.data import entity_key, member_ids

if TYPE_CHECKING:
    from newsfuse.config import Settings


def digest(article_ids: Sequence[str]) -> str:
    """The stamp of a story's membership: changes when an article joins or leaves it."""
    h = hashlib.sha1(usedforsecurity=False)
    for aid in sorted(article_ids):
        h.update(aid.encode("utf-8") + b"\0")
    return f"{codec.FORMAT}:{h.hexdigest()}"


@dataclass(frozen=True, slots=True)
class Stored:
    briefing: Briefing
    fresh: bool  # False: the story changed since it was briefed


def stored(conn: sqlite3.Connection, sid: str, stamp: str) -> Stored | None:
    row = conn.execute("SELECT members, data FROM briefings WHERE story = ?", (sid,)).fetchone()
    if row is None:
        return None
    try:
        b = codec.loads(row[1])
    except (ValueError, KeyError, TypeError):  # an older stored form: brief again
        return None
    return Stored(b, row[0] == stamp)


def save(conn: sqlite3.Connection, sid: str, stamp: str, b: Briefing) -> None:
    """Write one story's briefing and its entities (one transaction)."""
    from newsfuse.store import now_stamp

    data = codec.dumps(b)
    rows = []
    seen: set[str] = set()
    for e in b.entities:
        key = entity_key(e.name)
        if not key or key in seen:
            continue
        seen.add(key)
        variants = codec.json.dumps(list(e.variants), ensure_ascii=False)
        rows.append((sid, key, e.name, e.type, variants, len(e.articles)))
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "INSERT OR REPLACE INTO briefings VALUES (?,?,?,?)", (sid, stamp, data, now_stamp())
        )
        conn.execute("DELETE FROM story_entities WHERE story = ?", (sid,))
        conn.executemany("INSERT OR REPLACE INTO story_entities VALUES (?,?,?,?,?,?)", rows)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


class Briefer:
    """Computes briefings of stored stories (models loaded once) and keeps them in the store."""

    def __init__(self, path: Path, settings: Settings) -> None:
        self.path = path
        self.settings = settings
        self._lock = threading.Lock()
        # the spaCy pipeline and the encoder, each loaded by the first briefing that needs it
        # (a story read back from the store needs neither, unless an article must be parsed
        # or encoded again) and kept for the next ones
        self._models: dict[str, Any] = {}

    def brief(self, sid: str) -> Briefing:
        """Brief story ``sid`` from the store (on the analyses and sentence vectors an
        ``ingest --analyze`` kept, see :func:`newsfuse.api.brief_story`) and store the result;
        one story at a time, each model loaded at most once, when first needed."""
        from newsfuse.api import brief_story
        from newsfuse.store import Store

        with self._lock:
            try:
                with Store(self.path, create=False) as store:
                    ids = member_ids(store.conn, sid)
                    stamp = digest(ids)
                    have = stored(store.conn, sid, stamp)
                    if have is not None and have.fresh:  # briefed while this one waited
                        return have.briefing
                    if not ids:
                        raise NewsfuseError(E.WEB_NOT_FOUND, f"story {sid}")
                    b = brief_story(store, sid, self.settings, models=self._models)
                    save(store.conn, sid, stamp, b)
                    return b
            except sqlite3.Error as exc:
                from newsfuse.web.db import store_error

                raise store_error(exc, self.path) from None
