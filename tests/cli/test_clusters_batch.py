"""`newsfuse brief --clusters FILE --format jsonl`: one briefing per story line, in order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app

pytestmark = pytest.mark.slow

DOC1 = ("The city council of Exampleton approved a new budget on Monday. The budget adds 40 "
        "teachers and repairs two bridges, the mayor said.")
DOC2 = ("Exampleton's council passed its budget on Monday, adding 40 teachers. Mayor Ruth Okafor "
        "said two bridges will also be repaired.")
DOC3 = ("A small earthquake shook the northern valley on Friday night. No injuries were reported, "
        "the regional police said in a statement.")


def test_batch_keeps_order_ids_and_rejects(tmp_path: Path) -> None:
    f = tmp_path / "stories.jsonl"
    f.write_text(
        json.dumps({"id": "budget", "articles": [
            {"id": "b1", "text": DOC1, "source": "Example Post", "published": "2023-03-07"},
            {"id": "b2", "text": DOC2, "source": "Example Times", "published": "2023-03-07"}]})
        + "\n{broken\n"
        + json.dumps({"id": "quake", "documents": [DOC3]}) + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["brief", "--clusters", str(f), "--format", "jsonl",
                                      "--quiet", "--words", "30"])
    assert result.exit_code == 1  # the broken line is a reject
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert [x["id"] for x in lines] == ["budget", "line-2", "quake"]
    budget, broken, quake = lines
    assert "NF107" in broken["error"] or "NF201" in broken["error"]
    assert {a["id"] for a in budget["articles"]} == {"b1", "b2"}
    assert sum(len(s["text"].split()) for s in budget["summary"]) <= 30
    teachers = [f for f in budget["facts"] if "40" in f["text"]]
    assert teachers and teachers[0]["independent_sources"] == 2
    assert [a["id"] for a in quake["articles"]] == ["quake-0"]
    assert quake["summary"]
