"""The extractors that run over a parsed document, each in its own module.

Each takes the spaCy ``Doc`` of the cleaned text and the Article (for its id and date) and returns
records whose spans index into ``article.text``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsfuse.model import Amount, Article, LoadedPhrase, Quote, Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc


def quotes(doc: Doc, article: Article) -> list[Quote]:
    from newsfuse.analyze.quotes import extract_quotes

    return extract_quotes(doc, article)


def timexes(doc: Doc, article: Article) -> list[Timex]:
    from newsfuse.analyze.timex import tag_timexes

    return tag_timexes(doc, article, article.published)


def amounts(doc: Doc, article: Article) -> list[Amount]:
    from newsfuse.analyze.amounts import extract_amounts

    return extract_amounts(doc, article)


def loaded(doc: Doc, article: Article, quotes: tuple[Quote, ...]) -> list[LoadedPhrase]:
    from newsfuse.analyze.loaded import loaded_phrases

    return loaded_phrases(doc, article, quotes)
