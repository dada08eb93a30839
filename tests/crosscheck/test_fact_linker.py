"""The pair model that links sentences of different articles into facts (crosscheck/linker.py)."""

from __future__ import annotations

import numpy as np
import pytest

from newsfuse.analyze.pipeline import analyze_many
from newsfuse.crosscheck.facts import align_facts
from newsfuse.crosscheck.linker import (
    ARGUMENT_FEATURES,
    EVENT_FLAGS,
    FEATURES,
    Linker,
    PairFeatures,
    PairModel,
    amount_conflict,
    blocked,
    load_model,
)
from newsfuse.crosscheck.similarity import StoryVectors
from newsfuse.model import Article

TEXTS = [
    "The council approved three new bridges over the river on Monday. "
    "Mayor Ann Diaz said the work starts in spring.",
    "The council approved four new bridges over the river on Monday. "
    "Mayor Ann Diaz said work would begin in the spring.",
    "Three bridges over the river were approved by the council on Monday. "
    "Critics said the plan costs too much.",
]


@pytest.fixture(scope="module")
def vectors(nlp) -> StoryVectors:
    arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(TEXTS)]
    analyses = list(analyze_many(arts, nlp))
    rng = np.random.default_rng(0)
    emb = rng.normal(size=(sum(len(a.sentences) for a in analyses), 8))
    emb /= np.linalg.norm(emb, axis=1, keepdims=True)
    return StoryVectors(analyses, None, emb)


def _first(vectors: StoryVectors, doc: int) -> int:
    return next(k for k, r in enumerate(vectors.refs) if r.doc == doc and r.index == 0)


def test_different_numbers_of_one_thing_block_a_link(vectors: StoryVectors) -> None:
    a, b, c = (_first(vectors, d) for d in range(3))
    assert amount_conflict(vectors, a, b) and blocked(vectors, a, b)
    assert not amount_conflict(vectors, a, c)
    always = PairModel(tuple([0.0] * len(FEATURES)), 10.0, 0.5, 0.5, 0.5)
    linker = Linker(vectors, always)
    assert linker.probability(a, b) == 0.0
    assert linker.probability(a, c) > 0.99
    # however likely the model finds them, "three" and "four" bridges are never one fact
    for f in align_facts(vectors, {"a0": "a0", "a1": "a1", "a2": "a2"}, linker=linker):
        docs = {vectors.refs[k].doc for k in f.refs}
        texts = {vectors.refs[k].sentence.text for k in f.refs}
        assert not ({0, 1} <= docs and all("bridges" in t for t in texts)), texts


def test_features_are_symmetric_and_named(vectors: StoryVectors) -> None:
    pf = PairFeatures(vectors)
    a, c = _first(vectors, 0), _first(vectors, 2)
    x = pf.features(a, c)
    assert x.shape == (len(FEATURES),)
    assert np.allclose(x, pf.features(c, a))


def test_the_shipped_model_matches_the_features() -> None:
    model = load_model()
    assert model is not None
    assert len(model.weights) == len(FEATURES)
    assert 0.0 < model.together <= model.floor <= model.threshold < 1.0
    # more alike in words and embedding is more likely the same event
    lo = np.zeros(len(FEATURES))
    hi = lo.copy()
    hi[FEATURES.index("lexical")] = 0.6
    hi[FEATURES.index("embedding")] = 0.8
    assert model.probability(hi) > model.probability(lo)


def test_blocking_keeps_every_sentence_that_can_reach_the_floor(vectors: StoryVectors) -> None:
    model = load_model()
    assert model is not None
    linker = Linker(vectors, model)
    for floor in (0.05, 0.3, model.floor):
        for k in range(len(vectors.refs)):
            kept = set(linker.candidates(k, floor))
            for o in range(len(vectors.refs)):
                if vectors.refs[o].doc == vectors.refs[k].doc:
                    assert o not in kept
                    continue
                p = model.probability(linker.pf.features(k, o))
                if p >= floor:
                    assert o in kept, (k, o, p)


def test_a_fact_cites_every_sentence_of_an_article_that_links(nlp, monkeypatch) -> None:
    from newsfuse.crosscheck import facts
    from newsfuse.crosscheck.facts import to_fact

    monkeypatch.setattr(facts, "MORE_SENTENCES", True)

    texts = [
        "Police arrested the bank robber in central Lyon on Monday morning. "
        "The robber was arrested by officers after a long car chase through Lyon.",
        "Officers arrested the bank robber in central Lyon after a car chase on Monday.",
    ]
    arts = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    analyses = list(analyze_many(arts, nlp))
    emb = np.ones((sum(len(a.sentences) for a in analyses), 4)) / 2.0
    vectors = StoryVectors(analyses, None, emb)
    always = PairModel(tuple([0.0] * len(FEATURES)), 10.0, 0.5, 0.5, 0.5)
    groups = {"a0": "a0", "a1": "a1"}
    facts = align_facts(vectors, groups, linker=Linker(vectors, always))
    cited = [{(vectors.refs[k].doc, vectors.refs[k].index) for k in f.refs} for f in facts]
    assert any({(0, 0), (0, 1), (1, 0)} <= c for c in cited), cited
    fact = to_fact(vectors, facts[0], groups)
    assert len(fact.citations) == 3 and fact.articles in {("a0", "a1"), ("a1", "a0")}
    # a model that links nothing cites nothing
    never = PairModel(tuple([0.0] * len(FEATURES)), -10.0, 0.5, 0.5, 0.5)
    assert align_facts(vectors, groups, linker=Linker(vectors, never)) == []


