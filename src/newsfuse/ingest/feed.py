"""RSS / Atom feeds: one Article per entry, from its content or summary.

A feed is parsed one entry at a time (:func:`read_feed_stream`, lxml's ``iterparse``: each
``<item>``/``<entry>`` is turned into an article when it closes, then dropped from the tree), so a
feed file of any size is read in the memory of its largest entry; the size limit is per entry
(NF106 naming ``file#N``). The parser resolves no entity (no external entity, "XXE", and no
internal one: a "billion laughs" feed expands to nothing), loads no DTD and touches no network;
it recovers from broken markup as far as it can (undefined HTML entities, unclosed tags), and a
feed that had to be recovered, or that stops, ends with one NF111 reject naming the first fault,
after the entries it got. Dates are parsed by feedparser's date parser (RFC 822, ISO 8601 and
their common variants).

An entry's HTML (``content``, else ``summary``) goes through the HTML reader; plain text is taken
as is (raw, for the cleaner). The entry's link, title and date fill ``url``, ``title`` and
``published``. Fetching linked pages is not done here (no network): ``newsfuse ingest --fetch``
does it (:mod:`newsfuse.corpus.fetch`) around :func:`read_feed`.
"""

from __future__ import annotations

import html
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, overload

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
    """Articles from the entries of the feed ``text`` (see :func:`read_feed_stream`)."""
    data = text.encode("utf-8")
    # the text is already decoded: a declaration naming another encoding no longer holds
    data = _DECLARED.sub(b"", data, count=1)
    yield from read_feed_stream(io.BytesIO(data), name=name, defer=defer)


_DECLARED = re.compile(rb"\A\s*<\?xml[^>]*\?>")
#: the entry elements (RSS 0.9x/2.0 and RDF ``item``, Atom ``entry``) and the feed's own
_ENTRY = frozenset({"item", "entry"})
_FEED = frozenset({"channel", "feed"})
_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"


def read_feed_stream(
    stream: BinaryIO, *, name: str, defer: bool = False, max_bytes: int = 50_000_000
) -> Iterator[Article | Reject | PendingHtml]:
    """Articles from the entries of the feed read from ``stream`` (bytes: the encoding is the
    one the feed declares), one entry at a time; NF111 when it is not a readable feed.

    An entry holding more than ``max_bytes`` characters of text is NF106 (``name#N``); the
    others are read. A feed that parses only with recovery, or not to its end, still yields the
    entries it got, then one NF111 reject naming the first fault. ``defer``: an entry's HTML
    comes out as a :class:`PendingHtml`, to extract later.
    """
    from lxml import etree

    events = etree.iterparse(
        stream,
        events=("end",),
        resolve_entities=False,  # no XXE, no billion laughs: no entity is expanded
        load_dtd=False,
        no_network=True,
        huge_tree=False,  # libxml2's limits on depth and text length stay on
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )
    feed_title: str | None = None
    n = 0
    fault: str | None = None
    try:
        for _, el in events:
            tag = _local(el.tag)
            if tag == "title" and feed_title is None:
                parent = el.getparent()
                if parent is not None and _local(parent.tag) in _FEED:
                    feed_title = _text(el).strip() or None
            if tag not in _ENTRY:
                continue
            n += 1
            size = sum(len(t) for t in el.itertext())  # entity references counted as written
            if size > max_bytes:
                yield reject(
                    f"{name}#{n}", STAGE, E.TOO_LARGE, f"{size:,} characters > {max_bytes:,}"
                )
            else:
                yield _entry_article(
                    _entry(el), name=name, index=n, feed_title=feed_title, defer=defer
                )
            _drop(el)
    except etree.XMLSyntaxError as exc:
        fault = str(exc)
    except (OSError, EOFError, zlib.error) as exc:  # the stream itself (a cut gzip file)
        fault = f"unreadable: {exc}"
    if fault is None and events.error_log:
        fault = str(events.error_log[0].message).strip()
    if n == 0:
        yield reject(name, STAGE, E.BAD_FEED, fault or "no entries")
    elif fault is not None:
        yield reject(name, STAGE, E.BAD_FEED, f"read {n} entries, with a fault: {fault}")


def _local(tag: Any) -> str:
    """An element's name without its namespace ("" for comments and entities)."""
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _text(el: Any) -> str:
    """An element's text, its children's included. An entity reference left unexpanded is
    replaced by the character an HTML entity of that name stands for (``&nbsp;``: U+00A0, as
    feeds often write HTML entities that XML does not define), else by nothing."""
    from lxml import etree

    parts = [el.text or ""]
    for child in el:
        if isinstance(child, etree._Entity):
            ref = f"&{child.name};"
            value = html.unescape(ref)
            parts.append("" if value == ref else value)
        elif isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _drop(el: Any) -> None:
    """Free an entry once read: its content, and the entries before it, leave the tree."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _entry(el: Any) -> dict[str, Any]:
    """The fields of one ``<item>``/``<entry>`` element, named as feedparser names them."""
    from feedparser.datetimes import _parse_date

    out: dict[str, Any] = {}
    content: list[dict[str, str]] = []
    guid = None
    for child in el:
        tag = _local(child.tag)
        if not tag:
            continue
        if tag == "title" and "title" not in out:
            out["title"] = _text(child)
        elif tag == "link":
            href = child.get("href")
            if href is None and "link" not in out:
                out["link"] = _text(child).strip()
            elif href and child.get("rel", "alternate") == "alternate" and "link" not in out:
                out["link"] = href.strip()
        elif tag == "guid" and child.get("isPermaLink", "true") != "false":
            guid = _text(child).strip()
        elif tag == "encoded" and child.tag.startswith("{" + _CONTENT_NS):
            content.append({"value": _text(child), "type": "text/html"})
        elif tag == "content":
            content.append(_atom_content(child))
        elif tag in {"description", "summary"} and "summary" not in out:
            out["summary"] = _atom_content(child)["value"]
        elif tag in {"pubdate", "published", "issued", "date", "updated", "modified"}:
            key = "updated_parsed" if tag in {"updated", "modified"} else "published_parsed"
            parsed = _parse_date(_text(child).strip())
            if parsed and key not in out:
                out[key] = parsed
    if not out.get("link") and guid and guid.startswith(("http://", "https://")):
        out["link"] = guid
    out["content"] = content
    return out


def _atom_content(el: Any) -> dict[str, str]:
    """An Atom ``content``/``summary`` (or an RSS description): its value and type; XHTML
    content is the markup of its children."""
    from lxml import etree

    kind = (el.get("type") or "").lower()
    # markup as children (not an entity reference first: "&nbsp;Text" is text)
    if kind == "xhtml" or (
        kind == "" and len(el) and el.text is None and isinstance(el[0].tag, str)
    ):
        inner = "".join(
            etree.tostring(c, encoding="unicode", method="xml", with_tail=True) for c in el
        )
        return {"value": inner, "type": "text/html"}
    return {"value": _text(el), "type": "text/html" if "html" in kind else kind or "text/plain"}


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
