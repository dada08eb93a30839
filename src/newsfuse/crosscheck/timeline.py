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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from newsfuse.crosscheck.similarity import StoryVectors
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


def build_timeline(
    analyses: Sequence[Analysis],
    vectors: StoryVectors,
    *,
    threshold: float = 0.22,
    limit: int | None = None,
) -> list[TimelineEntry]:
    mentions: list[_Mention] = []
    for k, ref in enumerate(vectors.refs):
        an = analyses[ref.doc]
        for t in an.timexes:
            if ref.span.start <= t.span.start < ref.span.end:
                value = calendar_value(t)
                before = an.article.text[max(0, t.span.start - 12) : t.span.start]
                if value and not NOT_AN_EVENT.search(before):
                    mentions.append(_Mention(k, value, t))
    seen: set[tuple[int, str]] = set()  # "Today, February 22": one mention per sentence and day
    unique: list[_Mention] = []
    for m in mentions:
        if (m.ref, m.date[:10]) not in seen:
            seen.add((m.ref, m.date[:10]))
            unique.append(m)
    mentions = unique
    groups = _merge_same_events(mentions, vectors, threshold)
    entries = [_entry(analyses, vectors, g) for g in groups]
    if limit is not None:
        entries = top_entries(entries, [a.article.published for a in analyses], limit)
    entries.sort(key=lambda e: (e.date.ljust(10, "~"), -len(e.articles)))
    return entries


def top_entries(
    entries: Sequence[TimelineEntry], published: Sequence[date | None], limit: int
) -> list[TimelineEntry]:
    """The ``limit`` entries a reader needs first: most articles, then closest to the story's
    median article date (background sinks); in date order."""
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
        entries, key=lambda e: (-len(e.articles), distance(e) > 14, distance(e), e.date)
    )
    kept = ranked[:limit]
    kept.sort(key=lambda e: (e.date.ljust(10, "~"), -len(e.articles)))
    return kept


def _merge_same_events(
    mentions: list[_Mention], vectors: StoryVectors, threshold: float
) -> list[_Group]:
    """Single-link groups of same-day mentions that state the same thing, never joining two
    groups that name different people (a call with Blinken is not the call with Rau)."""
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
                if vectors.same_statement(a.ref, b.ref, bar)[0]:
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


def _entry(analyses: Sequence[Analysis], vectors: StoryVectors, g: _Group) -> TimelineEntry:
    refs = list(dict.fromkeys(m.ref for m in g.mentions))

    def centrality(m: _Mention) -> tuple[float, int]:
        s = sum(vectors.sim(m.ref, r) for r in refs if r != m.ref)
        return (s, -len(vectors.refs[m.ref].sentence.text))

    best = max(g.mentions, key=centrality)
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
    )
