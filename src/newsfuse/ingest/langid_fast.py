"""py3langid's identifier with its feature counting done by NumPy (same languages, same
probabilities).

py3langid walks its byte n-gram automaton one byte at a time in Python and counts the feature
each state emits. The automaton's state after a byte depends only on the last :data:`WINDOW`
bytes read (for the shipped model: ``tests/ingest/test_langid_fast.py`` proves it over every
state and every byte string), so the state at each position is the state reached from the start
state by those bytes alone; the walk of every position is run at once, ``WINDOW`` vectorised
steps. The features are then listed in the order of their first occurrence, with their counts,
exactly as py3langid's ``Counter`` does, and scored by py3langid's own code.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, RAW_FLOOR, LanguageIdentifier

#: bytes that fix the automaton's state (and so the feature it emits) at any position
WINDOW = 6


def feature_counts(
    nextmove: np.ndarray, rows: np.ndarray, output: np.ndarray, data: bytes
) -> tuple[np.ndarray, np.ndarray] | None:
    """The features the automaton emits over ``data`` (in the order of their first occurrence)
    and how often each, or None when there is none. ``nextmove``: the distinct 256-entry
    transition rows, flattened; ``rows``: each state's row; ``output``: each state's feature,
    -1 for none."""
    text = np.frombuffer(data, dtype=np.uint8)
    n = text.size
    state = np.zeros(n, dtype=np.intp)
    # position i reads bytes i-k for k = WINDOW-1 .. 0 from the start state (the first positions
    # fewer: the walk starts there too)
    for k in range(min(WINDOW, n) - 1, -1, -1):
        state[k:] = nextmove[(rows[state[k:]].astype(np.intp) << 8) + text[: n - k]]
    feats = output[state]
    feats = feats[feats >= 0]
    if not feats.size:
        return None
    found, first, counts = np.unique(feats, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    return found[order].astype(np.intp), counts[order].astype(np.float32)


class FastIdentifier(LanguageIdentifier):
    """py3langid's ``LanguageIdentifier`` (probabilities normalised) whose raw scores count the
    features with :func:`feature_counts`; the model's arrays are NumPy arrays."""

    def __init__(
        self,
        ptc: np.ndarray,
        pc: np.ndarray,
        classes: list[str],
        nextmove: np.ndarray,
        rows: np.ndarray,
        output: np.ndarray,
    ) -> None:
        self.min_confidence = None
        self._norm_probs = True
        self.nb_ptc = ptc
        self.nb_pc = pc
        self.nb_classes = classes
        self._full_model = ptc, pc, classes
        self.tk_nextmove = self._next = nextmove
        self.tk_row = self._rows = rows
        self.tk_output = self._out = output
        self._set_alias_pairs()

    @classmethod
    def from_wheel(cls) -> FastIdentifier:
        """The model shipped in py3langid's wheel (LZMA-compressed: about 0.7 s to load)."""
        from py3langid.modelio import load_model

        ptc, pc, classes, nextmove, rows, output = load_model(MODEL_DIR / MODEL_FILE)
        return cls(
            np.asarray(ptc),
            np.asarray(pc),
            list(classes),
            np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}"),
            np.frombuffer(rows, dtype=f"u{rows.itemsize}"),
            np.asarray(output, dtype=np.int32),
        )

    def _raw_score(self, text: bytes) -> Any:
        found = feature_counts(self._next, self._rows, self._out, text)
        if found is not None:
            idx, counts = found
            return np.log1p(counts) @ self.nb_ptc[idx] + self.nb_pc
        fill = 0.0 if self._norm_probs else RAW_FLOOR
        return np.full(len(self.nb_classes), fill, dtype=np.float32)
