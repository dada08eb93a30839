"""A small corpus store from the ``../shared`` data, for ``make demo`` and the browser tests.

``python -m newsfuse.web.sample OUT.db`` ingests the five example articles and the first
``--topics`` ECB+ dev topics (their documents as text; the source URL that opens each
``*ecbplus.xml`` document becomes the article's URL, hence its outlet), then briefs the example
story so the web app serves it from the store at once. Nothing is copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from newsfuse.eval.cluster import _TOKEN_RE, _detokenize

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
EXAMPLE = SHARED / "examples" / "japan-us-call-2022"
ECB = SHARED / "data" / "ecbplus-dev"
_URL = re.compile(r"\Ahttps?\s*:\s*/\s*/[^\n]*")


def ecb_records(root: Path, topics: int) -> list[dict[str, str]]:
    """JSONL records (id, text, url when the document names its source) of the first
    ``topics`` ECB+ topics."""
    dirs = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: int(p.name))[:topics]
    out = []
    for d in dirs:
        for f in sorted(d.glob("*.xml")):
            toks = [(int(s), w) for s, w in _TOKEN_RE.findall(f.read_text(encoding="utf-8"))]
            text = _detokenize(toks)
            rec = {"id": f"ecb{f.stem}"}
            m = _URL.match(text)
            if m:
                rec["url"] = m.group(0).replace(" ", "")
                text = text[m.end() :].lstrip("\n")
            rec["text"] = text
            out.append(rec)
    return out


def build(db: Path, topics: int = 3, *, brief: bool = True) -> str:
    """Ingest the sample into ``db`` (a new file); returns the example story's id."""
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    exe = [sys.executable, "-m", "newsfuse.cli.run"]
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "ecbplus.jsonl"
        with jsonl.open("w", encoding="utf-8") as fh:
            for rec in ecb_records(ECB, topics):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        run = [*exe, "ingest", str(EXAMPLE), str(jsonl), "--db", str(db), "--jobs", "1"]
        subprocess.run(run, check=False, stdout=subprocess.DEVNULL)
    from newsfuse.store import Store

    with Store(db) as store:
        row = store.conn.execute(
            "SELECT story FROM story_members WHERE article LIKE '000_%' LIMIT 1"
        ).fetchone()
    if row is None:
        raise SystemExit(f"the example articles were not stored in {db}")
    if brief:
        subprocess.run([*exe, "briefings", "--db", str(db), "--story", row[0]], check=True)
    return str(row[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("db", type=Path)
    ap.add_argument("--topics", type=int, default=3)
    ap.add_argument("--no-brief", action="store_true")
    args = ap.parse_args()
    build(args.db, args.topics, brief=not args.no_brief)


if __name__ == "__main__":
    main()
