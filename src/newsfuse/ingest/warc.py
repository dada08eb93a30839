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
from typing import TYPE_CHECKING, Any, BinaryIO

from newsfuse.errors import E, reject
from newsfuse.ingest.files import content_id
from newsfuse.model import Article, Reject, Stage

if TYPE_CHECKING:
    from newsfuse.ingest.html import PendingHtml

STAGE: Stage = "read"


#: the per-record limit when none is given (the default of ``--max-bytes``)
MAX_RECORD_BYTES = 50_000_000
#: compressed bytes warcio decompresses at once: gzip expands at most about 1,000 times, so one
#: read holds at most about 4 MB however large the record (warcio's default, 16 KiB, allows 16 MB)
BLOCK_BYTES = 4096


def read_warc(
    data: bytes | BinaryIO,
    *,
    name: str,
    defer: bool = False,
    max_bytes: int = MAX_RECORD_BYTES,
) -> Iterator[Article | Reject | PendingHtml]:
    """Articles from the HTML responses of a WARC (gzipped or not); NF112 on a bad file.

    The file is streamed: one record's body at a time is held in memory, at most ``max_bytes``
    of it; a record whose body is larger is rejected (NF106, named ``file@offset``) and the rest
    of it is skipped unread into memory, so a decompression bomb costs time, not memory.
    ``defer``: each page comes out as a :class:`PendingHtml`, to extract later."""
    from warcio.archiveiterator import ArchiveIterator

    stream = _Watched(io.BytesIO(data) if isinstance(data, bytes) else data)
    n = records = 0
    try:
        it = ArchiveIterator(stream, block_size=BLOCK_BYTES)
        for record in it:
            records += 1
            if not record.rec_type:
                raise ValueError("a record without WARC-Type")
            body = record.content_stream().read(max_bytes + 1)
            offset = it.get_record_offset()  # reads the rest of the record, a piece at a time
            if len(body) > max_bytes:
                detail = f"a record body over {max_bytes:,} bytes (uncompressed)"
                yield reject(f"{name}@{offset}", STAGE, E.TOO_LARGE, detail)
                continue
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
    stream.read_rest()
    if records == 0:
        yield reject(name, STAGE, E.BAD_WARC, "no WARC record found")
    elif (fault := stream.gzip_fault()) is not None:
        yield reject(name, STAGE, E.BAD_WARC, f"after {records} records ({n} HTML): {fault}")


class _Watched(io.RawIOBase):
    """A stream read through as is, whose gzip members (when it is gzipped) are checked on the
    way: a member cut short or holding bad data is a damaged file, which warcio does not say.
    The check decompresses into a small bounded buffer and drops the output."""

    PIECE = 1 << 16

    def __init__(self, inner: BinaryIO) -> None:
        self.inner = inner
        self.gzipped: bool | None = None
        self.d: Any = None
        self.members = 0
        self.fault: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        data = self.inner.read(len(buf))
        buf[: len(data)] = data
        if data:
            self._check(data)
        return len(data)

    def read_rest(self) -> None:
        """Read what warcio left unread (nothing, or the end of a damaged file)."""
        while self.gzipped and self.read(1 << 20):
            pass

    def _check(self, data: bytes) -> None:
        if self.gzipped is None:
            self.gzipped = data.startswith(b"\x1f\x8b")
        if not self.gzipped or self.fault is not None:
            return
        while data:
            if self.d is None:
                self.d = zlib.decompressobj(31)
            try:
                self.d.decompress(data, self.PIECE)
                while self.d.unconsumed_tail and not self.d.eof:
                    self.d.decompress(self.d.unconsumed_tail, self.PIECE)
            except zlib.error as exc:
                self.fault = f"bad gzip data in member {self.members + 1}: {exc}"
                return
            if not self.d.eof:
                return
            self.members += 1
            data = self.d.unused_data
            self.d = None

    def gzip_fault(self) -> str | None:
        """Why the gzipped stream is damaged, or None when it is whole (or not gzipped)."""
        if self.fault is None and self.d is not None:
            return f"gzip member {self.members + 1} is truncated"
        return self.fault


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
