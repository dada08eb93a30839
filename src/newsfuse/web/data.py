"""What the web app reads from the corpus store, as typed records, through read-only connections.

Every function takes an open :class:`sqlite3.Connection` (opened by :class:`newsfuse.web.db.Db`
in ``mode=ro``) and does a bounded amount of work whatever the size of the store: the story list
pages by key (newest first, ``(last, id)`` below a cursor) over the ``stories_last`` index, and
a page's outlets come from one query over its stories' members.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from newsfuse.crosscheck.independence import independence_groups
from newsfuse.ingest.source import Registry
from newsfuse.model import Article, Removed
from newsfuse.web.lru import LRU

PAGE_SIZE = 25
SEARCH_SCAN = 400  # matching articles a search ranks, the most recently stored first
# the columns of a story row that :func:`cards_for` takes (``updated_at`` keys its cache)
STORY_COLS = "s.id, s.title, s.size, s.first, s.last, s.updated_at"
_MARKS = ",".join


@dataclass(frozen=True, slots=True)
class OutletShare:
    """One outlet's articles in a story."""

    name: str
    articles: int


@dataclass(frozen=True, slots=True)
class StoryCard:
    """One row of the story list."""

    id: str
    title: str | None
    size: int
    first: str | None
    last: str | None
    outlets: tuple[OutletShare, ...]
    independent: int  # independent sources: a wire copy counts once
    articles: tuple[str, ...]

    @property
    def single_source(self) -> bool:
        return self.independent <= 1

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "size": self.size,
            "first": self.first,
            "last": self.last,
            "sources": [o.name for o in self.outlets if o.name],
            "outlets": [{"name": o.name or None, "articles": o.articles} for o in self.outlets],
            "independent_sources": self.independent,
            "single_source": self.single_source,
            "articles": list(self.articles),
        }


@dataclass(frozen=True, slots=True)
class Filters:
    """The story list's filters (all optional)."""

    since: date | None = None
    until: date | None = None
    outlet: str | None = None
    entity: str | None = None

    def query(self) -> dict[str, str]:
        out = {}
        if self.since:
            out["since"] = self.since.isoformat()
        if self.until:
            out["until"] = self.until.isoformat()
        if self.outlet:
            out["outlet"] = self.outlet
        if self.entity:
            out["entity"] = self.entity
        return out


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in the newest-first story list: the ``(last, id)`` of a story."""

    last: str
    id: str

    def encode(self) -> str:
        return f"{self.last}~{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        last, sep, sid = text.partition("~")
        if not sep or not sid or (last and not _is_iso(last)):
            raise ValueError(f"bad cursor {text!r}")
        return cls(last, sid)


@dataclass(frozen=True, slots=True)
class StoryPage:
    """One page of stories, with the cursors of the pages before and after it."""

    cards: tuple[StoryCard, ...]
    newer: str | None  # ``before`` cursor of the previous page
    older: str | None  # ``after`` cursor of the next page


@dataclass(frozen=True, slots=True)
class EntityInfo:
    """An entity across the stories whose stored briefings name it (spellings merged)."""

    key: str
    name: str
    type: str
    variants: tuple[str, ...]
    stories: tuple[str, ...]
    articles: int


@dataclass(frozen=True, slots=True)
class OutletInfo:
    name: str
    articles: int
    wire_copies: int
    stories: int
    first: str | None
    last: str | None


def _is_iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def entity_key(name: str) -> str:
    """The key that merges spellings of a name across stories: accents, case and spacing off."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return " ".join(folded.replace(".", " ").split())


# ---- the story list ----------------------------------------------------------------------------


