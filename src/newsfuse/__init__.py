"""newsfuse: turn many news articles into cited, cross-checked briefings."""

# the subpackages newsfuse.brief and newsfuse.render are loaded first: loading one later (the API
# does, to build a briefing; a renderer's module does) would otherwise rebind ``newsfuse.brief``
# or ``newsfuse.render`` from the function below to the package
import newsfuse.brief as _brief_package  # noqa: F401
import newsfuse.render as _render_package  # noqa: F401
from newsfuse.api import brief, brief_articles, brief_story, load
from newsfuse.config import Settings
from newsfuse.model import Briefing

__version__ = "0.1.0"


def render(briefing: Briefing, fmt: str = "markdown", settings: Settings | None = None) -> str:
    """Render a briefing as "markdown", "json" (complete) or "html" (Markdown and HTML show the
    first ``settings.max_facts`` facts and the like)."""
    from newsfuse.render import render as _render

    return _render(briefing, fmt, settings)


__all__ = [
    "Briefing",
    "Settings",
    "brief",
    "brief_articles",
    "brief_story",
    "load",
    "render",
    "__version__",
]
