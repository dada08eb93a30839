"""WARC files (warcio): one Article per HTML ``response`` record, through the HTML reader.

A truncated or corrupt file yields the articles of the records read before the fault, then one
NF112 reject naming the record offset where reading stopped.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from newsfuse.errors import E, reject
from newsfuse.ingest.files import content_id
from newsfuse.model import Article, Reject

if TYPE_CHECKING:
    from newsfuse.ingest.html import PendingHtml

STAGE = "read"


def read_warc(
    data: bytes, *, name: str, defer: bool = False
) -> Iterator[Article | Reject | PendingHtml]:
    """Articles from the HTML responses of a WARC (gzipped or not); NF112 on a bad file.

    ``defer``: each page comes out as a :class:`PendingHtml`, to extract later."""
    from warcio.archiveiterator import ArchiveIterator

    stream = io.BytesIO(data)
    n = records = 0
    offset = 0
    try:
        it = ArchiveIterator(stream)
        for record in it:
            records += 1
            if not record.rec_type:
                raise ValueError("a record without WARC-Type")
            body = record.content_stream().read()  # read first: the offset needs it
            offset = it.get_record_offset()
            missing = getattr(record.raw_stream, "limit", 0)
            if missing:
                raise EOFError(f"record at byte {offset} is cut short by {missing} bytes")
            if record.rec_type != "response" or not record.http_headers:
                continue
            ctype = record.http_headers.get_header("Content-Type") or ""
            if "html" not in ctype.lower():
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            n += 1
            yield _record_article(body, ctype, url, name=name, offset=offset, defer=defer)
    except Exception as exc:  # warcio raises several kinds on truncated or corrupt input
        detail = f"stopped after {records} records ({n} HTML): {type(exc).__name__}: {exc}"
        yield reject(name, STAGE, E.BAD_WARC, detail)
        return
    if records == 0:
        yield reject(name, STAGE, E.BAD_WARC, "no WARC record found")
    elif (fault := _gzip_fault(data)) is not None:
        yield reject(name, STAGE, E.BAD_WARC, f"after {records} records ({n} HTML): {fault}")


def _gzip_fault(data: bytes) -> str | None:
    """Why a gzipped WARC is damaged (a member cut short, bad data), or None when it is whole."""
    if not data.startswith(b"\x1f\x8b"):
        return None
    rest, members = data, 0
    while rest:
        d = zlib.decompressobj(31)
        try:
            d.decompress(rest)
        except zlib.error as exc:
            return f"bad gzip data in member {members + 1}: {exc}"
        if not d.eof:
            return f"gzip member {members + 1} is truncated"
        members += 1
        rest = d.unused_data
    return None


def _charset(ctype: str) -> str:
    for part in ctype.split(";")[1:]:
        k, _, v = part.strip().partition("=")
        if k.lower() == "charset" and v:
            return v.strip("\"'")
    return "utf-8"


def _record_article(
    body: bytes, ctype: str, url: str | None, *, name: str, offset: int, defer: bool = False
) -> Article | Reject | PendingHtml:
    from newsfuse.ingest.html import html_article

    where = f"{name}@{offset}"
    try:
        html = body.decode(_charset(ctype), errors="replace")
    except LookupError:
        html = body.decode("utf-8", errors="replace")
    after = partial(_as_record, url=url)
    return html_article(
        html, id=content_id(url or html), path=where, url=url, after=after, defer=defer
    )


def _as_record(art: Article | Reject, url: str | None) -> Article | Reject:
    if isinstance(art, Reject):
        return art
    return replace(art, format="warc", url=art.url or url)
