"""Cheap text features shared by duplicate detection and story clustering (no NLP model).

Everything here is a pure function of the text: normalized content hash, word tokens, content
terms with log term frequencies, word shingles, and a rough guess at named entities (runs of
capitalised words that do not start a sentence), so the corpus stages run at thousands of
articles per second without spaCy.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter

WORD_RE = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*", re.UNICODE)
# a run of capitalised words, allowing lowercase particles inside ("Bank of Japan")
_NAME_WORD = r"[A-Z](?:\.|[\w'’\-]*)"
NAME_RE = re.compile(
    rf"\b{_NAME_WORD}(?:[ \t]+(?:(?:of|de|la|van|von|al|bin|the|and|for)[ \t]+)?{_NAME_WORD})*"
)
SENT_START_RE = re.compile(r"(?:^|[.!?\"“”:]\s*|\n\s*)$")

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "aren't",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "can't",
        "cannot",
        "could",
        "couldn't",
        "did",
        "didn't",
        "do",
        "does",
        "doesn't",
        "doing",
        "don't",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "hadn't",
        "has",
        "hasn't",
        "have",
        "haven't",
        "having",
        "he",
        "he'd",
        "he'll",
        "he's",
        "her",
        "here",
        "here's",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "how's",
        "i",
        "i'd",
        "i'll",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "isn't",
        "it",
        "it's",
        "its",
        "itself",
        "let's",
        "me",
        "more",
        "most",
        "mustn't",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "ought",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "shan't",
        "she",
        "she'd",
        "she'll",
        "she's",
        "should",
        "shouldn't",
        "so",
        "some",
        "such",
        "than",
        "that",
        "that's",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "there's",
        "these",
        "they",
        "they'd",
        "they'll",
        "they're",
        "they've",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "wasn't",
        "we",
        "we'd",
        "we'll",
        "we're",
        "we've",
        "were",
        "weren't",
        "what",
        "what's",
        "when",
        "when's",
        "where",
        "where's",
        "which",
        "while",
        "who",
        "who's",
        "whom",
        "why",
        "why's",
        "with",
        "won't",
        "would",
        "wouldn't",
        "you",
        "you'd",
        "you'll",
        "you're",
        "you've",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "said",
        "says",
        "say",
        "will",
        "just",
        "one",
        "two",
        "new",
        "like",
        "get",
        "got",
        "told",
        "also",
        "now",
        "would",
        "could",
        "may",
        "might",
        "us",
        "mr",
        "mrs",
        "ms",
        "s",
        "t",
        "year",
        "years",
        "time",
        "people",
        "last",
        "first",
        "week",
        "day",
        "according",
        "since",
        "still",
        "many",
        "much",
        "well",
        "even",
        "back",
        "made",
        "make",
        "way",
        "around",
        "including",
        "however",
    ]
)
# capitalised words that are not names when they stand alone
NAME_STOP = frozenset(
    """The A An And But Or If In On At For From To Of By With As It Its He She They We I You This
    That These Those His Her Their Our Your There Here When Where What Who Why How After Before
    While Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December Mr Mrs Ms Dr Photo Image Getty
    Images AP Reuters AFP Read More Related Advertisement Share Click Copyright Mayor President
    Governor Gov Minister Prime Secretary Senator Sen Rep Chief Judge General Officer""".split()  # noqa: SIM905
)


def normalize(text: str) -> str:
    """Text reduced for exact-duplicate hashing: NFKC, lowercase, words only, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(WORD_RE.findall(text))


def content_hash(text: str) -> str:
    """SHA-1 (hex) of the normalized text: equal for copies that differ in spacing or case."""
    return hashlib.sha1(normalize(text).encode("utf-8")).hexdigest()


def words(text: str) -> list[str]:
    """Lowercased word tokens."""
    return [w.lower() for w in WORD_RE.findall(text)]


def term_weights(
    text: str, max_terms: int = 200, toks: list[str] | None = None
) -> dict[str, float]:
    """Content terms with sublinear TF (``1 + log tf``), L2-normalized, at most ``max_terms``.

    ``toks``: the text's :func:`words`, when already computed."""
    # count every word in C, then keep the content terms (far fewer distinct words than tokens;
    # first-occurrence order, hence most_common's order of ties, is unchanged)
    every = Counter(words(text) if toks is None else toks)
    counts = Counter(
        {w: c for w, c in every.items() if len(w) > 2 and w not in STOPWORDS and not w.isdigit()}
    )
    if not counts:
        return {}
    top = counts.most_common(max_terms)
    weights = {t: 1.0 + math.log(c) for t, c in top}
    norm = math.sqrt(sum(v * v for v in weights.values()))
    return {t: v / norm for t, v in weights.items()}


def shingles(text: str, k: int = 3, toks: list[str] | None = None) -> set[str]:
    """The set of ``k``-word shingles of the normalized text (one shingle for short texts).

    ``toks``: the text's :func:`words`, when already computed."""
    toks = words(text) if toks is None else toks
    if len(toks) < k:
        return {" ".join(toks)} if toks else set()
    # zip stops at the shortest slice: one shingle per start position with k words after it
    return set(map(" ".join, zip(*(toks[i:] for i in range(k)), strict=False)))


def names(text: str, limit: int = 200) -> Counter[str]:
    """Lowercased guesses at named entities: capitalised runs not at the start of a sentence.

    A one-word run at a sentence start is skipped (it is capitalised anyway); longer runs are kept.
    Up to ``limit`` distinct names, with their counts.
    """
    out: Counter[str] = Counter()
    for m in NAME_RE.finditer(text):
        parts = m.group(0).split()
        k = 0
        while k < len(parts) and parts[k].rstrip(".") in NAME_STOP:
            k += 1
        if k == len(parts):
            continue
        if k:
            parts = parts[k:]
        if len(parts) == 1:
            # a one-word run at a sentence start is capitalised anyway (unless it followed a
            # stop word such as "Mr"), and one of fewer than three letters says little
            if len(parts[0]) < 3 or (
                not k and SENT_START_RE.search(text[max(0, m.start() - 4) : m.start()])
            ):
                continue
            name = _strip(parts[0]).lower()
        else:
            name = " ".join(map(_strip, parts)).lower()
        if name and name not in STOPWORDS:
            out[name] += 1
            if len(parts) > 1:  # "Tara Reid" also counts as "reid" to meet a later surname
                out[_strip(parts[-1]).lower()] += 1
        if len(out) >= limit:
            break
    return out


def _strip(word: str) -> str:
    """A name word without trailing punctuation or possessive ("Palin's" -> "Palin")."""
    word = word.rstrip(".,")
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            word = word[: -len(suffix)]
    return word.rstrip("'’")
