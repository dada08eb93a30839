"""Benchmark: the steps of a briefing after the analysis, at growing sizes, without parsing again.

    .venv/bin/python bench/bench_post_analysis.py --cache DIR [--topic DIR] [--sizes 10 40 80 150]
        [--profile] [--out DIR]

For each size N, the N articles ``bench_story.py`` takes (evenly spaced in time over a Timeline17
topic) are analysed once, with their sentence vectors (two processes, as ``--jobs 2``), and kept
in ``DIR/analysed_N.pkl``; later runs read them back (delete the files when the analysis code
changes). Then ``build_briefing`` runs on the stored analyses, as ``brief --story`` does after
``ingest --analyze``: the ``analyze`` step is only the reuse, and ``embed`` (entity merging,
concept and similarity matrices), ``align``, ``dates`` (an article whose dates are re-resolved is
parsed again), ``crosscheck`` and ``summarize`` are timed as in any briefing. The models are loaded
and a briefing of the first two articles runs before the clock.

Printed per size: seconds per step, the total, and the process's CPU seconds. ``--profile``: the
functions of newsfuse with the most cumulative time (cProfile; the times are then inflated).
``--out DIR``: the briefing's JSON without ``stats`` in ``DIR/briefing_N.json``, to compare the
output of two versions of the code byte for byte. Not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import pstats
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_story import DEFAULT_TOPIC, load_articles  # noqa: E402

STEPS = ("analyze", "embed", "align", "dates", "crosscheck", "summarize")


def analysed(topic: Path, n: int, cache: Path) -> tuple[list[Any], list[Any]]:
    """The articles and their stored analyses (``StoredAnalysis``), made once per size."""
    from newsfuse import Settings
    from newsfuse.store import StoredAnalysis

    path = cache / f"analysed_{n}.pkl"
    if path.exists():
        with path.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.analyze.parallel import analyze_embed_jobs
    from newsfuse.brief.assemble import prepare_articles
    from newsfuse.embed import load_encoder
    from newsfuse.ingest.source import load_registry

    arts = load_articles(topic, n)
    prepared = prepare_articles(arts, Settings(), load_registry())
    analyses, vectors = analyze_embed_jobs(prepared, load_nlp(), load_encoder(), 2)
    stored = [StoredAnalysis(a, v) for a, v in zip(analyses, vectors, strict=True)]
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump((arts, stored), fh)
    return arts, stored


def run(topic: Path, n: int, cache: Path, profile: bool, out: Path | None) -> dict[str, Any]:
    from newsfuse import Settings
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.brief.assemble import build_briefing
    from newsfuse.render import render

    arts, stored = analysed(topic, n, cache)
    nlp = load_nlp()
    settings = Settings(progress=False, jobs=2)
    build_briefing(arts[:2], nlp, settings, stored=stored[:2])
    prof = cProfile.Profile() if profile else None
    t0, c0 = time.perf_counter(), time.process_time()
    if prof is not None:
        prof.enable()
    b = build_briefing(arts, nlp, settings, stored=stored)
    if prof is not None:
        prof.disable()
    t1, c1 = time.perf_counter(), time.process_time()
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / f"briefing_{n}.json").write_text(render(replace(b, stats={}), "json"))
    if prof is not None:
        stats = pstats.Stats(prof)
        rows = [
            (v[3], f"{Path(f[0]).name}:{f[1]}({f[2]})")
            for f, v in stats.stats.items()  # type: ignore[attr-defined]
            if "newsfuse" in f[0]
        ]
        for cum, name in sorted(rows, reverse=True)[:30]:
            print(f"    {cum:8.2f}  {name}")
    return {
        "articles": n,
        "seconds": round(t1 - t0, 3),
        "cpu": round(c1 - c0, 3),
        "steps": {s: b.stats.get(f"seconds_{s}", 0.0) for s in STEPS},
        "facts": len(b.facts),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--topic", type=Path, default=DEFAULT_TOPIC)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 40, 80, 150])
    ap.add_argument("--cache", type=Path, required=True, help="folder of the analysed articles")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--out", type=Path, help="write each briefing's JSON (no stats) here")
    args = ap.parse_args()
    print(f"{'articles':>8}" + "".join(f"{s:>11}" for s in STEPS) + f"{'total':>9}{'CPU s':>8}")
    for n in args.sizes:
        r = run(args.topic, n, args.cache, args.profile, args.out)
        print(
            f"{r['articles']:>8}"
            + "".join(f"{r['steps'][s]:>11.2f}" for s in STEPS)
            + f"{r['seconds']:>9.2f}{r['cpu']:>8.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
