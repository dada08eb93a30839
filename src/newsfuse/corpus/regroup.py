"""Splitting a story whose members form well-separated groups (part of the clustering refinement).

Online, a story can swallow a second, similar event: two earthquakes, two rehab check-ins of the
same actor. Their articles share most of their vocabulary, so the pass that compares each article
with whole stories does not see it; the members do, pairwise, mostly through what tells events
apart: names, and numbers and years (a magnitude, a death toll, an amount, the year).

:func:`split_groups` compares every two members (cosine of IDF-weighted terms, names, and numbers
each as its own channel), builds the average-link tree over them (scipy), and cuts its top merge
when the average similarity between the two sides is well below that inside each side; each side
is then checked the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsfuse.corpus.scoring import dot, unit

NUMBER_PREFIX = "#"  # numbers travel with the names, marked by this prefix


@dataclass(frozen=True, slots=True)
class SplitParams:
    name_weight: float  # share of names in the term/name mix
    number_weight: float  # share of numbers when both members have some
    ratio: float  # split when across < ratio * min(inside one side, inside the other)
    min_group: int  # never cut off a group smaller than this


def member_similarity(
    terms: Sequence[dict[str, float]],
    names: Sequence[Mapping[str, float]],
    term_idf: Callable[[str], float],
    name_idf: Callable[[str], float],
    p: SplitParams,
) -> np.ndarray:
    """Pairwise similarity of members (``terms``: weighted terms; ``names``: names and numbers)."""
    t = _unit_matrix([{k: v * term_idf(k) for k, v in x.items()} for x in terms])
    plain = [{k: name_idf(k) for k in x if not k.startswith(NUMBER_PREFIX)} for x in names]
    nums = [{k: name_idf(k) for k in x if k.startswith(NUMBER_PREFIX)} for x in names]
    n, m = _unit_matrix(plain), _unit_matrix(nums)
    has_names = np.array([bool(x) for x in plain])
    has_nums = np.array([bool(x) for x in nums])
    st, sn, sm = t @ t.T, n @ n.T, m @ m.T
    w = np.where(np.outer(has_names, has_names), p.name_weight, 0.0)
    mixed = (1 - w) * st + w * sn
    wn = np.where(np.outer(has_nums, has_nums), p.number_weight, 0.0)
    return np.asarray((1 - wn) * mixed + wn * sm)


def split_groups(sim: np.ndarray, p: SplitParams) -> list[list[int]]:
    """Members (indices into ``sim``) in groups: one group unless well-separated ones exist."""
    return _split(list(range(sim.shape[0])), sim, p)


def _split(idx: list[int], sim: np.ndarray, p: SplitParams) -> list[list[int]]:
    if len(idx) < 2 * p.min_group:
        return [idx]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    sub = sim[np.ix_(idx, idx)]
    dist = np.clip(1.0 - sub, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(
        linkage(squareform(dist, checks=False), method="average"), 2, criterion="maxclust"
    )
    a = [i for i, lab in zip(idx, labels, strict=True) if lab == 1]
    b = [i for i, lab in zip(idx, labels, strict=True) if lab != 1]
    if len(a) < p.min_group or len(b) < p.min_group:
        return [idx]
    across = float(sim[np.ix_(a, b)].mean())
    if across >= p.ratio * min(_inside(a, sim), _inside(b, sim)):
        return [idx]
    return _split(a, sim, p) + _split(b, sim, p)


def _inside(g: list[int], sim: np.ndarray) -> float:
    """Average similarity between two different members of ``g`` (1.0 for a single member)."""
    if len(g) < 2:
        return 1.0
    block = sim[np.ix_(g, g)]
    return float((block.sum() - np.trace(block)) / (len(g) * (len(g) - 1)))


def _unit_matrix(vecs: Sequence[dict[str, float]]) -> np.ndarray:
    """Rows of unit length (zero rows stay zero) over the union of the keys."""
    vocab: dict[str, int] = {}
    for v in vecs:
        for k in v:
            vocab.setdefault(k, len(vocab))
    out = np.zeros((len(vecs), max(len(vocab), 1)))
    for i, v in enumerate(vecs):
        for k, x in v.items():
            out[i, vocab[k]] = x
        norm = math.sqrt(float(out[i] @ out[i]))
        if norm:
            out[i] /= norm
    return out


# members grouped by (has names, has numbers): within a class every pair mixes the same channels
_Class = tuple[bool, bool]


@dataclass(slots=True)
class Profile:
    """Sums of a story's members' unit vectors per class, to average similarities in O(size)."""

    size: int
    sums: dict[_Class, tuple[int, dict[str, float], dict[str, float], dict[str, float]]]
    self_sum: float  # sum of the members' similarities with themselves


def profile(
    terms: Sequence[dict[str, float]],
    names: Sequence[Mapping[str, float]],
    term_idf: Callable[[str], float],
    name_idf: Callable[[str], float],
    p: SplitParams,
) -> Profile:
    """The :class:`Profile` of a group of members (same inputs as :func:`member_similarity`)."""
    sums: dict[_Class, tuple[int, dict[str, float], dict[str, float], dict[str, float]]] = {}
    self_sum = 0.0
    for t, n in zip(terms, names, strict=True):
        tv = unit({k: v * term_idf(k) for k, v in t.items()})
        nv = unit({k: name_idf(k) for k in n if not k.startswith(NUMBER_PREFIX)})
        mv = unit({k: name_idf(k) for k in n if k.startswith(NUMBER_PREFIX)})
        cls = (bool(nv), bool(mv))
        count, ts, ns, ms = sums.get(cls, (0, {}, {}, {}))
        for vec, acc in ((tv, ts), (nv, ns), (mv, ms)):
            for k, v in vec.items():
                acc[k] = acc.get(k, 0.0) + v
        sums[cls] = (count + 1, ts, ns, ms)
        w = p.name_weight if nv else 0.0
        wn = p.number_weight if mv else 0.0
        self_sum += (1 - wn) * ((1 - w) * (1.0 if tv else 0.0) + w) + wn * (1.0 if mv else 0.0)
    return Profile(len(terms), sums, self_sum)


def link_sum(a: Profile, b: Profile, p: SplitParams) -> float:
    """Sum of the similarities of every member of ``a`` with every member of ``b``."""
    total = 0.0
    for (an, am), (_, ta, na, ma) in a.sums.items():
        for (bn, bm), (_, tb, nb, mb) in b.sums.items():
            w = p.name_weight if an and bn else 0.0
            wn = p.number_weight if am and bm else 0.0
            s = (1 - w) * dot(ta, tb) + (w * dot(na, nb) if w else 0.0)
            total += (1 - wn) * s + (wn * dot(ma, mb) if wn else 0.0)
    return total


def separated(a: Profile, b: Profile, p: SplitParams) -> tuple[float, bool]:
    """Average similarity across two groups, and whether the split criterion holds for them."""
    across = link_sum(a, b, p) / (a.size * b.size)
    return across, across < p.ratio * min(_inside_profile(a, p), _inside_profile(b, p))


def _inside_profile(a: Profile, p: SplitParams) -> float:
    if a.size < 2:
        return 1.0
    return (link_sum(a, a, p) - a.self_sum) / (a.size * (a.size - 1))
