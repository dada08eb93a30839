"""``newsfuse extract``: JSON records, rejects on stderr, exit code."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsfuse.cli import app

BODY = [
    "The harbour authority approved a new ferry line to the island village on Monday evening.",
    "The ferry will carry up to four hundred passengers a day from next spring, officials said.",
    "Businesses near the pier welcomed the decision and said it would bring more visitors.",
]


def _write(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(
        "\n".join(["Advertisement", "February 3, 2021", *BODY, "© 2021 Harbour Times"]),
        encoding="utf-8",
    )
    return tmp_path / "a.txt"


def test_extract_jsonl(tmp_path: Path) -> None:
    path = _write(tmp_path)
    res = CliRunner().invoke(app, ["extract", str(path)])
    assert res.exit_code == 0, res.output
    recs = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    assert len(recs) == 1
    rec = recs[0]
    assert set(rec) == {
        "id",
        "source",
        "title",
        "url",
        "published",
        "text",
        "removed",
        "language",
        "notes",
    }
    assert rec["text"].split("\n\n") == BODY
    assert rec["published"] == "2021-02-03"
    reasons = {r["line"]: r["reason"] for r in rec["removed"]}
    assert reasons == {
        "Advertisement": "advert",
        "February 3, 2021": "dateline",
        "© 2021 Harbour Times": "copyright",
    }


def test_extract_json_output_file_and_options(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text("\n".join(BODY), encoding="utf-8")
    out = tmp_path / "out.json"
    res = CliRunner().invoke(
        app,
        ["extract", str(path), "--format", "json", "--published", "2020-05-06", "-o", str(out)],
    )
    assert res.exit_code == 0, res.output
    recs = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(recs, list) and recs[0]["published"] == "2020-05-06"


def test_rejects_go_to_stderr_with_exit_code_1(tmp_path: Path) -> None:
    path = _write(tmp_path)
    (tmp_path / "junk.txt").write_text("Log In\nSubscribe\n", encoding="utf-8")
    res = CliRunner().invoke(
        app, ["extract", str(path), str(tmp_path / "junk.txt"), str(tmp_path / "missing.txt")]
    )
    assert res.exit_code == 1
    assert len([ln for ln in res.stdout.splitlines() if ln.strip()]) == 1
    assert "[NF110]" in res.stderr and "[NF101]" in res.stderr
