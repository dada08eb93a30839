"""A dated timeline: one entry per event, merged across outlets, each with its citations.

Every sentence with a resolved calendar date (a day, a month or a year, from the time-expression
tagger, relative expressions already resolved against the article's own date) is an event
mention. Mentions of the same day from different articles merge when their sentences state the
same thing (concept similarity) — so "had a phone conversation on Saturday" and "held a 25-minute
telephone conversation ... on Saturday morning" become one entry citing both.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np

from newsfuse.crosscheck.independence import count_independent
from newsfuse.crosscheck.linker import Linker, blocked
from newsfuse.crosscheck.repeats import repeated_refs
from newsfuse.crosscheck.similarity import StoryVectors
from newsfuse.knobs import CrossCheckParams
from newsfuse.model import Analysis, Span, TimelineEntry, Timex
from newsfuse.unionfind import UnionFind

CAL_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-W\d{2})?")
CLAUSE_END = re.compile(r"[,;:—–]\s|\s[-—–]\s| wherein | during which | which | who ")
MAX_EVENT_WORDS = 30
TRAIL_WORDS = 6  # words shown after a late date, when the text must start mid-sentence
MIN_EVENT_WORDS = 10
# a date after these words bounds a period ("since October"), it does not date an event
NOT_AN_EVENT = re.compile(r"\b(?:since|by)\s+$", re.IGNORECASE)


@dataclass(slots=True)
class _Mention:
    ref: int  # index into StoryVectors.refs
    date: str
    timex: Timex


@dataclass(slots=True)
class _Group:
    date: str
    mentions: list[_Mention] = field(default_factory=list)


DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def day_of(value: str) -> str | None:
    """The calendar day a TIMEX3 value names (``2022-02-26TNI`` -> ``2022-02-26``), or None
    for a month, a year, a week or a weekend (``2005-W04-WE``)."""
    m = DAY_RE.match(value)
    return m.group(0) if m else None


def calendar_value(t: Timex) -> str | None:
    """The calendar part of a DATE/TIME value ("2022-02-26TMO" -> "2022-02-26"), if any."""
    if t.type not in {"DATE", "TIME"} or not t.value:
        return None
    m = CAL_RE.match(t.value)
    return m.group(0) if m else None


def event_text(sentence: str, sent_start: int, timex: Timex) -> str:
    """The sentence; when it is long, cut at the first clause end after the date that leaves
    at least ``MIN_EVENT_WORDS`` words, else after ``MAX_EVENT_WORDS`` words. The words that
    date the event are always shown: when they come later than that, the text is the
    ``MAX_EVENT_WORDS`` words that end a few words after them, marked "…" at the front."""
    rel_end = min(max(timex.span.end - sent_start, 0), len(sentence))
    through = len(sentence[:rel_end].split())  # words up to the end of the timex
    words = sentence.split()
    sentence = " ".join(words)
    rel_end = len(" ".join(words[:through]))  # the same place, white space normalised
    if len(words) <= MAX_EVENT_WORDS:
        return sentence
    if through > MAX_EVENT_WORDS:
        end = min(len(words), through + TRAIL_WORDS)
        start = end - MAX_EVENT_WORDS
        return "… " + " ".join(words[start:end]) + (" …" if end < len(words) else "")
    cut = None
    for m in CLAUSE_END.finditer(sentence, rel_end):
        if len(sentence[: m.start()].split()) >= MIN_EVENT_WORDS:
            cut = m.start()
            break
    if cut is None or len(sentence[:cut].split()) > MAX_EVENT_WORDS:
        return " ".join(words[:MAX_EVENT_WORDS]).rstrip(",;:") + " …"
    return sentence[:cut].rstrip(",;:") + " …"


def day_mentions(analyses: Sequence[Analysis], vectors: StoryVectors) -> list[_Mention]:
    """Every (sentence, calendar date) of the story, once per sentence and day ("Today,
    February 22" is one mention); a date after "since"/"by" bounds a period and is left out."""
    mentions: list[_Mention] = []
    seen: set[tuple[int, str]] = set()
    copies = repeated_refs(vectors)  # the first copy of a sentence its article repeats is enough
    for k, ref in enumerate(vectors.refs):
        if k in copies:
            continue
        an = analyses[ref.doc]
        for t in an.timexes:
            if ref.span.start <= t.span.start < ref.span.end:
                value = calendar_value(t)
                before = an.article.text[max(0, t.span.start - 12) : t.span.start]
                if value and not NOT_AN_EVENT.search(before) and (k, value[:10]) not in seen:
                    seen.add((k, value[:10]))
                    mentions.append(_Mention(k, value, t))
    return mentions


def build_timeline(
    analyses: Sequence[Analysis],
    vectors: StoryVectors,
    *,
    threshold: float = 0.22,
    limit: int | None = None,
    groups: Mapping[str, str] | None = None,
    linker: Linker | None = None,
    link: float = CrossCheckParams().timeline_link,
    days: Mapping[str, float] | None = None,
) -> list[TimelineEntry]:
    """The story's timeline: one entry per event and date, citing every article that reports it.

    ``groups`` (article id -> independence label, :mod:`newsfuse.crosscheck.independence`) gives
    each entry its independent-source count; without it every article counts. With a ``linker``
    (the learned pair model), two mentions of one day in different articles are one event when
    the model's probability reaches ``link`` (or the concept/embedding rule holds). Each entry of
    a day gets that day's ``day_score``: from ``days`` (day -> score) when given, else the
    learned date ranking's over ``analyses`` (:func:`newsfuse.crosscheck.dates_model.day_scores`).
    """
    from newsfuse.crosscheck.dates_model import day_scores

    mentions = day_mentions(analyses, vectors)
    merged = _merge_same_events(mentions, vectors, threshold, linker, link)
    scores = day_scores(analyses) if days is None else days
    entries = [_entry(analyses, vectors, g, groups) for g in merged]
    entries = [replace(e, day_score=scores.get(day_of(e.date) or "")) for e in entries]
    central = _centrality(vectors, entries)
    if limit is not None:
        entries = top_entries(entries, [a.article.published for a in analyses], limit)
    # in date order; within a date, most independent sources, then articles, then the entry
    # closest to the whole story (a page's furniture or an aside names a day too)
    entries.sort(
        key=lambda e: (
            e.date.ljust(10, "~"),
            -e.independent_sources,
            -len(e.articles),
            -central.get(id(e), 0.0),
        )
    )
    if vectors.margin:
        _doubt_centrality(vectors, entries, central)
    return entries


def _doubt_centrality(
    vectors: StoryVectors, entries: Sequence[TimelineEntry], central: dict[int, float]
) -> None:
    """Record the sentences of neighbouring entries (sorted) whose order rests on centralities
    that could change places with float32 rows. A centrality is a mean over the whole story: it
    moves by the margin when its own row is inexact, else by the share of inexact rows; when
    both entries' rows are exact and the order is still in doubt, every inexact row is."""
    by_span = {(r.article, r.span.start): k for k, r in enumerate(vectors.refs)}
    inexact = np.flatnonzero(~vectors.exact)
    share = len(inexact) / max(len(vectors.refs), 1)
    for x, y in zip(entries, entries[1:], strict=False):
        if (x.date, x.independent_sources, len(x.articles)) != (
            y.date,
            y.independent_sources,
            len(y.articles),
        ):
            continue
        cx, cy = x.citations[0], y.citations[0]
        kx, ky = by_span.get((cx.article, cx.start)), by_span.get((cy.article, cy.start))
        if kx is None or ky is None or id(x) not in central or id(y) not in central:
            continue
        spread = sum(share if vectors.exact[k] else 1.0 for k in (kx, ky))
        both = bool(vectors.exact[kx] and vectors.exact[ky])
        ks = inexact.tolist() if both else [kx, ky]
        vectors.doubt(central[id(x)] - central[id(y)], spread, ks)


def _centrality(vectors: StoryVectors, entries: Sequence[TimelineEntry]) -> dict[int, float]:
    """Mean embedding cosine of each entry's shown sentence with every sentence of the story
    (empty without embeddings), by ``id`` of the entry."""
    if vectors.semantic is None or not len(vectors.semantic):
        return {}
    mean = vectors.semantic.mean(axis=1)
    by_span = {(r.article, r.span.start): k for k, r in enumerate(vectors.refs)}
    out = {}
    for e in entries:
        c = e.citations[0]
        k = by_span.get((c.article, c.start))
        if k is not None:
            out[id(e)] = float(mean[k])
    return out


@dataclass(frozen=True, slots=True)
class DateWeights:
    """How a day's count is made: articles that mention it, plus ``later`` for each of them
    published after it (the day is still told later), plus ``published`` for each article
    published that day. Both 0 (the count of articles that mention the day) won the grid of
    ``newsfuse eval timeline --tune`` on the Iraq war year: 0.490 date F1 against 0.458-0.477
    for every other pair."""

    later: float = 0.0
    published: float = 0.0


def rank_dates(
    entries: Sequence[TimelineEntry],
    published: Mapping[str, date | None],
    weights: DateWeights = DateWeights(),
    learned: bool = True,
) -> list[tuple[str, float]]:
    """Days (``YYYY-MM-DD``) the timeline's entries name, most likely in a journalist's
    timeline first: with ``learned`` and entries that carry a ``day_score``
    (:func:`build_timeline`'s), by that score; else by how many articles tell them (see
    :class:`DateWeights`); ties by the earlier day. ``published``: article id -> its date."""
    if learned:
        learned_scores = {
            day: e.day_score
            for e in entries
            if e.day_score is not None and (day := day_of(e.date)) is not None
        }
        if learned_scores:
            return sorted(learned_scores.items(), key=lambda x: (-x[1], x[0]))
    telling: dict[str, set[str]] = {}
    for e in entries:
        day = day_of(e.date)
        if day is not None:
            telling.setdefault(day, set()).update(e.articles)
    by_day: dict[str, int] = {}
    for d in published.values():
        if d is not None:
            by_day[d.isoformat()] = by_day.get(d.isoformat(), 0) + 1
    scores: dict[str, float] = {}
    for day, arts in telling.items():
        later = sum(1 for a in arts if (p := published.get(a)) is not None and p.isoformat() > day)
        scores[day] = len(arts) + weights.later * later + weights.published * by_day.get(day, 0)
    return sorted(scores.items(), key=lambda x: (-x[1], x[0]))


def top_entries(
    entries: Sequence[TimelineEntry], published: Sequence[date | None], limit: int
) -> list[TimelineEntry]:
    """The ``limit`` entries a reader needs first, in date order. Entries rank by most
    independent sources, then most articles, then closest to the story's median article date
    (background sinks). When the entries carry day scores (:func:`build_timeline`'s learned date
    ranking), the page first gives one entry to each day, the days the ranking scores highest
    first (each day's entry: its first by that order); the places left go to the other entries
    in that order."""
    dates = sorted(d for d in published if d)
    focus = dates[len(dates) // 2] if dates else None

    def distance(e: TimelineEntry) -> int:
        if focus is None:
            return 0
        d = e.date[:10]
        try:
            day = date.fromisoformat(d if len(d) == 10 else (d + "-01-01")[:10])
        except ValueError:
            return 10_000
        return abs((day - focus).days)

    ranked = sorted(
        entries,
        key=lambda e: (
            -e.independent_sources,
            -len(e.articles),
            distance(e) > 14,
            distance(e),
            e.date,
        ),
    )
    kept = ranked[:limit]
    if any(e.day_score is not None for e in entries):
        first: dict[str, TimelineEntry] = {}
        for e in ranked:
            day = day_of(e.date)
            if day is not None and e.day_score is not None and day not in first:
                first[day] = e
        days = sorted(first.values(), key=lambda e: (-(e.day_score or 0.0), e.date))[:limit]
        chosen = {id(e) for e in days}
        kept = days + [e for e in ranked if id(e) not in chosen][: max(0, limit - len(days))]
    kept.sort(key=lambda e: (e.date.ljust(10, "~"), -len(e.articles)))
    return kept


def _merge_same_events(
    mentions: list[_Mention],
    vectors: StoryVectors,
    threshold: float,
    linker: Linker | None = None,
    link: float = 1.0,
) -> list[_Group]:
    """Single-link groups of same-day mentions that state the same thing, never joining two
    groups that name different people (a call with Blinken is not the call with Rau), nor two
    mentions that give different numbers of one thing (with a ``linker``)."""
    uf: UnionFind[int] = UnionFind(range(len(mentions)))
    pairs = []
    same_day: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        same_day.setdefault(m.date, []).append(i)
    # only mentions of one day are compared (the pairs are sorted below, so order is free)
    for day in same_day.values():
        for x, i in enumerate(day):
            a = mentions[i]
            for j in day[x + 1 :]:
                b = mentions[j]
                if a.ref == b.ref:
                    continue
                same_doc = vectors.refs[a.ref].doc == vectors.refs[b.ref].doc
                # two mentions in one article must state the same thing more clearly
                bar = threshold + 0.1 if same_doc else threshold
                if same_event(vectors, a.ref, b.ref, bar, None if same_doc else linker, link):
                    pairs.append((vectors.sim(a.ref, b.ref), i, j))
    members: dict[int, list[int]] = {i: [i] for i in range(len(mentions))}
    for _, i, j in sorted(pairs, reverse=True):
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            continue
        if any(
            vectors.other_people(mentions[x].ref, mentions[y].ref)
            for x in members[ri]
            for y in members[rj]
        ):
            continue
        uf.union(ri, rj)
        root, other = uf.find(ri), (rj if uf.find(ri) == ri else ri)
        members[root].extend(members.pop(other))
    return [_Group(mentions[g[0]].date, [mentions[i] for i in g]) for g in members.values()]


def same_event(
    vectors: StoryVectors,
    a: int,
    b: int,
    threshold: float,
    linker: Linker | None = None,
    link: float = 1.0,
) -> bool:
    """Whether two sentences that name the same day report one event: the concept/embedding
    rule, or the pair model's probability reaches ``link``; never when a ``linker`` finds that
    they give different numbers of one thing or name different people."""
    if linker is not None:
        p = linker.probability(a, b)  # 0.0 for a number or person conflict
        if vectors.margin:
            linker.doubt(a, b, link)
        if p >= link:
            return True
        if p == 0.0 and blocked(vectors, a, b):
            return False
    return vectors.same_statement(a, b, threshold)[0]


def _entry(
    analyses: Sequence[Analysis],
    vectors: StoryVectors,
    g: _Group,
    groups: Mapping[str, str] | None = None,
) -> TimelineEntry:
    """The entry of one group; its text is the most central mention's, cited first."""
    refs = list(dict.fromkeys(m.ref for m in g.mentions))

    def centrality(m: _Mention) -> tuple[float, int]:
        s = sum(vectors.sim(m.ref, r) for r in refs if r != m.ref)
        return (s, -len(vectors.refs[m.ref].sentence.text))

    best = max(g.mentions, key=centrality)
    if vectors.margin and len(refs) > 2:
        # each sum may move by ``weight`` margins per other mention
        top = centrality(best)[0]
        for m in g.mentions:
            if m.ref != best.ref:
                spread = 2 * vectors.weight * (len(refs) - 1)
                vectors.doubt(top - centrality(m)[0], spread, refs)
    refs.remove(best.ref)
    refs.insert(0, best.ref)
    sent = vectors.refs[best.ref].sentence
    articles = tuple(dict.fromkeys(vectors.refs[r].article for r in refs))
    values = Counter(m.timex.value for m in g.mentions)
    full = values.most_common(1)[0][0] or g.date
    date = full if len(values) == 1 else g.date
    return TimelineEntry(
        date=date,
        event=event_text(sent.text, sent.span.start, best.timex),
        citations=tuple(
            Span(vectors.refs[r].article, vectors.refs[r].span.start, vectors.refs[r].span.end)
            for r in refs
        ),
        articles=articles,
        independent_sources=count_independent(articles, groups or {}),
    )
