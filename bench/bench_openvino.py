"""The OpenVINO encoder (bf16 and f32) against the NumPy one on one story's sentences.

    .venv/bin/python bench/bench_openvino.py [--topic DIR] [--size 40] [--jobs 2] [--alone 300]

The story is the one ``bench_story.py`` briefs (``--size`` articles evenly spaced in time from a
Timeline17 topic folder). Its articles are analysed as a briefing does, then the story's
distinct sentences (what the encoder encodes) are embedded on one thread by the NumPy encoder
and by :class:`~newsfuse.embed.openvino_backend.OpenVinoEncoder` at each precision. Prints,
per backend: CPU seconds of the encode (after one warm-up run over the same sentences, so
kernels for every shape are made), sentences per CPU second, the ratio to NumPy, the cosine of
each sentence's two vectors (min, mean), the largest change of a pair's cosine, the pairs that
cross the cross-checks' embedding bars, and whether the first ``--alone`` sentences encoded one
at a time give the bits they get inside the story's batches. Not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_encoder_work import against_float32  # noqa: E402
from bench_story import DEFAULT_TOPIC, load_articles  # noqa: E402


def main() -> None:
    from threadpoolctl import threadpool_limits

    from newsfuse import Settings
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.analyze.parallel import analyze_jobs
    from newsfuse.crosscheck.similarity import StoryVectors
    from newsfuse.embed.minilm import Encoder, default_model_dir
    from newsfuse.embed.openvino_backend import PRECISIONS, OpenVinoEncoder

    ap = argparse.ArgumentParser()
    ap.add_argument("--topic", type=Path, default=DEFAULT_TOPIC)
    ap.add_argument("--size", type=int, default=40)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--alone", type=int, default=300)
    args = ap.parse_args()

    articles = load_articles(args.topic, args.size)
    analyses = analyze_jobs(articles, load_nlp(Settings().model), args.jobs)
    texts = [r.sentence.text for r in StoryVectors(analyses).refs]
    distinct = list(dict.fromkeys(texts))
    folder = default_model_dir()
    encoders: dict[str, Encoder] = {"numpy": Encoder(folder, threads=1)}
    for precision in PRECISIONS:
        c0 = time.process_time()
        encoders[f"openvino {precision}"] = OpenVinoEncoder(folder, threads=1, precision=precision)
        print(f"openvino {precision}: build and compile {time.process_time() - c0:.2f} CPU s")
    pieces = sum(len(x) for x in encoders["numpy"].tokenize(distinct))
    print(f"{len(articles)} articles, {len(distinct)} distinct sentences, {pieces} word pieces")

    upper = np.triu_indices(len(distinct), 1)
    ref = base = np.empty(0)
    spent_ref = 0.0
    with threadpool_limits(1):
        for name, enc in encoders.items():
            enc.encode(distinct)  # warm-up: every batch shape once
            c0 = time.process_time()
            got = enc.encode(distinct)
            spent = time.process_time() - c0
            if name == "numpy":
                ref, spent_ref = got, spent
                base = np.clip(ref @ ref.T, 0.0, 1.0)
            cos, moved, crossed = against_float32(ref, got, base, upper)
            sample = distinct[: args.alone]
            alone = np.stack([enc.encode([t])[0] for t in sample])
            same = int((alone == got[: len(sample)]).all(axis=1).sum())
            print(
                f"  {name:14s} {spent:6.2f} CPU s, {len(distinct) / spent:5.0f} sentences/CPU s, "
                f"x{spent_ref / spent:.2f}; cosine vs numpy min {cos.min():.7f} mean "
                f"{cos.mean():.7f}; pair cosines moved up to {moved.max():.5f}, {crossed} of "
                f"{len(moved)} pairs cross a bar; alone == in batch {same}/{len(sample)}"
            )


if __name__ == "__main__":
    main()
