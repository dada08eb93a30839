"""Before/after checks of a briefing's steps after the analysis, on cached analyses.

    .venv/bin/python bench/briefing_identity.py dump OUT --cache DIR [--sizes 40 150] [--repeat R]
        [--analyses] [--no-example] [--topic DIR] [--example DIR] [--profile]
        [--ecb-topics 1 2 ...] [--ecb-data DIR]
        [--encoder-runtime auto|numpy|openvino|openvino-f32]
    .venv/bin/python bench/briefing_identity.py gc [--cache DIR] [--n 40]
    .venv/bin/python bench/briefing_identity.py summary-parts --cache DIR [--n 40] [--repeat 5]
    .venv/bin/python bench/briefing_identity.py sampler-cost [--seconds 5]

``dump``: for each size N, the N articles ``bench_story.py`` takes from the topic (default the
Timeline17 SyrianCrisis_bbc story) are analysed once with their sentence vectors (the
``--encoder-runtime``, default ``auto``; two processes) and kept in ``DIR/fresh_N.pkl`` (delete
the files when the analysis code changes; a runtime's own DIR); then ``brief_articles`` runs
its usual fresh path at ``jobs`` 2 with ``analyze_embed_jobs`` replaced by the cached result,
``--repeat`` times. Printed per briefing:
the CPU seconds of the steps after the analysis (``ru_utime + ru_stime`` of this process and its
ended children, such as the summary's forked child, from the ``analyze`` step's end to the
``summarize`` step's end), this process's own CPU per step, and the wall seconds; then min and
median. Written: ``OUT/syria_N.json`` (the briefing's JSON, stats removed) and
``OUT/example.json`` (the example story, analysed and briefed in full), to compare two versions
of the code byte for byte (``cmp``). ``--ecb-topics 1 2 ...``: also each half of those ECB+
topics (dev topics only; ``newsfuse.eval.facts.load_events``), analysed and briefed in full,
in ``OUT/ecb_EVENT.json``, before the Syria stories. ``--analyses``: also ``OUT/NAME-jJ-analyses.txt`` and
``OUT/NAME-jJ-vectors.sha`` for the analyses (``repr``) and the vectors' SHA-256 at 1 and 2
processes, made afresh (not cached). ``--profile``: cProfile of the last briefing of each size,
kept in ``OUT/prof_N.pstats``.

``gc``: the garbage collector's collections (``gc.callbacks``) during one briefing of the N
articles (``jobs`` 2; with ``--cache`` on their cached analyses, else analysed as usual), their
CPU seconds by generation and by the step they ran in.

``summary-parts``: ``summarize()`` on the cached N articles' briefing inputs, ``--repeat`` times
in one process (``jobs`` 1), ``time.process_time`` around its parts.

``sampler-cost``: ``bench_story.MemorySampler``'s cost: the CPU seconds it takes from this process
over ``--seconds`` of sleep, a 3-million-step Python loop with and without it, and the CPU of its
own process. Run it with ``BENCH_STORY_SAMPLER=thread`` for the old sampler on a thread.

Not a test; every figure is CPU or wall seconds of this machine at the time.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import hashlib
import importlib
import pickle
import pstats
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_story import DEFAULT_TOPIC, ROOT, MemorySampler, load_articles  # noqa: E402

DEFAULT_EXAMPLE = ROOT.parent / "shared/examples/japan-us-call-2022"
STEPS = ("analyze", "embed", "align", "dates", "crosscheck", "summarize")

Result = tuple[list[Any], list[Any]]


class Cached:
    """``analyze_embed_jobs`` answering from cached results for the article lists it knows."""

    def __init__(self) -> None:
        par = importlib.import_module("newsfuse.analyze.parallel")
        self.real: Callable[..., Result] = par.analyze_embed_jobs
        self.known: dict[tuple[str, ...], Result] = {}
        par.analyze_embed_jobs = self

    def __call__(self, arts: Any, nlp: Any, encoder: Any, jobs: int) -> Result:
        res = self.known.get(tuple(a.id for a in arts))
        if res is None:
            return self.real(arts, nlp, encoder, jobs)
        assert [a.article for a in res[0]] == list(arts)
        return list(res[0]), list(res[1])

    def add(self, arts: list[Any], cache: Path, nlp: Any, encoder: Any) -> tuple[str, ...]:
        """Cache the analyses of ``arts`` (read from ``cache`` or made there); their key."""
        path = cache / f"fresh_{len(arts)}.pkl"
        if path.exists():
            with path.open("rb") as fh:
                key, res = pickle.load(fh)
        else:
            from newsfuse import Settings
            from newsfuse.brief.assemble import prepare_articles
            from newsfuse.ingest.source import load_registry

            prepared = prepare_articles(arts, Settings(progress=False), load_registry())
            res = self.real(prepared, nlp, encoder, 2)
            key = tuple(a.id for a in prepared)
            cache.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as fh:
                pickle.dump((key, res), fh)
        self.known[key] = res
        return key  # type: ignore[no-any-return]


def models(runtime: str = "auto") -> tuple[Any, Any]:
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.embed import load_encoder

    return load_nlp(), load_encoder(runtime=runtime)


def usage() -> tuple[float, float, float, float]:
    """User and system CPU seconds of this process, then of its ended children."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime, own.ru_stime, kids.ru_utime, kids.ru_stime


