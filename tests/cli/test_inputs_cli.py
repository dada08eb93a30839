"""The command line on bad inputs and bad stores: numbered messages, no traceback, no silent
creation, one writer per store."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.model import Article, Briefing, Reject

PARA = (
    "The harbour authority of Port Ellery reopened the northern quay on Monday after a week of "
    "repairs, the port director Miriam Okafor told reporters at the ferry terminal. Ferries to "
    "the outer islands will run on the summer timetable, she said."
)


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(app, list(args))
    if res.exception and not isinstance(res.exception, SystemExit):
        raise res.exception
    return res.exit_code, res.stdout, res.stderr


def test_extract_rejects_are_prefixed_and_nothing_read_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, err = run("extract", str(tmp_path / "empty.txt"))
    assert code == 2 and not out
    assert "newsfuse: rejected [NF103]" in err and "[NF201]" in err
    (tmp_path / "good.txt").write_text(PARA, encoding="utf-8")
    code, out, err = run("extract", str(tmp_path))
    assert code == 1 and json.loads(out)["id"] == "good"


def test_extract_max_bytes_and_a_lone_surrogate(tmp_path: Path) -> None:
    f = tmp_path / "batch.jsonl"
    f.write_text(
        json.dumps({"id": "ok", "text": PARA})
        + "\n"
        + json.dumps({"id": "bad", "text": PARA + " \ud800"})
        + "\n"
        + json.dumps({"id": "long", "text": PARA * 20})
        + "\n",
        encoding="utf-8",
    )
    code, out, err = run("extract", str(f), "--max-bytes", "2000")
    recs = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and [r["id"] for r in recs] == ["ok", "bad"]
    assert recs[1]["notes"][0].startswith("[NF114]") and recs[1]["text"].endswith("\ufffd")
    assert f"newsfuse: rejected [NF106] {f}:3:" in err


def test_reject_lines_escape_file_names(tmp_path: Path) -> None:
    name = tmp_path / "evil\nnewsfuse: rejected [NF999] forged.txt"
    name.write_bytes(b"")
    code, _, err = run("extract", str(name))
    assert code == 2
    lines = [line for line in err.splitlines() if "NF103" in line]
    assert len(lines) == 1 and "evil\\nnewsfuse" in lines[0]
    assert not any(line.startswith("newsfuse: rejected [NF999]") for line in err.splitlines())
    r = Reject("a\x1b[31mb", "read", "is empty", "x\ry", "NF103")
    assert r.message() == "[NF103] a\\x1b[31mb: is empty: x\\ry"


def test_markdown_escapes_html_from_articles() -> None:
    from newsfuse.render.markdown import to_markdown

    art = Article(id="a1", text=PARA, title="<script>alert(1)</script> & more")
    md = to_markdown(Briefing(headline="<img src=x onerror=alert(1)>", articles=(art,)))
    assert "<script>" not in md and "<img" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in md


def test_read_commands_never_create_a_store(tmp_path: Path) -> None:
    db = tmp_path / "missing.db"
    for args in (["stories"], ["search", "quay"], ["brief", "--story", "s000001"]):
        code, _, err = run(*args, "--db", str(db))
        assert code == 2 and "[NF119]" in err, (args, err)
        assert not db.exists()


def test_not_a_store_and_a_newer_store_are_numbered_errors(tmp_path: Path) -> None:
    junk = tmp_path / "notadb.db"
    junk.write_bytes(b"this is not an SQLite file at all, just text\n" * 100)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    for db in (junk, other):
        before = db.read_bytes()
        for args in (["search", "quay"], ["stories"], ["ingest", str(tmp_path / "none.txt")]):
            code, _, err = run(*args, "--db", str(db))
            assert code == 2 and "[NF117]" in err and "Traceback" not in err, (args, err)
        assert db.read_bytes() == before  # left as it was
    newer = tmp_path / "newer.db"
    (tmp_path / "a.txt").write_text(PARA, encoding="utf-8")
    assert run("ingest", str(tmp_path / "a.txt"), "--db", str(newer), "-j", "1")[0] == 0
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99)")
    for args in (["search", "quay"], ["stories"], ["ingest", str(tmp_path / "a.txt")]):
        code, _, err = run(*args, "--db", str(newer))
        assert code == 2 and "[NF118]" in err and "99" in err, (args, err)


def test_a_store_in_a_folder_that_does_not_exist_is_a_numbered_error(tmp_path: Path) -> None:
    """NF129 (exit 2) rather than sqlite3's traceback: the ingest cannot create its store."""
    (tmp_path / "a.txt").write_text(PARA, encoding="utf-8")
    db = tmp_path / "missing" / "c.db"
    code, _, err = run("ingest", str(tmp_path / "a.txt"), "--db", str(db), "-j", "1")
    assert code == 2 and f"[NF129] {db}:" in err and "no folder" in err, err
    assert "Traceback" not in err and not db.parent.exists()


