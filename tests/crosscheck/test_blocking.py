"""Blocking in the cross-checks: ``StoryVectors.neighbours`` and ``none_closer`` against the
all-pairs checks they replace, on the example story (real parse, real embeddings)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newsfuse.crosscheck.similarity import StoryVectors

THRESHOLDS = (0.22, 0.3, 0.32, 0.45)


@pytest.fixture(scope="module")
def story(nlp, example_dir: Path):  # noqa: ANN001, ANN201
    from newsfuse.analyze.pipeline import analyze_many
    from newsfuse.api import load
    from newsfuse.brief.assemble import apply_entities
    from newsfuse.crosscheck.entities import merge_entities
    from newsfuse.embed import load_encoder

    analyses = list(analyze_many(load([example_dir]).articles, nlp))
    index = merge_entities(analyses)
    analyses = apply_entities(analyses, index)
    texts = [s.text for an in analyses for s in an.sentences]
    return analyses, index.canonical_of, load_encoder().encode(texts)


def _all_vectors(story) -> list[StoryVectors]:  # noqa: ANN001
    analyses, canonical, emb = story
    return [StoryVectors(analyses, canonical), StoryVectors(analyses, canonical, emb)]


def test_neighbours_hold_every_pair_that_passes(story) -> None:  # noqa: ANN001
    for vectors in _all_vectors(story):
        n = len(vectors.refs)
        for t in THRESHOLDS:
            passing = 0
            for a in range(n):
                near = set(vectors.neighbours(a, t))
                assert a not in near
                for b in range(n):
                    if b != a and vectors.same_statement(a, b, t)[0]:
                        passing += 1
                        assert b in near, (a, b, t)
            assert passing > 0  # the story has statements in common at every threshold


def test_neighbours_are_few(story) -> None:  # noqa: ANN001
    vectors = _all_vectors(story)[1]
    n = len(vectors.refs)
    total = sum(len(vectors.neighbours(a, 0.3)) for a in range(n))
    assert total < 0.2 * n * (n - 1)


def test_embedding_neighbours_without_shared_concepts() -> None:
    """A pair whose embeddings are near-identical passes the strong bar with no word in common,
    so blocking must keep it."""
    from newsfuse.model import Analysis, Article, Sentence, Span

    texts = ["Tanks rolled into the northern city overnight.", "Armour entered Aleppo at dawn."]
    arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    analyses = [
        Analysis(
            article=a,
            sentences=(Sentence(Span(a.id, 0, len(a.text)), a.text),),
            lemmas=(tuple(a.text.lower().rstrip(".").split()),),
        )
        for a in arts
    ]
    emb = np.array([[1.0, 0.0], [0.9, np.sqrt(1 - 0.81)]], dtype=np.float32)
    vectors = StoryVectors(analyses, None, emb)
    assert vectors.lexical(0, 1) == 0.0
    assert vectors.same_statement(0, 1, 0.3)[0]
    assert vectors.neighbours(0, 0.3) == [1]
    assert StoryVectors(analyses).neighbours(0, 0.3) == []


def test_none_closer_matches_the_full_scan(story) -> None:  # noqa: ANN001
    rng = np.random.default_rng(7)
    for vectors in _all_vectors(story):
        n = len(vectors.refs)
        vectors.neighbours(0, 0.3)  # the blocking computed, as the fact alignment does
        everyone = range(n)
        some = frozenset(int(x) for x in rng.choice(n, size=n // 2, replace=False))
        checked = 0
        for k in range(n):
            for doc in range(len(vectors.analyses)):
                lo, hi = vectors.starts[doc], vectors.starts[doc + 1]
                sims = sorted(vectors.sim(k, o) for o in range(lo, hi))
                skip = lo + int(rng.integers(hi - lo)) if hi > lo else -1
                for s in (sims[-1], sims[-2] if len(sims) > 1 else 0.0, 0.3, 0.5):
                    for allowed in (everyone, some):
                        want = all(
                            vectors.sim(k, o) <= s
                            for o in range(lo, hi)
                            if o != skip and o in allowed
                        )
                        assert vectors.none_closer(k, doc, s, allowed, skip) == want
                        checked += 1
        assert checked > 1000


QUOTES = [
    "we will not be limited to europe",
    "will not stop in europe we said",
    "the impact will not be limited to europe",
    "the talks went on for about twenty five minutes",
    "talks lasted twenty five minutes",
    "the minister strongly condemned the invasion",
    "minister condemns invasion strongly",
    "we condemn the invasion in the strongest terms",
    "nothing about this is normal for anyone here",
    "killing civilians in homs must stop now",
    "killed civilian on homs must stopped now",
    "stop the killing of civilians in homs",
    "a b c d",
    "abc bcd cde def",
    "ab abc abcd abcde",
]


def test_the_quote_overlap_bound_keeps_every_pair_that_reaches_the_threshold() -> None:
    """``OverlapBound.may_reach`` is False only for pairs whose ``token_set_ratio`` is below the
    threshold, and it does leave pairs out (else it would not save any scoring)."""
    from rapidfuzz import fuzz

    from newsfuse.crosscheck.quotes import OverlapBound

    # the quotes, their words reordered and cut, so that many pairs are close
    texts = list(QUOTES)
    texts += [" ".join(reversed(t.split())) for t in QUOTES]
    texts += [" ".join(t.split()[1:]) for t in QUOTES if len(t.split()) > 4]
    bound = OverlapBound(texts)
    others = np.arange(len(texts))
    left_out = 0
    for threshold in (50.0, 70.0, 90.0):
        for i, text in enumerate(texts):
            ok = bound.may_reach(i, others, threshold)
            for j, other in enumerate(texts):
                if fuzz.token_set_ratio(text, other) >= threshold:
                    assert ok[j], (text, other, threshold)
                left_out += not ok[j]
    assert left_out > 0


def test_a_quote_scoring_exactly_the_threshold_joins_the_group() -> None:
    """``group_quotes`` joins two quotes whose ``token_set_ratio`` is at least the threshold, also
    when the score equals a threshold that is not a whole number."""
    from rapidfuzz import fuzz

    from newsfuse.crosscheck.quotes import group_quotes
    from newsfuse.model import Analysis, Article, Quote, Span

    texts = {
        "a": "the old bridge will stay closed for repairs",
        "b": "repairs to the bridge will last until june",
    }
    analyses = []
    for aid, text in texts.items():
        q = Quote(Span(aid, 0, len(text)), text, None, None, None, None, True)
        analyses.append(Analysis(Article(id=aid, text=text), (), quotes=(q,)))
    score = fuzz.token_set_ratio(texts["a"], texts["b"])
    assert 50 < score < 100 and score != int(score)
    assert len(group_quotes(analyses, lambda _s: None, threshold=score)) == 1
    assert len(group_quotes(analyses, lambda _s: None, threshold=score + 1e-9)) == 2


def test_the_quote_overlap_bound_stays_narrow_and_right_on_a_large_alphabet() -> None:
    """Quotes in a script of thousands of characters: the letter table keeps a bounded number
    of columns, and the bound still keeps every pair that reaches the threshold."""
    from rapidfuzz import fuzz

    from newsfuse.crosscheck.quotes import OverlapBound

    rng = np.random.default_rng(7)
    alphabet = [chr(0x4E00 + k) for k in range(3000)]
    base = [" ".join("".join(rng.choice(alphabet, size=3)) for _ in range(6)) for _ in range(40)]
    # half of them again with a word changed, so that close pairs exist
    texts = base + [" ".join(t.split()[:-1] + ["".join(rng.choice(alphabet, 3))]) for t in base]
    bound = OverlapBound(texts)
    assert bound.letters.shape[1] <= OverlapBound.LETTER_COLUMNS + 2
    others = np.arange(len(texts))
    for threshold in (50.0, 70.0):
        for i, text in enumerate(texts):
            ok = bound.may_reach(i, others, threshold)
            for j, other in enumerate(texts):
                if fuzz.token_set_ratio(text, other) >= threshold:
                    assert ok[j], (text, other, threshold)


def test_the_quote_overlap_bound_in_blocks_is_the_bound_of_each_quote() -> None:
    """``OverlapBound.reach_block`` gives, for each quote of a block, ``may_reach`` against
    every quote up to the block's end, for blocks of any size."""
    from newsfuse.crosscheck.quotes import OverlapBound

    texts = list(QUOTES)
    texts += [" ".join(reversed(t.split())) for t in QUOTES]
    texts += [" ".join(t.split()[1:]) for t in QUOTES if len(t.split()) > 4]
    texts += ["", "one", "one one two"]  # no words, repeated words
    n = len(texts)
    for threshold in (50.0, 70.0, 90.0):
        for size in (1, 3, n):
            bound = OverlapBound(texts)
            for lo in range(0, n, size):
                hi = min(lo + size, n)
                block = bound.reach_block(lo, hi, threshold)
                assert block.shape == (hi - lo, hi)
                for i in range(lo, hi):
                    want = bound.may_reach(i, np.arange(hi), threshold)
                    assert np.array_equal(block[i - lo], want), (texts[i], threshold, size)
