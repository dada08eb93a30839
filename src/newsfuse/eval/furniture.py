"""``newsfuse eval furniture``: how many briefing items hold an outlet's page furniture?

The data is Timeline17 (``timeline17-dev``): one folder per topic and outlet
(``EgyptianProtest_cnn``, ...), ``InputDocs/YYYY-MM-DD/*.txt`` holding months of one outlet's
pages as scraped, with the site's furniture (comment policies, adverts, "top news" boxes, share
widgets). Each folder is one outlet's stream, read apart from the others.

Gold: a line (case, spacing, punctuation and digits ignored) that occurs in at least
``MIN_ARTICLES`` articles of the folder on at least ``MIN_DAYS`` different days is a recurring
line: the outlet's template. Lines of fewer than three words with a letter are not judged (a
date alone, "(January 27, 2001).", would otherwise match every text that names a date).

Run: the folder's days are walked in date order, the way a running store sees them. Up to
``per_topic`` of its days with two articles or more (spread evenly over the folder's
multi-article days) are briefed. Before each briefed day, every article up to and including
that day goes through ``ingest`` into a store of that folder (which keeps the outlet's line
fingerprints), then the day's articles (the first ``max_docs`` by file name) are briefed the way
``newsfuse brief FILES --db STORE`` briefs them: cleaned with the outlet's furniture learned in
the store and the lines repeated across the batch. A briefing item (summary sentence, fact,
timeline entry, quote group) holds furniture when its text or a cited span contains a recurring
line of the folder, or lies inside one. The figure is the share of items that hold furniture.
Lines first seen on a briefed day or later are in the gold but not yet in the store: the store
never sees the future: the report counts apart the items whose line was first seen on the
briefed day (or later).
"""

from __future__ import annotations

import re
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newsfuse.eval import standalone
from newsfuse.eval.pages import write_page
from newsfuse.eval.progress import EncoderRuntime, Quiet, track, with_progress
from newsfuse.eval.standalone import StandAlone
from newsfuse.eval.summary_timeline import detokenize

if TYPE_CHECKING:
    from spacy.language import Language

    from newsfuse.config import Settings
    from newsfuse.embed import Encoder
    from newsfuse.model import Article, Briefing

DEFAULT_DIR = Path("../shared/data/timeline17-dev")
DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "eval" / "furniture.md"
MIN_ARTICLES = 3  # a recurring line: in this many articles of the outlet ...
MIN_DAYS = 2  # ... on this many days
MIN_WORDS = 3  # lines of fewer words with a letter are not judged
# the folders the cleaner's furniture rules were tuned on; the others are reported apart
TUNE_FOLDERS = ("EgyptianProtest_cnn", "LibyaWar_cnn", "LibyaWar_reuters", "SyrianCrisis_bbc")
ITEM_KINDS = ("summary", "facts", "timeline", "quotes")

_WORD = re.compile(r"[a-z0-9]+")


def line_key(text: str) -> str:
    """Lower-case words and numbers (digits as 0) of a text, joined by one space."""
    return " ".join(_WORD.findall(re.sub(r"\d", "0", detokenize(text).lower())))


def judged(key: str) -> bool:
    """Whether a line (its key) is judged: at least ``MIN_WORDS`` words with a letter."""
    return sum(1 for w in key.split() if not w.isdigit()) >= MIN_WORDS


@dataclass(slots=True)
class Folder:
    """One topic/outlet folder: its days (date -> article files) and its recurring lines."""

    name: str
    outlet: str
    days: dict[str, list[Path]]
    recurring: set[str] = field(default_factory=set)
    examples: dict[str, str] = field(default_factory=dict)  # key -> the line as written
    first: dict[str, str] = field(default_factory=dict)  # key -> the first day it was seen on

    def multi_days(self) -> list[str]:
        return [d for d, files in self.days.items() if len(files) >= 2]


def outlet_of(folder: str) -> str:
    """The outlet of a Timeline17 folder name ("LibyaWar_reuters" -> "reuters")."""
    return folder.rsplit("_", 1)[-1] if "_" in folder else folder


