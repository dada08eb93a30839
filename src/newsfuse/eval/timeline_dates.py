"""The date choice of ``newsfuse eval timeline`` alone: date F1 of the days each ranking picks.

A timeline's dates are the days its entries name (:func:`newsfuse.eval.timeline.select`): the
days the articles of the reference's span name, within that span. Which of them are kept depends
only on each article's date and resolved time expressions, so this measures the ranking from the
sentences and time expressions alone (``--dates-only``: the parse without the rest of the
analysis or the sentence vectors), on every reference timeline:

* **mention count**: :func:`newsfuse.crosscheck.timeline.rank_dates` as the briefing ranked days
  before the learned model (articles that name the day, ties by the earlier day);
* **learned**: :mod:`newsfuse.crosscheck.dates_model`, fitted on the tuning topics' timelines
  (label: the day is in the reference), reported on the others; and leave one topic out: fitted
  on every other topic's timelines, reported on that topic's, so no figure rests on one split.

``--write-date-model`` fits on the tuning topics (:data:`newsfuse.eval.timeline.TUNE_TOPICS`)
and writes ``newsfuse/data/date_model.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from newsfuse.crosscheck.dates_model import FEATURES, MODEL_FILE, DateModel, day_features
from newsfuse.eval.timeline import TUNE_TOPICS, Timeline

if TYPE_CHECKING:
    from newsfuse.eval.timeline import Topic
    from newsfuse.model import Analysis

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / MODEL_FILE
DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "eval" / "timeline-dates.md"
C = 1.0  # the regression's inverse regularisation (scikit-learn's default, not tuned)
MONTH_RE = re.compile(r"\d{4}-\d{2}")
NEAR_DAYS = (1, 3)  # the tolerances of the near-miss columns


@dataclass(frozen=True, slots=True)
class Case:
    """One reference timeline with the candidate days of its span and their feature rows."""

    topic: str
    reference: str
    gold: frozenset[str]
    days: tuple[str, ...]  # candidates within the span, in day order
    rows: tuple[tuple[float, ...], ...]
    months_only: float = 0.0  # share of the span's calendar expressions naming a month, no day

    @property
    def tuned(self) -> bool:
        return self.topic in TUNE_TOPICS


def cases_of(topic: Topic, analyses: Sequence[Analysis]) -> list[Case]:
    """A case per reference timeline of ``topic``: the articles published within its first and
    last date, the days they name within that span."""
    out = []
    for name, ref in topic.references:
        first, last = min(ref), max(ref)
        window = [
            an
            for an in analyses
            if an.article.published is not None and first <= an.article.published <= last
        ]
        feats = day_features(window)
        days = tuple(sorted(d for d in feats if first.isoformat() <= d <= last.isoformat()))
        out.append(
            Case(
                topic.name,
                name,
                frozenset(d.isoformat() for d in ref),
                days,
                tuple(tuple(feats[d]) for d in days),
                months_only(window),
            )
        )
    return out


def months_only(analyses: Sequence[Analysis]) -> float:
    """The share of the articles' calendar time expressions (a day or a month: ``2011-03-15``,
    ``2011-03``) that name a month and no day."""
    from newsfuse.crosscheck.timeline import calendar_value, day_of

    days = months = 0
    for an in analyses:
        for t in an.timexes:
            value = calendar_value(t)
            if not value:
                continue
            if day_of(value):
                days += 1
            elif MONTH_RE.fullmatch(value):
                months += 1
    return months / (days + months) if days + months else 0.0


def by_count(case: Case) -> list[str]:
    """The days most articles name first, ties by the earlier day (``rank_dates``)."""
    n = FEATURES.index("log_articles")
    return [
        d for _, d in sorted(zip(case.rows, case.days, strict=True), key=lambda x: (-x[0][n], x[1]))
    ]


def by_model(case: Case, model: DateModel) -> list[str]:
    """The days by the model's score, ties by the earlier day."""
    scored = [(model.score(r), d) for r, d in zip(case.rows, case.days, strict=True)]
    return [d for _, d in sorted(scored, key=lambda x: (-x[0], x[1]))]


def f1(ranked: Sequence[str], case: Case) -> float:
    """Date F1 of the first ``len(gold)`` days of ``ranked``."""
    from newsfuse.eval.tilse import date_f1

    pred: Timeline = {date.fromisoformat(d): [] for d in ranked[: len(case.gold)]}
    ref: Timeline = {date.fromisoformat(d): ["-"] for d in case.gold}
    return date_f1(pred, ref).f1


def fit(cases: Sequence[Case]) -> DateModel:
    """A logistic regression over every candidate day of ``cases`` (label: in the reference),
    inputs standardised."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array([r for c in cases for r in c.rows], dtype=np.float64)
    y = np.array([int(d in c.gold) for c in cases for d in c.days])
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=C, max_iter=5000).fit((x - mean) / scale, y)
    return DateModel(
        tuple(float(w) for w in lr.coef_[0]),
        float(lr.intercept_[0]),
        tuple(float(m) for m in mean),
        tuple(float(s) for s in scale),
    )


def model_json(model: DateModel, cases: Sequence[Case]) -> str:
    """The model file (rounded figures: the ranking is not sensitive to the sixth decimal)."""
    refs = ", ".join(f"{c.reference} ({len(c.days)} days)" for c in cases)
    doc = {
        "source": f"Timeline17 topics {', '.join(sorted({c.topic for c in cases}))}: {refs}",
        "rows": sum(len(c.days) for c in cases),
        "C": C,
        "features": list(FEATURES),
        "weights": [round(w, 6) for w in model.weights],
        "bias": round(model.bias, 6),
        "mean": [round(m, 6) for m in model.mean],
        "scale": [round(s, 6) for s in model.scale],
    }
    return json.dumps(doc, indent=1) + "\n"


def mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def split_table(cases: Sequence[Case], model: DateModel) -> str:
    """Date F1 of both rankings, mean over the tuning and the reported topics' timelines, then
    per timeline."""
    lines = [
        "| split | timelines | mention count | learned |",
        "|---|---:|---:|---:|",
    ]
    for tuned, label in ((True, "tuned"), (False, "reported")):
        cs = [c for c in cases if c.tuned == tuned]
        if cs:
            topics = ", ".join(sorted({c.topic for c in cs}))
            lines.append(
                f"| {label}: {topics} | {len(cs)} | {mean([f1(by_count(c), c) for c in cs]):.3f} "
                f"| {mean([f1(by_model(c, model), c) for c in cs]):.3f} |"
            )
    lines += [
        "",
        "| timeline | dates | candidate days | mention count | learned |",
        "|---|---:|---:|---:|---:|",
    ]
    for c in cases:
        lines.append(
            f"| {c.reference}{' (tuned)' if c.tuned else ''} | {len(c.gold)} | {len(c.days)} | "
            f"{f1(by_count(c), c):.3f} | {f1(by_model(c, model), c):.3f} |"
        )
    return "\n".join(lines)


def f1_at(ranked: Sequence[str], case: Case, k: int) -> float:
    """Date F1 of the first ``k`` days of ``ranked`` (``k`` other than the reference's number of
    dates: what choosing fewer or more days would score)."""
    hits = len(set(ranked[:k]) & case.gold)
    return 2 * hits / (min(k, len(ranked)) + len(case.gold)) if hits else 0.0


def near_f1(ranked: Sequence[str], case: Case, tolerance: int) -> float:
    """Date F1 of the first ``len(gold)`` days of ``ranked`` when a day counts as found within
    ``tolerance`` days of a reference day; each day matches at most one, nearest pairs first
    (ties: the higher-ranked chosen day, then the earlier reference day)."""
    pred = [date.fromisoformat(d).toordinal() for d in ranked[: len(case.gold)]]
    gold = [date.fromisoformat(d).toordinal() for d in sorted(case.gold)]
    pairs = sorted(
        (abs(p - g), i, j)
        for i, p in enumerate(pred)
        for j, g in enumerate(gold)
        if abs(p - g) <= tolerance
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    total = len(pred) + len(gold)
    return 2 * len(used_p) / total if total else 0.0


def month_f1(ranked: Sequence[str], case: Case) -> float:
    """F1 of the months of the first ``len(gold)`` days of ``ranked`` against the reference's
    months (each month once)."""
    pred = {d[:7] for d in ranked[: len(case.gold)]}
    gold = {d[:7] for d in case.gold}
    return 2 * len(pred & gold) / (len(pred) + len(gold)) if pred or gold else 0.0


def unchosen_months(ranked: Sequence[str], case: Case) -> float:
    """The share of the reference's days that fall in months holding none of the chosen days."""
    chosen = {d[:7] for d in ranked[: len(case.gold)]}
    return sum(d[:7] not in chosen for d in case.gold) / len(case.gold) if case.gold else 0.0


def misses_table(cases: Sequence[Case]) -> str:
    """Where the learned days (each topic left out of its model's fit) miss, per timeline: its
    span, the share of its days an article of the span names (no ranking reaches the others),
    near misses (within 1 and 3 days), the months, fewer or more days, the reference days
    in months with no chosen day, and how much the span's articles date by month alone."""
    lines = [
        "| timeline | dates | span (days) | candidate days | named by an article | date F1 | "
        + " | ".join(f"within {n} day{'s' if n > 1 else ''}" for n in NEAR_DAYS)
        + " | months | half the dates | twice the dates | reference days in unchosen months "
        "| month-only dates |",
        "|---|" + "---:|" * (10 + len(NEAR_DAYS)),
    ]
    topics = sorted({c.topic for c in cases})
    models = {t: fit([c for c in cases if c.topic != t]) for t in topics if len(topics) > 1}
    for c in cases:
        if c.topic not in models or not c.gold:
            continue
        ranked = by_model(c, models[c.topic])
        n = len(c.gold)
        span = (date.fromisoformat(max(c.gold)) - date.fromisoformat(min(c.gold))).days + 1
        near = " | ".join(f"{near_f1(ranked, c, t):.3f}" for t in NEAR_DAYS)
        lines.append(
            f"| {c.reference} | {n} | {span} | {len(c.days)} | {len(c.gold & set(c.days)) / n:.0%} "
            f"| {f1(ranked, c):.3f} | {near} | "
            f"{month_f1(ranked, c):.3f} | {f1_at(ranked, c, max(1, n // 2)):.3f} | "
            f"{f1_at(ranked, c, 2 * n):.3f} | {unchosen_months(ranked, c):.0%} | "
            f"{c.months_only:.0%} |"
        )
    return "\n".join(lines)


