"""Progress bars of the evaluations: on for a command's run unless --quiet, items unchanged."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from newsfuse.eval import progress


def _app(seen: list[bool]) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    @progress.with_progress
    def run(n: int = 3, quiet: progress.Quiet = False) -> None:
        seen.append(progress._ON.get())
        typer.echo(",".join(str(x) for x in progress.track(range(n), "counting")))

    return app


def test_a_command_shows_progress_unless_quiet():
    seen: list[bool] = []
    app = _app(seen)
    loud = CliRunner().invoke(app, ["--n", "4"])
    quiet = CliRunner().invoke(app, ["--n", "4", "--quiet"])
    assert loud.exit_code == 0 and quiet.exit_code == 0
    assert loud.stdout.strip() == quiet.stdout.strip() == "0,1,2,3"
    assert seen == [True, False]
    assert progress._ON.get() is False  # off again after the run


def test_track_outside_a_command_is_silent_and_passes_items(capsys):
    assert list(progress.track(iter("abc"), "letters", total=3)) == ["a", "b", "c"]
    with progress.shown():
        assert list(progress.track([1, 2], "numbers")) == [1, 2]
        assert list(progress.track((x for x in ()), "nothing")) == []
    out = capsys.readouterr()
    assert out.out == ""


def test_every_evaluation_takes_quiet():
    from newsfuse.cli.eval import app

    runner = CliRunner()
    for name in (
        "summary",
        "extract",
        "quotes",
        "dates",
        "entities",
        "cluster",
        "framing",
        "facts",
        "timeline",
    ):
        res = runner.invoke(app, [name, "--help"])
        assert res.exit_code == 0, name
        assert "--quiet" in res.stdout, name
