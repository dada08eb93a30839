"""Noise filter for scraped news sentences: captions, bylines, boilerplate and fragments.

A summary sentence must make sense on its own, so besides page furniture we drop sentences that
lean on context they will not have in a summary: pronoun- or connective-initial sentences
("He said ...", "But ..."), questions, and pieces of quotes cut by the sentence splitter.
"""

from __future__ import annotations

import re

MIN_WORDS = 7
MAX_WORDS = 60

_BOILERPLATE = re.compile(
    r"(?i)(advertisement|click here|sign up|subscribe|newsletter|all rights reserved|copyright|©"
    r"|\bphoto(graph)?s? (by|credit|courtesy)|getty images|\bap photo|\(ap photo|reuters/|afp/"
    r"|image caption|image copyright|media playback|read more|\brelated:|follow (us|him|her|@)"
    r"|share this|e-?mail (us|this|me)|cookies|privacy (policy|statement)|terms of (use|service)"
    r"|contributed to this report|\bwatch:|\bvideo:|\blisten:|\blog ?in\b|leave a comment"
    r"|this (story|article|post) (has been|was|is being) (updated|corrected)|\bupdated?:"
    r"|javascript|your browser|https?://|www\.|\.com\b|@\w|#\w|staff photographer|\bfile photo"
    r"|(pictured|seen) (here|above|below)|\(photo|\bphoto:|\bcaption\b|\bslideshow|\bgallery"
    r"|\bclick\b|\bscroll\b|\bdownload\b|\bpodcast\b|\bsponsored\b|\bpartner content)"
)
_BYLINE = re.compile(r"^(by|from|posted by|written by|reporting by|edited by)\s+[A-Z]", re.I)
_DATELINE_ONLY = re.compile(r"^[A-Z][A-Z .,'-]+(\([A-Za-z .]+\))?\s*[—–-]+\s*$")
_ALLCAPS = re.compile(r"^[^a-z]*$")
_TERMINAL = re.compile(r"[.!][\"'”’)\]]*$")

DANGLING_FIRST = frozenset(
    [
        "he",
        "she",
        "they",
        "it",
        "his",
        "her",
        "their",
        "its",
        "this",
        "these",
        "those",
        "him",
        "them",
        "we",
        "i",
        "you",
        "our",
        "my",
        "your",
        "us",
        "but",
        "and",
        "or",
        "so",
        "also",
        "however",
        "still",
        "yet",
        "then",
        "instead",
        "moreover",
        "furthermore",
        "besides",
        "thus",
        "therefore",
        "hence",
        "nevertheless",
        "nonetheless",
        "plus",
        "otherwise",
        "that's",
        "it's",
        "he's",
        "she's",
        "they're",
        "there's",
        "here's",
        "afterward",
        "afterwards",
        "meanwhile",
        "likewise",
        "similarly",
    ]
)
_QUOTES = '"“”'


def first_word(text: str) -> str:
    """The first word of ``text``, lowercased, without surrounding punctuation."""
    for tok in text.split():
        word = tok.strip("\"'“”‘’()[],;:—–-").lower()
        if word:
            return word
    return ""


def quote_fraction(text: str) -> float:
    """Share of the characters of ``text`` that sit inside double quotes."""
    inside = 0
    state = False
    for ch in text:
        if ch in _QUOTES:
            state = not state
            continue
        if state:
            inside += 1
    return inside / max(1, len(text))


def is_noise(text: str) -> bool:
    """True when ``text`` should never be a summary sentence."""
    words = text.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return True
    if not _TERMINAL.search(text):  # headings, captions, questions, cut sentences
        return True
    stripped = text.lstrip("\"'“‘( ")
    if not stripped or not (stripped[0].isupper() or stripped[0].isdigit()):
        return True
    if _BOILERPLATE.search(text) or _BYLINE.match(text) or _DATELINE_ONLY.match(text):
        return True
    if _ALLCAPS.match(text):
        return True
    if first_word(text) in DANGLING_FIRST:
        return True
    n_quotes = sum(text.count(q) for q in _QUOTES)
    if n_quotes % 2 == 1:  # a quote cut by the sentence splitter
        return True
    return quote_fraction(text) > 0.6
