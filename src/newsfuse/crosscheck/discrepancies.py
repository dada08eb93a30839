"""Discrepancies: the same statement with different numbers or dates, and names spelled differently.

* number: two sentences from different articles that state the same thing (concept similarity over
  ``threshold``) each give an amount of the same unit or of the same counted thing, with different
  values ("12 killed" / "14 killed");
* date: the same, with absolute calendar dates that differ;
* name: one entity written in several full-name spellings by different outlets ("Yoshimasa
  Hayashi" / "Yohimasa Hayashi" / "Hayashi Yoshimasa");
* dateline: see :mod:`newsfuse.crosscheck.dates`.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.crosscheck.similarity import StoryVectors
from newsfuse.crosscheck.timeline import calendar_value
from newsfuse.model import (
    Amount,
    Analysis,
    Discrepancy,
    DiscrepancyKind,
    DiscrepancyValue,
    Entity,
    Span,
)


def _amounts_in(an: Analysis, span: Span) -> list[Amount]:
    return [a for a in an.amounts if span.start <= a.span.start < span.end]


def number_and_date_discrepancies(
    analyses: Sequence[Analysis], vectors: StoryVectors, *, threshold: float = 0.45
) -> list[Discrepancy]:
    found: dict[tuple[DiscrepancyKind, str], dict[str, dict[str, list[Span]]]] = {}
    labels: dict[tuple[str, float], str] = {}  # one display text per (unit, value)
    refs = vectors.refs
    for x in range(len(refs)):
        # in index order, as over all pairs; the others cannot state the same thing
        for y in vectors.neighbours(x, threshold):
            if y <= x or refs[x].doc == refs[y].doc:
                continue
            if not vectors.same_statement(x, y, threshold)[0]:
                continue
            ax, ay = analyses[refs[x].doc], analyses[refs[y].doc]
            for a in _amounts_in(ax, refs[x].span):
                for b in _amounts_in(ay, refs[y].span):
                    key = a.unit or a.counts
                    if not key or key != (b.unit or b.counts) or a.value == b.value:
                        continue
                    if any(
                        c.value == a.value and (c.unit or c.counts) == key
                        for c in _amounts_in(ay, refs[y].span)
                    ):
                        continue
                    if any(
                        c.value == b.value and (c.unit or c.counts) == key
                        for c in _amounts_in(ax, refs[x].span)
                    ):
                        continue
                    slot = found.setdefault(("number", key), {})
                    for amt in (a, b):
                        label = labels.setdefault((key, amt.value), " ".join(amt.text.split()))
                        slot.setdefault(label, {}).setdefault(amt.span.article, []).append(amt.span)
            for t in ax.timexes:
                if not (refs[x].span.start <= t.span.start < refs[x].span.end) or t.relative:
                    continue
                for u in ay.timexes:
                    if not (refs[y].span.start <= u.span.start < refs[y].span.end) or u.relative:
                        continue
                    vt, vu = calendar_value(t), calendar_value(u)
                    if not vt or not vu or len(vt) != len(vu) or vt == vu or len(vt) < 10:
                        continue
                    slot = found.setdefault(("date", refs[x].sentence.text[:60]), {})
                    slot.setdefault(vt, {}).setdefault(t.span.article, []).append(t.span)
                    slot.setdefault(vu, {}).setdefault(u.span.article, []).append(u.span)
    out = []
    for (kind, key), values in found.items():
        vals = tuple(
            DiscrepancyValue(v, tuple(arts), tuple(s for spans in arts.values() for s in spans))
            for v, arts in sorted(values.items())
        )
        what = f"amounts of '{key}'" if kind == "number" else "dates for the same statement"
        desc = f"Outlets give different {what}: " + "; ".join(
            f"{v.value} ({', '.join(v.articles)})" for v in vals
        )
        out.append(Discrepancy(kind, desc, vals))
    return out


def name_discrepancies(entities: Sequence[Entity]) -> list[Discrepancy]:
    out = []
    for e in entities:
        if e.type != "PERSON":
            continue
        full = [(v, arts) for v, arts in e.variant_articles if len(v.split()) >= 2]
        if len({v for v, _ in full}) < 2:
            continue
        vals = tuple(DiscrepancyValue(v, tuple(arts)) for v, arts in full)
        desc = f"{e.name} is spelled differently: " + "; ".join(
            f"'{v.value}' ({', '.join(v.articles)})" for v in vals
        )
        out.append(Discrepancy("name", desc, vals))
    return out
