"""Timeline17 as a newswire dev set for ``newsfuse eval summary``.

Each topic folder of ``../shared/data/timeline17-dev`` holds the day's articles
(``InputDocs/YYYY-MM-DD/*.txt``, tokenised text) and timelines written by journalists
(``timelines/*.txt``: a date line, the entry's sentences, a line of dashes). One cluster is one
day of one topic that has an entry in the topic's first timeline (by file name) and at least
``min_docs`` articles: its input is that day's articles (the first ``max_docs`` by file name, as
DUC 2004 gives ten), its reference the journalists' entry for that date. Days are taken in date
order, at most ``per_topic`` per topic, so the set is fixed. The clusters have the shape of
Multi-News lines (``id``, ``documents``, ``summary``) and go through the same scoring.
"""

from __future__ import annotations

import re
from pathlib import Path

DEFAULT_DIR = Path("../shared/data/timeline17-dev")
_DATE = re.compile(r"\d{4}-\d\d-\d\d$")
# Penn Treebank escapes and quote tokens of the tokenised text, back to plain characters
_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "``": '"', "''": '"'}


def detokenize(text: str) -> str:
    """Undo the Treebank escapes of the tokenised text ("-LRB-" -> "(", "``" -> '"')."""
    for tok, char in _PTB.items():
        text = text.replace(tok, char)
    return text


def read_timeline(path: Path) -> dict[str, str]:
    """{date: entry text} of one timeline file (entries of the same date joined)."""
    entries: dict[str, list[str]] = {}
    current: str | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if _DATE.match(line):
            current = line
            entries.setdefault(current, [])
        elif line.startswith("-----"):
            current = None
        elif line and current is not None:
            entries[current].append(detokenize(line))
    return {d: " ".join(lines) for d, lines in entries.items() if lines}


def timeline_clusters(
    root: Path, min_docs: int = 2, max_docs: int = 10, per_topic: int = 10
) -> list[dict]:
    """Day clusters of every topic folder under ``root`` (see the module docstring)."""
    clusters: list[dict] = []
    for topic in sorted(p for p in root.iterdir() if p.is_dir()):
        timelines = sorted((topic / "timelines").glob("*.txt"))
        if not timelines:
            continue
        entries = read_timeline(timelines[0])
        taken = 0
        for day in sorted(entries):
            folder = topic / "InputDocs" / day
            files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
            if len(files) < min_docs:
                continue
            docs = [
                detokenize(f.read_text(encoding="utf-8", errors="replace"))
                for f in files[:max_docs]
            ]
            clusters.append(
                {"id": f"{topic.name}/{day}", "documents": docs, "summary": entries[day]}
            )
            taken += 1
            if taken >= per_topic:
                break
    return clusters
