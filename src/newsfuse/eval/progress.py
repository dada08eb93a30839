"""Progress bars of ``newsfuse eval ...``: Rich, on stderr, off with ``--quiet``.

A command turns them on for its run (``with shown(not quiet):``); its loops over documents,
topics or clusters go through :func:`track`, which shows nothing outside such a run (library use,
tests).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Annotated, ParamSpec, TypeVar

import typer

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")

_ON: ContextVar[bool] = ContextVar("newsfuse_eval_progress", default=False)

#: The ``--quiet`` option every evaluation takes.
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")]
#: The ``--encoder-runtime`` option of the evaluations that read sentence vectors (its default
#: is the ``encoder_runtime`` setting's, "auto").
EncoderRuntime = Annotated[
    str,
    typer.Option(
        help="the encoder_runtime setting: auto (the default), numpy, openvino or openvino-f32"
    ),
]


def with_progress(command: Callable[P, R]) -> Callable[P, R]:
    """An evaluation command with its progress bars on unless it is given ``quiet=True`` (the
    command declares ``quiet: Quiet = False``; typer reads the signature through the wrapper)."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with shown(not kwargs.get("quiet", False)):
            return command(*args, **kwargs)

    return run


@contextmanager
def shown(on: bool = True) -> Iterator[None]:
    """Progress bars on (or off) for the loops :func:`track` runs inside this block."""
    token = _ON.set(on)
    try:
        yield
    finally:
        _ON.reset(token)


def track(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """``items`` one by one, with a progress bar on stderr when :func:`shown` is on (``total``:
    how many there are, when ``items`` has no length)."""
    if not _ON.get():
        yield from items
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    with Progress(
        SpinnerColumn(),
        TextColumn("newsfuse eval: {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        for item in items:
            yield item
            bar.advance(task)