def test_event_words_name_what_happens(nlp) -> None:
    from newsfuse.analyze.pipeline import event_lemmas

    doc = nlp("The singer checked out of the clinic, her lawyer said.")
    assert event_lemmas(next(iter(doc.sents))) == ("check out",)
    doc = nlp("Paris jewellery heist")
    assert "heist" in event_lemmas(next(iter(doc.sents)))


def test_pairs_that_share_an_event_word_share_it_in_the_features(vectors) -> None:
    pf = PairFeatures(vectors)
    a, c = _first(vectors, 0), _first(vectors, 2)
    x = pf.features(a, c)
    # "approved" in both, weighted by how alike the two sentences are in the embedding
    emb = x[FEATURES.index("embedding")]
    assert x[FEATURES.index("same_event")] == pytest.approx(emb)
    assert x[FEATURES.index("other_event")] == 0.0


def test_pairs_that_share_who_what_and_when_share_it_in_the_features(vectors) -> None:
    """ "The council approved three new bridges ... on Monday" and "Three bridges ... were
    approved by the council on Monday": one agent, one patient, one day, one approval."""
    pf = PairFeatures(vectors)
    a, c = _first(vectors, 0), _first(vectors, 2)
    x = dict(zip(FEATURES, pf.features(a, c), strict=True))
    assert x["same_patient"] == x["same_time"] == x["same_event_argument"] == 1.0
    assert x["other_patient"] == x["other_time"] == x["other_place"] == 0.0
    # the second sentences: the mayor's "work starts" and the critics' "plan costs"
    b, d = a + 1, c + 1
    y = dict(zip(FEATURES, pf.features(b, d), strict=True))
    assert y["same_agent"] == 0.0 and y["other_agent"] == 1.0
    assert y["same_event_argument"] == 0.0


def test_candidates_are_the_pairs_whose_most_favourable_score_reaches_the_floor(
    vectors: StoryVectors,
) -> None:
    """The bound that skips most pairs leaves the candidate lists as scoring every pair gives
    them: a sentence of another article is a candidate exactly when the model's score, with the
    features the lists cannot see (names, amounts, centrality) at their most favourable values,
    reaches the floor; the argument and event-word features are computed exactly."""
    from newsfuse.crosscheck.linker import UNSEEN

    model = load_model()
    assert model is not None
    # a model that puts weight on every feature the bound treats apart
    weights = tuple(
        w if f not in UNSEEN else 0.4 for f, w in zip(FEATURES, model.weights, strict=True)
    )
    # and one that weighs the argument and event-word features too, up and down (computed
    # exactly per block)
    signed = tuple(
        (0.7 if i % 2 else -0.9) if f in ARGUMENT_FEATURES or f in EVENT_FLAGS else w
        for i, (f, w) in enumerate(zip(FEATURES, weights, strict=True))
    )
    for m in (
        model,
        PairModel(weights, model.bias, model.threshold, model.floor, model.together),
        PairModel(signed, model.bias, model.threshold, model.floor, model.together),
    ):
        linker = Linker(vectors, m)
        for floor in (0.05, 0.3, m.floor):
            need = np.log(floor / (1 - floor))
            for k in range(len(vectors.refs)):
                kept = linker.candidates(k, floor)
                assert kept == sorted(kept)
                for o in range(len(vectors.refs)):
                    if vectors.refs[o].doc == vectors.refs[k].doc:
                        assert o not in kept
                        continue
                    x = linker.pf.features(k, o)
                    for i, f in enumerate(FEATURES):
                        if f in UNSEEN:
                            x[i] = 1.0 if m.weights[i] > 0 else 0.0
                    z = m.bias + float(np.dot(m.weights, x))
                    if abs(z - need) > 1e-6:
                        assert (o in kept) == (z >= need), (k, o, z, need)


def test_a_zero_floor_makes_every_sentence_of_another_article_a_candidate(
    vectors: StoryVectors,
) -> None:
    """Every link probability reaches 0, so every sentence of another article is a candidate;
    never one of the sentence's own article."""
    model = load_model()
    assert model is not None
    linker = Linker(vectors, model)
    for k, ref in enumerate(vectors.refs):
        others = [o for o, r in enumerate(vectors.refs) if r.doc != ref.doc]
        assert linker.candidates(k, 0.0) == others
