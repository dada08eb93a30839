"""The refinement after each ingest batch: one function per pass over one :class:`Context`.

The online pass cannot undo a choice: an article that joined before its real story existed
stays, and a story that swallowed a second, similar event keeps both. After each batch,
:meth:`newsfuse.corpus.cluster.StoryClusterer.refine` runs these passes in order (:func:`run`):

1. :func:`moves`: each article of the batch is scored against its own story without it and
   against its candidate stories; when the best other story scores at least ``threshold`` and
   beats its own by ``refine_gain``, it moves there (in arrival order). The article's query and
   lookup keys are those computed when it was added, unless the collection has grown by more
   than a tenth since.
2. :func:`rescue`: a one-article story of an earlier batch that one of these articles scored at
   least ``rescue_score`` against joins the best of those articles' stories that scores at least
   ``threshold`` for it.
3. :func:`pair`: an article of the batch still alone in its story joins the one-article story
   of its best candidate when it scores at least ``pair_threshold``, the two are dated within
   ``window_days`` of each other, and that story's article scores best with it in turn.
4. :func:`splits`: each story these articles are now in (up to ``refine_max_members``) is split
   when its members form well-separated groups (:mod:`newsfuse.corpus.regroup`).
5. :func:`merges`: each of those stories is merged with the candidate story whose members
   average at least ``merge_threshold`` alike with its own (decayed in time like a join), unless
   the two are well separated.

A story left empty is removed. The context carries what the passes share: the batch's articles,
the features known so far (``lookup`` gives those of earlier members), the batch's scores against
their candidates (step 1 computes them; the later steps reuse them), and the refinement so far.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsfuse.corpus.regroup import (
    Profile,
    SplitParams,
    member_similarity,
    profile,
    separated,
    split_groups,
)
from newsfuse.corpus.scoring import decay, gap_days, memo, story_gap
from newsfuse.corpus.state import FeatureLookup, Move, Refinement

if TYPE_CHECKING:
    from newsfuse.corpus.articles import ArticleFeatures
    from newsfuse.corpus.cluster import Pending, StoryClusterer
    from newsfuse.corpus.state import ClusterParams

__all__ = ["Context", "merges", "moves", "pair", "rescue", "run", "splits"]


@dataclass(slots=True)
class Context:
    """What the passes of one refinement share."""

    clu: StoryClusterer
    pending: Mapping[str, Pending]  # the batch's articles (added since the last refinement)
    lookup: FeatureLookup | None  # features of earlier members
    # IDFs remembering their values (the document frequencies stand still meanwhile)
    term_idf: Callable[[str], float]
    name_idf: Callable[[str], float]
    feats: dict[str, ArticleFeatures] = field(default_factory=dict)  # features known so far
    # the scores of each batch article against its candidate stories (from :func:`moves`)
    scored: dict[str, dict[str, float]] = field(default_factory=dict)
    out: Refinement = field(default_factory=Refinement)

    @property
    def params(self) -> ClusterParams:
        return self.clu.params

    def batch(self) -> list[str]:
        """The batch's articles in arrival order."""
        return sorted(self.pending, key=self.clu.position)

    def fetch(self, ids: Iterable[str]) -> None:
        """Add the features of ``ids`` missing from ``feats`` (when ``lookup`` is given)."""
        missing = [a for a in ids if a not in self.feats]
        if missing and self.lookup is not None:
            self.feats.update(self.lookup(missing))

    def move(self, aid: str, source: str, target: str, score: float | None = None) -> None:
        """Move a member (its features known) and record it; ``score``: its score against
        ``target``, when known (else computed after the move)."""
        clu = self.clu
        f = self.feats[aid]
        q = clu.query(f)
        if clu.move(aid, f, q, source, target):
            self.out.removed.append(source)
        if score is None:
            score = clu.score(f, clu.state.stories[target], q)
        self.out.moves.append(Move(aid, source, target, score))

    def split_params(self) -> SplitParams:
        p = self.params
        return SplitParams(p.name_weight, p.split_number_weight, p.split_ratio, p.split_min_group)

    def profile(self, sid: str) -> Profile | None:
        """The member profile of a story (None when a member's features are unknown)."""
        fs = [self.feats.get(a) for a in self.clu.members(sid)]
        known = [f for f in fs if f is not None]
        if not known or len(known) < len(fs):
            return None
        return profile(
            [f.terms for f in known],
            [f.names for f in known],
            self.term_idf,
            self.name_idf,
            self.split_params(),
        )


