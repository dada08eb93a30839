"""Shared pieces of every summarizer: similarity, budget filling, ordering and citations.

Every algorithm ranks or selects :class:`~newsfuse.summarize.units.Unit` objects; ``assemble``
turns the chosen units into :class:`~newsfuse.model.SummarySentence` records whose first
citation is the sentence itself, followed by the best matching sentence of each *other*
article that states the same content (see :func:`support`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from newsfuse.model import Span, SummarySentence
from newsfuse.summarize.units import Unit, word_count

# A sentence of another article supports a summary sentence when it contains at least this share
# of the summary sentence's content lemmas and this share of its lemma bigrams (calibrated on
# Multi-News: paraphrases of the same fact score 0.6-0.9, topical neighbours under 0.45).
SUPPORT_UNIGRAMS = 0.6
SUPPORT_BIGRAMS = 0.3
MAX_SUPPORT = 5
# numbers and number words: outlets round the same figure differently ("about $973,000" /
# "$972,814"), so the redundancy test counts every number as the same token
_NUMBER = re.compile(r"^[$£€]?\d[\d,.:]*%?$|^(?:million|billion|thousand|hundred|percent)$")


def bigrams(lemmas: Sequence[str]) -> set[tuple[str, str]]:
    """Adjacent pairs of content lemmas."""
    return set(zip(lemmas, lemmas[1:], strict=False))


def containment(
    small: Sequence[str], big: Sequence[str], idf: Mapping[str, float] | None = None
) -> tuple[float, float]:
    """Share of the lemmas and of the lemma bigrams of ``small`` that also occur in ``big``.

    With ``idf`` the lemma share is weighted by inverse document frequency, so that names
    repeated all over a story count less than the words that make a statement specific.
    """
    a, b = set(small), set(big)
    if not a:
        return 0.0, 0.0
    if idf is None:
        uni = len(a & b) / len(a)
    else:
        total = sum(idf.get(w, 1.0) for w in a)
        uni = sum(idf.get(w, 1.0) for w in a & b) / total if total else 0.0
    ba, bb = bigrams(small), bigrams(big)
    bi = len(ba & bb) / len(ba) if ba else uni
    return uni, bi


def lemma_idf(units: Iterable[Unit]) -> dict[str, float]:
    """Smoothed inverse sentence frequency of every lemma in ``units``."""
    df: Counter[str] = Counter()
    n = 0
    for u in units:
        n += 1
        df.update(set(u.lemmas))
    return {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in df.items()}


def cosine(a: Sequence[str], b: Sequence[str]) -> float:
    """Cosine similarity of two lemma bags (raw counts)."""
    ca, cb = Counter(a), Counter(b)
    num = sum(v * cb[k] for k, v in ca.items())
    if not num:
        return 0.0
    return num / math.sqrt(sum(v * v for v in ca.values()) * sum(v * v for v in cb.values()))


def numbers_as_one(lemmas: Sequence[str]) -> list[str]:
    """``lemmas`` with every number and number word replaced by "#"."""
    return ["#" if _NUMBER.match(w) else w for w in lemmas]


def same_content(a: Unit, b: Unit, threshold: float = 0.5) -> bool:
    """True when two units say much the same thing: identical text, or a bag-of-lemmas cosine
    of at least ``threshold``, as they are or once all numbers count as one token."""
    if a.text.lower() == b.text.lower() or cosine(a.lemmas, b.lemmas) >= threshold:
        return True
    return cosine(numbers_as_one(a.lemmas), numbers_as_one(b.lemmas)) >= threshold


def support(
    unit: Unit,
    units: Iterable[Unit],
    idf: Mapping[str, float] | None = None,
    bags: Sequence[tuple[set[str], set[tuple[str, str]]]] | None = None,
) -> list[Span]:
    """Spans of sentences in other articles that state the content of ``unit``.

    At most one sentence per other article (its best match), best first, at most MAX_SUPPORT.
    A candidate must contain SUPPORT_UNIGRAMS of the idf-weighted lemmas of ``unit`` and
    SUPPORT_BIGRAMS of its lemma bigrams (:func:`containment`). ``bags``: per unit of
    ``units``, its lemma set and lemma bigrams (:func:`lemma_bags`), made once for many calls;
    the shares are the ones :func:`containment` gives, and a candidate whose bigram share fails
    is left before its weighted lemma share is summed.
    """
    if not unit.lemmas:
        return []
    pool = list(units)
    if bags is None:
        bags = lemma_bags(pool)
    a, ba = set(unit.lemmas), bigrams(unit.lemmas)
    total = sum(idf.get(w, 1.0) for w in a) if idf is not None else 0.0
    best: dict[str, tuple[float, int, Span]] = {}
    for other, (b, bb) in zip(pool, bags, strict=True):
        if other.span.article == unit.span.article:
            continue
        if ba:
            bi = len(ba & bb) / len(ba)
            if bi < SUPPORT_BIGRAMS:
                continue
        if idf is None:
            uni = len(a & b) / len(a)
        else:
            uni = sum(idf.get(w, 1.0) for w in a & b) / total if total else 0.0
        if not ba:
            bi = uni
        if uni < SUPPORT_UNIGRAMS or bi < SUPPORT_BIGRAMS:
            continue
        score = uni + bi
        key = other.span.article
        cand = (score, -other.span.start, other.span)
        if key not in best or cand[:2] > best[key][:2]:
            best[key] = cand
    ranked = sorted(best.values(), key=lambda t: (-t[0], t[2].article, t[2].start))
    return [span for _, _, span in ranked[:MAX_SUPPORT]]


def lemma_bags(units: Iterable[Unit]) -> list[tuple[set[str], set[tuple[str, str]]]]:
    """Per unit, its lemma set and its lemma bigrams (what :func:`containment` compares)."""
    return [(set(u.lemmas), bigrams(u.lemmas)) for u in units]


def order_key(unit: Unit) -> tuple:
    """Reading order: relative position in the article first (news leads with the gist), then
    article date, then article order."""
    rel = unit.pos / max(1, unit.n_doc)
    published = unit.published.toordinal() if unit.published else 0
    return (round(rel, 2), published, unit.doc, unit.pos)


def fill(
    ranked: Iterable[Unit],
    words: int,
    *,
    text_of: Callable[[Unit], str] = lambda u: u.text,
    redundant: Callable[[Unit, Sequence[Unit]], bool] | None = None,
) -> list[Unit]:
    """Take units in rank order while they fit in ``words``; skip (never cut) ones that do not."""
    chosen: list[Unit] = []
    used = 0
    for unit in ranked:
        n = word_count(text_of(unit))
        if n == 0 or used + n > words:
            continue
        if redundant is not None and redundant(unit, chosen):
            continue
        chosen.append(unit)
        used += n
    return chosen


def assemble(
    chosen: Sequence[Unit],
    pool: Sequence[Unit],
    words: int,
    *,
    truncate: bool = False,
    extra: Iterable[Unit] = (),
    text_of: Callable[[Unit], str] = lambda u: u.text,
    reorder: bool = True,
) -> list[SummarySentence]:
    """SummarySentences for ``chosen`` (reordered for reading), with support citations from
    ``pool``. With ``truncate`` the first unit of ``extra`` that is not chosen fills the words
    left, cut mid-sentence and marked with "…" (attached to its last word, so the word count
    stays within the budget).
    """
    units = sorted(chosen, key=order_key) if reorder else list(chosen)
    pool = list(pool)
    idf = lemma_idf(pool)
    bags = lemma_bags(pool)  # made once for every chosen unit's support
    out: list[SummarySentence] = []
    used = 0
    for unit in units:
        text = text_of(unit)
        n = word_count(text)
        if used + n > words:
            continue
        used += n
        out.append(SummarySentence(text, (unit.span, *support(unit, pool, idf, bags))))
    if truncate and used < words:
        taken = {u.span for u in units}
        for unit in extra:
            if unit.span in taken:
                continue
            left = words - used
            cut = text_of(unit).split()[:left]
            if cut:
                out.append(SummarySentence(" ".join(cut) + "…", (unit.span,)))
            break
    return out
