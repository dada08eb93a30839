"""JSONL: one article per line, ``{"id", "text" or "html", "source", "url", "title", "published"}``."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, overload

from newsfuse.errors import E, reject
from newsfuse.ingest.files import OpenInput, content_id, decode_mixed, looks_binary
from newsfuse.ingest.valid import note, valid_text
from newsfuse.model import Article, Reject, Stage

if TYPE_CHECKING:
    from newsfuse.ingest.html import PendingHtml

STAGE: Stage = "read"


def parse_published(value: object) -> date | None:
    """A date from an ISO date or datetime string (``2022-02-26``, ``2022-02-26T15:47:00+09:00``);
    None for no value (absent, null, "" or white space); ValueError for a value that is not a
    string (a number such as ``20220226`` or ``1645833600`` is not read as a date, and not
    dropped)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ValueError(f"a {type(value).__name__}, not a YYYY-MM-DD string")
    s = value.strip()
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        return date.fromisoformat(s[:10])


@overload
def read_jsonl(
    text: str, *, name: str, id_prefix: str, defer: Literal[False] = False
) -> Iterator[Article | Reject]: ...
@overload
def read_jsonl(
    text: str, *, name: str, id_prefix: str, defer: bool
) -> Iterator[Article | Reject | PendingHtml]: ...
def read_jsonl(
    text: str, *, name: str, id_prefix: str, defer: bool = False
) -> Iterator[Article | Reject | PendingHtml]:
    """One Article (raw text, or the body extracted from the record's HTML) or one Reject per
    line of ``text``; with ``defer``, a record's HTML comes out as a :class:`PendingHtml` to
    extract later."""
    for lineno, line in enumerate(text.split("\n"), start=1):
        yield from _line(
            line, where=f"{name}:{lineno}", lineno=lineno, id_prefix=id_prefix, defer=defer
        )


def read_jsonl_stream(
    opened: OpenInput, *, id_prefix: str | None, defer: bool = False, max_bytes: int
) -> Iterator[Article | Reject | PendingHtml]:
    """:func:`read_jsonl` over a stream, one line at a time: memory is bounded by the longest
    line read (at most ``max_bytes``), not by the file. A line over ``max_bytes`` (NF106), with a
    NUL byte (NF104) or in no supported encoding (NF105) is rejected alone; ``id_prefix`` None
    (stdin): ids from the first line's content."""
    name, stream = opened.name, opened.stream
    if not opened.head.strip():
        yield reject(name, STAGE, E.EMPTY)
        return
    if looks_binary(opened.head, nul=False):
        yield reject(name, STAGE, E.BINARY, "control bytes in the first 8 KiB")
        return
    lineno = 0
    while True:
        try:
            line = stream.readline(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:
            yield reject(name, STAGE, E.UNREADABLE, f"stopped after line {lineno}: {exc}")
            return
        if not line:
            return
        lineno += 1
        where = f"{name}:{lineno}"
        if lineno == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_line(stream)
            yield reject(where, STAGE, E.TOO_LARGE, f"a line longer than {max_bytes:,} bytes")
            continue
        if b"\x00" in line:
            yield reject(where, STAGE, E.BINARY, "a NUL byte in the line")
            continue
        try:
            text, mixed = decode_mixed(line)  # Windows-1252 for the bytes that are not UTF-8
        except UnicodeDecodeError:
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as utf8_error:
                detail = (
                    f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor Windows-1252"
                )
                yield reject(where, STAGE, E.UNDECODABLE, detail)
                continue
            raise
        if id_prefix is None:
            id_prefix = content_id(text)
        notes = (mixed,) if mixed else ()
        yield from _line(
            text, where=where, lineno=lineno, id_prefix=id_prefix, defer=defer, notes=notes
        )


def _skip_line(stream: BinaryIO) -> None:
    """Read (and drop) the rest of the current line, a bounded piece at a time."""
    while True:
        more = stream.readline(1 << 20)
        if not more or more.endswith(b"\n"):
            return


_STRING_FIELDS = ("id", "text", "html", "title", "source", "url", "published")


def _line(
    line: str,
    *,
    where: str,
    lineno: int,
    id_prefix: str,
    defer: bool,
    notes: tuple[str, ...] = (),
) -> Iterator[Article | Reject | PendingHtml]:
    """The article of one JSONL line; ``notes``: what reading the line noted (NF124)."""
    from newsfuse.ingest.html import html_article
    from newsfuse.ingest.text import read_text

    if not line.strip():
        return
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        yield reject(where, STAGE, E.BAD_JSONL, f"{exc.msg} column {exc.colno}")
        return
    except RecursionError:
        yield reject(where, STAGE, E.BAD_JSONL, "nested too deeply")
        return
    if not isinstance(rec, dict):
        yield reject(where, STAGE, E.BAD_JSONL, f"{_json_kind(rec)}, not an object")
        return
    replaced = 0
    for key in _STRING_FIELDS:
        if isinstance(rec.get(key), str):
            rec[key], n = valid_text(rec[key])
            replaced += n
    aid = str(rec.get("id") or f"{id_prefix}-{lineno}")
    try:
        published = parse_published(rec.get("published"))
    except ValueError:
        yield reject(where, STAGE, E.BAD_DATE, repr(rec.get("published")))
        return
    url = rec.get("url") if isinstance(rec.get("url"), str) else None
    changes = _record_fields(rec, published, url)
    if replaced or notes:
        changes["notes"] = (*notes, note(replaced)) if replaced else notes
    if isinstance(rec.get("text"), str) and rec["text"].strip():
        yield replace(read_text(rec["text"], id=aid, path=where), **changes)
    elif isinstance(rec.get("html"), str) and rec["html"].strip():
        after = partial(_with_fields, changes=changes)
        yield html_article(rec["html"], id=aid, path=where, url=url, after=after, defer=defer)
    else:
        yield reject(where, STAGE, E.BAD_RECORD, "no non-empty `text` or `html` field")


def _json_kind(value: object) -> str:
    """What a JSON value is, in JSON's words ("an array", "a number")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    return "a number"


def _record_fields(rec: dict, published: date | None, url: str | None) -> dict[str, Any]:
    """The Article fields a record sets itself (over what the text or HTML says)."""
    changes: dict[str, Any] = {"format": "jsonl"}
    if published:
        changes.update(published=published, date_method="record field `published`")
    if isinstance(rec.get("title"), str) and rec["title"].strip():
        changes["title"] = rec["title"].strip()
    if url:
        changes["url"] = url
    if isinstance(rec.get("source"), str) and rec["source"].strip():
        changes.update(source=rec["source"].strip(), source_method="record field `source`")
    return changes


def _with_fields(article: Article | Reject, changes: dict[str, Any]) -> Article | Reject:
    return article if isinstance(article, Reject) else replace(article, **changes)
