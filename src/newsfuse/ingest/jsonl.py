"""JSONL: one article per line, ``{"id", "text" or "html", "source", "url", "title", "published"}``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime

from newsfuse.errors import E, reject
from newsfuse.model import Article, Reject

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


def read_jsonl(text: str, *, name: str, id_prefix: str) -> Iterator[Article | Reject]:
    """One Article (raw text, or HTML still to extract in ``raw``) or one Reject per line."""
    from newsfuse.ingest.html import read_html
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
        if isinstance(rec.get("text"), str) and rec["text"].strip():
            article: Article | Reject = read_text(rec["text"], id=aid, path=where)
        elif isinstance(rec.get("html"), str) and rec["html"].strip():
            article = read_html(rec["html"], id=aid, path=where, url=url)
        else:
            yield reject(where, STAGE, E.BAD_RECORD, "no non-empty `text` or `html` field")
            continue
        if isinstance(article, Reject):
            yield article
            continue
        changes: dict[str, object] = {"format": "jsonl"}
        if published:
            changes.update(published=published, date_method="record field `published`")
        if isinstance(rec.get("title"), str) and rec["title"].strip():
            changes["title"] = rec["title"].strip()
        if url:
            changes["url"] = url
        if isinstance(rec.get("source"), str) and rec["source"].strip():
            changes.update(source=rec["source"].strip(), source_method="record field `source`")
        yield replace(article, **changes)
