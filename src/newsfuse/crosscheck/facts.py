"""Statements aligned across outlets: sentences that state the same thing become one fact.

Every sentence is tried as the *representative* of a fact. In each other article its best match
supports it when (1) the concept similarity passes ``threshold`` and (2) the match states every
number the representative states, so a fact never claims support for a detail its supporter lacks
("a 25-minute call" is not supported by a sentence that only says "a call"). Facts are then taken
greedily by independent-source count, article count and similarity, skipping one whose sentences and
numbers an earlier fact already covers.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from newsfuse.analyze.standalone import standalone_text
from newsfuse.crosscheck.independence import count_independent
from newsfuse.crosscheck.linker import Linker
from newsfuse.crosscheck.similarity import StoryVectors
from newsfuse.knobs import CrossCheckParams
from newsfuse.model import Fact, Span
from newsfuse.summarize.filters import is_speakerless_quote

MIN_CONCEPTS = 4
# whether a supporting article may be cited for more than one sentence (every one that links with
# the representative and the other supporters): off, since it cites sentences that do not say the
# fact (docs/eval/facts.md has the measurement)
MORE_SENTENCES = False


@dataclass(slots=True)
class FactCluster:
    rep: int  # index into StoryVectors.refs
    members: dict[int, int] = field(default_factory=dict)  # doc index -> ref index
    sims: dict[int, float] = field(default_factory=dict)  # ref index -> similarity to rep
    independent: int = 1
    # more sentences of a supporting article that report the same event (pair model only)
    extra: list[int] = field(default_factory=list)

    @property
    def refs(self) -> list[int]:
        return sorted([*self.members.values(), *self.extra])


def eligible(vectors: StoryVectors, k: int) -> bool:
    text = vectors.refs[k].sentence.text.strip()
    return vectors.size(k) >= MIN_CONCEPTS and not text.endswith("?") and len(text.split()) >= 6


def stands_alone(vectors: StoryVectors, k: int) -> bool:
    """Whether sentence ``k`` can state a fact alone: no pronoun subject left unresolved."""
    ref = vectors.refs[k]
    an = vectors.analyses[ref.doc]
    return standalone_text(an, ref.index, ref.sentence.text) is not None


def _is_quote(vectors: StoryVectors, k: int) -> bool:
    """A sentence that is a quotation: a fact is better told in an outlet's own words."""
    return vectors.refs[k].sentence.text.lstrip()[:1] in {'"', "“", "‘", "'"}


def support_for(
    vectors: StoryVectors,
    rep: int,
    threshold: float,
    candidates: Collection[int],
    linker: Linker | None = None,
) -> FactCluster:
    """The fact that sentence ``rep`` states, with its best supporter in every other article.

    With a ``linker`` (the learned pair model), a supporter is the sentence of its article most
    likely to report the same event, when that probability passes the model's threshold (or its
    floor, when the rule below also holds) and no number or person conflicts; supporters must
    also link with each other. Without one: a shared amount ("40 teachers") stands in for the
    embedding agreement; a supporter that is not strong must also be mutual (``rep`` is the
    sentence of its article most like it). ``candidates`` (a set, range or list of sentence
    indices) are tried in index order.
    """
    ref = vectors.refs[rep]
    cluster = FactCluster(rep=rep, members={ref.doc: rep}, sims={rep: 1.0})
    need = vectors.amounts(rep)
    if linker is not None:
        return _linked_support(vectors, cluster, need, _lookup(candidates), linker, threshold)
    allowed = _lookup(candidates)
    best: dict[int, tuple[float, int, bool]] = {}
    # only the sentences that can pass the rule (blocking, see StoryVectors.neighbours)
    for k in vectors.neighbours(rep, threshold):
        if k not in allowed:
            continue
        other = vectors.refs[k]
        if other.doc == ref.doc or not need <= vectors.amounts(k):
            continue
        ok, strong = vectors.same_statement(rep, k, threshold)
        if not ok and need and vectors.lexical(rep, k) >= threshold - 0.02:
            ok = True
        if not ok:
            continue
        s = vectors.sim(rep, k)
        if s > best.get(other.doc, (0.0, -1, False))[0]:
            best[other.doc] = (s, k, strong)
    for doc, (s, k, strong) in best.items():
        if not strong and not need and not _mutual(vectors, rep, k, allowed, s):
            continue
        cluster.members[doc] = k
        cluster.sims[k] = s
    return cluster


def _lookup(candidates: Collection[int]) -> Collection[int]:
    """``candidates`` with a constant-time ``in``."""
    if isinstance(candidates, range | set | frozenset):
        return candidates
    return frozenset(candidates)


