"""RSS / Atom feeds (feedparser): one Article per entry, from its content or summary.

An entry's HTML (``content``, else ``summary``) goes through the HTML reader; plain text is taken
as is (raw, for the cleaner). The entry's link, title and date fill ``url``, ``title`` and
``published``. Fetching linked pages is not done here (no network): ``newsfuse ingest --fetch``
does it (:mod:`newsfuse.corpus.fetch`) around :func:`read_feed`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, overload

from newsfuse.errors import E, reject
from newsfuse.ingest.files import content_id
from newsfuse.model import Article, Reject, Stage

if TYPE_CHECKING:
    from newsfuse.ingest.html import PendingHtml

STAGE: Stage = "read"
_TAG_RE = re.compile(r"<[a-zA-Z/!][^>]*>")


def _entry_date(entry: dict) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return date(t.tm_year, t.tm_mon, t.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def _entry_body(entry: dict) -> tuple[str, bool]:
    """(body, is_html) from the entry's fullest content, else its summary."""
    best, is_html = "", False
    for c in entry.get("content") or []:
        value = c.get("value") or ""
        if len(value) > len(best):
            best, is_html = value, "html" in (c.get("type") or "") or bool(_TAG_RE.search(value))
    summary = entry.get("summary") or ""
    if len(summary) > len(best):
        best, is_html = summary, bool(_TAG_RE.search(summary))
    return best, is_html


@overload
def read_feed(
    text: str, *, name: str, defer: Literal[False] = False
) -> Iterator[Article | Reject]: ...
@overload
def read_feed(text: str, *, name: str, defer: bool) -> Iterator[Article | Reject | PendingHtml]: ...
def read_feed(
    text: str, *, name: str, defer: bool = False
) -> Iterator[Article | Reject | PendingHtml]:
    """Articles from the entries of the feed ``text``; NF111 when it is not a readable feed.

    A feed that parses only partly (feedparser's ``bozo``) still yields the entries it got,
    then one NF111 reject naming the fault. ``defer``: an entry's HTML comes out as a
    :class:`PendingHtml`, to extract later.
    """
    import feedparser

    parsed = feedparser.parse(text)
    entries = parsed.get("entries") or []
    fault = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        detail = str(fault) if fault else "no entries"
        yield reject(name, STAGE, E.BAD_FEED, detail)
        return
    feed_title = (parsed.get("feed") or {}).get("title")
    for i, entry in enumerate(entries, start=1):
        yield _entry_article(entry, name=name, index=i, feed_title=feed_title, defer=defer)
    if fault is not None and not _harmless(fault):
        yield reject(name, STAGE, E.BAD_FEED, f"stopped after {len(entries)} entries: {fault}")


def _harmless(fault: Exception) -> bool:
    """Encoding-declaration mismatches do not lose anything."""
    return type(fault).__name__ in {"CharacterEncodingOverride", "NonXMLContentType"}


def _entry_article(
    entry: dict, *, name: str, index: int, feed_title: str | None, defer: bool = False
) -> Article | Reject | PendingHtml:
    where = f"{name}#{index}"
    body, is_html = _entry_body(entry)
    link = entry.get("link") or None
    title = (entry.get("title") or "").strip() or None
    if not body.strip():
        return reject(where, STAGE, E.NO_BODY, "entry without content or summary")
    aid = f"{content_id(link or body)}"
    changes: dict[str, Any] = {"format": "feed", "url": link, "title": title}
    published = _entry_date(entry)
    if published:
        changes.update(published=published, date_method="feed entry date")
    after = partial(_as_entry, aid=aid, where=where, body=body, changes=changes, feed=feed_title)
    if is_html:
        from newsfuse.ingest.html import html_article

        page = f"<html><head><title>{title or ''}</title></head><body><article>{body}"
        page += "</article></body></html>"
        return html_article(page, id=aid, path=where, url=link, after=after, defer=defer)
    return after(Article(id=aid, text=body.strip(), path=where))


def _as_entry(
    art: Article | Reject,
    *,
    aid: str,
    where: str,
    body: str,
    changes: dict[str, Any],
    feed: str | None,
) -> Article | Reject:
    """The entry's article with the entry's own fields; a short HTML summary trafilatura will not
    take keeps its text for the cleaner."""
    if isinstance(art, Reject):
        plain = _TAG_RE.sub(" ", body)
        plain = re.sub(r"[ \t]+", " ", plain).strip()
        if not plain:
            return art
        art = Article(id=aid, text=plain, path=where)
    fields = {**changes, "title": changes["title"] or art.title}
    if not art.source and feed:
        fields.update(source=feed, source_method="feed title")
    return replace(art, **fields)
