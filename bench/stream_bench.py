"""Streaming a large WARC and a large JSONL through ``newsfuse ingest``: articles/s and peak memory.

Builds the inputs from the article-extraction benchmark's 181 real pages
(``../shared/data/article-extraction-benchmark/html``), repeated with varied URLs and one added
paragraph each, their own canonical address removed (so that each copy is a new article, a
near-duplicate of its page): a WARC gzipped per record as CC-NEWS is, and a JSONL of
``{"id", "url", "html"}`` records. Each file is ingested into a fresh store with ``newsfuse
ingest``, its progress bar drawn (to a file, as on a terminal); the memory of each process (the
ingest and its workers) is sampled every second into ``DIR/bench-KIND-SIZE-curve.csv``.

    python bench/stream_bench.py --dir /work/scratch/inputs --sizes 0.1 1.0 --jobs 2
    python bench/stream_bench.py --dir /work/scratch/inputs --sizes 0.1 1.0 --reader-only

Files are built once under ``--dir`` (never in the repository) and reused.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "data" / "article-extraction-benchmark" / "html"


def pages() -> list[tuple[str, bytes]]:
    return [
        (f.name.split(".")[0], gzip.decompress(f.read_bytes()))
        for f in sorted(PAGES.glob("*.html.gz"))
    ]


# the page's own address (canonical link, og:url): a reader prefers it to the record's URL, so
# every copy would be the same article again; without it, each copy is known by its varied URL
_SELF_URL = re.compile(
    rb"<link[^>]*\brel=[\"']?canonical[^>]*>|<meta[^>]*\bog:url[^>]*>", re.IGNORECASE
)


def variant(html: bytes, i: int) -> bytes:
    """The page with one paragraph of its own and without its own address, so each copy is a
    distinct article (a near-duplicate of its page) known by its varied URL."""
    html = _SELF_URL.sub(b"", html)
    extra = f"<p>Edition {i}: this copy was archived as number {i} of the run.</p>".encode()
    k = html.find(b"<p")
    return html[:k] + extra + html[k:] if k >= 0 else html + extra


def warc_record(url: str, body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + http + b"\r\n\r\n", compresslevel=6)


def build(path: Path, kind: str, target: int) -> int:
    """Write ``path``, of about ``target`` bytes on disk (a gzipped WARC holds about five
    times that in pages); returns the number of records."""
    done = path.with_suffix(path.suffix + ".done")
    if done.exists():
        return int(done.read_text())
    src = pages()
    n = 0
    with open(path, "wb") as fh:
        while fh.tell() < target:
            pid, html = src[n % len(src)]
            body = variant(html, n)
            url = f"https://bench.example/{pid[:12]}/{n}"
            if kind == "warc":
                fh.write(warc_record(url, body))
            else:
                rec = {"id": f"b{n}", "url": url, "html": body.decode("utf-8", "replace")}
                fh.write(json.dumps(rec).encode() + b"\n")
            n += 1
    done.write_text(str(n))
    return n


def _tail_count(log: Path) -> int | None:
    """The article count the progress bar last drew in ``log`` (its stderr), if any."""
    try:
        with open(log, "rb") as fh:
            fh.seek(max(0, log.stat().st_size - 4096))
            tail = fh.read().decode("utf-8", "replace")
    except OSError:
        return None
    found = re.findall(r"ingest ([0-9,]+) articles", tail)
    return int(found[-1].replace(",", "")) if found else None


def run(path: Path, db: Path, jobs: int, curve: Path, every: float = 1.0) -> dict[str, float]:
    """``newsfuse ingest`` of ``path`` into a fresh ``db``, its progress bar drawn (to a file, as
    on a terminal); the memory of each process sampled every ``every`` seconds into ``curve``
    (CSV: seconds, articles read so far, main RSS, workers' RSS, tree RSS, tree PSS, in MB).
    PSS (proportional set size) counts a page shared by processes once in all, RSS once per
    process: the summed RSS over-counts what forked workers share with their parent."""
    for f in db.parent.glob(db.name + "*"):
        f.unlink()
    cmd = [str(ROOT / ".venv/bin/newsfuse"), "ingest", str(path), "--db", str(db), "-j", str(jobs)]
    env = dict(os.environ, TTY_COMPATIBLE="1", TTY_INTERACTIVE="1", COLUMNS="160")
    log = curve.with_suffix(".stderr")
    start = time.perf_counter()
    with open(log, "wb") as err_fh:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err_fh, text=True, env=env)
        top = psutil.Process(proc.pid)
        peak = {"main": 0, "workers": 0, "rss": 0, "pss": 0}
        with open(curve, "w") as cv:
            cv.write("seconds,articles,main_mb,workers_mb,tree_rss_mb,tree_pss_mb\n")
            while proc.poll() is None:
                try:
                    main = top.memory_full_info()
                    kids = [k.memory_full_info() for k in top.children(recursive=True)]
                except psutil.Error:
                    time.sleep(every)
                    continue
                row = {
                    "main": main.rss,
                    "workers": sum(k.rss for k in kids),
                    "rss": main.rss + sum(k.rss for k in kids),
                    "pss": main.pss + sum(k.pss for k in kids),
                }
                for k, v in row.items():
                    peak[k] = max(peak[k], v)
                n = _tail_count(log)
                cv.write(
                    f"{time.perf_counter() - start:.1f},{'' if n is None else n},"
                    + ",".join(str(round(row[k] / 1e6)) for k in ("main", "workers", "rss", "pss"))
                    + "\n"
                )
                cv.flush()
                time.sleep(every)
        out, _ = proc.communicate()
    wall = time.perf_counter() - start
    read = next(int(x.split(":")[1]) for x in out.splitlines() if x.startswith("read:"))
    stored = next(int(x.split(":")[1]) for x in out.splitlines() if x.startswith("stored:"))
    return {
        "exit": proc.returncode,
        "read": read,
        "stored": stored,
        "seconds": round(wall, 1),
        "articles_per_s": round(read / wall, 1),
        "peak_main_mb": round(peak["main"] / 1e6),
        "peak_workers_mb": round(peak["workers"] / 1e6),
        "peak_tree_rss_mb": round(peak["rss"] / 1e6),
        "peak_tree_pss_mb": round(peak["pss"] / 1e6),
        "curve": str(curve),
    }


def read_only(path: Path) -> dict[str, float]:
    """The reader alone (``read_inputs`` as the ingest calls it: pages not extracted yet), in this
    process: what streaming costs, without the per-article work."""
    import threading

    from newsfuse.config import Settings
    from newsfuse.ingest import read_inputs

    me = psutil.Process()
    peak = me.memory_info().rss
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(0.05):
            peak = max(peak, me.memory_info().rss)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    start = time.perf_counter()
    n = rejects = 0
    for item in read_inputs([str(path)], Settings(progress=False), finish=False, extract=False):
        n += 1
        rejects += type(item).__name__ == "Reject"
    wall = time.perf_counter() - start
    stop.set()
    t.join()
    return {
        "records": n,
        "rejects": rejects,
        "seconds": round(wall, 1),
        "records_per_s": round(n / wall, 1),
        "peak_rss_mb": round(peak / 1e6),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--dir", type=Path, required=True, help="where the inputs and stores go")
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1.0], help="GB on disk")
    ap.add_argument("--kinds", nargs="+", default=["warc", "jsonl"])
    ap.add_argument("--build-only", action="store_true", help="build the input files and stop")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument(
        "--reader-only", action="store_true", help="time the streaming reader alone, in-process"
    )
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    for kind in args.kinds:
        for gb in args.sizes:
            suffix = ".warc.gz" if kind == "warc" else ".jsonl"
            path = args.dir / f"bench-{gb:g}GB-file{suffix}"
            records = build(path, kind, int(gb * 1e9))
            if args.build_only:
                print(json.dumps({"kind": kind, "file": str(path), "records": records}))
                continue
            if args.reader_only:
                res = read_only(path)
                res.update(kind=kind, file_mb=round(path.stat().st_size / 1e6), mode="reader")
                print(json.dumps(res), flush=True)
                continue
            name = f"bench-{kind}-{gb:g}"
            res = run(path, args.dir / f"{name}.db", args.jobs, args.dir / f"{name}-curve.csv")
            res.update(kind=kind, file_mb=round(path.stat().st_size / 1e6), records=records)
            print(json.dumps(res), flush=True)


if __name__ == "__main__":
    sys.exit(main())
