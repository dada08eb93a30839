"""Store writes off the ingest loop's critical path: one writer thread with its own connection.

While the main thread clusters batch ``k + 1``, the writer thread commits batch ``k``. SQLite
releases the GIL while it steps a statement, so the B-tree and FTS5 work of a write runs beside
the clustering. Jobs run in submission order, each in its own transaction, so a process killed at
any point leaves the database as after some whole prefix of the jobs (as with synchronous
writes). A job must not share mutable objects with the main thread: the ingest loop hands over
rows that are already serialized (:class:`newsfuse.store.Batch`,
:class:`newsfuse.store.moves.MoveRows`).

The main thread reads through its own connection and sees only committed jobs: what the jobs in
flight will add is tracked by :class:`InFlight` (the URLs and ids of the last batches submitted),
and a read that needs one of those rows waits with :meth:`StoreWriter.flush`.

An in-memory database (``:memory:``) cannot be opened twice: its jobs run at once, in the caller's
thread (:class:`InlineWriter`).
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from newsfuse.store import Store

__all__ = ["InFlight", "InlineWriter", "StoreWriter", "Writer", "open_writer"]

Job = Callable[["Store"], None]


class Writer(Protocol):
    def submit(self, job: Job) -> None: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...


class InlineWriter:
    """Runs each job at once on the caller's store (in-memory databases, tests)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def submit(self, job: Job) -> None:
        job(self.store)

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None


class StoreWriter:
    """Runs jobs in order on a thread with its own connection to ``path``.

    At most ``depth`` jobs wait (``submit`` blocks beyond that, so memory stays bounded). An error
    in a job stops the writer: the jobs after it are not run, and the error is raised in the main
    thread by the next ``submit``, ``flush`` or ``close``.
    """

    def __init__(self, path: str, depth: int = 2, cache_mb: int | None = None) -> None:
        self.path = path
        self.cache_mb = cache_mb
        self.depth = depth
        self._jobs: queue.Queue[Job | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="newsfuse-store-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from newsfuse.store import Store

        store: Store | None = None
        try:
            store = (
                Store(self.path)
                if self.cache_mb is None
                else Store(self.path, cache_mb=self.cache_mb)
            )
        except BaseException as exc:  # reported to the main thread
            self._error = exc
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                if self._error is None and store is not None:
                    job(store)
            except BaseException as exc:
                self._error = exc
            finally:
                self._jobs.task_done()
                if job is None and store is not None:
                    store.close()

    def _raise(self) -> None:
        if self._error is not None:
            err, self._error = self._error, None
            raise err

    def submit(self, job: Job) -> None:
        self._raise()
        if not self._thread.is_alive():
            raise RuntimeError("the store writer is closed")
        self._jobs.put(job)

    def flush(self) -> None:
        """Wait until every submitted job is committed (or failed: then raise its error)."""
        self._jobs.join()
        self._raise()

    def close(self) -> None:
        """Finish the submitted jobs, close the writer's connection, raise a job's error."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()
        self._raise()


def open_writer(store: Store) -> Writer:
    """A :class:`StoreWriter` for a database file, an :class:`InlineWriter` for ``:memory:``."""
    if store.path == ":memory:":
        return InlineWriter(store)
    return StoreWriter(store.path, cache_mb=store.cache_mb)


class InFlight:
    """The article URLs and ids of the last ``keep`` batches submitted to a writer.

    With a writer of depth ``d``, a batch older than the last ``d + 1`` is committed; keeping a
    few more makes "in the store or in flight" a safe test without asking the writer.
    """

    def __init__(self, keep: int) -> None:
        self._urls: deque[set[str]] = deque(maxlen=keep)
        self._ids: deque[set[str]] = deque(maxlen=keep)

    def add(self, urls: Iterable[str | None], ids: Iterable[str]) -> None:
        self._urls.append({u for u in urls if u})
        self._ids.append(set(ids))

    def urls(self, wanted: Iterable[str]) -> set[str]:
        return {u for u in wanted if any(u in s for s in self._urls)}

    def ids(self, wanted: Iterable[str]) -> set[str]:
        return {i for i in wanted if any(i in s for s in self._ids)}

    def has_id(self, aid: str) -> bool:
        return any(aid in s for s in self._ids)
