"""What the Markdown and HTML renderers show: the first items of each section of a briefing.

A briefing (and its JSON) is complete: every fact two or more articles state, every quote group,
timeline entry and entity. A page for a reader shows the top ones: the first ``max_facts`` facts
and ``max_entities`` entities (both ranked by the briefing), the first ``max_quotes`` quote groups
(most outlets first), and ``max_timeline`` timeline entries: one for each of the days the learned
date ranking scores highest, then those most independent sources and articles report, nearest
the story's days first (:func:`newsfuse.crosscheck.timeline.top_entries`); in date order. The limits are the ``Settings`` fields of the same names.
"""

from __future__ import annotations

from dataclasses import replace

from newsfuse.config import Settings
from newsfuse.crosscheck.timeline import top_entries
from newsfuse.model import Briefing


def shown(b: Briefing, settings: Settings | None = None) -> Briefing:
    """``b`` cut to what a page shows."""
    s = settings or Settings()
    return replace(
        b,
        facts=b.facts[: s.max_facts],
        quotes=b.quotes[: s.max_quotes],
        entities=b.entities[: s.max_entities],
        timeline=tuple(top_entries(b.timeline, [a.published for a in b.articles], s.max_timeline)),
    )
