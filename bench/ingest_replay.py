"""The ingest's main process alone: its memory per record, without the workers' cost each time.

``record`` runs ``ingest`` of one input file (as ``newsfuse ingest FILE -j 2`` does: read
unfinished, prepared on two workers) into a scratch store and pickles what the workers hand
back, batch by batch. ``replay`` feeds those results through the corpus stages again (the
file is read again so that batches close at the same items; the workers are not started), and
prints the main process's RSS after every few batches, the counts, and optionally the Python
objects alive (``--trace``: tracemalloc, slow) and what grew between two points of the run.
``--dump`` writes the stories and duplicate groups, to byte-compare two versions of the code:

    python bench/ingest_replay.py record FILE.warc.gz DIR/results.pkl
    python bench/ingest_replay.py replay FILE.warc.gz DIR/results.pkl --dump DIR/after.json
    PYTHONPATH=OTHER/src python bench/ingest_replay.py replay ... --dump DIR/before.json

A replay takes seconds where the whole ingest takes minutes; the results pickle is about a
quarter of the WARC's size on disk.
"""

from __future__ import annotations

import argparse
import gc
import json
import pickle
import time
import tracemalloc
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import psutil

from newsfuse.config import Settings
from newsfuse.corpus.ingest import IngestReport, ingest_articles
from newsfuse.executors.local import LocalExecutor
from newsfuse.ingest import read_inputs
from newsfuse.store import Store


class Recorder:
    """An executor that runs another and pickles each chunk of results it hands back."""

    def __init__(self, inner: LocalExecutor, fh: BinaryIO) -> None:
        self.inner, self.fh, self.jobs = inner, fh, inner.jobs

    def map_chunks(self, stage: Any, chunks: Iterable[list[Any]]) -> Iterator[list[Any]]:
        for res in self.inner.map_chunks(stage, chunks):
            pickle.dump(res, self.fh)
            yield res

    def close(self) -> None:
        self.inner.close()


class Replayer:
    """An executor that hands back recorded chunks of results, one per chunk it is given."""

    jobs = 2

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh

    def map_chunks(self, stage: Any, chunks: Iterable[list[Any]]) -> Iterator[list[Any]]:
        for _ in chunks:
            yield pickle.load(self.fh)

    def close(self) -> None:
        return None


def fresh(db: Path) -> Path:
    for f in db.parent.glob(db.name + "*"):
        f.unlink()
    return db


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("mode", choices=["record", "replay"])
    ap.add_argument("input", help="a WARC or JSONL file (as given to newsfuse ingest)")
    ap.add_argument("results", type=Path, help="the pickled results of the workers")
    ap.add_argument("--db", type=Path, help="the scratch store (default: RESULTS.db)")
    ap.add_argument("--dump", type=Path, help="write the stories and duplicate groups here")
    ap.add_argument("--trace", action="store_true", help="tracemalloc: what grew, by line")
    ap.add_argument("--mid", type=int, default=1000, help="--trace: growth from this record on")
    ap.add_argument("--rows", type=int, default=12, help="RSS lines printed")
    args = ap.parse_args()
    settings = Settings(progress=False).with_(jobs=2)
    items = read_inputs([args.input], settings, finish=False, extract=False)
    db = fresh(args.db or args.results.with_suffix(".db"))
    if args.mode == "record":
        with open(args.results, "wb") as fh, Store(db) as store:
            ex = Recorder(LocalExecutor(2, nice=10), fh)
            try:
                r = ingest_articles(
                    store, items, settings, executor=ex, finish=True, params=settings.cluster
                )
            finally:
                ex.close()
        print(json.dumps({"read": r.read, "stored": r.stored, "exact": r.exact, "near": r.near}))
        return
    me = psutil.Process()
    rows: list[tuple[int, int, float, float, float]] = []
    snaps: dict[str, tuple[Any, int]] = {}
    start = time.perf_counter()

    def progress(rep: IngestReport) -> None:
        gc.collect()
        traced = tracemalloc.get_traced_memory()[0] / 1e6 if args.trace else 0.0
        rss = me.memory_info().rss / 1e6
        rows.append((rep.read, rep.stored, rss, traced, time.perf_counter() - start))
        if args.trace:  # what grew from the record ``--mid`` to the end
            snap = (tracemalloc.take_snapshot(), rep.stored)
            if "mid" not in snaps and rep.read >= args.mid:
                snaps["mid"] = snap
            snaps["last"] = snap

    if args.trace:
        tracemalloc.start(1)
    with open(args.results, "rb") as fh, Store(db) as store:
        r = ingest_articles(
            store,
            items,
            settings,
            executor=Replayer(fh),
            finish=True,
            params=settings.cluster,
            progress=progress,
        )
        stories = {s.id: list(s.articles) for s in store.stories()}
        dups = [g.to_dict() for g in store.duplicate_groups()]
        counts = store.counts()
    for read, stored, rss, traced, secs in rows[:: max(1, len(rows) // args.rows)] + rows[-1:]:
        t = f" traced {traced:6.1f} MB" if args.trace else ""
        print(f"read {read:6d} stored {stored:6d} rss {rss:6.1f} MB{t} {secs:6.1f} s")
    print(json.dumps({"read": r.read, "stored": r.stored, "exact": r.exact, "near": r.near}))
    print(json.dumps(counts))
    if args.trace and "mid" in snaps:
        (mid, n0), (last, n1) = snaps["mid"], snaps["last"]
        print(f"grown over the last {n1 - n0} stored articles, by line:")
        for stat in last.compare_to(mid, "lineno")[:15]:
            print(f"  {stat.size_diff / max(1, n1 - n0):8.0f} B/article  {stat.traceback}")
    if args.dump:
        args.dump.write_text(json.dumps({"stories": stories, "dups": dups}, sort_keys=True))


if __name__ == "__main__":
    main()
