"""From a corpus to a briefing: `ingest`, `stories --format json`, `brief --story`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app

if TYPE_CHECKING:
    from newsfuse.config import Settings

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


#: modules a briefing read back from the store never needs: the parser, the encoder's runtimes,
#: HTML extraction, the evaluations, the MinHash library and the cleaning rules (the text is
#: stored clean; cleaned again only when its outlet's furniture changed)
NOT_FOR_A_STORED_BRIEFING = (
    "spacy",
    "sklearn",
    "trafilatura",
    "openvino",
    "datasketch",
    "lxml",
    "newsfuse.eval",
    "newsfuse.embed.minilm",
    "newsfuse.clean.patterns",
    "newsfuse.clean.body",
    "newsfuse.clean.blocks",
)


def _modules_after(args: list[str]) -> set[str]:
    """The modules a ``newsfuse ARGS`` process had imported when it exited."""
    import subprocess
    import sys

    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('\\n'.join(sys.modules), file=sys.stderr))\n"
        f"sys.argv = ['newsfuse', *{args!r}]\n"
        "from newsfuse.cli import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split())


def _heavy(modules: set[str]) -> set[str]:
    return {
        m for m in modules for h in NOT_FOR_A_STORED_BRIEFING if m == h or m.startswith(h + ".")
    }


def test_the_command_line_imports_the_evaluations_only_for_eval() -> None:
    assert _heavy(_modules_after(["--help"])) == set()
    listed = CliRunner().invoke(app, ["eval", "--help"])
    assert listed.exit_code == 0
    assert all(name in listed.stdout for name in ("summary", "quotes", "facts", "timeline"))


def test_brief_story_imports_no_parser_encoder_or_evaluation(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(B, encoding="utf-8")
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    args = ["ingest", str(tmp_path / "in"), "--db", db, "--analyze"]
    assert runner.invoke(app, args).exit_code == 0
    stories = json.loads(runner.invoke(app, ["stories", "--db", db, "--format", "json"]).stdout)
    out = str(tmp_path / "b.json")
    brief = ["brief", "--story", stories[0]["id"], "--db", db, "-f", "json", "-q", "-o", out]
    modules = _modules_after(brief)
    assert _heavy(modules) == set()
    assert "rich" not in modules  # --quiet: no progress line
    assert {a["id"] for a in json.loads(Path(out).read_text(encoding="utf-8"))["articles"]} == {
        "a",
        "b",
    }


def _briefed(db: str, story: str, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> dict:
    """What ``brief_story`` hands the briefing (article ids, stored analyses, rejects), the
    briefing itself not run."""
    import importlib

    from newsfuse.api import brief_story

    seen: dict[str, object] = {}

    def capture(articles, nlp, settings, **kw):  # noqa: ANN001, ANN003, ANN202
        seen.update(ids=[a.id for a in articles], stored=len(kw["stored"]), rejects=kw["rejects"])
        raise RuntimeError("captured")

    monkeypatch.setattr(
        importlib.import_module("newsfuse.brief.assemble"), "build_briefing", capture
    )
    with pytest.raises(RuntimeError, match="captured"):
        brief_story(db, story, settings)
    return seen


def test_an_article_longer_than_max_chars_is_left_out_and_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NF125: a text over ``max_chars`` never reaches the briefing (whose sentence similarities
    grow with the square of the sentences), from files or from the store; the others do."""

    from newsfuse import Settings
    from newsfuse.api import left_out
    from newsfuse.model import Article

    arts = [Article("a", A, path="in/a.txt"), Article("long", A * 3, path="in/long.txt")]
    kept, out = left_out(arts, max_chars=len(A) + 1)
    assert [a.id for a in kept] == ["a"]
    assert [(r.code, r.source) for r in out] == [("NF125", "in/long.txt")]
    assert out[0].detail == f"{len(A) * 3:,} characters > {len(A) + 1:,}"
    assert left_out(arts)[0] == arts  # no limit given

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(A, encoding="utf-8")
    more = "\n\nTraffic engineers said the bridge would be inspected again in the spring, and the "
    more += "council said a second crossing north of the town was being planned for next year.\n"
    (tmp_path / "in" / "b.txt").write_text(B + more, encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", db]).exit_code == 0
    listed = CliRunner().invoke(app, ["stories", "--db", db, "--format", "json"])
    [story] = json.loads(listed.stdout)
    seen = _briefed(db, story["id"], Settings(max_chars=len(B) + 10, embeddings=False), monkeypatch)
    assert seen["ids"] == ["a"] and seen["stored"] == 1
    rejects = seen["rejects"]
    assert isinstance(rejects, list) and [r.code for r in rejects] == ["NF125"]
    assert rejects[0].source.endswith("b.txt")


def test_articles_past_the_story_bound_are_left_out_and_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NF128: the articles of one briefing hold at most ``max_story_chars`` characters, taken
    in their order (one that does not fit is left out, a later shorter one may still fit), from
    files or from the store; each one left out is listed."""

    from newsfuse import Settings
    from newsfuse.api import left_out
    from newsfuse.model import Article

    arts = [Article("a", A), Article("long", A * 3, path="in/long.txt"), Article("c", B)]
    kept, out = left_out(arts, max_story_chars=len(A) + len(B))
    assert [a.id for a in kept] == ["a", "c"]
    assert [(r.code, r.source) for r in out] == [("NF128", "in/long.txt")]
    assert f"{len(A):,} to more than {len(A) + len(B):,}" in out[0].detail
    assert left_out(arts, max_story_chars=len(A) * 5 + len(B))[0] == arts

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(B, encoding="utf-8")
    db = str(tmp_path / "c.db")
    assert CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", db]).exit_code == 0
    [story] = json.loads(
        CliRunner().invoke(app, ["stories", "--db", db, "--format", "json"]).stdout
    )
    seen = _briefed(
        db, story["id"], Settings(max_story_chars=max(len(A), len(B)) + 10), monkeypatch
    )
    ids = seen["ids"]
    assert isinstance(ids, list) and len(ids) == 1 and seen["stored"] == 1
    rejects = seen["rejects"]
    assert isinstance(rejects, list) and [r.code for r in rejects] == ["NF128"]
