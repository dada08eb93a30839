"""A web-app benchmark store of N articles, written directly (not a test, not the ingest).

The articles are bench/corpus_bench.py's edited, dated copies of the Multi-News documents; each
(Multi-News cluster, round of copies) is one story, as that benchmark's gold says, so the store
has the shape an ingest gives (about 46k stories for 100k articles) without the hours of
clustering on a loaded machine. Outlets are drawn from 40 names (a tenth of the articles are
wire copies), so the outlet pages and filters have data. The web app only reads the store:
what ``bench/web_load.py`` measures is the serving, the same on either kind of store.

Usage: ``python bench/web_store.py OUT.db --n 100000`` then
``newsfuse briefings --db OUT.db --limit 200`` (the stories the load test reads).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus_bench  # noqa: E402

from newsfuse.model import Article  # noqa: E402
from newsfuse.store import Batch, Store, now_stamp, sigcodec  # noqa: E402

OUTLETS = [f"Outlet {c}{k}" for c in "ABCDEFGH" for k in range(5)]
WIRES = ["Reuters", "Associated Press"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("db", type=Path)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    for p in (args.db, Path(f"{args.db}-wal"), Path(f"{args.db}-shm")):
        p.unlink(missing_ok=True)
    docs = corpus_bench.source_docs()
    rng = random.Random(args.seed)
    base = {c: corpus_bench.date(2015, 1, 1) + timedelta(days=rng.randrange(1500)) for c, _ in docs}
    members: dict[str, list[Article]] = defaultdict(list)
    sig = sigcodec.encode({"bench": 1.0}, {})
    with Store(args.db) as store:
        batch = Batch()
        for i in range(args.n):
            cluster, text = docs[i % len(docs)]
            rnd = i // len(docs)
            day = base[cluster] + timedelta(days=45 * rnd + rng.randrange(3))
            wire = rng.choice(WIRES) if rng.random() < 0.1 else None
            body = corpus_bench.edit(text, rng, rnd)
            a = Article(
                id=f"b{i}",
                text=body,
                source=rng.choice(OUTLETS),
                title=" ".join(body.split()[3:12]),
                url=f"https://bench.invalid/{i}",
                published=day,
                wire=wire,
            )
            batch.articles.append((a, f"h{i}"))
            sid = f"s{cluster:03d}r{rnd:03d}"
            members[sid].append(a)
            batch.members.append((a.id, sid, 1.0, "[]"))
            if len(batch.articles) >= 2000:
                store.write_batch(batch)
                batch = Batch()
        now = now_stamp()
        for sid, arts in members.items():
            days = [a.published for a in arts if a.published]
            batch.stories.append(
                (
                    sid,
                    arts[0].title,
                    len(arts),
                    min(days).isoformat(),
                    max(days).isoformat(),
                    sig,
                    now,
                )
            )
        store.write_batch(batch)
        print(args.db, store.counts())


if __name__ == "__main__":
    main()
