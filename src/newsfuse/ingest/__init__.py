"""Reading articles from files, folders, stdin: text, HTML, JSONL, RSS/Atom feeds, WARC.

``read_inputs`` yields, in a stable order, one :class:`~newsfuse.model.Article` per article read or
one :class:`~newsfuse.model.Reject` per input (or input line) that could not be read, with the
reason. Articles come out *raw* (``raw is None``): cleaning is the next stage. Readers that
extract a body themselves (HTML) return it already clean and set ``raw``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from newsfuse.config import Settings
from newsfuse.errors import E, reject
from newsfuse.ingest.files import (
    OpenInput,
    content_id,
    decode_noted,
    expand_paths,
    open_input,
    sniff_format,
)
from newsfuse.ingest.source import Registry, detect_source, detect_wire, load_registry
from newsfuse.ingest.valid import valid_article
from newsfuse.model import Article, Reject

if TYPE_CHECKING:
    from newsfuse.ingest.html import PendingHtml

__all__ = ["read_inputs", "finish_article"]


@overload
def read_inputs(
    paths: Sequence[str],
    settings: Settings,
    registry: Registry | None = None,
    *,
    finish: bool = True,
    extract: Literal[True] = True,
) -> Iterator[Article | Reject]: ...
@overload
def read_inputs(
    paths: Sequence[str],
    settings: Settings,
    registry: Registry | None = None,
    *,
    finish: bool = True,
    extract: bool,
) -> Iterator[Article | Reject | PendingHtml]: ...
def read_inputs(
    paths: Sequence[str],
    settings: Settings,
    registry: Registry | None = None,
    *,
    finish: bool = True,
    extract: bool = True,
) -> Iterator[Article | Reject | PendingHtml]:
    """Read every path (folders recursively, ``-`` for stdin) into Articles or Rejects.

    ``finish=False`` leaves the outlet and wire detection (:func:`finish_article`) to the caller,
    e.g. to the ingest's workers. ``extract=False`` (which needs ``finish=False``) leaves the
    extraction of HTML pages (HTML files, JSONL ``html`` records, WARC responses, feed entries)
    to the caller too: they come out as :class:`~newsfuse.ingest.html.PendingHtml`, with their
    final ids."""
    if not extract and finish:
        raise ValueError("extract=False needs finish=False: outlets are found after extraction")
    registry = registry or load_registry() if finish else None
    seen_ids: set[str] = set()
    for item in expand_paths(list(paths)):
        if isinstance(item, Reject):
            yield item
            continue
        for out in _read_one(item, settings, defer=not extract):
            if isinstance(out, Reject):
                yield out
                continue
            if isinstance(out, Article):
                out = valid_article(out)
                if registry is not None:
                    out = finish_article(out, settings, registry)
            yield replace(out, id=_unique(out.id, seen_ids))


def _read_one(
    name: str, settings: Settings, *, defer: bool = False
) -> Iterator[Article | Reject | PendingHtml]:
    """The articles of one input. Containers (JSONL, WARC) are streamed record by record, the
    size limit applying to each record; any other input is read whole within the limit."""
    opened = open_input(name)
    if isinstance(opened, Reject):
        yield opened
        return
    try:
        yield from _read_opened(opened, settings, defer=defer)
    finally:
        opened.close()


def _read_opened(
    opened: OpenInput, settings: Settings, *, defer: bool
) -> Iterator[Article | Reject | PendingHtml]:
    max_bytes = settings.max_bytes
    fmt = sniff_format(opened.name, opened.head)
    if fmt == "warc":
        from newsfuse.ingest.warc import read_warc

        yield from read_warc(opened.stream, name=opened.name, defer=defer, max_bytes=max_bytes)
        return
    utf16 = opened.head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if fmt == "jsonl" and not utf16:
        from newsfuse.ingest.jsonl import read_jsonl_stream

        stem = Path(opened.name).name.split(".")[0] if opened.path else None
        yield from read_jsonl_stream(opened, id_prefix=stem, defer=defer, max_bytes=max_bytes)
        return
    if fmt == "feed" and not utf16:  # parsed one entry at a time, the limit per entry
        from newsfuse.ingest.feed import read_feed_stream

        yield from read_feed_stream(
            opened.stream, name=opened.name, defer=defer, max_bytes=max_bytes
        )
        return
    size = opened.path.stat().st_size if opened.path is not None else 0
    if size > max_bytes and not opened.name.endswith(".gz"):  # rejected from its size alone
        yield reject(opened.name, "read", E.TOO_LARGE, f"{size:,} bytes > {max_bytes:,}")
        return
    raw = opened.read_all(max_bytes)
    if isinstance(raw, Reject):
        yield raw
        return
    # a page in the legacy charset its <meta> names (Shift JIS, KOI8-R), else as any file
    declared = _declared_text(raw.data) if fmt == "html" else None
    decoded = (declared, None) if declared is not None else decode_noted(raw.name, raw.data)
    if isinstance(decoded, Reject):
        yield decoded
        return
    text, mixed = decoded  # mixed: the NF124 note of a file that mixed encodings
    stem = Path(raw.name).name.split(".")[0] if raw.path else content_id(text)
    if fmt == "jsonl":
        from newsfuse.ingest.jsonl import read_jsonl

        items = read_jsonl(text, name=raw.name, id_prefix=stem, defer=defer)
        yield from (_noted(x, mixed) for x in items)
    elif fmt == "feed":
        from newsfuse.ingest.feed import read_feed

        yield from (_noted(x, mixed) for x in read_feed(text, name=raw.name, defer=defer))
    elif fmt == "html":
        from newsfuse.ingest.html import html_article

        after = partial(_noted, note=mixed) if mixed else None
        yield html_article(text, id=stem, path=raw.name, after=after, defer=defer)
    else:
        from newsfuse.ingest.text import read_text

        yield _noted(read_text(text, id=stem, path=raw.name), mixed)


def _declared_text(data: bytes) -> str | None:
    """A page's text in the charset its ``<meta charset>`` names, when that is another than
    UTF-8 and Windows-1252 (which the file reader reads anyway: a page saying UTF-8 and sent as
    Windows-1252 reads right) and the bytes are valid in it (Shift JIS, KOI8-R, GB 2312...);
    None otherwise: for a page with a byte order mark, which decides, for valid UTF-8, and for
    an empty or binary file."""
    from newsfuse.ingest.files import META_CHARSET, binary_reason, read_in

    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return None
    if not data.strip() or binary_reason(data) is not None:
        return None  # rejected as any file is
    try:
        data.decode("utf-8")
        return None  # valid UTF-8 is UTF-8, whatever the page claims
    except UnicodeDecodeError:
        pass
    meta = META_CHARSET.search(data[:4096])
    codec = read_in(meta.group(1).decode("ascii").lower() if meta else None)
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None


def _noted(item: Any, note: str | None) -> Any:
    """``item`` with ``note`` (what reading its file noted) among its notes, when an Article;
    a page still to extract takes it when extracted."""
    if note is None or isinstance(item, Reject):
        return item
    if isinstance(item, Article):
        return replace(item, notes=(*item.notes, note))
    inner = item.after
    return replace(item, after=partial(_after_noted, inner=inner, note=note))


def _after_noted(item: Article | Reject, *, inner: Any, note: str) -> Article | Reject:
    """A page's ``after`` (``inner``), then ``note`` added (module level, so it pickles)."""
    return _noted(inner(item) if inner is not None else item, note)


def finish_article(article: Article, settings: Settings, registry: Registry) -> Article:
    """Fill in the outlet and the wire it copies, saying how each was decided."""
    raw = article.raw if article.raw is not None else article.text
    changes: dict[str, Any] = {}
    if settings.source or not article.source:
        source, method = detect_source(
            raw, registry, given=settings.source or article.source, url=article.url
        )
        changes.update(source=source, source_method=method)
    elif article.source:
        changes["source"] = registry.canonical(article.source)
    if article.wire is None:
        wire, method = detect_wire(raw, registry)
        if wire:
            changes.update(wire=wire, wire_method=method)
    return replace(article, **changes) if changes else article


def _unique(aid: str, seen: set[str]) -> str:
    out, n = aid, 2
    while out in seen:
        out, n = f"{aid}-{n}", n + 1
    seen.add(out)
    return out


def no_articles(rejects: Sequence[Reject]) -> Reject:
    return reject("input", "read", E.NO_ARTICLES, f"{len(rejects)} rejected")