def write_analyses(out: Path, name: str, arts: list[Any], nlp: Any, encoder: Any) -> None:
    par = importlib.import_module("newsfuse.analyze.parallel")
    real = par.analyze_embed_jobs.real if isinstance(par.analyze_embed_jobs, Cached) else None
    for jobs in (2, 1):
        analyses, vectors = (real or par.analyze_embed_jobs)(arts, nlp, encoder, jobs)
        (out / f"{name}-j{jobs}-analyses.txt").write_text(repr(analyses), encoding="utf-8")
        digest = hashlib.sha256(b"".join(v.tobytes() for v in vectors)).hexdigest()
        (out / f"{name}-j{jobs}-vectors.sha").write_text(digest, encoding="utf-8")
        print(f"{name} analyses at jobs {jobs}: vectors {digest[:12]}", flush=True)


def dump(args: argparse.Namespace) -> None:
    from newsfuse import Settings
    from newsfuse.api import brief_articles, load
    from newsfuse.render import render

    args.out.mkdir(parents=True, exist_ok=True)
    nlp, encoder = models(args.encoder_runtime)
    cached = Cached()
    settings = Settings(progress=False, jobs=2)
    brief_articles(load_articles(args.topic, 2), settings, nlp, encoder=encoder)  # warm-up
    marks: dict[str, tuple[float, tuple[float, float, float, float]]] = {}

    def mark(step: str) -> None:
        marks[step] = (time.perf_counter(), usage())

    if args.ecb_topics:
        from newsfuse.eval import facts as fe

        for ev in fe.load_events(args.ecb_data or fe.DEFAULT_DIR):
            if ev.topic in args.ecb_topics:
                b = brief_articles(fe.articles_of(ev), settings, nlp, encoder=encoder)
                (args.out / f"ecb_{ev.name}.json").write_text(
                    render(replace(b, stats={}), "json"), encoding="utf-8"
                )
                print(f"ECB+ {ev.name}: {len(ev.docs)} articles", flush=True)
    for n in args.sizes:
        arts = load_articles(args.topic, n)
        key = cached.add(arts, args.cache, nlp, encoder)
        cpus: list[float] = []
        walls: list[float] = []
        b: Any = None
        prof: cProfile.Profile | None = None
        for r in range(args.repeat):
            marks.clear()
            last = args.profile and r == args.repeat - 1
            prof = cProfile.Profile() if last else None
            if prof is not None:
                prof.enable()
            b = brief_articles(arts, settings, nlp, encoder=encoder, progress=mark)
            if prof is not None:
                prof.disable()
            w0, u0 = marks["analyze"]
            w1, u1 = marks["summarize"]
            cpus.append(sum(u1) - sum(u0))
            walls.append(w1 - w0)
            own = {
                s: round(sum(marks[s][1][:2]) - sum(marks[p][1][:2]), 3)
                for p, s in zip(STEPS, STEPS[1:], strict=False)
            }
            print(
                f"{n} articles: CPU after the analysis {cpus[-1]:.3f} (this process "
                f"{sum(u1[:2]) - sum(u0[:2]):.3f}, children {sum(u1[2:]) - sum(u0[2:]):.3f}), "
                f"wall {walls[-1]:.3f}; this process's CPU per step {own}",
                flush=True,
            )
        print(
            f"{n} articles: CPU after the analysis min {min(cpus):.3f} median "
            f"{statistics.median(cpus):.3f}, wall min {min(walls):.3f} median "
            f"{statistics.median(walls):.3f}",
            flush=True,
        )
        (args.out / f"syria_{n}.json").write_text(
            render(replace(b, stats={}), "json"), encoding="utf-8"
        )
        if prof is not None:
            prof.dump_stats(str(args.out / f"prof_{n}.pstats"))
            pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
        if args.analyses:
            write_analyses(args.out, f"syria{n}", arts, nlp, encoder)
        del cached.known[key]
    if not args.no_example:
        example = list(load([str(args.example)], Settings()).articles)
        b = brief_articles(example, settings, nlp, encoder=encoder)
        (args.out / "example.json").write_text(
            render(replace(b, stats={}), "json"), encoding="utf-8"
        )
        if args.analyses:
            write_analyses(args.out, "example", example, nlp, encoder)
    print(f"written to {args.out}")


