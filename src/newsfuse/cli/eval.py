"""``newsfuse eval ...``: each evaluation lives in ``newsfuse.eval.<name>`` and registers itself.

An evaluation module defines ``register(app: typer.Typer) -> None`` that adds one command named
after the module (``newsfuse eval summary`` comes from ``newsfuse/eval/summary.py``). Modules import
their heavy dependencies inside the command, so listing commands stays fast.
"""

from __future__ import annotations

import importlib

import typer

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

app = typer.Typer(no_args_is_help=True, add_completion=False)

for _name in EVALUATIONS:
    try:
        _module = importlib.import_module(f"newsfuse.eval.{_name}")
    except ModuleNotFoundError as exc:  # an evaluation not written yet
        if exc.name != f"newsfuse.eval.{_name}":
            raise
        continue
    _module.register(app)
