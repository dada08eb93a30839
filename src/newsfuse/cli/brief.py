"""``newsfuse brief`` (one story, or a JSONL of stories) and ``newsfuse analyze``."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newsfuse.cli.options import ConfigOption, check_output, cli_settings, parse_date, write_error
from newsfuse.config import BY_NAME, Settings
from newsfuse.errors import E
from newsfuse.model import Article, Reject

if TYPE_CHECKING:
    from newsfuse.embed import Encoder

FORMATS = ("markdown", "json", "html", "jsonl")


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise write_error(output, exc) from None


def _report_rejects(rejects: list[Reject] | tuple[Reject, ...]) -> None:
    for r in rejects:
        typer.echo(f"newsfuse: rejected {r.message()}", err=True)


def _report_notes(articles: Sequence[Article]) -> None:
    """What reading changed in a kept article (NF114 characters replaced, NF124 mixed
    encodings), named by its input; a language note (NF121) is listed with the rejects."""
    for a in articles:
        for note in a.notes:
            code, _, what = note.partition(" ")
            if code != f"[{E.NOT_ENGLISH.code}]":
                where = Reject(a.path or a.url or a.id, "read", what).message()
                typer.echo(f"newsfuse: note {code} {where}", err=True)


#: what a briefing does after each of its steps (the progress line names the next one)
NEXT_STEP = {
    "analyze": "encoding sentences",
    "embed": "aligning facts",
    "align": "checking dates",
    "dates": "cross-checking",
    "crosscheck": "summarizing",
    "summarize": "writing",
}


@contextmanager
def _steps(
    settings: Settings, first: str, total: int | None = len(NEXT_STEP)
) -> Iterator[Callable[[str], None]]:
    """A Rich progress line on stderr (off with --quiet); yields the callback a briefing calls
    as each step ends. Off, Rich is not imported."""
    if not settings.progress:
        yield lambda name: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("newsfuse: {task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(first, total=total)

        def step(name: str) -> None:
            bar.update(task, advance=1, description=NEXT_STEP.get(name, name))

        yield step


#: ``--jobs 0`` with ``--clusters`` uses all cores, but at most this many workers.
AUTO_JOBS_MAX = 4


def register(app: typer.Typer) -> None:
    @app.command("brief")
    def brief_cmd(
        ctx: typer.Context,
        paths: Annotated[
            list[str] | None,
            typer.Argument(
                help="Files or folders of articles (text, HTML, JSONL, feeds, WARC); - for stdin."
            ),
        ] = None,
        fmt: Annotated[
            str, typer.Option("--format", "-f", help="markdown, json, html; jsonl with --clusters.")
        ] = "markdown",
        output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
        words: Annotated[int, typer.Option(help=BY_NAME["words"].help)] = 120,
        truncate: Annotated[bool, typer.Option(help=BY_NAME["truncate"].help)] = False,
        source: Annotated[str | None, typer.Option(help=BY_NAME["source"].help)] = None,
        published: Annotated[str | None, typer.Option(help=BY_NAME["published"].help)] = None,
        clusters: Annotated[
            Path | None,
            typer.Option(
                help="JSONL, one story per line: {id, articles:[...]} or {id, documents:[...]}."
            ),
        ] = None,
        story: Annotated[
            str | None, typer.Option(help="Brief a stored story (see `stories`).")
        ] = None,
        db: Annotated[
            Path,
            typer.Option(
                help="Store for --story; with FILES, the outlets' furniture learned there by "
                "`ingest` is removed too (when the store exists)."
            ),
        ] = Path("newsfuse.db"),
        max_bytes: Annotated[int, typer.Option(help=BY_NAME["max_bytes"].help)] = 50_000_000,
        quiet: Annotated[
            bool, typer.Option("--quiet", "-q", help="No progress on stderr.")
        ] = False,
        embeddings: Annotated[bool, typer.Option(help=BY_NAME["embeddings"].help)] = True,
        config: ConfigOption = None,
        jobs: Annotated[
            int,
            typer.Option(
                "--jobs",
                "-j",
                help=(
                    "Processes (0: all cores). One story: its articles are parsed on this many "
                    "cores. --clusters: stories briefed at once (at most 4 for 0); each worker "
                    "loads the models once (~500 MB)."
                ),
            ),
        ] = 0,
        dask: Annotated[
            str | None,
            typer.Option(
                help=(
                    "Brief --clusters on Dask: a scheduler address (tcp://host:8786), or 'local' for a "
                    "local Dask cluster of --jobs workers."
                )
            ),
        ] = None,
    ) -> None:
        """Write one cited, cross-checked briefing for articles about one event.

        Exit codes: 0 all inputs used, 1 some inputs rejected (the rest were briefed),
        2 nothing could be briefed.
        """
        from newsfuse.errors import NewsfuseError

        settings = cli_settings(
            ctx,
            config,
            [
                ("words", "words", words),
                ("truncate", "truncate", truncate),
                ("source", "source", source),
                ("published", "published", parse_date(published)),
                ("max_bytes", "max_bytes", max_bytes),
                ("progress", "quiet", not quiet),
                ("embeddings", "embeddings", embeddings),
            ],
        )
        if jobs < 0:
            raise typer.BadParameter("--jobs must be 0 (all cores) or more")
        if clusters is None:
            from newsfuse.analyze.parallel import resolve_jobs

            settings = settings.with_(jobs=resolve_jobs(jobs))
        if fmt not in FORMATS:
            raise typer.BadParameter(f"--format must be one of {FORMATS}")
        try:
            check_output(output)
            if clusters is not None:
                code = _brief_clusters(clusters, settings, fmt, output, jobs, dask)
            else:
                code = _brief_one(paths or [], settings, fmt, output, story, db)
        except NewsfuseError as exc:
            typer.echo(f"newsfuse: {exc}", err=True)
            raise typer.Exit(2) from exc
        raise typer.Exit(code)

    @app.command("analyze")
    def analyze_cmd(
        ctx: typer.Context,
        paths: Annotated[list[str], typer.Argument(help="Files or folders; - for stdin.")],
        fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or json.")] = "jsonl",
        output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
        published: Annotated[
            str | None, typer.Option(help="Reference date (YYYY-MM-DD) for inputs without one.")
        ] = None,
        source: Annotated[str | None, typer.Option(help=BY_NAME["source"].help)] = None,
        jobs: Annotated[
            int,
            typer.Option(
                "--jobs",
                "-j",
                help="Processes that parse the articles (0: all cores); same output as one.",
            ),
        ] = 0,
        quiet: Annotated[
            bool, typer.Option("--quiet", "-q", help="No progress on stderr.")
        ] = False,
        config: ConfigOption = None,
    ) -> None:
        """Per article: cleaned text, sentences, entities, quotes, time expressions, amounts."""
        from newsfuse.analyze.nlp import load_nlp
        from newsfuse.analyze.parallel import analyze_jobs, resolve_jobs
        from newsfuse.api import load
        from newsfuse.render.analysis import analysis_dict

        settings = cli_settings(
            ctx,
            config,
            [
                ("published", "published", parse_date(published)),
                ("source", "source", source),
                ("progress", "quiet", not quiet),
            ],
        )
        from newsfuse.api import left_out

        check_output(output)
        loaded = load(paths, settings)
        # NF121, NF125; not NF128: analyze builds no briefing, so its story has no bound
        kept, foreign = left_out(loaded.articles, settings.max_chars)
        _report_rejects([*loaded.rejects, *foreign])
        _report_notes(kept)
        arts = [
            a
            if a.published or not settings.published
            else replace(a, published=settings.published, date_method="--published")
            for a in kept
        ]
        from newsfuse.crosscheck.entities import apply_entities, merge_entities

        if jobs < 0:
            raise typer.BadParameter("--jobs must be 0 (all cores) or more")
        nlp = load_nlp(settings.model)
        n_jobs = resolve_jobs(jobs)
        with _steps(settings, f"parsing {len(arts)} articles on {n_jobs} processes", None):
            analyses = analyze_jobs(arts, nlp, n_jobs, story=False)  # its output needs none
        if analyses:
            analyses = apply_entities(analyses, merge_entities(analyses))
        rows = [analysis_dict(an) for an in analyses]
        if fmt == "json":
            _write(json.dumps(rows, ensure_ascii=False, indent=2), output)
        else:
            _write("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), output)
        raise typer.Exit(2 if not rows else (1 if loaded.rejects or foreign else 0))


def _progress(settings: Settings, message: str) -> None:
    if settings.progress:
        typer.echo(message, err=True)


def _brief_one(
    paths: list[str], settings: Settings, fmt: str, output: Path | None, story: str | None, db: Path
) -> int:
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.api import brief_articles, load
    from newsfuse.render import render

    if fmt == "jsonl":
        raise typer.BadParameter("--format jsonl goes with --clusters")
    t0 = time.perf_counter()
    if story is not None:
        return _brief_stored(settings, fmt, output, story, db, t0)
    else:
        if not paths:
            raise typer.BadParameter("give files or folders, --clusters FILE or --story ID")
        _progress(settings, "newsfuse: reading and cleaning …")
        if db.is_file():  # the outlets' furniture the store learned from their earlier pages
            from newsfuse.store import Store

            with Store(db, create=False) as store:
                loaded = load(paths, settings, store)
        else:
            loaded = load(paths, settings)
        articles, rejects = list(loaded.articles), list(loaded.rejects)
        _report_rejects(rejects)
        _report_notes(articles)
    from newsfuse.api import left_out

    # NF121, NF125, NF128: listed
    articles, foreign = left_out(articles, settings.max_chars, settings.max_story_chars)
    _report_rejects(foreign)
    rejects += foreign
    if not articles:
        typer.echo("newsfuse: [NF201] no readable article - hint: see the rejects above", err=True)
        return 2
    _progress(settings, f"newsfuse: {len(articles)} articles; loading the language model …")
    t1 = time.perf_counter()
    nlp = load_nlp(settings.model)
    encoder = _load_encoder(settings)
    t2 = time.perf_counter()
    with _steps(
        settings, f"analysing {len(articles)} articles on {settings.jobs} processes"
    ) as step:
        b = brief_articles(
            articles,
            settings,
            nlp,
            rejects=rejects,
            story_id=story,
            encoder=encoder,
            progress=step,
        )
    # a new record with the command's own timings (a Briefing is never changed in place)
    b = replace(
        b,
        stats={
            **b.stats,
            "seconds_read": round(t1 - t0, 3),
            "seconds_model_load": round(t2 - t1, 3),
            "seconds_total": round(time.perf_counter() - t0, 3),
        },
    )
    _write(render(b, fmt, settings), output)
    _progress(
        settings,
        f"newsfuse: done in {b.stats['seconds_total']:.1f} s "
        f"(model load {b.stats['seconds_model_load']:.1f} s)",
    )
    return 1 if rejects else 0


def _brief_stored(
    settings: Settings, fmt: str, output: Path | None, story: str, db: Path, t0: float
) -> int:
    """A stored story, on the analyses and vectors the ingest kept (``api.brief_story``)."""
    from newsfuse.api import brief_story
    from newsfuse.errors import E, NewsfuseError
    from newsfuse.render import render
    from newsfuse.store import Store

    _progress(settings, f"newsfuse: briefing story {story} from {db} …")
    with Store(db, create=False) as store:  # NF119 for a missing store, never created
        if store.story(story) is None:
            raise NewsfuseError(E.NO_STORY, story, f"in {db}")
        if not store.story_articles(story):
            typer.echo("newsfuse: [NF201] no readable article in the story", err=True)
            return 2
        with _steps(settings, "reading the stored analyses") as step:
            b = brief_story(store, story, settings, progress=step)
    _report_rejects(b.rejects)  # articles left out of the briefing (NF125)
    b = replace(b, stats={**b.stats, "seconds_total": round(time.perf_counter() - t0, 3)})
    _write(render(b, fmt, settings), output)
    _progress(settings, f"newsfuse: done in {b.stats['seconds_total']:.1f} s")
    return 1 if b.rejects else 0


def _brief_clusters(
    path: Path,
    settings: Settings,
    fmt: str,
    output: Path | None,
    jobs: int = 0,
    dask: str | None = None,
) -> int:
    from rich.console import Console
    from rich.progress import Progress

    from newsfuse.brief.batch import BriefStage, StoryInput
    from newsfuse.executors import default_jobs, make_executor
    from newsfuse.ingest.clusters import read_clusters

    if fmt not in {"jsonl", "json"}:
        raise typer.BadParameter("--clusters writes --format jsonl (or json)")
    if jobs < 0:
        raise typer.BadParameter("--jobs must be 0 (all cores) or more")

    stories: list[StoryInput] = list(read_clusters(path, settings))
    # each worker holds its own models (~500 MB): "all cores" stops at AUTO_JOBS_MAX
    n_jobs = max(1, min(jobs or min(default_jobs(), AUTO_JOBS_MAX), len(stories)))
    stage = BriefStage(
        settings, indent=None if fmt == "jsonl" else 2, blas_threads=1 if n_jobs > 1 else None
    )
    lines: list[str] = []
    n_rejected = 0
    with Progress(
        console=Console(stderr=True), transient=True, disable=not settings.progress
    ) as bar:
        task = bar.add_task("briefing stories", total=len(stories))
        executor = make_executor(n_jobs, dask)
        try:
            for chunk in executor.map_chunks(stage, ([s] for s in stories)):
                for result in chunk:
                    _report_rejects(result.rejects)
                    if result.error:
                        typer.echo(f"newsfuse: story {result.story_id}: {result.error}", err=True)
                    lines.append(result.line)
                    n_rejected += result.n_rejected
                    bar.advance(task)
        finally:
            executor.close()
    _write("\n".join(lines) if fmt == "jsonl" else "[\n" + ",\n".join(lines) + "\n]", output)
    return 1 if n_rejected else 0


def _load_encoder(settings: Settings) -> Encoder | None:
    if not settings.embeddings:
        return None
    from newsfuse.embed import load_encoder

    return load_encoder(runtime=settings.encoder_runtime)
