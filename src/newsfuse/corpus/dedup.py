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
It computes the same MinHashes and the same LSH bands in NumPy without importing datasketch,
whose package import pulls in SciPy's integrators (0.5-1 s of every ``newsfuse brief``);
``tests/corpus/test_dedup_sketch.py`` checks both against datasketch.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping, Sequence
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
#: the bands and rows per band datasketch's ``MinHashLSH(THRESHOLD, NUM_PERM)`` chooses (its
#: optimisation of false positives and negatives; checked against it in the tests)
LSH_BANDS, LSH_ROWS = 14, 4


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
    """Incremental duplicate finder: ``check`` then ``add`` each article, in arrival order.

    Kept compact, as an ingest holds one for the whole corpus: each article is a row of one
    matrix of hash values and a row number in each LSH band's table (no MinHash object, no set
    per bucket): 2.4 KB per article with its id and content hash, 64 permutations (5.9 KB with
    datasketch's ``MinHashLSH`` and a MinHash object each; 5,000 random signatures, traced)."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._hashes: dict[str, str] = {}
        self._hasher: MinHasher | None = None  # made on first use (imports datasketch)
        # every added signature's hash values, one row each (for Jaccard estimates in one go)
        self._values = _Rows(num_perm)
        self._bands = _Bands(threshold, num_perm)

    @property
    def hasher(self) -> MinHasher:
        if self._hasher is None:
            self._hasher = MinHasher(self.num_perm)
        return self._hasher

    def __len__(self) -> int:
        return len(self._values)

    def exact(self, chash: str) -> str | None:
        """The id of an article already seen with this content hash."""
        return self._hashes.get(chash)

    def near(self, sig: MinHash | np.ndarray, min_words: int = 0) -> DupMatch | None:
        """The most similar earlier article at or above the threshold, if any (``sig``: its
        MinHash or the MinHash's hash values)."""
        values = _hash_values(sig)
        best: DupMatch | None = None
        rows = self._bands.query(values)
        if not rows:
            return None
        # the estimated Jaccard similarity with each candidate: the share of equal hash values
        sims = self._values.agreement(rows, values).tolist()
        keys = self._values.keys
        for row, sim in zip(rows, sims, strict=True):
            key = keys[row]
            if sim >= self.threshold and (
                best is None or sim > best.similarity or (sim == best.similarity and key < best.of)
            ):
                best = DupMatch(key, "near", sim)
        return best

    def check(self, aid: str, text: str) -> tuple[DupMatch | None, str, MinHash]:
        """``(match or None, content hash, minhash)`` for a new article (not yet added)."""
        chash = content_hash(text)
        if (of := self._hashes.get(chash)) is not None:
            return DupMatch(of, "exact", 1.0), chash, self.hasher.from_values(self._values[of])
        sig = self.hasher.of(text)
        return self.near(sig), chash, sig

    def add(self, aid: str, chash: str, sig: MinHash | np.ndarray) -> None:
        """Remember an article (its hash and its MinHash, or the MinHash's hash values) for
        later checks."""
        if aid in self._values:
            return
        values = _hash_values(sig)
        self._hashes.setdefault(chash, aid)
        self._bands.insert(self._values.add(aid, values), values)


def _hash_values(sig: MinHash | np.ndarray) -> np.ndarray:
    """A MinHash's hash values (given as they are, or as the MinHash), as unsigned 64-bit."""
    import numpy as np

    values: np.ndarray = np.asarray(getattr(sig, "hashvalues", sig), dtype=np.uint64)
    return values


class _Bands:
    """MinHash LSH: the hash values cut into ``b`` bands of ``r`` rows, each band's values the
    key of a bucket of row numbers; two signatures are candidates when they share a bucket in
    some band. ``b`` and ``r`` are the ones datasketch's ``MinHashLSH`` chooses for the
    threshold (the same candidates it finds), the buckets held as plain numbers: a bucket of one
    article is the article's row number, not a set."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        self.b, self.r = lsh_params(threshold, num_perm)
        self._tables: list[dict[bytes, int | list[int]]] = [{} for _ in range(self.b)]

    def _keys(self, values: np.ndarray) -> list[bytes]:
        r = self.r
        return [values[i * r : (i + 1) * r].tobytes() for i in range(self.b)]

    def insert(self, row: int, values: np.ndarray) -> None:
        for table, key in zip(self._tables, self._keys(values), strict=True):
            held = table.get(key)
            if held is None:
                table[key] = row
            elif isinstance(held, int):
                table[key] = [held, row]
            else:
                held.append(row)

    def query(self, values: np.ndarray) -> list[int]:
        """The rows sharing a bucket with ``values`` in some band, in row order."""
        found: set[int] = set()
        for table, key in zip(self._tables, self._keys(values), strict=True):
            held = table.get(key)
            if held is None:
                continue
            if isinstance(held, int):
                found.add(held)
            else:
                found.update(held)
        return sorted(found)


class _Rows:
    """Hash values of many MinHashes in one growing matrix, one row per key."""

    def __init__(self, width: int) -> None:
        import numpy as np

        self._matrix = np.empty((256, width), dtype=np.uint64)
        self._row: dict[str, int] = {}
        self.keys: list[str] = []  # row -> key

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: str) -> bool:
        return key in self._row

    def __getitem__(self, key: str) -> np.ndarray:
        """A copy of the key's hash values."""
        return self._matrix[self._row[key]].copy()

    def add(self, key: str, values: np.ndarray) -> int:
        """Add the key's hash values; returns its row number."""
        import numpy as np

        n = len(self.keys)
        if n == len(self._matrix):
            grown = np.empty((2 * n, self._matrix.shape[1]), dtype=np.uint64)
            grown[:n] = self._matrix
            self._matrix = grown
        self._matrix[n] = values
        self._row[key] = n
        self.keys.append(key)
        return n

    def agreement(self, rows: Sequence[int], values: np.ndarray) -> np.ndarray:
        """For each row, the share of its hash values equal to ``values`` (MinHash Jaccard)."""
        import numpy as np

        equal = np.count_nonzero(self._matrix[list(rows)] == values, axis=1)
        return equal / self._matrix.shape[1]


def duplicate_groups(
    articles: Sequence[Article],
    threshold: float = THRESHOLD,
    hashed: Mapping[str, np.ndarray] | None = None,
) -> list[DuplicateGroup]:
    """Group exact and near-duplicate articles (groups of one are left out), with the hash
    values of :func:`minhash_values` (those of :meth:`MinHasher.of`, without importing
    datasketch); see :func:`group_duplicates`. ``hashed``: text -> those values, where already
    made (an ingest stores them); the others are computed."""
    perms: list[tuple[np.ndarray, np.ndarray]] = []  # made on first use

    def values(text: str) -> np.ndarray:
        if hashed is not None and text in hashed:
            return hashed[text]
        if not perms:
            perms.append(affine32_permutations(NUM_PERM, SEED))
        return minhash_values(text, *perms[0])

    return group_duplicates(articles, values, threshold)


def group_duplicates(
    articles: Sequence[Article],
    signature: Callable[[str], MinHash | np.ndarray],
    threshold: float = THRESHOLD,
) -> list[DuplicateGroup]:
    """Group exact and near-duplicate articles (groups of one are left out); ``signature`` gives
    a text's MinHash or the MinHash's hash values.

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
        chash = content_hash(a.text)
        match: DupMatch | None
        if (of := dd.exact(chash)) is not None:
            match = DupMatch(of, "exact", 1.0)
        else:
            values = signature(a.text)
            match = dd.near(values)
            dd.add(a.id, chash, values)  # a new article or a near copy; an exact copy is not
        if match is None:
            group_of[a.id] = a.id
            members[a.id] = [a.id]
            lowest[a.id], kinds[a.id] = 1.0, set()
            continue
        rep = group_of[match.of]
        group_of[a.id] = rep
        members[rep].append(a.id)
        lowest[rep] = min(lowest[rep], match.similarity)
        kinds[rep].add(match.kind)
    out = [
        DuplicateGroup(rep, tuple(ms), "exact" if kinds[rep] == {"exact"} else "near", lowest[rep])
        for rep, ms in members.items()
        if len(ms) > 1
    ]
    return sorted(out, key=lambda g: g.representative)


def affine32_permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's ``affine32`` permutation parameters ``(a, b)`` for ``seed`` (uint32; ``a``
    odd): the same draws from ``numpy.random.RandomState(seed)``."""
    import numpy as np

    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def minhash_values(text: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The hash values of :meth:`MinHasher.of` (uint32): per permutation, the least
    ``a * fmix32(crc32(shingle)) + b`` (mod 2^32) over the text's word 3-shingles."""
    import numpy as np

    sh = shingles(text)
    if not sh:
        return np.full(len(a), np.uint32(0xFFFFFFFF), dtype=np.uint32)
    hv = np.fromiter((_crc32(x.encode()) for x in sh), dtype=np.uint32, count=len(sh))[:, None]
    # MurmurHash3's 32-bit finalizer (datasketch's pre-mix); uint32 products wrap mod 2^32
    hv ^= hv >> np.uint32(16)
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    phv: np.ndarray = hv * a + b
    return phv.min(axis=0)


def lsh_params(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """The bands and rows per band datasketch's ``MinHashLSH`` chooses for ``threshold`` and
    ``num_perm``: constants for the module's own (checked in the tests), else asked of
    datasketch (which imports it)."""
    if (threshold, num_perm) == (THRESHOLD, NUM_PERM):
        return LSH_BANDS, LSH_ROWS
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)
