"""Repeated paragraphs found through the prefix index (``clean.body._Repeats``): the same
answers as comparing each paragraph with every earlier kept one."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

from newsfuse.clean.body import _Repeats


def _all_pairs(kept: list[list[str]], words: list[str], ratio: float) -> bool:
    """The comparison with every earlier kept paragraph, as ``mark_repeats`` made it first."""
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(words)
    for earlier in kept:
        if earlier == words:
            return True
        if ratio >= 1.0:
            continue
        shorter, longer = sorted((len(earlier), len(words)))
        if 2 * shorter / (shorter + longer) < ratio:
            continue
        matcher.set_seq1(earlier)
        if matcher.quick_ratio() >= ratio and matcher.ratio() >= ratio:
            return True
    return False


def _paragraph(rng: random.Random, pool: list[list[str]], vocab: list[str]) -> list[str]:
    if pool and rng.random() < 0.6:  # an edited copy of an earlier one
        words = list(rng.choice(pool))
        for _ in range(rng.randrange(4)):
            op = rng.randrange(3)
            at = rng.randrange(len(words) + 1)
            if op == 0:
                words.insert(at, rng.choice(vocab))
            elif words and op == 1:
                del words[min(at, len(words) - 1)]
            elif words:
                words[min(at, len(words) - 1)] = rng.choice(vocab)
        return words
    return [rng.choice(vocab) for _ in range(rng.randrange(0, 16))]


def test_the_index_finds_what_comparing_every_pair_finds() -> None:
    rng = random.Random(11)
    for ratio in (0.5, 0.7, 0.85, 0.9, 0.99, 1.0):
        for _ in range(60):
            vocab = [f"w{i}" for i in range(rng.choice((3, 8, 30)))]
            index, kept, pool = _Repeats(ratio), [], []
            for _ in range(rng.randrange(1, 40)):
                words = _paragraph(rng, pool, vocab)
                pool.append(words)
                want = _all_pairs(kept, words, ratio)
                assert index.repeats(words) == want, (ratio, words, kept)
                if not want:
                    index.add(words)
                    kept.append(words)


def test_many_different_paragraphs_are_not_all_compared() -> None:
    """2,000 paragraphs of 12 different words: each is compared with almost none before it (the
    comparison with every one took 4.3 CPU s)."""
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(3000)]
    index = _Repeats(0.85)
    compared = 0
    for _ in range(2000):
        words = [rng.choice(vocab) for _ in range(12)]
        found = {j for t in index._prefix(words) for j in index.postings.get(t, ())}
        compared += len(found)
        assert not index.repeats(words)
        index.add(words)
    assert compared < 2000 * 20
