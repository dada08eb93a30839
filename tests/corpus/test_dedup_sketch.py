"""``duplicate_groups`` computes its MinHashes and LSH bands in NumPy: the same values, candidates
and groups as datasketch (the store's ``Deduper``), without importing it."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import numpy as np

from newsfuse.corpus.dedup import (
    LSH_BANDS,
    LSH_ROWS,
    NUM_PERM,
    SEED,
    THRESHOLD,
    DuplicateGroup,
    MinHasher,
    affine32_permutations,
    duplicate_groups,
    group_duplicates,
    lsh_params,
    minhash_values,
)
from newsfuse.model import Article

WORDS = [
    "the",
    "council",
    "said",
    "on",
    "monday",
    "that",
    "river",
    "levels",
    "rose",
    "two",
    "metres",
    "overnight",
    "while",
    "crews",
    "moved",
    "families",
    "from",
    "homes",
    "near",
    "the",
    "old",
    "bridge",
    "and",
    "officials",
    "promised",
    "a",
    "statement",
    "later",
    "in",
    "the",
    "week",
    "as",
    "rain",
    "kept",
    "falling",
    "across",
    "the",
    "valley",
    "towns",
]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _with_datasketch(articles: list[Article], threshold: float) -> list[DuplicateGroup]:
    """The grouping done with datasketch's MinHash objects."""
    return group_duplicates(articles, MinHasher().of, threshold)


def test_lsh_bands_are_datasketchs() -> None:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (LSH_BANDS, LSH_ROWS) == lsh_params(THRESHOLD)
    a, b = affine32_permutations(NUM_PERM, SEED)
    ref = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations
    assert np.array_equal(a, ref[0]) and np.array_equal(b, ref[1])


def test_minhash_values_are_datasketchs() -> None:
    rng = random.Random(7)
    hasher = MinHasher()
    a, b = affine32_permutations(NUM_PERM, SEED)
    texts = ["", "two words", "Exactly three words", *(_text(rng, n) for n in (4, 30, 400))]
    for text in texts:
        assert np.array_equal(minhash_values(text, a, b), hasher.of(text).hashvalues), text


def test_groups_are_the_deduper_groups(example_dir: Path) -> None:
    from newsfuse.api import load

    rng = random.Random(3)
    arts = list(load([example_dir]).articles)
    for i in range(60):
        base = _text(rng, rng.randint(20, 120))
        arts.append(Article(id=f"s{i:02d}", text=base))
        words = base.split()
        # copies with a share of their words changed: some above the threshold, some below
        for j in range(rng.randint(0, 3)):
            changed = [
                w if rng.random() > rng.choice((0.03, 0.1, 0.2, 0.4)) else "x" for w in words
            ]
            arts.append(Article(id=f"s{i:02d}c{j}", text=" ".join(changed)))
        if rng.random() < 0.2:
            arts.append(Article(id=f"s{i:02d}e", text=base.upper() + " !"))  # exact copy
    for threshold in (THRESHOLD, 0.3, 0.8):
        ours = duplicate_groups(arts, threshold)
        assert ours == _with_datasketch(arts, threshold)
    groups = duplicate_groups(arts)
    assert {g.kind for g in groups} == {"exact", "near"}
    assert len(groups) > 15


def test_duplicate_groups_do_not_import_datasketch() -> None:
    code = (
        "import sys\n"
        "from newsfuse.corpus.dedup import duplicate_groups\n"
        "from newsfuse.model import Article\n"
        "t = 'heavy rain flooded the river town on monday and crews evacuated homes'\n"
        "g = duplicate_groups([Article(id='a', text=t), Article(id='b', text=t + ' again')])\n"
        "assert len(g) == 1, g\n"
        "assert 'datasketch' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_hash_values_given_for_some_texts_are_used_and_give_the_same_groups(
    monkeypatch,  # noqa: ANN001
) -> None:
    import newsfuse.corpus.dedup as dedup

    rng = random.Random(5)
    arts = []
    for i in range(20):
        base = _text(rng, rng.randint(20, 80))
        arts.append(Article(id=f"s{i:02d}", text=base))
        arts.append(Article(id=f"s{i:02d}c", text=base + " and more words at the end"))
    a, b = affine32_permutations(NUM_PERM, SEED)
    hashed = {x.text: minhash_values(x.text, a, b) for x in arts[::2]}
    computed: list[str] = []

    def counted(text: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        computed.append(text)
        return minhash_values(text, a, b)

    monkeypatch.setattr(dedup, "minhash_values", counted)
    assert duplicate_groups(arts, hashed=hashed) == duplicate_groups(arts)
    # the first call computed only the texts without given values, the second every text
    assert sorted(computed) == sorted([x.text for x in arts[1::2]] + [x.text for x in arts])
