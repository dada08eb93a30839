"""Wall time of the whole ``newsfuse extract`` command against plain trafilatura, each a fresh process.

Usage (from the repository root)::

    nice -n 5 .venv/bin/python bench/extract_speed.py --rounds 5

Inputs: the article-extraction benchmark's 181 pages, read in place from
``../shared/data/article-extraction-benchmark/html/*.html.gz``. The two commands alternate
(A B A B ..., the first of each pair swapped every round) so the load of a shared machine falls
on both alike:

* newsfuse: ``newsfuse extract FILES -o OUT.jsonl`` (start-up, read, gunzip, extract, clean,
  language, metadata, JSON);
* trafilatura: a fresh ``python`` that imports trafilatura, gunzips and decodes each page and calls
  ``trafilatura.extract(html, include_comments=False)`` (as the benchmark runs it), output dropped.

``--serial`` adds ``newsfuse extract -j 1`` (one process; the default uses all cores).
``--before SRC`` adds another command, ``newsfuse extract`` with ``PYTHONPATH=SRC`` (another
checkout's ``src``, e.g. the code before a change), in the same rotation. Every command runs with
byte-code caching on (``PYTHONDONTWRITEBYTECODE`` removed from its environment), as an installed
package runs; without it newsfuse's ~140 modules are compiled again at every start.

Prints each run (wall time, and CPU time: user + system of the command and its workers), then
min and median of each and the ratios newsfuse / trafilatura (under 1: newsfuse takes less
time), of the minima and the median of each round's ratio (the commands of a round ran back to
back, so on a shared machine the paired ratio is steadier than the minima). This is a
benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "data" / "article-extraction-benchmark" / "html"

_TRAFILATURA = r"""
import gzip, sys
import trafilatura
for f in sys.argv[1:]:
    with gzip.open(f, "rt", encoding="utf-8") as fh:
        trafilatura.extract(fh.read(), include_comments=False)
"""


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the process and its workers) of one command."""
    c0, t0 = _cpu(), time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t0, _cpu() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--limit", type=int, default=None, help="first N pages only")
    ap.add_argument("--before", default=None, help="also time newsfuse from this src folder")
    ap.add_argument("--serial", action="store_true", help="also time newsfuse extract -j 1")
    args = ap.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    files = sorted(str(p) for p in PAGES.glob("*.html.gz"))[: args.limit]
    newsfuse = str(Path(sys.executable).with_name("newsfuse"))
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out.jsonl")
        cmds = {
            "newsfuse": [newsfuse, "extract", *files, "-o", out],
            "trafilatura": [sys.executable, "-c", _TRAFILATURA, *files],
        }
        envs = {k: env for k in cmds}
        if args.serial:
            cmds["newsfuse-j1"] = [newsfuse, "extract", "-j", "1", *files, "-o", out]
            envs["newsfuse-j1"] = env
        if args.before:
            cmds["before"] = [newsfuse, "extract", *files, "-o", out]
            envs["before"] = {**env, "PYTHONPATH": args.before}
        names = list(cmds)
        times: dict[str, list[float]] = {k: [] for k in cmds}
        cpus: dict[str, list[float]] = {k: [] for k in cmds}
        for r in range(args.rounds):
            order = names[r % len(names) :] + names[: r % len(names)]
            for name in order:
                wall, cpu = _run(cmds[name], envs[name])
                times[name].append(wall)
                cpus[name].append(cpu)
            print(
                f"round {r + 1}: "
                + ", ".join(f"{k} {times[k][-1]:.2f} s (cpu {cpus[k][-1]:.2f})" for k in names)
                + f"; newsfuse/trafilatura {times['newsfuse'][-1] / times['trafilatura'][-1]:.3f}",
                flush=True,
            )
    tr, trc = times["trafilatura"], cpus["trafilatura"]
    print(f"pages: {len(files)}, rounds: {args.rounds}")
    for name in names:
        ts, cs = times[name], cpus[name]
        ratios = [a / b for a, b in zip(ts, tr, strict=True)]
        cpu_ratios = [a / b for a, b in zip(cs, trc, strict=True)]
        print(
            f"{name:12s} min {min(ts):.2f} s  median {statistics.median(ts):.2f} s  "
            f"/trafilatura: of minima {min(ts) / min(tr):.3f}, "
            f"median of rounds {statistics.median(ratios):.3f}; "
            f"cpu min {min(cs):.2f} s, median {statistics.median(cs):.2f} s, "
            f"/trafilatura: of minima {min(cs) / min(trc):.3f}, "
            f"median of rounds {statistics.median(cpu_ratios):.3f}"
        )


if __name__ == "__main__":
    main()
