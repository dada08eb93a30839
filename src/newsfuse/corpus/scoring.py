"""Scoring an article against a story: IDF, the sparse-vector algebra, the decay in time.

Every weight of the clustering is an IDF from running document frequencies (:func:`idf`, the one
formula: the signature norms of :mod:`newsfuse.corpus.norms` and the member similarities of
:mod:`newsfuse.corpus.regroup` use it too), every vector a sparse ``dict`` (:func:`unit`,
:func:`dot`), and every comparison across time the same :func:`decay`: full within
``window_days`` of a story's date range, halving every ``decay_days`` beyond.

An article is scored as a :class:`Query` (its IDF-weighted unit vectors, computed once with the
IDFs of the moment); :func:`score` compares it with a story's signature, :func:`score_without`
with its own story less itself, both from the signature's cached norms.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from operator import mul
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsfuse.corpus.articles import ArticleFeatures
    from newsfuse.corpus.signatures import StorySignature
    from newsfuse.corpus.state import ClusterParams

__all__ = [
    "Query",
    "decay",
    "dot",
    "dot_without",
    "gap_days",
    "idf",
    "memo",
    "query",
    "score",
    "score_without",
    "story_gap",
    "unit",
]

# a signature's IDF-weighted norm: (signature, "t" for terms or "n" for names) -> norm
NormOf = Callable[["StorySignature", str], float]


def idf(df: int, n_docs: int) -> float:
    """Inverse document frequency of a key found in ``df`` of ``n_docs`` documents."""
    return math.log((n_docs + 1) / (df + 1)) + 1.0


def decay(gap: int, window: int, half_life: float) -> float:
    """Weight of a comparison ``gap`` days apart: 1 within ``window`` days, halving every
    ``half_life`` days beyond."""
    if gap > window:
        return 0.5 ** ((gap - window) / half_life)
    return 1.0


def unit(vec: Mapping[str, float]) -> dict[str, float]:
    """``vec`` scaled to unit length (empty when it has none)."""
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else {}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Dot product of two sparse vectors (the shared keys are found in C; ``fsum`` makes the
    result independent of the set's order, which follows string hashing)."""
    shared = a.keys() & b.keys()  # iterated twice in the same order; fsum needs no order
    return math.fsum(map(mul, map(a.__getitem__, shared), map(b.__getitem__, shared)))


def dot_without(
    q: Mapping[str, float],
    sig: Mapping[str, float],
    own: Mapping[str, float],
    weights: Mapping[str, float],
    norm: float,
) -> float:
    """Cosine of the weighted vector ``q`` with the signature vector ``sig`` less ``own`` (the
    member's raw values), both weighted by ``weights`` (IDFs); ``norm`` is the weighted norm of
    ``sig``.

    The reduced vector's squared norm is ``norm**2`` less each shared term's share; terms left at
    (or below) zero are dropped, as :func:`newsfuse.corpus.signatures.subtract` drops them."""
    total = 0.0
    sq = norm * norm
    get = sig.get
    for t, v in own.items():
        old = get(t)
        if old is None:
            continue
        rest = old - v
        if rest <= 1e-9:
            rest = 0.0
        w = weights[t]
        sq -= (old * old - rest * rest) * w * w
        if rest:
            total += q[t] * rest * w
    if sq <= 1e-12 or total <= 0.0:
        return 0.0
    return total / math.sqrt(sq)


def memo(fn: Callable[[str], float]) -> Callable[[str], float]:
    """``fn`` remembering its values (for IDFs while the document frequencies stand still)."""
    cache: dict[str, float] = {}

    def get(key: str) -> float:
        value = cache.get(key)
        if value is None:
            value = cache[key] = fn(key)
        return value

    return get


def gap_days(d: date | None, sig: StorySignature) -> int:
    """Days between a date and a story's date range (0 inside it, or when either is undated)."""
    if d is None or sig.first is None or sig.last is None:
        return 0
    if d < sig.first:
        return (sig.first - d).days
    if d > sig.last:
        return (d - sig.last).days
    return 0


def story_gap(a: StorySignature, b: StorySignature) -> int:
    """Days between the date ranges of two stories (0 when they overlap or one is undated)."""
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return 0
    return max((b.first - a.last).days, (a.first - b.last).days, 0)


@dataclass(frozen=True, slots=True)
class Query:
    """An article as scored against stories, with the IDFs of the moment it was computed."""

    terms: dict[str, float]  # IDF-weighted unit term vector
    names: dict[str, float]  # IDF-weighted unit name vector
    idf: dict[str, float]  # IDF of each of its terms
    name_idf: dict[str, float]  # IDF of each of its names
    # ``terms`` and ``names`` times the IDF again: what a signature's raw values multiply
    terms_w: dict[str, float]
    names_w: dict[str, float]


def query(
    feats: ArticleFeatures, df: Mapping[str, int], name_df: Mapping[str, int], n_docs: int
) -> Query:
    """The article's IDF-weighted unit term and name vectors, and the IDFs used."""
    tdf, ndf = df.get, name_df.get
    idfs = {t: idf(tdf(t, 0), n_docs) for t in feats.terms}
    name_idf = {n: idf(ndf(n, 0), n_docs) for n in feats.names}
    terms = unit({t: v * idfs[t] for t, v in feats.terms.items()})
    names = unit(name_idf)
    return Query(
        terms,
        names,
        idfs,
        name_idf,
        {t: v * idfs[t] for t, v in terms.items()},
        {n: v * name_idf[n] for n, v in names.items()},
    )


def score(
    feats: ArticleFeatures, sig: StorySignature, q: Query, norm: NormOf, p: ClusterParams
) -> float:
    """Similarity of an article (``feats``, as the query ``q``) to a story in [0, 1]: the term
    cosine and the name cosine mixed by ``name_weight`` (names count when both sides have some),
    decayed by the article's distance in time from the story's dates."""
    text = dot(q.terms_w, sig.terms) / (norm(sig, "t") or 1.0)
    w = p.name_weight if q.names and sig.names else 0.0
    name_sim = dot(q.names_w, sig.names) / (norm(sig, "n") or 1.0) if w else 0.0
    s = (1 - w) * text + w * name_sim
    return s * decay(gap_days(feats.published, sig), p.window_days, p.decay_days)


def score_without(
    feats: ArticleFeatures, sig: StorySignature, q: Query, norm: NormOf, p: ClusterParams
) -> float:
    """:func:`score` of a member against its own story with the member taken out (0 when alone).

    Computed from the story's cached norms minus the member's share, without building the
    reduced signature (whose norms would have to be recomputed in full)."""
    if sig.size <= 1:
        return 0.0
    text = dot_without(q.terms, sig.terms, feats.terms, q.idf, norm(sig, "t"))
    own = feats.names
    # names count when both sides have some (as in ``score``)
    rest_named = len(sig.names) > len(own) or any(
        c > 1 or n not in own for n, c in sig.names.items()
    )
    w = p.name_weight if q.names and rest_named else 0.0
    name_sim = 0.0
    if w:
        ones = dict.fromkeys(own, 1.0)
        name_sim = dot_without(q.names, sig.names, ones, q.name_idf, norm(sig, "n"))
    s = (1 - w) * text + w * name_sim
    return s * decay(gap_days(feats.published, sig), p.window_days, p.decay_days)