def test_unknown_story_is_named(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    (tmp_path / "a.txt").write_text(PARA, encoding="utf-8")
    assert run("ingest", str(tmp_path / "a.txt"), "--db", str(db), "-j", "1")[0] == 0
    code, _, err = run("brief", "--story", "s999999", "--db", str(db), "-q")
    assert code == 2 and "[NF120] s999999: no such story" in err


def test_a_second_writer_is_refused_while_one_holds_the_store(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    (tmp_path / "a.txt").write_text(PARA, encoding="utf-8")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from newsfuse.store import WriterLock\n"
            "with WriterLock(sys.argv[1]):\n"
            "    print('held', flush=True)\n"
            "    time.sleep(60)\n",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        code, out, err = run("ingest", str(tmp_path / "a.txt"), "--db", str(db), "-j", "1")
        assert code == 2 and "[NF116]" in err and "another newsfuse process" in err
    finally:
        holder.kill()
        holder.wait()
    deadline = time.monotonic() + 10
    code = 2
    while code == 2 and time.monotonic() < deadline:  # the lock goes with the killed process
        code, out, err = run("ingest", str(tmp_path / "a.txt"), "--db", str(db), "-j", "1")
    assert code == 0 and "stored: 1" in out and "new stories: 1" in out


def test_jsonl_on_stdin_is_read_line_by_line() -> None:
    lines = [
        json.dumps({"id": "s1", "text": PARA}),
        '{"id": "s2", "text": "a NUL \x00 here"}',
        json.dumps({"id": "s3", "text": PARA + " More."}),
    ]
    res = CliRunner().invoke(app, ["extract", "-"], input="\n".join(lines) + "\n")
    recs = [json.loads(line) for line in res.stdout.splitlines()]
    assert res.exit_code == 1 and [r["id"] for r in recs] == ["s1", "s3"]
    assert "newsfuse: rejected [NF104] <stdin>:2:" in res.stderr


def test_ingest_draws_a_progress_bar_on_stderr_unless_quiet(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for i in range(3):
        (tmp_path / "in" / f"a{i}.txt").write_text(f"Report {i}. {PARA}", encoding="utf-8")
    tty = {"TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1", "COLUMNS": "200"}  # as a terminal
    runner = CliRunner()
    args = ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "c.db"), "-j", "1"]
    shown = runner.invoke(app, args, env=tty)
    assert shown.exit_code == 0, shown.output
    assert "newsfuse: ingest 3 articles" in shown.stderr and "stored 3" in shown.stderr
    assert "read: 3" in shown.stdout  # the summary stays on stdout
    quiet = runner.invoke(app, [*args[:-2], "--db", str(tmp_path / "q.db"), "--quiet"], env=tty)
    assert quiet.exit_code == 0 and "read: 3" in quiet.stdout
    assert "newsfuse: ingest" not in quiet.stderr
