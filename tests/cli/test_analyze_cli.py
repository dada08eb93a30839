"""`newsfuse analyze`: per-article records with offsets into the cleaned text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app

pytestmark = pytest.mark.slow

TEXT = (
    "Mayor Ruth Okafor said on Monday that the city will hire 40 teachers. "
    "“We start next month,” Okafor told reporters."
)


def test_jsonl_dates_are_honoured_per_article(tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text(
        json.dumps({"id": "a", "text": TEXT, "published": "2023-03-08"})
        + "\n"
        + json.dumps({"id": "b", "text": TEXT})
        + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["analyze", str(f), "--published", "2024-01-10"])
    assert result.exit_code == 0, result.stderr
    rows = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    for row in rows.values():
        text = row["text"]
        for key in ("entities", "quotes", "timex", "amounts", "loaded"):
            for item in row[key]:
                assert text[item["start"] : item["end"]], (key, item)
        assert [text[s["start"] : s["end"]].split()[0] for s in row["sentences"]] == [
            "Mayor",
            "“We",
        ]
    monday = {r: next(t["value"] for t in rows[r]["timex"] if t["text"] == "Monday") for r in rows}
    assert monday == {"a": "2023-03-06", "b": "2024-01-08"}  # the latest Monday before each date
    assert any(t["value"] == "2023-04" for t in rows["a"]["timex"] if t["text"] == "next month")
    okafor = [e for e in rows["a"]["entities"] if "Okafor" in e["text"]]
    assert okafor and {(e["canonical"], e["label"]) for e in okafor} == {("Ruth Okafor", "PERSON")}
    quote = next(q for q in rows["a"]["quotes"] if q["direct"])
    assert quote["text"] == "We start next month" and quote["cue"] == "told"
    assert rows["a"]["text"][quote["speaker_start"] : quote["speaker_end"]] == "Okafor"
    assert any(m["value"] == 40 and m["counts"] == "teacher" for m in rows["a"]["amounts"])


def test_analyze_is_not_bounded_by_the_story_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``max_story_chars`` bounds a briefing (NF128), not ``analyze``: every article of a
    corpus is analysed, however many characters they hold together."""
    f = tmp_path / "in.jsonl"
    f.write_text(
        "".join(json.dumps({"id": i, "text": TEXT}) + "\n" for i in ("a", "b", "c")),
        encoding="utf-8",
    )
    monkeypatch.setenv("NEWSFUSE_MAX_STORY_CHARS", str(len(TEXT) + 1))
    result = CliRunner().invoke(app, ["analyze", str(f)])
    assert "NF128" not in result.stderr
    assert result.exit_code == 0, result.stderr
    assert [json.loads(r)["id"] for r in result.stdout.splitlines()] == ["a", "b", "c"]
