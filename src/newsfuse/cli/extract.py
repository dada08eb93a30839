"""``newsfuse extract``: read and clean articles, one JSON record per article (no spaCy).

Each record has ``id, source, title, url, published, text, removed`` (``removed`` lists every line
the cleaner dropped, with its reason). Rejected inputs go to stderr as ``[NFxxx]`` lines and make
the exit code 1.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO, TypeVar

import typer

from newsfuse.cli.options import (
    ConfigOption,
    check_output,
    parse_date,
    resolve_cli,
    resolve_given,
    write_error,
)
from newsfuse.config import BY_NAME, Resolved, Settings
from newsfuse.model import Article, Reject

if TYPE_CHECKING:
    from newsfuse.ingest.html import PendingHtml

FORMATS = ("jsonl", "json")
T = TypeVar("T")


def article_record(article: Article) -> dict[str, object]:
    """The JSON record of one cleaned article."""
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "text": article.text,
        "removed": [{"line": r.line, "reason": r.reason} for r in article.removed],
        "language": article.language,
        "notes": list(article.notes),
    }


@dataclass(frozen=True, slots=True)
class ExtractStage:
    """Worker stage of ``extract --jobs N``: HTML pages extracted; any other item passes
    through, to be cleaned in the calling process. One ``(item, extracted_page)`` per item."""

    name: str = "extract"

    def share(self) -> None:
        """Import the extractors in the process that forks the workers: each would otherwise
        import them again (about 0.3 s of CPU each)."""
        import htmldate  # noqa: F401
        import trafilatura  # noqa: F401

    def setup(self) -> None:
        return None

    def __call__(
        self, context: None, chunk: list[Article | Reject | PendingHtml]
    ) -> list[tuple[Article | Reject, bool]]:
        from newsfuse.ingest.html import PendingHtml

        out: list[tuple[Article | Reject, bool]] = []
        for item in chunk:
            if isinstance(item, PendingHtml):
                art = item.extract()
                out.append((art, isinstance(art, Article)))
            else:
                out.append((item, False))
        return out


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


#: pages per chunk sent to a worker: small, so the two workers stay evenly loaded
CHUNK = 4


def extract(paths: Sequence[str], settings: Settings, jobs: int = 1) -> Iterator[Article | Reject]:
    """Read every input and clean it (outlet templates are learned across all inputs);
    ``settings.published`` fills in the date of articles that have none.

    ``jobs > 1``: HTML pages are extracted by that many worker processes, in input order; the
    output is the same as with one process. The language model (about 1 s to load, mostly LZMA
    decompression, which releases the GIL) loads in a thread while the first pages are read and
    extracted."""
    if jobs > 1:
        yield from _extract_parallel(paths, settings, jobs)
        return
    from newsfuse.clean import clean_articles
    from newsfuse.ingest import read_inputs
    from newsfuse.ingest.language import LanguageDetector, with_language

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="langid") as pool:
        loading = pool.submit(LanguageDetector.load)
        for item in clean_articles(read_inputs(list(paths), settings)):
            if isinstance(item, Article):
                item = with_language(item, loading.result())
            yield _given_date(item, settings)


def _given_date(item: Article | Reject, settings: Settings) -> Article | Reject:
    if isinstance(item, Article) and item.published is None and settings.published:
        return replace(item, published=settings.published, date_method="given")
    return item


def _extract_parallel(
    paths: Sequence[str], settings: Settings, jobs: int
) -> Iterator[Article | Reject]:
    """The workers extract the pages; meanwhile this process loads the language model (in a
    thread) and detects the language of each extracted page as its chunk comes back (a page's
    text is final: the plain-text cleaner passes extracted pages through). Other articles get
    theirs after cleaning, as with one process."""
    from newsfuse.clean import clean_articles
    from newsfuse.executors import LocalExecutor
    from newsfuse.ingest import finish_article, read_inputs
    from newsfuse.ingest.language import LanguageDetector, with_language
    from newsfuse.ingest.source import load_registry

    registry = load_registry()
    items = read_inputs(list(paths), settings, finish=False, extract=False)
    done: list[bool] = []
    read: list[Article | Reject] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="langid") as pool:
        loading: list[Future[LanguageDetector]] = []

        def detector() -> LanguageDetector:
            if not loading:
                loading.append(pool.submit(LanguageDetector.load))
            return loading[0].result()

        def feed() -> Iterator[list[Article | Reject | PendingHtml]]:
            for n, chunk in enumerate(_chunks(items, CHUNK)):
                if n == 1 and not loading:
                    # the pool forks its workers at the first chunk's submit: the loading thread
                    # starts after, so no fork happens while it runs
                    loading.append(pool.submit(LanguageDetector.load))
                yield chunk

        for chunk in LocalExecutor(jobs).map_chunks(ExtractStage(), feed()):
            for item, page in chunk:
                if isinstance(item, Article):
                    item = finish_article(item, settings, registry)
                    if page:
                        item = with_language(item, detector())
                read.append(item)
                done.append(page)
        for item, page in zip(clean_articles(read), done, strict=True):
            if isinstance(item, Article) and not page:
                item = with_language(item, detector())
            yield _given_date(item, settings)


def write_records(items: Iterable[Article | Reject], fmt: str, out: TextIO) -> tuple[int, int]:
    """Write the articles as JSON Lines or one JSON list; report rejects; return how many
    articles were written and how many inputs were rejected."""
    rejected = written = 0
    records = []
    for item in items:
        if isinstance(item, Reject):
            rejected += 1
            typer.echo(f"newsfuse: rejected {item.message()}", err=True)
            continue
        written += 1
        rec = article_record(item)
        if fmt == "jsonl":
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            records.append(rec)
    if fmt == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    return written, rejected


def register(app: typer.Typer) -> None:
    """Add the ``extract`` command to ``app``."""

    @app.command("extract")
    def extract_cmd(
        ctx: typer.Context,
        paths: Annotated[
            list[str],
            typer.Argument(help="Files or folders (text, HTML, JSONL, feeds, WARC); - for stdin."),
        ],
        fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or json.")] = "jsonl",
        source: Annotated[str | None, typer.Option(help=BY_NAME["source"].help)] = None,
        published: Annotated[str | None, typer.Option(help=BY_NAME["published"].help)] = None,
        output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
        max_bytes: Annotated[
            int,
            typer.Option(help="Largest article: a file, one JSONL line or one WARC record."),
        ] = 50_000_000,
        jobs: Annotated[
            int,
            typer.Option(
                "--jobs", "-j", help="worker processes extracting HTML pages (0: all cores)"
            ),
        ] = 0,
        config: ConfigOption = None,
    ) -> None:
        """Read and clean articles; print one JSON record per article (no NLP).

        Exit codes: 0 all inputs used, 1 some rejected, 2 nothing could be read."""
        if fmt not in FORMATS:
            raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
        resolved = resolve_cli(
            ctx,
            config,
            [
                ("source", "source", source),
                ("published", "published", parse_date(published)),
                ("max_bytes", "max_bytes", max_bytes),
                ("jobs", "jobs", jobs),
            ],
        )
        if resolved.settings.max_bytes < 1:
            raise typer.BadParameter("--max-bytes must be positive")
        run(paths, fmt, output, resolved)


def run(paths: Sequence[str], fmt: str, output: Path | None, resolved: Resolved) -> None:
    """The ``extract`` command once its options are read: the records written, ``typer.Exit``
    with the exit code."""
    check_output(output)  # NF203 before any work
    items = extract(paths, resolved.settings, resolved.jobs_or_all_cores())
    if output is None:
        written, rejected = write_records(items, fmt, sys.stdout)
    else:
        try:
            with output.open("w", encoding="utf-8") as fh:
                written, rejected = write_records(items, fmt, fh)
        except OSError as exc:
            raise write_error(output, exc) from None
    if not written:
        typer.echo("newsfuse: [NF201] no readable article - hint: see the rejects above", err=True)
        raise typer.Exit(2)
    raise typer.Exit(1 if rejected else 0)


#: the options of ``extract`` that :func:`quick_args` reads, each to its parameter's name
QUICK_FLAGS = {
    "--format": "fmt",
    "-f": "fmt",
    "--source": "source",
    "--published": "published",
    "--output": "output",
    "-o": "output",
    "--max-bytes": "max_bytes",
    "--jobs": "jobs",
    "-j": "jobs",
    "--config": "config",
}
_QUICK_INTS = ("max_bytes", "jobs")


def quick_args(args: Sequence[str]) -> tuple[list[str], dict[str, str]] | None:
    """The paths and the options (parameter name -> value) of a plain ``extract`` argument
    list: paths, and the options of :data:`QUICK_FLAGS` as ``--name value``, ``--name=value``
    or ``-x value``, each at most once, each value a non-empty string not starting with ``-``
    (the integers: ASCII digits). None for anything else (``--help``, ``--``, an unknown or
    repeated option, ``-fjson``, no path): the command line parser reads those."""
    paths: list[str] = []
    opts: dict[str, str] = {}
    rest = iter(args)
    for arg in rest:
        if arg == "-" or not arg.startswith("-"):
            paths.append(arg)
            continue
        flag, eq, value = arg.partition("=")
        name = QUICK_FLAGS.get(flag)
        if name is None or name in opts or (eq and not flag.startswith("--")):
            return None
        if not eq:
            value = next(rest, "")
        if not value or value.startswith("-"):
            return None
        if name in _QUICK_INTS and not (value.isascii() and value.isdigit() and len(value) < 19):
            return None
        opts[name] = value
    return (paths, opts) if paths else None


def quick(args: Sequence[str]) -> int | None:
    """Run ``newsfuse extract ARGS`` without the command line parser (Typer builds a Pydantic
    validator per option, about 0.13 s of CPU at each start, a tenth of what extracting a page
    costs): the exit code, or None when :func:`quick_args` does not read ``args`` or a value
    is bad (a format, a date, ``max_bytes`` under 1): the parser then runs the command and
    reports it. The same settings and the same run as through the parser (tested)."""
    parsed = quick_args(args)
    if parsed is None:
        return None
    paths, opts = parsed
    fmt = opts.get("fmt", "jsonl")
    if fmt not in FORMATS:
        return None
    try:
        published = date.fromisoformat(opts["published"]) if "published" in opts else None
    except ValueError:
        return None
    flags = [
        ("source", "source", opts.get("source")),
        ("published", "published", published),
        ("max_bytes", "max_bytes", int(opts.get("max_bytes", "0"))),
        ("jobs", "jobs", int(opts.get("jobs", "0"))),
    ]
    config = Path(opts["config"]) if "config" in opts else None
    output = Path(opts["output"]) if "output" in opts else None
    try:
        resolved = resolve_given(config, [f for f in flags if f[1] in opts])
        if resolved.settings.max_bytes < 1:
            return None
        run(paths, fmt, output, resolved)
    except typer.Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:  # as the parser's command does
        return 130
    except BrokenPipeError:  # the reader went away (``| head``): quietly, as the parser does
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 0
