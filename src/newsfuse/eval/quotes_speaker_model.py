"""Learning ``newsfuse/data/speaker_model.json`` (the speaker choice of
:mod:`newsfuse.analyze.quotes_speaker_model`) from PolNeAR ``train``.

Every attribution the rules find with a cue verb whose content overlaps a gold Content with a
Source gives one group of rows: each candidate of its cue's sentence, labelled 1 when the
candidate's phrase (the pronoun alone for a pronoun) overlaps that Source. A group without any
right candidate teaches nothing and is left out. A logistic regression (scikit-learn, C = 1) is
fitted on all the rows; the threshold is 0.5 (more likely than not), not tuned. ``dev`` is never
read here.

``newsfuse eval quotes --write-speaker-model`` runs this and writes the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from newsfuse.analyze.quotes import find_attributions, learnable
from newsfuse.analyze.quotes_speaker import is_pronoun, phrase_bounds
from newsfuse.analyze.quotes_speaker_model import FEATURES, MODEL_FILE, candidates, features

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from newsfuse.eval.quotes import Attribution

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / MODEL_FILE
THRESHOLD = 0.5


def _span(tok: Token) -> tuple[int, int]:
    """Characters of the speaker phrase ``tok`` would give (the word alone for a pronoun)."""
    doc = tok.doc
    if is_pronoun(tok) or tok.lower_ in ("who", "which", "that"):
        left, right = tok.i, tok.i + 1
    else:
        left, right = phrase_bounds(tok)
    return doc[left].idx, doc[right - 1].idx + len(doc[right - 1])


def training_rows(
    parsed: Iterable[tuple[Doc, list[Attribution]]],
) -> tuple[list[list[float]], list[int]]:
    """Feature rows and labels of every candidate speaker of every attribution found with a cue
    verb in the ``(parse, gold attributions)`` pairs."""
    from newsfuse.eval.quotes import _overlap, trim

    rows: list[list[float]] = []
    labels: list[int] = []
    for doc, gold in parsed:
        text = doc.text
        for f in find_attributions(doc, text, learned=False):
            if f.inherited is not None or not learnable(f):
                continue
            content = ((f.start, f.end),)
            scored = [(_overlap(trim(text, g.content), content), g) for g in gold]
            best = max(scored, key=lambda x: x[0], default=(0, None))
            if best[1] is None or best[0] == 0:
                continue
            source = trim(text, best[1].source)
            if not source:
                continue
            cue, (lo, hi) = f.cue[0], f.outer
            cands = candidates(cue, lo, hi)
            marks = [int(_overlap((_span(t),), source) > 0) for t in cands]
            if not any(marks):
                continue
            for tok, mark in zip(cands, marks, strict=True):
                rows.append(features(cue, tok, direct=f.direct, framed=f.framed))
                labels.append(mark)
    return rows, labels


def model_json(rows: list[list[float]], labels: list[int], source: str) -> str:
    """Fit the logistic regression and render the model file."""
    from sklearn.linear_model import LogisticRegression

    fit = LogisticRegression(C=1.0, max_iter=5000).fit(rows, labels)
    doc = {
        "source": source,
        "rows": len(rows),
        "features": list(FEATURES),
        "weights": [round(float(w), 6) for w in fit.coef_[0]],
        "bias": round(float(fit.intercept_[0]), 6),
        "threshold": THRESHOLD,
    }
    return json.dumps(doc, indent=1) + "\n"
