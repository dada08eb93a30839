"""``newsfuse eval ...``: each evaluation lives in ``newsfuse.eval.<name>`` and registers itself.

An evaluation module defines ``register(app: typer.Typer) -> None`` that adds one command named
after the module (``newsfuse eval summary`` comes from ``newsfuse/eval/summary.py``). The modules
are imported only when an ``eval`` command is run or listed (:class:`EvalGroup`), so the other
commands (``newsfuse brief --story``, say) do not pay for importing them.
"""

from __future__ import annotations

import importlib
from collections.abc import MutableMapping
from typing import Any

import typer
import typer.main
from typer.core import TyperGroup

EVALUATIONS = (
    "summary",
    "extract",
    "quotes",
    "dates",
    "entities",
    "cluster",
    "framing",
    "facts",
    "furniture",
    "timeline",
)


def evaluations() -> typer.Typer:
    """A Typer app with one command per evaluation module that exists."""
    app = typer.Typer(add_completion=False)
    for name in EVALUATIONS:
        try:
            module = importlib.import_module(f"newsfuse.eval.{name}")
        except ModuleNotFoundError as exc:  # an evaluation not written yet
            if exc.name != f"newsfuse.eval.{name}":
                raise
            continue
        module.register(app)
    return app


class EvalGroup(TyperGroup):
    """The ``eval`` group, whose commands (the evaluation modules) are imported on first use."""

    _loaded: MutableMapping[str, Any] | None = None

    @property
    def commands(self) -> MutableMapping[str, Any]:
        if self._loaded is None:
            self._loaded = dict(typer.main.get_group(evaluations()).commands)
        return self._loaded

    @commands.setter
    def commands(self, value: MutableMapping[str, Any]) -> None:
        if value:  # Typer passes the (empty) commands registered on ``app``
            self._loaded = value


app = typer.Typer(no_args_is_help=True, add_completion=False, cls=EvalGroup)


@app.callback()
def evaluate() -> None:
    """Measure newsfuse against peers on real data."""
