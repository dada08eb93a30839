"""WARC files (warcio): one Article per HTML ``response`` record, through the HTML reader.

A truncated or corrupt file yields the articles of the records read before the fault, then one
NF112 reject naming the record offset where reading stopped.
"""

from __future__ import annotations

import io
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from newsfuse.errors import E, reject
from newsfuse.ingest.files import binary_reason, content_id, decode_body
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
    stream = _Watched(io.BytesIO(data) if isinstance(data, bytes) else data)
    n = records = said = 0
    kinds: Counter[str] = Counter()  # the records that are not articles, by kind
    try:
        it = _Iterator(stream, block_size=BLOCK_BYTES)
        for record in it:
            records += 1
            if not record.rec_type:
                raise ValueError("a record without WARC-Type")
            body = record.content_stream().read(max_bytes + 1)
            offset = it.get_record_offset()  # reads the rest of the record, a piece at a time
            where = f"{name}@{offset}"
            cut = it.take_fault()
            if len(body) > max_bytes:
                detail = f"a record body over {max_bytes:,} bytes (uncompressed)"
                said += 1
                yield reject(where, STAGE, E.TOO_LARGE, detail)
                continue
            missing = getattr(record.raw_stream, "limit", 0)
            if missing:
                raise EOFError(f"record at byte {offset} is cut short by {missing} bytes")
            if cut:  # its Content-Length does not end it: not a whole record
                said += 1
                yield reject(where, STAGE, E.BAD_WARC, cut)
                continue
            kind = _kind(record)
            if kind in _READ:
                status = record.http_headers.get_statuscode() or ""
                if not status.startswith("2"):
                    said += 1
                    yield reject(where, STAGE, E.NOT_AN_ARTICLE, f"an HTTP {status} response")
                    continue
                n += 1
                ctype = record.http_headers.get_header("Content-Type") or ""
                url = record.rec_headers.get_header("WARC-Target-URI")
                coding = record.http_headers.get_header("Content-Encoding") or ""
                yield _record_article(
                    body,
                    ctype,
                    url,
                    name=name,
                    offset=offset,
                    defer=defer,
                    html=kind == "html",
                    coding=coding,
                )
            else:
                kinds[kind] += 1
    except Exception as exc:  # warcio raises several kinds on truncated or corrupt input
        detail = f"stopped after {records} records ({n} HTML): {type(exc).__name__}: {exc}"
        yield reject(name, STAGE, E.BAD_WARC, detail)
        return
    stream.read_rest()
    if records == 0:
        yield reject(name, STAGE, E.BAD_WARC, "no WARC record found")
    elif (fault := stream.gzip_fault()) is not None:
        yield reject(name, STAGE, E.BAD_WARC, f"after {records} records ({n} HTML): {fault}")
    elif n == 0 and said == 0:  # records, none of them an article: said, not dropped silently
        held = ", ".join(f"{k} {c}" for k, c in sorted(kinds.items()))
        detail = f"{records} records, none an HTML or plain-text response ({held})"
        yield reject(name, STAGE, E.NOT_AN_ARTICLE, detail)


#: the kinds of record read as articles: responses whose HTTP Content-Type is HTML or plain text
_READ = frozenset({"html", "text"})


def _kind(record: Any) -> str:
    """What a record holds: "html" or "text" for a response read as an article, else its
    WARC-Type (and the Content-Type of a response that is neither)."""
    if record.rec_type != "response":
        return str(record.rec_type)
    if not record.http_headers:
        return "response without HTTP headers"
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    if "html" in ctype:
        return "html"
    if ctype.split(";")[0].strip() == "text/plain":
        return "text"
    return f"response {ctype.split(';')[0].strip() or 'without Content-Type'}"


class _Iterator(ArchiveIterator):
    """warcio's iterator, with the fault it writes to stderr (a record whose Content-Length
    does not end it: not followed by the blank lines that close a record) kept as ``fault``
    for the reader to report, numbered, naming the record."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fault: str | None = None

    def take_fault(self) -> str:
        fault, self.fault = self.fault or "", None
        return fault

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        # warcio 1.8.1's method, the warning kept instead of written to stderr
        empty_size = 0
        first_line = True
        while True:
            line = self.reader.readline()
            if len(line) == 0:
                return None, empty_size
            stripped = line.rstrip()
            if len(stripped) == 0 or first_line:
                empty_size += len(line)
                if len(stripped) != 0 and self.fault is None:
                    shown = line[:60].decode("utf-8", "replace")
                    self.fault = (
                        "the record's Content-Length does not end it (it is followed by "
                        f"{shown!r}, not a blank line): left out"
                    )
                first_line = False
                continue
            return line, empty_size


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


def _record_article(
    body: bytes,
    ctype: str,
    url: str | None,
    *,
    name: str,
    offset: int,
    defer: bool = False,
    html: bool = True,
    coding: str = "",
) -> Article | Reject | PendingHtml:
    from newsfuse.ingest.html import html_article
    from newsfuse.ingest.text import read_text

    where = f"{name}@{offset}"
    if (why := binary_reason(body)) is not None:  # a content encoding warcio does not undo (br)
        encoding = f" (Content-Encoding: {coding})" if coding else ""
        return reject(where, STAGE, E.BINARY, why + encoding)
    decoded = decode_body(body, ctype)
    if decoded is None:
        detail = f"not valid in its declared charset ({ctype!r}), UTF-8 or Windows-1252"
        return reject(where, STAGE, E.UNDECODABLE, detail)
    text, mixed = decoded
    if not text.strip():
        return reject(where, STAGE, E.EMPTY, "an empty response body")
    after = partial(_as_record, url=url, note=mixed)
    if not html:
        return after(read_text(text, id=content_id(url or text), path=where))
    return html_article(
        text, id=content_id(url or text), path=where, url=url, after=after, defer=defer
    )


def _as_record(art: Article | Reject, url: str | None, note: str | None = None) -> Article | Reject:
    if isinstance(art, Reject):
        return art
    notes = (*art.notes, note) if note else art.notes
    return replace(art, format="warc", url=art.url or url, notes=notes)
