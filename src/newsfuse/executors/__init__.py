"""Executors: the only place that knows how per-article work is spread (see ``base``)."""

from newsfuse.executors.base import Executor, Stage
from newsfuse.executors.local import LocalExecutor, default_jobs

__all__ = ["Executor", "LocalExecutor", "Stage", "default_jobs"]
