"""Quote extraction (placeholder until the quote extractor lands)."""

from __future__ import annotations

from newsfuse.model import Article, Quote


def extract_quotes(doc, article: Article) -> list[Quote]:  # noqa: ANN001
    return []
