"""``brief --clusters FILE``: a file that cannot be read ends the command with a numbered error
(exit 2), not a traceback; a line that is not UTF-8 is one bad story, as a line that is not
JSON is."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.errors import NewsfuseError
from newsfuse.ingest.clusters import read_clusters

TEXT = (
    "The ferry company of Lower Tarn said on Monday that its two oldest boats would be retired "
    "in the spring, after the harbour inspector found corrosion in both hulls."
)


def test_a_missing_file_or_a_folder_is_a_numbered_error(tmp_path: Path) -> None:
    with pytest.raises(NewsfuseError) as missing:
        list(read_clusters(tmp_path / "missing.jsonl", Settings()))
    assert missing.value.err.code == "NF101" and "missing.jsonl" in str(missing.value)
    with pytest.raises(NewsfuseError) as folder:
        list(read_clusters(tmp_path, Settings()))
    assert folder.value.err.code == "NF102" and str(tmp_path) in str(folder.value)
    assert "a folder: --clusters takes one JSONL file" in str(folder.value)


def test_a_line_that_is_not_utf8_is_one_bad_story(tmp_path: Path) -> None:
    good = json.dumps({"id": "s1", "documents": [TEXT]}, ensure_ascii=False)
    path = tmp_path / "stories.jsonl"
    path.write_bytes(
        "\ufeff".encode() + good.encode() + b"\n" + b'{"id": "s2", "documents": ["caf\xe9"]}\n'
        + good.replace("s1", "s3").encode() + b"\n"
    )  # fmt: skip
    stories = list(read_clusters(path, Settings()))
    assert [sid for sid, _, _ in stories] == ["s1", "line-2", "s3"]
    assert [len(arts) for _, arts, _ in stories] == [1, 0, 1]
    [bad] = stories[1][2]
    assert bad.code == "NF105" and bad.source == f"{path}:2"


def test_the_command_says_it_and_exits_2(tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    import newsfuse.cli

    argv = ["newsfuse", "brief", "--clusters", str(tmp_path / "missing.jsonl"), "-f", "jsonl"]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as exit_:
        newsfuse.cli.main()
    assert exit_.value.code == 2
    assert "[NF101]" in capsys.readouterr().err
