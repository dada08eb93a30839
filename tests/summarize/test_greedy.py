"""The summarizer's greedy selection: the lazy heap picks what scoring every unit every round
picks (the selection as it was written first, kept here as the reference)."""

from __future__ import annotations

import random
from math import fsum

from newsfuse.model import Span
from newsfuse.summarize.common import same_content
from newsfuse.summarize.concepts import position_weight
from newsfuse.summarize.newsfuse import Params, _greedy
from newsfuse.summarize.units import Unit


def _reference(units, covers, lengths, weights, words, params, tags, boost):
    said: set[int] = set()
    covered: set = set()
    chosen: list[int] = []
    used = 0
    left = set(range(len(units)))
    bonus = [params.prior * (position_weight(u, params.concepts) - 1.0) for u in units]
    boost = boost or [1.0] * len(units)
    while left:
        best, best_score = -1, 0.0
        for i in sorted(left):
            if used + lengths[i] > words:
                continue
            gain = (fsum(weights.get(c, 0.0) for c in covers[i] - covered) + bonus[i]) * boost[i]
            score = gain / max(1, lengths[i]) ** params.length_power
            if score > best_score:
                best, best_score = i, score
        if best < 0:
            break
        left.discard(best)
        if any(same_content(units[best], units[j], params.redundancy) for j in chosen):
            continue
        if tags and tags[best] & said:
            continue
        if tags:
            said.update(tags[best])
        chosen.append(best)
        covered |= covers[best]
        used += lengths[best]
        left = {i for i in left if used + lengths[i] <= words}

    def value(idx):
        cov = set().union(*(covers[i] for i in idx)) if idx else set()
        return fsum(weights.get(c, 0.0) for c in cov)

    fits = [i for i in range(len(units)) if lengths[i] <= words]
    if fits:
        single = max(fits, key=lambda i: (value([i]), -i))
        if value([single]) > value(chosen):
            return [single]
    return chosen


def _story(rng: random.Random, n: int):
    vocab = [f"w{k}" for k in range(25)]
    units, covers, lengths = [], [], []
    for i in range(n):
        lemmas = tuple(rng.choice(vocab) for _ in range(rng.randint(3, 9)))
        text = " ".join(lemmas)
        units.append(
            Unit(
                Span(f"a{i % 4}", i * 100, i * 100 + 50),
                text,
                lemmas,
                i % 4,
                i // 4,
                n // 4 + 1,
                f"g{i % 3}",
                None,
                False,
                True,
            )
        )
        covers.append({(w,) for w in lemmas})
        lengths.append(len(lemmas) + rng.randint(0, 3))
    # integer weights: many exact ties between units, broken by the lower index
    weights = {(w,): float(rng.randint(0, 4)) for w in vocab}
    tags = [frozenset({rng.randint(0, 6)}) if rng.random() < 0.4 else frozenset() for _ in units]
    boost = [1.25 if rng.random() < 0.2 else 1.0 for _ in units]
    return units, covers, lengths, weights, tags, boost


def test_lazy_greedy_picks_as_scoring_every_unit_every_round():
    rng = random.Random(7)
    for trial in range(60):
        units, covers, lengths, weights, tags, boost = _story(rng, rng.randint(1, 40))
        params = Params(prior=rng.choice([0.0, 0.5]))
        words = rng.randint(5, 60)
        got = _greedy(units, covers, lengths, weights, words, params, tags, boost)
        want = _reference(units, covers, lengths, weights, words, params, tags, boost)
        assert got == want, trial


def test_negative_weights_fall_back_to_scoring_every_unit():
    rng = random.Random(3)
    units, covers, lengths, weights, tags, boost = _story(rng, 30)
    weights = {c: w - 2.0 for c, w in weights.items()}  # some below zero: no bound holds
    params = Params()
    got = _greedy(units, covers, lengths, weights, 40, params, tags, boost)
    want = _reference(units, covers, lengths, weights, 40, params, tags, boost)
    assert got == want