def story_page(
    conn: sqlite3.Connection,
    cache: CardCache,
    filters: Filters,
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> StoryPage:
    """Stories newest first (by last article date, then id), ``size`` per page, below ``after``
    or above ``before``."""
    where: list[str] = []
    args: list[object] = []
    if filters.since:
        where.append("ifnull(s.last, '') >= ?")
        args.append(filters.since.isoformat())
    if filters.until:
        where.append("s.first <= ?")
        args.append(filters.until.isoformat())
    if filters.outlet:
        where.append(
            "s.id IN (SELECT m.story FROM articles a JOIN story_members m ON m.article = a.id "
            "WHERE a.source = ?)"
        )
        args.append(filters.outlet)
    if filters.entity:
        where.append("s.id IN (SELECT story FROM story_entities WHERE key = ?)")
        args.append(entity_key(filters.entity))
    order = "DESC"
    if after is not None:
        # the first term lets SQLite seek in the index; the row value orders ties by id
        where.append("ifnull(s.last, '') <= ? AND (ifnull(s.last, ''), s.id) < (?, ?)")
        args += [after.last, after.last, after.id]
    elif before is not None:
        where.append("ifnull(s.last, '') >= ? AND (ifnull(s.last, ''), s.id) > (?, ?)")
        args += [before.last, before.last, before.id]
        order = "ASC"
    q = (
        f"SELECT {STORY_COLS} FROM stories s"
        + (" WHERE " + " AND ".join(where) if where else "")
        + f" ORDER BY ifnull(s.last, '') {order}, s.id {order} LIMIT ?"
    )
    rows = conn.execute(q, [*args, size + 1]).fetchall()
    more = len(rows) > size
    rows = rows[:size]
    if before is not None:
        rows.reverse()
    cards = cards_for(conn, cache, rows)
    if not cards:
        return StoryPage((), None, None)
    first, last = cards[0], cards[-1]
    has_newer = after is not None or (before is not None and more)
    has_older = before is not None or more
    return StoryPage(
        tuple(cards),
        Cursor(first.last or "", first.id).encode() if has_newer else None,
        Cursor(last.last or "", last.id).encode() if has_older else None,
    )


class CardCache:
    """Story cards by (story, time its row was written), and the registry's answers by name:
    a card is computed once per change of its story."""

    def __init__(self, registry: Registry, size: int = 50_000) -> None:
        self.registry = registry
        self.cards: LRU[tuple[str, str], StoryCard] = LRU(size)
        self._wire: dict[str, bool] = {}
        self._canonical: dict[str, str] = {}

    def is_wire(self, name: str) -> bool:
        hit = self._wire.get(name)
        if hit is None:
            hit = self._wire[name] = self.registry.is_wire(name)
        return hit

    def canonical(self, name: str) -> str:
        hit = self._canonical.get(name)
        if hit is None:
            hit = self._canonical[name] = self.registry.canonical(name)
        return hit


def cards_for(
    conn: sqlite3.Connection, cache: CardCache, rows: Sequence[Sequence[Any]]
) -> list[StoryCard]:
    """Story cards for rows of :data:`STORY_COLS`, in their order; those not cached cost one
    query for the members' outlets, wires and credits, and one for their near-duplicates."""
    have = {str(r[0]): cache.cards.get((str(r[0]), str(r[5]))) for r in rows}
    todo = [r for r in rows if have[str(r[0])] is None]
    if todo:
        for card, r in zip(_cards(conn, cache, todo), todo, strict=True):
            cache.cards.put((card.id, str(r[5])), card)
            have[card.id] = card
    return [c for c in (have[str(r[0])] for r in rows) if c is not None]


def _cards(
    conn: sqlite3.Connection, cache: CardCache, rows: Sequence[Sequence[Any]]
) -> list[StoryCard]:
    ids = [str(r[0]) for r in rows]
    marks = _MARKS("?" * len(ids))
    members: dict[str, list[Article]] = {i: [] for i in ids}
    q = (
        "SELECT m.story, a.id, a.source, a.wire, a.credits FROM story_members m "
        f"JOIN articles a ON a.id = m.article WHERE m.story IN ({marks}) ORDER BY m.seq"
    )
    for sid, aid, source, wire, credits in conn.execute(q, ids):
        members[sid].append(
            Article(id=aid, text="", source=source, wire=wire, credits=tuple(json.loads(credits)))
        )
    all_ids = [a.id for arts in members.values() for a in arts]
    dups: list[tuple[str, str]] = []
    for k in range(0, len(all_ids), 500):
        part = all_ids[k : k + 500]
        qm = _MARKS("?" * len(part))
        dups += conn.execute(
            f"SELECT representative, article FROM dup_members WHERE stored = 1 "
            f"AND article IN ({qm})",
            part,
        ).fetchall()
    out = []
    for sid, title, size, first, last, _ in rows:
        arts = members[str(sid)]
        groups = independence_groups(arts, cache, dups)  # type: ignore[arg-type]
        counts = Counter(a.source or "" for a in arts)  # "": unknown outlet
        out.append(
            StoryCard(
                id=str(sid),
                title=title,
                size=int(size),
                first=first,
                last=last,
                outlets=tuple(OutletShare(n, c) for n, c in counts.most_common()),
                independent=len(set(groups.values())),
                articles=tuple(a.id for a in arts),
            )
        )
    return out


def story_card(conn: sqlite3.Connection, cache: CardCache, sid: str) -> StoryCard | None:
    row = conn.execute(f"SELECT {STORY_COLS} FROM stories s WHERE s.id = ?", (sid,)).fetchone()
    return cards_for(conn, cache, [row])[0] if row else None


def stories_by_id(
    conn: sqlite3.Connection, cache: CardCache, ids: Sequence[str]
) -> list[StoryCard]:
    """The cards of stories ``ids``, in that order (unknown ids left out)."""
    if not ids:
        return []
    marks = _MARKS("?" * len(ids))
    rows = {
        r[0]: r
        for r in conn.execute(f"SELECT {STORY_COLS} FROM stories s WHERE s.id IN ({marks})", ids)
    }
    return cards_for(conn, cache, [rows[i] for i in ids if i in rows])


def member_ids(conn: sqlite3.Connection, sid: str) -> list[str]:
    return [r[0] for r in conn.execute("SELECT article FROM story_members WHERE story = ?", (sid,))]


# ---- articles ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredArticle:
    article: Article
    story: str | None
    duplicate_of: str | None  # the original this article is a near-copy of


def article(conn: sqlite3.Connection, aid: str) -> StoredArticle | None:
    row = conn.execute(
        "SELECT a.id, a.url, a.source, a.title, a.published, a.text, a.removed, a.wire, "
        "a.credits, a.format, m.story, d.representative FROM articles a "
        "LEFT JOIN story_members m ON m.article = a.id "
        "LEFT JOIN dup_members d ON d.article = a.id WHERE a.id = ?",
        (aid,),
    ).fetchone()
    if row is None:
        return None
    aid, url, source, title, published, text, removed, wire, credits, fmt, story, rep = row
    art = Article(
        id=aid,
        text=text,
        source=source,
        title=title,
        url=url,
        published=date.fromisoformat(published) if published else None,
        removed=tuple(Removed(line, reason) for line, reason in json.loads(removed)),
        wire=wire,
        credits=tuple(json.loads(credits)),
        format=fmt,
    )
    return StoredArticle(art, story, rep)


def duplicates_within(conn: sqlite3.Connection, ids: Sequence[str]) -> list[tuple[str, str]]:
    """(original, copy) pairs of near-duplicates among ``ids``."""
    if not ids:
        return []
    marks = _MARKS("?" * len(ids))
    q = f"SELECT representative, article FROM dup_members WHERE article IN ({marks})"
    wanted = set(ids)
    return [(r, a) for r, a in conn.execute(q, list(ids)) if r in wanted]


# ---- search ------------------------------------------------------------------------------------


def search(
    conn: sqlite3.Connection, cache: CardCache, query: str, limit: int = PAGE_SIZE
) -> list[tuple[StoryCard, int]]:
    """Stories whose articles match the FTS5 ``query``, best match (BM25) first, among the
    :data:`SEARCH_SCAN` most recently stored matching articles (ranking every match of a common
    word costs ~0.1 ms an article), with their number of matching articles among those; a query
    that is not valid FTS5 syntax is searched as a phrase."""
    q = (
        "SELECT m.story, COUNT(*), MIN(hits.rank) FROM "
        "(SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ? "
        f"ORDER BY rowid DESC LIMIT {SEARCH_SCAN})"
        " hits JOIN articles a ON a.rowid = hits.rowid JOIN story_members m ON m.article = a.id "
        "GROUP BY m.story ORDER BY MIN(hits.rank) LIMIT ?"
    )
    try:
        rows = conn.execute(q, (query, limit)).fetchall()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise
        phrase = '"' + query.replace('"', " ") + '"'
        rows = conn.execute(q, (phrase, limit)).fetchall()
    cards = stories_by_id(conn, cache, [r[0] for r in rows])
    n = {r[0]: int(r[1]) for r in rows}
    return [(c, n[c.id]) for c in cards]


# ---- entities and outlets ----------------------------------------------------------------------


def entity(conn: sqlite3.Connection, key: str) -> EntityInfo | None:
    rows = conn.execute(
        "SELECT e.story, e.name, e.type, e.variants, e.articles FROM story_entities e "
        "JOIN stories s ON s.id = e.story WHERE e.key = ? "
        "ORDER BY ifnull(s.last, '') DESC, s.id DESC",
        (key,),
    ).fetchall()
    if not rows:
        return None
    names = Counter(r[1] for r in rows)
    types = Counter(r[2] for r in rows)
    variants: dict[str, None] = {}
    for r in rows:
        variants.update(dict.fromkeys(json.loads(r[3])))
    return EntityInfo(
        key=key,
        name=names.most_common(1)[0][0],
        type=types.most_common(1)[0][0],
        variants=tuple(variants),
        stories=tuple(r[0] for r in rows),
        articles=sum(int(r[4]) for r in rows),
    )


def top_entities(conn: sqlite3.Connection, limit: int = 100) -> list[tuple[str, str, int]]:
    """(key, name, number of stories) of the entities named in the most stored briefings."""
    q = (
        "SELECT key, MIN(name), COUNT(*) FROM story_entities GROUP BY key "
        "ORDER BY COUNT(*) DESC, key LIMIT ?"
    )
    return [(k, n, int(c)) for k, n, c in conn.execute(q, (limit,))]


def outlet(conn: sqlite3.Connection, name: str) -> OutletInfo | None:
    row = conn.execute(
        "SELECT COUNT(*), SUM(a.wire IS NOT NULL AND a.wire != a.source), "
        "COUNT(DISTINCT m.story), MIN(a.published), MAX(a.published) FROM articles a "
        "LEFT JOIN story_members m ON m.article = a.id WHERE a.source = ?",
        (name,),
    ).fetchone()
    if not row or not row[0]:
        return None
    return OutletInfo(name, int(row[0]), int(row[1] or 0), int(row[2]), row[3], row[4])


def outlets(conn: sqlite3.Connection, limit: int = 200) -> list[tuple[str, int]]:
    q = (
        "SELECT source, COUNT(*) FROM articles WHERE source IS NOT NULL GROUP BY source "
        "ORDER BY COUNT(*) DESC, source LIMIT ?"
    )
    return [(s, int(n)) for s, n in conn.execute(q, (limit,))]


def missed_stories(
    conn: sqlite3.Connection, cache: CardCache, name: str, limit: int = 10, scan: int = 300
) -> list[StoryCard]:
    """Among the ``scan`` newest stories that three or more outlets covered, those ``name``
    did not: what the outlet left out."""
    q = (
        f"SELECT {STORY_COLS} FROM stories s WHERE s.size >= 3 "
        "ORDER BY ifnull(s.last, '') DESC, s.id DESC LIMIT ?"
    )
    rows = conn.execute(q, (scan,)).fetchall()
    cards = cards_for(conn, cache, rows)
    out = [c for c in cards if len(c.outlets) >= 3 and all(o.name != name for o in c.outlets)]
    return out[:limit]
