"""The clustering features of one article: weighted content terms, names, years and dates.

A pure function of the article's text, title and date (no NLP model), so it runs on any worker
(:class:`newsfuse.corpus.ingest.PrepareStage`) and the store can recompute it from a stored
article (:func:`newsfuse.store.moves.member_features`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from newsfuse.corpus.features import names, term_weights, words
from newsfuse.corpus.regroup import NUMBER_PREFIX

__all__ = ["ArticleFeatures", "article_features", "numbers"]


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """The clustering features of one article (computable on any worker)."""

    id: str
    terms: dict[str, float]
    names: dict[str, int]
    published: date | None
    title: str | None


def article_features(
    aid: str,
    text: str,
    title: str | None = None,
    published: date | None = None,
    toks: list[str] | None = None,
) -> ArticleFeatures:
    """Features of one article: the title counts twice in the terms and names; the years and
    dates it mentions travel with the names (marked with ``#``).

    ``toks``: the :func:`~newsfuse.corpus.features.words` of ``text``, when already computed."""
    body = f"{title}\n{title}\n{text}" if title else text
    if toks is not None and title:
        head = words(title)  # words never span the line breaks between title and text
        toks = head + head + toks
    found = dict(names(body))
    for n in numbers(body):
        found[n] = found.get(n, 0) + 1
    return ArticleFeatures(aid, term_weights(body, toks=toks), found, published, title)


# dates and years: what tells apart two similar events (two earthquakes, two check-ins)
_MONTHS = (
    "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|"
    "July|August|September|October|November|December"
)
_DATE_RE = re.compile(rf"\b(?=[A-Z])((?i:{_MONTHS}))\.? (\d{{1,2}})(?:st|nd|rd|th)?\b")
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_URL_RE = re.compile(r"https?:(?:\s*[/.:_\-?=&%#~]\s*|[a-z0-9]+)+")


def numbers(text: str) -> set[str]:
    """Years and month-day dates in a text ("#2013", "#dec15"), not those inside URLs."""
    if "http" in text:  # (a URL's digits are not dates)
        text = _URL_RE.sub(" ", text)
    out = {NUMBER_PREFIX + mon[:3].lower() + day for mon, day in _DATE_RE.findall(text)}
    out.update(NUMBER_PREFIX + y for y in _YEAR_RE.findall(text))
    return out
