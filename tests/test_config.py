"""The settings table: every knob once, precedence defaults < file < environment < flags,
numbered errors for bad files and values, and a documented entry for every setting."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from newsfuse.config import BY_NAME, SETTINGS, Settings, get, resolve
from newsfuse.errors import NewsfuseError

ROOT = Path(__file__).resolve().parents[1]


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_setting_has_a_default_type_and_help() -> None:
    assert {s.name for s in SETTINGS} >= {"words", "truncate", "max_bytes", "embeddings"}
    for s in SETTINGS:
        assert s.help.strip(), s.name
        assert get(Settings(), s.name) == s.default
        assert s.env == "NEWSFUSE_" + s.name.replace(".", "_").upper()


def test_every_setting_is_documented() -> None:
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z_.]+)` \|", text, flags=re.MULTILINE))
    names = {s.name for s in SETTINGS}
    assert names - documented == set(), "settings missing from docs/settings.md"
    assert documented - names == set(), "docs/settings.md lists settings that do not exist"


def test_precedence_defaults_file_environment_flags(tmp_path: Path) -> None:
    path = _toml(tmp_path, "words = 300\nembeddings = false\nmax_bytes = 1000\ntruncate = true\n")
    env = {"NEWSFUSE_MAX_BYTES": "2000", "NEWSFUSE_TRUNCATE": "no", "HOME": "/x"}
    flags = {"max_bytes": ("--max-bytes", 3000)}
    r = resolve(path, env, flags)
    s = r.settings
    assert (s.words, s.embeddings, s.truncate, s.max_bytes) == (300, False, False, 3000)
    assert s.max_facts == Settings().max_facts
    assert r.sources["words"] == f"config {path}"
    assert r.sources["truncate"] == "env NEWSFUSE_TRUNCATE"
    assert r.sources["max_bytes"] == "flag --max-bytes"
    assert r.sources["max_facts"] == "default"
    # each layer alone
    assert resolve(path).settings.max_bytes == 1000
    assert resolve(None, env).settings.max_bytes == 2000
    assert resolve(None, {}, flags).settings.max_bytes == 3000
    assert resolve().settings == Settings()


def test_values_are_typed(tmp_path: Path) -> None:
    path = _toml(tmp_path, 'published = 2022-02-26\nsource = "Kyodo"\n')
    s = resolve(path, {"NEWSFUSE_JOBS": "3"}).settings
    assert s.published == date(2022, 2, 26) and s.source == "Kyodo" and s.jobs == 3
    assert resolve(_toml(tmp_path, 'published = "2022-02-26"\n')).settings.published == date(
        2022, 2, 26
    )
    assert resolve(None, {"NEWSFUSE_SOURCE": ""}).settings.source is None


@pytest.mark.parametrize(
    ("text", "code", "fragment"),
    [
        ("words = \n", "NF802", "TOML"),
        ("wrods = 300\n", "NF803", "did you mean words"),
        ('words = "300"\n', "NF804", "expected int"),
        ("embeddings = 1\n", "NF804", "expected bool"),
        ("words = true\n", "NF804", "expected int"),
        ('published = "26 Feb"\n', "NF804", "expected date"),
    ],
)
def test_a_bad_file_is_a_numbered_error(
    tmp_path: Path, text: str, code: str, fragment: str
) -> None:
    with pytest.raises(NewsfuseError) as info:
        resolve(_toml(tmp_path, text))
    assert f"[{code}]" in str(info.value) and fragment in str(info.value)


def test_a_missing_file_is_a_numbered_error(tmp_path: Path) -> None:
    with pytest.raises(NewsfuseError, match=r"\[NF801\]"):
        resolve(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("env", "code"),
    [
        ({"NEWSFUSE_WORDS": "many"}, "NF805"),
        ({"NEWSFUSE_EMBEDDINGS": "maybe"}, "NF805"),
        ({"NEWSFUSE_WORD": "3"}, "NF803"),
    ],
)
def test_a_bad_environment_is_a_numbered_error(env: dict[str, str], code: str) -> None:
    with pytest.raises(NewsfuseError, match=rf"\[{code}\]"):
        resolve(None, env)


def test_from_toml_reads_a_file(tmp_path: Path) -> None:
    assert Settings.from_toml(_toml(tmp_path, "max_quotes = 3\n")).max_quotes == 3
    assert BY_NAME["max_quotes"].type is int


def test_documented_defaults_match_the_code() -> None:
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_.]+)` \| ([^|]+(?:\\\|[^|]+)*) \| ([^|]+) \|", text, re.M)
    assert rows
    for name, type_name, default in rows:
        s = BY_NAME[name]
        assert type_name.replace("\\|", "|").strip() == s.type_name, name
        assert default.strip() == _toml_text(s.default), name


def _toml_text(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def test_sections_from_file_and_environment(tmp_path: Path) -> None:
    path = _toml(
        tmp_path,
        "crosscheck.fact_threshold = 0.4\n[summary]\nquote_bonus = 0\n"
        "[summary.concepts]\nlead_boost = 3\n",
    )
    env = {"NEWSFUSE_SUMMARY_CONCEPTS_LEAD_DECAY": "2.5", "NEWSFUSE_FETCH_TIMEOUT": "3"}
    r = resolve(path, env)
    s = r.settings
    assert s.crosscheck.fact_threshold == 0.4
    assert s.summary.quote_bonus == 0.0 and isinstance(s.summary.quote_bonus, float)
    assert s.summary.concepts.lead_boost == 3.0 and s.summary.concepts.lead_decay == 2.5
    assert s.summary.length_power == Settings().summary.length_power
    assert s.fetch.timeout == 3.0 and r.sources["fetch.timeout"] == "env NEWSFUSE_FETCH_TIMEOUT"
    assert r.sources["summary.concepts.lead_boost"] == f"config {path}"
    assert Settings() == resolve().settings  # the defaults are untouched


def test_a_section_must_be_a_table_and_names_must_exist(tmp_path: Path) -> None:
    with pytest.raises(NewsfuseError, match=r"\[NF804\].*summary must be a table"):
        resolve(_toml(tmp_path, "summary = 3\n"))
    with pytest.raises(NewsfuseError, match=r"\[NF803\].*summary.quote_bonsu.*quote_bonus"):
        resolve(_toml(tmp_path, "[summary]\nquote_bonsu = 0\n"))


def test_fixed_settings_are_listed_but_not_settable(tmp_path: Path) -> None:
    assert BY_NAME["html.retry_below"].fixed and BY_NAME["body.end"].fixed
    assert not BY_NAME["summary.quote_bonus"].fixed
    assert resolve().sources["html.retry_below"] == "fixed"
    with pytest.raises(NewsfuseError, match=r"\[NF806\].*html.retry_below"):
        resolve(_toml(tmp_path, "[html]\nretry_below = 10\n"))
    with pytest.raises(NewsfuseError, match=r"\[NF806\]"):
        resolve(None, {"NEWSFUSE_BODY_END": "-1"})


def test_stage_parameter_classes_are_the_table_sections() -> None:
    from newsfuse.clean.body import Weights
    from newsfuse.corpus.cluster import ClusterParams
    from newsfuse.corpus.fetch import FetchOptions
    from newsfuse.ingest.html import HtmlOptions
    from newsfuse.summarize.concepts import ConceptParams
    from newsfuse.summarize.newsfuse import Params

    s = Settings()
    assert (Params(), ConceptParams(), FetchOptions(), HtmlOptions(), Weights()) == (
        s.summary,
        s.summary.concepts,
        s.fetch,
        s.html,
        s.body,
    )
    assert ClusterParams() == s.cluster and s.cluster.threshold == 0.16