def run(
    clu: StoryClusterer, pending: Mapping[str, Pending], lookup: FeatureLookup | None
) -> Refinement:
    """The passes in order over the batch ``pending``; returns the moves and removed stories."""
    p = clu.params
    ctx = Context(clu, pending, lookup, memo(clu.term_idf), memo(clu.name_idf))
    ctx.feats.update((a, x.features) for a, x in pending.items())
    moves(ctx)
    if p.rescue_score > 0:
        rescue(ctx)
    if 0 < p.pair_threshold < p.threshold:
        pair(ctx)
    if p.split_ratio > 0:
        splits(ctx)
    if p.merge_threshold > 0:
        merges(ctx)
    return ctx.out


def moves(ctx: Context) -> None:
    """Step 1: move each batch article whose best other story beats its own clearly."""
    clu, p, st = ctx.clu, ctx.params, ctx.clu.state
    for aid in ctx.batch():
        f, at, q, keys = ctx.pending[aid]
        sid = clu.story_of(aid)
        if st.n_docs > at * 1.1:  # IDFs have moved since: compute again
            q = clu.query(f)
            keys = clu.index.keys(q)
        own = clu.score_without(f, st.stories[sid], q)
        best, best_score = None, 0.0
        scores = ctx.scored[aid] = clu.candidate_scores(f, q, keys, sid)
        for other, score in scores.items():
            if score > best_score:
                best, best_score = other, score
        if best is not None and best_score >= max(p.threshold, own + p.refine_gain):
            if clu.move(aid, f, q, sid, best):
                ctx.out.removed.append(sid)
            ctx.out.moves.append(Move(aid, sid, best, best_score))


def rescue(ctx: Context) -> None:
    """Step 2: give one-article stories near the batch's stories a second chance.

    An article that opened a story is judged once, against the stories of that moment; its own
    story may be the one that later grows (the next articles join it) or it may stay alone while
    the story it belongs to forms after it. The batch articles' scores against their candidates
    point at such singletons: each is scored against the stories of the articles that point at it
    (stories the batch added to; one may be a new one-article story of the batch) and joins the
    best of them when it scores at least ``threshold``, as an arriving article would."""
    clu, p, st = ctx.clu, ctx.params, ctx.clu.state
    near: dict[str, set[str]] = {}
    for aid in ctx.batch():
        sid = clu.story_of(aid)
        for c, v in ctx.scored.get(aid, {}).items():
            if v >= p.rescue_score and c != sid and len(clu.members(c)) == 1:
                near.setdefault(c, set()).add(sid)
    # their articles, except those of this batch (judged by the first step)
    lone = {c: clu.members(c)[0] for c in near if clu.members(c)[0] not in ctx.pending}
    ctx.fetch(lone.values())  # one lookup for all
    for c in sorted(lone):
        if c not in st.stories or len(clu.members(c)) != 1:
            continue  # merged or grown since
        aid = lone[c]
        f = ctx.feats.get(aid)
        if f is None:
            continue
        q = clu.query(f)
        best, best_score = None, 0.0
        for other in sorted(near[c]):
            if other in st.stories:
                score = clu.score(f, st.stories[other], q)
                if score > best_score:
                    best, best_score = other, score
        if best is not None and best_score >= p.threshold:
            clu.move(aid, f, q, c, best)
            ctx.out.removed.append(c)
            ctx.out.moves.append(Move(aid, c, best, best_score))


def pair(ctx: Context) -> None:
    """Step 3: join two one-article stories whose articles are each other's best match.

    ``threshold`` is set for an article against a story, whose signature averages out the words
    one article happens to use; two single articles of the same story share fewer words, so their
    score is lower. Being each other's best match (no story scores higher for either) is what
    keeps a lower bar precise: two such articles join at ``pair_threshold``. The batch's articles
    left alone (after the moves and rescues) look at their best candidate of step 1; when that is
    a one-article story scoring at least ``pair_threshold``, dated within ``window_days`` of them,
    whose article in turn scores best with them, the later of the two articles joins the earlier
    one's story."""
    clu, p, st = ctx.clu, ctx.params, ctx.clu.state

    def best_of(aid: str, sid: str) -> tuple[str | None, float]:
        scores = ctx.scored.get(aid)
        if scores is None:  # an article of an earlier batch: score it now
            f = ctx.feats[aid]
            q = clu.query(f)
            scores = clu.candidate_scores(f, q, clu.index.keys(q), sid)
        live = [(v, c) for c, v in scores.items() if c in st.stories and c != sid]
        if not live:
            return None, 0.0
        v, c = max(live)
        return c, v

    for aid in ctx.batch():
        sid = clu.story_of(aid)
        if sid not in st.stories or len(clu.members(sid)) != 1:
            continue
        other, score = best_of(aid, sid)
        if other is None or score < p.pair_threshold or len(clu.members(other)) != 1:
            continue
        fa = ctx.pending[aid].features
        if gap_days(fa.published, st.stories[other]) > p.window_days:
            continue  # the lower bar is for articles of the same days, not a longer reach
        mate = clu.members(other)[0]
        ctx.fetch([mate])
        if mate not in ctx.feats or best_of(mate, other)[0] != sid:
            continue
        # step 1 scored ``other`` as it was then: it may have lost members since
        if clu.score(fa, st.stories[other]) < p.pair_threshold:
            continue
        # the later article joins the earlier one's story
        (src, a), (dst, _) = sorted(((sid, aid), (other, mate)), key=lambda x: -clu.position(x[1]))
        ctx.move(a, src, dst)


