"""Settings reach the commands: a --config file is not overridden by flag defaults, flags given
win over it, and bad settings end in a numbered message (exit 2), not a traceback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.config import Settings

STORY = (
    "Bridge reopens after flood\n\n"
    "The Riverton bridge reopened on Tuesday after floods closed it for nine days, the city "
    "council said.\n"
)


class _Stop(Exception):
    """Raised in place of building the briefing, once the settings were seen."""


@pytest.fixture()
def seen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Settings]:
    """The settings `brief` runs with; the models are not loaded, the briefing not built."""
    import newsfuse.analyze.nlp
    import newsfuse.api
    import newsfuse.embed

    got: list[Settings] = []

    def fake_brief(articles: object, settings: Settings, *args: object, **kw: object) -> None:
        got.append(settings)
        raise _Stop

    monkeypatch.setattr(newsfuse.api, "brief_articles", fake_brief)
    monkeypatch.setattr(newsfuse.analyze.nlp, "load_nlp", lambda *a, **k: None)
    monkeypatch.setattr(newsfuse.embed, "load_encoder", lambda *a, **k: None)
    for var in ("NEWSFUSE_WORDS", "NEWSFUSE_MAX_BYTES", "NEWSFUSE_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    (tmp_path / "x.txt").write_text(STORY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return got


def _brief(args: list[str]) -> None:
    result = CliRunner().invoke(app, ["brief", "x.txt", *args])
    assert isinstance(result.exception, _Stop), result.output


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsfuse.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_config_file_wins_over_flag_defaults(tmp_path: Path, seen: list[Settings]) -> None:
    cfg = _config(tmp_path, "words = 300\nembeddings = false\nmax_bytes = 1000\n")
    _brief(["--config", str(cfg)])
    s = seen[0]
    assert (s.words, s.embeddings, s.max_bytes) == (300, False, 1000)


def test_flags_given_win_over_file_and_environment(
    tmp_path: Path, seen: list[Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = _config(tmp_path, "words = 300\nembeddings = false\nmax_bytes = 1000\n")
    monkeypatch.setenv("NEWSFUSE_MAX_BYTES", "2000")
    _brief(["--config", str(cfg), "--words", "120", "--embeddings", "-q"])
    s = seen[0]
    assert (s.words, s.embeddings, s.max_bytes, s.progress) == (120, True, 2000, False)


def test_config_from_the_environment(
    tmp_path: Path, seen: list[Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFUSE_CONFIG", str(_config(tmp_path, "max_facts = 4\n")))
    _brief([])
    assert seen[0].max_facts == 4


def test_max_bytes_from_the_file_rejects_a_real_input(tmp_path: Path) -> None:
    story = tmp_path / "a.txt"
    story.write_text(STORY, encoding="utf-8")
    cfg = _config(tmp_path, "max_bytes = 50\n")
    result = CliRunner().invoke(app, ["extract", str(story), "--config", str(cfg)])
    assert result.exit_code == 2  # nothing could be read
    assert "NF106" in result.stderr
    assert CliRunner().invoke(app, ["extract", str(story)]).exit_code == 0


@pytest.mark.parametrize(
    ("text", "code"),
    [("words = [\n", "NF802"), ("wordz = 3\n", "NF803"), ("words = 'x'\n", "NF804")],
)
def test_bad_settings_end_in_a_numbered_message(tmp_path: Path, text: str, code: str) -> None:
    cfg = _config(tmp_path, text)
    for command in (["brief", "x.txt"], ["extract", "x.txt"], ["config"]):
        result = CliRunner().invoke(app, [*command, "--config", str(cfg)])
        assert result.exit_code == 2, (command, result.output)
        assert f"[{code}]" in result.stderr
        assert "Traceback" not in result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_config_command_shows_values_and_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSFUSE_CONFIG", raising=False)
    monkeypatch.setenv("NEWSFUSE_MAX_QUOTES", "7")
    cfg = _config(tmp_path, "words = 300\n")
    result = CliRunner().invoke(app, ["config", "--config", str(cfg), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["words"]["value"] == 300 and rows["words"]["source"] == f"config {cfg}"
    assert (
        rows["max_quotes"]["value"] == 7
        and rows["max_quotes"]["source"] == "env NEWSFUSE_MAX_QUOTES"
    )
    assert rows["truncate"]["source"] == "default" and rows["truncate"]["type"] == "bool"
    table = CliRunner().invoke(app, ["config", "--config", str(cfg)]).stdout
    assert re.search(r"^words\s+300\s+config ", table, flags=re.MULTILINE)


def test_config_toml_output_reads_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSFUSE_CONFIG", raising=False)
    cfg = _config(tmp_path, "words = 300\npublished = 2022-02-26\n")
    out = CliRunner().invoke(app, ["config", "--config", str(cfg), "--format", "toml"]).stdout
    again = _config(tmp_path, out)
    assert Settings.from_toml(again) == Settings.from_toml(cfg)


def test_a_numbered_error_no_command_caught_is_its_message_not_a_traceback(
    shared_dir,  # noqa: ANN001
    monkeypatch,  # noqa: ANN001
    capsys,  # noqa: ANN001
) -> None:
    import sys

    import pytest

    from newsfuse.cli import main

    ecb = shared_dir / "data" / "ecbplus-dev"
    argv = ["newsfuse", "eval", "timeline", "--ecb", str(ecb), "--ecb-only"]
    monkeypatch.setattr(sys, "argv", [*argv, "--encoder-runtime", "nonesuch", "--quiet"])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "NF302" in err and "Traceback" not in err
