"""Variants of the story clustering on every pooled set, over several arrival orders (not a test).

Runs the clusterer as an ingest does (batches of 256, each followed by the refinement; no store,
no duplicate stage) on ECB+ dev, Multi-News 200, BASIL dev and Timeline17 weeks (the last two
with their dates in date order and with the dates removed, shuffled), for each variant and seed,
and prints B-cubed F1 (mean and per seed) beside the TF-IDF average-link baseline. A variant is
kept only if it loses on no set it was not made for (docs/corpus.md has the table).

Usage: ``python bench/cluster_variants.py [VARIANT ...] [--seeds 13,14,15]`` where a variant is
``current``, a ``ClusterParams`` field (``refine_gain=0.1``), ``split_floor=T`` (the split also
cuts when the two sides average below T), ``split_max=R`` (the split also cuts when the sides
average below R times the more coherent side), ``split_peel`` (when the top merge of the tree
cuts off fewer than ``split_min_group`` members, the split looks at the highest merge below it
whose two sides are both large enough; the members peeled off on the way go to the side they
average closer to), ``evict=R`` / ``evict_abs=T`` (before the splits, a member of the batch
leaves its story of 4 or more for a story of its own when its average similarity to the other
members is below R times their own average / below T; the worst first, again until none is) or
``move_avg=N`` (after the moves, a batch member with at least N other members moves to the
candidate story whose members it averages at least ``merge_threshold`` alike, decayed in time,
when its average with its own story's other members is below ``split_ratio`` times that),
``split_linkage=METHOD`` (the split's tree built with scipy's ``complete``, ``weighted``, ...
linkage instead of ``average``) or ``avglink=T`` (after the last batch, average-link merging of
the stories on TF-IDF cosine while two stories average at least T), ``join_MODE=V`` (an online
join into a story of 2 or more members also needs the article's similarities to the members, as
the split computes them and decayed in time, to pass; else the next candidate scoring at least
the join threshold is tried, else a new story: ``join_max=T`` its best member at least T,
``join_top2=T`` its best two on average, ``join_abs=T`` all of them on average, ``join_rel=R``
the average at least R times the story's own average, ``join_min=R`` at least R times the lowest
average of a member with the rest, ``join_msd=K`` at least the mean of those averages less K
standard deviations, ``join_mix=W`` the candidate with the best (1 - W) x signature score + W x
best member, when that is at least the join threshold), ``unit_terms=P`` (each member's terms divided by their IDF-weighted norm
** P, IDFs of the whole set, so that members weigh alike in a signature), ``idf_prior`` (the
document frequencies of the whole set known before the first article), ``num_in_names`` (the
split and the merge count years and dates among the names instead of as a channel of their own)
or ``split_tightN=R`` (where the split does not cut, it also cuts off the subtree of the
average-link tree, at least N members, default 2, whose average with the rest of the story is
below R times its own inside average, the best separated first; each part again), ``recheck=G``
(after each refinement, every article alone in its story, last judged when the collection was G
times smaller, is scored again against its candidate stories and joins the best one scoring at
least the join threshold) or ``recheck_max=T`` (with ``recheck``: and it scores at least T with
that story's closest member, decayed in time), ``reassign=G,T,R`` (after the merges, a
k-means-like pass over each story the batch touched, 3 to ``refine_max_members`` members: each
member, earlier ones too, is compared by its average similarity with the members of the story's
nearest ``merge_candidates`` stories (the candidates of all its members, summed scores), decayed
in time, against its average with the rest of its own story; the member with the largest margin
moves when that average is at least T, the margin at least G and, when R is given, its own
average below R times that; up to 3 moves a story) or ``loose_split=T,N,R`` (where the split does
not cut a story of N or more members whose members average below T, it bisects the story by the
sign of the Fiedler vector of its similarity graph, normalised Laplacian, when each side has
``split_min_group`` members and the two sides average below R times the more coherent one; each
part again). Variants joined with
``+`` run together (``threshold=0.14+join_max=0.12``). About 15 s per variant and seed on a quiet
machine.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

import newsfuse.corpus.refine as refine
import newsfuse.corpus.regroup as regroup
from newsfuse.corpus.articles import ArticleFeatures, article_features
from newsfuse.corpus.cluster import Assignment, ClusterParams, StoryClusterer
from newsfuse.corpus.scoring import Query, decay, gap_days
from newsfuse.corpus.state import Move
from newsfuse.eval.cluster import (
    DEFAULT_DATA,
    Doc,
    bcubed,
    dated_and_undated,
    drop_cross_cluster_copies,
    load_basil,
    load_ecbplus,
    load_multinews,
    load_timeline17,
    run_baseline,
    t17_windows,
)

SETS = ("ecb", "mn", "basil+d", "basil", "t17w+d", "t17w")


def pooled_sets(seed: int) -> dict[str, list[Doc]]:
    import random

    out: dict[str, list[Doc]] = {}
    for name, docs in (
        ("ecb", load_ecbplus(DEFAULT_DATA / "ecbplus-dev")),
        (
            "mn",
            drop_cross_cluster_copies(load_multinews(DEFAULT_DATA / "multinews200/clusters.jsonl"))[
                0
            ],
        ),
    ):
        random.Random(seed).shuffle(docs)
        out[name] = docs
    t17 = t17_windows(load_timeline17(DEFAULT_DATA / "timeline17-dev"), seed=seed)
    for name, docs in (("basil", load_basil(DEFAULT_DATA / "basil-dev")), ("t17w", t17)):
        dated, undated = dated_and_undated(name, docs, seed)
        out[name + "+d"], out[name] = dated.docs, undated.docs
    return out


JOIN: tuple[str, float] | None = None  # (mode, value) of a ``join_MODE=V`` variant
UNIT = [0.0]  # the power of a ``unit_terms=P`` variant (0: off)
# ``recheck=G`` (the collection's growth between two looks at a lone article; 0: off) and
# ``recheck_max=T`` (the bar for its closest member in the story it joins; 0: none)
RECHECK = [0.0, 0.0]
PRIOR = [False]  # ``idf_prior``: the whole set's document frequencies from the start


def idf_unit_terms(feats: Sequence[ArticleFeatures], power: float) -> list[ArticleFeatures]:
    """The articles with their term weights divided by their IDF-weighted norm ** power (the
    IDFs of the whole set), so that each member weighs alike in a story's signature."""
    import math
    from collections import Counter

    from newsfuse.corpus.scoring import idf

    df = Counter(t for f in feats for t in f.terms)
    out = []
    for f in feats:
        norm = math.sqrt(sum((v * idf(df[t], len(feats))) ** 2 for t, v in f.terms.items()))
        out.append(replace(f, terms={t: v / (norm or 1.0) ** power for t, v in f.terms.items()}))
    return out


