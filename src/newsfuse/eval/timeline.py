"""``newsfuse eval timeline``: dated timelines of a topic's articles against journalists' timelines.

Data: ``../shared/data/timeline17-dev`` (Timeline17, Tran et al. 2013). Each folder is one
topic as one outlet's journalists told it (``LibyaWar_cnn``, ``LibyaWar_reuters``): the articles
(``InputDocs/YYYY-MM-DD/*.txt``, dated by their day folder) and the timelines
(``timelines/*.txt``). As news-tls does (Gholipour Ghalandari and Ifrim, 2020), the folders of one
topic pool their articles ("libyawar" = both Libya folders) and each reference timeline is scored
apart, against a timeline built from the topic's articles published within the reference's first
and last date. The timeline has as many dates as the reference, and per date as many sentences as
the reference's mean per date (rounded), as news-tls sets them.

Systems, in one run:

* **newsfuse**: every article is cleaned and analysed as ``brief`` does; the timeline entries are
  :func:`newsfuse.crosscheck.timeline.build_timeline`'s (same-day mentions of one event merged
  across articles); dates are ranked by :func:`newsfuse.crosscheck.timeline.rank_dates`: by the
  learned date ranking (:mod:`newsfuse.crosscheck.dates_model`, fitted on the tuning topics);
  each date's sentences are its entries that most articles report.
* **newsfuse, days by mention count**: the same entries, the days ranked as before the learned
  ranking (how many articles mention a day).
* **most-published days**: the days with most articles, each summarised by the first sentences of
  its first articles (a baseline that reads no dates in the text).

Metrics (:mod:`newsfuse.eval.tilse`, the news-tls evaluation re-implemented): date F1, and
ROUGE-1/2 F1 of the *concat*, *agreement* and *align+ m:1* variants of Martschat and Markert
(2017).
"""

from __future__ import annotations

import hashlib
import pickle
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newsfuse.crosscheck.timeline import DateWeights
from newsfuse.eval.pages import write_page
from newsfuse.eval.progress import EncoderRuntime, Quiet, track, with_progress
from newsfuse.eval.tilse import PRF

if TYPE_CHECKING:
    import numpy as np
    from spacy.language import Language

    from newsfuse.crosscheck.similarity import StoryVectors
    from newsfuse.embed import Encoder
    from newsfuse.eval.facts import Event
    from newsfuse.model import Analysis, Article, TimelineEntry

DEFAULT_DIR = Path("../shared/data/timeline17-dev")
DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "eval" / "timeline.md"
# the topics looked at while building: the date ranking's weights were chosen on a year of the
# Iraq war (155 dates; the topics of a few weeks have a date on almost every day, so they cannot
# tell weights apart), the order of a date's entries on Haiti; the others are reported
TUNE_TOPICS = ("iraqwar", "haiti")

Timeline = dict[date, list[str]]  # a date's sentences


@dataclass(slots=True)
class Topic:
    """The articles of one topic (all its folders) and its journalists' timelines."""

    name: str
    ids: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    published: list[date] = field(default_factory=list)
    references: list[tuple[str, Timeline]] = field(default_factory=list)  # (folder/file, tl)

    @property
    def tuned(self) -> bool:
        return self.name in TUNE_TOPICS


def _day(line: str) -> date | None:
    try:
        return date.fromisoformat(line) if len(line) == 10 else None
    except ValueError:
        return None


def read_reference(path: Path) -> Timeline:
    """One journalists' timeline: a date line, the entry's sentences (one a line), dashes."""
    from newsfuse.eval.summary_timeline import detokenize

    out: Timeline = {}
    current: date | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if line.startswith("-----"):
            current = None
            continue
        day = _day(line)
        if day is not None:
            current = day
            out.setdefault(day, [])
        elif line and current is not None:
            out[current].append(detokenize(line))
    return {d: s for d, s in out.items() if s}


