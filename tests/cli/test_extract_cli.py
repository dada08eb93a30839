"""``newsfuse extract``: JSON records, rejects on stderr, exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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


FRENCH = [
    "Le conseil municipal a approuvé lundi soir une nouvelle ligne de bateau vers le village.",
    "Le bateau transportera jusqu'à quatre cents passagers par jour dès le printemps prochain.",
    "Les commerçants du port ont salué la décision et espèrent accueillir plus de visiteurs.",
]


def test_language_model_loads_off_the_main_thread(tmp_path: Path, monkeypatch) -> None:
    """The detector loads in a helper thread (while pages are extracted), and every article
    still gets its language from it, in input order."""
    import threading

    from newsfuse.cli.extract import extract
    from newsfuse.config import Settings
    from newsfuse.ingest.language import LanguageDetector
    from newsfuse.model import Article

    loaded_in: list[threading.Thread] = []
    original = LanguageDetector.load.__func__  # type: ignore[attr-defined]

    def load(cls: type[LanguageDetector]) -> LanguageDetector:
        loaded_in.append(threading.current_thread())
        return original(cls)  # type: ignore[no-any-return]

    monkeypatch.setattr(LanguageDetector, "load", classmethod(load))
    (tmp_path / "1.txt").write_text("\n".join(BODY), encoding="utf-8")
    (tmp_path / "2.txt").write_text("\n".join(FRENCH), encoding="utf-8")
    items = list(
        extract([str(tmp_path / "1.txt"), str(tmp_path / "2.txt")], Settings(progress=False))
    )
    langs = [it.language for it in items if isinstance(it, Article)]
    assert langs == ["en", "fr"]
    assert len(loaded_in) == 1 and loaded_in[0] is not threading.main_thread()


def _page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title>"
        f'<meta property="og:site_name" content="Harbour Times"></head>'
        f"<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>{body}</article>"
        f"<footer>© 2021 Harbour Times</footer></body></html>"
    )


def test_workers_give_the_same_records_as_one_process(tmp_path: Path) -> None:
    """``--jobs 2`` (pages extracted on two workers) writes exactly what ``--jobs 1`` writes:
    HTML pages, a plain-text file cleaned in the calling process, a French page, and a reject,
    in input order."""
    (tmp_path / "1.html").write_text(_page("Ferry line approved", BODY * 2), encoding="utf-8")
    (tmp_path / "2.txt").write_text("\n".join(BODY), encoding="utf-8")
    (tmp_path / "3.html").write_text(_page("Nouvelle ligne", FRENCH * 2), encoding="utf-8")
    (tmp_path / "4.html").write_text("<html><body></body></html>", encoding="utf-8")
    (tmp_path / "5.html").write_text(_page("Second ferry", BODY[::-1] * 2), encoding="utf-8")
    outs = []
    for jobs in ("1", "2"):
        res = CliRunner().invoke(app, ["extract", "-j", jobs, str(tmp_path)])
        assert res.exit_code == 1, res.output  # the empty page is rejected
        outs.append(res.stdout)
    assert outs[0] == outs[1]
    recs = [json.loads(line) for line in outs[1].splitlines() if line.strip()]
    assert [r["language"] for r in recs] == ["en", "en", "fr", "en"]
    assert recs[0]["source"] == "Harbour Times"
    assert "Home | World" not in recs[0]["text"]


def test_quick_reads_exactly_the_commands_options() -> None:
    """The plain command lines read without the parser know every option ``extract`` has, by
    the same names (an option added to the command and not there would fail here)."""
    import typer

    from newsfuse.cli.extract import QUICK_FLAGS

    command = typer.main.get_command(app).commands["extract"]  # type: ignore[attr-defined]
    options = {
        flag: param.name
        for param in command.params
        if param.param_type_name == "option"
        for flag in (*param.opts, *param.secondary_opts)
    }
    assert options == QUICK_FLAGS


def _record_runs(monkeypatch) -> list[tuple[object, ...]]:
    import typer

    import newsfuse.cli.extract as cli_extract

    runs: list[tuple[object, ...]] = []

    def record(paths, fmt, output, resolved) -> None:  # noqa: ANN001
        runs.append(
            (list(paths), fmt, output, resolved.settings, dict(resolved.sources),
             resolved.jobs_or_all_cores())
        )  # fmt: skip
        raise typer.Exit(0)

    monkeypatch.setattr(cli_extract, "run", record)
    return runs


def test_quick_runs_the_command_as_the_parser(tmp_path: Path, monkeypatch) -> None:
    """Each plain command line gives ``run`` the same paths, format, output, settings (and
    where each came from: flags given win over the environment and the file) and jobs,
    read without the parser as through it."""
    from newsfuse.cli.extract import quick

    runs = _record_runs(monkeypatch)
    config = tmp_path / "settings.toml"
    config.write_text('source = "Harbour Times"\nmax_bytes = 5000\n', encoding="utf-8")
    monkeypatch.setenv("NEWSFUSE_JOBS", "3")
    lines = [
        ["a.html"],
        ["a.html", "b.txt", "-"],
        ["-f", "json", "a.html"],
        ["a.html", "--format=json", "b.html"],
        ["a.html", "--source", "Wire", "--published", "2021-02-03"],
        ["a.html", "--published=2021-02-03", "-o", str(tmp_path / "out.jsonl")],
        ["--max-bytes", "1000", "a.html", "-j", "2"],
        ["a.html", "--jobs=0", "--output=x.json", "--format", "json"],
        ["a.html", "--config", str(config)],
        ["a.html", f"--config={config}", "--max-bytes", "700", "--source", "Wire"],
    ]
    for args in lines:
        res = CliRunner().invoke(app, ["extract", *args])
        assert res.exit_code == 0, (args, res.output)
        assert quick(args) == 0
        assert runs[-1] == runs[-2], args
    assert len(runs) == 2 * len(lines)
    assert runs[-1][3].max_bytes == 700 and runs[-1][3].source == "Wire"
    assert runs[-3][3].max_bytes == 5000 and runs[-3][5] == 3


def test_quick_leaves_other_command_lines_to_the_parser(tmp_path: Path, monkeypatch) -> None:
    """Help, unknown or repeated options, values it does not read plainly and bad values go to
    the parser (``None``), which reports them; nothing is run."""
    from newsfuse.cli.extract import quick

    runs = _record_runs(monkeypatch)
    for args in (
        [],
        ["--help"],
        ["a.html", "--help"],
        ["a.html", "--"],
        ["a.html", "-fjson"],
        ["a.html", "-f=json"],
        ["a.html", "--jobs", "two"],
        ["a.html", "-j", "-1"],
        ["a.html", "--source", "A", "--source", "B"],
        ["a.html", "--lang", "en"],
        ["a.html", "--output"],
        ["a.html", "--source="],
        ["a.html", "-f", "xml"],
        ["a.html", "--published", "2021-13-01"],
        ["a.html", "--max-bytes", "0"],
    ):
        assert quick(args) is None, args
    assert runs == []


def test_main_runs_a_plain_extract_without_the_parser(tmp_path: Path, monkeypatch) -> None:
    """``newsfuse extract`` through :func:`newsfuse.cli.main`: the quick path writes the file
    the parser writes, with the same exit code."""
    import sys

    import typer

    import newsfuse.cli
    import newsfuse.cli.extract as cli_extract

    path = _write(tmp_path)
    out = tmp_path / "quick.jsonl"
    monkeypatch.setattr(sys, "argv", ["newsfuse", "extract", str(path), "-o", str(out)])
    monkeypatch.setattr(typer.Typer, "__call__", lambda self: pytest.fail("parser used"))
    with pytest.raises(SystemExit) as exit_:
        newsfuse.cli.main()
    assert exit_.value.code == 0
    monkeypatch.undo()
    res = CliRunner().invoke(app, ["extract", str(path), "-o", str(tmp_path / "parser.jsonl")])
    assert res.exit_code == 0
    assert out.read_bytes() == (tmp_path / "parser.jsonl").read_bytes()
    assert cli_extract.quick([str(tmp_path / "missing.txt")]) == 2
