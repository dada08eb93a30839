"""Option parsing shared by the CLI commands, and the settings a command runs with."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from newsfuse.config import Resolved, Settings, env_config_path, resolve
from newsfuse.errors import E, NewsfuseError
from newsfuse.ingest.language import set_model_cache

#: ``--config``, the same on every command that takes settings.
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Settings from a TOML file (default: $NEWSFUSE_CONFIG); flags given win over it.",
    ),
]


def parse_date(value: str | None) -> date | None:
    """A ``YYYY-MM-DD`` option value, or a clear usage error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def given(ctx: typer.Context, param: str) -> bool:
    """Whether the user gave the option ``param`` on the command line (not its default)."""
    # compared by name: this Typer carries its own copy of click's ParameterSource enum
    source = ctx.get_parameter_source(param)
    return source is not None and source.name == "COMMANDLINE"


def resolve_cli(
    ctx: typer.Context,
    config: Path | None,
    flags: Iterable[tuple[str, str, object]],
) -> Resolved:
    """Defaults < ``config`` (or ``$NEWSFUSE_CONFIG``) < ``NEWSFUSE_*`` < the flags given.

    ``flags``: (setting name, parameter name, value) for every flag that maps onto a setting;
    only those the user typed count. A bad file or value ends the command with its NF80x
    message and exit code 2."""
    return resolve_given(config, [(n, p, v) for n, p, v in flags if given(ctx, p)])


def resolve_given(config: Path | None, flags: Iterable[tuple[str, str, object]]) -> Resolved:
    """:func:`resolve_cli` of the flags the user typed, each (setting name, parameter name,
    value)."""
    chosen = {name: ("--" + param.replace("_", "-"), value) for name, param, value in flags}
    try:
        resolved = resolve(config or env_config_path(os.environ), os.environ, chosen)
    except NewsfuseError as exc:
        typer.echo(f"newsfuse: {exc}", err=True)
        raise typer.Exit(2) from None
    set_model_cache(resolved.settings.model_cache)
    return resolved


def cli_settings(
    ctx: typer.Context, config: Path | None, flags: Iterable[tuple[str, str, object]]
) -> Settings:
    """The settings of :func:`resolve_cli`."""
    return resolve_cli(ctx, config, flags).settings


def check_output(output: Path | None) -> None:
    """Raise NF203 at once when ``--output`` cannot be written (a folder, a folder that does
    not exist or cannot be written to), before any work, rather than a traceback after it."""
    if output is None:
        return
    parent = output.parent if str(output.parent) else Path(".")
    why: str | None = None
    if output.is_dir():
        why = "it is a folder"
    elif output.exists():  # an existing file (/dev/null too): its own permission decides
        why = None if os.access(output, os.W_OK) else "it cannot be written to"
    elif not parent.is_dir():
        why = f"no folder {parent}"
    elif not os.access(parent, os.W_OK):  # a file to be made there
        why = f"the folder {parent} cannot be written to"
    if why is not None:
        raise NewsfuseError(E.OUTPUT_UNWRITABLE, str(output), why)


def write_error(output: Path, exc: OSError) -> NewsfuseError:
    """NF203 for a write to ``output`` that failed (a full disk, a folder removed meanwhile)."""
    return NewsfuseError(E.OUTPUT_UNWRITABLE, str(output), exc.strerror or str(exc))
