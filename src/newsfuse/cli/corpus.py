"""CLI commands for the corpus store: ``ingest``, ``stories``, ``search``."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from newsfuse.cli.options import ConfigOption, resolve_cli

if TYPE_CHECKING:
    from rich.console import Console

    from newsfuse.config import Settings
    from newsfuse.corpus.ingest import IngestReport
    from newsfuse.ingest.html import PendingHtml
    from newsfuse.model import Article, Reject
    from newsfuse.store import Store

DB_HELP = "the corpus database (SQLite)"


def register(app: typer.Typer) -> None:
    """Add ``ingest``, ``stories`` and ``search`` to ``app``."""

    @app.command("ingest")
    def ingest_cmd(
        ctx: typer.Context,
        inputs: list[str] = typer.Argument(..., help="files, folders, '-' or http(s) URLs"),
        db: Path = typer.Option(Path("newsfuse.db"), "--db", help=DB_HELP),
        jobs: int = typer.Option(0, "--jobs", "-j", help="worker processes (0: all cores)"),
        fetch: bool = typer.Option(False, "--fetch", help="fetch URLs and feeds' linked pages"),
        allow_private: bool = typer.Option(
            False, "--allow-private", help="allow fetching from private/loopback addresses"
        ),
        analyze: bool = typer.Option(False, "--analyze", help="also store the spaCy analysis"),
        batch_size: int = typer.Option(256, "--batch-size", help="articles per transaction"),
        timeout: float = typer.Option(
            10.0, "--timeout", help="seconds for one HTTP request, from connecting to the last byte"
        ),
        max_bytes: int = typer.Option(
            50_000_000,
            "--max-bytes",
            help="largest article: a file, one JSONL line or one WARC record (NF106 beyond)",
        ),
        dask: str = typer.Option(
            None,
            "--dask",
            help="run the per-article stages on Dask: a scheduler address (tcp://host:8786), "
            "or 'local' for a local Dask cluster of --jobs workers",
        ),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress on stderr"),
        config: ConfigOption = None,
    ) -> None:
        """Read articles into the corpus: duplicates found, stories updated. Exit 1 on rejects."""
        from newsfuse.corpus.ingest import WORKER_NICE, ingest_articles
        from newsfuse.errors import NewsfuseError
        from newsfuse.executors import make_executor
        from newsfuse.store import Store

        resolved = resolve_cli(
            ctx,
            config,
            [
                ("jobs", "jobs", jobs),
                ("max_bytes", "max_bytes", max_bytes),
                ("fetch.allow_private", "allow_private", allow_private),
                ("fetch.timeout", "timeout", timeout),
                ("progress", "quiet", not quiet),
            ],
        )
        if resolved.settings.max_bytes < 1:
            raise typer.BadParameter("--max-bytes must be positive")
        n_jobs = resolved.jobs_or_all_cores()
        show = resolved.settings.progress
        settings = resolved.settings.with_(jobs=n_jobs, progress=False)
        items = _inputs(inputs, settings, fetch=fetch)
        try:
            executor = make_executor(n_jobs, dask, nice=WORKER_NICE)
        except NewsfuseError as exc:
            typer.echo(f"newsfuse: {exc}", err=True)
            raise typer.Exit(2) from None
        try:
            with (
                Store(db, cache_mb=settings.store_cache_mb) as store,
                ingest_progress(show) as progress,
            ):
                before = store.counts()["stories"]
                report = ingest_articles(
                    store,
                    items,
                    settings,
                    analyze=analyze,
                    executor=executor,
                    batch_size=batch_size,
                    params=settings.cluster,
                    finish=True,
                    progress=progress,
                )
                totals = store.counts()
        except NewsfuseError as exc:  # not a store, a newer store, another ingest writing
            typer.echo(f"newsfuse: {exc}", err=True)
            raise typer.Exit(2) from None
        finally:
            executor.close()
        out = typer.echo
        out(f"read: {report.read}")
        out(f"stored: {report.stored}")
        out(f"already in the corpus: {report.already}")
        out(f"duplicates: {report.exact} exact, {report.near} near")
        # the stories the corpus gained: the refinement may split or merge stories after an
        # article was placed, so this is counted in the store, not per placed article
        out(
            f"new stories: {max(0, totals['stories'] - before)} (articles joining existing "
            f"stories: {report.joined})"
        )
        out(f"rejected: {report.n_rejects}")
        for reason, n in sorted(report.reasons().items()):
            out(f"  {n} x {reason}")
        for r in report.rejects[:20]:
            out(f"  - {r.message()}", err=True)
        out(f"corpus {db}: {totals['articles']} articles, {totals['stories']} stories")
        articles_read = report.stored + report.already + report.exact + report.near
        if report.n_rejects and not articles_read:
            typer.echo(
                "newsfuse: [NF201] no readable article - hint: see the rejects above", err=True
            )
            raise typer.Exit(2)
        if report.n_rejects:
            raise typer.Exit(1)

    @app.command("stories")
    def stories_cmd(
        db: Path = typer.Option(Path("newsfuse.db"), "--db", help=DB_HELP),
        since: str = typer.Option(None, "--since", help="only stories with articles on/after"),
        fmt: str = typer.Option("table", "--format", help="table or json"),
        limit: int = typer.Option(0, "--limit", help="at most N stories (0: all)"),
    ) -> None:
        """List stories: id, title, size, sources, first/last date, article ids."""

        with _open_store(db) as store:
            stories = store.stories(date.fromisoformat(since) if since else None)
            foreign = store.not_analysed()
        if limit:
            stories = stories[:limit]
        if fmt == "json":
            typer.echo(json.dumps([s.to_dict() for s in stories], indent=2, ensure_ascii=False))
        else:
            _print_stories(stories)
        if foreign:  # stored and clustered, but left out of every analysis and briefing
            langs = ", ".join(f"{lang}: {n}" for lang, n in sorted(foreign.items()))
            typer.echo(
                f"newsfuse: [NF121] {sum(foreign.values())} stored articles are not in English "
                f"({langs}): they are listed in their stories but not analysed or briefed",
                err=True,
            )

    @app.command("search")
    def search_cmd(
        query: str = typer.Argument(..., help='FTS5 query (words, "phrases", OR, NOT)'),
        db: Path = typer.Option(Path("newsfuse.db"), "--db", help=DB_HELP),
        limit: int = typer.Option(20, "--limit", help="at most N stories"),
        fmt: str = typer.Option("table", "--format", help="table or json"),
    ) -> None:
        """Full-text search over titles and texts; returns the matching stories."""

        with _open_store(db) as store:
            hits = store.search(query, limit=limit)
        if fmt == "json":
            typer.echo(
                json.dumps(
                    [dict(s.to_dict(), matches=n) for s, n, _ in hits], indent=2, ensure_ascii=False
                )
            )
            return
        if not hits:
            typer.echo("no matching story")
            raise typer.Exit(1)
        _print_stories([s for s, _, _ in hits], matches=[n for _, n, _ in hits])


@contextmanager
def ingest_progress(
    show: bool, console: Console | None = None
) -> Iterator[Callable[[IngestReport], None]]:
    """A Rich progress line on stderr while an ingest runs (off with --quiet): articles read,
    their rate, what became of them; yields the callback the ingest calls after each batch."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("newsfuse: ingest {task.completed:,.0f} articles"),
        TextColumn("({task.fields[rate]}/s)"),
        BarColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console or Console(stderr=True),
        transient=True,
        disable=not show,
    ) as bar:
        task = bar.add_task("reading", total=None, rate="0.0")
        start = time.perf_counter()

        def update(report: IngestReport) -> None:
            seconds = max(time.perf_counter() - start, 1e-9)
            bar.update(
                task,
                completed=report.read,
                rate=f"{report.read / seconds:.1f}",
                description=(
                    f"stored {report.stored:,}, duplicates {report.exact + report.near:,}, "
                    f"already {report.already:,}, rejected {report.n_rejects:,}"
                ),
            )

        yield update


