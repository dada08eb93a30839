"""Turning paths into checked, decoded inputs: size limits, binary sniffing, encodings.

Each function returns a value or a :class:`~newsfuse.model.Reject` that names the input and says
why; nothing is dropped silently.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsfuse.errors import E, reject
from newsfuse.model import Reject

STAGE = "read"


@dataclass(frozen=True, slots=True)
class RawInput:
    """Bytes of one input, where they came from, and the format they look like."""

    name: str  # the path as given, or "-" / "<stdin>"
    data: bytes
    path: Path | None


def expand_paths(paths: list[str] | tuple[str, ...]) -> Iterator[str | Reject]:
    """Yield file paths (folders walked recursively, sorted; hidden files skipped) or Rejects."""
    for p in paths:
        if p == "-":
            yield p
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(
                f
                for f in path.rglob("*")
                if f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
            yield from (str(f) for f in files)
        elif path.exists():
            yield str(path)
        else:
            yield reject(p, STAGE, E.NOT_FOUND)


def read_bytes(name: str, max_bytes: int) -> RawInput | Reject:
    """Read a file (or stdin for "-") within ``max_bytes``, gunzipping ``.gz`` files."""
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            return reject("<stdin>", STAGE, E.TOO_LARGE, f"more than {max_bytes:,} bytes")
        return RawInput("<stdin>", data, None)
    path = Path(name)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return reject(name, STAGE, E.TOO_LARGE, f"{size:,} bytes > {max_bytes:,}")
        if not os.access(path, os.R_OK):
            return reject(name, STAGE, E.UNREADABLE, "permission denied")
        data = path.read_bytes()
    except OSError as exc:
        return reject(name, STAGE, E.UNREADABLE, exc.strerror or str(exc))
    if name.endswith(".gz") and not name.endswith(".warc.gz"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(max_bytes + 1)
        except (OSError, EOFError) as exc:
            return reject(name, STAGE, E.UNREADABLE, f"bad gzip data: {exc}")
        if len(data) > max_bytes:
            return reject(name, STAGE, E.TOO_LARGE, f"more than {max_bytes:,} bytes uncompressed")
    return RawInput(name, data, path)


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters in the first 8 KiB, mean binary."""
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05


def decode(name: str, data: bytes) -> str | Reject:
    """Decode text: UTF-8 (with or without BOM), UTF-16 with BOM, else strict Windows-1252."""
    if not data.strip():
        return reject(name, STAGE, E.EMPTY)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            return reject(name, STAGE, E.UNDECODABLE, str(exc))
    if looks_binary(data):
        return reject(name, STAGE, E.BINARY, "NUL or control bytes in the first 8 KiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return reject(
                name,
                STAGE,
                E.UNDECODABLE,
                f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor Windows-1252",
            )
        return text


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
    head = data[:2048].lstrip().lower()
    if head.startswith(b"warc/"):
        return "warc"
    if b"<rss" in head or (b"<feed" in head and b"xmlns" in head) or b"<rdf:rdf" in head:
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        return "html"
    if lower.endswith(".xml"):
        return "feed"
    if head.startswith(b"{") and lower.endswith(".json"):
        return "jsonl"
    return "text"
