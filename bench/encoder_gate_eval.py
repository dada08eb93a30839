"""Any ``newsfuse`` command with the sentence vectors of some sentences left out (emulated).

    .venv/bin/python bench/encoder_gate_eval.py GATE eval facts -q
    .venv/bin/python bench/encoder_gate_eval.py GATE brief ../shared/examples/japan-us-call-2022/

Measures what skipping the encoding of sentences would cost a briefing: in every briefing the
command makes, a sentence whose concept similarity with every sentence of the story's other
articles stays under ``GATE`` gets a zero vector (embedding cosine 0 with every sentence, as a
missing vector would count), the others keep theirs. The encoder still runs on all of them, so
this measures quality, not speed; ``bench_encoder_work.py`` gives the share of the encoder's
work such a gate would save. Prints on stderr how many sentences were zeroed. Not a test.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import numpy as np

from newsfuse.crosscheck.similarity import StoryVectors


def gated_rows(vectors: StoryVectors, gate: float) -> np.ndarray:
    """Per sentence, whether a sentence of another article reaches concept similarity ``gate``."""
    ptr, cols, vals = vectors._lexical_above(min(gate, 0.05))
    doc = np.array([r.doc for r in vectors.refs], dtype=np.int64)
    keep = np.zeros(len(vectors.refs), dtype=bool)
    for k in range(len(vectors.refs)):
        c, x = cols[ptr[k] : ptr[k + 1]], vals[ptr[k] : ptr[k + 1]]
        other = doc[c] != doc[k]
        keep[k] = bool(other.any()) and float(x[other].max()) >= gate
    return keep


def main() -> None:
    gate = float(sys.argv.pop(1))
    zeroed = [0, 0]
    assemble = importlib.import_module("newsfuse.brief.assemble")

    def story_vectors(analyses: Any, canonical: Any = None, embeddings: Any = None, **kw: Any):
        if embeddings is None:
            return StoryVectors(analyses, canonical, **kw)
        keep = gated_rows(StoryVectors(analyses, canonical), gate)
        zeroed[0] += int((~keep).sum())
        zeroed[1] += len(keep)
        rows = np.array(embeddings, copy=True)
        rows[~keep] = 0.0
        return StoryVectors(analyses, canonical, rows, **kw)

    assemble.StoryVectors = story_vectors
    from newsfuse.cli import main as newsfuse

    sys.argv = ["newsfuse", *sys.argv[1:]]
    try:
        newsfuse()
    finally:
        print(
            f"gate {gate}: {zeroed[0]} of {zeroed[1]} sentences without a vector", file=sys.stderr
        )


if __name__ == "__main__":
    main()
