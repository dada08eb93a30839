"""`newsfuse brief --clusters FILE --format jsonl`: one briefing per story line, in order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app

pytestmark = pytest.mark.slow

DOC1 = (
    "The city council of Exampleton approved a new budget on Monday. The budget adds 40 "
    "teachers and repairs two bridges, the mayor said."
)
DOC2 = (
    "Exampleton's council passed its budget on Monday, adding 40 teachers. Mayor Ruth Okafor "
    "said two bridges will also be repaired."
)
DOC3 = (
    "A small earthquake shook the northern valley on Friday night. No injuries were reported, "
    "the regional police said in a statement."
)


def test_batch_keeps_order_ids_and_rejects(tmp_path: Path) -> None:
    f = tmp_path / "stories.jsonl"
    f.write_text(
        json.dumps(
            {
                "id": "budget",
                "articles": [
                    {"id": "b1", "text": DOC1, "source": "Example Post", "published": "2023-03-07"},
                    {
                        "id": "b2",
                        "text": DOC2,
                        "source": "Example Times",
                        "published": "2023-03-07",
                    },
                ],
            }
        )
        + "\n{broken\n"
        + json.dumps({"id": "quake", "documents": [DOC3]})
        + "\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["brief", "--clusters", str(f), "--format", "jsonl", "--quiet", "--words", "30"]
    )
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


def _without_timings(line: str) -> dict:
    doc = json.loads(line)
    doc["stats"] = {k: v for k, v in doc.get("stats", {}).items() if not k.startswith("seconds")}
    return doc


def test_batch_on_two_workers_and_on_dask_matches_one_process(tmp_path: Path) -> None:
    f = tmp_path / "stories.jsonl"
    rows = [
        {"id": "budget", "documents": [DOC1, DOC2]},
        {"id": "empty", "documents": ["   "]},
        {"id": "quake", "documents": [DOC3]},
        {"id": "both", "documents": [DOC3, DOC1]},
    ]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    outs = {}
    for name, extra in (
        ("1", ["--jobs", "1"]),
        ("2", ["--jobs", "2"]),
        ("dask", ["--jobs", "2", "--dask", "local"]),
    ):
        out = tmp_path / f"out{name}.jsonl"
        result = CliRunner().invoke(
            app,
            ["brief", "--clusters", str(f), "--format", "jsonl", "--quiet", *extra, "-o", str(out)],
        )
        assert result.exit_code == 1, result.output  # the empty story is reported, not skipped
        outs[name] = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["id"] for x in outs["2"]] == ["budget", "empty", "quake", "both"]
    assert "error" in json.loads(outs["2"][1])
    assert [_without_timings(x) for x in outs["1"]] == [_without_timings(x) for x in outs["2"]]
    assert [_without_timings(x) for x in outs["1"]] == [_without_timings(x) for x in outs["dask"]]


def test_a_story_that_crashes_does_not_stop_the_batch(tmp_path: Path, monkeypatch) -> None:
    import newsfuse.api

    real = newsfuse.api.brief_articles

    def flaky(articles, *args, story_id=None, **kwargs):
        if story_id == "boom":
            raise RuntimeError("simulated bug")
        return real(articles, *args, story_id=story_id, **kwargs)

    monkeypatch.setattr(newsfuse.api, "brief_articles", flaky)
    f = tmp_path / "stories.jsonl"
    rows = [{"id": "boom", "documents": [DOC1]}, {"id": "quake", "documents": [DOC3]}]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "brief",
            "--clusters",
            str(f),
            "--format",
            "jsonl",
            "--quiet",
            "--jobs",
            "1",
            "--no-embeddings",
        ],
    )
    assert result.exit_code == 1
    boom, quake = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert boom["id"] == "boom" and "NF202" in boom["error"] and "simulated bug" in boom["error"]
    assert quake["id"] == "quake" and quake["summary"]
    assert "story boom" in (result.stderr or result.output)


FRENCH = (
    "Le conseil municipal d'Exampleton a adopté lundi un nouveau budget. Ce budget prévoit "
    "l'embauche de quarante enseignants et la réparation de deux ponts, a déclaré la maire, qui "
    "a ajouté que les travaux commenceraient au printemps et dureraient environ six mois selon "
    "les services techniques de la ville."
)


def test_batch_leaves_out_articles_not_in_english(tmp_path: Path) -> None:
    """As `brief` does for files: an article detected as French is listed as left out (NF121),
    not analysed; the English ones are briefed."""
    f = tmp_path / "stories.jsonl"
    f.write_text(json.dumps({"id": "budget", "documents": [DOC1, FRENCH, DOC2]}) + "\n")
    result = CliRunner().invoke(
        app, ["brief", "--clusters", str(f), "--format", "jsonl", "--quiet", "--words", "30"]
    )
    assert result.exit_code == 1  # a rejected article
    (budget,) = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert {a["id"] for a in budget["articles"]} == {"budget-0", "budget-2"}
    assert "[NF121]" in result.stderr and "'fr'" in result.stderr
