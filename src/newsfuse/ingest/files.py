"""Turning paths into checked, decoded inputs: size limits, binary sniffing, encodings.

Each function returns a value or a :class:`~newsfuse.model.Reject` that names the input and says
why; nothing is dropped silently.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

from newsfuse.errors import E, reject
from newsfuse.model import Reject, Stage

STAGE: Stage = "read"


@dataclass(frozen=True, slots=True)
class RawInput:
    """Bytes of one input, where they came from, and the format they look like."""

    name: str  # the path as given, or "-" / "<stdin>"
    data: bytes
    path: Path | None


def expand_paths(paths: list[str] | tuple[str, ...]) -> Iterator[str | Reject]:
    """Yield file paths (folders walked recursively, sorted; hidden files skipped) or Rejects.

    Only regular files are read: a FIFO, device or socket (named directly or found in a folder)
    is refused with NF115 without being opened (opening a FIFO would wait for a writer).
    A symbolic link to a folder is followed, once: a link back to a folder already walked (a
    loop) is named with NF102 and not walked again."""
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            found = 0
            for f in _walk(path, {}):
                found += 1
                if isinstance(f, Reject):
                    yield f
                else:
                    yield str(f) if f.is_file() else _not_regular(str(f))
            if not found:  # nothing to read, said so (hidden files are skipped)
                yield reject(p, STAGE, E.EMPTY, "a folder without files (hidden ones skipped)")
        elif path.exists():
            yield str(path) if path.is_file() else _not_regular(str(path))
        elif path.is_symlink():
            yield reject(p, STAGE, E.NOT_FOUND, "a symbolic link to nothing")
        else:
            yield reject(p, STAGE, E.NOT_FOUND)


def _walk(folder: Path, seen: dict[tuple[int, int], Path]) -> Iterator[Path | Reject]:
    """The entries of ``folder`` that are not folders (hidden ones skipped), in name order,
    those of its sub-folders in place; a folder is walked once (``seen``: device and inode, and
    the path it was walked as), so a symbolic link loop ends with a reject that names it."""
    try:
        st = folder.stat()
        key = (st.st_dev, st.st_ino)
        if key in seen:
            what = "a symbolic link to a folder" if folder.is_symlink() else "a folder"
            detail = f"{what} walked already, as {seen[key]}: its files are read once"
            yield reject(str(folder), STAGE, E.UNREADABLE, detail)
            return
        seen[key] = folder
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:  # a folder without permission, gone since the walk began
        yield reject(str(folder), STAGE, E.UNREADABLE, exc.strerror or str(exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()  # through a symbolic link too
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(Path(entry.path), seen)
        else:
            yield Path(entry.path)


def _not_regular(name: str) -> Reject:
    try:
        mode = os.stat(name).st_mode
    except OSError as exc:  # a symbolic link loop, a file gone since the walk
        return reject(name, STAGE, E.UNREADABLE, exc.strerror or str(exc))
    kind = (
        "a FIFO"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    return reject(name, STAGE, E.NOT_REGULAR, kind)


#: how much of an input is looked at to tell its format and whether it is binary
HEAD_BYTES = 8192


class _Prefixed(io.RawIOBase):
    """The bytes ``head`` already read from ``rest``, then the rest of ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        if self._head:
            n = min(len(buf), len(self._head))
            buf[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buf))
        buf[: len(data)] = data
        return len(data)


@dataclass(slots=True)
class OpenInput:
    """One input opened for streaming: its first bytes (``head``) and a stream of all of it
    (the head included), gunzipped for ``.gz`` files other than ``.warc.gz``."""

    name: str  # the path as given, or "<stdin>"
    path: Path | None
    head: bytes
    stream: BinaryIO  # an io.BufferedReader
    closers: tuple[Any, ...] = ()

    def close(self) -> None:
        for c in self.closers:
            c.close()

    def read_all(self, max_bytes: int) -> RawInput | Reject:
        """The whole input when it is at most ``max_bytes`` long (NF106 otherwise)."""
        try:
            data = self.stream.read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:
            return reject(self.name, STAGE, E.UNREADABLE, _read_error(self.name, exc))
        if len(data) > max_bytes:
            what = "uncompressed" if self.name.endswith(".gz") else ""
            detail = " ".join(x for x in (f"more than {max_bytes:,} bytes", what) if x)
            return reject(self.name, STAGE, E.TOO_LARGE, detail)
        return RawInput(self.name, data, self.path)


