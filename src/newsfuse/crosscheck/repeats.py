"""Sentences an article repeats: a page that holds its own text twice (a live blog re-posting its
summary, a body extracted twice) must not state a fact, a timeline entry or a quote once per copy.
Cleaning removes repeated paragraphs (``clean.body.mark_repeats``); these helpers keep the
briefing right for text that was not cleaned (HTML read by trafilatura, analyses from a store)."""

from __future__ import annotations

import re

from newsfuse.crosscheck.similarity import StoryVectors

_WORD = re.compile(r"[\w']+")


def normalized(text: str) -> str:
    """The lower-cased words of ``text``: two copies differing in spacing or punctuation match."""
    return " ".join(_WORD.findall(text.lower()))


def repeated_refs(vectors: StoryVectors) -> frozenset[int]:
    """Indices of ``vectors.refs`` whose sentence repeats, word for word, an earlier sentence
    of the same article."""
    seen: set[tuple[int, str]] = set()
    out: set[int] = set()
    for k, ref in enumerate(vectors.refs):
        key = (ref.doc, normalized(ref.sentence.text))
        if not key[1]:
            continue
        if key in seen:
            out.add(k)
        seen.add(key)
    return frozenset(out)
