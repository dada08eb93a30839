"""An --output that cannot be written is NF203 at once, exit code 2, not a traceback after
the work."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app, main

TEXT = (
    "The ferry company of Lower Tarn said on Monday that its two oldest boats would be retired "
    "in the spring, after the harbour inspector found corrosion in both hulls.\n"
)


@pytest.mark.parametrize("where", ["missing/out.jsonl", "."])
def test_extract_to_an_unwritable_output(
    tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path / where
    monkeypatch.setattr(
        sys, "argv", ["newsfuse", "extract", str(tmp_path / "a.txt"), "-o", str(out)]
    )
    with pytest.raises(SystemExit) as exit_:
        main()
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "Traceback" not in err
    assert f"[NF203] {out}:" in err and ("no folder" in err or "is a folder" in err)


def test_brief_checks_its_output_before_reading(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "brief.md"
    res = CliRunner().invoke(app, ["brief", str(tmp_path / "nothing-here.txt"), "-o", str(out)])
    assert res.exit_code == 2 and "[NF203]" in res.stderr
    assert "NF101" not in res.stderr  # before any input was read
