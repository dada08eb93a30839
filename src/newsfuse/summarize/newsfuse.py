"""The newsfuse summarizer: concept coverage with budgeted greedy selection.

1. Candidates are the cleaned sentences (captions, bylines, boilerplate and dangling sentences
   removed, see :mod:`~newsfuse.summarize.filters`), lightly compressed
   (:mod:`~newsfuse.summarize.compress`).
2. Concepts are content-lemma unigrams and bigrams weighted by the independence groups that
   mention them, boosted near article leads (:mod:`~newsfuse.summarize.concepts`).
3. Selection maximises the weight of the covered concepts under the word budget with the
   cost-scaled greedy algorithm for monotone submodular objectives (Lin & Bilmes 2010): at each
   step the sentence with the best gain / length**r ratio (the gain of a sentence quoting
   someone's words raised by ``quote_bonus``), never a sentence that repeats one already chosen;
   the best single sentence is kept instead if it alone scores higher.
4. Chosen sentences are put in reading order and cited with their supporting sentences.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from math import fsum

from newsfuse.knobs import SummaryParams
from newsfuse.model import Span
from newsfuse.summarize.common import same_content
from newsfuse.summarize.compress import compress, shorten
from newsfuse.summarize.concepts import (
    Concept,
    concept_weights,
    position_weight,
    unit_concepts,
)
from newsfuse.summarize.filters import has_quotation
from newsfuse.summarize.units import Unit, word_count

#: The selector's knobs, declared in the settings table (``[summary]``).
Params = SummaryParams
#: A summary cut at the budget ends with the start of a unit at least this many words long
MIN_CUT_WORDS = 1


def _greedy(
    units: Sequence[Unit],
    covers: Sequence[set[Concept]],
    lengths: Sequence[int],
    weights: dict[Concept, float],
    words: int,
    params: Params,
    tags: Sequence[frozenset[int]] = (),
    boost: Sequence[float] = (),
    prefix: Callable[[int, int], set[Concept]] | None = None,
) -> list[int]:
    """Indices of the units picked by the cost-scaled greedy under the budget.

    ``tags[i]`` are the statement groups unit ``i`` belongs to: two units sharing a tag state
    the same fact, and only the first of them is taken. ``boost[i]`` multiplies the gain of
    unit ``i`` (default 1).

    With ``prefix`` (the summary will be cut at the budget: ``prefix(i, n)`` are the concepts of
    the first ``n`` words of unit ``i``) a unit too long for the words left also competes, scored
    by what its first words add per word left; when it scores best it is taken last, to be cut,
    instead of filling the end with whatever short sentence still fits. It is then the last
    index returned (the only one whose length passes the budget)."""
    said: set[int] = set()
    covered: set[Concept] = set()
    chosen: list[int] = []
    used = 0
    bonus = [params.prior * (position_weight(u, params.concepts) - 1.0) for u in units]
    boost = boost or [1.0] * len(units)

    def score(i: int) -> float:
        # fsum: the same gain whatever order the set yields the concepts in (string hashing
        # varies between processes), so that ties break the same way in every run
        gain = (fsum(weights.get(c, 0.0) for c in covers[i] - covered) + bonus[i]) * boost[i]
        return gain / max(1, lengths[i]) ** params.length_power

    # Each round takes the unit of highest score (the lowest index among equal scores) that
    # fits the budget, if that score is above 0. Lazily: with weights >= 0 and boosts > 0 a
    # unit's score can only fall as ``covered`` grows, so a score computed in an earlier round
    # bounds it; a heap of (-score, index, round) gives the same pick as scoring every unit
    # every round, rescoring only the units that reach the top with an old score.
    lazy = all(w >= 0.0 for w in weights.values()) and all(b > 0.0 for b in boost)
    heap = [(-score(i), i, 0) for i in range(len(units))]
    heapq.heapify(heap)
    left = set(range(len(units)))
    refused: set[int] = set()  # repeats of a chosen unit: never chosen, not even cut
    cut_taken = False
    version = 0

    def cut_candidate(best_score: float) -> int:
        """The unit whose first ``words - used`` words score best, if above ``best_score``."""
        room = words - used
        if prefix is None or room < MIN_CUT_WORDS:
            return -1
        top, top_score = -1, best_score
        for i in range(len(units)):
            if lengths[i] <= room or i in refused or i in chosen:
                continue
            gain = fsum(weights.get(c, 0.0) for c in prefix(i, room) - covered) * boost[i]
            sc = gain / room**params.length_power
            if sc > top_score:
                top, top_score = i, sc
        return top

    while left or prefix is not None:
        best = -1
        if lazy:
            while heap:
                neg, i, at = heapq.heappop(heap)
                if used + lengths[i] > words:
                    left.discard(i)  # the budget only shrinks: it never fits again
                    continue
                if at != version:
                    heapq.heappush(heap, (-score(i), i, version))
                    continue
                if -neg > 0.0:
                    best = i
                break
        else:
            best_score = 0.0
            for i in sorted(left):
                if used + lengths[i] > words:
                    continue
                sc = score(i)
                if sc > best_score:
                    best, best_score = i, sc
        cut = cut_candidate(score(best) if best >= 0 else 0.0)
        if cut >= 0:
            if lazy and best >= 0:  # the fitting unit popped from the heap stays a candidate
                heapq.heappush(heap, (-score(best), best, version))
            best = cut
        if best < 0:
            break
        left.discard(best)
        if any(same_content(units[best], units[j], params.redundancy) for j in chosen) or (
            tags and tags[best] & said
        ):
            refused.add(best)
            continue
        if cut >= 0:
            chosen.append(cut)  # cut to the words left: nothing follows it
            cut_taken = True
            break
        if tags:
            said.update(tags[best])
        chosen.append(best)
        covered |= covers[best]
        used += lengths[best]
        version += 1
        left = {i for i in left if used + lengths[i] <= words}

    def value(idx: Sequence[int]) -> float:
        cov: set[Concept] = set().union(*(covers[i] for i in idx)) if idx else set()
        return fsum(weights.get(c, 0.0) for c in cov)

    fits = [i for i in range(len(units)) if lengths[i] <= words]
    whole = chosen[:-1] if cut_taken else chosen
    if fits:
        single = max(fits, key=lambda i: (value([i]), -i))
        if value([single]) > value(whole):
            return [single]
    return chosen


def statement_tags(
    units: Sequence[Unit], statements: Sequence[Sequence[Span]]
) -> list[frozenset[int]]:
    """For each unit, the indices of the ``statements`` groups with a sentence it overlaps."""
    by_article: dict[str, list[tuple[int, int, int]]] = {}
    for g, spans in enumerate(statements):
        for sp in spans:
            by_article.setdefault(sp.article, []).append((sp.start, sp.end, g))
    out = []
    for u in units:
        a = u.span
        out.append(
            frozenset(
                g
                for start, end, g in by_article.get(a.article, ())
                if start < a.end and a.start < end
            )
        )
    return out


def select(
    units: Sequence[Unit],
    words: int,
    params: Params | None = None,
    statements: Sequence[Sequence[Span]] = (),
    truncate: bool = False,
) -> tuple[list[Unit], dict[Unit, str]]:
    """The units chosen for a ``words``-word summary and the (compressed) text of each unit.

    ``statements`` are groups of sentence spans known to state the same fact (the briefing's
    aligned facts); at most one unit per group is chosen. With ``truncate`` (the summary is cut
    at ``words``) the last unit may be longer than the words left: it is the one to cut."""
    params = params or Params()
    texts = {u: (compress(u.text) if params.compress else u.text) for u in units}
    covers = [unit_concepts(u, params.concepts.surface_bigrams) for u in units]
    lengths = [word_count(texts[u]) for u in units]
    weights = concept_weights(units, covers, params.concepts)  # all units are evidence
    pick = [i for i, u in enumerate(units) if u.selectable]
    cands = [units[i] for i in pick]
    cand_covers = [covers[i] for i in pick]
    cand_lengths = [lengths[i] for i in pick]
    tags = statement_tags(cands, statements) if statements else []
    if 0 < words <= params.shorten_words:
        # each sentence and its shorter version share a tag: at most one of them is taken
        tags = [
            (tags[k] if tags else frozenset()) | {len(statements) + k} for k in range(len(cands))
        ]
        for k in range(len(cands)):
            unit = cands[k]
            short = shorten(texts[unit])
            if short == texts[unit]:
                continue
            variant = replace(unit, text=short, lemmas=kept_lemmas(unit.lemmas, texts[unit], short))
            texts[variant] = short
            cands.append(variant)
            cand_covers.append(unit_concepts(variant, params.concepts.surface_bigrams))
            cand_lengths.append(word_count(short))
            tags.append(tags[k])
    # a sentence quoting someone, as it would be printed (compressed)
    boost = [
        1.0 + params.quote_bonus if has_quotation(texts[u], params.quote_words) else 1.0
        for u in cands
    ]
    idx = _greedy(
        cands,
        cand_covers,
        cand_lengths,
        weights,
        words,
        params,
        tags,
        boost,
        prefix=_prefix_concepts(cands, texts, params) if truncate else None,
    )
    return [cands[i] for i in idx], texts


def kept_lemmas(lemmas: Sequence[str], text: str, kept: str) -> tuple[str, ...]:
    """The content lemmas of ``text`` that plausibly belong to ``kept``, a sub-sequence of its
    words: a lemma is dropped when its first four letters occur only in the words cut."""
    cut = Counter(text.lower().split())
    cut.subtract(Counter(kept.lower().split()))
    gone = " ".join(w for w, n in cut.items() if n > 0)
    low_kept = kept.lower()
    return tuple(lem for lem in lemmas if lem[:4] in low_kept or lem[:4] not in gone)


def _prefix_concepts(
    units: Sequence[Unit], texts: dict[Unit, str], params: Params
) -> Callable[[int, int], set[Concept]]:
    """``prefix(i, n)``: the concepts of the first ``n`` words of unit ``i`` as printed (its
    content lemmas taken in proportion: the analysis gives lemmas, not their word positions)."""
    memo: dict[tuple[int, int], set[Concept]] = {}

    def prefix(i: int, n: int) -> set[Concept]:
        if (i, n) not in memo:
            unit = units[i]
            text = texts.get(unit, unit.text).split()
            share = min(1.0, n / max(1, len(text)))
            lemmas = unit.lemmas[: round(len(unit.lemmas) * share)]
            cut = replace(unit, text=" ".join(text[:n]), lemmas=lemmas)
            memo[(i, n)] = unit_concepts(cut, params.concepts.surface_bigrams)
        return memo[(i, n)]

    return prefix
