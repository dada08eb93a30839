"""Signature norms kept up to date by changes agree with norms computed in full."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from newsfuse.corpus.cluster import StoryClusterer, article_features
from newsfuse.corpus.norms import SignatureNorms, squared_norm

DF = Counter({"harbour": 3, "ferry": 1, "strike": 5, "union": 2})


def full(vec: dict[str, float], n: int) -> float:
    return math.sqrt(squared_norm(vec, DF, n))


def test_changes_and_removals_track_the_full_norm() -> None:
    norms, key, n = SignatureNorms(), ("s1", "t"), 40
    vec = {"harbour": 1.0, "ferry": 0.5}
    assert norms.norm(key, vec, DF, n) == pytest.approx(full(vec, n))
    # absorb: strike 0.7 new, ferry 0.5 -> 1.1; the change uses the IDFs of the moment
    idf = {t: math.log((n + 1) / (DF[t] + 1)) + 1 for t in DF}
    delta = 0.7**2 * idf["strike"] ** 2 + (1.1**2 - 0.5**2) * idf["ferry"] ** 2
    vec |= {"strike": 0.7, "ferry": 1.1}
    norms.add(key, delta)
    assert norms.norm(key, vec, DF, n) == pytest.approx(full(vec, n))
    gone = {"harbour": vec.pop("harbour")}
    norms.remove(key, gone, DF, n)
    assert norms.norm(key, vec, DF, n) == pytest.approx(full(vec, n))


def test_a_grown_collection_recomputes_in_full() -> None:
    norms, key = SignatureNorms(refresh=1.5), ("s1", "n")
    vec = {"union": 2.0}
    norms.norm(key, vec, DF, 100)
    norms.add(key, 1000.0)  # a wrong change: kept while the collection stays near 100 ...
    assert norms.norm(key, vec, DF, 120) > full(vec, 120) + 10
    assert norms.norm(key, vec, DF, 200) == pytest.approx(full(vec, 200))  # ... not after


def test_clusterer_norms_match_full_computation_after_moves() -> None:
    texts = [
        "Dock workers at the Rotterdam harbour began a strike over pay on Monday.",
        "The Rotterdam dock strike stopped container ships as the union demanded more pay.",
        "Union leaders said the harbour strike in Rotterdam would last until Friday.",
        "A ferry ran aground off the Frisian islands, and passengers were taken off by boat.",
        "The grounded Frisian ferry was refloated at high tide with no one hurt.",
    ]
    clu = StoryClusterer()
    for i, t in enumerate(texts):
        clu.add(article_features(f"a{i}", t))
    clu.refine()
    st = clu.state
    for sig in st.stories.values():
        for kind, vec, df in (("t", sig.terms, st.df), ("n", sig.names, st.name_df)):
            expect = math.sqrt(squared_norm(vec, df, st.n_docs))
            got = clu.signatures.norm(sig, kind)
            # kept with the IDFs of each change: close to, not exactly, the full computation
            assert got == pytest.approx(expect, rel=0.35)
            clu.signatures.norms.drop((sig.id, kind))
            assert clu.signatures.norm(sig, kind) == pytest.approx(expect)