def _read_error(name: str, exc: BaseException, gunzipped: bool = False) -> str:
    if (gunzipped or name.endswith(".gz")) and not isinstance(exc, PermissionError):
        return f"bad gzip data: {exc}"
    return getattr(exc, "strerror", None) or str(exc)


def open_input(name: str) -> OpenInput | Reject:
    """Open a file (or stdin for "-") to be read as a stream; its first bytes are read here."""
    if name == "-":
        raw: BinaryIO = sys.stdin.buffer
        closers: tuple[Any, ...] = ()
        label, path = "<stdin>", None
    else:
        path = Path(name)
        label = name
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                return _not_regular(name)
            if not os.access(path, os.R_OK):
                return reject(name, STAGE, E.UNREADABLE, "permission denied")
            fh = open(path, "rb")  # noqa: SIM115 - closed by OpenInput.close
        except OSError as exc:
            return reject(name, STAGE, E.UNREADABLE, exc.strerror or str(exc))
        raw, closers = fh, (fh,)
        if name.endswith(".gz") and not name.endswith(".warc.gz"):
            raw = cast(BinaryIO, gzip.GzipFile(fileobj=fh))  # a binary file, typed apart
            closers = (raw, fh)
    gunzipped = name.endswith(".gz") and not name.endswith(".warc.gz")
    try:
        head = _read_up_to(raw, HEAD_BYTES)
        if (
            path is None
            and head.startswith(GZIP_MAGIC)
            and gunzip_peek(head)[:5].lower() != b"warc/"
        ):
            # gzipped text, HTML, JSONL or a feed on stdin is read through gzip; a gzipped WARC
            # stays as it is (warcio reads its members one record at a time)
            raw = cast(BinaryIO, gzip.GzipFile(fileobj=io.BufferedReader(_Prefixed(head, raw))))
            closers, gunzipped = (raw,), True
            head = _read_up_to(raw, HEAD_BYTES)
    except (OSError, EOFError, zlib.error) as exc:
        for c in closers:
            c.close()
        return reject(label, STAGE, E.UNREADABLE, _read_error(label, exc, gunzipped))
    stream = io.BufferedReader(_Prefixed(head, raw), buffer_size=1 << 16)
    return OpenInput(label, path, head, stream, closers)


GZIP_MAGIC = b"\x1f\x8b"


def gunzip_peek(data: bytes, n: int = 64) -> bytes:
    """The first ``n`` bytes ``data`` (the start of a gzip stream) decompresses to; b"" when it
    is not gzip data."""
    try:
        return zlib.decompressobj(31).decompress(data, n)
    except zlib.error:
        return b""


def _read_up_to(stream: BinaryIO, n: int) -> bytes:
    parts: list[bytes] = []
    got = 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def read_bytes(name: str, max_bytes: int) -> RawInput | Reject:
    """Read a file (or stdin for "-") within ``max_bytes``, gunzipping ``.gz`` files."""
    opened = open_input(name)
    if isinstance(opened, Reject):
        return opened
    try:
        return opened.read_all(max_bytes)
    finally:
        opened.close()


def looks_binary(data: bytes, *, nul: bool = True) -> bool:
    """Whether the first 8 KiB look binary: more than 1% of them NUL bytes (unless ``nul`` is
    off, or the text starts with a UTF-16 or UTF-32 byte order mark), or more than 5% control
    characters, NULs among them. A stray NUL in a text is kept, replaced by U+FFFD with a note
    (NF114), as in every reader."""
    return binary_reason(data, nul=nul) is not None