def load_folder(path: Path) -> Folder:
    """The days of one folder and its recurring lines (see the module docstring)."""
    days: dict[str, list[Path]] = {}
    for day_dir in sorted(p for p in (path / "InputDocs").iterdir() if p.is_dir()):
        files = sorted(day_dir.glob("*.txt"))
        if files:
            days[day_dir.name] = files
    folder = Folder(path.name, outlet_of(path.name), days)
    n_articles: Counter[str] = Counter()
    on_days: dict[str, set[str]] = defaultdict(set)
    for day, files in days.items():
        for f in files:
            keys: dict[str, str] = {}
            for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
                k = line_key(line)
                if judged(k):
                    keys.setdefault(k, line.strip())
            n_articles.update(keys.keys())
            for k, line in keys.items():
                on_days[k].add(day)
                folder.examples.setdefault(k, line)
    folder.recurring = {
        k for k, n in n_articles.items() if n >= MIN_ARTICLES and len(on_days[k]) >= MIN_DAYS
    }
    folder.examples = {k: v for k, v in folder.examples.items() if k in folder.recurring}
    folder.first = {k: min(on_days[k]) for k in folder.recurring}
    return folder


def read_article(path: Path, folder: Folder, day: str) -> Article:
    """One page of the folder as a raw article of its outlet, dated by its day folder."""
    from newsfuse.model import Article

    text = detokenize(path.read_text(encoding="utf-8", errors="replace"))
    return Article(
        id=f"{day}/{path.name}",
        text=text,
        source=folder.outlet,
        published=date.fromisoformat(day),
        path=str(path),
    )


def briefed_days(folder: Folder, per_topic: int) -> list[str]:
    """Up to ``per_topic`` multi-article days, spread evenly over the folder's (fixed set)."""
    multi = folder.multi_days()
    if len(multi) <= per_topic:
        return multi
    step = len(multi) / per_topic
    return [multi[int(i * step)] for i in range(per_topic)]


def item_texts(b: Briefing) -> list[tuple[str, list[str]]]:
    """(kind, texts) of every briefing item: its own text and the text of each cited span."""
    texts = {a.id: a.text for a in b.articles}

    def cited(citations: Iterable) -> list[str]:
        return [texts[c.article][c.start : c.end] for c in citations if c.article in texts]

    out: list[tuple[str, list[str]]] = []
    out += [("summary", [s.text, *cited(s.citations)]) for s in b.summary]
    out += [("facts", [f.text, *cited(f.citations)]) for f in b.facts]
    out += [("timeline", [t.event, *cited(t.citations)]) for t in b.timeline]
    out += [("quotes", [q.text, *cited(q.citations)]) for q in b.quotes]
    return out


def furniture_in(texts: Sequence[str], recurring: set[str]) -> str | None:
    """The recurring line an item holds (inside one of its texts, or holding one), or None."""
    for text in texts:
        k = line_key(text)
        padded = f" {k} "
        long_enough = judged(k)  # as in the gold: a date alone is not judged
        for g in recurring:
            if f" {g} " in padded or (long_enough and padded in f" {g} "):
                return g
    return None


@dataclass(slots=True)
class Tally:
    """Items and items holding furniture, per kind; the lines found, for the report."""

    items: Counter[str] = field(default_factory=Counter)
    furniture: Counter[str] = field(default_factory=Counter)
    lines: Counter[str] = field(default_factory=Counter)
    days: int = 0
    articles: int = 0
    new: int = 0  # items holding a line first seen on the briefed day or later
    lone: StandAlone = field(default_factory=StandAlone)  # lines that do not stand alone

    def add(self, other: Tally) -> None:
        self.items.update(other.items)
        self.furniture.update(other.furniture)
        self.lines.update(other.lines)
        self.new += other.new
        self.days += other.days
        self.articles += other.articles
        self.lone.add(other.lone)

    def rate(self) -> float:
        total = sum(self.items.values())
        return sum(self.furniture.values()) / total if total else 0.0


def tally(b: Briefing, folder: Folder, day: str) -> Tally:
    t = Tally(days=1, articles=len(b.articles))
    for kind, texts in item_texts(b):
        t.items[kind] += 1
        hit = furniture_in(texts, folder.recurring)
        if hit is not None:
            t.furniture[kind] += 1
            t.lines[folder.examples.get(hit, hit)[:100]] += 1
            t.new += folder.first.get(hit, day) >= day
    return t


def _ingest(store_path: Path, articles: list[Article], settings: Settings) -> None:
    from newsfuse.corpus.ingest import ingest_articles
    from newsfuse.executors.local import LocalExecutor
    from newsfuse.store import Store

    executor = LocalExecutor(1)
    try:
        with Store(store_path) as store:
            ingest_articles(store, articles, settings, executor=executor)
    finally:
        executor.close()


