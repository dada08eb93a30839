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


PARTS_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}


def display_date(value: str) -> str:
    """A TIMEX3 value for reading: ``2022-02-25TNI`` -> ``2022-02-25 night``."""
    day, sep, part = value.partition("T")
    if sep and part in PARTS_OF_DAY:
        return f"{day} {PARTS_OF_DAY[part]}"
    return value.replace("T", " ") if sep else value


def first_per_article(spans: tuple[Span, ...]) -> list[Span]:
    """One span per article (its first), in citation order: what a reader clicks on."""
    seen: dict[str, Span] = {}
    for s in spans:
        seen.setdefault(s.article, s)
    return list(seen.values())


def cited_spans(b: Briefing) -> list[Span]:
    """The spans cited by the summary, the key facts, the timeline and the quotes, in that order
    (the citations every page of a briefing marks in its articles)."""
    spans: list[Span] = []
    for items in (b.summary, b.facts, b.timeline, b.quotes):
        for item in items:
            spans.extend(item.citations)
    return spans
