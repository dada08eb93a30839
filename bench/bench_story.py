"""Benchmark: briefings of one long-running story at growing sizes, beside raw spaCy on the same texts.

    .venv/bin/python bench/bench_story.py [--topic DIR] [--sizes 10 20 40 80 150] [--repeat 1]
        [--encoder-runtime auto|numpy|openvino|openvino-f32] [--exact-decisions] [--briefing-dir DIR]

For each size N, N articles are taken evenly spaced in time from a Timeline17 topic folder
(default ``../shared/data/timeline17-dev/SyrianCrisis_bbc``: ``InputDocs/DAY/*.txt``, read in
place, a file's day is its publication date), read and cleaned once, then two measurements run
one after the other, each in a fresh process (so that peak memory is its own):

* ``parse``: the peer, raw spaCy on the cleaned texts: ``nlp.pipe(texts, n_process=2,
  batch_size=B)`` with ``B = ceil(N / 8)`` (at most 16), so that both processes get work; the
  Docs are dropped;
* ``brief``: ``newsfuse.api.brief_articles`` on the same articles with the models loaded before
  the clock starts (as the peer's), default settings (embeddings on; ``--no-embeddings``: off,
  so that the analysis step is the parse and the extractors alone). Before the clock, a
  briefing of the first two articles also imports the cross-check modules and loads their data
  (the near-duplicate index's SciPy imports alone take seconds on a loaded machine), as the peer
  imports spaCy before its clock; ``--cold`` leaves that out.

Printed per size: the briefing's time per stage (its ``stats``) with the peak resident memory of
the process and its worker processes during that stage (sampled every 10 ms by a separate
process, which finds the children every 100 ms; ``BENCH_STORY_SAMPLER=thread``: by a thread of
the measured process, as before, see ``MemorySampler``), the parse time,
and the ratio briefing / parse, in wall time and in CPU seconds (each side's process and its
ended workers: on a machine loaded by other jobs the CPU ratio moves less than the wall ratio,
but it does not see cores left idle). With ``--repeat R`` the pair runs R times alternated (A B A B)
and each ratio is the median of the pairs' ratios (robust to a loaded machine). Not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import math
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TOPIC = ROOT.parent / "shared/data/timeline17-dev/SyrianCrisis_bbc"


def select_files(topic: Path, n: int) -> list[Path]:
    """``n`` files of the topic, evenly spaced over its days (sorted by day, then name)."""
    files = sorted((topic / "InputDocs").glob("*/*.txt"))
    if not files:
        raise SystemExit(f"no InputDocs/DAY/*.txt under {topic}")
    if n >= len(files):
        return files
    if n == 1:
        return files[:1]
    return [files[round(i * (len(files) - 1) / (n - 1))] for i in range(n)]


def load_articles(topic: Path, n: int) -> list[Any]:
    """The selected files read and cleaned, each dated by its day folder when it has no date."""
    from newsfuse import Settings
    from newsfuse.api import load

    files = select_files(topic, n)
    loaded = load([str(f) for f in files], Settings())
    day = {str(f): date.fromisoformat(f.parent.name) for f in files}
    out = []
    for a in loaded.articles:
        d = day.get(a.path or "")
        out.append(a if a.published or d is None else replace(a, published=d, date_method="path"))
    return out


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of its children that have ended."""
    import resource

    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _rss_of(proc: Any, skip: int) -> int:
    """Resident memory of ``proc`` and its children, but not of process ``skip`` (the
    sampler)."""
    import psutil

    total = proc.memory_info().rss
    for c in proc.children(recursive=True):
        if c.pid == skip:
            continue
        with contextlib.suppress(psutil.Error):
            total += c.memory_info().rss
    return total


def sample_memory(pid: int, every: float) -> None:
    """The sampler process: the resident memory of process ``pid`` and its children every
    ``every`` seconds until its stdin closes, then the samples as one JSON line on stdout."""
    import select

    import psutil

    proc, me = psutil.Process(pid), os.getpid()
    samples: list[tuple[float, int]] = []
    kids: list[Any] = []
    print("ready", flush=True)
    for n in itertools.count():
        if n % 10 == 0:  # finding the children reads every process's stat: not every time
            with contextlib.suppress(psutil.Error):
                kids = [c for c in proc.children(recursive=True) if c.pid != me]
        with contextlib.suppress(psutil.Error):
            total = proc.memory_info().rss
            for c in kids:
                with contextlib.suppress(psutil.Error):
                    total += c.memory_info().rss
            samples.append((time.perf_counter(), total))
        if select.select([sys.stdin], [], [], every)[0]:
            break  # stdin closed (or written): stop
    print(json.dumps(samples), flush=True)


