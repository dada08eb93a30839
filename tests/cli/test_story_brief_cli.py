"""From a corpus to a briefing: `ingest`, `stories --format json`, `brief --story`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app

pytestmark = pytest.mark.slow

A = (
    "Bridge reopens after flood\n\nThe Riverton bridge reopened on Tuesday after floods closed it "
    "for nine days, the city council said. Mayor Ana Lopez said repairs cost 2 million dollars.\n"
)
B = (
    "Riverton bridge open again\n\nRiverton's main bridge opened to traffic on Tuesday, nine days "
    "after flooding shut it, council officials said. Repairs cost 2 million dollars, Mayor Ana "
    "Lopez said.\n"
)


def test_ingest_then_brief_a_stored_story(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(B, encoding="utf-8")
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db]).exit_code == 0
    listed = runner.invoke(app, ["stories", "--db", db, "--format", "json"])
    stories = json.loads(listed.stdout)
    assert len(stories) == 1 and stories[0]["size"] == 2
    result = runner.invoke(
        app,
        [
            "brief",
            "--story",
            stories[0]["id"],
            "--db",
            db,
            "--format",
            "json",
            "--quiet",
            "--published",
            "2023-05-10",
        ],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == stories[0]["id"]
    assert {a["id"] for a in data["articles"]} == {"a", "b"}
    assert any("2 million" in f["text"] and f["independent_sources"] == 2 for f in data["facts"])