def with_members(
    clu: StoryClusterer, members: Sequence[ArticleFeatures], f: ArticleFeatures
) -> np.ndarray:
    """The similarity matrix of a story's ``members`` and the article ``f`` (its last row and
    column), as the clusterer's refinement computes it."""
    p = clu.params
    sp = regroup.SplitParams(p.name_weight, p.split_number_weight, p.split_ratio, p.split_min_group)
    return regroup.member_similarity(
        [x.terms for x in members] + [f.terms],
        [x.names for x in members] + [f.names],
        clu.term_idf,
        clu.name_idf,
        sp,
    )


def scored_candidates(
    clu: StoryClusterer, f: ArticleFeatures, q: Query, keys: list[str]
) -> list[tuple[float, str]]:
    """The index's candidate stories of a seen article with their signature scores, best first."""
    st = clu.state
    cands = clu.index.candidates(f.published, keys, st.stories)
    return sorted(((clu.score(f, st.stories[c], q), c) for c in cands), key=lambda x: (-x[0], x[1]))


def feed(clu: StoryClusterer, feats: Sequence[ArticleFeatures]) -> None:
    """The articles added in batches of 256, each batch refined, as an ingest does."""
    by = {f.id: f for f in feats}
    for i in range(0, len(feats), 256):
        for f in feats[i : i + 256]:
            clu.add(f)
        clu.refine(lambda ids: {a: by[a] for a in ids if a in by})


