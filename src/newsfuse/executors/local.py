"""The local executor: the calling process (``jobs=1``) or a process pool (``jobs>1``).

Each pool worker runs ``stage.setup()`` once, in the pool initializer, and keeps the context in
that worker process's :data:`_WORKER` slot (only ever set inside worker processes; the parent
never reads or writes it). At most ``2 * jobs`` chunks are in flight, so memory stays bounded
whatever the input size.

``nice``: the workers lower their own scheduling priority by this much (a Unix nice increment)
before ``setup``. An ingest asks for it: its corpus stages (duplicates, clustering, the store)
run serially in the calling process on the workers' results, so they are the critical path; with
as many busy workers as cores, the kernel would otherwise share the cores evenly and the serial
stages would get about two thirds of one (measured on 2 cores, docs/PERFORMANCE.md). The calling
process keeps its priority; with ``jobs=1`` nothing is changed.

A stage with a ``share()`` method has it called in this process before the workers are forked
(``fork`` start method only): what it loads there (read-only model arrays) the workers' ``setup``
finds loaded, and its pages are held once, not once per worker.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from typing import Any

from newsfuse.executors.base import R, Stage, T

# per-worker-process (stage, context); set by the pool initializer in the worker only
_WORKER: dict[str, Any] = {}


def _exit_with_parent(parent: int) -> None:
    """Have the system end this worker when its parent process dies (Linux ``prctl``), so a
    killed ``ingest`` leaves no worker running on; without ``prctl``, nothing is changed."""
    import ctypes
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    with suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _init_worker(stage: Stage[Any, Any], nice: int = 0, parent: int | None = None) -> None:
    if parent is not None:
        _exit_with_parent(parent)
    if nice > 0:
        with suppress(AttributeError, OSError):  # not Unix, or not permitted: run as is
            os.nice(nice)
    _WORKER["stage"] = stage
    _WORKER["context"] = stage.setup()


def _run_chunk(chunk: list[Any]) -> list[Any]:
    return _WORKER["stage"](_WORKER["context"], chunk)


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class LocalExecutor:
    """Run a stage in this process or in a pool of ``jobs`` worker processes."""

    def __init__(self, jobs: int | None = None, *, nice: int = 0) -> None:
        self.jobs = jobs or default_jobs()
        self.nice = max(0, nice)

    def map_chunks(self, stage: Stage[T, R], chunks: Iterable[list[T]]) -> Iterator[list[R]]:
        """Yield ``stage(context, chunk)`` per chunk, in order."""
        if self.jobs <= 1:
            context = stage.setup()
            for chunk in chunks:
                yield stage(context, chunk)
            return
        share = getattr(stage, "share", None)
        if share is not None and multiprocessing.get_start_method() == "fork":
            share()  # forked workers find it loaded, its pages shared (see Stage.share)
        with ProcessPoolExecutor(
            max_workers=self.jobs,
            initializer=_init_worker,
            initargs=(stage, self.nice, os.getpid()),
        ) as pool:
            pending: deque[Future[list[R]]] = deque()
            for chunk in chunks:
                pending.append(pool.submit(_run_chunk, chunk))
                if len(pending) >= 2 * self.jobs:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def close(self) -> None:
        """Nothing to release: each ``map_chunks`` call owns its pool."""
