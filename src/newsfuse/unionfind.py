"""Union-find over hashable keys (local to one computation; no shared state)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, Generic, Protocol, TypeVar


class OrderedKey(Hashable, Protocol):
    """A key that hashes and orders (ints, strings, tuples of them)."""

    def __lt__(self, other: Any, /) -> bool: ...


K = TypeVar("K", bound=OrderedKey)


class UnionFind(Generic[K]):
    """Disjoint sets with path halving; ``union`` keeps the smaller key as the root, so results
    do not depend on the order of unions."""

    def __init__(self, keys: Iterable[K]) -> None:
        self.parent: dict[K, K] = {k: k for k in keys}

    def find(self, k: K) -> K:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: K, b: K) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