def _linked_support(
    vectors: StoryVectors,
    cluster: FactCluster,
    need: frozenset[str],
    allowed: Collection[int],
    linker: Linker,
    threshold: float,
) -> FactCluster:
    """Supporters by the pair model: probability >= its threshold, or >= its floor when the
    concept/embedding rule also holds; every two supporters at least ``together``."""
    rep = cluster.rep
    doc = vectors.refs[rep].doc
    model = linker.model
    best: dict[int, tuple[float, int]] = {}
    strong: list[int] = []  # every sentence that links with rep alone
    for k in linker.candidates(rep, model.floor):  # blocking: the others cannot reach the floor
        other = vectors.refs[k].doc
        if k not in allowed or other == doc or not need <= vectors.amounts(k):
            continue
        p = linker.probability(rep, k)
        if p >= model.threshold:
            strong.append(k)
        if p < model.floor or p <= best.get(other, (0.0, -1))[0]:
            continue
        if p >= model.threshold or vectors.same_statement(rep, k, threshold)[0]:
            best[other] = (p, k)
    for p, k in sorted(best.values(), reverse=True):
        if linker.all_at_least(
            k, (m for m in cluster.members.values() if m != rep), model.together
        ):
            cluster.members[vectors.refs[k].doc] = k
            cluster.sims[k] = p
    # a supporting article may report the event in more than one sentence: each that links with
    # rep alone and with every supporter of the other articles is cited too
    chosen = set(cluster.members.values())
    for k in strong:
        d = vectors.refs[k].doc
        if k in chosen or d not in cluster.members or not MORE_SENTENCES:
            continue
        if all(
            linker.probability(k, m) >= model.together
            for m in cluster.members.values()
            if m != rep and vectors.refs[m].doc != d
        ):
            cluster.extra.append(k)
            cluster.sims[k] = linker.probability(rep, k)
    return cluster


def _mutual(vectors: StoryVectors, rep: int, k: int, candidates: Collection[int], s: float) -> bool:
    """Whether ``rep`` is also the sentence of its article that ``k`` is most like."""
    return vectors.none_closer(k, vectors.refs[rep].doc, s, _lookup(candidates), skip=rep)


def align_facts(
    vectors: StoryVectors,
    groups: dict[str, str],
    *,
    threshold: float = CrossCheckParams().fact_threshold,
    min_articles: int = 2,
    linker: Linker | None = None,
) -> list[FactCluster]:
    """Facts stated by at least ``min_articles`` articles, strongest first (``linker``: see
    :func:`support_for`)."""
    cands = [k for k in range(len(vectors.refs)) if eligible(vectors, k)]
    allowed = frozenset(cands)
    clusters: list[FactCluster] = []
    # a quotation whose speaker is named in another sentence supports a fact but does not state
    # one: read alone, it does not say who speaks
    # nor does a sentence whose subject is a pronoun the sentence before does not resolve
    reps = (
        k
        for k in cands
        if not is_speakerless_quote(vectors.refs[k].sentence.text) and stands_alone(vectors, k)
    )
    for k in reps:
        c = support_for(vectors, k, threshold, allowed, linker)
        if len(c.members) < min_articles:
            continue
        c.independent = count_independent((vectors.refs[r].article for r in c.refs), groups)
        clusters.append(c)
    clusters.sort(
        key=lambda c: (
            -c.independent,
            -len(c.members),
            _is_quote(vectors, c.rep),
            -sum(c.sims.values()),
            c.rep,
        )
    )
    chosen: list[FactCluster] = []
    # per sentence, the chosen facts citing it (with their articles); the chosen sentence sets
    citing: dict[int, list[tuple[set[int], FactCluster]]] = {}
    taken: set[frozenset[int]] = set()
    for c in clusters:
        arts = set(c.members)
        if any(
            arts <= g_arts and vectors.amounts(c.rep) <= vectors.amounts(g.rep)
            for g_arts, g in citing.get(c.rep, ())
        ):
            continue  # an earlier fact cites this one's sentence in all its articles
        refs = frozenset(c.refs)
        if refs in taken:
            continue
        chosen.append(c)
        taken.add(refs)
        for r in refs:
            citing.setdefault(r, []).append((arts, c))
    return chosen


def to_fact(vectors: StoryVectors, cluster: FactCluster, groups: dict[str, str]) -> Fact:
    rep = vectors.refs[cluster.rep]
    refs = [rep] + [vectors.refs[k] for k in cluster.refs if k != cluster.rep]
    articles = tuple(dict.fromkeys(r.article for r in refs))
    text = standalone_text(vectors.analyses[rep.doc], rep.index, rep.sentence.text)
    return Fact(
        text=(text or rep.sentence.text).strip(),
        articles=articles,
        independent_sources=cluster.independent,
        citations=tuple(Span(r.article, r.span.start, r.span.end) for r in refs),
        sources=tuple(dict.fromkeys(groups.get(a, a) for a in articles)),
    )