def collections(args: argparse.Namespace) -> None:
    from newsfuse import Settings
    from newsfuse.api import brief_articles

    nlp, encoder = models()
    settings = Settings(progress=False, jobs=2)
    brief_articles(load_articles(args.topic, 2), settings, nlp, encoder=encoder)  # warm-up
    arts = load_articles(args.topic, args.n)
    if args.cache is not None:
        Cached().add(arts, args.cache, nlp, encoder)
    step = ["start"]
    runs: list[list[Any]] = []  # [generation, CPU s, step]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append([info["generation"], time.process_time(), step[0]])
        elif runs:
            runs[-1][1] = time.process_time() - runs[-1][1]

    def mark(name: str) -> None:
        step[0] = f"after {name}"

    gc.callbacks.append(on_gc)
    try:
        brief_articles(arts, settings, nlp, encoder=encoder, progress=mark)
    finally:
        gc.callbacks.remove(on_gc)
    print(f"{args.n} articles: {len(runs)} collections, {sum(r[1] for r in runs):.3f} CPU s")
    for g in (0, 1, 2):
        of = [r for r in runs if r[0] == g]
        print(f"  generation {g}: {len(of)} collections, {sum(r[1] for r in of):.3f} CPU s")
    by_step: dict[str, float] = defaultdict(float)
    for r in runs:
        by_step[r[2]] += r[1]
    print(
        "  CPU s by step (a step runs after the one named):",
        {k: round(v, 3) for k, v in by_step.items()},
    )
    for r in runs:
        if r[0] == 2:
            print(f"  full collection {r[2]}: {r[1]:.3f} CPU s")


def summary_parts(args: argparse.Namespace) -> None:
    from newsfuse import Settings
    from newsfuse.api import brief_articles

    summ = importlib.import_module("newsfuse.summarize")
    nlp, encoder = models()
    cached = Cached()
    arts = load_articles(args.topic, args.n)
    cached.add(arts, args.cache, nlp, encoder)
    captured: dict[str, Any] = {}
    real_summarize = summ.summarize

    def spy(*a: Any, **k: Any) -> Any:
        captured["args"] = (a, k)
        return real_summarize(*a, **k)

    summ.summarize = spy
    brief_articles(arts, Settings(progress=False, jobs=1), nlp, encoder=encoder)
    summ.summarize = real_summarize
    a, k = captured["args"]
    spent: dict[str, float] = defaultdict(float)

    def timed(mod: Any, name: str) -> None:
        f = getattr(mod, name)

        def w(*x: Any, **y: Any) -> Any:
            t = time.process_time()
            try:
                return f(*x, **y)
            finally:
                spent[name] += time.process_time() - t

        setattr(mod, name, w)

    nf = importlib.import_module("newsfuse.summarize.newsfuse")
    parts = [(summ, "build_units"), (summ, "assemble")] + [
        (nf, name)
        for name in ("concept_weights", "_greedy", "compress", "shorten", "unit_concepts")
    ]
    for mod, name in parts:
        if hasattr(mod, name):
            timed(mod, name)
    for _ in range(args.repeat):
        spent.clear()
        t = time.process_time()
        real_summarize(*a, **k)
        total = time.process_time() - t
        print(f"summarize {total:.3f} CPU s; parts", {n: round(v, 3) for n, v in spent.items()})