def member_join(
    clu: StoryClusterer, by: dict[str, ArticleFeatures], mode: str, value: float
) -> None:
    """Online joins judged by the members too (see ``join_MODE``): ``clu.add`` tries the candidate
    stories from the best signature score down (while at least ``threshold``) and joins the first
    whose members pass; none: a new story."""
    p = clu.params

    def accept(f: ArticleFeatures, sid: str) -> bool:
        fs = [by[a] for a in clu.members(sid)]
        n = len(fs)
        if n < 2:
            return True
        sig = clu.state.stories[sid]
        late = decay(gap_days(f.published, sig), p.window_days, p.decay_days)
        sim = with_members(clu, fs, f)
        row = np.sort(sim[n, :n]) * late
        inner = sim[:n, :n]
        loo = (inner.sum(1) - np.diag(inner)) / (n - 1)  # each member's average with the rest
        avg = float(row.mean())
        if mode == "max":
            return float(row[-1]) >= value
        if mode == "mix":  # see ``mixed``
            return True
        if mode == "top2":
            return float(row[-2:].mean()) >= value
        if mode == "abs":
            return avg >= value
        if mode == "rel":
            return avg >= value * regroup._inside(list(range(n)), sim)
        if mode == "min":
            return avg >= value * float(loo.min())
        if mode == "msd":
            return avg >= float(loo.mean() - value * loo.std())
        raise ValueError(mode)

    def mix(f: ArticleFeatures, sid: str, score: float) -> float:
        """(1 - value) x the signature score + value x the best member (stories of 2 or more)."""
        fs = [by[a] for a in clu.members(sid)]
        if len(fs) < 2:
            return score
        sig = clu.state.stories[sid]
        sim = with_members(clu, fs, f)
        top = float(sim[len(fs), : len(fs)].max())
        top *= decay(gap_days(f.published, sig), p.window_days, p.decay_days)
        return (1 - value) * score + value * top

    def add(f: ArticleFeatures) -> Assignment:
        q, keys = clu.see(f)
        scored = scored_candidates(clu, f, q, keys)
        if mode == "mix":
            mixed = [(mix(f, c, v), c) for v, c in scored if v >= p.threshold / 2]
            mixed.sort(key=lambda x: (-x[0], x[1]))
            best = mixed[0][1] if mixed and mixed[0][0] >= p.threshold else None
        else:
            best = next((c for v, c in scored if v >= p.threshold and accept(f, c)), None)
        return clu.join(f, best, q, keys, scored[0][0] if scored else 0.0)

    clu.add = add  # type: ignore[method-assign]


def cluster(feats: Sequence[ArticleFeatures], params: ClusterParams) -> StoryClusterer:
    clu = StoryClusterer(params=params)
    if PRIOR[0]:  # document frequencies of the whole set known from the start
        for f in feats:
            clu.state.df.update(f.terms.keys())
            clu.state.name_df.update(f.names.keys())
        clu.state.n_docs = len(feats)
    by = {f.id: f for f in feats}
    if JOIN is not None:
        member_join(clu, by, *JOIN)
    checked: dict[str, int] = {}  # ``recheck``: article -> collection size at its last check
    for i in range(0, len(feats), 256):
        for f in feats[i : i + 256]:
            clu.add(f)
            checked[f.id] = clu.state.n_docs
        clu.refine(lambda ids: {a: by[a] for a in ids if a in by})
        if RECHECK[0]:
            recheck_singletons(clu, by, checked, RECHECK[0])
    return clu


def recheck_singletons(
    clu: StoryClusterer, by: dict[str, ArticleFeatures], checked: dict[str, int], growth: float
) -> None:
    """Each article alone in its story, last judged when the collection was ``growth`` times
    smaller, is scored again against its candidate stories (the IDFs and stories of now) and
    joins the best one scoring at least the join threshold, as an arriving article would."""
    st, p = clu.state, clu.params
    for sid in sorted(st.stories):
        members = clu.members(sid)
        if len(members) != 1 or sid not in st.stories:
            continue
        aid = members[0]
        if checked[aid] * growth > st.n_docs:
            continue
        checked[aid] = st.n_docs
        f = by[aid]
        q = clu.query(f)
        scores = clu.candidate_scores(f, q, clu.index.keys(q), sid)
        live = sorted(((v, c) for c, v in scores.items() if c in st.stories), reverse=True)
        if not live or live[0][0] < p.threshold:
            continue
        target = live[0][1]
        if RECHECK[1]:  # its best member at least that (decayed in time as the score is)
            fs = [by[a] for a in clu.members(target)]
            sim = with_members(clu, fs, f)[len(fs), : len(fs)]
            late = decay(gap_days(f.published, st.stories[target]), p.window_days, p.decay_days)
            if float(sim.max()) * late < RECHECK[1]:
                continue
        clu.move(aid, f, q, sid, target)


