"""``newsfuse eval extract``: the benchmark metric, page flattening, and quality floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from floors import floor
from newsfuse.eval.extract import (
    evaluate,
    flatten_html,
    load_pages,
    report,
    score,
    shingle_match,
    shingles,
)


def test_shingles_follow_the_benchmark() -> None:
    assert shingles("Hello, world") == {("Hello", "world"): 1}  # fewer than 4 tokens: one shingle
    assert shingles("") == {}
    assert sum(shingles("a b c d e f").values()) == 3
    assert shingles("it's a-ok") == {("it", "s", "a", "ok"): 1}  # \w+ tokens


def test_shingle_match_counts_and_normalises() -> None:
    assert shingle_match("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    tp, fp, fn = shingle_match("a b c d e", "a b c d x")
    assert (tp, fp, fn) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert shingle_match("a b c d", "") == (0.0, 0.0, 1.0)
    # repeated shingles count as a multiset
    assert shingle_match("a b c d", "a b c d a b c d")[1] > 0


def test_score_averages_pages_like_the_benchmark() -> None:
    s = score([(1.0, 0.0, 0.0), (0.5, 0.5, 0.0), (0.0, 0.0, 1.0)])
    # precision over pages with a prediction (2), recall over pages with a truth (3)
    assert s.precision == pytest.approx(0.75)
    assert s.recall == pytest.approx((1 + 1 + 0) / 3)
    assert s.f1 == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))


def test_flatten_html_one_text_node_per_line() -> None:
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body><p>One <a href='#'>link"
        "</a> after.</p><script>var x;</script><noscript>no</noscript><div>Café ünïcode</div>"
        "</body></html>"
    )
    assert flatten_html(html).splitlines() == ["T", "One", "link", "after.", "Café ünïcode"]


def test_report_names_the_command() -> None:
    from newsfuse.eval.extract import Run, Scores

    runs = {"html/newsfuse": Run(Scores(0.9, 0.8, 0.85, 2), 1.0, ())}
    text = report(runs, None, "newsfuse eval extract --limit 2")
    assert "`newsfuse eval extract --limit 2`" in text
    assert "| html | newsfuse | 0.900 | 0.800 | 0.850 | 2 |" in text


@pytest.mark.slow
@pytest.mark.gate
def test_quality_floors_on_the_first_40_pages(shared_dir: Path) -> None:
    pages = load_pages(shared_dir / "data" / "article-extraction-benchmark", limit=40)
    runs = evaluate(pages)
    html, text = runs["html/newsfuse"].scores, runs["text/newsfuse"].scores
    assert html.f1 >= floor("extract.html_f1"), html
    assert html.f1 >= runs["html/trafilatura"].scores.f1 - 0.005
    assert text.f1 >= floor("extract.text_f1"), text
    assert text.f1 >= runs["text/all-text"].scores.f1 + 0.15
