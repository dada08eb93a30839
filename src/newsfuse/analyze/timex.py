"""Time expressions (placeholder until the TIMEX3 tagger lands)."""

from __future__ import annotations

from datetime import date

from newsfuse.model import Article, Timex


def tag_timexes(doc, article: Article, ref: date | None) -> list[Timex]:  # noqa: ANN001
    return []
