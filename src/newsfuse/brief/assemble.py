"""Assembling one Briefing for a story from its cleaned articles.

The order is the data flow: story-level date checks, per-article analysis, entity merging, concept
vectors, independence groups, fact alignment, dateline conflicts (re-resolving the dates of an
article whose header contradicts its text), then timeline, quotes, discrepancies, framing, coverage
and the cited summary. Timings of each step go into ``Briefing.stats``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from newsfuse.brief import overlap
from newsfuse.config import Settings
from newsfuse.crosscheck.coverage import coverage
from newsfuse.crosscheck.dates import dateline_discrepancy, find_dateline_conflicts, infer_years
from newsfuse.crosscheck.discrepancies import name_discrepancies, number_and_date_discrepancies
from newsfuse.crosscheck.entities import apply_entities
from newsfuse.crosscheck.facts import FactCluster, align_facts, support_for, to_fact
from newsfuse.crosscheck.framing import (
    contrastive_terms,
    framing,
    load_families,
    quoted_regions_of,
)
from newsfuse.crosscheck.independence import duplicate_pairs, independence_groups
from newsfuse.crosscheck.linker import Linker, story_linker
from newsfuse.crosscheck.quotes import group_quotes
from newsfuse.crosscheck.similarity import StoryVectors, settled
from newsfuse.crosscheck.timeline import build_timeline
from newsfuse.ingest.source import Registry, detect_credits, load_registry
from newsfuse.knobs import CrossCheckParams
from newsfuse.model import Analysis, Article, Briefing, Reject, SummarySentence
from newsfuse.store import StoredAnalysis

T = TypeVar("T")

if TYPE_CHECKING:
    from spacy.language import Language

    from newsfuse.embed import Encoder

# people, organisations and places; nationalities and products stay in the JSON of `analyze`
BRIEF_ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"})


def with_support(
    s: SummarySentence,
    vectors: StoryVectors,
    threshold: float = CrossCheckParams().fact_threshold,
    linker: Linker | None = None,
) -> SummarySentence:
    """Add to a summary sentence's citations the sentences of other articles that state it,
    by the same rule as facts (similar concepts at ``threshold``, every number present)."""
    if not s.citations:
        return s
    first = s.citations[0]
    rep = next(
        (
            k
            for k, r in enumerate(vectors.refs)
            if r.article == first.article and r.span.start <= first.start < r.span.end
        ),
        None,
    )
    if rep is None:
        return s
    cluster = support_for(vectors, rep, threshold, range(len(vectors.refs)), linker)
    have = {c.article for c in s.citations}
    extra = tuple(vectors.refs[k].span for k in cluster.refs if vectors.refs[k].article not in have)
    return replace(s, citations=s.citations + extra)


def prepare_articles(
    articles: Sequence[Article], settings: Settings, registry: Registry
) -> list[Article]:
    """Story-level fixes before analysis: credits, years of partial datelines, default dates."""
    out = [replace(a, credits=a.credits or detect_credits(a.text, registry)) for a in articles]
    out = infer_years(out)
    if settings.published:
        out = [
            a
            if a.published
            else replace(a, published=settings.published, date_method="--published")
            for a in out
        ]
    return out


def reuse_stored(
    prepared: Sequence[Article],
    articles: Sequence[Article],
    stored: Sequence[StoredAnalysis],
) -> list[StoredAnalysis]:
    """The stored analyses still valid for the prepared articles: an article whose text or date
    the story-level fixes changed (a year inferred, ``--published``) is analysed again (None)."""
    out = []
    for p, a, st in zip(prepared, articles, stored, strict=True):
        if st.analysis is None or p.text != a.text or p.published != a.published:
            out.append(StoredAnalysis(None, None))
        else:
            out.append(st._replace(analysis=replace(st.analysis, article=p)))
    return out


def build_briefing(
    articles: Sequence[Article],
    nlp: Language | None,
    settings: Settings | None = None,
    *,
    registry: Registry | None = None,
    rejects: Sequence[Reject] = (),
    story_id: str | None = None,
    encoder: Encoder | None = None,
    stored: Sequence[StoredAnalysis] | None = None,
    progress: Callable[[str], None] | None = None,
    models: MutableMapping[str, Any] | None = None,
) -> Briefing:
    """One cited, cross-checked briefing for ``articles`` (cleaned) about one story.

    With an ``encoder`` (``newsfuse.embed``), sentence similarity also uses embeddings. The
    briefing is complete (every fact two or more articles state, every quote group, timeline entry
    and entity); renderers choose how many of each to show (``render.shown``).
    ``stored`` (one per article, from ``Store.stored_analyses``): analyses and sentence vectors
    kept by the ingest, used instead of parsing and encoding again; then the pipeline (``nlp``
    may be None) and the encoder are loaded only if something is missing, and embeddings are
    used when ``settings.embeddings`` is on. ``progress(step)`` is called as each step ends
    (``analyze``, ``embed``, ``align``, ``dates``, ``crosscheck``, ``summarize``).
    ``models``: where the models loaded on demand are kept (keys ``nlp`` and ``encoder``), for
    a long-running caller to load each at most once, and only when a briefing needs it.
    """
    from newsfuse.analyze.parallel import analyze_embed_jobs, analyze_jobs, resolve_jobs
    from newsfuse.analyze.pipeline import parse
    from newsfuse.analyze.timex import TimexCandidates, resolve_timexes, timex_candidates
    from newsfuse.crosscheck.entities import merge_entities
    from newsfuse.summarize import summarize

    settings = settings or Settings()
    loaded: MutableMapping[str, Any] = {} if models is None else models
    for key, given in (("nlp", nlp), ("encoder", encoder)):
        if given is not None or loaded.get(key) is None:
            loaded[key] = given

    def get_nlp() -> Language:
        if loaded["nlp"] is None:
            from newsfuse.analyze.nlp import load_nlp

            loaded["nlp"] = load_nlp(settings.model)
        return loaded["nlp"]

    def get_encoder() -> Encoder:
        if loaded["encoder"] is None:
            from newsfuse.embed import load_encoder

            loaded["encoder"] = load_encoder(runtime=settings.encoder_runtime)
        return loaded["encoder"]

    registry = registry or load_registry()
    stats: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stats[f"seconds_{name}"] = round(now - clock, 4)
        clock = now
        if progress is not None:
            progress(name)

    arts = prepare_articles(articles, settings, registry)
    kept = reuse_stored(arts, articles, stored) if stored is not None else None
    embed = encoder is not None or (stored is not None and settings.embeddings)
    # per article, its sentence vectors when they are already made (stored, or encoded in the
    # analysis processes); None: encoded below
    parts: list[np.ndarray | None]
    if kept is None:
        if embed:
            analyses, made = analyze_embed_jobs(arts, get_nlp(), get_encoder(), settings.jobs)
            parts = list(made)
        else:
            analyses = analyze_jobs(arts, get_nlp(), settings.jobs)
            parts = [None] * len(analyses)
    else:
        todo = [i for i, st in enumerate(kept) if st.analysis is None]
        fresh = analyze_jobs([arts[i] for i in todo], get_nlp(), settings.jobs) if todo else []
        redone = dict(zip(todo, fresh, strict=True))
        analyses = [st.analysis or redone[i] for i, st in enumerate(kept)]
        # an article analysed again (its date changed) keeps its stored rows when its sentences
        # are the same texts
        parts = [
            st.vectors
            if st.analysis is not None
            and [s.text for s in st.analysis.sentences] == [s.text for s in an.sentences]
            else None
            for an, st in zip(analyses, stored or (), strict=True)
        ]
    lap("analyze")
    index = merge_entities(analyses)
    analyses = apply_entities(analyses, index)
    canonical = index.canonical_of
    if embed:
        # rows stored by an ingest are taken as they are; rows made here come with the margin of
        # the encoder that made them, and decisions within it are taken again on float32 rows
        margin = get_encoder().cosine_margin if kept is None and settings.exact_decisions else 0.0
        vectors = StoryVectors(
            analyses, canonical, _embeddings(analyses, parts, get_encoder), margin=margin
        )
        lap("embed")
    else:
        vectors = StoryVectors(analyses, canonical)
    encode = get_encoder().exact_encode if vectors.margin else None
    # the MinHash values an ingest made of an article's text (the same text: ``kept`` holds
    # only articles whose text the story-level fixes left as stored)
    hashed = {
        p.text: st.minhash
        for p, st in zip(arts, kept or (), strict=False)
        if st.minhash is not None
    }
    groups = independence_groups(arts, registry, duplicate_pairs(arts, hashed))
    threshold = settings.crosscheck.fact_threshold
    # the pair model is made again whenever rows are replaced (its features cache cosines)
    linkers = [story_linker(vectors)]

    def relink() -> None:
        linkers[0] = story_linker(vectors)

    def exact(step: Callable[[], T]) -> T:
        return settled(vectors, step, encode, relink)

    memo: dict[int, FactCluster] = {}
    clusters = exact(
        lambda: align_facts(vectors, groups, threshold=threshold, linker=linkers[0], memo=memo)
    )
    lap("align")

    statements = [[vectors.refs[k].span for k in c.refs] for c in clusters]

    def cited_summary() -> list[SummarySentence]:
        summary = summarize(
            analyses,
            words=settings.words,
            groups=groups,
            truncate=settings.truncate,
            statements=statements,
            params=settings.summary,
        )
        alone = stand_alone(summary, analyses)
        return exact(lambda: [with_support(s, vectors, threshold, linkers[0]) for s in alone])

    # the summary reads nothing the dateline fixes (time expressions) or the cross-check below
    # make, nor they anything it makes: with more than one process allowed it is made in a forked
    # child meanwhile (brief/overlap.py); with decisions taken again on float32 rows (which
    # replace rows for all of them) it follows them, as alone
    pending = overlap.start(
        cited_summary, fork=resolve_jobs(settings.jobs) > 1 and not vectors.margin
    )

    try:
        # parsed again only for articles whose dates are re-resolved; their time expression
        # candidates do not depend on the date they are resolved against, so they are found once
        found: dict[str, TimexCandidates] = {}

        def retag(an: Analysis, ref: date) -> list:
            cands = found.get(an.article.id)
            if cands is None:
                doc = parse(get_nlp(), an.article.text)
                cands = found[an.article.id] = timex_candidates(doc, an.article)
            return resolve_timexes(cands, an.article, ref)

        # a header date is checked against the statements the concept/embedding rule groups: a wider
        # net than the facts' pair model, and weekday votes need several articles in one group
        rule_memo: dict[int, FactCluster] = {}
        voting = (
            clusters
            if linkers[0] is None
            else exact(lambda: align_facts(vectors, groups, threshold=threshold, memo=rule_memo))
        )
        conflicts = find_dateline_conflicts(analyses, vectors, voting, retag)
        for c in conflicts:
            k = next(i for i, an in enumerate(analyses) if an.article.id == c.article)
            analyses[k] = replace(analyses[k], timexes=tuple(retag(analyses[k], c.implied)))
        lap("dates")

        facts = [to_fact(vectors, c, groups) for c in clusters]
        timeline = exact(
            lambda: build_timeline(
                analyses,
                vectors,
                groups=groups,
                linker=linkers[0],
                link=settings.crosscheck.timeline_link,
            )
        )
        quotes = group_quotes(analyses, canonical)
        discrepancies = [dateline_discrepancy(c) for c in conflicts]
        discrepancies += exact(lambda: number_and_date_discrepancies(analyses, vectors))
        discrepancies += name_discrepancies(index.entities)
        regions = quoted_regions_of(analyses)  # the quoted parts of each article, found once
        frames = framing(analyses, load_families(), regions)
        stated = {k for c in clusters for k in c.refs}
        cover = exact(lambda: coverage(analyses, vectors, facts, stated, min_sim=threshold))
        frames += contrastive_terms(analyses, statements, regions=regions)
    except BaseException:
        pending.cancel()
        raise
    lap("crosscheck")
    summary = pending.result()
    if vectors.margin:  # sentences whose rows were replaced by float32 ones
        stats["rows_settled"] = vectors.settled_rows
    lap("summarize")
    return Briefing(
        headline=headline(arts, summary),
        articles=tuple(an.article for an in analyses),
        summary=tuple(summary),
        facts=tuple(facts),
        timeline=tuple(timeline),
        entities=tuple(e for e in index.entities if e.type in BRIEF_ENTITY_TYPES),
        quotes=tuple(quotes),
        discrepancies=tuple(discrepancies),
        framing=tuple(frames),
        coverage=tuple(cover),
        loaded=tuple(ph for an in analyses for ph in an.loaded),
        rejects=tuple(rejects),
        id=story_id,
        stats=stats,
    )


def stand_alone(
    summary: Sequence[SummarySentence], analyses: Sequence[Analysis]
) -> list[SummarySentence]:
    """The summary with each sentence whose subject is a pronoun read alone: kept after the
    sentence it follows in its article, else "[Name]" for a resolved pronoun, else left out."""
    from newsfuse.analyze.standalone import sentence_at, standalone_text

    by_id = {an.article.id: an for an in analyses}
    out: list[SummarySentence] = []
    last: tuple[str, int] | None = None  # (article, sentence index) the kept text ends with
    for s in summary:
        own = s.citations[0] if s.citations else None
        an = by_id.get(own.article) if own is not None else None
        i = sentence_at(an, own.start) if an is not None and own is not None else None
        if an is None or own is None or i is None:
            out.append(s)
            last = None
            continue
        text: str | None = s.text
        if last != (an.article.id, i - 1):
            text = standalone_text(an, i, s.text, own.start)
        if text is not None:
            out.append(s if text == s.text else replace(s, text=text))
            j = sentence_at(an, max(own.start, own.end - 1))
            last = (an.article.id, j if j is not None else i)
    return out


def _embeddings(
    analyses: Sequence[Analysis],
    parts: Sequence[np.ndarray | None],
    get_encoder: Callable[[], Encoder],
) -> np.ndarray:
    """One vector per sentence in story order (``StoryVectors.texts()``): each article's rows
    where they are already made (stored by the ingest, or encoded beside its parse) for as many
    sentences, the others encoded now. The encoder's rows do not depend on what else is encoded
    with them, so where a row was made does not change it."""
    ok = [
        p if p is not None and len(p) == len(an.sentences) else None
        for an, p in zip(analyses, parts, strict=True)
    ]
    missing = [
        s.text for an, p in zip(analyses, ok, strict=True) if p is None for s in an.sentences
    ]
    fresh = get_encoder().encode(missing) if missing else None
    rows: list[np.ndarray] = []
    at = 0
    for an, p in zip(analyses, ok, strict=True):
        if p is None:
            # fresh is encoded whenever a part is missing (None only if no sentence is)
            p = fresh[at : at + len(an.sentences)]  # type: ignore[index]
            at += len(an.sentences)
        rows.append(p)
    if not rows:
        return np.zeros((0, 384), dtype=np.float32)
    return np.vstack(rows).astype(np.float32, copy=False)


def headline(articles: Sequence[Article], summary: Sequence[SummarySentence]) -> str:
    """The title that shares most words with the summary's lead; else the lead itself, shortened."""
    lead = summary[0].text if summary else ""
    lead_words = {w.lower().strip(".,’'\"") for w in lead.split() if len(w) > 3}
    titled = [a for a in articles if a.title]
    if titled:

        def score(a: Article) -> tuple[int, int]:
            words = {w.lower().strip(".,’'\"") for w in (a.title or "").split() if len(w) > 3}
            return (len(words & lead_words), -len(a.title or ""))

        return max(titled, key=score).title or ""
    words = lead.split()
    return " ".join(words[:14]) + (" …" if len(words) > 14 else "") if words else "Briefing"
