"""CPU seconds of the fact alignment alone (``align_facts`` with the linker) on the stories of
``bench_post_analysis.py``, for the shipped pair model and for other model files.

    .venv/bin/python bench/facts_align_cpu.py --cache DIR [--sizes 40 150] [--model OLD.json]

``DIR`` holds ``analysed_N.pkl`` as ``bench_post_analysis.py`` writes them (made with the current
analysis code). A model file in the ``data/fact_linker.json`` layout may have fewer features than
``FEATURES`` (an older model): the missing ones weigh 0. Entities are merged and the story
vectors built once per size; each model then aligns the facts three times, alternating, and the
least process time of the three is printed (the machine is shared). Not a test.
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
from pathlib import Path

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--sizes", type=int, nargs="+", default=[40, 150])
    ap.add_argument("--model", type=Path, action="append", default=[])
    args = ap.parse_args()

    from newsfuse.brief.assemble import apply_entities
    from newsfuse.config import Settings
    from newsfuse.crosscheck.entities import merge_entities
    from newsfuse.crosscheck.facts import align_facts
    from newsfuse.crosscheck.independence import duplicate_pairs, independence_groups
    from newsfuse.crosscheck.linker import FEATURES, Linker, PairModel, load_model
    from newsfuse.crosscheck.similarity import StoryVectors
    from newsfuse.ingest.source import load_registry

    shipped = load_model()
    assert shipped is not None
    models = {"shipped": shipped}
    for path in args.model:
        d = json.loads(path.read_text("utf-8"))
        w = tuple(d["weights"]) + (0.0,) * (len(FEATURES) - len(d["weights"]))
        models[path.name] = PairModel(w, d["bias"], d["threshold"], d["floor"], d["together"])
    registry = load_registry()
    threshold = Settings().crosscheck.fact_threshold
    for n in args.sizes:
        arts, stored = pickle.loads((args.cache / f"analysed_{n}.pkl").read_bytes())
        analyses = [s.analysis for s in stored]
        index = merge_entities(analyses)
        analyses = apply_entities(analyses, index)
        vectors = StoryVectors(analyses, index.canonical_of, np.vstack([s.vectors for s in stored]))
        groups = independence_groups(arts, registry, duplicate_pairs(arts))
        best = {name: float("inf") for name in models}
        facts = {}
        for _ in range(3):
            for name, m in models.items():
                c0 = time.process_time()
                clusters = align_facts(
                    vectors, groups, threshold=threshold, linker=Linker(vectors, m)
                )
                best[name] = min(best[name], time.process_time() - c0)
                facts[name] = len(clusters)
        for name in models:
            print(f"{n} articles, {name}: {best[name]:.2f} CPU s, {facts[name]} facts", flush=True)


if __name__ == "__main__":
    main()