def avglink_merge(docs: Sequence[Doc], pred: dict[str, str], t: float) -> dict[str, str]:
    """Average-link merging of the predicted stories on TF-IDF cosine (the baseline's vectors)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [d.text for d in docs]
    )
    sim = (x @ x.T).toarray()
    groups: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        groups.setdefault(pred[d.id], []).append(i)
    cl = list(groups.values())
    while len(cl) > 1:
        m = np.stack([sim[:, g].sum(1) for g in cl], axis=1)
        b = np.stack([m[g].sum(0) for g in cl])
        sz = np.array([len(g) for g in cl], dtype=float)
        avg = b / np.outer(sz, sz)
        np.fill_diagonal(avg, -1.0)
        i, j = np.unravel_index(int(avg.argmax()), avg.shape)
        if avg[i, j] < t:
            break
        cl[i] = cl[i] + cl[j]
        del cl[j]
    return {docs[i].id: str(k) for k, g in enumerate(cl) for i in g}


def split_with(
    extra: Callable[[float, float, float], bool], method: str = "average"
) -> Callable[..., list[list[int]]]:
    """``regroup._split`` that also cuts when ``extra(across, inside_a, inside_b)`` holds (and
    builds its tree with ``method``)."""

    def _split(idx: list[int], sim: np.ndarray, p: regroup.SplitParams) -> list[list[int]]:
        if len(idx) < 2 * p.min_group:
            return [idx]
        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        dist = np.clip(1.0 - sim[np.ix_(idx, idx)], 0.0, None)
        np.fill_diagonal(dist, 0.0)
        labels = fcluster(linkage(squareform(dist, checks=False), method), 2, "maxclust")
        a = [i for i, lab in zip(idx, labels, strict=True) if lab == 1]
        b = [i for i, lab in zip(idx, labels, strict=True) if lab != 1]
        if len(a) < p.min_group or len(b) < p.min_group:
            return [idx]
        across = float(sim[np.ix_(a, b)].mean())
        ia, ib = regroup._inside(a, sim), regroup._inside(b, sim)
        if across >= p.ratio * min(ia, ib) and not extra(across, ia, ib):
            return [idx]
        return _split(a, sim, p) + _split(b, sim, p)

    return _split


def split_peel(idx: list[int], sim: np.ndarray, p: regroup.SplitParams) -> list[list[int]]:
    """``regroup._split`` that looks past merges cutting off fewer than ``min_group`` members."""
    if len(idx) < 2 * p.min_group:
        return [idx]
    from scipy.cluster.hierarchy import linkage, to_tree
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - sim[np.ix_(idx, idx)], 0.0, None)
    np.fill_diagonal(dist, 0.0)
    node = to_tree(linkage(squareform(dist, checks=False), "average"))
    peeled: list[int] = []
    while not node.is_leaf():
        left, right = node.get_left(), node.get_right()
        if left.get_count() >= p.min_group and right.get_count() >= p.min_group:
            break
        small, node = (left, right) if left.get_count() < right.get_count() else (right, left)
        peeled += [idx[i] for i in small.pre_order()]
    else:
        return [idx]
    a = [idx[i] for i in node.get_left().pre_order()]
    b = [idx[i] for i in node.get_right().pre_order()]
    across = float(sim[np.ix_(a, b)].mean())
    if across >= p.ratio * min(regroup._inside(a, sim), regroup._inside(b, sim)):
        return [idx]
    a0, b0 = list(a), list(b)
    for i in peeled:
        (a if sim[i, a0].mean() >= sim[i, b0].mean() else b).append(i)
    return split_peel(sorted(a), sim, p) + split_peel(sorted(b), sim, p)


def split_tight(ratio: float, smallest: int) -> Callable[..., list[list[int]]]:
    """``regroup._split`` that, where it does not cut, also cuts off the subtree of the
    average-link tree (at least ``smallest`` members, at least ``min_group`` left) best separated
    from the rest of the story: across below ``ratio`` x its own inside average (the rest may be
    loose); each part is checked again."""

    def _split(idx: list[int], sim: np.ndarray, p: regroup.SplitParams) -> list[list[int]]:
        out = original_split(idx, sim, p)
        if len(out) > 1 or len(idx) < smallest + p.min_group:
            return out if len(out) == 1 else [g for part in out for g in _split(part, sim, p)]
        from scipy.cluster.hierarchy import linkage, to_tree
        from scipy.spatial.distance import squareform

        dist = np.clip(1.0 - sim[np.ix_(idx, idx)], 0.0, None)
        np.fill_diagonal(dist, 0.0)
        root = to_tree(linkage(squareform(dist, checks=False), "average"))
        best, best_gap = None, 1.0
        stack = [root]
        while stack:
            node = stack.pop()
            if node.is_leaf():
                continue
            stack += [node.get_left(), node.get_right()]
            if node is root or not smallest <= node.get_count() <= len(idx) - p.min_group:
                continue
            a = [idx[i] for i in node.pre_order()]
            b = sorted(set(idx) - set(a))
            across = float(sim[np.ix_(a, b)].mean())
            gap = across / max(regroup._inside(a, sim), 1e-9)
            if gap < ratio and gap < best_gap:
                best, best_gap = (a, b), gap
        if best is None:
            return [idx]
        return _split(sorted(best[0]), sim, p) + _split(best[1], sim, p)

    original_split = regroup._split
    return _split


def evicting(bar: float, relative: bool) -> Callable[[refine.Context], None]:
    """``refine.splits`` preceded by the eviction of the batch's loosest members (see ``evict``)."""
    splits = refine.splits

    def run(ctx: refine.Context) -> None:
        clu = ctx.clu
        for sid in sorted({clu.story_of(a) for a in ctx.pending}):
            members = list(clu.members(sid))
            if not 4 <= len(members) <= ctx.params.refine_max_members:
                continue
            ctx.fetch(members)
            fs = [ctx.feats.get(a) for a in members]
            known = [f for f in fs if f is not None]
            if len(known) < len(fs):
                continue
            sim = regroup.member_similarity(
                [f.terms for f in known],
                [f.names for f in known],
                ctx.term_idf,
                ctx.name_idf,
                ctx.split_params(),
            )
            alive = list(range(len(members)))
            while len(alive) >= 4:
                worst: tuple[float, int] | None = None
                for i in alive:
                    if members[i] in ctx.pending:
                        rest = [j for j in alive if j != i]
                        v = float(sim[i, rest].mean())
                        if relative:
                            v /= max(regroup._inside(rest, sim), 1e-9)
                        if v < bar and (worst is None or v < worst[0]):
                            worst = (v, i)
                if worst is None:
                    break
                alive.remove(worst[1])
                aid, f = members[worst[1]], known[worst[1]]
                new = clu.new_story()
                clu.move(aid, f, clu.query(f), sid, new)
                ctx.out.moves.append(Move(aid, sid, new, 1.0))
        splits(ctx)

    return run


