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


def test_an_existing_writable_file_in_a_folder_one_cannot_write_to_is_an_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-o /dev/null`` or ``-o /dev/stdout`` for a user who cannot write to ``/dev``: the file
    exists and is writable, so it is a fine output (the folder's permission matters only for a
    file to be made). os.access is told what such a user sees (the tests may run as root)."""
    import os

    from newsfuse.cli.options import check_output
    from newsfuse.errors import NewsfuseError

    existing = tmp_path / "out.jsonl"
    existing.write_text("", encoding="utf-8")
    monkeypatch.setattr(os, "access", lambda p, mode: not Path(p).is_dir())
    check_output(existing)  # no NF203
    with pytest.raises(NewsfuseError, match="cannot be written to"):
        check_output(tmp_path / "new.jsonl")  # a new file: the folder's permission decides
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p).is_dir())
    with pytest.raises(NewsfuseError, match="it cannot be written to"):
        check_output(existing)