def load_topics(
    root: Path = DEFAULT_DIR, only: Sequence[str] = (), per_day: int | None = None
) -> list[Topic]:
    """Topics of a Timeline17 folder, folders pooled by topic name (``LibyaWar_*``);
    ``per_day``: at most that many articles of a topic per day (the first by folder and name)."""
    from newsfuse.eval.cluster import load_timeline17

    topics: dict[str, Topic] = {}
    for d in load_timeline17(root):
        if only and d.topic not in only:
            continue
        t = topics.setdefault(d.topic, Topic(d.topic))
        if per_day is not None and t.published.count(d.published or date.min) >= per_day:
            continue
        t.ids.append(d.id)
        t.texts.append(d.text)
        t.published.append(d.published or date.min)
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        name = folder.name.split("_")[0].lower()
        if name not in topics:
            continue
        for f in sorted((folder / "timelines").glob("*.txt")):
            tl = read_reference(f)
            if tl:
                topics[name].references.append((f"{folder.name}/{f.name}", tl))
    return [topics[k] for k in sorted(topics)]


# ---- newsfuse over a topic (cached on disk) ----------------------------------------------------


def _digest(topic: Topic) -> str:
    h = hashlib.sha1()
    for i, t, p in zip(topic.ids, topic.texts, topic.published, strict=True):
        h.update(f"{i}\0{p}\0{t}\0".encode())
    return h.hexdigest()[:16]


def analyse_topic(topic: Topic, nlp: Language, jobs: int, cache: Path | None) -> list[Analysis]:
    """Cleaned and analysed articles of a topic, as ``brief`` analyses them (cleaning with
    outlet templates learned over the topic, credits, partial datelines), read from ``cache``
    when it holds them."""
    path = cache / f"{topic.name}-{_digest(topic)}.analyses.pkl" if cache else None
    cached = _read_cached(path)
    if cached is not None:
        return cached
    from newsfuse.analyze.parallel import analyze_jobs

    analyses = analyze_jobs(_prepared(topic), nlp, jobs)
    if path is not None:
        _write_atomically(path, pickle.dumps(analyses, protocol=pickle.HIGHEST_PROTOCOL))
    return analyses


