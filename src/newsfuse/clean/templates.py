"""Per-outlet template lines learned from the outlet's own pages.

A line that appears (after normalisation) in at least ``min_count`` different articles of the same
``source`` is part of that outlet's page template: a newsletter box, a footer, a comment policy, a
"top news" box, a standard credit. Two places learn them:

* across one batch (``brief FILES``, ``extract``): :func:`learn_templates` counts the batch's
  articles;
* across an outlet's history (``ingest``): the store keeps, per outlet, a fingerprint of every
  short line (:func:`line_fingerprints`) with the number of articles and of distinct days it was
  seen on (``Store.furniture``); a line seen in ``SITE_MIN_ARTICLES`` articles on
  ``SITE_MIN_DAYS`` days is the outlet's furniture. Days matter: one story's updates on one day
  repeat their paragraphs, a site's furniture comes back day after day.

:func:`newsfuse.clean.clean_article` removes template lines with the reason
``"outlet template (repeats in N articles of SOURCE[ on D days])"``. Long prose lines (more than
``max_words`` words) are never templates, so a wire story syndicated twice is not eaten.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from newsfuse.model import Article

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
MAX_WORDS = 40  # longer lines are prose, never a template
SITE_MIN_ARTICLES = 3  # an outlet's furniture: a line in this many of its stored articles ...
SITE_MIN_DAYS = 2  # ... seen on this many distinct days


# a transcript's speaker label opening a line: words in capitals, a title after a comma, an
# aside in parentheses, then a colon ("IVAN WATSON, CNN CORRESPONDENT (on camera): ...")
_NAME = r"[A-Z][A-Z.'\-]*(?:[ \t]+[A-Z][A-Z.'\-]*){0,5}"
_LABEL = re.compile(rf"^{_NAME}(?:\s*,\s*{_NAME}){{0,2}}\s*(?:\([^()]{{0,30}}\)\s*)?:(?:\s+|$)")


def speaker_label(line: str) -> int:
    """The length of the speaker label opening ``line`` ("KURTZ: ..."), 0 when there is none."""
    m = _LABEL.match(line.strip())
    return m.end() if m else 0


def normalize_line(line: str) -> str:
    """Case-, space- and number-insensitive key of a line, without the speaker label that opens
    a transcript's turn: ``"© 2022 X"`` == ``"© 2023 x"``, ``"KURTZ: Thank you."`` ==
    ``"Thank you."`` (a turn's words are furniture or not whoever says them). A label alone
    keys on itself."""
    text = line.strip()
    text = text[speaker_label(text) :] or text  # a label alone keys on itself
    return _SPACE.sub(" ", _DIGITS.sub("0", text.lower()))


def fingerprint(line: str) -> int:
    """A signed 64-bit hash of the normalised line (what the store keeps, never the text)."""
    key = normalize_line(line).encode("utf-8", "surrogatepass")
    digest = hashlib.blake2b(key, digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


# where a line holds two sentences: after an end mark or a closing parenthesis, before a capital
_SEGMENT = re.compile(r"(?<=[.!?)\]])\s+(?=[\"“'(\[]?[A-Z])")


def segments(line: str) -> list[tuple[int, str]]:
    """(offset, text) of the sentences of a line, when it holds more than one (a credit glued
    to a comment policy on one line: "(Reporting by ...) We welcome comments ..."); else []."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SEGMENT.finditer(line):
        out.append((start, line[start : m.start()]))
        start = m.end()
    if not out:
        return []
    out.append((start, line[start:]))
    return [(o, t) for o, t in out if t.strip()]


def line_fingerprints(text: str, max_words: int = MAX_WORDS) -> set[int]:
    """The fingerprints of the distinct non-blank lines of ``text`` of at most ``max_words``,
    and of the sentences of lines that hold several."""
    out: set[int] = set()
    for ln in text.splitlines():
        if not ln.strip():
            continue
        if len(ln.split()) <= max_words:
            out.add(fingerprint(ln))
        out.update(fingerprint(t) for _, t in segments(ln) if len(t.split()) <= max_words)
    return out


@dataclass(frozen=True, slots=True)
class Templates:
    """Template lines per source: ``lines[source][fingerprint] = (articles, days)``."""

    lines: Mapping[str, Mapping[int, tuple[int, int]]] = field(default_factory=dict)

    def seen(self, source: str | None, line: str) -> tuple[int, int]:
        """(articles, days) the template line was seen in; (0, 0) when it is not a template."""
        if source is None:
            return 0, 0
        return self.lines.get(source, {}).get(fingerprint(line), (0, 0))

    def count(self, source: str | None, line: str) -> int:
        """In how many articles of ``source`` the line was seen (0 when it is not a template)."""
        return self.seen(source, line)[0]

    def reason(self, source: str | None, line: str) -> str | None:
        """The removal reason of a template line, None for any other line."""
        n, days = self.seen(source, line)
        if not n:
            return None
        on = f" on {days} days" if days > 1 else ""
        return f"outlet template (repeats in {n} articles of {source}{on})"

    def merged(self, other: Templates | None) -> Templates:
        """Both sets of template lines (a line in both keeps the larger counts)."""
        if other is None or not other.lines:
            return self
        if not self.lines:
            return other
        out: dict[str, dict[int, tuple[int, int]]] = {s: dict(v) for s, v in self.lines.items()}
        for src, lines in other.lines.items():
            mine = out.setdefault(src, {})
            for fp, (n, d) in lines.items():
                m, e = mine.get(fp, (0, 0))
                mine[fp] = (max(n, m), max(d, e))
        return Templates({s: dict(v) for s, v in out.items()})


def learn_templates(
    articles: Sequence[Article], min_count: int = 3, max_words: int = MAX_WORDS, min_days: int = 1
) -> Templates:
    """Lines repeated in at least ``min_count`` articles of one source, on at least ``min_days``
    distinct publication days (see module docstring)."""
    per_source: dict[str, Counter[int]] = {}
    days: dict[tuple[str, int], set[date]] = defaultdict(set)
    for art in articles:
        if not art.source:
            continue
        raw = art.raw if art.raw is not None else art.text
        keys = line_fingerprints(raw, max_words)
        per_source.setdefault(art.source, Counter()).update(keys)
        if art.published is not None:
            for k in keys:
                days[art.source, k].add(art.published)
    lines = {
        src: {
            k: (c, len(days.get((src, k), ())))
            for k, c in counts.items()
            if c >= min_count and (min_days <= 1 or len(days.get((src, k), ())) >= min_days)
        }
        for src, counts in per_source.items()
    }
    return Templates({s: v for s, v in lines.items() if v})


_WORDS = re.compile(r"[a-z]{4,}")
# words too common to say what a line is about
_COMMON = frozenset(
    [
        "that",
        "this",
        "with",
        "from",
        "have",
        "been",
        "were",
        "will",
        "would",
        "there",
        "their",
        "they",
        "what",
        "when",
        "which",
        "about",
        "after",
        "also",
        "more",
        "than",
        "other",
        "into",
        "over",
        "some",
        "could",
        "should",
        "said",
        "says",
        "only",
        "most",
        "very",
        "such",
        "your",
        "just",
        "like",
        "them",
        "then",
        "these",
        "those",
        "where",
        "while",
        "being",
        "does",
        "make",
        "made",
        "many",
        "much",
    ]
)
MAX_TOPIC_SHARE = 0.25  # an off-topic line: at most this share of its words are the story's


def _content(line: str) -> set[str]:
    return {w for w in _WORDS.findall(line.lower()) if w not in _COMMON}


def off_topic_lines(articles: Sequence[Article], min_count: int = 2) -> Templates:
    """Lines repeated in ``min_count`` articles of one source that are not about the story:
    at most ``MAX_TOPIC_SHARE`` of their words are words of the story (words found in at least
    half, and at least two, of the articles, outside the repeated lines). A comment policy, an
    advert, a market-data box repeats on an outlet's pages but shares no word with the news;
    a paragraph one story's updates repeat does. A batch of one story only: for ``brief``."""
    texts = [a.raw if a.raw is not None else a.text for a in articles]
    lines = [
        {
            normalize_line(u): u
            for ln in t.splitlines()
            for u in [ln, *(seg for _, seg in segments(ln))]
            if u.strip() and len(u.split()) <= MAX_WORDS
        }
        for t in texts
    ]
    seen: Counter[tuple[str, str]] = Counter()
    for a, ls in zip(articles, lines, strict=True):
        if a.source:
            seen.update((a.source, k) for k in ls)
    repeated = {k for (_, k), n in seen.items() if n >= min_count}
    df: Counter[str] = Counter()
    for ls in lines:
        df.update({w for k, ln in ls.items() if k not in repeated for w in _content(ln)})
    need = max(2, (len(articles) + 1) // 2)
    topic = {w for w, n in df.items() if n >= need}
    out: dict[str, dict[int, tuple[int, int]]] = {}
    for a, ls in zip(articles, lines, strict=True):
        for k, ln in ls.items():
            n = seen[a.source or "", k] if a.source else 0
            if n < min_count:
                continue
            words = _content(ln)
            if words and len(words & topic) <= MAX_TOPIC_SHARE * len(words):
                out.setdefault(a.source or "", {})[fingerprint(ln)] = (n, 0)
    return Templates(out)


@dataclass(slots=True)
class LineCounts:
    """The line fingerprints one ingest batch adds to the store, per outlet:
    ``(source, fingerprint) -> (articles, the days they were published on)``."""

    counts: dict[tuple[str, int], tuple[int, set[str]]] = field(default_factory=dict)

    def add(self, source: str | None, day: str, fingerprints: Iterable[int]) -> None:
        if not source:
            return
        for fp in fingerprints:
            n, days = self.counts.get((source, fp), (0, set()))
            days.add(day)
            self.counts[source, fp] = (n + 1, days)

    def __len__(self) -> int:
        return len(self.counts)
