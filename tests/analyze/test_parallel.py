"""``analyze_jobs`` and ``analyze_embed_jobs``: several processes give the same analyses and
sentence vectors, in the same order, as one; ``brief --jobs 2`` the same briefing as ``--jobs 1``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from newsfuse.analyze.parallel import analyze_embed_jobs, analyze_jobs, deal, resolve_jobs
from newsfuse.cli import app


def test_deal_balances_and_keeps_every_index() -> None:
    parts = deal([100, 1, 50, 50, 2, 3], 2)
    assert sorted(i for p in parts for i in p) == list(range(6))
    assert all(p == sorted(p) for p in parts)
    loads = sorted(sum([100, 1, 50, 50, 2, 3][i] for i in p) for p in parts)
    assert loads == [103, 103]
    assert deal([5], 3) == [[0]]
    assert deal([], 2) == []


def test_resolve_jobs() -> None:
    assert resolve_jobs(3) == 3
    assert resolve_jobs(0) >= 1


def test_two_processes_give_the_same_analyses(nlp, example_dir: Path) -> None:  # noqa: ANN001
    from newsfuse.api import load

    articles = list(load([example_dir]).articles)
    one = analyze_jobs(articles, nlp, 1)
    two = analyze_jobs(articles, nlp, 2)
    three = analyze_jobs(articles[:2], nlp, 3)  # more processes than articles
    assert [an.article.id for an in two] == [a.id for a in articles]
    assert two == one
    assert three == one[:2]
    assert sum(len(an.sentences) for an in one) > 50


def test_vectors_made_beside_the_parse_are_the_story_encoding(nlp, example_dir: Path) -> None:  # noqa: ANN001
    from newsfuse.api import load
    from newsfuse.embed import load_encoder

    articles = list(load([example_dir]).articles)
    encoder = load_encoder()
    ans1, vecs1 = analyze_embed_jobs(articles, nlp, encoder, 1)
    ans2, vecs2 = analyze_embed_jobs(articles, nlp, encoder, 2)
    assert ans1 == ans2 == analyze_jobs(articles, nlp, 1)
    assert [len(v) for v in vecs2] == [len(an.sentences) for an in ans2]
    # each process encodes only its own articles, yet every row is the same bits as when the
    # whole story is encoded at once
    whole = encoder.encode([s.text for an in ans1 for s in an.sentences])
    assert np.array_equal(np.vstack(vecs1), whole)
    assert np.array_equal(np.vstack(vecs2), whole)


def test_brief_cli_jobs_same_json(example_dir: Path) -> None:
    runner = CliRunner()
    outs = []
    for jobs in ("1", "2"):
        args = ["brief", str(example_dir), "--format", "json", "--jobs", jobs, "--quiet"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.stderr
        out = json.loads(result.stdout)
        assert out.pop("stats")
        outs.append(out)
    assert outs[0] == outs[1]
    assert outs[0]["facts"] and outs[0]["summary"]


def test_analyze_cli_jobs_same_output(example_dir: Path) -> None:
    runner = CliRunner()
    outs = []
    for jobs in ("1", "2"):
        result = runner.invoke(app, ["analyze", str(example_dir), "--jobs", jobs])
        assert result.exit_code == 0, result.stderr
        outs.append([json.loads(line) for line in result.stdout.splitlines()])
    assert outs[0] == outs[1]
    assert len(outs[0]) == 5
    bad = runner.invoke(app, ["analyze", str(example_dir), "--jobs", "-1"])
    assert bad.exit_code != 0


def test_briefing_reports_each_step(nlp) -> None:  # noqa: ANN001
    from newsfuse.api import brief_articles
    from newsfuse.config import Settings
    from newsfuse.model import Article

    text = (
        "The city council approved a budget of 40 million dollars on Monday. "
        "Mayor Ruth Okafor said the money will hire 40 teachers."
    )
    arts = [Article(id="a", text=text), Article(id="b", text=text.replace("Monday", "Tuesday"))]
    steps: list[str] = []
    b = brief_articles(arts, Settings(embeddings=False, progress=False), nlp, progress=steps.append)
    assert steps == ["analyze", "align", "dates", "crosscheck", "summarize"]
    assert [k.removeprefix("seconds_") for k in b.stats] == steps


STORY_FIELDS = ("lemmas", "tenses", "events", "subjects", "arguments")


def test_analysis_without_story_fields_is_the_same_otherwise(nlp, example_dir: Path) -> None:  # noqa: ANN001
    from dataclasses import replace

    from newsfuse.api import load

    articles = list(load([example_dir]).articles)
    full = analyze_jobs(articles, nlp, 1)
    lean = analyze_jobs(articles, nlp, 2, story=False)
    for field in STORY_FIELDS:
        assert any(getattr(an, field) for an in full), field
    assert lean == [replace(an, **dict.fromkeys(STORY_FIELDS, ())) for an in full]


def test_analyze_cli_prints_the_full_analyses(nlp, example_dir: Path) -> None:  # noqa: ANN001
    """``newsfuse analyze`` leaves out the story fields: what it prints is what the full
    analyses give."""
    from newsfuse.api import load
    from newsfuse.crosscheck.entities import apply_entities, merge_entities
    from newsfuse.render.analysis import analysis_dict

    full = analyze_jobs(list(load([example_dir]).articles), nlp, 1)
    expected = [analysis_dict(an) for an in apply_entities(full, merge_entities(full))]
    result = CliRunner().invoke(app, ["analyze", str(example_dir), "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == expected
