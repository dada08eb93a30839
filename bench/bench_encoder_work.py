"""Where the sentence encoder's work goes in one story, and what cutting it would cost.

    .venv/bin/python bench/bench_encoder_work.py [--topic DIR] [--size 40] [--jobs 2]

The story is the one ``bench_story.py`` briefs (``--size`` articles evenly spaced in time from a
Timeline17 topic folder, default ``../shared/data/timeline17-dev/SyrianCrisis_bbc``). Its
articles are analysed as a briefing does (``analyze_jobs`` on ``--jobs`` processes), then, on
the story's distinct sentences (the encoder encodes a repeated text once):

1. **skipping**: for each rule, how many distinct sentences it would leave unencoded and their
   share of the encoder's arithmetic (per layer ``2 L (4 h^2 + 2 h i) + 4 L^2 h`` for ``L`` word
   pieces, hidden ``h``, feed-forward ``i``), for rules by eligibility (furniture, length, never
   a fact or a timeline entry) and by a lexical gate (no sentence of another article reaches a
   concept similarity; ``encoder_gate_eval.py`` measures what leaving those out costs the
   briefings); and what truncating long texts would save;
2. **where the CPU goes**: the encoder's CPU seconds on one thread, and the four dense products
   of every layer timed alone on the same batch shapes (their share is what lower precision
   could speed up; the rest is GELU, LayerNorm, attention and softmax);
3. **lower precision, emulated**: the encoder run with the inputs of its dense products rounded
   to bfloat16 or quantised to 8 bits (products still summed in float32, as bf16 and int8
   kernels accumulate in float32 or int32), against the float32 encoder: cosine of each
   sentence's two vectors, the largest change of any pair's cosine, and the pairs that cross
   the cross-checks' embedding bars (``SEMANTIC``, ``SEMANTIC_STRONG``). This measures the
   vectors a faster kernel would give, not its speed. Not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_story import DEFAULT_TOPIC, load_articles  # noqa: E402
from encoder_gate_eval import gated_rows  # noqa: E402

Rounding = Callable[[np.ndarray], np.ndarray]


def bf16(x: np.ndarray) -> np.ndarray:
    """``x`` rounded to the nearest bfloat16 (ties to even), as float32."""
    b = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32)
    return ((b + np.uint32(0x7FFF) + ((b >> 16) & 1)) & np.uint32(0xFFFF0000)).view(np.float32)


def int8_columns(w: np.ndarray) -> np.ndarray:
    """Weights quantised to int8, one symmetric scale per output column."""
    s = np.abs(w).max(axis=0, keepdims=True) / 127
    s[s == 0] = 1
    return (np.round(w / s).clip(-127, 127) * s).astype(np.float32)


def int8_tensor(w: np.ndarray) -> np.ndarray:
    """Weights quantised to int8 with one symmetric scale (onnxruntime's dynamic default)."""
    s = float(np.abs(w).max()) / 127 or 1.0
    return (np.round(w / s).clip(-127, 127) * s).astype(np.float32)


def uint8_tensor(x: np.ndarray) -> np.ndarray:
    """Activations quantised to uint8 with one asymmetric scale per product (onnxruntime's
    dynamic quantisation)."""
    lo, hi = min(float(x.min()), 0.0), max(float(x.max()), 0.0)
    s = (hi - lo) / 255 or 1.0
    z = np.round(-lo / s)
    return ((np.round(x / s) + z).clip(0, 255) - z).astype(np.float32) * np.float32(s)


def int8_rows(x: np.ndarray) -> np.ndarray:
    """Activations quantised to int8, one symmetric scale per token row (the finest usual)."""
    s = np.abs(x).max(axis=1, keepdims=True) / 127
    s[s == 0] = 1
    return (np.round(x / s).clip(-127, 127) * s).astype(np.float32)


def same(x: np.ndarray) -> np.ndarray:
    return x


PRECISIONS: dict[str, tuple[Rounding, Rounding]] = {
    # name: (activations, weights) at the inputs of the four dense products of each layer
    "bf16 weights only": (same, bf16),
    "bf16": (bf16, bf16),
    "int8 (onnxruntime dynamic: uint8 tensor, int8 tensor)": (uint8_tensor, int8_tensor),
    "int8 (uint8 tensor, int8 per column)": (uint8_tensor, int8_columns),
    "int8 (int8 per row, int8 per column)": (int8_rows, int8_columns),
}


class _RoundedProducts:
    """Stands in for the ``np`` module of ``newsfuse.embed.minilm``: a product whose right
    operand is one of ``weights`` gets its left operand rounded first; all else is NumPy's."""

    def __init__(self, weights: set[int], rounding: Rounding) -> None:
        self.weights = weights
        self.rounding = rounding

    def __getattr__(self, name: str) -> Any:
        return getattr(np, name)

    def matmul(self, a: np.ndarray, b: np.ndarray, **kw: Any) -> np.ndarray:
        if id(b) in self.weights:
            a = self.rounding(a)
        return np.matmul(a, b, **kw)


def encode_rounded(enc: Any, texts: Sequence[str], acts: Rounding, weights: Rounding) -> np.ndarray:
    """``enc.encode(texts)`` with the dense products' inputs rounded; ``enc`` left as it was."""
    from newsfuse.embed import minilm

    names = ("qkv_w", "attn_out_w", "inter_w", "out_w")
    kept = enc.layers
    enc.layers = tuple(replace(w, **{n: weights(getattr(w, n)) for n in names}) for w in kept)
    ids = {id(getattr(w, n)) for w in enc.layers for n in names}
    minilm.np = _RoundedProducts(ids, acts)  # type: ignore[assignment]
    try:
        return np.asarray(enc.encode(list(texts)))
    finally:
        minilm.np = np
        enc.layers = kept


def flops(length: int, hidden: int = 384, inter: int = 1536, layers: int = 6) -> int:
    """Multiply-adds times two of the encoder on one text of ``length`` word pieces."""
    return layers * (
        2 * length * (4 * hidden * hidden + 2 * hidden * inter) + 4 * length**2 * hidden
    )


def dense_seconds(enc: Any, lengths: Sequence[int]) -> float:
    """CPU seconds of the four dense products of every layer, alone, on the encoder's batches."""
    from newsfuse.embed.minilm import _plan_batches

    w = enc.layers[0]
    total = 0.0
    for chunk in _plan_batches(list(lengths), 64):
        rows = len(chunk) * lengths[chunk[0]]
        h = np.random.default_rng(0).standard_normal((rows, enc.hidden), dtype=np.float32)
        inter = np.empty((rows, w.inter_w.shape[1]), np.float32)
        t = time.process_time()
        for _ in enc.layers:
            np.matmul(h, w.qkv_w)
            np.matmul(h, w.attn_out_w)
            np.matmul(h, w.inter_w, out=inter)
            np.matmul(inter, w.out_w)
        total += time.process_time() - t
    return total


def against_float32(
    ref: np.ndarray, got: np.ndarray, base: np.ndarray, upper: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, int]:
    """Each row's cosine with its float32 vector, how far each pair cosine (``upper`` of the
    float32 pair cosines ``base``) moved, and how many pairs crossed a cross-check bar."""
    from newsfuse.crosscheck.similarity import SEMANTIC, SEMANTIC_STRONG

    cos = (ref * got).sum(axis=1)
    sims = np.clip(got @ got.T, 0.0, 1.0)
    moved = np.abs(sims - base)[upper]
    crossed = sum(
        int(((base[upper] >= bar) != (sims[upper] >= bar)).sum())
        for bar in (SEMANTIC, SEMANTIC_STRONG)
    )
    return cos, moved, crossed


def main() -> None:
    from threadpoolctl import threadpool_limits

    from newsfuse import Settings
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.analyze.parallel import analyze_jobs
    from newsfuse.crosscheck.facts import eligible
    from newsfuse.crosscheck.similarity import StoryVectors
    from newsfuse.embed import load_encoder
    from newsfuse.summarize.filters import is_debris, is_noise

    ap = argparse.ArgumentParser()
    ap.add_argument("--topic", type=Path, default=DEFAULT_TOPIC)
    ap.add_argument("--size", type=int, default=40)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()

    articles = load_articles(args.topic, args.size)
    analyses = analyze_jobs(articles, load_nlp(Settings().model), args.jobs)
    sv = StoryVectors(analyses)
    texts = [r.sentence.text for r in sv.refs]
    distinct = list(dict.fromkeys(texts))
    enc = load_encoder(threads=1, runtime="numpy")
    length = dict(zip(distinct, (len(x) for x in enc.tokenize(distinct)), strict=True))
    total = sum(flops(length[t]) for t in distinct)
    print(
        f"{len(articles)} articles, {len(texts)} sentences, {len(distinct)} distinct, "
        f"{sum(length.values())} word pieces ({sum(length.values()) / len(distinct):.1f} a text)"
    )

    print("\n1. sentences a rule would leave unencoded (distinct texts no kept sentence shares)")
    timexes = {
        (an.article.id, s.span.start)
        for an in analyses
        for s in an.sentences
        for t in an.timexes
        if s.span.start <= t.span.start < s.span.end
    }

    def with_timex(k: int) -> bool:
        return (sv.refs[k].article, sv.refs[k].span.start) in timexes

    rules: dict[str, Callable[[int], bool]] = {
        "debris (is_debris: notices, bylines, captions, credits)": lambda k: is_debris(texts[k]),
        "under 6 words": lambda k: len(texts[k].split()) < 6,
        "under 8 words": lambda k: len(texts[k].split()) < 8,
        "under 12 word pieces": lambda k: length[texts[k]] < 12,
        "never a fact (not facts.eligible)": lambda k: not eligible(sv, k),
        "never a fact nor a timeline entry (no time expression)": (
            lambda k: not eligible(sv, k) and not with_timex(k)
        ),
        "never a fact, and noise for the summary": (
            lambda k: not eligible(sv, k) and is_noise(texts[k])
        ),
        "noise for the summary (is_noise; facts use these)": lambda k: is_noise(texts[k]),
    }
    for gate in (0.15, 0.2, 0.25):
        kept = gated_rows(sv, gate)
        rules[f"concept similarity < {gate} with all other articles"] = lambda k, kept=kept: (
            not kept[k]
        )
    for name, rule in rules.items():
        skip = {texts[k] for k in range(len(texts)) if rule(k)}
        skip -= {texts[k] for k in range(len(texts)) if not rule(k)}
        share = sum(flops(length[t]) for t in skip) / total
        print(f"  {name:58s} {len(skip):5d} ({len(skip) / len(distinct):5.1%}), work {share:5.1%}")
    for cap in (64, 96, 128):
        saved = sum(flops(length[t]) - flops(min(length[t], cap)) for t in distinct) / total
        over = sum(length[t] > cap for t in distinct)
        print(f"  truncate at {cap} word pieces: {over} texts longer, work saved {saved:.1%}")

    print("\n2. CPU seconds on one thread")
    with threadpool_limits(1):
        c0 = time.process_time()
        ref = enc.encode(distinct)
        spent = time.process_time() - c0
        dense = dense_seconds(enc, [length[t] for t in distinct])
    print(
        f"  encode {spent:.2f} CPU s ({len(distinct) / spent:.0f} sentences per CPU s); "
        f"the dense products alone {dense:.2f} ({dense / spent:.0%})"
    )

    print("\n3. lower precision at the dense products' inputs, against float32")
    base = np.clip(ref @ ref.T, 0.0, 1.0)
    upper = np.triu_indices(len(distinct), 1)
    for name, (acts, weights) in PRECISIONS.items():
        got = encode_rounded(enc, distinct, acts, weights)
        cos, moved, crossed = against_float32(ref, got, base, upper)
        print(
            f"  {name:55s} cosine min {cos.min():.7f}, mean {cos.mean():.7f}, "
            f"{(cos < 0.9999).mean():6.1%} under 0.9999; pair cosines moved up to "
            f"{moved.max():.4f}; {crossed} of {len(moved)} pairs cross a bar"
        )


if __name__ == "__main__":
    main()
