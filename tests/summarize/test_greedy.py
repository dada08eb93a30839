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


def _unit(i: int, text: str) -> Unit:
    lemmas = tuple(text.split())
    return Unit(Span(f"a{i}", 0, len(text)), text, lemmas, i, 0, 1, f"g{i}", None, False, True)


def test_a_summary_cut_at_the_budget_ends_with_the_unit_whose_start_adds_most():
    # 10 words of room after the first unit: a short sentence of one weak concept fits whole,
    # the long one does not, but its first 10 words hold two strong concepts
    texts = [
        "lead a b c d e f g h i",  # 10 words
        "weak filler words here",  # 4 words
        "strong1 strong2 x x x x x x x x y y y y y y y y y y",  # 20 words
    ]
    units = [_unit(i, t) for i, t in enumerate(texts)]
    covers = [{(w,) for w in u.lemmas} for u in units]
    lengths = [len(t.split()) for t in texts]
    weights = {("lead",): 30.0, ("weak",): 0.5, ("strong1",): 3.0, ("strong2",): 3.0}
    params = Params()

    def prefix(i: int, n: int) -> set:
        return {(w,) for w in units[i].lemmas[:n]}

    whole = _greedy(units, covers, lengths, weights, 20, params)
    assert whole == [0, 1]  # without cutting, the filler is all that fits
    cut = _greedy(units, covers, lengths, weights, 20, params, prefix=prefix)
    assert cut == [0, 2] and lengths[0] + lengths[2] > 20  # the last one is to be cut
    # a unit that repeats a chosen one is never the cut one, however much its start adds
    units[2] = _unit(2, "strong1 strong2 " + texts[0] + " z")
    covers[2] = {(w,) for w in units[2].lemmas}
    lengths[2] = 25
    assert _greedy(units, covers, lengths, weights, 20, params, prefix=prefix) == [0, 1]


def test_cutting_keeps_every_whole_unit_within_the_budget():
    rng = random.Random(11)
    for trial in range(40):
        units, covers, lengths, weights, tags, boost = _story(rng, rng.randint(1, 40))
        params = Params()
        words = rng.randint(5, 60)

        def prefix(i: int, n: int, units=units) -> set:
            return {(w,) for w in units[i].lemmas[:n]}

        got = _greedy(units, covers, lengths, weights, words, params, tags, boost, prefix=prefix)
        whole = sum(lengths[i] for i in got[:-1])
        assert whole <= words, trial
        assert len(set(got)) == len(got)
        for k, i in enumerate(got):
            assert not any(same_content(units[i], units[j], params.redundancy) for j in got[:k])