class MemorySampler:
    """Resident memory of this process and its children, sampled every ``every`` seconds by a
    separate process (``--sample-memory``; CLOCK_MONOTONIC, so its times are this process's
    ``perf_counter``), so that sampling takes no time from the measured process. With
    ``BENCH_STORY_SAMPLER=thread`` it runs on a thread of this process instead, as before: each
    sample then holds the interpreter lock, which slows the measured process's Python code (a
    pure-Python loop about 1.5x on this machine), and its CPU seconds count as the process's."""

    def __init__(self, every: float = 0.01) -> None:
        self.every = every
        self.samples: list[tuple[float, int]] = []
        self.on_thread = os.environ.get("BENCH_STORY_SAMPLER") == "thread"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._proc: subprocess.Popen[str] | None = None

    def _rss(self) -> int:
        import psutil

        return _rss_of(psutil.Process(), -1)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.perf_counter(), self._rss()))
            self._stop.wait(self.every)

    def __enter__(self) -> MemorySampler:
        self.samples.append((time.perf_counter(), self._rss()))
        if self.on_thread:
            self._thread.start()
            return self
        cmd = [sys.executable, __file__, "--sample-memory", str(os.getpid()), str(self.every)]
        self._proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
        assert self._proc.stdout is not None
        self._proc.stdout.readline()  # "ready": sampling has started
        return self

    def __exit__(self, *exc: object) -> None:
        if self._proc is None:
            self._stop.set()
            self._thread.join()
        else:
            out, _ = self._proc.communicate()  # closes its stdin: it stops and reports
            self.samples.extend((t, r) for t, r in json.loads(out.strip().splitlines()[-1]))
        self.samples.append((time.perf_counter(), self._rss()))

    def peak_mb(self, start: float, end: float) -> float:
        inside = [r for t, r in self.samples if start <= t <= end]
        before = [r for t, r in self.samples if t < start]
        if before:
            inside.append(before[-1])
        return round(max(inside, default=0) / 2**20, 1)


def child_parse(topic: Path, n: int) -> dict[str, Any]:
    from newsfuse.analyze.nlp import load_nlp

    texts = [a.text for a in load_articles(topic, n)]
    nlp = load_nlp()
    batch = max(1, min(16, math.ceil(len(texts) / 8)))
    with MemorySampler() as mem:
        t0, c0 = time.perf_counter(), cpu_seconds()
        for _ in nlp.pipe(texts, n_process=2, batch_size=batch):
            pass
        t1, c1 = time.perf_counter(), cpu_seconds()
    return {
        "seconds": round(t1 - t0, 3),
        "cpu": round(c1 - c0, 3),
        "peak_mb": mem.peak_mb(t0, t1),
        "chars": sum(len(t) for t in texts),
        "articles": len(texts),
    }


def child_brief(
    topic: Path,
    n: int,
    jobs: int | None,
    cold: bool = False,
    embeddings: bool = True,
    runtime: str = "numpy",
    exact: bool = False,
) -> dict[str, Any]:
    from newsfuse import Settings
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.api import brief_articles
    from newsfuse.embed import load_encoder

    articles = load_articles(topic, n)
    nlp = load_nlp()
    encoder = load_encoder(runtime=runtime) if embeddings else None
    settings = Settings(progress=False, embeddings=embeddings, exact_decisions=exact)
    if jobs is not None and "jobs" in Settings.__dataclass_fields__:
        settings = settings.with_(jobs=jobs)
    if not cold:
        brief_articles(articles[:2], settings, nlp, encoder=encoder)
    with MemorySampler() as mem:
        t0, c0 = time.perf_counter(), cpu_seconds()
        b = brief_articles(articles, settings, nlp, encoder=encoder)
        t1, c1 = time.perf_counter(), cpu_seconds()
    stages: dict[str, dict[str, float]] = {}
    at = t0
    for key, sec in b.stats.items():
        if not key.startswith("seconds_"):
            continue
        stages[key.removeprefix("seconds_")] = {
            "seconds": sec,
            "peak_mb": mem.peak_mb(at, at + sec),
        }
        at += sec
    out_dir = os.environ.get("BENCH_STORY_BRIEFING_DIR")
    if out_dir:  # the briefing's JSON without its timings, to compare runs
        from newsfuse.render import render

        name = f"{n}-{runtime}{'-exact' if exact else ''}.json"
        text = render(replace(b, stats={}), "json")
        (Path(out_dir) / name).write_text(text, encoding="utf-8")
    return {
        "seconds": round(t1 - t0, 3),
        "cpu": round(c1 - c0, 3),
        "peak_mb": mem.peak_mb(t0, t1),
        "stages": stages,
        "facts": len(b.facts),
        "articles": len(b.articles),
        # sentences whose bf16 rows were replaced by float32 ones (decisions near a bar)
        "rows_settled": int(b.stats.get("rows_settled", 0)),
    }


