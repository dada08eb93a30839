"""Benchmark: one briefing of the example story, step by step, beside spaCy alone on the same text.

    .venv/bin/python bench/bench_brief.py [FOLDER] [--repeat N]

Prints where the time of `newsfuse brief` goes (model loading, analysis, embeddings, cross-check,
summary) and the ratio of the analysis step to the bare spaCy pipeline over the same cleaned
texts, measured in the same run. Not a test: machines are noisy; read the ratios.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from newsfuse import Settings
from newsfuse.analyze.nlp import load_nlp
from newsfuse.api import brief_articles, load
from newsfuse.embed import load_encoder

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared/examples/japan-us-call-2022"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default=str(DEFAULT))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    t0 = time.perf_counter()
    loaded = load([args.folder], Settings())
    t1 = time.perf_counter()
    nlp = load_nlp()
    t2 = time.perf_counter()
    encoder = load_encoder()
    t3 = time.perf_counter()
    texts = [a.text for a in loaded.articles]
    spacy_runs, brief_runs, steps = [], [], []
    for _ in range(args.repeat):
        s0 = time.perf_counter()
        list(nlp.pipe(texts))
        spacy_runs.append(time.perf_counter() - s0)
        b0 = time.perf_counter()
        b = brief_articles(list(loaded.articles), Settings(progress=False), nlp, encoder=encoder)
        brief_runs.append(time.perf_counter() - b0)
        steps.append(b.stats)
    med = statistics.median
    print(f"articles: {len(texts)}, words: {sum(len(t.split()) for t in texts)}")
    print(f"read + clean:        {t1 - t0:6.2f} s")
    print(f"load spaCy pipeline: {t2 - t1:6.2f} s")
    print(f"load MiniLM encoder: {t3 - t2:6.2f} s")
    print(f"briefing (median of {args.repeat}): {med(brief_runs):6.2f} s")
    for key in steps[0]:
        print(f"  {key:<22} {med(s[key] for s in steps):6.2f} s")
    print(f"spaCy alone, same texts: {med(spacy_runs):6.2f} s")
    print(
        f"ratio analyze step / spaCy alone: {med(s['seconds_analyze'] for s in steps) / med(spacy_runs):.2f}"
    )


if __name__ == "__main__":
    main()
