"""The `newsfuse brief` command: exit codes, rejects on stderr, formats, hostile input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app

pytestmark = pytest.mark.slow

STORY_A = (
    "Bridge reopens after flood\n\n"
    "The Riverton bridge reopened on Tuesday after floods closed it for nine days, the city "
    "council said. Mayor Ana Lopez said repairs cost 2 million dollars.\n\n"
    "“We are back in business,” Lopez told reporters.\n"
)
STORY_B = (
    "Riverton bridge open again\n\n"
    "Riverton's main bridge opened to traffic on Tuesday, nine days after flooding shut it, "
    "council officials said. The repairs cost 3 million dollars, according to Mayor Ana Lopez.\n"
)
HOSTILE = (
    "Bridge row <script>alert('x')</script>\n\n"
    "The Riverton bridge reopened on Tuesday after floods closed it for nine days, officials said "
    "<img src=x onerror=alert(1)> in a statement.\n"
)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_one_bad_file_does_not_stop_the_run(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "a.txt").write_text(STORY_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY_B, encoding="utf-8")
    (tmp_path / "c.bin").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    result = runner.invoke(
        app, ["brief", str(tmp_path), "--format", "json", "--quiet", "--published", "2023-05-10"]
    )
    assert result.exit_code == 1
    assert "c.bin" in result.stderr and "NF104" in result.stderr
    data = json.loads(result.stdout)
    assert [a["id"] for a in data["articles"]] == ["a", "b"]
    assert data["rejects"][0]["code"] == "NF104"
    # the repair cost differs between the outlets
    numbers = [d for d in data["discrepancies"] if d["kind"] == "number"]
    assert numbers and {v["value"] for v in numbers[0]["values"]} == {
        "2 million dollars",
        "3 million dollars",
    }


def test_nothing_readable_exits_2(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["brief", str(tmp_path), "--quiet"])
    assert result.exit_code == 2
    assert "empty.txt" in result.stderr and "NF201" in result.stderr


def test_html_output_escapes_hostile_text(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "a.txt").write_text(STORY_A, encoding="utf-8")
    (tmp_path / "h.txt").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "brief.html"
    result = runner.invoke(
        app,
        [
            "brief",
            str(tmp_path),
            "--format",
            "html",
            "-o",
            str(out),
            "--quiet",
            "--published",
            "2023-05-10",
        ],
    )
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;" in page and "onerror=alert(1)&gt;" in page
    assert "default-src 'none'" in page


def test_markdown_cites_articles(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "a.txt").write_text(STORY_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY_B, encoding="utf-8")
    result = runner.invoke(app, ["brief", str(tmp_path), "--quiet", "--words", "40"])
    assert result.exit_code == 0, result.stderr
    md = result.stdout
    assert md.startswith("# ")
    summary = md.split("## Summary")[1].split("##")[0]
    assert "[1" in summary or "[2" in summary
    assert sum(len(line.split()) - 1 for line in summary.strip().splitlines()) <= 40 + 10