def _open_store(db: Path) -> Store:
    """The existing store at ``db``, or a numbered message and exit code 2 (a missing store is
    never created by a command that only reads)."""
    from newsfuse.errors import NewsfuseError
    from newsfuse.store import Store

    try:
        return Store(db, create=False)
    except NewsfuseError as exc:
        typer.echo(f"newsfuse: {exc}", err=True)
        raise typer.Exit(2) from None


def _print_stories(stories: list, matches: list[int] | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for col in ("story", "title", "size", "sources", "first", "last", "articles"):
        table.add_column(col)
    if matches is not None:
        table.add_column("matches")
    for i, s in enumerate(stories):
        arts = ", ".join(s.articles[:4]) + (" ..." if len(s.articles) > 4 else "")
        row = [
            s.id,
            (s.title or "")[:60],
            str(s.size),
            ", ".join(s.sources[:4]),
            s.first or "",
            s.last or "",
            arts,
        ]
        if matches is not None:
            row.append(str(matches[i]))
        table.add_row(*row)
    Console(width=160).print(table)


def _inputs(
    inputs: list[str], settings: Settings, *, fetch: bool
) -> Iterator[Article | Reject | PendingHtml]:
    """Articles and rejects from paths (through ``read_inputs``) and URLs (only with --fetch);
    HTML pages are not extracted and the articles' outlets and wires are not detected yet (the
    ingest does both on its workers)."""
    from newsfuse.corpus.fetch import is_url, read_url
    from newsfuse.errors import E, reject
    from newsfuse.ingest import read_inputs

    paths = [p for p in inputs if not is_url(p)]
    urls = [u for u in inputs if is_url(u)]
    if paths:  # HTML extraction, outlets and wires: on the ingest's workers
        yield from read_inputs(paths, settings, finish=False, extract=False)
    if not urls:
        return
    opts = settings.fetch
    for url in urls:
        if not fetch:
            yield reject(url, "fetch", E.FETCH, "fetching is off: pass --fetch")
            continue
        yield from read_url(url, opts, defer=True)  # a page is extracted on the workers
    sys.stdout.flush()
