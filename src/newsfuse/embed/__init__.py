"""Sentence embeddings without torch: all-MiniLM-L6-v2 run in NumPy, or by OpenVINO in bf16.

Usage::

    from newsfuse.embed import load_encoder

    enc = load_encoder()                    # once per run; reads the installed wheel
    vecs = enc.encode(["a sentence", ...])  # float32 (n, 384), unit-length rows
    sims = vecs @ vecs.T                    # cosine similarities

Nothing heavy is imported here: NumPy and SciPy are imported when the encoder is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from newsfuse.embed.minilm import Encoder

__all__ = ["Encoder", "load_encoder"]


def load_encoder(
    model_dir: Path | None = None, threads: int | None = None, runtime: str = "numpy"
) -> Encoder:
    """Load the MiniLM encoder (see :func:`newsfuse.embed.minilm.load_encoder`)."""
    from newsfuse.embed.minilm import load_encoder as _load

    return _load(model_dir, threads=threads, runtime=runtime)


def __getattr__(name: str) -> Any:
    if name == "Encoder":
        from newsfuse.embed.minilm import Encoder

        return Encoder
    raise AttributeError(name)