def moving_by_average(min_own: int) -> Callable[[refine.Context], None]:
    """``refine.moves`` followed by moves on member averages (see ``move_avg``)."""
    moves = refine.moves

    def run(ctx: refine.Context) -> None:
        moves(ctx)
        clu, p, st = ctx.clu, ctx.params, ctx.clu.state
        sp = ctx.split_params()
        for aid in ctx.batch():
            sid = clu.story_of(aid)
            own = [a for a in clu.members(sid) if a != aid]
            if len(own) < min_own or len(own) >= p.refine_max_members:
                continue
            f = ctx.feats[aid]
            me = regroup.profile([f.terms], [f.names], ctx.term_idf, ctx.name_idf, sp)
            ctx.fetch(own)
            if any(a not in ctx.feats for a in own):
                continue
            rest = regroup.profile(
                [ctx.feats[a].terms for a in own],
                [ctx.feats[a].names for a in own],
                ctx.term_idf,
                ctx.name_idf,
                sp,
            )
            mine = regroup.link_sum(me, rest, sp) / len(own)
            best, best_avg = None, p.merge_threshold
            for other in ctx.scored.get(aid, {}):
                if other not in st.stories or other == sid:
                    continue
                if len(clu.members(other)) > p.refine_max_members:
                    continue
                ctx.fetch(clu.members(other))
                theirs = ctx.profile(other)
                if theirs is None:
                    continue
                gap = gap_days(f.published, st.stories[other])
                avg = regroup.link_sum(me, theirs, sp) / theirs.size
                avg *= decay(gap, p.window_days, p.decay_days)
                if avg >= best_avg and mine < p.split_ratio * avg:
                    best, best_avg = other, avg
            if best is not None:
                ctx.move(aid, sid, best)

    return run


