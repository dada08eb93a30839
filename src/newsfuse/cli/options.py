"""Option parsing shared by the CLI commands."""

from __future__ import annotations

from datetime import date

import typer


def parse_date(value: str | None) -> date | None:
    """A ``YYYY-MM-DD`` option value, or a clear usage error."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc
