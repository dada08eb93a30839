"""A learned ranking of a story's days: which days a journalist's timeline would keep.

Every calendar day the story's articles name (a time expression resolved to a day, not after
"since" or "by") is a candidate. Each is described by how the articles tell it, in the spirit of
DATEWISE (Gholipour Ghalandari and Ifrim, 2020): how many articles mention it, published before
it, that day, after it and more than a week after it; how many sentences name it; how many
articles name it in their first sentences or in their first paragraph; how many name it with a
full date rather than a relative one ("Tuesday"); how many articles were published that day; its
place in the story's span; and its PageRank in the story's date-reference graph
(:func:`reference_rank`: a day counts for more when the articles that name it were published on
days that are themselves much named). Counts enter as ``log(1 + n)`` and as a share of the story's largest count, so stories of
20 and 400 articles are read alike.

A logistic regression scores the days (``data/date_model.json``: coefficients learned from
Timeline17's Iraq war and Haiti timelines by ``newsfuse eval timeline --write-date-model``); the
days are ranked by that probability. :func:`day_scores` gives each day's score; with no
candidate day, or no usable model file (missing, or written for other features), it is empty and
the days rank by their mention count.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

from newsfuse.model import Analysis

MODEL_FILE = "date_model.json"
LEAD_SENTENCES = 3  # "first sentences": a headline, a dateline lead and the sentence after
LATE_DAYS = 7  # an article published more than a week after the day retells it
COUNTS = (
    "articles",  # articles that name the day
    "before",  # of them, published before it (a day announced ahead)
    "same_day",  # published that day
    "after",  # published after it
    "late",  # published more than LATE_DAYS after it
    "sentences",  # sentences that name it
    "lead",  # articles that name it in their first LEAD_SENTENCES sentences
    "explicit",  # articles that name it with a full date ("January 12", "12/1/2010")
    "relative",  # articles that name it relative to their date ("Tuesday", "yesterday")
    "published",  # articles published that day
)
FEATURES: tuple[str, ...] = (
    *(f"log_{c}" for c in COUNTS),
    *(f"share_{c}" for c in COUNTS),
    "mean_log_days_after",  # how long after the day the articles that name it appeared
    "position",  # place in the span of publication dates, 0 (first) to 1 (last)
    "outside",  # before the first or after the last publication date
    "log_reference_rank",  # log of the day's PageRank in the date-reference graph, times its size
)
DAMPING = 0.85  # PageRank's usual damping factor (not tuned)
RANK_ROUNDS = 50  # power iterations (the ranking of days is settled well before)


@dataclass(slots=True)
class _Day:
    articles: set[int] = field(default_factory=set)
    before: set[int] = field(default_factory=set)
    same_day: set[int] = field(default_factory=set)
    after: set[int] = field(default_factory=set)
    late: set[int] = field(default_factory=set)
    lead: set[int] = field(default_factory=set)
    explicit: set[int] = field(default_factory=set)
    relative: set[int] = field(default_factory=set)
    sentences: int = 0
    days_after: list[int] = field(default_factory=list)


def day_mentions(an: Analysis) -> list[tuple[str, int, bool]]:
    """``(day, sentence index, relative)`` of every day an article names, once per sentence and
    day; a day after "since" or "by" bounds a period and is left out (as in the timeline)."""
    from newsfuse.crosscheck.timeline import NOT_AN_EVENT, calendar_value, day_of

    starts = [s.span.start for s in an.sentences]
    seen: set[tuple[str, int]] = set()
    out = []
    for t in an.timexes:
        value = calendar_value(t)
        day = day_of(value) if value else None
        if day is None:
            continue
        before = an.article.text[max(0, t.span.start - 12) : t.span.start]
        if NOT_AN_EVENT.search(before):
            continue
        k = max(0, bisect_right(starts, t.span.start) - 1)
        if (day, k) in seen:
            continue
        seen.add((day, k))
        out.append((day, k, t.relative))
    return out


def day_features(analyses: Sequence[Analysis]) -> dict[str, list[float]]:
    """Each day the articles name (``YYYY-MM-DD``) with its row of :data:`FEATURES`."""
    days: dict[str, _Day] = {}
    links: list[tuple[str, str]] = []  # (publication day, day named), one per article and day
    for i, an in enumerate(analyses):
        pub = an.article.published
        for day, k, relative in day_mentions(an):
            try:
                when = date.fromisoformat(day)
            except ValueError:
                continue
            d = days.setdefault(day, _Day())
            d.sentences += 1
            if i in d.articles:
                if k < LEAD_SENTENCES:
                    d.lead.add(i)
                (d.relative if relative else d.explicit).add(i)
                continue
            d.articles.add(i)
            if k < LEAD_SENTENCES:
                d.lead.add(i)
            (d.relative if relative else d.explicit).add(i)
            if pub is None:
                continue
            links.append((pub.isoformat(), day))
            gap = (pub - when).days
            (d.before if gap < 0 else d.same_day if gap == 0 else d.after).add(i)
            if gap > LATE_DAYS:
                d.late.add(i)
            if gap > 0:
                d.days_after.append(gap)
    published: dict[str, int] = {}
    for an in analyses:
        if an.article.published is not None:
            key = an.article.published.isoformat()
            published[key] = published.get(key, 0) + 1
    ranks = reference_rank(links, [*days, *published])
    counts = {
        day: [
            len(d.articles),
            len(d.before),
            len(d.same_day),
            len(d.after),
            len(d.late),
            d.sentences,
            len(d.lead),
            len(d.explicit),
            len(d.relative),
            published.get(day, 0),
        ]
        for day, d in days.items()
    }
    top = [max([c[j] for c in counts.values()] + [1]) for j in range(len(COUNTS))]
    first = min(published) if published else None
    last = max(published) if published else None
    out = {}
    for day, c in counts.items():
        d = days[day]
        row = [math.log1p(n) for n in c] + [n / t for n, t in zip(c, top, strict=True)]
        after = (
            sum(math.log1p(g) for g in d.days_after) / len(d.days_after) if d.days_after else 0.0
        )
        if first is None or last is None:
            position, outside = 0.5, 0.0
        else:
            span = max(1, (date.fromisoformat(last) - date.fromisoformat(first)).days)
            position = (date.fromisoformat(day) - date.fromisoformat(first)).days / span
            outside = float(day < first or day > last)
            position = min(1.0, max(0.0, position))
        out[day] = [*row, after, position, outside, ranks[day]]
    return out


def reference_rank(links: Sequence[tuple[str, str]], days: Iterable[str]) -> dict[str, float]:
    """Each of ``days`` (the days named and the publication days) with ``log(n * PageRank)`` in
    the date-reference graph of ``links`` (``(publication day, day named)``, one per article and
    day it names) over those ``n`` days: a walk goes from a day to the days its articles name (in
    proportion to the articles), from a day whose articles name none to any day, and jumps to
    any day with probability ``1 - DAMPING``; 0 is the rank of a day no different from the
    rest."""
    import numpy as np

    names = sorted({d for link in links for d in link} | set(days))
    index = {d: k for k, d in enumerate(names)}
    n = len(names)
    if n == 0:
        return {}
    src = np.array([index[a] for a, _ in links], dtype=np.int64)
    dst = np.array([index[b] for _, b in links], dtype=np.int64)
    out = np.bincount(src, minlength=n).astype(np.float64)
    dangling = out == 0
    rank = np.full(n, 1.0 / n)
    for _ in range(RANK_ROUNDS):
        flow = np.bincount(dst, weights=rank[src] / out[src], minlength=n).astype(np.float64)
        rank = (1 - DAMPING) / n + DAMPING * (flow + rank[dangling].sum() / n)
    return {d: math.log(float(rank[index[d]]) * n) for d in days}


@dataclass(frozen=True, slots=True)
class DateModel:
    """Logistic regression weights over :data:`FEATURES` (inputs standardised by ``mean`` and
    ``scale``)."""

    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def score(self, row: Sequence[float]) -> float:
        """The linear score (the log-odds that a journalist's timeline keeps the day)."""
        return self.bias + sum(
            w * (x - m) / s
            for w, x, m, s in zip(self.weights, row, self.mean, self.scale, strict=True)
        )


def model_from_json(text: str) -> DateModel:
    raw = json.loads(text)
    if list(raw["features"]) != list(FEATURES):
        raise ValueError("date model features differ from the code's")
    return DateModel(
        tuple(float(w) for w in raw["weights"]),
        float(raw["bias"]),
        tuple(float(m) for m in raw["mean"]),
        tuple(float(s) for s in raw["scale"]),
    )


def usable_model(text: str | None) -> DateModel | None:
    """The model of a model file's ``text``; None when there is no file (``text`` None) or it
    is not a model of today's :data:`FEATURES` (written by other code, or damaged)."""
    if text is None:
        return None
    try:
        return model_from_json(text)
    except (ValueError, KeyError, TypeError):
        return None


@lru_cache(maxsize=1)
def date_model() -> DateModel | None:
    """The shipped model (``data/date_model.json``), or None when the file is missing or was
    written for other features: the days then rank by their mention count, as without a model
    (:func:`newsfuse.crosscheck.timeline.rank_dates`)."""
    path = resources.files("newsfuse.data").joinpath(MODEL_FILE)
    return usable_model(path.read_text("utf-8") if path.is_file() else None)


def day_scores(analyses: Sequence[Analysis], model: DateModel | None = None) -> dict[str, float]:
    """Each day the articles name, with the model's score (higher: more likely a timeline day);
    empty without a usable model (:func:`date_model`)."""
    m = model or date_model()
    if m is None:
        return {}
    return {day: m.score(row) for day, row in day_features(analyses).items()}
