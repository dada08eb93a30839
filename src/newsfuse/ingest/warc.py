"""WARC files (warcio): one Article per HTML ``response`` record, through the HTML reader.

A truncated or corrupt file yields the articles of the records read before the fault, then one
NF112 reject naming the record offset where reading stopped.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from newsfuse.errors import E, reject
from newsfuse.ingest.files import content_id
from newsfuse.model import Article, Reject

STAGE = "read"


def read_warc(data: bytes, *, name: str) -> Iterator[Article | Reject]:
    """Articles from the HTML responses of a WARC (gzipped or not); NF112 on a bad file."""
    from warcio.archiveiterator import ArchiveIterator

    stream = io.BytesIO(data)
    n = 0
    offset = 0
    try:
        it = ArchiveIterator(stream)
        for record in it:
            offset = it.get_record_offset()
            if record.rec_type != "response":
                continue
            ctype = record.http_headers.get_header("Content-Type") if record.http_headers else None
            if not ctype or "html" not in ctype.lower():
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            body = record.content_stream().read()
            n += 1
            yield _record_article(body, ctype, url, name=name, offset=offset)
    except Exception as exc:  # warcio raises several kinds on truncated or corrupt input
        yield reject(
            name,
            STAGE,
            E.BAD_WARC,
            f"stopped at byte {offset} after {n} HTML records: {type(exc).__name__}: {exc}",
        )
        return
    if n == 0 and not data.strip():
        yield reject(name, STAGE, E.BAD_WARC, "empty file")


def _charset(ctype: str) -> str:
    for part in ctype.split(";")[1:]:
        k, _, v = part.strip().partition("=")
        if k.lower() == "charset" and v:
            return v.strip("\"'")
    return "utf-8"


def _record_article(
    body: bytes, ctype: str, url: str | None, *, name: str, offset: int
) -> Article | Reject:
    from dataclasses import replace

    from newsfuse.ingest.html import read_html

    where = f"{name}@{offset}"
    try:
        html = body.decode(_charset(ctype), errors="replace")
    except LookupError:
        html = body.decode("utf-8", errors="replace")
    art = read_html(html, id=content_id(url or html), path=where, url=url)
    if isinstance(art, Reject):
        return art
    return replace(art, format="warc", url=art.url or url)
