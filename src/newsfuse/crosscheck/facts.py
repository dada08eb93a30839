"""Statements aligned across outlets: sentences that state the same thing become one fact.

Every sentence is tried as the *representative* of a fact. In each other article its best match
supports it when (1) the concept similarity passes ``threshold`` and (2) the match states every
number the representative states, so a fact never claims support for a detail its supporter lacks
("a 25-minute call" is not supported by a sentence that only says "a call"). Facts are then taken
greedily by independent-source count, article count and similarity, skipping one whose sentences and
numbers an earlier fact already covers.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field

from newsfuse.analyze.standalone import standalone_text
from newsfuse.crosscheck.independence import count_independent
from newsfuse.crosscheck.linker import Linker, logit
from newsfuse.crosscheck.repeats import repeated_refs
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
        prev = best.get(other.doc, (0.0, -1, False))
        if prev[1] >= 0:
            vectors.doubt(s - prev[0], 2 * vectors.weight, (rep, k, prev[1]))
        if s > prev[0]:
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
    weighed: _Weighed = {}
    strong: list[int] = []  # every sentence that links with rep alone
    for k in linker.candidates(rep, model.floor):  # blocking: the others cannot reach the floor
        other = vectors.refs[k].doc
        if k not in allowed or other == doc or not need <= vectors.amounts(k):
            continue
        p = linker.probability(rep, k)
        if p >= model.threshold:
            strong.append(k)
        if vectors.margin:
            _weigh(vectors, linker, rep, k, threshold, weighed)
            continue
        if p < model.floor or p <= best.get(other, (0.0, -1))[0]:
            continue
        if p >= model.threshold or vectors.same_statement(rep, k, threshold)[0]:
            best[other] = (p, k)
    if vectors.margin:
        best = _settle_best(vectors, linker, rep, weighed)
    ranked = sorted(best.values(), reverse=True)
    failed = False
    for p, k in ranked:
        if linker.all_at_least(
            k, (m for m in cluster.members.values() if m != rep), model.together
        ):
            cluster.members[vectors.refs[k].doc] = k
            cluster.sims[k] = p
        else:
            failed = True
    if failed and vectors.margin:  # the order decided which supporters were kept
        for (_, x), (_, y) in zip(ranked, ranked[1:], strict=False):
            linker.doubt_order((rep, x), (rep, y))
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


# per article, the candidates of a representative with inexact rows: (sentence, probability,
# accepted with these rows, the sentences whose rows could change that)
_Weighed = dict[int, list[tuple[int, float, bool, set[int]]]]


def _weigh(
    vectors: StoryVectors,
    linker: Linker,
    rep: int,
    k: int,
    threshold: float,
    weighed: _Weighed,
) -> None:
    """With inexact rows: whether candidate ``k`` is accepted as ``rep``'s supporter (probability
    >= floor, and >= threshold or the concept/embedding rule), and the sentences whose float32
    rows could change that; kept in ``weighed`` by article (``_settle_best`` decides)."""
    model = linker.model
    p = linker.probability(rep, k)
    with vectors.doubts() as why:
        linker.doubt(rep, k, model.floor)
    accepted = p >= model.floor
    if accepted or why:
        with vectors.doubts() as why_strong:
            linker.doubt(rep, k, model.threshold)
        strong = p >= model.threshold
        if strong and not why_strong:
            rule, why_rule = True, set[int]()
        else:
            with vectors.doubts() as why_rule:
                rule = vectors.same_statement(rep, k, threshold)[0]
        if not (rule and not why_rule):
            why |= why_strong
        if not (strong and not why_strong):
            why |= why_rule
        accepted = accepted and (strong or rule)
    if accepted or why:
        weighed.setdefault(vectors.refs[k].doc, []).append((k, p, accepted, why))


def _settle_best(
    vectors: StoryVectors, linker: Linker, rep: int, weighed: _Weighed
) -> dict[int, tuple[float, int]]:
    """Per article, its accepted candidate of highest probability (the first on a tie), as the
    loop without margins chooses; the doubts recorded are those of the candidates that could
    be the choice with float32 rows (an acceptance in doubt, or an order with the choice)."""
    best: dict[int, tuple[float, int]] = {}
    m = vectors.margin
    for d, cands in weighed.items():
        chosen: tuple[float, int] | None = None
        for k, p, accepted, _ in cands:
            if accepted and (chosen is None or p > chosen[0]):
                chosen = (p, k)
        # the lowest log-odds the surest accepted candidate can fall to
        low = -math.inf
        for k, p, accepted, why in cands:
            if accepted and not why:
                low = max(low, logit(p) - linker.reach(rep, k)[0] * m)
        for k, p, accepted, why in cands:
            if logit(p) + linker.reach(rep, k)[0] * m < low:
                continue  # with float32 rows it still ranks below an accepted candidate
            vectors.unsure |= {x for x in why if not vectors.exact[x]}
            if accepted and chosen is not None and k != chosen[1]:
                linker.doubt_order((rep, k), (rep, chosen[1]))
        if chosen is not None:
            best[d] = chosen
    return best


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
    memo: dict[int, FactCluster] | None = None,
) -> list[FactCluster]:
    """Facts stated by at least ``min_articles`` articles, strongest first (``linker``: see
    :func:`support_for`). ``memo``: the facts of representatives whose decisions were all
    sure (``StoryVectors.doubt`` recorded nothing), kept across the rounds of
    ``similarity.settled`` so that a round takes again only the others."""
    copies = repeated_refs(vectors)  # an article's second copy of a sentence states nothing new
    cands = [k for k in range(len(vectors.refs)) if k not in copies and eligible(vectors, k)]
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
        c = memo.get(k) if memo is not None else None
        if c is not None:  # its decisions hold; its similarities come from today's rows
            for m in c.sims:
                if m != k:
                    c.sims[m] = linker.probability(k, m) if linker else vectors.sim(k, m)
        else:
            with vectors.doubts() as why:
                c = support_for(vectors, k, threshold, allowed, linker)
            vectors.unsure |= why
            if memo is not None and not why:
                memo[k] = c  # every decision sure: the same with float32 rows
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
    if vectors.margin:
        _doubt_order(vectors, clusters, linker)
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


def _reach(vectors: StoryVectors, c: FactCluster, linker: Linker | None) -> tuple[float, list[int]]:
    """How far the sum of a fact's similarities may move, in margins, and its sentences."""
    if linker is None:  # each ``sim`` moves by ``weight`` margins
        return vectors.weight * (len(c.sims) - 1), c.refs
    spread, ks = 0.0, [c.rep]
    m = vectors.margin
    for k, p in c.sims.items():
        if k != c.rep:
            s, more = linker.reach(c.rep, k)
            z = logit(p)
            # how far the probability moves when its log-odds move by ``s`` margins
            lo, hi = 1 / (1 + math.exp(-(z - s * m))), 1 / (1 + math.exp(-(z + s * m)))
            spread += max(hi - p, p - lo) / m
            ks += more
    return spread, ks


def _doubt_order(vectors: StoryVectors, clusters: list[FactCluster], linker: Linker | None) -> None:
    """Record the sentences of neighbouring facts (in their sorted order) whose order rests on
    sums of similarities that could change places with float32 rows."""
    for x, y in zip(clusters, clusters[1:], strict=False):
        if (x.independent, len(x.members), _is_quote(vectors, x.rep)) != (
            y.independent,
            len(y.members),
            _is_quote(vectors, y.rep),
        ):
            continue
        sx, kx = _reach(vectors, x, linker)
        sy, ky = _reach(vectors, y, linker)
        vectors.doubt(sum(x.sims.values()) - sum(y.sims.values()), sx + sy, kx + ky)


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
