"""py3langid's identifier with its feature counting done by NumPy (same languages, same
probabilities).

py3langid walks its byte n-gram automaton one byte at a time in Python and counts the feature
each state emits. The automaton's state after a byte depends only on the last :data:`WINDOW`
bytes read (for the shipped model: ``tests/ingest/test_langid_fast.py`` proves it over every
state and every byte string), so the state at each position is the state reached from the start
state by those bytes alone; the walk of every position is run at once, ``WINDOW`` vectorised
steps. The features are then listed in the order of their first occurrence, with their counts,
exactly as py3langid's ``Counter`` does, and scored by py3langid's own code.

The model ships LZMA-compressed in py3langid's wheel (4.6 MB; about 0.7 s of CPU to decompress
and load). :func:`load_cached` decompresses it once into a cache folder (six ``.npy`` files,
96 MB) that later processes map into memory instead: nothing to decompress, and only the pages
the texts touch are read. The folder is written under a temporary name and renamed into place,
so a process never sees half of it; when it cannot be written the wheel's model is used.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
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
    features with :func:`feature_counts`; the model's arrays are NumPy arrays.

    The feature weights (``nb_ptc``, float16 in the wheel) are held as float32: NumPy's product
    of float32 counts with float16 rows converts the rows to float32 first and then multiplies
    as float32, so the scores are the same, without a conversion per text (about 0.06 CPU s on
    181 articles)."""

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
            np.asarray(ptc, dtype=np.float32),  # float16 in the file: see the class
            np.asarray(pc),
            list(classes),
            np.frombuffer(nextmove, dtype=f"u{nextmove.itemsize}"),
            np.frombuffer(rows, dtype=f"u{rows.itemsize}"),
            np.asarray(output, dtype=np.int32),
        )

    def arrays(self) -> dict[str, np.ndarray]:
        """The model's arrays by file name (see :func:`load_cached`)."""
        return {
            "ptc": self.nb_ptc,
            "pc": self.nb_pc,
            "classes": np.array(self.nb_classes),
            "nextmove": self._next,
            "rows": self._rows,
            "output": self._out,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> FastIdentifier:
        return cls(
            arrays["ptc"],
            arrays["pc"],
            [str(c) for c in arrays["classes"]],
            arrays["nextmove"],
            arrays["rows"],
            arrays["output"],
        )

    def _raw_score(self, text: bytes) -> Any:
        found = feature_counts(self._next, self._rows, self._out, text)
        if found is not None:
            idx, counts = found
            return np.log1p(counts) @ self.nb_ptc[idx] + self.nb_pc
        fill = 0.0 if self._norm_probs else RAW_FLOOR
        return np.full(len(self.nb_classes), fill, dtype=np.float32)


def model_key() -> str:
    """The name of the wheel model's cache folder: the layout, py3langid's version and the compressed
    file's size and modification time (a reinstalled model gets a folder of its own)."""
    import py3langid

    stat = (MODEL_DIR / MODEL_FILE).stat()
    return f"v{LAYOUT}-py3langid-{py3langid.__version__}-{stat.st_size}-{stat.st_mtime_ns}"


#: the cache folder's layout (1: float16 feature weights; 2: float32)
LAYOUT = 2
NAMES = ("ptc", "pc", "classes", "nextmove", "rows", "output")


def load_cached(cache_dir: Path) -> FastIdentifier:
    """The identifier, its arrays mapped from ``cache_dir``/:func:`model_key` (written there
    from the wheel's model at the first call); the wheel's model itself when the folder cannot
    be read or written."""
    folder = cache_dir / model_key()
    try:
        arrays = {n: np.asarray(np.load(folder / f"{n}.npy", mmap_mode="r")) for n in NAMES}
        return FastIdentifier.from_arrays(arrays)
    except (OSError, ValueError):
        pass
    identifier = FastIdentifier.from_wheel()
    with contextlib.suppress(OSError):
        _write(folder, identifier.arrays())
    return identifier


def _write(folder: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write ``arrays`` as ``folder``/NAME.npy, all at once: a temporary folder beside it is
    renamed into place (a folder left unreadable is replaced)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
        if folder.exists():  # unreadable (cut short or damaged): written again
            shutil.rmtree(folder, ignore_errors=True)
        try:
            os.rename(tmp, folder)
        except OSError:
            if not folder.is_dir():  # not another process's copy, renamed in first
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
