"""``newsfuse eval cluster``: the B-cubed metric, the ECB+ reader, and floors on a fast subset."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from floors import floor
from newsfuse.eval.cluster import (
    T17_GATE,
    Doc,
    bcubed,
    dated_and_undated,
    drop_cross_cluster_copies,
    load_basil,
    load_ecbplus,
    load_multinews,
    load_timeline17,
    run_baseline,
    run_newsfuse,
    t17_windows,
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
    assert events.f1 >= floor("cluster.ecb_events_f1"), events
    assert topics.precision >= floor("cluster.ecb_topics_precision"), topics
    base = bcubed(run_baseline(ecb), {d.id: d.event for d in ecb})
    assert base.f1 > 0.5
    mn, _ = drop_cross_cluster_copies(load_multinews(data / "multinews200" / "clusters.jsonl", 40))
    random.Random(13).shuffle(mn)
    assert bcubed(run_newsfuse(mn), {d.id: d.event for d in mn}).f1 >= floor("cluster.multinews_f1")


def test_timeline17_is_read_as_a_stream_in_date_order(tmp_path: Path) -> None:
    def put(folder: str, day: str, name: str, text: str) -> None:
        d = tmp_path / folder / "InputDocs" / day
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{name}.htm.txt").write_text(text, encoding="utf-8")

    put(
        "Flood_cnn",
        "2011-03-02",
        "7",
        "Rivers rose -LRB- again -RRB- on Tuesday .\nNo one was hurt .",
    )
    put("Flood_cnn", "2011-03-01", "9", "Officials said the levee `` held '' .")
    put("Flood_bbc", "2011-03-01", "3", "Rain fell across the valley 's towns .")
    put("Flood_bbc", "2011-03-03", "4", "")  # empty pages are left out
    put("Quake_bbc", "2011-02-27", "1", "A quake struck the coast .")
    docs = load_timeline17(tmp_path)
    assert [d.id for d in docs] == [
        "Quake_bbc/2011-02-27/1",
        "Flood_bbc/2011-03-01/3",
        "Flood_cnn/2011-03-01/9",
        "Flood_cnn/2011-03-02/7",
    ]
    assert [d.published for d in docs][-1] == date(2011, 3, 2)
    assert {d.id: d.topic for d in docs}["Flood_cnn/2011-03-02/7"] == "flood"
    assert docs[1].topic == docs[2].topic == "flood" and docs[0].topic == "quake"
    assert docs[3].text == "Rivers rose (again) on Tuesday.\nNo one was hurt."
    assert docs[2].text == 'Officials said the levee "held".'
    assert docs[1].text == "Rain fell across the valley's towns."


@pytest.mark.slow
@pytest.mark.gate
def test_timeline17_stream_floors(shared_dir: Path) -> None:
    """A month of the Timeline17 stream (Egyptian protests, then the Libyan war from two outlets):
    at least the baseline, with the dates and without them."""
    docs = load_timeline17(shared_dir / "data" / "timeline17-dev", T17_GATE)
    assert len(docs) > 150 and {d.topic for d in docs} == {"egyptianprotest", "libyawar"}
    gold = {d.id: d.topic for d in docs}
    base = bcubed(run_baseline(docs), gold)
    dated = bcubed(run_newsfuse(docs), gold)
    undated = bcubed(run_newsfuse([replace(d, published=None) for d in docs]), gold)
    # measured on these 187 articles: baseline F1 0.161 (newsfuse: tests/floors.py)
    assert dated.f1 >= base.f1 and undated.f1 >= base.f1, (dated, undated, base)
    assert dated.f1 >= floor("cluster.t17_f1"), dated
    assert undated.f1 >= floor("cluster.t17_f1"), undated
    assert dated.precision >= floor("cluster.t17_precision"), dated
    assert undated.precision >= floor("cluster.t17_precision"), undated


def test_basil_articles_are_read_with_title_date_and_triplet(tmp_path: Path) -> None:
    import json

    folder = tmp_path / "articles" / "2012"
    folder.mkdir(parents=True)
    rec = {
        "title": "Harbour reopens",
        "date": "2012-05-04",
        "triplet-uuid": "t-1",
        "body-paragraphs": "[['The harbour reopened on Friday.'], ['Ferries ran again.']]",
    }
    (folder / "a_1.json").write_text(json.dumps(rec), encoding="utf-8")
    rec2 = dict(rec, title="", **{"body-paragraphs": [["Ferries ran."]], "triplet-uuid": "t-2"})
    (folder / "b_1.json").write_text(json.dumps(rec2), encoding="utf-8")
    docs = {d.id: d for d in load_basil(tmp_path)}
    a = docs["basil-a_1"]
    assert a.text == "Harbour reopens\nThe harbour reopened on Friday.\nFerries ran again."
    assert a.published == date(2012, 5, 4) and a.event == a.topic == "basil:t-1"
    assert docs["basil-b_1"].text == "Ferries ran." and docs["basil-b_1"].event == "basil:t-2"


def test_timeline17_weeks_are_windows_apart_in_each_topic() -> None:
    def doc(topic: str, day: str, n: int) -> Doc:
        return Doc(f"{topic}/{day}/{n}", "text", topic, topic, date.fromisoformat(day))

    docs = [doc("flood", "2011-01-01", i) for i in range(3)]
    docs += [doc("flood", "2011-01-06", 0)]  # same week as Jan 1
    docs += [doc("flood", "2011-01-20", i) for i in range(5)]  # too soon after the first week
    docs += [doc("flood", "2011-03-01", i) for i in range(3)]  # a second week, 45+ days later
    docs += [doc("quake", "2011-03-02", i) for i in range(2)]  # fewer than 3: left out
    docs += [doc("quake", "2011-04-30", i) for i in range(20)]  # sampled down to 12
    out = t17_windows(docs, days=7, gap=45, per_window=12, seed=1)
    events = {d.event for d in out}
    assert events == {"flood:2011-01-01", "flood:2011-03-01", "quake:2011-04-30"}
    assert sum(d.event == "flood:2011-01-01" for d in out) == 4
    assert sum(d.event == "quake:2011-04-30" for d in out) == 12
    assert all(d.published is not None for d in out)


def test_a_pooled_set_arrives_in_date_order_with_dates_and_shuffled_without() -> None:
    docs = [
        Doc(f"d{i}", "t", f"e{i % 3}", f"e{i % 3}", date(2012, 1, 1 + (7 * i) % 20))
        for i in range(12)
    ]
    dated, undated = dated_and_undated("x", docs, seed=5)
    days = [d.published for d in dated.docs]
    assert days == sorted(days) and dated.dates == "yes" and not dated.shuffled  # type: ignore[type-var]
    assert undated.dates == "removed" and undated.shuffled
    assert all(d.published is None for d in undated.docs)
    assert sorted(d.id for d in undated.docs) == sorted(d.id for d in docs)


@pytest.mark.slow
@pytest.mark.gate
def test_pooled_sets_at_least_the_baseline_with_and_without_dates(shared_dir: Path) -> None:
    """BASIL dev (50 events, three outlets each) and Timeline17 weeks (a week of one topic per
    cluster, weeks at least 45 days apart) pooled: newsfuse at least the TF-IDF average-link
    baseline, with the dates and without them, and above its floors."""
    data = shared_dir / "data"
    sets = {
        "basil": (load_basil(data / "basil-dev"), floor("cluster.basil_pooled_f1")),
        "t17w": (
            t17_windows(load_timeline17(data / "timeline17-dev")),
            floor("cluster.t17w_pooled_f1"),
        ),
    }
    basil = sets["basil"][0]
    assert len(basil) == 150 and len({d.event for d in basil}) == 50
    for name, (docs, least) in sets.items():
        gold = {d.id: d.event for d in docs}
        base = bcubed(run_baseline(docs), gold)
        for es in dated_and_undated(name, docs, 13):
            got = bcubed(run_newsfuse(es.docs), gold)
            assert got.f1 >= base.f1, (name, es.dates, got, base)
            assert got.f1 >= least, (name, es.dates, got)
