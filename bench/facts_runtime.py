"""The fact links of ECB+ dev (``newsfuse eval facts``) with the NumPy and the OpenVINO bf16 vectors,
the pair model refitted on each, and the linker's floor and threshold chosen on topics 1-12.

    .venv/bin/python bench/facts_runtime.py --cache /tmp/facts_runtime

Each event is parsed once (the parse does not depend on the encoder) and its sentences encoded
once per runtime; both are kept in ``--cache`` (pickles). The fact links are then computed the way
``build_briefing`` computes them (``prepare_articles``, entities, ``align_facts`` with the linker,
``to_fact``), for:

* each runtime with the shipped pair model (``data/fact_linker.json``), which must give the
  figures of ``newsfuse eval facts --encoder-runtime numpy|openvino``;
* each runtime with the pair model refitted on its own vectors of topics 1-12 (the fit of
  ``newsfuse eval facts --train``), with the shipped threshold, floor and together;
* the same refit with the floor and threshold chosen on topics 1-12 by the rule fixed before the
  run: of the grid below, the highest recall on 1-12 among the settings whose 1-12 precision is
  at least the shipped NumPy linker's 1-12 precision (ties: higher precision, then the higher
  floor and threshold); topics 13-25 are only reported.

Not a test; prints one table.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

FLOORS = (0.5, 0.525, 0.55, 0.575, 0.6, 0.625, 0.65, 0.675, 0.7)
THRESHOLDS = (0.7, 0.75, 0.8)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--runtimes", default="numpy,openvino")
    ap.add_argument("--no-grid", action="store_true")
    ap.add_argument(
        "--timeline-pairs",
        action="store_true",
        help="only the table of `newsfuse eval timeline --ecb-only` (timeline_link) per runtime",
    )
    ap.add_argument(
        "--model",
        type=Path,
        action="append",
        default=[],
        help="also score this pair model file (fact_linker.json layout) with every runtime's vectors",
    )
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)

    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.analyze.pipeline import analyze_many
    from newsfuse.brief.assemble import apply_entities, prepare_articles
    from newsfuse.config import Settings
    from newsfuse.crosscheck.entities import merge_entities
    from newsfuse.crosscheck.facts import align_facts, to_fact
    from newsfuse.crosscheck.independence import duplicate_pairs, independence_groups
    from newsfuse.crosscheck.linker import Linker, load_model
    from newsfuse.crosscheck.similarity import StoryVectors
    from newsfuse.embed import load_encoder
    from newsfuse.eval import facts as fe
    from newsfuse.ingest.source import load_registry

    events = fe.load_events(args.data or fe.DEFAULT_DIR)
    settings = Settings(progress=False)
    registry = load_registry()
    threshold = settings.crosscheck.fact_threshold

    parsed_path = args.cache / "parsed.pkl"
    if parsed_path.is_file():
        parsed = pickle.loads(parsed_path.read_bytes())
    else:
        nlp = load_nlp()
        parsed = {}
        t0 = time.perf_counter()
        for ev in events:
            arts = prepare_articles(fe.articles_of(ev), settings, registry)
            brief_an = list(analyze_many(arts, nlp))
            train_an = (
                list(analyze_many(fe.articles_of(ev), nlp)) if ev.topic in fe.TUNE_TOPICS else None
            )
            parsed[ev.name] = (arts, brief_an, train_an)
        parsed_path.write_bytes(pickle.dumps(parsed))
        print(f"parsed {len(events)} events in {time.perf_counter() - t0:.0f} s", file=sys.stderr)

    def story(analyses: list) -> tuple[list, Any]:
        index = merge_entities(analyses)
        return apply_entities(analyses, index), index.canonical_of

    vec_of: dict[str, dict[str, tuple[Any, Any]]] = {}
    for runtime in args.runtimes.split(","):
        path = args.cache / f"vectors-{runtime}.pkl"
        if path.is_file():
            rows = pickle.loads(path.read_bytes())
        else:
            enc = load_encoder(runtime=runtime)
            print(
                f"{runtime}: {type(enc).__name__} {getattr(enc, 'precision', '')}", file=sys.stderr
            )
            t0 = time.perf_counter()
            rows = {}
            for ev in events:
                arts, brief_an, train_an = parsed[ev.name]
                an, canon = story(brief_an)
                rows[ev.name] = [enc.encode(StoryVectors(an, canon).texts()), None]
                if train_an is not None:
                    an, canon = story(train_an)
                    rows[ev.name][1] = enc.encode(StoryVectors(an, canon).texts())
            path.write_bytes(pickle.dumps(rows))
            print(f"{runtime}: encoded in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        vec_of[runtime] = rows

    def brief_vectors(ev: Any, runtime: str) -> tuple[list, Any]:
        arts, brief_an, _ = parsed[ev.name]
        an, canon = story(brief_an)
        return arts, StoryVectors(an, canon, vec_of[runtime][ev.name][0])

    cached = {(ev.name, rt): brief_vectors(ev, rt) for ev in events for rt in vec_of}
    groups_of = {
        ev.name: independence_groups(
            parsed[ev.name][0], registry, duplicate_pairs(parsed[ev.name][0])
        )
        for ev in events
    }

    def links(ev: Any, runtime: str, model: Any) -> set:
        _, vectors = cached[(ev.name, runtime)]
        groups = groups_of[ev.name]
        clusters = align_facts(vectors, groups, threshold=threshold, linker=Linker(vectors, model))
        facts = [to_fact(vectors, c, groups) for c in clusters]
        return fe.fact_links(ev, SimpleNamespace(facts=facts))  # type: ignore[arg-type]

    if args.timeline_pairs:
        from newsfuse.eval.timeline import event_pairs, pair_table

        for rt in vec_of:
            records = [r for ev in events for r in event_pairs(ev, cached[(ev.name, rt)][1])]
            print(f"{rt}:\n{pair_table(records)}")
            for label, tuned in (("1-12", True), ("13-25", False)):
                rs = [r for r in records if (r.topic in fe.TUNE_TOPICS) == tuned]
                on = [r for r in rs if r.probability >= 0.7 or (r.rule and not r.blocked)]
                hit, gold = sum(r.gold for r in on), sum(r.gold for r in rs)
                print(f"{rt} {label} at 0.70: {len(on)} linked, {hit} right of {gold} gold pairs")
        return

    tune = [e for e in events if e.topic in fe.TUNE_TOPICS]
    held = [e for e in events if e.topic not in fe.TUNE_TOPICS]

    def scores(runtime: str, model: Any) -> tuple[Any, Any]:
        got = {e.name: links(e, runtime, model) for e in events}
        return (
            fe.score(tune, [got[e.name] for e in tune]),
            fe.score(held, [got[e.name] for e in held]),
        )

    def fmt(s: Any) -> str:
        return f"{s.predicted} / {s.judged}, {s.precision:.4f} / {s.recall:.4f}"

    shipped = load_model()
    assert shipped is not None
    out: list[str] = []

    def row(name: str, runtime: str, model: Any) -> tuple[Any, Any]:
        t0 = time.perf_counter()
        a, b = scores(runtime, model)
        line = (
            f"| {name} | {runtime} | {model.threshold} / {model.floor} / {model.together} | "
            f"{fmt(a)} | {fmt(b)} |"
        )
        print(line, f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
        out.append(line)
        return a, b

    base = {rt: row("shipped model", rt, shipped) for rt in vec_of}
    if args.model:
        import json

        for path in args.model:
            d = json.loads(path.read_text("utf-8"))
            m = replace(
                shipped,
                weights=tuple(d["weights"]),
                bias=float(d["bias"]),
                threshold=float(d["threshold"]),
                floor=float(d["floor"]),
                together=float(d["together"]),
            )
            for rt in vec_of:
                row(path.name, rt, m)
    target = base["numpy"][0].precision if "numpy" in base else 0.0
    for rt in () if args.model else vec_of:
        pairs = []
        for ev in tune:
            _, _, train_an = parsed[ev.name]
            an, canon = story(train_an)
            pairs.append(fe.pairs_of(ev, StoryVectors(an, canon, vec_of[rt][ev.name][1])))
        fitted = fe.train(tune, pairs)
        refit = replace(shipped, weights=tuple(fitted["weights"]), bias=float(fitted["bias"]))
        print(f"{rt} refit: {fitted['weights']} bias {fitted['bias']}", file=sys.stderr)
        (args.cache / f"refit-{rt}.pkl").write_bytes(pickle.dumps(fitted))
        row("refit on 1-12", rt, refit)
        if args.no_grid:
            continue
        best: tuple[tuple[float, float, float, float], Any] | None = None
        for th in THRESHOLDS:
            for fl in FLOORS:
                if fl > th:
                    continue
                m = replace(refit, threshold=th, floor=fl)
                a, _ = row("grid", rt, m)
                if a.precision >= target:
                    key = (a.recall, a.precision, fl, th)
                    if best is None or key > best[0]:
                        best = (key, m)
        if best is not None:
            row("refit, floor/threshold chosen on 1-12", rt, best[1])
            import json

            chosen = {
                **fitted,
                "threshold": best[1].threshold,
                "floor": best[1].floor,
                "together": best[1].together,
            }
            (args.cache / f"chosen-{rt}.json").write_text(json.dumps(chosen, indent=1) + "\n")
    print(
        "| model | vectors | threshold / floor / together | 1-12 links / judged, P / R "
        "| 13-25 links / judged, P / R |"
    )
    print("|---|---|---|---|---|")
    print("\n".join(out))


if __name__ == "__main__":
    main()
