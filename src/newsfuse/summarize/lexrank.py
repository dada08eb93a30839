"""LexRank (Erkan & Radev 2004): sentence centrality in the thresholded cosine-similarity graph.

Sentences are tf-idf vectors of their content lemmas (idf over the cluster's sentences); edges
join sentences whose cosine is at least ``threshold``; scores are the stationary distribution
of the damped random walk over that graph.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.summarize.units import Unit


def tfidf_matrix(units: Sequence[Unit]):  # noqa: ANN201 - scipy sparse matrix
    """L2-normalised tf-idf rows of the units' content lemmas."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer=lambda lemmas: list(lemmas), sublinear_tf=True)
    return vec.fit_transform([u.lemmas for u in units])


def scores(units: Sequence[Unit], *, threshold: float = 0.1, damping: float = 0.85) -> list[float]:
    """LexRank score of every unit (power iteration, at most 100 steps)."""
    import numpy as np

    n = len(units)
    if n == 0:
        return []
    if not any(u.lemmas for u in units):
        return [1.0 / n] * n
    m = tfidf_matrix(units)
    sim = (m @ m.T).toarray()
    adj = (sim >= threshold).astype(float)
    deg = adj.sum(axis=1, keepdims=True)
    deg[deg == 0] = 1.0
    trans = adj / deg
    p = np.full(n, 1.0 / n)
    for _ in range(100):
        nxt = (1 - damping) / n + damping * trans.T @ p
        if np.abs(nxt - p).sum() < 1e-6:
            p = nxt
            break
        p = nxt
    return [float(x) for x in p]


def rank(units: Sequence[Unit]) -> list[Unit]:
    """Units by decreasing LexRank score (ties: earlier in the input first)."""
    sc = scores(units)
    order = sorted(range(len(units)), key=lambda i: (-sc[i], i))
    return [units[i] for i in order]
