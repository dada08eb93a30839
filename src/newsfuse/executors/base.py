"""The executor interface: how per-article stages are spread over workers.

A :class:`Stage` is a picklable object with ``setup()`` (run once per worker, e.g. to load the
spaCy pipeline) and ``__call__(context, chunk)`` (a pure function of one chunk of items, returning
one result per item, in order); it may also have ``share()``, which loads in the calling process
what workers forked from it then share (read-only model arrays), see ``executors.local``. An :class:`Executor` maps a stage over chunks and yields the
results in input order. Corpus-level stages (duplicates, clustering, writing the store) are not
executor work: the caller runs them explicitly on the ordered results, so a distributed executor
(e.g. Dask: ``client.map`` over chunks with a worker plugin running ``setup``) can replace the
local one without changing any stage.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Stage(Protocol[T, R]):
    """A per-item stage run on workers."""

    @property
    def name(self) -> str:
        """What the stage is called in progress and error messages."""
        ...

    def setup(self) -> Any:
        """Build the per-worker context (loaded models); called once per worker."""
        ...

    def __call__(self, context: Any, chunk: list[T]) -> list[R]:
        """Process one chunk; one result per item, in order."""
        ...


class Executor(Protocol):
    """Runs stages over chunks of items."""

    jobs: int

    def map_chunks(self, stage: Stage[T, R], chunks: Iterable[list[T]]) -> Iterator[list[R]]:
        """Yield ``stage(context, chunk)`` for each chunk, in input order."""
        ...

    def close(self) -> None:
        """Stop the workers."""
        ...
