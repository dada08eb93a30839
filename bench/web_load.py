"""Load test of the web app (not a test): N concurrent clients on 127.0.0.1, bounded in requests
and time, against ``newsfuse serve --no-compute`` (so every page comes from stored data).

The clients request a mix of pages over the whole store: the first page of the story list and
deep pages (a random story's ``(last, id)`` as the keyset cursor), its JSON twin, the story pages
and articles of the stories that have stored briefings, searches and entity pages. Each client
waits ``--think`` seconds between its requests (0: back to back, the worst case). Prints the
latency percentiles per kind of page and overall; any non-200 answer is counted as an error.

Usage: ``python bench/web_load.py --db STORE --clients 50 --requests 5000 --max-seconds 120``
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
WORDS = ["police", "election", "court", "fire", "president", "storm", "market", "school"]


def urls(db: Path, rng: random.Random, n_deep: int = 400) -> dict[str, list[str]]:
    """The pages to request, by kind."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    briefed = [r[0] for r in conn.execute("SELECT story FROM briefings")]
    if not briefed:
        raise SystemExit("no stored briefing: run `newsfuse briefings --db STORE --limit N` first")
    n_stories = conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    deep = []
    for _ in range(n_deep):
        row = conn.execute(
            "SELECT ifnull(last, ''), id FROM stories LIMIT 1 OFFSET ?",
            (rng.randrange(n_stories),),
        ).fetchone()
        deep.append(f"/?after={quote(row[0] + '~' + row[1])}")
    marks = ",".join("?" * len(briefed))
    arts = [
        r[0]
        for r in conn.execute(
            f"SELECT article FROM story_members WHERE story IN ({marks})", briefed
        )
    ]
    ents = [r[0] for r in conn.execute("SELECT DISTINCT key FROM story_entities LIMIT 200")]
    conn.close()
    return {
        "list": ["/"] + deep,
        "list-json": ["/api/stories"] + [u.replace("/?", "/api/stories?") for u in deep[:50]],
        "story": [f"/story/{quote(s)}" for s in briefed],
        "article": [f"/article/{quote(a)}" for a in arts],
        "search": [f"/search?q={w}" for w in WORDS],
        "entity": [f"/entity/{quote(k, safe='')}" for k in ents] or ["/entities"],
    }


MIX = {"list": 25, "list-json": 5, "story": 35, "article": 20, "search": 5, "entity": 10}


async def client(
    http: httpx.AsyncClient,
    pages: dict[str, list[str]],
    rng: random.Random,
    budget: list[int],
    deadline: float,
    think: float,
    out: list[tuple[str, float, int]],
) -> None:
    kinds = list(MIX)
    weights = [MIX[k] for k in kinds]
    n = 0
    while budget[0] > 0 and time.monotonic() < deadline:
        budget[0] -= 1
        kind = rng.choices(kinds, weights)[0]
        url = rng.choice(pages[kind])
        t0 = time.perf_counter()
        r = await http.get(url)
        await r.aread()
        # a client's first request also opens its connection: counted apart
        out.append((kind if n else "first", time.perf_counter() - t0, r.status_code))
        n += 1
        if think:
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--max-seconds", type=float, default=120.0)
    ap.add_argument(
        "--think", type=float, default=0.0, help="mean seconds between a client's requests"
    )
    ap.add_argument("--warmup", type=int, default=200, help="requests before the clock starts")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pages = urls(args.db, rng)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = [sys.executable, "-m", "newsfuse.cli.run"]
    server = subprocess.Popen(
        [*exe, "serve", "--db", str(args.db), "--port", str(port), "--no-compute"],
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(port)

        async def run(n: int, clients: int, think: float, seconds: float) -> tuple[list, float]:
            out: list[tuple[str, float, int]] = []
            budget = [n]
            # the clients (and their TLS contexts, built even for http) exist before the clock
            https = [httpx.AsyncClient(base_url=base, timeout=30.0) for _ in range(clients)]
            t0 = time.monotonic()
            deadline = t0 + seconds
            await asyncio.gather(
                *(
                    client(h, pages, random.Random(rng.random()), budget, deadline, think, out)
                    for h in https
                )
            )
            wall = time.monotonic() - t0
            for h in https:
                await h.aclose()
            return out, wall

        asyncio.run(run(args.warmup, min(args.clients, 10), 0.0, 60.0))
        out, wall = asyncio.run(run(args.requests, args.clients, args.think, args.max_seconds))
    finally:
        server.terminate()
        server.wait(timeout=10)
    errors = sum(1 for _, _, st in out if st != 200)
    print(
        f"{len(out)} requests by {args.clients} clients (think {args.think} s) in {wall:.1f} s: "
        f"{len(out) / wall:.0f} req/s, {errors} errors"
    )
    print("('all': every request but each client's first, which opens its connection: 'first')")
    print("| pages | requests | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|")
    for kind in [*MIX, "all", "first"]:
        xs = [t for k, t, _ in out if kind == k or (kind == "all" and k != "first")]
        if xs:
            print(
                f"| {kind} | {len(xs)} | {statistics.median(xs) * 1000:.1f} | {pct(xs, 95):.1f} | "
                f"{pct(xs, 99):.1f} | {max(xs) * 1000:.1f} |"
            )


def _wait(port: int, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


if __name__ == "__main__":
    main()