def date_analyses(topic: Topic, nlp: Language, cache: Path | None) -> list[Analysis]:
    """The articles of a topic cleaned and prepared as :func:`analyse_topic` does, each with
    only its sentences and time expressions (what the date ranking reads): the parse without
    the rest of the analysis, read from ``cache`` when it holds them."""
    path = cache / f"{topic.name}-{_digest(topic)}.dates.pkl" if cache else None
    cached = _read_cached(path)
    if cached is not None:
        return cached
    from newsfuse.analyze.pipeline import parse_many, sentence_bounds, split_runons
    from newsfuse.analyze.timex import tag_timexes
    from newsfuse.model import Analysis, Sentence, Span

    prepared = _prepared(topic)
    out = []
    docs = parse_many(nlp, (a.text for a in prepared))
    for a, doc in track(zip(prepared, docs, strict=True), f"dates of {topic.name}", len(prepared)):
        bounds = split_runons(
            doc, sentence_bounds(a.text, [(s.start_char, s.end_char) for s in doc.sents])
        )
        out.append(
            Analysis(
                article=a,
                sentences=tuple(Sentence(Span(a.id, x, y), a.text[x:y]) for x, y in bounds),
                timexes=tuple(tag_timexes(doc, a, a.published)),
            )
        )
    if path is not None:
        _write_atomically(path, pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
    return out


def _prepared(topic: Topic) -> list[Article]:
    """The articles of a topic cleaned (outlet templates learned over the topic) and prepared
    as ``brief`` prepares them (credits, partial datelines)."""
    from newsfuse.brief.assemble import prepare_articles
    from newsfuse.clean import clean_articles
    from newsfuse.config import Settings
    from newsfuse.ingest.source import load_registry
    from newsfuse.model import Article

    raw = [
        Article(id=i, text=t, published=p, date_method="folder", path=i)
        for i, t, p in zip(topic.ids, topic.texts, topic.published, strict=True)
    ]
    cleaned = [a for a in clean_articles(raw) if isinstance(a, Article)]
    return prepare_articles(cleaned, Settings(progress=False), load_registry())


def _read_cached(path: Path | None) -> list[Analysis] | None:
    """The analyses pickled at ``path``, as objects of today's ``Analysis``; None when there
    is no such file."""
    if path is None or not path.is_file():
        return None
    with path.open("rb") as fh:
        return [_current(an) for an in pickle.load(fh)]  # noqa: S301 - our own cache


def _current(an: Analysis) -> Analysis:
    """A cached analysis as an object of today's ``Analysis``: a field added since it was
    written takes its default. The cache keeps analyses as the analysis code made them when
    written; clear it (or pass another folder) to measure a changed analysis."""
    from dataclasses import MISSING, fields

    from newsfuse.model import Analysis

    values = {}
    for f in fields(Analysis):
        try:
            values[f.name] = getattr(an, f.name)
        except AttributeError:
            if f.default is MISSING:  # a required field cannot be filled in: analyse again
                raise
            values[f.name] = f.default
    return Analysis(**values)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write a cache file whole or not at all (a stopped run leaves no half file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)


def embed_sentences(
    name: str, texts: Sequence[str], encoder: Encoder, cache: Path | None
) -> np.ndarray:
    """MiniLM rows for ``texts``, read from ``cache`` when it holds them (the NumPy encoder's
    and each other runtime's under their own names)."""
    import numpy as np

    h = hashlib.sha1("\0".join(texts).encode()).hexdigest()[:16]
    kind = "" if encoder.runtime == "numpy" else f"-{encoder.runtime}"
    path = cache / f"{name}{kind}-{h}.vectors.npy" if cache else None
    if path is not None and path.is_file():
        return np.load(path)
    rows = encoder.encode(list(texts)) if texts else np.zeros((0, 384), dtype=np.float32)
    if path is not None:
        import io

        buf = io.BytesIO()
        np.save(buf, rows)
        _write_atomically(path, buf.getvalue())
    return rows


def dated_subset(analyses: Sequence[Analysis]) -> list[Analysis]:
    """Each analysis cut to the sentences that name a calendar day: the only sentences a
    timeline entry can come from. Story vectors over thousands of articles' sentences would not
    fit in memory; those over the dated sentences do (their concept weights are then those of
    the dated sentences)."""
    from dataclasses import replace

    from newsfuse.crosscheck.timeline import calendar_value

    out = []
    for an in analyses:
        # a day, or a day's part of a week ("2005-W04-WE"): values of at least ten characters
        days = [t.span.start for t in an.timexes if len(calendar_value(t) or "") >= 10]
        keep = [
            i
            for i, s in enumerate(an.sentences)
            if any(s.span.start <= x < s.span.end for x in days)
        ]
        out.append(
            replace(
                an,
                sentences=tuple(an.sentences[i] for i in keep),
                lemmas=tuple(an.lemmas[i] for i in keep if i < len(an.lemmas)),
                tenses=tuple(an.tenses[i] for i in keep if i < len(an.tenses)),
            )
        )
    return out


@dataclass(slots=True)
class Run:
    """One topic's analyses cut to their dated sentences, with those sentences' vectors."""

    topic: Topic
    analyses: list[Analysis]  # full analyses (lead sentences for the baseline)
    dated: list[Analysis]
    vectors: np.ndarray  # one row per dated sentence, in story order

    def window(self, start: date, end: date) -> list[int]:
        return [
            i
            for i, an in enumerate(self.analyses)
            if an.article.published is not None and start <= an.article.published <= end
        ]


def entries_in(run: Run, keep: Sequence[int]) -> list[TimelineEntry]:
    """The timeline entries ``build_timeline`` makes of the articles ``keep`` (as a briefing of
    them would: entities merged, independence groups, the pair model)."""
    import numpy as np

    from newsfuse.brief.assemble import apply_entities
    from newsfuse.crosscheck.dates_model import day_scores
    from newsfuse.crosscheck.entities import merge_entities
    from newsfuse.crosscheck.independence import duplicate_pairs, independence_groups
    from newsfuse.crosscheck.linker import story_linker
    from newsfuse.crosscheck.similarity import StoryVectors
    from newsfuse.crosscheck.timeline import build_timeline
    from newsfuse.ingest.source import load_registry

    offsets = [0]
    for an in run.dated:
        offsets.append(offsets[-1] + len(an.sentences))
    rows = np.concatenate(
        [np.arange(offsets[i], offsets[i + 1]) for i in keep] or [np.zeros(0, dtype=np.int64)]
    )
    sub = [run.dated[i] for i in keep]
    index = merge_entities(sub)
    sub = apply_entities(sub, index)
    vectors = StoryVectors(sub, index.canonical_of, run.vectors[rows])
    arts = [an.article for an in sub]
    groups = independence_groups(arts, load_registry(), duplicate_pairs(arts))
    # the day scores from the whole articles (the cut ones lose their first sentences)
    days = day_scores([run.analyses[i] for i in keep])
    return build_timeline(sub, vectors, groups=groups, linker=story_linker(vectors), days=days)


def sentence_of(run: Run, entry: TimelineEntry) -> str:
    """The whole sentence an entry shows (its first citation)."""
    c = entry.citations[0]
    an = next(a for a in run.analyses if a.article.id == c.article)
    return " ".join(an.article.text[c.start : c.end].split())


def select(
    run: Run,
    entries: Sequence[TimelineEntry],
    keep: Sequence[int],
    n_dates: int,
    per_date: int,
    weights: DateWeights,
    span: tuple[date, date],
    learned: bool = True,
) -> Timeline:
    """newsfuse's timeline of ``n_dates`` dates within ``span``: the days :func:`rank_dates`
    ranks first (``learned``: by the learned date ranking, else by the articles that tell
    them), each with its ``per_date`` entries most independent sources report."""
    from newsfuse.crosscheck.timeline import day_of, rank_dates

    published = {run.analyses[i].article.id: run.analyses[i].article.published for i in keep}
    order = rank_dates(entries, published, weights, learned)
    days = [
        date.fromisoformat(d) for d, _ in order if span[0].isoformat() <= d <= span[1].isoformat()
    ][:n_dates]
    by_day: dict[date, list[TimelineEntry]] = defaultdict(list)
    for e in entries:
        day = day_of(e.date)
        if day is not None:
            by_day[date.fromisoformat(day)].append(e)
    out: Timeline = {}
    for d in days:
        ranked = sorted(by_day[d], key=lambda e: (-e.independent_sources, -len(e.articles)))
        out[d] = [sentence_of(run, e) for e in ranked[:per_date]]
    return out


def most_published(
    run: Run, keep: Sequence[int], n_dates: int, per_date: int, span: tuple[date, date]
) -> Timeline:
    """The baseline: the days with most articles, each told by its first articles' first
    sentences (articles by id)."""
    by_day: dict[date, list[Analysis]] = defaultdict(list)
    for i in keep:
        an = run.analyses[i]
        if an.article.published and span[0] <= an.article.published <= span[1]:
            by_day[an.article.published].append(an)
    days = sorted(by_day, key=lambda d: (-len(by_day[d]), d))[:n_dates]
    out: Timeline = {}
    for d in days:
        arts = sorted(by_day[d], key=lambda a: a.article.id)
        leads = [" ".join(a.sentences[0].text.split()) for a in arts if a.sentences]
        out[d] = leads[:per_date]
    return out


def per_date(ref: Timeline) -> int:
    """news-tls's sentences per date: the reference's mean, rounded (at least 1)."""
    return max(1, round(sum(len(s) for s in ref.values()) / len(ref)))


def check_data(data: Path, only: Sequence[str]) -> None:
    """NF910 for a folder without Timeline17 topics, NF911 for an unknown ``--topic``."""
    from newsfuse.errors import E, NewsfuseError

    folders = (
        [p for p in data.iterdir() if (p / "InputDocs").is_dir() and (p / "timelines").is_dir()]
        if data.is_dir()
        else []
    )
    if not folders:
        raise NewsfuseError(E.EVAL_NO_TIMELINES, str(data))
    known = sorted({p.name.split("_")[0].lower() for p in folders})
    unknown = [t for t in only if t not in known]
    if unknown:
        raise NewsfuseError(E.EVAL_UNKNOWN_TOPIC, ", ".join(unknown), "topics: " + ", ".join(known))


def checked_cache(cache: Path | None) -> Path | None:
    """The cache folder, created; NF912 when it cannot be."""
    from newsfuse.errors import E, NewsfuseError

    if cache is None:
        return None
    try:
        cache.mkdir(parents=True, exist_ok=True)
        probe = cache / ".newsfuse-write-check"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise NewsfuseError(E.EVAL_BAD_CACHE, str(cache), exc.strerror or "") from None
    return cache


def _prepare(
    data: Path, only: Sequence[str], jobs: int, cache: Path | None, per_day: int | None = None
) -> tuple[list[Topic], dict[str, list[Analysis]]]:
    from newsfuse.analyze.nlp import load_nlp

    topics = [t for t in load_topics(data, only, per_day) if t.references]
    nlp = load_nlp()
    out = {}
    for t in track(topics, "analysing each topic"):
        started = time.perf_counter()
        out[t.name] = analyse_topic(t, nlp, jobs, cache)
        typer.echo(
            f"{t.name}: {len(out[t.name])} articles analysed "
            f"({time.perf_counter() - started:.0f} s)",
            err=True,
        )
    return topics, out


def build_run(topic: Topic, analyses: list[Analysis], encoder: Encoder, cache: Path | None) -> Run:
    dated = dated_subset(analyses)
    texts = [s.text for an in dated for s in an.sentences]
    return Run(topic, analyses, dated, embed_sentences(topic.name, texts, encoder, cache))


@dataclass(frozen=True, slots=True)
class Row:
    """The scores of one system's timeline against one reference timeline."""

    topic: str
    reference: str
    system: str
    tuned: bool
    dates: int
    scores: dict[str, PRF]


SYSTEMS = ("newsfuse", "newsfuse, days by mention count", "most-published days")
COLUMNS = (
    "date",
    "concat_r1",
    "concat_r2",
    "agreement_r1",
    "agreement_r2",
    "align_m1_r1",
    "align_m1_r2",
)
GRID_LATER = (0.0, 0.25, 0.5, 1.0, 2.0)
GRID_PUBLISHED = (0.0, 0.25, 0.5, 1.0)


def references_of(run: Run) -> list[tuple[str, Timeline, list[int], tuple[date, date]]]:
    """Each reference with the articles of its span (news-tls: first to last reference date)."""
    out = []
    for name, ref in run.topic.references:
        span = (min(ref), max(ref))
        out.append((name, ref, run.window(*span), span))
    return out


def evaluate_run(run: Run, weights: DateWeights) -> list[Row]:
    from newsfuse.eval.tilse import evaluate

    rows = []
    for name, ref, keep, span in track(references_of(run), f"timelines of {run.topic.name}"):
        entries = entries_in(run, keep)
        k = per_date(ref)
        systems = {
            "newsfuse": select(run, entries, keep, len(ref), k, weights, span),
            "newsfuse, days by mention count": select(
                run, entries, keep, len(ref), k, weights, span, learned=False
            ),
            "most-published days": most_published(run, keep, len(ref), k, span),
        }
        for system, tl in systems.items():
            rows.append(
                Row(run.topic.name, name, system, run.topic.tuned, len(ref), evaluate(tl, ref))
            )
    return rows


def tune_grid(runs: Sequence[Run]) -> list[tuple[DateWeights, float]]:
    """Mean date F1 over the tuning topics' references for each pair of date weights."""
    from newsfuse.eval.tilse import date_f1

    cases = []
    for run in runs:
        if not run.topic.tuned:
            continue
        for _, ref, keep, span in references_of(run):
            cases.append((run, entries_in(run, keep), keep, ref, span))
    out = []
    for later in GRID_LATER:
        for pub in GRID_PUBLISHED:
            w = DateWeights(later, pub)
            f = [
                date_f1(select(run, e, keep, len(ref), 1, w, span, learned=False), ref).f1
                for run, e, keep, ref, span in cases
            ]
            out.append((w, sum(f) / len(f) if f else 0.0))
    return out


def mean_row(rows: Sequence[Row], system: str, tuned: bool) -> dict[str, float] | None:
    rs = [r for r in rows if r.system == system and r.tuned == tuned]
    if not rs:
        return None
    return {c: sum(r.scores[c].f1 for r in rs) / len(rs) for c in COLUMNS}


def table(rows: Sequence[Row]) -> str:
    head = "| split | system | date F1 | concat R-1 | concat R-2 | agreement R-1 | agreement R-2 | align+ m:1 R-1 | align+ m:1 R-2 |"
    lines = [head, "|---|---|" + "---:|" * len(COLUMNS)]
    for tuned, label in ((True, "tuned"), (False, "reported")):
        topics = sorted({r.topic for r in rows if r.tuned == tuned})
        n = len({r.reference for r in rows if r.tuned == tuned})
        for system in SYSTEMS:
            m = mean_row(rows, system, tuned)
            if m is not None:
                cells = " | ".join(f"{m[c]:.3f}" for c in COLUMNS)
                lines.append(
                    f"| {label}: {', '.join(topics)} ({n} timelines) | {system} | {cells} |"
                )
    return "\n".join(lines)


def per_reference(rows: Sequence[Row]) -> str:
    lines = [
        "| timeline | dates | system | date F1 | concat R-1 | agreement R-1 | align+ m:1 R-1 | align+ m:1 R-2 |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        s = r.scores
        lines.append(
            f"| {r.reference}{'' if not r.tuned else ' (tuned)'} | {r.dates} | {r.system} | "
            f"{s['date'].f1:.3f} | {s['concat_r1'].f1:.3f} | {s['agreement_r1'].f1:.3f} | "
            f"{s['align_m1_r1'].f1:.3f} | {s['align_m1_r2'].f1:.3f} |"
        )
    return "\n".join(lines)


# ---- the same-event decision, checked on ECB+ ---------------------------------------------------

LINKS = (0.4, 0.5, 0.6, 0.7, 0.8, 1.01)  # 1.01: the concept/embedding rule alone


@dataclass(frozen=True, slots=True)
class PairRecord:
    topic: int
    probability: float  # the pair model's (0.0 when blocked)
    rule: bool  # the concept/embedding rule at the timeline's threshold
    blocked: bool
    gold: bool


def event_pairs(ev: Event, v: StoryVectors) -> list[PairRecord]:
    """The pairs of annotated sentences of different documents of one ECB+ event, with the
    timeline's same-event inputs (``v``: the event's story vectors) and their gold."""
    import itertools

    from newsfuse.crosscheck.linker import blocked, story_linker
    from newsfuse.eval.facts import _link

    linker = story_linker(v)
    assert linker is not None
    line = [ev.line_of(r.article, r.span.start) for r in v.refs]
    out = []
    for a, b in itertools.combinations(range(len(v.refs)), 2):
        if v.refs[a].doc == v.refs[b].doc or not (line[a] in ev.judged and line[b] in ev.judged):
            continue
        out.append(
            PairRecord(
                ev.topic,
                linker.probability(a, b),
                v.same_statement(a, b, 0.22)[0],
                blocked(v, a, b),
                _link(line[a], line[b]) in ev.gold,
            )
        )
    return out


def ecb_pairs(data: Path, nlp: Language, encoder: Encoder, cache: Path | None) -> list[PairRecord]:
    """Every pair of annotated sentences of different documents of each ECB+ event, with the
    timeline's same-event inputs and whether one cross-document event chain joins them (the gold
    of ``newsfuse eval facts``)."""
    from newsfuse.eval.facts import load_events, story_vectors

    kind = "" if encoder.runtime == "numpy" else f"-{encoder.runtime}"
    path = cache / f"ecb-pairs{kind}.pkl" if cache else None
    if path is not None and path.is_file():
        with path.open("rb") as fh:
            return pickle.load(fh)  # noqa: S301 - our own cache file
    out = []
    for ev in track(load_events(data), "ECB+ events"):
        out.extend(event_pairs(ev, story_vectors(ev, nlp, encoder)))
    if path is not None:
        _write_atomically(path, pickle.dumps(out))
    return out


def pair_table(records: Sequence[PairRecord]) -> str:
    """Precision / recall of the same-event decision at each ``link`` (ECB+ topics 1-12, where
    the pair model was trained, and 13-25)."""
    from newsfuse.eval.facts import TUNE_TOPICS as ECB_TUNE

    lines = [
        "| ECB+ topics | timeline_link | pairs linked | precision | recall |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, tuned in (("1-12", True), ("13-25", False)):
        rs = [r for r in records if (r.topic in ECB_TUNE) == tuned]
        gold = sum(r.gold for r in rs)
        for link in LINKS:
            on = [r for r in rs if r.probability >= link or (r.rule and not r.blocked)]
            hit = sum(r.gold for r in on)
            name = "rule only" if link > 1 else f"{link:.2f}"
            lines.append(
                f"| {label} | {name} | {len(on)} | {hit / len(on) if on else 0:.3f} | "
                f"{hit / gold if gold else 0:.3f} |"
            )
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add ``newsfuse eval timeline``."""

    @app.command("timeline")
    @with_progress
    def timeline_eval(
        data: Annotated[Path, typer.Option(help="timeline17-dev folder")] = DEFAULT_DIR,
        topic: Annotated[
            list[str] | None, typer.Option(help="only these topics (e.g. haiti); repeatable")
        ] = None,
        jobs: Annotated[int, typer.Option(help="parsing processes (0: all cores)")] = 0,
        per_day: Annotated[
            int | None, typer.Option(help="at most N articles of a topic per day (a subset)")
        ] = None,
        cache: Annotated[
            Path | None,
            typer.Option(help="keep the parsed analyses and sentence vectors in this folder"),
        ] = None,
        analyse_only: Annotated[
            bool, typer.Option("--analyse-only", help="only analyse (fill the cache)")
        ] = False,
        tune: Annotated[
            bool,
            typer.Option(
                "--tune", help="also print the date-weight grid on the tuning topics' timelines"
            ),
        ] = False,
        write_doc: Annotated[
            bool, typer.Option("--write-doc", help="also write docs/eval/timeline.md")
        ] = False,
        ecb: Annotated[
            Path | None,
            typer.Option(help="ecbplus-dev folder: check the same-event decision on its pairs"),
        ] = None,
        ecb_only: Annotated[bool, typer.Option("--ecb-only", help="only the ECB+ check")] = False,
        dates_only: Annotated[
            bool,
            typer.Option(
                "--dates-only",
                help="only the date choice (date F1, leave one topic out) from the parse alone",
            ),
        ] = False,
        write_date_model: Annotated[
            bool,
            typer.Option(
                "--write-date-model",
                help="fit the date model on the tuning topics and write data/date_model.json",
            ),
        ] = False,
        encoder_runtime: EncoderRuntime = "auto",
        quiet: Quiet = False,
    ) -> None:
        """Date F1 and alignment ROUGE of dated timelines against Timeline17's journalists'."""
        from newsfuse.embed import load_encoder
        from newsfuse.errors import NewsfuseError

        started = time.perf_counter()
        try:
            cache = checked_cache(cache)
            if not ecb_only:
                check_data(data, topic or ())
        except NewsfuseError as exc:
            typer.echo(f"newsfuse: {exc}", err=True)
            raise typer.Exit(2) from None
        pairs = ""
        if ecb is not None:
            from newsfuse.analyze.nlp import load_nlp

            encoder = load_encoder(runtime=encoder_runtime)
            pairs = pair_table(ecb_pairs(ecb, load_nlp(), encoder, cache))
            typer.echo(pairs)
            if ecb_only:
                return
        if dates_only or write_date_model:
            _dates_only(data, topic or (), cache, per_day, write_date_model, write_doc, started)
            return
        topics, analyses = _prepare(data, topic or (), jobs, cache, per_day)
        if analyse_only:
            return
        encoder = load_encoder(runtime=encoder_runtime)
        runs = [build_run(t, analyses[t.name], encoder, cache) for t in topics]
        if tune:
            grid = tune_grid(runs)
            for w, f in sorted(grid, key=lambda x: -x[1]):
                typer.echo(f"later={w.later:<5} published={w.published:<5} date F1 {f:.3f}")
        rows = [r for run in runs for r in evaluate_run(run, DateWeights())]
        seconds = time.perf_counter() - started
        typer.echo(table(rows))
        typer.echo(per_reference(rows))
        if write_doc:
            command = "newsfuse eval timeline" + "".join(f" --topic {t}" for t in topic or ())
            command += f" --per-day {per_day}" if per_day else ""
            command += " --tune" if tune else ""
            command += f" --ecb {ecb}" if ecb else ""
            command += f" --cache {cache}" if cache else ""
            write_page(DOC_PATH, _doc_text(rows, command, runs, seconds, pairs))
            typer.echo(f"wrote {DOC_PATH}")


def _dates_only(
    data: Path,
    only: Sequence[str],
    cache: Path | None,
    per_day: int | None,
    write_model: bool,
    write_doc: bool,
    started: float,
) -> None:
    """``--dates-only`` / ``--write-date-model``: the date choice from the parse alone."""
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.crosscheck.dates_model import date_model
    from newsfuse.errors import E, NewsfuseError
    from newsfuse.eval import timeline_dates as td

    topics = [t for t in load_topics(data, only, per_day) if t.references]
    if write_model and not any(t.tuned for t in topics):
        exc = NewsfuseError(E.EVAL_NO_TUNING_TOPIC, ", ".join(t.name for t in topics))
        typer.echo(f"newsfuse: {exc}", err=True)
        raise typer.Exit(2)
    if not write_model and date_model() is None:
        exc = NewsfuseError(E.EVAL_NO_DATE_MODEL, str(td.MODEL_PATH))
        typer.echo(f"newsfuse: {exc}", err=True)
        raise typer.Exit(2)
    nlp = load_nlp()
    cases = []
    for t in track(topics, "dates of each topic"):
        cases += td.cases_of(t, date_analyses(t, nlp, cache))
    if write_model:
        tuning = [c for c in cases if c.tuned]
        fitted = td.fit(tuning)
        td.MODEL_PATH.write_text(td.model_json(fitted, tuning), encoding="utf-8")
        date_model.cache_clear()
        typer.echo(f"wrote {td.MODEL_PATH}")
    model = date_model()
    if model is None:  # checked above; a written file is read back
        raise AssertionError(f"{td.MODEL_PATH} was not written")
    split = td.split_table(cases, model)
    loo, _ = td.leave_one_out(cases)
    misses = td.misses_table(cases)
    typer.echo(split)
    typer.echo(loo)
    typer.echo(misses)
    if write_doc:
        command = "newsfuse eval timeline --dates-only" + "".join(f" --topic {t}" for t in only)
        command += f" --per-day {per_day}" if per_day else ""
        command += " --cache DIR" if cache else ""
        n = sum(len(t.ids) for t in topics)
        seconds = time.perf_counter() - started
        write_page(td.DOC_PATH, td.doc_text(split, loo, command, n, seconds, misses))
        typer.echo(f"wrote {td.DOC_PATH}")


def _doc_text(
    rows: Sequence[Row], command: str, runs: Sequence[Run], seconds: float, pairs: str
) -> str:
    n = sum(len(r.analyses) for r in runs)
    check = (
        f"""
## The same-event decision on ECB+

Command: `newsfuse eval timeline --ecb ../shared/data/ecbplus-dev --ecb-only`. Every pair of
annotated sentences of different documents of one ECB+ event; gold: one cross-document event
chain joins them (as `newsfuse eval facts`). A pair is one event when the pair model's
probability reaches `timeline_link`, or the concept/embedding rule holds (never when a number or
person conflicts). In a briefing only mentions of the same calendar day are compared, which
ECB+ (no publication dates) cannot test: these figures are of the statement test alone.

{pairs}
"""
        if pairs
        else ""
    )
    return f"""# Timelines against journalists' timelines (Timeline17)

Command: `{command} --write-doc` ({n} articles, {seconds:.0f} s on this machine, 2 shared cores,
with the parsed analyses and sentence vectors read from the `--cache` folder a first run filled).

Data: `../shared/data/timeline17-dev`, the folders of one topic pooled (news-tls's topics): each
journalists' timeline is scored apart, against a timeline built from the topic's articles
published between its first and last date. As in news-tls, the timeline has as many dates as
the reference and, per date, the reference's mean number of sentences (rounded).

Tuned on: {", ".join(TUNE_TOPICS)} (the two date weights of `crosscheck.timeline.DateWeights` on
the Iraq war, `--tune` prints the grid; the order of a date's entries looked at on Haiti); the
other topics are reported. Mean over reference timelines of F1:

{table(rows)}

Per reference timeline:

{per_reference(rows)}

How it is measured (`src/newsfuse/eval/timeline.py`, metrics in `src/newsfuse/eval/tilse.py`):

* newsfuse: articles cleaned (outlet templates learned over the topic) and analysed as `brief`
  does; the sentences that name a calendar day go through `build_timeline` (entities merged,
  MiniLM vectors, the pair model, independence groups) over the reference's span. Days are
  ranked by `rank_dates` with the learned date ranking (`crosscheck.dates_model`, fitted on the
  tuning topics: [timeline-dates.md](timeline-dates.md)); "days by mention count" ranks them by
  the articles that mention the day, as before. Each chosen day shows its entries that most
  independent sources (then articles) report, as whole sentences.
* most-published days: the days with most articles, each with the first sentence of its first
  articles (by file name). It reads no date in the text.
* Metrics: date F1; ROUGE-1/2 F1 of concat, agreement and align+ m:1 (tilse's
  `align_date_content_costs_many_to_one`), re-implemented; tokens as ROUGE-1.5.5 `-m -s`, with
  scikit-learn's stop list instead of ROUGE's SMART list. The best published date F1 on all of
  Timeline17 (news-tls's DATEWISE, 19 timelines of 9 topics; these are a subset) is 0.544.
{check}"""
