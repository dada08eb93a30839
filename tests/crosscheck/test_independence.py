"""Independent sources: one outlet, one wire service (copied or credited), near-duplicates."""

from __future__ import annotations

from newsfuse.crosscheck.independence import count_independent, independence_groups, wire_links
from newsfuse.ingest.source import load_registry
from newsfuse.model import Article

REGISTRY = load_registry()


def _art(aid: str, source: str | None, **kw: object) -> Article:
    return Article(id=aid, text=f"Text of {aid}.", source=source, **kw)  # type: ignore[arg-type]


def test_outlets_are_sources_and_one_outlet_counts_once() -> None:
    arts = [_art("a", "Alpha Times"), _art("b", "Alpha Times"), _art("c", "Beta News")]
    groups = independence_groups(arts, REGISTRY)
    assert groups["a"] == groups["b"] != groups["c"]
    assert count_independent(["a", "b", "c"], groups) == 2
    assert count_independent(["a", "b"], groups) == 1


def test_a_wire_copy_and_a_credit_join_the_wire() -> None:
    copy = _art("copy", "Alpha Times", wire="Kyodo News")
    # credits come from detect_credits with the registry's names
    credit = _art("credit", "Beta News", credits=("Kyodo News", "Alpha Times"))
    own = _art("own", "Gamma Post")
    assert wire_links(credit, REGISTRY) == {"Kyodo News"}  # an outlet credited is no wire
    groups = independence_groups([copy, credit, own], REGISTRY)
    assert groups["copy"] == groups["credit"] == "Kyodo News"
    assert count_independent(["copy", "credit", "own"], groups) == 2


def test_near_duplicates_are_one_source() -> None:
    arts = [_art("a", "Alpha Times"), _art("b", "Beta News"), _art("c", None)]
    assert len(set(independence_groups(arts, REGISTRY).values())) == 3
    groups = independence_groups(arts, REGISTRY, [("a", "b")])
    assert groups["a"] == groups["b"] and groups["c"] == "c"  # no outlet: its own id
    assert count_independent(["a", "b", "c"], groups) == 2
