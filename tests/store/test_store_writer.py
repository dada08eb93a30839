"""The store writer thread: order, errors raised in the caller, batches in flight seen as stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.corpus.ingest import ingest_articles
from newsfuse.executors import LocalExecutor
from newsfuse.model import Article
from newsfuse.store import Store
from newsfuse.store.writer import InFlight, InlineWriter, StoreWriter, open_writer


def _insert(value: str):
    def job(store: Store) -> None:
        store.conn.execute("BEGIN IMMEDIATE")
        store.conn.execute("INSERT INTO meta VALUES (?, ?)", (value, f'"{value}"'))
        store.conn.execute("COMMIT")

    return job


def test_jobs_commit_in_order_and_flush_waits(tmp_path: Path) -> None:
    with Store(tmp_path / "w.db") as store:
        writer = StoreWriter(store.path, depth=1)
        seen: list[str] = []
        for k in range(5):
            writer.submit(_insert(f"k{k}"))
            writer.submit(lambda s, k=k: seen.append(f"k{k}"))
        writer.flush()
        keys = [r[0] for r in store.conn.execute("SELECT key FROM meta WHERE key LIKE 'k%'")]
        assert sorted(keys) == [f"k{k}" for k in range(5)]
        assert seen == [f"k{k}" for k in range(5)]
        writer.close()


def test_error_in_a_job_is_raised_and_later_jobs_are_not_run(tmp_path: Path) -> None:
    def boom(store: Store) -> None:
        raise ValueError("disk on fire")

    with Store(tmp_path / "w.db") as store:
        writer = StoreWriter(store.path)
        writer.submit(_insert("before"))
        writer.submit(boom)
        writer.submit(_insert("after"))
        with pytest.raises(ValueError, match="disk on fire"):
            writer.close()
        keys = {r[0] for r in store.conn.execute("SELECT key FROM meta")}
        assert "before" in keys and "after" not in keys


def test_memory_store_writes_inline() -> None:
    with Store(":memory:") as store:
        assert isinstance(open_writer(store), InlineWriter)


def test_in_flight_keeps_the_last_batches_only() -> None:
    f = InFlight(keep=2)
    f.add(["https://a.example/1"], ["a1"])
    f.add([None], ["b1"])
    assert f.urls(["https://a.example/1", "https://x.example/"]) == {"https://a.example/1"}
    assert f.ids(["a1", "b1", "c1"]) == {"a1", "b1"}
    f.add([], ["c1"])
    assert not f.has_id("a1") and f.has_id("c1")


def test_same_url_in_consecutive_batches_is_taken_once(tmp_path: Path) -> None:
    """Batches of one: the second copy of a URL arrives while the first may still be in flight."""
    text = "The {} council voted on the harbour bridge budget after a long debate on Tuesday."
    arts = [
        Article(id=f"a{i}", text=text.format(w), url=f"https://news.example/{i % 3}")
        for i, w in enumerate(["city", "town", "county", "city", "town", "county"])
    ]
    with Store(tmp_path / "w.db") as store:
        rep = ingest_articles(
            store,
            arts,
            Settings(jobs=1, progress=False),
            clean=False,
            batch_size=1,
            executor=LocalExecutor(1),
        )
        assert (rep.stored, rep.already) == (3, 3)
        assert store.counts()["articles"] == 3


def test_same_id_in_consecutive_batches_gets_a_new_id(tmp_path: Path) -> None:
    arts = [
        Article(id="x", text=f"Story number {w} about the {w} river flood and the dam repairs.")
        for w in ("first", "second", "third")
    ]
    with Store(tmp_path / "w.db") as store:
        ingest_articles(
            store,
            arts,
            Settings(jobs=1, progress=False),
            clean=False,
            batch_size=1,
            executor=LocalExecutor(1),
        )
        ids = sorted(r[0] for r in store.conn.execute("SELECT id FROM articles"))
    assert ids == ["x", "x-2", "x-3"]
