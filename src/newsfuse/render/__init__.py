"""Rendering a Briefing: Markdown for the terminal, JSON for other tools, one self-contained HTML page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsfuse.model import Briefing

if TYPE_CHECKING:
    from newsfuse.config import Settings

FORMATS = ("markdown", "json", "html")


def render(briefing: Briefing, fmt: str = "markdown", settings: Settings | None = None) -> str:
    """``briefing`` as text. JSON is complete; Markdown and HTML show the first items of each
    section (``settings.max_facts`` and the like, see ``render.shown``)."""
    if fmt in {"markdown", "md", "html"}:
        from newsfuse.render.shown import shown

        briefing = shown(briefing, settings)
    if fmt in {"markdown", "md"}:
        from newsfuse.render.markdown import to_markdown

        return to_markdown(briefing)
    if fmt == "json":
        from newsfuse.render.json import to_json

        return to_json(briefing)
    if fmt == "html":
        from newsfuse.render.html import to_html

        return to_html(briefing)
    raise ValueError(f"unknown format {fmt!r}; one of {FORMATS}")
