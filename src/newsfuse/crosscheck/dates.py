"""Checking each article's date against the story: missing years and datelines that contradict the text.

* A dateline without a year ("Today, February 22") gets the year that puts it closest to the dates
  of the story's other articles.
* An article whose header date contradicts the days its text describes (dated Friday, but reporting
  in the past tense Saturday's call that the other outlets date to Saturday) is found through the
  facts it shares with other articles: the same statement, with the same weekday word, resolves to
  another day. Its relative dates are then resolved against the date the others imply, and the
  conflict is reported as a discrepancy of kind ``dateline``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from newsfuse.crosscheck.facts import FactCluster
from newsfuse.crosscheck.similarity import StoryVectors
from newsfuse.model import Analysis, Article, Discrepancy, DiscrepancyValue, Timex

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def infer_years(articles: Sequence[Article]) -> list[Article]:
    """Give a year to articles that only have a partial dateline date (``XXXX-MM-DD``)."""
    dated = [a.published for a in articles if a.published]
    out = []
    for a in articles:
        if a.published or not a.published_partial or not dated:
            out.append(a)
            continue
        m = re.fullmatch(r"XXXX-(\d{2})-(\d{2})", a.published_partial)
        if not m:
            out.append(a)
            continue
        month, day = int(m.group(1)), int(m.group(2))
        anchor = sorted(dated)[len(dated) // 2]
        best: date | None = None
        for year in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                cand = date(year, month, day)
            except ValueError:
                continue
            if best is None or abs((cand - anchor).days) < abs((best - anchor).days):
                best = cand
        if best is None:
            out.append(a)
            continue
        out.append(
            replace(
                a,
                published=best,
                date_method=f"{a.date_method or 'dateline'} {a.published_partial}, "
                f"year from the story's other articles",
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class DatelineConflict:
    article: str
    header: date
    implied: date
    weekday: str
    consensus: str
    agreeing: tuple[str, ...]
    evidence: Timex


def _weekday_timexes(an: Analysis, start: int, end: int) -> list[Timex]:
    return [
        t
        for t in an.timexes
        if start <= t.span.start < end
        and t.relative
        and t.value
        and DAY_RE.match(t.value)
        and any(w in t.text.lower() for w in WEEKDAYS)
    ]


def find_dateline_conflicts(
    analyses: Sequence[Analysis],
    vectors: StoryVectors,
    clusters: Sequence[FactCluster],
    retag: Callable[[Analysis, date], Sequence[Timex]],
) -> list[DatelineConflict]:
    """Articles whose header date makes a shared, weekday-dated statement fall on another day.

    ``retag(analysis, ref)`` re-resolves an article's time expressions against another date; a
    conflict is reported only when re-resolving against the date the other articles imply makes
    the statement agree with them.
    """
    by_id = {an.article.id: an for an in analyses}
    votes: dict[str, list[tuple[str, str, Timex, str]]] = {}
    for c in clusters:
        dated: list[tuple[str, str, Timex]] = []
        for k in c.refs:
            ref = vectors.refs[k]
            an = analyses[ref.doc]
            for t in _weekday_timexes(an, ref.span.start, ref.span.end):
                dated.append((an.article.id, (t.value or "")[:10], t))
        values = Counter(v for _, v in {(a, v) for a, v, _ in dated})
        if len(values) < 2:
            continue
        consensus, n = values.most_common(1)[0]
        if n < 2 or list(values.values()).count(n) > 1:
            continue
        agreeing = tuple(sorted({a for a, v, _ in dated if v == consensus}))
        for aid, value, t in dated:
            if value != consensus:
                votes.setdefault(aid, []).append((consensus, value, t, ",".join(agreeing)))
    conflicts = []
    for aid, items in sorted(votes.items()):
        an = by_id[aid]
        header = an.article.published
        if header is None:
            continue
        consensus, _, t, agreed = items[0]
        weekday = next(w for w in WEEKDAYS if w in t.text.lower())
        for shift in sorted(range(-6, 7), key=abs):
            implied = header + timedelta(days=shift)
            if shift == 0:
                continue
            retagged = [x for x in retag(an, implied) if x.span == t.span]
            if retagged and retagged[0].value and retagged[0].value[:10] == consensus:
                # every other article that puts the same weekday on the consensus day agrees
                others = {
                    o.article.id
                    for o in analyses
                    if o.article.id != aid
                    and any(
                        weekday in x.text.lower() and (x.value or "")[:10] == consensus
                        for x in o.timexes
                        if x.relative
                    )
                }
                agree = tuple(sorted(others | set(agreed.split(","))))
                conflicts.append(
                    DatelineConflict(aid, header, implied, weekday, consensus, agree, t)
                )
                break
    return conflicts


def dateline_discrepancy(c: DatelineConflict) -> Discrepancy:
    wd = c.weekday.capitalize()
    return Discrepancy(
        kind="dateline",
        description=(
            f"{c.article} is dated {c.header.isoformat()} ({c.header.strftime('%A')}), but its text "
            f"reports {wd}'s events in the past tense ('{c.evidence.text}'), which "
            f"{', '.join(c.agreeing)} date {c.consensus}. Its relative dates were resolved against "
            f"{c.implied.isoformat()} instead."
        ),
        values=(
            DiscrepancyValue(f"{c.header.isoformat()} (header date)", (c.article,)),
            DiscrepancyValue(f"{c.consensus} ({wd}, from the other outlets)", c.agreeing),
        ),
    )
