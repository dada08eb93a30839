"""Centroid summarizer (Radev et al. 2004, MEAD): closeness to the cluster's tf-idf centroid.

The centroid keeps the cluster's ``top`` highest tf-idf lemmas; a sentence scores its cosine
with the centroid plus a small bonus for being early in its article.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.summarize.units import Unit


def scores(units: Sequence[Unit], *, top: int = 50, position: float = 0.1) -> list[float]:
    """Centroid score of every unit."""
    import numpy as np

    from newsfuse.summarize.lexrank import tfidf_matrix

    if not units:
        return []
    if not any(u.lemmas for u in units):
        return [position / (1 + u.pos) for u in units]
    m = tfidf_matrix(units)
    centroid = np.asarray(m.sum(axis=0)).ravel()
    if centroid.size > top:
        cut = np.sort(centroid)[-top]
        centroid = np.where(centroid >= cut, centroid, 0.0)
    norm = np.linalg.norm(centroid) or 1.0
    cos = (m @ (centroid / norm)).ravel()
    return [float(c) + position / (1 + u.pos) for c, u in zip(cos, units, strict=True)]


def rank(units: Sequence[Unit]) -> list[Unit]:
    """Units by decreasing centroid score (ties: earlier in the input first)."""
    sc = scores(units)
    order = sorted(range(len(units)), key=lambda i: (-sc[i], i))
    return [units[i] for i in order]
