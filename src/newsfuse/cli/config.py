"""``newsfuse config``: the effective settings and where each value came from."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from newsfuse.cli.options import ConfigOption, resolve_cli

FORMATS = ("table", "json", "toml")


def _show(value: object) -> str:
    """A value as TOML writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def register(app: typer.Typer) -> None:
    """Add the ``config`` command to ``app``."""

    @app.command("config")
    def config_cmd(
        ctx: typer.Context,
        config: ConfigOption = None,
        fmt: Annotated[
            str,
            typer.Option(
                "--format", "-f", help="table (value and source), json, or toml (a settings file)."
            ),
        ] = "table",
    ) -> None:
        """Print every setting's effective value and where it came from: default, the --config
        file, or a NEWSFUSE_* environment variable (flags of other commands win over all three)."""
        if fmt not in FORMATS:
            raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
        rows = resolve_cli(ctx, config, []).rows()
        if fmt == "json":
            out = [
                {
                    "name": s.name,
                    "value": value.isoformat() if isinstance(value, date) else value,
                    "type": s.type_name,
                    "source": source,
                    "env": s.env,
                    "help": s.help,
                }
                for s, value, source in rows
            ]
            typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
            return
        if fmt == "toml":
            section = ""
            for s, value, source in rows:
                head, _, key = s.name.rpartition(".")
                if head != section:
                    typer.echo(f"\n[{head}]")
                    section = head
                line = f"{key} = {_show(value)}" if value is not None else f"# {key} ="
                if s.fixed:  # listed for reference: a file may not set it
                    line = f"# {line.lstrip('# ')}"
                typer.echo(f"{line}  # {s.help} ({source})")
            return
        shown = [(s.name, "-" if v is None else _show(v), source) for s, v, source in rows]
        width = max(len(name) for name, _, _ in shown)
        vwidth = max(len(value) for _, value, _ in shown)
        for name, value, source in shown:
            typer.echo(f"{name:<{width}}  {value:<{vwidth}}  {source}")