def leave_one_out(cases: Sequence[Case]) -> tuple[str, list[tuple[str, float, float]]]:
    """Each topic scored by a model fitted on every other topic's timelines."""
    topics = sorted({c.topic for c in cases})
    lines = [
        "| held-out topic | timelines | fitted on | mention count | learned |",
        "|---|---:|---|---:|---:|",
    ]
    out = []
    for t in topics:
        train = [c for c in cases if c.topic != t]
        test = [c for c in cases if c.topic == t]
        if not train:
            continue
        m = fit(train)
        base = mean([f1(by_count(c), c) for c in test])
        learned = mean([f1(by_model(c, m), c) for c in test])
        out.append((t, base, learned))
        others = ", ".join(sorted({c.topic for c in train}))
        lines.append(f"| {t} | {len(test)} | {others} | {base:.3f} | {learned:.3f} |")
    if out:
        lines.append(
            f"| mean over topics | | | {mean([b for _, b, _ in out]):.3f} | "
            f"{mean([x for _, _, x in out]):.3f} |"
        )
        per = [
            (f1(by_count(c), c), f1(by_model(c, fit([d for d in cases if d.topic != c.topic])), c))
            for c in cases
        ]
        lines.append(
            f"| mean over timelines | {len(per)} | | {mean([b for b, _ in per]):.3f} | "
            f"{mean([x for _, x in per]):.3f} |"
        )
    return "\n".join(lines), out


def doc_text(
    split: str, loo: str, command: str, articles: int, seconds: float, misses: str = ""
) -> str:
    """The page ``--dates-only --write-doc`` writes."""
    return f"""# Which days a timeline keeps (Timeline17, date F1)

Command: `{command} --write-doc` ({articles:,} articles, {seconds:.0f} s on this machine with
the parses read from the `--cache` folder; a first run parsed each topic in 1-7 minutes on 2
shared cores, one process). The model file is written by
`newsfuse eval timeline --dates-only --write-date-model --cache DIR` (fitted on the tuning
topics' timelines only; the same file again from the same parses).

What is measured: the days of the timelines of `newsfuse eval timeline` (news-tls setting: as
many dates as the reference, from the articles published within its first and last date). The
days a timeline can show are the days its entries name, so which ones it keeps depends only on
the articles' dates and resolved time expressions; this run reads the parse's sentences and time
expressions alone (no sentence vectors, no entries), cleaned and prepared as the full run does.
The page [timeline.md](timeline.md) was measured on analyses cached by older analysis code:
its mention-count date F1 on the reported topics is 0.381 where these parses give 0.373 (one
Syria timeline, 0.273 there, 0.242 here).

* mention count: the days most articles name (`rank_dates`, its two weights at 0), as the
  briefing ranked days before;
* learned: `crosscheck.dates_model` (DATEWISE-style features per candidate day: articles that
  name it published before, that day, after and more than a week after it, sentences, leads,
  full dates against relative ones, articles published that day, place in the span, PageRank in
  the date-reference graph: publication days linked to the days their articles name; a logistic
  regression, label: the day is in the reference timeline).

## Tuned on iraqwar and haiti, reported on the others

The shipped model (`newsfuse/data/date_model.json`), fitted on the timelines of {", ".join(TUNE_TOPICS)}:

{split}

## Leave one topic out

Each topic scored by a model fitted on the other topics' timelines (the same features and
regularisation, nothing else chosen per split):

{loo}
{_misses_section(misses)}"""


def _misses_section(misses: str) -> str:
    if not misses:
        return ""
    return f"""
## Where the learned days miss (each topic left out)

The days of the leave-one-out models above, per timeline: the share of the reference's days
that an article of the span names (the others no ranking can reach); date F1 as scored; F1
when a chosen day counts within 1 or 3 days of a reference day (each matched once, nearest
first); F1 of the months the chosen days fall in against the reference's months; F1 with half
and twice the reference's number of days (the next days of the same ranking); the share of the
reference's days in months where no day was chosen; and the share of the span's calendar time
expressions that name a month and no day ("in March").

{misses}
"""
