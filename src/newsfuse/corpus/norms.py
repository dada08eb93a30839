"""IDF-weighted norms of story signatures, kept up to date instead of recomputed.

A signature ``v`` is scored with IDF weights (:func:`newsfuse.corpus.scoring.idf`) that
change as the collection grows. Its squared norm ``sum((v[t] * idf(t)) ** 2)`` is computed in
full once, then every change to the signature (an article absorbed or taken out, terms pruned)
adds its own share, with the IDFs of the moment of the change; the norm is computed in full again
once the collection has grown by ``refresh`` times since, so the drift of the IDFs stays small.

Correcting the drift exactly for the growth of ``n`` (every IDF grows by
``ln((n + 1) / (a + 1))``) was tried: B-cubed F1 fell on ECB+ (0.933 to 0.927 over three arrival
orders), because the document frequencies of a story's own terms grow with the story too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from newsfuse.corpus.scoring import idf


class SignatureNorms:
    """Cached squared norms, one per key (a story id and the kind of vector)."""

    def __init__(self, refresh: float = 1.5) -> None:
        self.refresh = refresh
        # key -> [collection size when computed in full, squared norm]
        self._sq: dict[tuple[str, str], list[float]] = {}

    def norm(
        self, key: tuple[str, str], vec: Mapping[str, float], df: Mapping[str, int], n: int
    ) -> float:
        """The IDF-weighted norm of ``vec`` at collection size ``n`` (``df``: its frequencies)."""
        s = self._sq.get(key)
        if s is None or n > s[0] * self.refresh + 2:
            s = self._sq[key] = [n, squared_norm(vec, df, n)]
        return math.sqrt(max(s[1], 0.0))

    def start(self, key: tuple[str, str], n: int) -> None:
        """Track a new, empty signature from collection size ``n``."""
        self._sq[key] = [n, 0.0]

    def add(self, key: tuple[str, str], delta: float) -> None:
        """Record a change of the signature: the sum over the changed entries of
        ``(new**2 - old**2) * idf**2`` (nothing happens for an untracked key: its norm is
        computed in full when asked)."""
        s = self._sq.get(key)
        if s is not None:
            s[1] += delta

    def remove(
        self, key: tuple[str, str], gone: Mapping[str, float], df: Mapping[str, int], n: int
    ) -> None:
        """Record that the entries ``gone`` (with their values) left the signature."""
        if key in self._sq:
            self.add(key, -squared_norm(gone, df, n))

    def drop(self, key: tuple[str, str]) -> None:
        self._sq.pop(key, None)


def squared_norm(vec: Mapping[str, float], df: Mapping[str, int], n: int) -> float:
    """``sum((v * idf) ** 2)`` with the IDFs of collection size ``n``."""
    get = df.get
    return math.fsum((v * idf(get(t, 0), n)) ** 2 for t, v in vec.items())
