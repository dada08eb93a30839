"""newsfuse: turn many news articles into cited, cross-checked briefings."""

from newsfuse.api import brief, brief_articles, load
from newsfuse.config import Settings
from newsfuse.model import Briefing

__version__ = "0.1.0"


def render(briefing: Briefing, fmt: str = "markdown") -> str:
    """Render a briefing as "markdown", "json" or "html"."""
    from newsfuse.render import render as _render

    return _render(briefing, fmt)


__all__ = ["Briefing", "Settings", "brief", "brief_articles", "load", "render", "__version__"]
