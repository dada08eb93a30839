"""The summary's support citations (``common.support``) with the pool's lemma sets made once
(``lemma_bags``) and the bigram share checked first: the same spans, in the same order, as
comparing every pair with ``containment``."""

from __future__ import annotations

import random

from newsfuse.model import Span
from newsfuse.summarize.common import (
    MAX_SUPPORT,
    SUPPORT_BIGRAMS,
    SUPPORT_UNIGRAMS,
    containment,
    lemma_bags,
    lemma_idf,
    support,
)
from newsfuse.summarize.units import Unit

WORDS = [
    "port",
    "ship",
    "crane",
    "storm",
    "harbour",
    "mayor",
    "cargo",
    "wave",
    "pier",
    "dock",
    "tide",
    "fleet",
]


def reference(unit: Unit, units: list[Unit], idf: dict[str, float] | None) -> list[Span]:
    """Every pair compared with ``containment``, as the summary did before."""
    best: dict[str, tuple[float, int, Span]] = {}
    for other in units:
        if other.span.article == unit.span.article or not unit.lemmas:
            continue
        uni, bi = containment(unit.lemmas, other.lemmas, idf)
        if uni < SUPPORT_UNIGRAMS or bi < SUPPORT_BIGRAMS:
            continue
        key = other.span.article
        cand = (uni + bi, -other.span.start, other.span)
        if key not in best or cand[:2] > best[key][:2]:
            best[key] = cand
    ranked = sorted(best.values(), key=lambda t: (-t[0], t[2].article, t[2].start))
    return [span for _, _, span in ranked[:MAX_SUPPORT]]


def invented_units(rng: random.Random) -> list[Unit]:
    units = []
    for k in range(60):
        article = f"a{rng.randrange(8)}"
        # lemmas drawn from a few words, so that many pairs share most of them; some units
        # have one lemma (no bigram) or none
        n = rng.choice([0, 1, 2, 3, 5, 8])
        lemmas = tuple(rng.choice(WORDS[: rng.randrange(3, len(WORDS))]) for _ in range(n))
        start = 10 * k
        units.append(
            Unit(Span(article, start, start + 9), " ".join(lemmas), lemmas, 0, k, 60, article)
        )
    return units


def test_support_is_the_same_as_comparing_every_pair() -> None:
    rng = random.Random(7)
    found = 0
    for _ in range(30):
        units = invented_units(rng)
        idf = lemma_idf(units)
        bags = lemma_bags(units)
        for unit in units:
            for weights in (idf, None):
                want = reference(unit, units, weights)
                assert support(unit, units, weights, bags) == want
                assert support(unit, units, weights) == want  # bags made in the call
                found += len(want)
    assert found > 500  # the invented units support each other often