def sampler_cost(args: argparse.Namespace) -> None:
    import multiprocessing as mp

    child = mp.get_context("fork").Process(target=time.sleep, args=(args.seconds + 1,))
    child.start()  # a child to find, as the briefing's workers
    c0 = time.process_time()
    with MemorySampler() as m:
        time.sleep(args.seconds)
    c1 = time.process_time()
    print(f"samples {len(m.samples)}, this process's CPU over {args.seconds} s: {c1 - c0:.3f}")

    def loop() -> float:
        t, s = time.perf_counter(), 0
        for i in range(3_000_000):
            s += i * i % 7
        return time.perf_counter() - t

    alone = loop()
    with MemorySampler():
        beside = loop()
    again = loop()
    print(f"3-million-step loop alone {alone:.3f} / {again:.3f} s, with the sampler {beside:.3f} s")
    child.join()
    k0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    with MemorySampler():
        time.sleep(args.seconds)
    k1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = k1.ru_utime + k1.ru_stime - k0.ru_utime - k0.ru_stime
    print(f"the sampler's process CPU over {args.seconds} s: {spent:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(p: argparse.ArgumentParser, n: bool = True, cache: bool = True) -> None:
        p.add_argument("--topic", type=Path, default=DEFAULT_TOPIC, help="a Timeline17 topic")
        p.add_argument(
            "--cache",
            type=Path,
            required=cache,
            help="folder of the cached analyses"
            + ("" if cache else " (without it the articles are analysed in the briefing)"),
        )
        if n:
            p.add_argument("--n", type=int, default=40, help="articles")

    p = sub.add_parser("dump", help="briefing JSON and CPU of the steps after the analysis")
    p.add_argument("out", type=Path, help="folder for the JSON files")
    common(p, n=False)
    p.add_argument("--sizes", type=int, nargs="+", default=[40, 150])
    p.add_argument("--repeat", type=int, default=1, help="briefings per size")
    p.add_argument("--example", type=Path, default=DEFAULT_EXAMPLE, help="the example story")
    p.add_argument("--no-example", action="store_true")
    p.add_argument("--analyses", action="store_true", help="also the analyses and vectors")
    p.add_argument("--profile", action="store_true", help="cProfile the last briefing")
    p.add_argument(
        "--ecb-topics",
        type=int,
        nargs="*",
        default=[],
        help="also brief these ECB+ topics' events (each half, `ecb` and `ecbplus`), analysed "
        "in full, into OUT/ecb_EVENT.json (before the Syria stories)",
    )
    p.add_argument("--ecb-data", type=Path, help="the ECB+ folder (default: the facts eval's)")
    p.add_argument(
        "--encoder-runtime",
        default="auto",
        choices=["auto", "numpy", "openvino", "openvino-f32"],
        help="the encoder of the analyses and briefings (a runtime's own --cache folder)",
    )
    p.set_defaults(run=dump)
    p = sub.add_parser("gc", help="garbage collections during one briefing")
    common(p, cache=False)
    p.set_defaults(run=collections)
    p = sub.add_parser("summary-parts", help="CPU of summarize()'s parts")
    common(p)
    p.add_argument("--repeat", type=int, default=5)
    p.set_defaults(run=summary_parts)
    p = sub.add_parser("sampler-cost", help="bench_story.MemorySampler's cost")
    p.add_argument("--seconds", type=float, default=5.0)
    p.set_defaults(run=sampler_cost)
    args = ap.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
