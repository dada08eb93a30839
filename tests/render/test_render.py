"""The renderers on a small briefing built by hand: the JSON lists every item, Markdown and HTML
show the first ``max_*`` of each section, and text from articles never becomes markup."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from newsfuse.config import Settings
from newsfuse.model import Article, Briefing, Discrepancy, DiscrepancyValue, Fact, Span
from newsfuse.render import render

TEXT = "Officials said <b>nine</b> people were hurt. The bridge <script>x()</script> reopened."


def _briefing(n_facts: int = 3) -> Briefing:
    art = Article(id="a1", text=TEXT, source="Alpha Times", title="Bridge <i>reopens</i>")
    facts = tuple(
        Fact(f"Fact {k} <b>bold</b>", ("a1",), 1, (Span("a1", 0, 43),)) for k in range(n_facts)
    )
    disc = Discrepancy(
        "number",
        "Outlets give different amounts: <nine> (a1); 10 (b1)",
        (DiscrepancyValue("<nine>", ("a1",)), DiscrepancyValue("10", ("b1",))),
    )
    return Briefing(
        headline="Bridge <reopens>", articles=(art,), facts=facts, discrepancies=(disc,)
    )


def test_json_lists_every_item_with_its_citations() -> None:
    b = _briefing(5)
    data = json.loads(render(b, "json", Settings(max_facts=2)))
    assert len(data["facts"]) == 5
    assert data["facts"][0]["citations"][0] == {"article": "a1", "start": 0, "end": 43}
    assert data["discrepancies"][0]["kind"] == "number"


def test_markdown_and_html_show_the_first_max_facts() -> None:
    b = _briefing(5)
    md = render(b, "markdown", Settings(max_facts=2))
    assert "Fact 1" in md and "Fact 2" not in md
    page = render(b, "html", Settings(max_facts=2))
    assert "Fact 1" in page and "Fact 2" not in page


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_article_text_never_becomes_markup(fmt: str) -> None:
    out = render(_briefing(1), fmt)
    assert "<b>bold</b>" not in out and "<script>x()</script>" not in out
    assert "<reopens>" not in out and "<nine>" not in out


def test_an_unknown_format_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(replace(_briefing(0)), "pdf")
