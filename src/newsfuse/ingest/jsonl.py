"""JSONL: one article per line, ``{"id", "text" or "html", "source", "url", "title", "published"}``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING

from newsfuse.errors import E, reject
from newsfuse.model import Article, Reject

if TYPE_CHECKING:
    from newsfuse.ingest.html import PendingHtml

STAGE = "read"


def parse_published(value: object) -> date | None:
    """A date from an ISO date or datetime string (``2022-02-26``, ``2022-02-26T15:47:00+09:00``)."""
    if not value or not isinstance(value, str):
        return None
    s = value.strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        return date.fromisoformat(s[:10])


def read_jsonl(
    text: str, *, name: str, id_prefix: str, defer: bool = False
) -> Iterator[Article | Reject | PendingHtml]:
    """One Article (raw text, or the body extracted from the record's HTML) or one Reject per
    line; with ``defer``, a record's HTML comes out as a :class:`PendingHtml` to extract later."""
    from newsfuse.ingest.html import html_article
    from newsfuse.ingest.text import read_text

    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield reject(where, STAGE, E.BAD_JSONL, exc.msg)
            continue
        if not isinstance(rec, dict):
            yield reject(where, STAGE, E.BAD_JSONL, f"a {type(rec).__name__}, not an object")
            continue
        aid = str(rec.get("id") or f"{id_prefix}-{lineno}")
        try:
            published = parse_published(rec.get("published"))
        except ValueError:
            yield reject(where, STAGE, E.BAD_DATE, repr(rec.get("published")))
            continue
        url = rec.get("url") if isinstance(rec.get("url"), str) else None
        changes = _record_fields(rec, published, url)
        if isinstance(rec.get("text"), str) and rec["text"].strip():
            yield replace(read_text(rec["text"], id=aid, path=where), **changes)
        elif isinstance(rec.get("html"), str) and rec["html"].strip():
            after = partial(_with_fields, changes=changes)
            yield html_article(rec["html"], id=aid, path=where, url=url, after=after, defer=defer)
        else:
            yield reject(where, STAGE, E.BAD_RECORD, "no non-empty `text` or `html` field")


def _record_fields(rec: dict, published: date | None, url: str | None) -> dict[str, object]:
    """The Article fields a record sets itself (over what the text or HTML says)."""
    changes: dict[str, object] = {"format": "jsonl"}
    if published:
        changes.update(published=published, date_method="record field `published`")
    if isinstance(rec.get("title"), str) and rec["title"].strip():
        changes["title"] = rec["title"].strip()
    if url:
        changes["url"] = url
    if isinstance(rec.get("source"), str) and rec["source"].strip():
        changes.update(source=rec["source"].strip(), source_method="record field `source`")
    return changes


def _with_fields(article: Article | Reject, changes: dict[str, object]) -> Article | Reject:
    return article if isinstance(article, Reject) else replace(article, **changes)
