"""The Dask executor: the same per-article stages on a Dask cluster (``distributed``).

``DaskExecutor(address)`` connects to a running scheduler (``dask scheduler`` and ``dask worker``
processes on other machines); ``DaskExecutor(jobs=N)`` starts a local cluster of ``N`` single-
threaded worker processes instead. The stage's ``setup`` runs once per worker, in a worker plugin
registered for the duration of one :meth:`DaskExecutor.map_chunks` call (a worker that joins
later runs it too); each chunk is one task that reads the context from the plugin. At most
``2 * jobs`` chunks are in flight, and results come back in input order, exactly as from
:class:`~newsfuse.executors.local.LocalExecutor`: the corpus stages that consume them do not
know which executor ran them.

Workers must be able to import ``newsfuse`` (install the same wheel on every machine) and, for
``--analyze``, have the spaCy model package installed.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, cast

from newsfuse.executors.base import R, Stage, T

__all__ = ["DaskExecutor"]


class _SetupPlugin:
    """A worker plugin holding one stage and its per-worker context (built in ``setup``)."""

    def __init__(self, stage: Stage[Any, Any]) -> None:
        self.stage = stage
        self.context: Any = None

    def setup(self, worker: Any) -> None:
        self.context = self.stage.setup()

    def teardown(self, worker: Any) -> None:
        self.context = None


def _run_chunk(plugin_name: str, chunk: list[Any]) -> list[Any]:
    from distributed import get_worker

    plugin = cast(_SetupPlugin, get_worker().plugins[plugin_name])
    return plugin.stage(plugin.context, chunk)


class DaskExecutor:
    """Run a stage over chunks on a Dask cluster: ``address`` of a scheduler, or a local cluster
    of ``jobs`` worker processes. ``jobs`` is then the number of worker threads of the cluster.
    ``timeout``: seconds to wait for the scheduler (then :class:`~newsfuse.errors.NewsfuseError`
    NF601)."""

    def __init__(
        self, address: str | None = None, jobs: int | None = None, timeout: float = 10.0
    ) -> None:
        from distributed import Client, LocalCluster

        from newsfuse.executors.local import default_jobs

        self._cluster = None
        if address:
            try:
                self.client = Client(address, timeout=timeout)
            except (OSError, TimeoutError) as exc:
                from newsfuse.errors import E, NewsfuseError

                raise NewsfuseError(E.DASK, address, str(exc).splitlines()[0][:200]) from exc
        else:
            self._cluster = LocalCluster(
                n_workers=jobs or default_jobs(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
            self.client = Client(self._cluster)
        self.jobs = max(1, sum(self.client.nthreads().values()))

    def map_chunks(self, stage: Stage[T, R], chunks: Iterable[list[T]]) -> Iterator[list[R]]:
        """Yield ``stage(context, chunk)`` per chunk, in order."""
        from distributed import WorkerPlugin

        plugin_cls = type("NewsfuseStagePlugin", (_SetupPlugin, WorkerPlugin), {})
        name = f"newsfuse-{stage.name}-{uuid.uuid4().hex[:8]}"
        self.client.register_plugin(plugin_cls(stage), name=name)
        try:
            pending: deque[Any] = deque()
            for chunk in chunks:
                pending.append(self.client.submit(_run_chunk, name, chunk, pure=False))
                if len(pending) >= 2 * self.jobs:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            self.client.unregister_worker_plugin(name)

    def close(self) -> None:
        """Disconnect (and stop the local cluster, if this executor started one)."""
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
