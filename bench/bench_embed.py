"""Speed of the NumPy MiniLM encoder against sentence-transformers (torch), one run each.

Usage (from the repository root)::

    .venv/bin/python bench/bench_embed.py --n 512 --st-python /tmp/stvenv/bin/python

Sentences are real news sentences of 18-32 words read from
``../shared/data/multinews200/clusters.jsonl`` at run time. ``--st-python`` names a Python with
``sentence-transformers`` and ``torch`` installed (a scratch venv outside the project); without
it only newsfuse is measured. Both sides run on the same sentences with the same batch size;
newsfuse with its default (one batch per core at a time) and with one thread, torch with its
default thread count. The reference's embeddings are also compared row by row.
Prints a small table; this is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = ROOT.parent / "shared" / "data" / "multinews200" / "clusters.jsonl"

_REFERENCE = r"""
import json, sys, time
t0 = time.perf_counter()
from sentence_transformers import SentenceTransformer
t1 = time.perf_counter()
import numpy as np
model_dir, sents_path, out_dir, batch_size = sys.argv[1:5]
model = SentenceTransformer(model_dir, device="cpu")
t2 = time.perf_counter()
sents = json.load(open(sents_path))
model.encode(sents[:16], batch_size=int(batch_size))
t3 = time.perf_counter()
c3 = time.process_time()
vecs = model.encode(sents, batch_size=int(batch_size), convert_to_numpy=True)
t4 = time.perf_counter()
c4 = time.process_time()
np.save(out_dir + "/ref.npy", vecs.astype("float32"))
import torch
json.dump({"import_s": t1 - t0, "load_s": t2 - t1, "encode_s": t4 - t3, "cpu_s": c4 - c3,
           "threads": torch.get_num_threads()}, open(out_dir + "/ref.json", "w"))
"""


def news_sentences(n: int, min_words: int = 18, max_words: int = 32) -> list[str]:
    """The first ``n`` sentences of ``min_words``-``max_words`` words in the Multi-News sample."""
    out: list[str] = []
    with CLUSTERS.open(encoding="utf-8") as fh:
        for line in fh:
            for doc in json.loads(line)["documents"]:
                for sent in re.split(r"(?<=[.!?])\s+", doc):
                    words = sent.split()
                    if min_words <= len(words) <= max_words:
                        out.append(" ".join(words))
                        if len(out) == n:
                            return out
    return out


def run_reference(python: str, model_dir: Path, sents: list[str], batch_size: int) -> dict:
    """Run sentence-transformers in ``python``; returns timings and its embeddings."""
    with tempfile.TemporaryDirectory() as tmp:
        sents_path = Path(tmp) / "sents.json"
        sents_path.write_text(json.dumps(sents), encoding="utf-8")
        subprocess.run(
            [python, "-c", _REFERENCE, str(model_dir), str(sents_path), tmp, str(batch_size)],
            check=True,
            stderr=subprocess.DEVNULL,
        )
        info = json.loads((Path(tmp) / "ref.json").read_text(encoding="utf-8"))
        info["vecs"] = np.load(Path(tmp) / "ref.npy")
    return info


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=512, help="number of sentences")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--st-python", default="", help="Python with sentence-transformers")
    args = parser.parse_args()

    sents = news_sentences(args.n)
    mean_words = sum(len(s.split()) for s in sents) / len(sents)

    t0 = time.perf_counter()
    from newsfuse.embed import load_encoder

    t1 = time.perf_counter()
    enc = load_encoder(runtime="numpy")
    t2 = time.perf_counter()
    tokens = sum(len(ids) for ids in enc.tokenize(sents)) / len(sents)
    rows: list[tuple[str, float, float, float, float]] = []
    vecs = np.zeros((0, enc.dim), dtype=np.float32)
    for threads in (None, 1):
        run = enc if threads is None else load_encoder(threads=threads, runtime="numpy")
        run.encode(sents[:16], batch_size=args.batch_size)
        w0, c0 = time.perf_counter(), time.process_time()
        vecs = run.encode(sents, batch_size=args.batch_size)
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        label = f"{threads or os.cpu_count()} thread(s)"
        rows.append((f"newsfuse.embed NumPy, {label}", t1 - t0, t2 - t1, wall, cpu))

    note = ""
    if args.st_python:
        ref = run_reference(args.st_python, enc.model_dir, sents, args.batch_size)
        rows.append(
            (
                f"sentence-transformers torch, {ref['threads']} threads",
                ref["import_s"],
                ref["load_s"],
                ref["encode_s"],
                ref["cpu_s"],
            )
        )
        ref_vecs = ref["vecs"] / np.linalg.norm(ref["vecs"], axis=1, keepdims=True)
        cos = (vecs * ref_vecs).sum(axis=1)
        note = f"cosine NumPy vs torch per sentence: min {cos.min():.7f}, mean {cos.mean():.7f}"

    n = len(sents)
    print(
        f"{n} news sentences, {mean_words:.1f} words / {tokens:.1f} tokens on average, "
        f"batch size {args.batch_size}, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at the end"
    )
    base = rows[-1][3]
    head = (
        f"{'engine':44} {'import s':>8} {'load s':>6} {'sent/s':>7} {'x ref':>6} {'sent/CPU-s':>10}"
    )
    print(head)
    for name, imp, load, wall, cpu in rows:
        print(
            f"{name:44} {imp:8.2f} {load:6.2f} {n / wall:7.1f} {base / wall:6.2f} {n / cpu:10.1f}"
        )
    if note:
        print(note)


if __name__ == "__main__":
    sys.exit(main())