def reassigning(
    gain: float, floor: float, ratio: float = 0.0, rounds: int = 3
) -> Callable[[refine.Context], None]:
    """``refine.merges`` followed by a k-means-like reassignment of the members of the stories
    the batch touched (see ``reassign=G,T,R``)."""
    merges = refine.merges

    def run(ctx: refine.Context) -> None:
        merges(ctx)
        clu, p, st = ctx.clu, ctx.params, ctx.clu.state
        sp = ctx.split_params()
        touched = {clu.story_of(a) for a in ctx.pending} | {m.target for m in ctx.out.moves}
        for sid in sorted(touched):
            for _ in range(rounds):
                if sid not in st.stories:
                    break
                members = list(clu.members(sid))
                if not 3 <= len(members) <= p.refine_max_members:
                    break
                ctx.fetch(members)
                if any(a not in ctx.feats for a in members):
                    break
                fs = [ctx.feats[a] for a in members]
                sim = regroup.member_similarity(
                    [f.terms for f in fs], [f.names for f in fs], ctx.term_idf, ctx.name_idf, sp
                )
                n = len(members)
                loo = (sim.sum(1) - np.diag(sim)) / (n - 1)
                # the neighbour stories: the candidates of the story's members
                near: dict[str, float] = {}
                for a, f in zip(members, fs, strict=True):
                    sc = ctx.scored.get(a)
                    if sc is None:
                        q = clu.query(f)
                        sc = clu.candidate_scores(f, q, clu.index.keys(q), sid)
                    for c, v in sc.items():
                        if c in st.stories and c != sid:
                            near[c] = near.get(c, 0.0) + v
                ranked = sorted(near, key=lambda c: (-near[c], c))[: p.merge_candidates]
                profs = {}
                for c in ranked:
                    if len(clu.members(c)) > p.refine_max_members:
                        continue
                    ctx.fetch(clu.members(c))
                    pr = ctx.profile(c)
                    if pr is not None:
                        profs[c] = pr
                best: tuple[float, int, str] | None = None
                for i in np.argsort(loo):
                    f = fs[int(i)]
                    me = regroup.profile([f.terms], [f.names], ctx.term_idf, ctx.name_idf, sp)
                    for c, pr in profs.items():
                        avg = regroup.link_sum(me, pr, sp) / pr.size
                        avg *= decay(
                            gap_days(f.published, st.stories[c]), p.window_days, p.decay_days
                        )
                        margin = avg - float(loo[i])
                        if ratio and float(loo[i]) >= ratio * avg:
                            continue
                        if avg >= floor and margin >= gain and (best is None or margin > best[0]):
                            best = (margin, int(i), c)
                if best is None:
                    break
                ctx.move(members[best[1]], sid, best[2])

    return run


def loose_split(bar: float, smallest: int, ratio: float) -> Callable[..., list[list[int]]]:
    """``regroup._split`` that, where it does not cut a story of at least ``smallest`` members
    whose members average below ``bar``, bisects it by the sign of the Fiedler vector of its
    similarity graph (normalised Laplacian), when both sides have ``min_group`` members and
    average across below ``ratio`` x the more coherent side; each part again."""

    def _split(idx: list[int], sim: np.ndarray, p: regroup.SplitParams) -> list[list[int]]:
        out = original_split(idx, sim, p)
        if len(out) > 1:
            return [g for part in out for g in _split(part, sim, p)]
        if len(idx) < smallest or regroup._inside(idx, sim) >= bar:
            return out
        w = np.clip(sim[np.ix_(idx, idx)], 0.0, None)
        np.fill_diagonal(w, 0.0)
        d = w.sum(1)
        if (d <= 0).any():
            return out
        dm = 1.0 / np.sqrt(d)
        lap = np.eye(len(idx)) - dm[:, None] * w * dm[None, :]
        vals, vecs = np.linalg.eigh(lap)
        v = vecs[:, 1] * dm
        a = [i for i, x in zip(idx, v, strict=True) if x < 0]
        b = [i for i, x in zip(idx, v, strict=True) if x >= 0]
        if len(a) < p.min_group or len(b) < p.min_group:
            return out
        across = float(sim[np.ix_(a, b)].mean())
        if across >= ratio * max(regroup._inside(a, sim), regroup._inside(b, sim)):
            return out
        return _split(a, sim, p) + _split(b, sim, p)

    original_split = regroup._split
    return _split


