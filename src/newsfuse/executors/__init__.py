"""Executors: the only place that knows how per-article work is spread (see ``base``)."""

from newsfuse.executors.base import Executor, Stage
from newsfuse.executors.local import LocalExecutor, default_jobs

__all__ = ["Executor", "LocalExecutor", "Stage", "default_jobs", "make_executor"]


def make_executor(jobs: int, dask: str | None = None, *, nice: int = 0) -> Executor:
    """The executor the CLI's ``--jobs`` / ``--dask`` ask for: a local pool of ``jobs``
    processes (their priority lowered by ``nice``, see ``local``), or Dask (a scheduler address,
    or "local" for a local cluster of ``jobs`` workers; an unreachable scheduler raises NF601)."""
    if not dask:
        return LocalExecutor(jobs, nice=nice)
    from newsfuse.executors.dask import DaskExecutor

    return DaskExecutor(None if dask == "local" else dask, jobs=jobs)
