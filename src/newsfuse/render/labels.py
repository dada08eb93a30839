"""Short labels for articles in rendered briefings: [1], [2], ... in the order of the articles."""

from __future__ import annotations

from newsfuse.model import Article, Briefing, Span


def article_labels(b: Briefing) -> dict[str, str]:
    return {a.id: str(i) for i, a in enumerate(b.articles, start=1)}


def describe(a: Article) -> str:
    parts = [a.source or "unknown outlet"]
    if a.wire and a.wire != a.source:
        parts.append(f"copy of {a.wire}")
    if a.published:
        parts.append(a.published.isoformat())
    return ", ".join(parts)


def cite_ids(spans: tuple[Span, ...], labels: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(labels.get(s.article, s.article) for s in spans))