def splits(ctx: Context) -> None:
    """Step 4: split each story the batch touched (where its articles are now)."""
    clu, p = ctx.clu, ctx.params
    for sid in sorted({clu.story_of(a) for a in ctx.pending}):
        if 2 * p.split_min_group <= len(clu.members(sid)) <= p.refine_max_members:
            ctx.fetch(clu.members(sid))
            split(ctx, sid)


def split(ctx: Context, sid: str) -> None:
    """Split story ``sid`` when its members form well-separated groups (see ``regroup``)."""
    clu, p, st = ctx.clu, ctx.params, ctx.clu.state
    members = list(clu.members(sid))
    if not 2 * p.split_min_group <= len(members) <= p.refine_max_members:
        return
    fs = [ctx.feats.get(a) for a in members]
    if any(f is None for f in fs):
        return
    known = [f for f in fs if f is not None]
    sp = ctx.split_params()
    sim = member_similarity(
        [f.terms for f in known], [f.names for f in known], ctx.term_idf, ctx.name_idf, sp
    )
    groups = split_groups(sim, sp)
    if len(groups) < 2:
        return
    # the largest group (then the earliest) keeps the story; each other one becomes a story
    groups.sort(key=lambda g: (-len(g), min(clu.position(members[i]) for i in g)))
    for g in groups[1:]:
        new = clu.new_story()
        moved = sorted((members[i] for i in g), key=clu.position)
        for aid in moved:
            f = ctx.feats[aid]
            clu.move(aid, f, clu.query(f), sid, new)
        for aid in moved:
            f = ctx.feats[aid]
            ctx.out.moves.append(Move(aid, sid, new, clu.score(f, st.stories[new])))
    src = st.stories[sid]
    days = [d for a in clu.members(sid) if (d := ctx.feats[a].published) is not None]
    src.first, src.last = (min(days), max(days)) if days else (None, None)


def merges(ctx: Context) -> None:
    """Step 5: merge each story the batch touched or moved members to with its best match."""
    clu = ctx.clu
    touched = {clu.story_of(a) for a in ctx.pending} | {m.target for m in ctx.out.moves}
    for sid in sorted(touched):
        merge(ctx, sid)


def merge(ctx: Context, sid: str) -> None:
    """Merge story ``sid`` with the candidate story whose members are most alike to its own,
    when they average at least ``merge_threshold`` and are not well separated.

    The scores of the batch's articles against their candidate stories stand for the story's
    latest members."""
    clu, p, st = ctx.clu, ctx.params, ctx.clu.state
    if sid not in st.stories or not 2 <= len(clu.members(sid)) <= p.refine_max_members:
        return
    scored = ctx.scored
    # candidates: stories the latest members would have joined online, on average
    latest = [a for a in clu.members(sid) if a in scored][-p.max_candidates :]
    if not latest:
        latest = list(clu.members(sid)[-p.max_candidates :])
        ctx.fetch(latest)
    near: Counter[str] = Counter()
    for aid in latest:
        if aid in scored:
            near.update({c: v for c, v in scored[aid].items() if c in st.stories and c != sid})
            continue
        f = ctx.feats[aid]
        q = clu.query(f)
        near.update(clu.candidate_scores(f, q, clu.index.keys(q), sid))
    ranked = sorted(
        (c for c in near if near[c] >= p.threshold * len(latest)), key=lambda c: (-near[c], c)
    )
    if not ranked:
        return
    ctx.fetch(clu.members(sid))
    mine = ctx.profile(sid)
    if mine is None:
        return
    sp = ctx.split_params()
    best, best_sim = None, p.merge_threshold
    for other in ranked[: p.merge_candidates]:
        gap = story_gap(st.stories[sid], st.stories[other])
        if len(clu.members(other)) > p.refine_max_members or gap > p.max_gap_days:
            continue
        ctx.fetch(clu.members(other))
        theirs = ctx.profile(other)
        if theirs is None:
            continue
        across, apart = separated(mine, theirs, sp)
        across *= decay(gap, p.window_days, p.decay_days)  # as an article joining a story
        if not apart and across >= best_sim:
            best, best_sim = other, across
    if best is None:
        return
    # the larger story (then the older) takes the members of the other
    keep, gone = sorted((sid, best), key=lambda s: (-len(clu.members(s)), s))
    for aid in list(clu.members(gone)):
        ctx.move(aid, gone, keep)
