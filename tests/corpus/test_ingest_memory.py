"""The ingest loop holds a bounded amount of what it reads: batches close at a count or at a
number of characters, and a batch's articles are not kept while the workers prepare them."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.corpus.ingest import _batches, ingest_articles
from newsfuse.executors.local import LocalExecutor
from newsfuse.ingest.html import PendingHtml
from newsfuse.model import Article, Reject
from newsfuse.store import Store

WORDS = [
    *("harbour", "quay", "ferry", "island", "council", "budget", "river", "levee", "storm"),
    *("rainfall", "minister", "treaty", "tariff", "export", "customs", "village", "school"),
    *("teacher", "hospital", "nurse", "bridge", "railway", "station"),
]


def long_article(i: int, chars: int) -> Article:
    rng = random.Random(i)
    text = " ".join(rng.choice(WORDS) + str(rng.randrange(50)) for _ in range(chars // 9))
    return Article(id=f"a{i}", text=text[:chars] + ".", url=f"https://example.org/{i}")


def test_batches_close_at_a_count_or_at_a_number_of_characters() -> None:
    items: list[Article | Reject | PendingHtml] = [
        PendingHtml("p0", "x" * 600, "p0.html"),
        Article(id="a1", text="y" * 300, raw="y" * 300),
        Reject("r.txt", "read", "empty", code="NF103"),
        Article(id="a3", text="z" * 10),
        Article(id="a4", text="z" * 10),
        Article(id="a5", text="z" * 10),
    ]
    sizes = [len(b) for b in _batches(items, 3, chars=1_000)]
    assert sizes == [2, 3, 1]  # 600 + 600 characters close the first; 3 items the second
    assert [len(b) for b in _batches(items, 256, chars=10**9)] == [6]


def _ingest(path: Path, n: int, chars: int, batch_chars: int) -> int:
    arts = (long_article(i, chars) for i in range(n))  # read lazily, as the readers do
    with Store(path) as store:
        report = ingest_articles(
            store,
            arts,
            Settings(progress=False),
            clean=False,
            executor=LocalExecutor(1),
            batch_chars=batch_chars,
        )
    return report.read


def _peak(tmp_path: Path, name: str, batch_chars: int, n: int, chars: int) -> int:
    # what is loaded once per process (the language model, modules imported at first use) is
    # not what is measured: a first small ingest loads it
    assert _ingest(tmp_path / f"{name}-warm.db", 2, 1_000, batch_chars) == 2
    tracemalloc.start()
    try:
        assert _ingest(tmp_path / f"{name}.db", n, chars, batch_chars) == n
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_ingest_memory_is_bounded_by_the_batch_not_the_input(tmp_path: Path) -> None:
    chars, batch = 30_000, 60_000  # batches of two articles
    small = _peak(tmp_path, "small", batch, 16, chars)
    bounded = _peak(tmp_path, "bounded", batch, 64, chars)
    whole = _peak(tmp_path, "whole", 10**9, 64, chars)
    # the whole input in one batch holds every article's text and results at once (measured:
    # 8.6 MB); in batches of two, four times the input costs little more than a quarter of it
    # (4.6 MB and 3.6 MB: the corpus state grows, the batches do not)
    assert whole > 64 * chars
    assert bounded < 0.7 * whole, (bounded, whole)
    assert bounded < 1.6 * small, (bounded, small)


def test_the_report_keeps_the_first_rejects_and_counts_them_all(tmp_path: Path) -> None:
    """A file of many bad records does not grow the ingest by a record each: the report keeps
    the first KEEP_REJECTS, counts every one, and the store records every one."""
    from newsfuse.corpus.ingest import KEEP_REJECTS

    n = KEEP_REJECTS + 1_500
    items: list[Article | Reject] = [
        Reject(f"bad.jsonl:{i}", "read", "not JSON", code="NF107") for i in range(n)
    ]
    items.append(long_article(0, 2_000))
    with Store(tmp_path / "r.db") as store:
        report = ingest_articles(
            store, items, Settings(progress=False), clean=False, executor=LocalExecutor(1)
        )
        assert store.counts()["rejects"] == n
    assert report.n_rejects == n and len(report.rejects) == KEEP_REJECTS
    assert report.rejects[0].source == "bad.jsonl:0"
    assert report.reasons() == {"[NF107] not JSON": n}
    assert report.stored == 1


def test_the_heap_threshold_is_fixed_on_glibc() -> None:
    """On Linux with glibc an ingest fixes the size from which allocations are mapped one by
    one (pages and texts given back to the system when freed, not left as holes in the heap)."""
    import platform

    from newsfuse.corpus.ingest import steady_heap

    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert steady_heap()
    elif platform.system() != "Linux":
        assert steady_heap() is False


def test_the_heap_threshold_is_left_alone_off_linux(monkeypatch) -> None:  # noqa: ANN001
    """Off Linux (macOS, Windows) there is no glibc to tune: nothing is set, nothing raises."""
    import sys

    from newsfuse.corpus.ingest import steady_heap

    for name in ("darwin", "win32"):
        monkeypatch.setattr(sys, "platform", name)
        assert steady_heap() is False


def test_the_store_cache_setting_reaches_both_connections(tmp_path: Path) -> None:
    """``store_cache_mb`` sizes SQLite's page cache of the store and of its writer thread."""
    from newsfuse.store import Store
    from newsfuse.store.writer import open_writer

    with Store(tmp_path / "c.db", cache_mb=5) as store:
        assert store.conn.execute("PRAGMA cache_size").fetchone() == (-5 * 1024,)
        writer = open_writer(store)
        try:
            assert writer.cache_mb == 5  # type: ignore[attr-defined]
        finally:
            writer.close()
    with Store(tmp_path / "c.db") as store:
        assert store.conn.execute("PRAGMA cache_size").fetchone() == (-16 * 1024,)


def test_the_near_duplicate_index_costs_little_per_article() -> None:
    """The corpus's near-duplicate index, which an ingest holds for every stored article, takes
    a row of hash values and a row number per LSH band, not a MinHash object and a set per
    bucket (measured: 2.4 KB per article with its id and hash; 5.9 KB with datasketch's
    MinHashLSH and a MinHash object each)."""
    import numpy as np

    from newsfuse.corpus.dedup import NUM_PERM, Deduper

    n = 3_000
    values = np.random.default_rng(3).integers(0, 2**32, size=(n, NUM_PERM), dtype=np.uint64)
    dd = Deduper()
    tracemalloc.start()
    try:
        for i in range(n):
            dd.add(f"article-{i:06d}", f"{i:032x}", values[i])
        per_article = tracemalloc.get_traced_memory()[0] / n
    finally:
        tracemalloc.stop()
    assert len(dd) == n and dd.near(values[7]) is not None
    assert per_article < 3_500, per_article


def test_each_worker_fixes_the_heap_threshold_itself(monkeypatch) -> None:  # noqa: ANN001
    """A worker's setup fixes the threshold too, so spawned workers (which inherit nothing from
    the parent's heap settings) behave as forked ones."""
    from newsfuse.corpus import ingest

    calls: list[int] = []
    monkeypatch.setattr(ingest, "steady_heap", lambda *a: calls.append(1) or True)
    ingest.PrepareStage().setup()
    assert calls == [1]
