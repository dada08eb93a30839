"""``newsfuse eval cluster``: the B-cubed metric, the ECB+ reader, and floors on a fast subset."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from newsfuse.eval.cluster import (
    Doc,
    bcubed,
    drop_cross_cluster_copies,
    load_ecbplus,
    load_multinews,
    run_baseline,
    run_newsfuse,
)


def test_bcubed_known_values() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    perfect = bcubed(gold, gold)
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    one = bcubed({k: "s" for k in gold}, gold)
    assert one.precision == pytest.approx(0.5) and one.recall == 1.0
    singles = bcubed({k: k for k in gold}, gold)
    assert singles.precision == 1.0 and singles.recall == pytest.approx(0.5)


def test_cross_cluster_copies_are_dropped() -> None:
    body = " ".join(f"word{i} filler text here" for i in range(60))
    docs = [
        Doc("a1", body, "a", "a"),
        Doc("b1", body, "b", "b"),
        Doc("a2", "entirely different words about a harbour and ferries " * 8, "a", "a"),
    ]
    kept, dropped = drop_cross_cluster_copies(docs)
    assert [d.id for d in kept] == ["a2"] and dropped == 2


@pytest.mark.slow
@pytest.mark.gate
def test_cluster_floors_on_a_subset(shared_dir: Path) -> None:
    data = shared_dir / "data"
    ecb = load_ecbplus(data / "ecbplus-dev", limit_topics=6)
    assert {d.topic for d in ecb} == {"1", "2", "3", "4", "5", "6"}
    assert all(d.text and "<token" not in d.text for d in ecb)
    random.Random(13).shuffle(ecb)
    pred = run_newsfuse(ecb)
    events = bcubed(pred, {d.id: d.event for d in ecb})
    topics = bcubed(pred, {d.id: d.topic for d in ecb})
    assert events.f1 >= 0.95, events  # measured 0.988
    assert topics.precision >= 0.99, topics  # measured 1.000
    base = bcubed(run_baseline(ecb), {d.id: d.event for d in ecb})
    assert base.f1 > 0.5
    mn, _ = drop_cross_cluster_copies(load_multinews(data / "multinews200" / "clusters.jsonl", 40))
    random.Random(13).shuffle(mn)
    assert bcubed(run_newsfuse(mn), {d.id: d.event for d in mn}).f1 >= 0.90  # measured 0.924
