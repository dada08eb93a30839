"""Multi-document extractive summaries with citations.

``summarize`` is the one entry point; ``algorithm`` picks the selector, each in its own module:

- ``newsfuse`` (default): weighted concept coverage, greedy under the budget, noise filtering,
  light compression, redundancy control (:mod:`newsfuse.summarize.newsfuse`);
- ``lead``: first sentences of each article, round robin (:mod:`.lead`);
- ``lexrank``: graph centrality over tf-idf lemma vectors (:mod:`.lexrank`);
- ``centroid``: closeness to the cluster's tf-idf centroid (:mod:`.centroid`);
- ``sumy-lexrank``, ``sumy-textrank``: the sumy package's implementations, run offline
  (:mod:`.sumy_baselines`; needs the ``eval`` extras).

Every returned :class:`~newsfuse.model.SummarySentence` cites the sentence it came from first,
then the best matching sentence of each other article that states the same content.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from newsfuse.model import Analysis, Span, SummarySentence
from newsfuse.summarize import centroid, lead, lexrank
from newsfuse.summarize.common import assemble, fill, same_content
from newsfuse.summarize.filters import is_debris
from newsfuse.summarize.newsfuse import Params
from newsfuse.summarize.units import Unit, build_units, word_count


@dataclass(frozen=True, slots=True)
class Request:
    """What every selector is given: the story and the summary's budget."""

    analyses: Sequence[Analysis]
    raw: list[Unit]  # every sentence, unfiltered
    groups: Mapping[str, str] | None
    words: int
    truncate: bool
    statements: Sequence[Sequence[Span]]
    params: Params | None


def _newsfuse(r: Request) -> list[SummarySentence]:
    from newsfuse.summarize.newsfuse import select

    units = build_units(r.analyses, r.groups, clean=True)
    if not any(u.selectable for u in units):
        # nothing passes the filter (a short or unpunctuated text): any sentence that is not
        # page debris; a text of debris alone (an archive notice) gets no summary
        units = [u for u in r.raw if not is_debris(u.text)]
    chosen, texts = select(units, r.words, r.params, statements=r.statements, truncate=r.truncate)
    cut = []  # with truncate, the unit chosen to be cut at the budget comes last
    if chosen and sum(word_count(texts.get(u, u.text)) for u in chosen) > r.words:
        cut = [chosen.pop()]
    extra = cut + sorted(
        (u for u in units if u.selectable and u not in chosen and u not in cut),
        key=lambda u: (u.pos, u.doc),
    )
    return assemble(
        chosen,
        r.raw,
        r.words,
        truncate=r.truncate,
        extra=extra,
        text_of=lambda u: texts.get(u, u.text),
    )


def _lead(r: Request) -> list[SummarySentence]:
    ranked = lead.rank(r.raw)
    return assemble(
        fill(ranked, r.words), r.raw, r.words, truncate=r.truncate, extra=ranked, reorder=False
    )


def _ranked(rank: Callable[[list[Unit]], list[Unit]]) -> Callable[[Request], list[SummarySentence]]:
    """A selector that fills the budget from ``rank``'s order, skipping repeated content."""

    def run(r: Request) -> list[SummarySentence]:
        ranked = rank(r.raw)
        chosen = fill(
            ranked, r.words, redundant=lambda u, got: any(same_content(u, g) for g in got)
        )
        return assemble(chosen, r.raw, r.words, truncate=r.truncate, extra=ranked)

    return run


def _sumy(method: str) -> Callable[[Request], list[SummarySentence]]:
    """sumy's ``method`` (needs the ``eval`` extras, imported only when used)."""

    def run(r: Request) -> list[SummarySentence]:
        from newsfuse.summarize.sumy_baselines import rank as sumy_rank

        ranked = sumy_rank(r.analyses, r.raw, method)
        chosen = sorted(fill(ranked, r.words), key=lambda u: (u.doc, u.pos))
        return assemble(chosen, r.raw, r.words, truncate=r.truncate, extra=ranked, reorder=False)

    return run


#: Every selector, by the name ``summarize(algorithm=...)`` takes.
SUMMARIZERS: Mapping[str, Callable[[Request], list[SummarySentence]]] = MappingProxyType(
    {
        "newsfuse": _newsfuse,
        "lead": _lead,
        "lexrank": _ranked(lexrank.rank),
        "centroid": _ranked(centroid.rank),
        "sumy-lexrank": _sumy("lexrank"),
        "sumy-textrank": _sumy("textrank"),
    }
)
ALGORITHMS = tuple(SUMMARIZERS)


def summarize(
    analyses: Sequence[Analysis],
    *,
    words: int = 120,
    groups: Mapping[str, str] | None = None,
    truncate: bool = False,
    algorithm: str = "newsfuse",
    statements: Sequence[Sequence[Span]] = (),
    params: Params | None = None,
) -> list[SummarySentence]:
    """An extractive summary of the articles in ``analyses`` of at most ``words`` words.

    ``groups`` maps article id to independence group (outlet or copied wire service); concepts
    reported by several groups weigh more. Sentences that do not fit are dropped, never cut,
    unless ``truncate`` is set, in which case the next sentence is cut to fill the budget.
    ``statements`` (newsfuse algorithm only) are groups of sentence spans that state the same
    fact, e.g. the briefing's aligned facts: at most one sentence of a group is taken.
    ``params`` (newsfuse algorithm only) are the selector's knobs
    (:class:`newsfuse.summarize.newsfuse.Params`), e.g. ``Params(quote_bonus=0)``.
    The result is deterministic for the same input.
    """
    selector = SUMMARIZERS.get(algorithm)
    if selector is None:
        raise ValueError(f"unknown summarization algorithm {algorithm!r}; one of {ALGORITHMS}")
    if params is not None and algorithm != "newsfuse":
        raise ValueError(f"params are the newsfuse selector's; {algorithm!r} takes none")
    if words <= 0 or not analyses:
        return []
    raw = build_units(analyses, groups, clean=False)
    return selector(Request(analyses, raw, groups, words, truncate, statements, params))


__all__ = ["ALGORITHMS", "SUMMARIZERS", "Request", "summarize"]