def run_child(
    kind: str,
    topic: Path,
    n: int,
    jobs: int | None,
    cold: bool = False,
    embeddings: bool = True,
    runtime: str = "numpy",
    exact: bool = False,
) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", kind, "--topic", str(topic), "--sizes", str(n)]
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    if cold:
        cmd.append("--cold")
    if not embeddings:
        cmd.append("--no-embeddings")
    cmd += ["--encoder-runtime", runtime]
    if exact:
        cmd.append("--exact-decisions")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--topic", type=Path, default=DEFAULT_TOPIC)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 40, 80, 150])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=None, help="Settings.jobs for the briefing")
    ap.add_argument("--json", type=Path, help="also write every run here (JSON lines)")
    ap.add_argument("--cold", action="store_true", help="no warm-up briefing before the clock")
    ap.add_argument(
        "--no-embeddings",
        dest="embeddings",
        action="store_false",
        help="brief without sentence embeddings (the analysis step is then the parse and the "
        "extractors alone, to compare with the peer)",
    )
    ap.add_argument(
        "--encoder-runtime",
        default="numpy",
        choices=["auto", "numpy", "openvino", "openvino-f32"],
        help="the encoder_runtime setting of the briefing's encoder",
    )
    ap.add_argument(
        "--exact-decisions",
        action="store_true",
        help="the exact_decisions setting: decisions near a bar taken again on float32 rows",
    )
    ap.add_argument(
        "--briefing-dir",
        type=Path,
        help="write each briefing's JSON (stats removed) here as N-RUNTIME[-exact].json",
    )
    ap.add_argument("--child", choices=["parse", "brief"], help=argparse.SUPPRESS)
    ap.add_argument("--sample-memory", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.sample_memory:
        sample_memory(int(args.sample_memory[0]), float(args.sample_memory[1]))
        return

    if args.child:
        n = args.sizes[0]
        res = (
            child_parse(args.topic, n)
            if args.child == "parse"
            else child_brief(
                args.topic,
                n,
                args.jobs,
                args.cold,
                args.embeddings,
                args.encoder_runtime,
                args.exact_decisions,
            )
        )
        print(json.dumps(res))
        return

    if args.briefing_dir:
        args.briefing_dir.mkdir(parents=True, exist_ok=True)
        os.environ["BENCH_STORY_BRIEFING_DIR"] = str(args.briefing_dir.resolve())
    print(f"topic: {args.topic.name}, cores: {len(os.sched_getaffinity(0))}", flush=True)
    rows = []
    for n in args.sizes:
        parses, briefs = [], []
        for _ in range(args.repeat):
            parses.append(run_child("parse", args.topic, n, args.jobs))
            briefs.append(
                run_child(
                    "brief",
                    args.topic,
                    n,
                    args.jobs,
                    args.cold,
                    args.embeddings,
                    args.encoder_runtime,
                    args.exact_decisions,
                )
            )
        ratios = [b["seconds"] / p["seconds"] for p, b in zip(parses, briefs, strict=True)]
        med_b = statistics.median(b["seconds"] for b in briefs)
        med_p = statistics.median(p["seconds"] for p in parses)
        b0 = min(briefs, key=lambda b: abs(b["seconds"] - med_b))
        print(
            f"\n{n} articles ({parses[0]['chars'] / 1000:.0f} KB of cleaned text), "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(f"  {'stage':<14}{'seconds':>9}{'peak MB':>9}")
        for stage, v in b0["stages"].items():
            print(f"  {stage:<14}{v['seconds']:>9.2f}{v['peak_mb']:>9.0f}")
        print(
            f"  {'briefing':<14}{med_b:>9.2f}{b0['peak_mb']:>9.0f}   facts: {b0['facts']}, "
            f"rows re-encoded in float32: {b0.get('rows_settled', 0)}"
        )
        print(f"  {'spaCy parse':<14}{med_p:>9.2f}{parses[0]['peak_mb']:>9.0f}   (n_process=2)")
        cpu = [b["cpu"] / p["cpu"] for p, b in zip(parses, briefs, strict=True) if "cpu" in b]
        print(
            f"  ratio briefing / parse: {statistics.median(ratios):.2f}"
            + (f" (pairs: {', '.join(f'{r:.2f}' for r in ratios)})" if len(ratios) > 1 else "")
            + (f"; CPU seconds {statistics.median(cpu):.2f}" if cpu else ""),
            flush=True,
        )
        step = [
            b["stages"]["analyze"]["seconds"] / p["seconds"]
            for p, b in zip(parses, briefs, strict=True)
            if "analyze" in b["stages"]
        ]
        if step:
            print(
                f"  analysis step / parse: {statistics.median(step):.2f}"
                + ("" if args.embeddings else " (no embeddings: the parse and the extractors)")
            )
        rows.append(
            {"articles": n, "parse": parses, "brief": briefs, "ratios": ratios, "cpu_ratios": cpu}
        )
        if args.json:
            with args.json.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(rows[-1]) + "\n")
    print("\narticles  briefing s  parse s  ratio  CPU ratio  peak MB")
    for r in rows:
        mb = statistics.median(b["seconds"] for b in r["brief"])
        mp = statistics.median(p["seconds"] for p in r["parse"])
        peak = max(b["peak_mb"] for b in r["brief"])
        cr = f"{statistics.median(r['cpu_ratios']):>9.2f}" if r["cpu_ratios"] else f"{'':>9}"
        print(
            f"{r['articles']:>8}  {mb:>10.2f}  {mp:>7.2f}  {statistics.median(r['ratios']):>5.2f}"
            f"  {cr}  {peak:>7.0f}"
        )


if __name__ == "__main__":
    main()
