"""Timeline17 as a newswire dev set for ``newsfuse eval summary``.

Each topic folder of ``../shared/data/timeline17-dev`` holds the day's articles
(``InputDocs/YYYY-MM-DD/*.txt``, tokenised text) and timelines written by journalists
(``timelines/*.txt``: a date line, the entry's sentences, a line of dashes). One cluster is one
day of one topic that has an entry in the topic's first timeline (by file name) and at least
``min_docs`` articles: its input is that day's articles (the first ``max_docs`` by file name, as
DUC 2004 gives ten), its reference the journalists' entry for that date. Days are taken in date
order, at most ``per_topic`` per topic, so the set is fixed. The clusters have the shape of
Multi-News lines (``id``, ``documents``, ``summary``) and go through the same scoring.

The articles are Treebank-tokenised ("Assad , the al-Watan newspaper said ."); DUC's newswire is
not, and a summary's 100-word budget counts whitespace-separated words, so each line is given
its ordinary spacing back (:func:`restore_spacing`) before analysis: otherwise every comma and
full stop would take one of the 100 words.
"""

from __future__ import annotations

import re
from pathlib import Path

DEFAULT_DIR = Path("../shared/data/timeline17-dev")
# Leave-topic-out: summarizer settings may be tuned on the days of these topics (folder names
# start with them) and are reported on the others (EgyptianProtest, IraqWar, haiti)
TUNING_TOPICS = ("LibyaWar", "SyrianCrisis")
SPLITS = ("tuning", "held-out")
_DATE = re.compile(r"\d{4}-\d\d-\d\d$")
# Penn Treebank escapes and quote tokens of the tokenised text, back to plain characters
_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "``": '"', "''": '"'}
# tokens the tokeniser split off the word before: punctuation and clitics ("do n't", "Assad 's")
_CLITIC = r"(?:[,.:;?!%]|\.\.\.|'s|n't|'re|'ve|'m|'ll|'d)"
_ATTACH_LEFT = re.compile(rf" (?={_CLITIC}(?:[\s\"')\]]|$))", re.IGNORECASE)
_SPACING = (
    (re.compile(r"``\s*"), '"'),  # an opening quote sticks to the word after it
    (re.compile(r"\s*''"), '"'),  # a closing quote to the word before it
    (re.compile(r"-LRB-\s*"), "("),
    (re.compile(r"\s*-RRB-"), ")"),
    (re.compile(r"-LSB-\s*"), "["),
    (re.compile(r"\s*-RSB-"), "]"),
    (re.compile(r"\$ (?=\d)"), "$"),
    (re.compile(r"\\([/*])"), r"\1"),  # escaped slashes and stars: "Handout\/PA"
)


def detokenize(text: str) -> str:
    """Undo the Treebank escapes of the tokenised text ("-LRB-" -> "(", "``" -> '"')."""
    for tok, char in _PTB.items():
        text = text.replace(tok, char)
    return text


def restore_spacing(line: str) -> str:
    """One line of tokenised text with ordinary spacing: "He said , `` We wo n't . ''" becomes
    'He said, "We won't."' (quotes, brackets, punctuation, clitics and "$ 5")."""
    for pattern, repl in _SPACING:
        line = pattern.sub(repl, line)
    return _ATTACH_LEFT.sub("", line)


def plain_text(text: str) -> str:
    """A tokenised article with ordinary spacing, line by line (:func:`restore_spacing`)."""
    return "\n".join(restore_spacing(line) for line in text.splitlines())


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
                plain_text(f.read_text(encoding="utf-8", errors="replace"))
                for f in files[:max_docs]
            ]
            clusters.append(
                {"id": f"{topic.name}/{day}", "documents": docs, "summary": entries[day]}
            )
            taken += 1
            if taken >= per_topic:
                break
    return clusters


def topic_split(cluster_id: str) -> str:
    """The part of a cluster: "tuning" for a day of a TUNING_TOPICS folder, else "held-out"."""
    return "tuning" if cluster_id.split("/")[0].startswith(TUNING_TOPICS) else "held-out"
