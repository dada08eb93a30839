"""The Timeline17 day clusters of ``newsfuse eval summary``: days with an entry and articles."""

from __future__ import annotations

from pathlib import Path

from newsfuse.eval.summary_timeline import detokenize, read_timeline, timeline_clusters

TIMELINE = """2011-01-25
Protesters fill Cairo 's streets -LRB- Tahrir Square -RRB- .
Three are killed in Suez .
--------------------------------
2011-01-26
Police use `` water cannons '' .
--------------------------------
2011-01-27
ElBaradei returns .
--------------------------------
"""


def _topic(root: Path) -> None:
    topic = root / "Egypt_x"
    (topic / "timelines").mkdir(parents=True)
    (topic / "timelines" / "tl1.txt").write_text(TIMELINE, encoding="utf-8")
    for day, n in (("2011-01-25", 3), ("2011-01-26", 1), ("2011-01-27", 2), ("2011-01-28", 4)):
        (topic / "InputDocs" / day).mkdir(parents=True)
        for i in range(n):
            (topic / "InputDocs" / day / f"{i}.htm.txt").write_text(
                f"Article {i} of {day} -LRB- Cairo -RRB- .", encoding="utf-8"
            )


def test_read_timeline_joins_an_entry_and_undoes_escapes(tmp_path: Path) -> None:
    path = tmp_path / "tl.txt"
    path.write_text(TIMELINE, encoding="utf-8")
    entries = read_timeline(path)
    assert list(entries) == ["2011-01-25", "2011-01-26", "2011-01-27"]
    assert entries["2011-01-25"] == (
        "Protesters fill Cairo 's streets ( Tahrir Square ) . Three are killed in Suez ."
    )
    assert detokenize("`` water '' -LSB- x -RSB-") == '" water " [ x ]'


def test_clusters_are_days_with_an_entry_and_enough_articles(tmp_path: Path) -> None:
    _topic(tmp_path)
    clusters = timeline_clusters(tmp_path, min_docs=2, max_docs=2)
    # 01-26 has one article only, 01-28 no entry
    assert [c["id"] for c in clusters] == ["Egypt_x/2011-01-25", "Egypt_x/2011-01-27"]
    assert len(clusters[0]["documents"]) == 2  # at most max_docs, by file name
    assert clusters[0]["documents"][0] == "Article 0 of 2011-01-25 ( Cairo ) ."
    assert clusters[1]["summary"] == "ElBaradei returns ."
    assert len(timeline_clusters(tmp_path, per_topic=1)) == 1


def test_terminal_table_shows_duc_rows_for_newswire_days_not_multinews() -> None:
    from newsfuse.eval.summary import published_rows

    days = published_rows(timeline=True)
    names = [r[0] for r in days]
    assert any("DUC 2004" in n for n in names)
    assert not any("Multi-News" in n or "PRIMERA" in n for n in names)
    # DUC figures are recall @100: they sit in the recall columns, the F1 columns stay empty
    assert all(r[1:4] == ("", "", "") and r[4] and r[5] for r in days)
    multi = published_rows(timeline=False)
    assert any("PRIMERA" in r[0] for r in multi)
    assert not any("DUC" in r[0] for r in multi)
    assert all(len(r) == 7 for r in days + multi)