def _clean(articles: list[Article], store_path: Path | None) -> list[Article]:
    """The day's raw articles cleaned as ``brief FILES [--db STORE]`` cleans them."""
    from newsfuse.clean import clean_articles
    from newsfuse.model import Article

    if store_path is None:
        out = clean_articles(articles)
    else:
        from newsfuse.store import Store

        with Store(store_path, create=False) as store:
            known = store.furniture({a.source for a in articles if a.source})
        out = clean_articles(articles, known=known)
    return [a for a in out if isinstance(a, Article)]


def run_folder(
    folder: Folder,
    per_topic: int,
    max_docs: int,
    nlp: Language,
    encoder: Encoder | None,
    settings: Settings,
    use_store: bool,
    workdir: Path,
    lone: bool = False,
) -> Tally:
    """Walk the folder's days in order; brief the chosen days (see the module docstring)."""
    from newsfuse.api import brief_articles

    total = Tally()
    chosen = set(briefed_days(folder, per_topic))
    store_path = workdir / f"{folder.name}.db" if use_store else None
    pending: list[Article] = []
    for day, files in folder.days.items():
        pending += [read_article(f, folder, day) for f in files]
        if day not in chosen:
            continue
        if store_path is not None:
            _ingest(store_path, pending, settings)
            pending = []
        cleaned = _clean([read_article(f, folder, day) for f in files[:max_docs]], store_path)
        if len(cleaned) < 2:
            continue
        b = brief_articles(cleaned, settings, nlp, encoder=encoder)
        t = tally(b, folder, day)
        if lone:
            t.lone = standalone.check(b, nlp, settings.max_facts)
        total.add(t)
    return total


def table(rows: Sequence[tuple[str, Tally]]) -> str:
    head = "| folders | days | articles | items | " + " | ".join(ITEM_KINDS)
    head += " | holding furniture | of which first seen that day |\n|---|---|---|---|"
    head += "---|" * len(ITEM_KINDS) + "---|---|"
    lines = [head]
    for name, t in rows:
        kinds = " | ".join(f"{t.furniture[k]} / {t.items[k]}" for k in ITEM_KINDS)
        n = sum(t.items.values())
        bad = sum(t.furniture.values())
        lines.append(
            f"| {name} | {t.days} | {t.articles} | {n} | {kinds} | {bad} ({100 * t.rate():.1f}%)"
            f" | {t.new} |"
        )
    return "\n".join(lines)


def evaluate(
    root: Path,
    folders: Sequence[str] | None,
    per_topic: int,
    max_docs: int,
    settings: Settings,
    nlp: Language,
    encoder: Encoder | None,
    use_store: bool = True,
    lone: bool = False,
) -> dict[str, Tally]:
    """A Tally per folder (every folder of ``root`` unless ``folders`` names some)."""
    paths = sorted(p for p in root.iterdir() if (p / "InputDocs").is_dir())
    if folders:
        paths = [p for p in paths if p.name in folders]
    out: dict[str, Tally] = {}
    with tempfile.TemporaryDirectory(prefix="nf-furniture-") as tmp:
        for p in track(paths, "briefing each folder's days"):
            folder = load_folder(p)
            out[p.name] = run_folder(
                folder, per_topic, max_docs, nlp, encoder, settings, use_store, Path(tmp), lone
            )
    return out


def rows_of(results: dict[str, Tally]) -> list[tuple[str, Tally]]:
    """One row per folder, then the tuning folders pooled, the others pooled, and all."""
    rows = [(name, t) for name, t in results.items()]
    for label, names in (
        ("tuned on (" + ", ".join(n for n in results if n in TUNE_FOLDERS) + ")", TUNE_FOLDERS),
        ("reported on (others)", tuple(n for n in results if n not in TUNE_FOLDERS)),
        ("all", tuple(results)),
    ):
        pooled = Tally()
        for n in names:
            if n in results:
                pooled.add(results[n])
        if pooled.days:
            rows.append((label, pooled))
    return rows


