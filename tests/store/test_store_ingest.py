"""The corpus store: idempotent re-ingest, crash safety (kill -9 mid-batch), stories, search."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from corpus_data import make_articles, settings, snapshot
from newsfuse.corpus.ingest import ingest_articles
from newsfuse.executors import LocalExecutor
from newsfuse.model import Article, Reject
from newsfuse.store import Store


def test_reingest_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    arts = make_articles(30)
    copy = Article(id="copy", text=arts[0].text.upper(), url="https://other.example/x")
    with Store(db) as store:
        rep = ingest_articles(
            store,
            [*arts, copy, Reject("bad.txt", "read", "empty", "", "NF103")],
            settings(),
            clean=False,
            batch_size=7,
            executor=LocalExecutor(1),
        )
        assert (rep.stored, rep.exact, len(rep.rejects)) == (30, 1, 1)
        before = snapshot(store)
    with Store(db) as store:
        # same articles again, by URL or by content (new id, no URL), plus the same reject
        again = [
            *arts,
            Article(id="zzz", text=arts[5].text),
            copy,
            Reject("bad.txt", "read", "empty", "", "NF103"),
        ]
        rep2 = ingest_articles(
            store, again, settings(), clean=False, batch_size=5, executor=LocalExecutor(1)
        )
        assert rep2.stored == 0 and rep2.already == 32
        assert snapshot(store) == before
        assert len(store.rejects()) == 1


def test_stories_search_and_story_articles(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        ingest_articles(
            store, make_articles(24), settings(), clean=False, executor=LocalExecutor(1)
        )
        stories = store.stories()
        assert sorted(s.size for s in stories) == [8, 8, 8]
        for s in stories:
            topics = {a.split("-")[0] for a in s.articles}
            assert len(topics) == 1
            arts = store.story_articles(s.id)
            assert {a.id for a in arts} == set(s.articles)
            assert all(isinstance(a, Article) and a.text for a in arts)
        hits = store.search("Sendai")
        assert len(hits) == 1 and hits[0][0].articles[0].startswith("quake")
        assert store.search('bad "query') == [] or isinstance(store.search('bad "query'), list)


SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {tests!r})
    from corpus_data import make_articles, settings
    from newsfuse.corpus.ingest import ingest_articles
    from newsfuse.executors import LocalExecutor
    from newsfuse.store import Store

    calls = []
    original = Store._insert_rejects

    def dying(self, rejects, now):
        calls.append(1)
        if len(calls) == 3:  # inside the third batch's transaction, before COMMIT
            os.kill(os.getpid(), signal.SIGKILL)
        return original(self, rejects, now)

    Store._insert_rejects = dying
    with Store(sys.argv[1]) as store:
        ingest_articles(
            store, make_articles(60), settings(), clean=False, batch_size=10,
            executor=LocalExecutor(1),
        )
    """
)


def test_killed_ingest_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    script = tmp_path / "killme.py"
    script.write_text(SCRIPT.format(tests=str(Path(__file__).parents[1])), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script), str(db)], capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    with Store(db) as store:
        assert store.counts()["articles"] == 20  # two whole batches, nothing of the third
        n_members = store.conn.execute("SELECT COUNT(*) FROM story_members").fetchone()[0]
        assert n_members == 20
        meta = dict(store.conn.execute("SELECT key, value FROM meta"))
        assert json.loads(meta["n_docs"]) == 20
        rep = ingest_articles(
            store,
            make_articles(60),
            settings(),
            clean=False,
            batch_size=10,
            executor=LocalExecutor(1),
        )
        assert (rep.already, rep.stored) == (20, 40)
        ids = [r[0] for r in store.conn.execute("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) == 60
        members = store.conn.execute("SELECT article FROM story_members").fetchall()
        assert len(members) == 60
        assert sum(s.size for s in store.stories()) == 60
    with Store(tmp_path / "fresh.db") as fresh:
        ingest_articles(
            fresh,
            make_articles(60),
            settings(),
            clean=False,
            batch_size=10,
            executor=LocalExecutor(1),
        )
        assert sorted(s.size for s in fresh.stories()) == sorted(
            s.size for s in Store(db).stories()
        )


def test_schema_version_recorded(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        v = store.conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        assert v == store.version >= 1
        mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
    assert os.path.exists(tmp_path / "c.db")


def test_two_ingests_equal_one(tmp_path: Path) -> None:
    """Clustering continues across runs from the stored state: split or not, same stories."""
    arts = make_articles(45)
    with Store(tmp_path / "one.db") as one:
        ingest_articles(one, arts, settings(), clean=False, batch_size=8, executor=LocalExecutor(1))
        whole = sorted(sorted(s.articles) for s in one.stories())
    with Store(tmp_path / "two.db") as two:
        ingest_articles(
            two, arts[:20], settings(), clean=False, batch_size=8, executor=LocalExecutor(1)
        )
    with Store(tmp_path / "two.db") as two:
        ingest_articles(
            two, arts[20:], settings(), clean=False, batch_size=8, executor=LocalExecutor(1)
        )
        split = sorted(sorted(s.articles) for s in two.stories())
        n_docs = json.loads(dict(two.conn.execute("SELECT key, value FROM meta"))["n_docs"])
    assert split == whole and n_docs == 45
