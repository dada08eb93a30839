"""Decisions near a bar taken again on float32 rows (``StoryVectors.doubt`` / ``settle``,
``similarity.settled``): vectors that moved by less than the margin give the float32 decisions."""

from __future__ import annotations

import numpy as np
import pytest

from newsfuse.analyze.pipeline import analyze_many
from newsfuse.crosscheck.facts import align_facts
from newsfuse.crosscheck.linker import FEATURES, Linker, PairModel
from newsfuse.crosscheck.similarity import SEMANTIC_STRONG, StoryVectors, settled
from newsfuse.model import Analysis, Article

TEXTS = [
    "The council approved three new bridges over the river on Monday. "
    "Mayor Ann Diaz said the work starts in spring.",
    "Rescue teams reached the flooded village by boat before dawn on Tuesday. "
    "Critics said the plan costs far too much money.",
    "Three bridges over the river were approved by the council on Monday. "
    "Farmers said the harvest came in late this year.",
]
MARGIN = 0.01
GROUPS = {"a0": "a0", "a1": "a1", "a2": "a2"}


@pytest.fixture(scope="module")
def analyses(nlp) -> list[Analysis]:
    return list(analyze_many([Article(id=f"a{i}", text=t) for i, t in enumerate(TEXTS)], nlp))


def _rows(n: int, a: int, b: int, cos: float, seed: int = 0) -> np.ndarray:
    """``n`` unit rows far apart (64 dimensions), rows ``a`` and ``b`` at cosine ``cos``."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(64, n)))
    rows = q.T.copy()  # orthonormal: every cosine 0
    rows[b] = cos * rows[a] + np.sqrt(1 - cos * cos) * rows[b]
    return rows.astype(np.float32)


def _pair(vectors: StoryVectors, other: int = 2) -> tuple[int, int]:
    """The first sentences of article 0 and ``other`` (2: the bridges again; 1: the flood)."""
    first = {r.doc: k for k, r in reversed(list(enumerate(vectors.refs))) if r.index == 0}
    return first[0], first[other]


def _encoder(analyses: list[Analysis], exact: np.ndarray):
    texts = [s.text for an in analyses for s in an.sentences]
    calls: list[list[str]] = []

    def encode(batch: list[str]) -> np.ndarray:
        calls.append(batch)
        return exact[[texts.index(t) for t in batch]]

    return encode, calls


def test_a_cosine_moved_across_the_strong_bar_is_taken_again(analyses) -> None:
    n = sum(len(an.sentences) for an in analyses)
    probe = StoryVectors(analyses)
    a, b = _pair(probe, 1)
    assert probe.lexical(a, b) < 0.5  # not alike in words: the embedding decides
    exact = _rows(n, a, b, SEMANTIC_STRONG + 0.004)  # float32: a paraphrase
    moved = _rows(n, a, b, SEMANTIC_STRONG - 0.004)  # the same rows, moved below the bar
    f32 = StoryVectors(analyses, None, exact)
    assert f32.same_statement(a, b, 0.9)[1]  # strong by the embedding alone
    plain = StoryVectors(analyses, None, moved)
    assert not plain.same_statement(a, b, 0.9)[1]  # without the margin, the decision flips
    v = StoryVectors(analyses, None, moved, margin=MARGIN)
    assert b in v.neighbours(a, 0.9)  # within the margin of the bar: still a candidate
    encode, calls = _encoder(analyses, exact)
    got = settled(v, lambda: v.same_statement(a, b, 0.9), encode)
    assert got == f32.same_statement(a, b, 0.9)
    assert calls and set(calls[0]) == {v.refs[a].sentence.text, v.refs[b].sentence.text}
    assert v.exact[[a, b]].all() and v.settled_rows == 2
    # far from every bar, nothing is taken again
    far = StoryVectors(analyses, None, _rows(n, a, b, 0.3), margin=MARGIN)
    encode, calls = _encoder(analyses, exact)
    settled(far, lambda: far.same_statement(a, b, 0.9), encode)
    assert not calls and far.settled_rows == 0


def test_a_fact_lost_to_moved_vectors_comes_back(analyses) -> None:
    n = sum(len(an.sentences) for an in analyses)
    a, b = _pair(StoryVectors(analyses))
    # a pair model on the embedding alone: probability 0.5 at cosine 0.70
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("embedding")] = 40.0
    model = PairModel(tuple(weights), -28.0, 0.5, 0.5, 0.5)
    exact = _rows(n, a, b, 0.703)
    moved = _rows(n, a, b, 0.697)

    def facts(v: StoryVectors, linker: Linker) -> list[list[int]]:
        return [c.refs for c in align_facts(v, GROUPS, linker=linker)]

    f32 = StoryVectors(analyses, None, exact)
    want = facts(f32, Linker(f32, model))
    assert [a, b] in want
    plain = StoryVectors(analyses, None, moved)
    assert facts(plain, Linker(plain, model)) == []  # the fact the moved vectors lose

    v = StoryVectors(analyses, None, moved, margin=MARGIN)
    linkers = [Linker(v, model)]

    def relink() -> None:
        linkers[0] = Linker(v, model)

    encode, calls = _encoder(analyses, exact)
    assert settled(v, lambda: facts(v, linkers[0]), encode, relink) == want
    assert calls and v.exact[[a, b]].all()


def test_every_copy_of_a_settled_text_gets_the_float32_row(nlp) -> None:
    texts = [
        "All comments are moderated and must follow the house rules of the site. "
        "The council approved three new bridges on Monday.",
        "All comments are moderated and must follow the house rules of the site. "
        "Three bridges were approved by the council on Monday.",
    ]
    analyses = list(analyze_many([Article(id=f"c{i}", text=t) for i, t in enumerate(texts)], nlp))
    n = sum(len(an.sentences) for an in analyses)
    v = StoryVectors(analyses, None, _rows(n, 1, 3, 0.5), margin=MARGIN)
    copies = [k for k, r in enumerate(v.refs) if r.sentence.text.startswith("All comments")]
    assert len(copies) == 2
    v.unsure.add(copies[0])
    exact = _rows(n, 1, 3, 0.5, seed=1)
    encode, _ = _encoder(analyses, exact)
    v.settle(encode)
    # both copies hold one row again: their cosines with the story stay exact ties
    assert v.exact[copies].all() and v.settled_rows == 2
    assert v.embeddings is not None
    assert np.array_equal(v.embeddings[copies[0]], v.embeddings[copies[1]])
    others = [k for k in range(n) if k not in copies]
    assert np.array_equal(v.semantic[copies[0], others], v.semantic[copies[1], others])
