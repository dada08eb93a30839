"""Benchmark: a briefing read back from the store against one computed from the articles.

    .venv/bin/python bench/bench_store_brief.py [--n 40] [--db /tmp/x.db] [--stored-only]
        [--story-db /tmp/story.db]

Ingests N articles of a Timeline17 topic (as ``bench_story.py`` selects them) with
``--analyze`` into a store (kept when ``--db`` is given and reused on the next run), then times
the briefing of those N articles as one story from the stored analyses and vectors (what
``newsfuse brief --story`` and ``newsfuse.api.brief_story`` do, models not loaded) against the
briefing computed from the same articles (models loaded before the clock), and checks that both
give the same JSON. The stored briefing runs twice in the process (the first also imports the
cross-check modules); wall and CPU seconds of each are printed (CPU: what a quiet machine's wall
time would be). With ``--story-db`` it also writes a copy of the store in which the N articles
are one stored story (the clusterer may have split them), for timing the command a user runs,
``newsfuse brief --story ID --db STORY_DB`` (the command is printed).

With ``--briefer`` (and an existing ``--story-db``) it does only this, in this fresh process: the
first story page of a fresh web-app briefer, ``Briefer(copy, Settings(jobs=1)).brief(ID)`` on a
temporary copy of STORY_DB (a briefer answers a story it has already briefed from the store),
wall and CPU seconds. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_story import DEFAULT_TOPIC, load_articles  # noqa: E402


def main() -> None:
    from newsfuse import Settings
    from newsfuse.brief.assemble import build_briefing
    from newsfuse.corpus.ingest import ingest_articles
    from newsfuse.executors import make_executor
    from newsfuse.render.json import to_json
    from newsfuse.store import Store

    ap = argparse.ArgumentParser()
    ap.add_argument("--topic", type=Path, default=DEFAULT_TOPIC)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--db", type=Path)
    ap.add_argument(
        "--stored-only", action="store_true", help="no briefing from the articles to compare"
    )
    ap.add_argument(
        "--story-db", type=Path, help="write a copy of the store with the N articles as one story"
    )
    ap.add_argument(
        "--briefer",
        action="store_true",
        help="time only the first briefing of a fresh web-app briefer on --story-db",
    )
    args = ap.parse_args()
    if args.briefer:
        if args.story_db is None or not args.story_db.exists():
            ap.error("--briefer needs an existing --story-db (written by an earlier run)")
        web_briefer(args.story_db)
        return
    db = args.db or Path(tempfile.mkdtemp()) / "bench.db"
    settings = Settings(jobs=2, progress=False)
    articles = load_articles(args.topic, args.n)
    with Store(db) as store:
        if store.counts()["vectors"] < len(articles):
            t0 = time.perf_counter()
            ingest_articles(
                store, iter(articles), settings, analyze=True, executor=make_executor(2)
            )
            print(f"ingest --analyze of {len(articles)} articles: {time.perf_counter() - t0:.1f} s")
        ids = {a.id for a in articles}
        stored_arts = [a for a in store.articles() if a.id in ids]
        if args.story_db:
            one_story(store.conn, args.story_db, [a.id for a in stored_arts])
        # the first run also pays the imports of the cross-check modules; the second is what a
        # long-running process (the web app) pays for each story
        for run in ("first", "second"):
            t0, c0 = time.perf_counter(), time.process_time()
            kept = store.stored_analyses(stored_arts)
            b = build_briefing(stored_arts, None, settings, stored=kept)
            t1, c1 = time.perf_counter(), time.process_time()
            print(
                f"from the store ({run} run): {t1 - t0:.2f} s ({c1 - c0:.2f} CPU s) for "
                f"{len(stored_arts)} articles, load average {os.getloadavg()[0]:.1f}, "
                f"steps {b.stats}"
            )
    if args.stored_only:
        return
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.embed import load_encoder

    nlp, enc = load_nlp(), load_encoder()
    t0 = time.perf_counter()
    fresh = build_briefing(stored_arts, nlp, settings, encoder=enc)
    t1 = time.perf_counter()
    print(f"from the articles: {t1 - t0:.2f} s")
    same = json.loads(to_json(b)) | {"stats": 0} == json.loads(to_json(fresh)) | {"stats": 0}
    print(f"same briefing: {same}")


def web_briefer(story_db: Path) -> None:
    """The first briefing of a fresh ``Briefer`` (the web app's) on a copy of ``story_db``."""
    import shutil

    from newsfuse import Settings
    from newsfuse.web.briefs import Briefer

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "story.db"
        shutil.copyfile(story_db, db)
        with sqlite3.connect(db) as conn:
            (sid,) = conn.execute("SELECT id FROM stories LIMIT 1").fetchone()
        conn.close()
        t0, c0 = time.perf_counter(), time.process_time()
        b = Briefer(db, Settings(jobs=1)).brief(sid)
        t1, c1 = time.perf_counter(), time.process_time()
    print(
        f"fresh briefer, first briefing of story {sid} ({len(b.articles)} articles): "
        f"{t1 - t0:.2f} s ({c1 - c0:.2f} CPU s), load average {os.getloadavg()[0]:.1f}"
    )


def one_story(conn: sqlite3.Connection, path: Path, ids: list[str]) -> None:
    """A copy of the store at ``path`` in which the articles ``ids`` are the members of one
    story (the story of the first of them), the other stories left out."""
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as copy:
        conn.backup(copy)
        marks = ",".join("?" * len(ids))
        (sid,) = copy.execute(
            "SELECT story FROM story_members WHERE article = ?", ids[:1]
        ).fetchone()
        copy.execute(f"DELETE FROM story_members WHERE article NOT IN ({marks})", ids)
        copy.execute("UPDATE story_members SET story = ?", (sid,))
        copy.execute("DELETE FROM stories WHERE id != ?", (sid,))
        copy.execute("UPDATE stories SET size = ? WHERE id = ?", (len(ids), sid))
    copy.close()
    print(f"one story of {len(ids)} articles: newsfuse brief --story {sid} --db {path}")


if __name__ == "__main__":
    main()
