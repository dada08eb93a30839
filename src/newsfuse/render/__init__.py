"""Rendering a Briefing: Markdown for the terminal, JSON for other tools, one self-contained HTML page."""

from __future__ import annotations

from newsfuse.model import Briefing

FORMATS = ("markdown", "json", "html")


def render(briefing: Briefing, fmt: str = "markdown") -> str:
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