def run_variant(variant: str, seeds: Sequence[int]) -> dict[str, list[float]]:
    global JOIN
    params, post = ClusterParams(), None
    original, original_splits, original_moves = regroup._split, refine.splits, refine.moves
    original_merges = refine.merges
    for part in variant.split("+"):
        key, _, value = part.partition("=")
        if key == "split_linkage":
            regroup._split = split_with(lambda x, a, b: False, value)
        elif key == "loose_split":
            bar, smallest, ratio = value.split(",")
            regroup._split = loose_split(float(bar), int(smallest), float(ratio))
        elif key == "reassign":
            g, _, fl = value.partition(",")
            fl, _, r = fl.partition(",")
            refine.merges = reassigning(float(g), float(fl or 0.0), float(r or 0.0))
        elif key == "move_avg":
            refine.moves = moving_by_average(int(value or 1))
        elif key.startswith("split_tight"):
            regroup._split = split_tight(float(value), int(key[11:] or 2))
        elif key == "split_peel":
            regroup._split = split_peel
        elif key in ("evict", "evict_abs"):
            refine.splits = evicting(float(value), key == "evict")
        elif key == "split_floor":
            regroup._split = split_with(lambda x, a, b, v=float(value): x < v)
        elif key == "split_max":
            regroup._split = split_with(lambda x, a, b, v=float(value): x < v * max(a, b))
        elif key == "avglink":
            post = float(value)
        elif key == "recheck":
            RECHECK[0] = float(value)
        elif key == "recheck_max":
            RECHECK[1] = float(value)
        elif key == "idf_prior":
            PRIOR[0] = True
        elif key == "num_in_names":
            regroup.NUMBER_PREFIX = "\x00"
        elif key == "unit_terms":
            UNIT[0] = float(value or 1.0)
        elif key.startswith("join_"):
            JOIN = (key[5:], float(value))
        elif key != "current":
            field = getattr(params, key)
            params = replace(params, **{key: type(field)(value)})
    scores: dict[str, list[float]] = {s: [] for s in SETS}
    try:
        for seed in seeds:
            sets = pooled_sets(seed)
            for name in SETS:
                docs = sets[name]
                feats = [article_features(d.id, d.text, None, d.published) for d in docs]
                if UNIT[0]:
                    feats = idf_unit_terms(feats, UNIT[0])
                clu = cluster(feats, params)
                pred = {m.article: m.story for m in clu.state.articles}
                if post is not None:
                    pred = avglink_merge(docs, pred, post)
                scores[name].append(bcubed(pred, {d.id: d.event for d in docs}).f1)
    finally:
        regroup._split, refine.splits = original, original_splits
        regroup.NUMBER_PREFIX = "#"
        JOIN = None
        UNIT[0] = 0.0
        PRIOR[0] = False
        RECHECK[:] = [0.0, 0.0]
        refine.moves = original_moves
        refine.merges = original_merges
    return scores


def main(argv: Sequence[str]) -> None:
    seeds = [13, 14, 15]
    args = list(argv)
    if "--seeds" in args:
        i = args.index("--seeds")
        seeds = [int(s) for s in args[i + 1].split(",")]
        del args[i : i + 2]
    variants = args or ["current"]
    base: dict[str, list[float]] = {s: [] for s in SETS}
    for seed in seeds:
        sets = pooled_sets(seed)
        for name in SETS:
            docs = sets[name]
            base[name].append(bcubed(run_baseline(docs), {d.id: d.event for d in docs}).f1)
    rows = [("tfidf-avglink", base)] + [(v, run_variant(v, seeds)) for v in variants]
    print(f"seeds {seeds}; B-cubed F1, mean (per seed)")
    print("variant".ljust(18) + "".join(s.ljust(26) for s in SETS))
    for name, sc in rows:
        cells = [f"{np.mean(v):.3f} ({' '.join(f'{x:.3f}' for x in v)})" for v in sc.values()]
        print(name.ljust(18) + "".join(c.ljust(26) for c in cells), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