def binary_reason(data: bytes, *, nul: bool = True) -> str | None:
    """Why ``data`` looks binary (see :func:`looks_binary`), or None when it does not."""
    head = data[:8192]
    if not head:
        return None
    nuls = head.count(0) if nul and not head.startswith(_UNICODE_BOMS) else 0
    if nuls * 100 > len(head):
        if (
            head[1::2].count(0) * 10 > len(head[1::2]) * 9
            or head[::2].count(0) * 10 > len(head[::2]) * 9
        ):
            return "NUL bytes at every other place: UTF-16 without a byte order mark?"
        return f"{nuls} NUL bytes in the first {len(head):,} bytes"
    controls = len(head) - len(head.translate(None, _CONTROLS)) + nuls  # counted in C
    if controls * 20 > len(head):
        return f"{controls} control bytes in the first {len(head):,} bytes"
    return None


_UNICODE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


#: the control bytes :func:`binary_reason` counts besides NULs (tab, newlines, form feed and
#: escape are text)
_CONTROLS = bytes(b for b in range(32) if b not in (0, 9, 10, 12, 13, 27))


def _bytes_as_cp1252(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the bytes UTF-8 refused, read as Windows-1252 (a byte that code page
    does not define raises, as a strict Windows-1252 decoding would)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("cp1252"), exc.end


_MIXED = "newsfuse-utf8-else-cp1252"
codecs.register_error(_MIXED, _bytes_as_cp1252)


def decode_noted(name: str, data: bytes) -> tuple[str, str | None] | Reject:
    """The text of ``data`` (see :func:`decode`) and a numbered note when it mixed encodings.

    Bytes that are not UTF-8 are read as Windows-1252 one at a time, and the valid UTF-8 around
    them stays UTF-8: a Windows-1252 file reads as before, and a UTF-8 file with a pasted
    Windows-1252 passage keeps its UTF-8 letters (read whole as Windows-1252, every "é" of it
    became "Ã©"). Such a file is kept with the note NF124."""
    if not data.strip():
        return reject(name, STAGE, E.EMPTY)
    for bom, codec in _UNICODE_CODECS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                return reject(name, STAGE, E.UNDECODABLE, str(exc))
            if not text.strip():  # its blanks are not blank bytes: NUL halves them
                detail = f"a {codec.upper()} byte order mark and nothing else but white space"
                return reject(name, STAGE, E.EMPTY, detail)
            return text, None
    if (why := binary_reason(data)) is not None:
        return reject(name, STAGE, E.BINARY, why)
    body = data.removeprefix(codecs.BOM_UTF8)
    if not body.strip():  # a byte order mark and nothing else
        return reject(name, STAGE, E.EMPTY, "a UTF-8 byte order mark and nothing else")
    try:
        return decode_mixed(body)
    except UnicodeDecodeError:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as utf8_error:
            detail = f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor Windows-1252"
            return reject(name, STAGE, E.UNDECODABLE, detail)
        raise


def mixed_note(first: int) -> str:
    """The NF124 note of a text whose first byte that is not UTF-8 is at offset ``first``."""
    return f"[{E.MIXED_ENCODING.code}] {E.MIXED_ENCODING.text} (the first at byte {first})"


def decode_mixed(data: bytes) -> tuple[str, str | None]:
    """``data`` as UTF-8 where it is, Windows-1252 for each byte that is not, and the NF124
    note when both occur (raises UnicodeDecodeError for a byte neither reads)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as utf8_error:
        text = data.decode("utf-8", errors=_MIXED)
        try:
            plain: str | None = data.decode("cp1252")
        except UnicodeDecodeError:
            plain = None
        return text, None if text == plain else mixed_note(utf8_error.start)


def decode(name: str, data: bytes) -> str | Reject:
    """Decode text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 for the
    bytes that are not UTF-8 (:func:`decode_noted`, whose note this leaves out)."""
    out = decode_noted(name, data)
    return out if isinstance(out, Reject) else out[0]


def content_id(text: str) -> str:
    """A stable id from content: the first 16 hex digits of its SHA-1."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def sniff_format(name: str, data: bytes) -> str:
    """ "jsonl", "html", "feed", "warc" or "text", from the file name, then the first bytes."""
    lower = name.lower().removesuffix(".gz")
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lower.endswith((".warc", ".arc")):
        return "warc"
    if lower.endswith((".rss", ".atom")):
        return "feed"
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    head = _sniffable(data[:2048]).lstrip().lower()
    if head.startswith(b"warc/"):
        return "warc"
    if b"<rss" in head or (b"<feed" in head and b"xmlns" in head) or b"<rdf:rdf" in head:
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        return "html"
    if lower.endswith(".xml"):
        return "feed"
    if head.startswith(b"{") and (lower.endswith(".json") or _json_line(_sniffable(data))):
        return "jsonl"
    return "text"


def _sniffable(data: bytes) -> bytes:
    """The first bytes of an input as its format is told from: without a UTF-8 byte order
    mark, as UTF-8 when they are UTF-16 or UTF-32 with a byte order mark (an HTML page saved
    as UTF-16), and decompressed when they start a gzip stream (a gzipped WARC on stdin)."""
    if data.startswith(GZIP_MAGIC):
        return gunzip_peek(data, len(data))
    for bom, codec in _UNICODE_CODECS:
        if data.startswith(bom):
            return data.decode(codec, errors="ignore").encode("utf-8")
    return data.removeprefix(codecs.BOM_UTF8)


_UNICODE_CODECS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                   (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip


def _json_line(data: bytes) -> bool:
    """Whether the first line of ``data`` is a whole JSON object (JSON Lines on stdin, or in a
    file without an extension)."""
    import json

    first = data.lstrip().split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


#: charsets read as a file is, UTF-8 with Windows-1252 for the bytes that are not UTF-8 (a
#: page that says one and is the other reads right)
READ_BY_BYTE = frozenset(
    {"utf-8", "utf8", "windows-1252", "cp1252", "iso-8859-1", "latin1", "us-ascii", "ascii"}
)


def read_in(charset: str | None) -> str | None:
    """The codec to decode a page in that its HTTP header or ``<meta>`` says is in ``charset``:
    None for no charset, for one that names no codec, for those read by the byte
    (:data:`READ_BY_BYTE`), and for UTF-16 and UTF-32, which a page without a byte order mark is
    not (its bytes would hold NULs, rejected before; the HTML standard reads a ``<meta>`` saying
    UTF-16 as UTF-8): decoding ASCII markup as UTF-16 succeeds, into CJK characters."""
    if charset is None or charset in READ_BY_BYTE:
        return None
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        return None
    return None if codec.startswith(("utf-16", "utf-32")) else charset


META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip


def decode_body(body: bytes, ctype: str) -> tuple[str, str | None] | None:
    """The text of a response body, and a note when it mixed encodings (NF124); None when it
    is valid in no encoding tried. A byte order mark decides, then valid UTF-8 is UTF-8 (a page
    converted to UTF-8 that kept its old charset), then the charset of the HTTP header, then a
    ``<meta charset>`` of the page (a charset the bytes are not valid in, or
    that names no codec, is passed over), then UTF-8 with Windows-1252 for the bytes that are
    not UTF-8, as a file is read."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            try:
                return body.decode(codec), None
            except UnicodeDecodeError:
                return None
    try:
        return body.decode("utf-8"), None  # valid UTF-8 is UTF-8, whatever a charset claims
    except UnicodeDecodeError:
        pass
    meta = META_CHARSET.search(body[:4096])
    declared = [_charset(ctype), meta.group(1).decode("ascii").lower() if meta else None]
    for charset in declared:
        named = read_in(charset)
        if named is None:
            continue  # UTF-8 and the Windows-1252 superset are read below, by the byte
        try:
            return body.decode(named), None
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return decode_mixed(body)
    except UnicodeDecodeError:
        return None


def _charset(ctype: str) -> str | None:
    for part in ctype.split(";")[1:]:
        k, _, v = part.strip().partition("=")
        if k.lower() == "charset" and v:
            return v.strip("\"' ").lower()
    return None
