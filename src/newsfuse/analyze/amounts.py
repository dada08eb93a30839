"""Amounts (placeholder)."""

from __future__ import annotations

from newsfuse.model import Amount, Article


def extract_amounts(doc, article: Article) -> list[Amount]:  # noqa: ANN001
    return []