def register(app: typer.Typer) -> None:
    """Add ``newsfuse eval furniture``."""

    @app.command("furniture")
    @with_progress
    def furniture_eval(
        data: Annotated[Path, typer.Option(help="timeline17-dev folder")] = DEFAULT_DIR,
        folders: Annotated[
            list[str] | None, typer.Option("--folder", help="only these topic/outlet folders")
        ] = None,
        per_topic: Annotated[int, typer.Option(help="days briefed per folder")] = 8,
        max_docs: Annotated[int, typer.Option(help="articles briefed per day")] = 10,
        embeddings: Annotated[
            bool, typer.Option(help="sentence embeddings, as `brief` uses by default")
        ] = True,
        encoder_runtime: EncoderRuntime = "auto",
        store: Annotated[
            bool,
            typer.Option(help="learn the outlet's furniture in a store of its earlier pages"),
        ] = True,
        show: Annotated[int, typer.Option(help="list the N furniture lines found most")] = 10,
        lone: Annotated[
            bool,
            typer.Option(
                "--standalone/--no-standalone",
                help="also count lines that do not stand alone (docs/eval/standalone.md)",
            ),
        ] = True,
        examples: Annotated[
            Path | None,
            typer.Option(help="write the lines that do not stand alone to this JSON file"),
        ] = None,
        write_doc: Annotated[
            bool,
            typer.Option(
                "--write-doc", help="also write docs/eval/furniture.md (and standalone.md)"
            ),
        ] = False,
        quiet: Quiet = False,
    ) -> None:
        """Briefing items holding a line an outlet repeats across its pages (Timeline17)."""
        from newsfuse.analyze.nlp import load_nlp
        from newsfuse.config import Settings

        started = time.perf_counter()
        settings = Settings().with_(
            progress=False, jobs=1, embeddings=embeddings, encoder_runtime=encoder_runtime
        )
        nlp = load_nlp(settings.model)
        encoder = None
        if embeddings:
            from newsfuse.embed import load_encoder

            encoder = load_encoder(runtime=settings.encoder_runtime)
        results = evaluate(
            data, folders, per_topic, max_docs, settings, nlp, encoder, use_store=store, lone=lone
        )
        rows = rows_of(results)
        typer.echo(table(rows))
        lone_rows = [(name, t.lone) for name, t in rows]
        if lone:
            typer.echo(standalone.table(lone_rows))
        if examples is not None:
            import json

            found_lines = {name: t.lone.examples for name, t in results.items()}
            examples.write_text(json.dumps(found_lines, indent=1, ensure_ascii=False), "utf-8")
        found: Counter[str] = Counter()
        for t in results.values():
            found.update(t.lines)
        for line, n in found.most_common(show):
            typer.echo(f"{n:4d}  {line}")
        if write_doc:
            command = "newsfuse eval furniture" + (
                "".join(f" --folder {f}" for f in folders) if folders else ""
            )
            command += f" --per-topic {per_topic}" if per_topic != 8 else ""
            command += ("" if embeddings else " --no-embeddings") + " --write-doc"
            seconds = time.perf_counter() - started
            write_page(DOC_PATH, _doc_text(rows, found, command, seconds))
            typer.echo(f"wrote {DOC_PATH}")
            if lone:
                write_page(standalone.DOC_PATH, standalone.doc_text(lone_rows, command, seconds))
                typer.echo(f"wrote {standalone.DOC_PATH}")


def _doc_text(
    rows: Sequence[tuple[str, Tally]], found: Counter[str], command: str, s: float
) -> str:
    lines = (
        "\n".join(f"* {n} x `{detokenize(line)}`" for line, n in found.most_common(10)) or "* none"
    )
    return f"""# Page furniture in briefings (Timeline17)

Command: `{command}` ({s:.0f} s on this machine, 2 shared cores)

Data: `../shared/data/timeline17-dev`, each topic/outlet folder read as one outlet's stream.
Tuned on {", ".join(TUNE_FOLDERS)}; the other folders are reported apart.

{table(rows)}

Each cell is items holding furniture / items. The furniture lines still found most:

{lines}

How it is measured: see `src/newsfuse/eval/furniture.py`. A recurring line is one found in at
least {MIN_ARTICLES} articles of the folder on at least {MIN_DAYS} days (lines of fewer than
{MIN_WORDS} words with a letter are not judged: a date alone would match every text naming a
date); an item holds furniture when its text or a cited span contains such a line or lies inside
one. Before each briefed day the folder's pages up to that day are ingested into a store, and the
day is briefed as `newsfuse brief FILES --db STORE` briefs it. The last column counts the items
whose line was first seen on the briefed day: no store of the outlet's past pages can know it.
"""
