"""Coverage: what each article alone reports, and which of the story's main facts it leaves out.

Main facts are those stated by at least two independent sources. An article's unique facts are its
sentences that no other article states (no fact includes them, and no sentence of another article
states the same thing), ranked by how much they carry:
names, numbers and dates, and how early they come.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from newsfuse.crosscheck.repeats import repeated_refs
from newsfuse.crosscheck.similarity import StoryVectors
from newsfuse.knobs import CrossCheckParams
from newsfuse.model import Analysis, Coverage, Fact


def coverage(
    analyses: Sequence[Analysis],
    vectors: StoryVectors,
    facts: Sequence[Fact],
    stated_elsewhere: AbstractSet[int] = frozenset(),
    *,
    per_article: int = 3,
    min_sim: float = CrossCheckParams().fact_threshold,
) -> list[Coverage]:
    main = [f for f in facts if f.independent_sources >= 2]
    copies = repeated_refs(vectors)  # a sentence its article repeats is reported alone once
    out = []
    for d, an in enumerate(analyses):
        aid = an.article.id
        keys = [vectors.by_key[(d, i)] for i in range(len(an.sentences))]
        unique = []
        for k in keys:
            if vectors.size(k) < 5 or len(vectors.refs[k].sentence.text.split()) < 8:
                continue
            if k in stated_elsewhere or k in copies:
                continue
            if any(
                vectors.same_statement(k, o, min_sim)[0]
                for o in vectors.neighbours(k, min_sim)
                if vectors.refs[o].doc != d
            ):
                continue
            weight = len(vectors.names(k)) + 2 * len(vectors.amounts(k))
            unique.append((-weight, vectors.refs[k].index, vectors.refs[k].sentence.text.strip()))
        unique.sort()
        missing = [f.text for f in main if aid not in f.articles]
        out.append(Coverage(aid, tuple(t for _, _, t in unique[:per_article]), tuple(missing)))
    return out
