"""Exact and near-duplicate articles.

* exact: equal normalized content hash (:func:`newsfuse.corpus.features.content_hash`): the same
  text up to case, spacing and punctuation;
* near: MinHash over word 3-shingles with an LSH index (datasketch), confirmed by the estimated
  Jaccard similarity >= ``threshold``. This catches wire copies with a changed headline, a
  dateline, a credit line or a trimmed ending. The threshold (0.5) was measured: see
  ``docs/corpus.md``.

Groups have a representative (the first article seen, or the longest in
:func:`duplicate_groups`) and members. :class:`Deduper` is the incremental form the store uses;
:func:`duplicate_groups` works on a plain list of articles (the briefing's independence count).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsfuse.corpus.features import content_hash, shingles
from newsfuse.model import Article

if TYPE_CHECKING:
    import numpy as np
    from datasketch import MinHash

NUM_PERM = 64
THRESHOLD = 0.5
SEED = 1
SCHEME = "affine32"  # datasketch 2 permutation scheme; stored MinHashes must match it


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Articles that are copies of one another; ``kind`` is "exact" or "near"."""

    representative: str
    members: tuple[str, ...]  # every article of the group, representative first
    kind: str
    similarity: float = 1.0  # the lowest estimated Jaccard similarity to the representative

    def to_dict(self) -> dict[str, object]:
        return {
            "representative": self.representative,
            "members": list(self.members),
            "kind": self.kind,
            "similarity": round(self.similarity, 3),
        }


@dataclass(frozen=True, slots=True)
class DupMatch:
    """What :meth:`Deduper.check` found: the article this one copies, how, and how closely."""

    of: str
    kind: str
    similarity: float


# The shingle hash: CRC-32, called directly (C speed; MinHash applies its own permutations on
# top). Stored MinHashes were made with it: changing it needs a migration.
_crc32 = zlib.crc32


class MinHasher:
    """Makes MinHashes with one fixed set of permutations (generated once per instance)."""

    def __init__(self, num_perm: int = NUM_PERM) -> None:
        from datasketch import MinHash

        self.num_perm = num_perm
        self._permutations = MinHash(
            num_perm=num_perm, seed=SEED, scheme=SCHEME, hashfunc=_crc32
        ).permutations

    def of(self, text: str, toks: list[str] | None = None) -> MinHash:
        """The MinHash of a text's word 3-shingles (``toks``: its words, if already known)."""
        from datasketch import MinHash

        m = MinHash(
            self.num_perm,
            seed=SEED,
            permutations=self._permutations,
            scheme=SCHEME,
            hashfunc=_crc32,
        )
        sh = shingles(text, toks=toks)
        if sh:
            m.update_batch(list(map(str.encode, sh)))  # UTF-8
        return m

    def from_values(self, values: np.ndarray) -> MinHash:
        """A MinHash rebuilt from its stored hash values."""
        from datasketch import MinHash

        return MinHash(
            len(values),
            seed=SEED,
            hashvalues=values,
            permutations=self._permutations,
            scheme=SCHEME,
        )


class Deduper:
    """Incremental duplicate finder: ``check`` then ``add`` each article, in arrival order."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self._hashes: dict[str, str] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._sigs: dict[str, MinHash] = {}
        self.hasher = MinHasher(num_perm)
        # every added signature's hash values, one row each (for Jaccard estimates in one go)
        self._values = _Rows(num_perm)

    def __len__(self) -> int:
        return len(self._sigs)

    def exact(self, chash: str) -> str | None:
        """The id of an article already seen with this content hash."""
        return self._hashes.get(chash)

    def near(self, sig: MinHash, min_words: int = 0) -> DupMatch | None:
        """The most similar earlier article at or above the threshold, if any."""
        best: DupMatch | None = None
        keys = self._lsh.query(sig)
        if not keys:
            return None
        # the estimated Jaccard similarity with each candidate: the share of equal hash values
        sims = self._values.agreement(keys, sig.hashvalues).tolist()
        for key, sim in zip(keys, sims, strict=True):
            if sim >= self.threshold and (
                best is None or sim > best.similarity or (sim == best.similarity and key < best.of)
            ):
                best = DupMatch(key, "near", sim)
        return best

    def check(self, aid: str, text: str) -> tuple[DupMatch | None, str, MinHash]:
        """``(match or None, content hash, minhash)`` for a new article (not yet added)."""
        chash = content_hash(text)
        if (of := self._hashes.get(chash)) is not None:
            return DupMatch(of, "exact", 1.0), chash, self._sigs[of]
        sig = self.hasher.of(text)
        return self.near(sig), chash, sig

    def add(self, aid: str, chash: str, sig: MinHash) -> None:
        """Remember an article (its hash and its MinHash) for later checks."""
        if aid in self._sigs:
            return
        self._hashes.setdefault(chash, aid)
        self._sigs[aid] = sig
        self._lsh.insert(aid, sig)
        self._values.add(aid, sig.hashvalues)


class _Rows:
    """Hash values of many MinHashes in one growing matrix, one row per key."""

    def __init__(self, width: int) -> None:
        import numpy as np

        self._matrix = np.empty((256, width), dtype=np.uint64)
        self._row: dict[str, int] = {}

    def add(self, key: str, values: np.ndarray) -> None:
        import numpy as np

        n = len(self._row)
        if n == len(self._matrix):
            grown = np.empty((2 * n, self._matrix.shape[1]), dtype=np.uint64)
            grown[:n] = self._matrix
            self._matrix = grown
        self._matrix[n] = values
        self._row[key] = n

    def agreement(self, keys: Sequence[str], values: np.ndarray) -> np.ndarray:
        """For each key, the share of its hash values equal to ``values`` (MinHash Jaccard)."""
        import numpy as np

        rows = np.fromiter(map(self._row.__getitem__, keys), dtype=np.intp, count=len(keys))
        equal = np.count_nonzero(self._matrix[rows] == values, axis=1)
        return equal / self._matrix.shape[1]


def duplicate_groups(
    articles: Sequence[Article], threshold: float = THRESHOLD
) -> list[DuplicateGroup]:
    """Group exact and near-duplicate articles (groups of one are left out).

    Articles are taken longest first, so each group's representative is its fullest text; a
    near-duplicate joins the group of the article it matches best. A group is "exact" when all
    its members have the same normalized text.
    """
    order = sorted(articles, key=lambda a: (-len(a.text), a.id))
    dd = Deduper(threshold=threshold)
    group_of: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    lowest: dict[str, float] = {}
    kinds: dict[str, set[str]] = {}
    for a in order:
        match, chash, sig = dd.check(a.id, a.text)
        if match is None:
            group_of[a.id] = a.id
            members[a.id] = [a.id]
            lowest[a.id], kinds[a.id] = 1.0, set()
            dd.add(a.id, chash, sig)
            continue
        rep = group_of[match.of]
        group_of[a.id] = rep
        members[rep].append(a.id)
        lowest[rep] = min(lowest[rep], match.similarity)
        kinds[rep].add(match.kind)
        if match.kind == "near":
            dd.add(a.id, chash, sig)
    out = [
        DuplicateGroup(rep, tuple(ms), "exact" if kinds[rep] == {"exact"} else "near", lowest[rep])
        for rep, ms in members.items()
        if len(ms) > 1
    ]
    return sorted(out, key=lambda g: g.representative)
