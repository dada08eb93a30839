"""Online story clustering: each new article joins the best existing story or opens a new one.

An article is described by cheap features (:mod:`newsfuse.corpus.features`): content terms with
sublinear TF, and capitalised names. A story keeps a *signature*: the sum of its members' term
vectors (pruned to the strongest terms), how many members mention each name, its size and its
first/last publication dates. IDF weights come from running document frequencies, so they are
applied at scoring time and a signature never goes stale.

The score of an article against a story mixes the cosine of their IDF-weighted term vectors, the
cosine of their IDF-weighted name vectors, and a time factor that decays as the article's date
moves outside the story's date range (a story is local in time; undated articles are not
penalised). Candidates come from an inverted index over the stories' strongest terms and names, so
one article is compared with a few stories, not all of them: the whole pass is near-linear.

After each ingest batch, :meth:`StoryClusterer.refine` revisits what the batch did: an article
that now scores clearly better against another story than against its own moves there; a story
whose members form two well-separated groups (two similar events merged online) is split; two
one-article stories whose articles are each other's best match join at a lower bar; a
story whose members average alike with those of a candidate story is merged into it. Candidates
come from the inverted index, signatures follow every move, and a story left empty is removed;
the store applies the changes in one transaction (:mod:`newsfuse.store.moves`).

The state (:class:`ClusterState`) is plain data that the store saves and reloads, so clustering is
incremental across runs.
"""

from __future__ import annotations

import math
import re
from bisect import insort
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter, mul
from sys import intern

from newsfuse.corpus.features import names, term_weights, words
from newsfuse.corpus.norms import SignatureNorms
from newsfuse.corpus.regroup import (
    NUMBER_PREFIX,
    Profile,
    SplitParams,
    member_similarity,
    profile,
    separated,
    split_groups,
)

BUCKET_DAYS = 30  # the inverted index is split by member date into periods of this many days


@dataclass(frozen=True, slots=True)
class Query:
    """An article as scored against stories, with the IDFs of the moment it was computed."""

    terms: dict[str, float]  # IDF-weighted unit term vector
    names: dict[str, float]  # IDF-weighted unit name vector
    idf: dict[str, float]  # IDF of each of its terms
    name_idf: dict[str, float]  # IDF of each of its names
    # ``terms`` and ``names`` times the IDF again: what a signature's raw values multiply
    terms_w: dict[str, float]
    names_w: dict[str, float]


@dataclass(frozen=True, slots=True)
class ClusterParams:
    """Knobs of the clustering, measured on ECB+ and Multi-News (see docs/eval/cluster.md)."""

    threshold: float = 0.16  # minimum score to join a story
    name_weight: float = 0.35  # share of the score from names (the rest from terms)
    window_days: int = 7  # dates this far outside a story's range still score fully
    decay_days: float = 14.0  # beyond the window the score halves every ``decay_days``
    max_gap_days: int = 60  # never join a story whose dates are further away than this
    signature_terms: int = 200  # terms kept in a story signature
    index_terms: int = 25  # strongest terms of each member put in the inverted index
    query_terms: int = 20  # strongest article terms used to look up candidates
    index_names: int = 10  # highest-IDF names of each member put in the inverted index
    max_postings: int = 100  # most recent stories scanned per looked-up key and date bucket
    scan_all_below: int = 64  # with this few stories, every story is a candidate
    max_candidates: int = 12  # stories scored per article: those sharing the most index keys
    refine_gain: float = 0.20  # a member moves when another story beats its own by this much
    refine_max_members: int = 50  # larger stories revisit only the members of the last batch
    split_ratio: float = 0.6  # split a story whose two sides are this much less alike (0: never)
    split_number_weight: float = 0.3  # share of numbers in the member similarity of the split
    split_min_group: int = 2  # smallest group a split cuts off
    merge_threshold: float = 0.20  # merge two stories whose members average this alike (0: never)
    merge_candidates: int = 4  # stories checked for a merge with each touched story
    # a one-article story of an earlier batch that an article of the new batch scored at least
    # this against is scored against that article's story, and joins the best such story at
    # ``threshold`` (0: never; see StoryClusterer._rescue)
    rescue_score: float = 0.12
    # two one-article stories that are each other's best match join at this score (0: never;
    # see StoryClusterer._pair)
    pair_threshold: float = 0.12


@dataclass(slots=True)
class StorySignature:
    """What the clustering remembers of one story."""

    id: str
    size: int = 0
    terms: dict[str, float] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)
    first: date | None = None
    last: date | None = None
    title: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "size": self.size,
            "terms": self.terms,
            "names": self.names,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "title": self.title,
        }

    @classmethod
    def from_json(cls, sid: str, data: dict) -> StorySignature:
        return cls(
            id=sid,
            size=int(data["size"]),
            terms={intern(k): v for k, v in data["terms"].items()},
            names={intern(k): v for k, v in data["names"].items()},
            first=date.fromisoformat(data["first"]) if data.get("first") else None,
            last=date.fromisoformat(data["last"]) if data.get("last") else None,
            title=data.get("title"),
        )


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went: its story, whether the story is new, and the winning score."""

    article: str
    story: str
    new: bool
    score: float


@dataclass(frozen=True, slots=True)
class Move:
    """One member moved by :meth:`StoryClusterer.refine`."""

    article: str
    source: str
    target: str
    score: float  # the member's score against its new story


@dataclass(slots=True)
class Refinement:
    """What one :meth:`StoryClusterer.refine` changed (for the store to apply in one go)."""

    moves: list[Move] = field(default_factory=list)
    stories: list[StorySignature] = field(default_factory=list)  # signatures to rewrite
    removed: list[str] = field(default_factory=list)  # stories left empty
    next_story: int = 1  # the state's next story number after the refinement


# article ids -> their features (those it can compute: articles no longer stored are left out)
FeatureLookup = Callable[[Sequence[str]], Mapping[str, "ArticleFeatures"]]


@dataclass(slots=True)
class ClusterState:
    """Running document frequencies, story signatures and the index keys: all to continue."""

    n_docs: int = 0
    df: Counter[str] = field(default_factory=Counter)
    name_df: Counter[str] = field(default_factory=Counter)
    stories: dict[str, StorySignature] = field(default_factory=dict)
    # (article id, story id, the index keys it added) of every clustered article, in order
    articles: list[tuple[str, str, list[str]]] = field(default_factory=list)
    next_id: int = 1


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """The clustering features of one article (computable on any worker)."""

    id: str
    terms: dict[str, float]
    names: dict[str, int]
    published: date | None
    title: str | None


def article_features(
    aid: str,
    text: str,
    title: str | None = None,
    published: date | None = None,
    toks: list[str] | None = None,
) -> ArticleFeatures:
    """Features of one article: the title counts twice in the terms and names; the years and
    dates it mentions travel with the names (marked with ``#``).

    ``toks``: the :func:`~newsfuse.corpus.features.words` of ``text``, when already computed."""
    body = f"{title}\n{title}\n{text}" if title else text
    if toks is not None and title:
        head = words(title)  # words never span the line breaks between title and text
        toks = head + head + toks
    found = dict(names(body))
    for n in numbers(body):
        found[n] = found.get(n, 0) + 1
    return ArticleFeatures(aid, term_weights(body, toks=toks), found, published, title)


# dates and years: what tells apart two similar events (two earthquakes, two check-ins)
_MONTHS = (
    "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|"
    "July|August|September|October|November|December"
)
_DATE_RE = re.compile(rf"\b(?=[A-Z])((?i:{_MONTHS}))\.? (\d{{1,2}})(?:st|nd|rd|th)?\b")
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_URL_RE = re.compile(r"https?:(?:\s*[/.:_\-?=&%#~]\s*|[a-z0-9]+)+")


def numbers(text: str) -> set[str]:
    """Years and month-day dates in a text ("#2013", "#dec15"), not those inside URLs."""
    if "http" in text:  # (a URL's digits are not dates)
        text = _URL_RE.sub(" ", text)
    out = {NUMBER_PREFIX + mon[:3].lower() + day for mon, day in _DATE_RE.findall(text)}
    out.update(NUMBER_PREFIX + y for y in _YEAR_RE.findall(text))
    return out


class StoryClusterer:
    """Online clustering over a :class:`ClusterState` (which it updates in place)."""

    def __init__(self, state: ClusterState | None = None, params: ClusterParams | None = None):
        self.state = state or ClusterState()
        self.params = params or ClusterParams()
        # inverted index: key (term, or "@" name) -> date bucket -> stories, oldest first
        self._postings: dict[str, dict[str, list[str]]] = {}
        self._indexed: defaultdict[str, set[str]] = defaultdict(set)
        # IDF-weighted norms of the signatures, kept up to date as they change
        self._norms = SignatureNorms()
        self._touched: set[str] = set()
        self._new_articles: list[tuple[str, str, list[str]]] = []
        self._pos: dict[str, int] = {}  # article id -> its entry in ``state.articles``
        self._members: defaultdict[str, list[str]] = defaultdict(list)  # story -> article ids
        self._pending: dict[str, ArticleFeatures] = {}  # added since the last refine
        # their queries and index keys as computed when they were added, with the collection
        # size then (reused by the refine while the IDFs have hardly moved since)
        self._pending_q: dict[str, tuple[int, Query, list[str]]] = {}
        # IDF functions remembering their values, while a refinement runs
        self._refine_idf: tuple[Callable[[str], float], Callable[[str], float]] | None = None
        for i, (aid, sid, keys) in enumerate(self.state.articles):
            self._index(sid, keys)
            self._pos[aid] = i
            self._members[sid].append(aid)
        self._latest: date | None = max(
            (sig.last for sig in self.state.stories.values() if sig.last), default=None
        )

    # ---- public -------------------------------------------------------------------------------

    def add(self, feats: ArticleFeatures) -> Assignment:
        """Put one article into the best story (or a new one) and update that story."""
        st, p = self.state, self.params
        st.n_docs += 1
        if feats.published and (self._latest is None or feats.published > self._latest):
            self._latest = feats.published
        st.df.update(feats.terms.keys())
        st.name_df.update(feats.names.keys())
        q = self._query(feats)
        keys = self._keys(q)
        best, best_score = None, 0.0
        for sid in self._candidates(feats, keys):
            score = self.score(feats, st.stories[sid], q)
            if score > best_score:
                best, best_score = sid, score
        new = best is None or best_score < p.threshold
        if new:
            best = f"s{st.next_id:06d}"
            st.next_id += 1
            st.stories[best] = StorySignature(id=best, title=feats.title)
        assert best is not None
        # interned: the same term string is shared by every story and posting that holds it
        bucket = _bucket(feats.published)
        own = [
            intern(f"{k}|{bucket}")
            for k in keys[: p.index_terms] + [k for k in keys if k.startswith("@")]
        ]
        self._absorb(st.stories[best], feats, q.idf, q.name_idf)
        self._index(best, own)
        entry = (feats.id, best, own)
        self._pos[feats.id] = len(st.articles)
        self._members[best].append(feats.id)
        self._pending[feats.id] = feats
        self._pending_q[feats.id] = (st.n_docs, q, keys)
        st.articles.append(entry)
        self._new_articles.append(entry)
        return Assignment(feats.id, best, new, best_score)

    def add_many(self, feats: Iterable[ArticleFeatures]) -> Iterator[Assignment]:
        for f in feats:
            yield self.add(f)

    def take_touched(self) -> tuple[list[StorySignature], list[tuple[str, str, list[str]]]]:
        """Signatures changed and articles added since the last call (for the store to save)."""
        sigs = [self.state.stories[s] for s in sorted(self._touched) if s in self.state.stories]
        arts = self._new_articles
        self._touched, self._new_articles = set(), []
        return sigs, arts

    def refine(self, lookup: FeatureLookup | None = None) -> Refinement:
        """Second pass after a batch: move misplaced articles, split and merge the touched stories.

        1. Each article added since the last call is scored against its own story without it
           and against the candidate stories of the inverted index; when its best other story
           scores at least ``threshold`` and beats its own by ``refine_gain``, it moves there (in
           arrival order, each move updating both signatures). The article's query and index
           keys are those computed when it was added, unless the collection has grown by more
           than a tenth since.
        2. A one-article story of an earlier batch that one of these articles scored at least
           ``rescue_score`` against joins the best of those articles' stories that scores at
           least ``threshold`` for it (see ``_rescue``).
           Then an article of the batch still alone in its story joins the one-article story of
           its best candidate when it scores at least ``pair_threshold`` (below ``threshold``),
           the two are dated within ``window_days`` of each other, and that story's article
           scores best with it in turn (see ``_pair``).
        3. Each story these articles are now in (up to ``refine_max_members``) is split when its
           members form well-separated groups (:mod:`newsfuse.corpus.regroup`).
        4. Each of those stories is merged with the candidate story whose members average at
           least ``merge_threshold`` alike with its own (decayed in time like a join), unless
           the two are well separated.

        A story left empty is removed. ``lookup`` gives the features of earlier members (the
        store recomputes them from the stored texts); without it, stories with members it has no
        features for are neither split nor merged, and step 2 does nothing.
        """
        self._refine_idf = self._memo_idf()
        try:
            return self._refine(lookup)
        finally:
            self._refine_idf = None

    def _refine(self, lookup: FeatureLookup | None) -> Refinement:
        p, st = self.params, self.state
        pending, self._pending = self._pending, {}
        queries, self._pending_q = self._pending_q, {}
        touched_before, self._touched = self._touched, set()
        out = Refinement()
        feats: dict[str, ArticleFeatures] = dict(pending)
        # the scores of each new article against its candidate stories (reused by the merges)
        scored: dict[str, dict[str, float]] = {}
        for aid in sorted(pending, key=self._pos.__getitem__):
            f = pending[aid]
            sid = st.articles[self._pos[aid]][1]
            at, q, keys = queries[aid]
            if st.n_docs > at * 1.1:  # IDFs have moved since: compute again
                q = self._query(f)
                keys = self._keys(q)
            own = self._score_without(f, st.stories[sid], q)
            best, best_score = None, 0.0
            scores = scored[aid] = self._candidate_scores(f, q, keys, sid)
            for other, score in scores.items():
                if score > best_score:
                    best, best_score = other, score
            if best is not None and best_score >= max(p.threshold, own + p.refine_gain):
                if self._move(aid, f, q, sid, best):
                    out.removed.append(sid)
                out.moves.append(Move(aid, sid, best, best_score))
        if p.rescue_score > 0:
            self._rescue(pending, scored, feats, lookup, out)
        if 0 < p.pair_threshold < p.threshold:
            self._pair(pending, scored, feats, lookup, out)
        # the stories the batch touched, where they are now
        touched = sorted({st.articles[self._pos[a]][1] for a in pending})
        if p.split_ratio > 0:
            for sid in touched:
                if 2 * p.split_min_group <= len(self._members[sid]) <= p.refine_max_members:
                    self._fetch(self._members[sid], feats, lookup)
                    self._split(sid, feats, out)
        if p.merge_threshold > 0:
            touched = sorted(
                {st.articles[self._pos[a]][1] for a in pending} | {m.target for m in out.moves}
            )
            for sid in touched:
                self._merge(sid, feats, lookup, out, scored)
        out.stories = [st.stories[s] for s in sorted(self._touched) if s in st.stories]
        out.next_story = st.next_id
        self._touched = {s for s in touched_before if s in st.stories}
        return out

    def _rescue(
        self,
        pending: Mapping[str, ArticleFeatures],
        scored: Mapping[str, Mapping[str, float]],
        feats: dict[str, ArticleFeatures],
        lookup: FeatureLookup | None,
        out: Refinement,
    ) -> None:
        """Give one-article stories near the batch's stories a second chance.

        An article that opened a story is judged once, against the stories of that moment; its
        own story may be the one that later grows (the next articles join it) or it may stay
        alone while the story it belongs to forms after it. The new articles' scores against
        their candidates (``scored``) point at such singletons: each is scored against the
        stories of the articles that point at it (stories the batch added to; one may be a new
        one-article story of the batch) and joins the best of them when it scores at least
        ``threshold``, as an arriving article would."""
        p, st = self.params, self.state
        near: dict[str, set[str]] = {}
        for aid in sorted(pending, key=self._pos.__getitem__):
            sid = st.articles[self._pos[aid]][1]
            for c, v in scored.get(aid, {}).items():
                if v >= p.rescue_score and c != sid and len(self._members.get(c, ())) == 1:
                    near.setdefault(c, set()).add(sid)
        # their articles, except those of this batch (judged by the first step)
        lone = {c: self._members[c][0] for c in near if self._members[c][0] not in pending}
        self._fetch(lone.values(), feats, lookup)  # one lookup for all
        for c in sorted(lone):
            if c not in st.stories or len(self._members[c]) != 1:
                continue  # merged or grown since
            aid = lone[c]
            f = feats.get(aid)
            if f is None:
                continue
            q = self._query(f)
            best, best_score = None, 0.0
            for other in sorted(near[c]):
                if other in st.stories:
                    score = self.score(f, st.stories[other], q)
                    if score > best_score:
                        best, best_score = other, score
            if best is not None and best_score >= p.threshold:
                self._move(aid, f, q, c, best)
                out.removed.append(c)
                out.moves.append(Move(aid, c, best, best_score))

    def _pair(
        self,
        pending: Mapping[str, ArticleFeatures],
        scored: Mapping[str, Mapping[str, float]],
        feats: dict[str, ArticleFeatures],
        lookup: FeatureLookup | None,
        out: Refinement,
    ) -> None:
        """Join two one-article stories whose articles are each other's best match.

        ``threshold`` is set for an article against a story, whose signature averages out the
        words one article happens to use; two single articles of the same story share fewer
        words, so their score is lower. Being each other's best match (no story scores higher for
        either) is what keeps a lower bar precise: two such articles join at ``pair_threshold``.
        The batch's articles left alone (after the moves and rescues) look at their best
        candidate of step 1 (``scored``); when that is a one-article story scoring at least
        ``pair_threshold``, dated within ``window_days`` of them, whose article in turn scores
        best with them, the later of the two articles joins the earlier one's story."""
        p, st = self.params, self.state

        def best_of(aid: str, sid: str) -> tuple[str | None, float]:
            scores = scored.get(aid)
            if scores is None:  # an article of an earlier batch: score it now
                f = feats[aid]
                q = self._query(f)
                scores = self._candidate_scores(f, q, self._keys(q), sid)
            live = [(v, c) for c, v in scores.items() if c in st.stories and c != sid]
            if not live:
                return None, 0.0
            v, c = max(live)
            return c, v

        for aid in sorted(pending, key=self._pos.__getitem__):
            sid = st.articles[self._pos[aid]][1]
            if sid not in st.stories or len(self._members[sid]) != 1:
                continue
            other, score = best_of(aid, sid)
            if other is None or score < p.pair_threshold or len(self._members[other]) != 1:
                continue
            if _gap_days(pending[aid].published, st.stories[other]) > p.window_days:
                continue  # the lower bar is for articles of the same days, not a longer reach
            mate = self._members[other][0]
            self._fetch([mate], feats, lookup)
            if mate not in feats or best_of(mate, other)[0] != sid:
                continue
            # step 1 scored ``other`` as it was then: it may have lost members since
            fa = pending[aid]
            if self.score(fa, st.stories[other], self._query(fa)) < p.pair_threshold:
                continue
            # the later article joins the earlier one's story
            (src, a), (dst, _) = sorted(((sid, aid), (other, mate)), key=lambda x: -self._pos[x[1]])
            f = feats[a]
            q = self._query(f)
            self._move(a, f, q, src, dst)
            out.removed.append(src)
            out.moves.append(Move(a, src, dst, self.score(f, st.stories[dst], q)))

    def _fetch(
        self, ids: Iterable[str], feats: dict[str, ArticleFeatures], lookup: FeatureLookup | None
    ) -> None:
        """Add the features of ``ids`` missing from ``feats`` (when ``lookup`` is given)."""
        missing = [a for a in ids if a not in feats]
        if missing and lookup is not None:
            feats.update(lookup(missing))

    def _split_params(self) -> SplitParams:
        p = self.params
        return SplitParams(p.name_weight, p.split_number_weight, p.split_ratio, p.split_min_group)

    def _profile(self, sid: str, feats: Mapping[str, ArticleFeatures]) -> Profile | None:
        """The member profile of a story (None when a member's features are unknown)."""
        fs = [feats.get(a) for a in self._members.get(sid, [])]
        known = [f for f in fs if f is not None]
        if not known or len(known) < len(fs):
            return None
        return profile(
            [f.terms for f in known],
            [f.names for f in known],
            *(self._refine_idf or (self._idf, self._name_idf)),
            self._split_params(),
        )

    def _merge(
        self,
        sid: str,
        feats: dict[str, ArticleFeatures],
        lookup: FeatureLookup | None,
        out: Refinement,
        scored: Mapping[str, Mapping[str, float]],
    ) -> None:
        """Merge story ``sid`` with the candidate story whose members are most alike to its own,
        when they average at least ``merge_threshold`` and are not well separated.

        ``scored``: the scores of the batch's articles against their candidate stories, which
        then stand for the story's latest members."""
        p, st = self.params, self.state
        if sid not in st.stories or not 2 <= len(self._members[sid]) <= p.refine_max_members:
            return
        # candidates: stories the latest members would have joined online, on average
        latest = [a for a in self._members[sid] if a in scored][-p.max_candidates :]
        if not latest:
            latest = self._members[sid][-p.max_candidates :]
            self._fetch(latest, feats, lookup)
        near: Counter[str] = Counter()
        for aid in latest:
            if aid in scored:
                near.update({c: v for c, v in scored[aid].items() if c in st.stories and c != sid})
                continue
            f = feats[aid]
            q = self._query(f)
            near.update(self._candidate_scores(f, q, self._keys(q), sid))
        ranked = sorted(
            (c for c in near if near[c] >= p.threshold * len(latest)), key=lambda c: (-near[c], c)
        )
        if not ranked:
            return
        self._fetch(self._members[sid], feats, lookup)
        mine = self._profile(sid, feats)
        if mine is None:
            return
        sp = self._split_params()
        best, best_sim = None, p.merge_threshold
        for other in ranked[: p.merge_candidates]:
            gap = _story_gap(st.stories[sid], st.stories[other])
            if len(self._members[other]) > p.refine_max_members or gap > p.max_gap_days:
                continue
            self._fetch(self._members[other], feats, lookup)
            theirs = self._profile(other, feats)
            if theirs is None:
                continue
            across, apart = separated(mine, theirs, sp)
            if gap > p.window_days:  # the same decay in time as an article joining a story
                across *= 0.5 ** ((gap - p.window_days) / p.decay_days)
            if not apart and across >= best_sim:
                best, best_sim = other, across
        if best is None:
            return
        # the larger story (then the older) takes the members of the other
        keep, gone = sorted((sid, best), key=lambda s: (-len(self._members[s]), s))
        for aid in list(self._members[gone]):
            f = feats[aid]
            q = self._query(f)
            self._move(aid, f, q, gone, keep)
            out.moves.append(Move(aid, gone, keep, self.score(f, st.stories[keep], q)))
        out.removed.append(gone)

    def _split(self, sid: str, feats: Mapping[str, ArticleFeatures], out: Refinement) -> None:
        """Split story ``sid`` when its members form well-separated groups (see ``regroup``)."""
        p, st = self.params, self.state
        members = list(self._members.get(sid, []))
        if not 2 * p.split_min_group <= len(members) <= p.refine_max_members:
            return
        fs = [feats.get(a) for a in members]
        if any(f is None for f in fs):
            return
        known = [f for f in fs if f is not None]
        sp = self._split_params()
        sim = member_similarity(
            [f.terms for f in known],
            [f.names for f in known],
            *(self._refine_idf or (self._idf, self._name_idf)),
            sp,
        )
        groups = split_groups(sim, sp)
        if len(groups) < 2:
            return
        # the largest group (then the earliest) keeps the story; each other one becomes a story
        groups.sort(key=lambda g: (-len(g), min(self._pos[members[i]] for i in g)))
        for g in groups[1:]:
            new = f"s{st.next_id:06d}"
            st.next_id += 1
            st.stories[new] = StorySignature(id=new)
            moved = sorted((members[i] for i in g), key=self._pos.__getitem__)
            for aid in moved:
                f = feats[aid]
                self._move(aid, f, self._query(f), sid, new)
            for aid in moved:
                f = feats[aid]
                out.moves.append(Move(aid, sid, new, self.score(f, st.stories[new])))
        src = st.stories[sid]
        days = [d for a in self._members[sid] if (d := feats[a].published) is not None]
        src.first, src.last = (min(days), max(days)) if days else (None, None)

    def score(
        self,
        feats: ArticleFeatures,
        sig: StorySignature,
        query: Query | None = None,
    ) -> float:
        """Similarity of an article to a story in [0, 1].

        ``query``: the article's IDF-weighted unit term and name vectors and the IDFs of its
        terms and names, when already computed.
        """
        p = self.params
        q = query or self._query(feats)
        text = _dot(q.terms_w, sig.terms) / (self._norm(sig, "t") or 1.0)
        w = p.name_weight if q.names and sig.names else 0.0
        name_sim = _dot(q.names_w, sig.names) / (self._norm(sig, "n") or 1.0) if w else 0.0
        s = (1 - w) * text + w * name_sim
        gap = _gap_days(feats.published, sig)
        if gap > p.window_days:
            s *= 0.5 ** ((gap - p.window_days) / p.decay_days)
        return s

    # ---- internals ----------------------------------------------------------------------------

    def _query(self, feats: ArticleFeatures) -> Query:
        """The article's IDF-weighted unit term and name vectors, and the IDFs used."""
        # the IDFs of ``_idf`` and ``_name_idf``, computed inline (this runs for every query)
        ln, n1 = math.log, self.state.n_docs + 1
        df, name_df = self.state.df.get, self.state.name_df.get
        idf = {t: ln(n1 / (df(t, 0) + 1)) + 1.0 for t in feats.terms}
        name_idf = {n: ln(n1 / (name_df(n, 0) + 1)) + 1.0 for n in feats.names}
        terms = _unit({t: v * idf[t] for t, v in feats.terms.items()})
        names = _unit(name_idf)
        return Query(
            terms,
            names,
            idf,
            name_idf,
            {t: v * idf[t] for t, v in terms.items()},
            {n: v * name_idf[n] for n, v in names.items()},
        )

    def _keys(self, q: Query) -> list[str]:
        """Index keys of an article: its strongest terms, then ``@`` and its rarest names."""
        p = self.params
        query, name_idf = q.terms, q.name_idf
        # ``sorted(..., reverse=True)[:k]`` is what ``heapq.nlargest(k, ...)`` returns, ties
        # included, and 3-5x faster in C for these sizes (a few hundred items)
        keys = sorted(query, key=query.__getitem__, reverse=True)[
            : max(p.index_terms, p.query_terms)
        ]
        top_names = sorted(name_idf, key=name_idf.__getitem__, reverse=True)[: p.index_names]
        keys += ["@" + n for n in top_names]
        return keys

    def _score_without(
        self,
        feats: ArticleFeatures,
        sig: StorySignature,
        q: Query,
    ) -> float:
        """Score of a member against its own story with the member taken out (0 when alone).

        Computed from the story's cached norms minus the member's share, without building the
        reduced signature (whose norms would have to be recomputed in full)."""
        if sig.size <= 1:
            return 0.0
        p = self.params
        text = _dot_without(q.terms, sig.terms, feats.terms, q.idf, self._norm(sig, "t"))
        own = feats.names
        # names count when both sides have some (as in ``score``)
        rest_named = len(sig.names) > len(own) or any(
            c > 1 or n not in own for n, c in sig.names.items()
        )
        w = p.name_weight if q.names and rest_named else 0.0
        name_sim = 0.0
        if w:
            ones = dict.fromkeys(own, 1.0)
            name_sim = _dot_without(q.names, sig.names, ones, q.name_idf, self._norm(sig, "n"))
        s = (1 - w) * text + w * name_sim
        gap = _gap_days(feats.published, sig)
        if gap > p.window_days:
            s *= 0.5 ** ((gap - p.window_days) / p.decay_days)
        return s

    def _move(
        self,
        aid: str,
        feats: ArticleFeatures,
        q: Query,
        source: str,
        target: str,
    ) -> bool:
        """Move a member between stories; True when the source story is left empty (removed)."""
        st = self.state
        src = st.stories[source]
        dt, dn = _subtract(src, feats, q.idf, q.name_idf)
        self._norms.add((source, "t"), dt)
        self._norms.add((source, "n"), dn)
        self._touched.add(source)
        self._absorb(st.stories[target], feats, q.idf, q.name_idf)
        i = self._pos[aid]
        keys = st.articles[i][2]
        st.articles[i] = (aid, target, keys)
        for j, entry in enumerate(self._new_articles):
            if entry[0] == aid:
                self._new_articles[j] = (aid, target, keys)
        self._members[source].remove(aid)
        # members stay in arrival order, as a clusterer rebuilt from the store lists them, so
        # that a resumed ingest picks the same "latest members" as a continuous one
        insort(self._members[target], aid, key=self._pos.__getitem__)
        self._index(target, keys)
        # the source keeps only the index keys that its remaining members have
        still = {k for a in self._members[source] for k in st.articles[self._pos[a]][2]}
        for k in self._indexed[source] - still:
            key, _, bucket = k.rpartition("|")
            self._postings[key][bucket].remove(source)
        self._indexed[source] &= still
        if self._members[source]:
            return False
        del st.stories[source], self._members[source], self._indexed[source]
        self._norms.drop((source, "t"))
        self._norms.drop((source, "n"))
        return True

    def _idf(self, term: str) -> float:
        return math.log((self.state.n_docs + 1) / (self.state.df.get(term, 0) + 1)) + 1.0

    def _name_idf(self, name: str) -> float:
        return math.log((self.state.n_docs + 1) / (self.state.name_df.get(name, 0) + 1)) + 1.0

    def _memo_idf(self) -> tuple[Callable[[str], float], Callable[[str], float]]:
        """IDF functions remembering their values (while the document frequencies stand still)."""
        return _memo(self._idf), _memo(self._name_idf)

    def _norm(self, sig: StorySignature, kind: str) -> float:
        """The IDF-weighted norm of a signature (kept up to date as articles are absorbed and
        the collection grows, see :mod:`newsfuse.corpus.norms`)."""
        vec, df = (sig.terms, self.state.df) if kind == "t" else (sig.names, self.state.name_df)
        return self._norms.norm((sig.id, kind), vec, df, self.state.n_docs)

    def _query_buckets(self, published: date | None) -> list[str]:
        """Date buckets to look up: those within ``max_gap_days`` of the article's date (of the
        latest date seen for an undated article), and the bucket of undated members."""
        ref = published or self._latest
        if ref is None:
            return ["u"]
        span = self.params.max_gap_days // BUCKET_DAYS + 1
        mid = ref.toordinal() // BUCKET_DAYS
        return ["u", *(str(b) for b in range(mid - span, mid + span + 1))]

    def _candidate_scores(
        self, feats: ArticleFeatures, q: Query, keys: list[str], exclude: str
    ) -> dict[str, float]:
        """The article's scores against its candidate stories other than ``exclude``, in story
        id order."""
        stories = self.state.stories
        return {
            c: self.score(feats, stories[c], q)
            for c in sorted(self._candidates(feats, keys))
            if c != exclude
        }

    def _candidates(self, feats: ArticleFeatures, keys: list[str]) -> set[str]:
        """Stories worth scoring: those sharing the most index keys with the article."""
        p = self.params
        if len(self.state.stories) <= p.scan_all_below:
            out = set(self.state.stories)
        else:
            found: list[str] = []  # counted once at the end: one Counter, not one per key
            buckets = self._query_buckets(feats.published)
            rank = {b: i for i, b in enumerate(buckets)}
            postings, last = self._postings, -p.max_postings
            for k in keys[: p.query_terms] + [k for k in keys if k.startswith("@")]:
                by_bucket = postings.get(k)
                if by_bucket is not None:
                    # the key's buckets in reach (found in C), in the order of ``buckets``
                    hit = by_bucket.keys() & rank.keys()
                    for b in sorted(hit, key=rank.__getitem__) if len(hit) > 1 else hit:
                        found += by_bucket[b][last:]
            out = {s for s, _ in Counter(found).most_common(p.max_candidates)}
        if feats.published is not None:
            out = {
                s
                for s in out
                if _gap_days(feats.published, self.state.stories[s]) <= p.max_gap_days
            }
        return out

    def _absorb(
        self,
        sig: StorySignature,
        feats: ArticleFeatures,
        idf: dict[str, float],
        name_idf: dict[str, float],
    ) -> None:
        """Add an article to a story's signature, keeping its cached norms up to date."""
        p, n_docs, norms = self.params, self.state.n_docs, self._norms
        tkey, nkey = (sig.id, "t"), (sig.id, "n")
        if sig.size == 0:  # a new story: its norms are tracked from the start
            norms.start(tkey, n_docs)
            norms.start(nkey, n_docs)
        sig.size += 1
        # the change of the squared norms: (new**2 - old**2) * idf**2 over the changed entries
        dt = dn = 0.0
        terms = sig.terms
        for t, v in feats.terms.items():
            old = terms.get(t, 0.0)
            terms[intern(t) if not old else t] = old + v
            dt += v * (2 * old + v) * idf[t] ** 2
        norms.add(tkey, dt)
        for n in feats.names:
            old = sig.names.get(n, 0)
            sig.names[intern(n) if not old else n] = old + 1
            dn += (2 * old + 1) * name_idf[n] ** 2
        norms.add(nkey, dn)
        if len(sig.terms) > p.signature_terms * 5 // 4:
            keep = sorted(sig.terms.items(), key=itemgetter(1), reverse=True)[: p.signature_terms]
            gone = dict(sig.terms)
            sig.terms = dict(keep)
            for t in sig.terms:
                del gone[t]
            norms.remove(tkey, gone, self.state.df, n_docs)
        if len(sig.names) > p.signature_terms:
            keep = sorted(sig.names.items(), key=itemgetter(1), reverse=True)[
                : p.signature_terms // 2
            ]
            gone = dict(sig.names)
            sig.names = dict(keep)
            for t in sig.names:
                del gone[t]
            norms.remove(nkey, gone, self.state.name_df, n_docs)
        if feats.published:
            sig.first = min(sig.first or feats.published, feats.published)
            sig.last = max(sig.last or feats.published, feats.published)
        if not sig.title and feats.title:
            sig.title = feats.title
        self._touched.add(sig.id)

    def _index(self, sid: str, keys: list[str]) -> None:
        """Post the story under ``keys`` (terms, and names prefixed with ``@``) once each."""
        done = self._indexed[sid]
        for k in keys:
            if k not in done:
                done.add(k)
                key, _, bucket = k.rpartition("|")
                self._postings.setdefault(key, {}).setdefault(bucket, []).append(sid)


def _subtract(
    sig: StorySignature,
    feats: ArticleFeatures,
    idf: Mapping[str, float],
    name_idf: Mapping[str, float],
) -> tuple[float, float]:
    """Take an article's terms and names out of a signature (the reverse of absorbing it).

    Returns the changes of the squared IDF-weighted norms of the terms and of the names:
    ``(new**2 - old**2) * idf**2`` summed over the changed entries."""
    out = []
    for vec, own, weights in (
        (sig.terms, feats.terms, idf),
        (sig.names, dict.fromkeys(feats.names, 1), name_idf),
    ):
        delta = 0.0
        for t, v in own.items():
            old = vec.get(t)
            if old is None:
                continue
            new = old - v
            if new > 1e-9:
                vec[t] = new
            else:
                del vec[t]
                new = 0.0
            delta += (new * new - old * old) * weights[t] ** 2
        out.append(delta)
    sig.size -= 1
    return out[0], out[1]


def _bucket(d: date | None) -> str:
    """The index bucket of a member's date: ``BUCKET_DAYS``-day periods, "u" when undated."""
    return "u" if d is None else str(d.toordinal() // BUCKET_DAYS)


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _dot(q: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two sparse vectors (the shared keys are found in C; ``fsum`` makes the
    result independent of the set's order, which follows string hashing)."""
    shared = q.keys() & b.keys()  # iterated twice in the same order; fsum needs no order
    return math.fsum(map(mul, map(q.__getitem__, shared), map(b.__getitem__, shared)))


def _dot_without(
    q: dict[str, float],
    sig: dict[str, float],
    own: Mapping[str, float],
    idf: dict[str, float],
    norm: float,
) -> float:
    """Cosine of the weighted vector ``q`` with the signature vector ``sig`` less ``own`` (the
    member's raw values), both weighted by ``idf``; ``norm`` is the weighted norm of ``sig``.

    The reduced vector's squared norm is ``norm**2`` less each shared term's share; terms left at
    (or below) zero are dropped, as :func:`_subtract` would drop them."""
    dot = 0.0
    sq = norm * norm
    get = sig.get
    for t, v in own.items():
        old = get(t)
        if old is None:
            continue
        rest = old - v
        if rest <= 1e-9:
            rest = 0.0
        w = idf[t]
        sq -= (old * old - rest * rest) * w * w
        if rest:
            dot += q[t] * rest * w
    if sq <= 1e-12 or dot <= 0.0:
        return 0.0
    return dot / math.sqrt(sq)


def _memo(fn: Callable[[str], float]) -> Callable[[str], float]:
    cache: dict[str, float] = {}

    def get(key: str) -> float:
        value = cache.get(key)
        if value is None:
            value = cache[key] = fn(key)
        return value

    return get


def _story_gap(a: StorySignature, b: StorySignature) -> int:
    """Days between the date ranges of two stories (0 when they overlap or one is undated)."""
    if a.first is None or a.last is None or b.first is None or b.last is None:
        return 0
    return max((b.first - a.last).days, (a.first - b.last).days, 0)


def _gap_days(d: date | None, sig: StorySignature) -> int:
    if d is None or sig.first is None or sig.last is None:
        return 0
    if d < sig.first:
        return (sig.first - d).days
    if d > sig.last:
        return (d - sig.last).days
    return 0


def cluster_texts(
    items: Iterable[tuple[str, str, str | None, date | None]], params: ClusterParams | None = None
) -> dict[str, str]:
    """Cluster ``(id, text, title, published)`` items in order; returns article id -> story id."""
    clu = StoryClusterer(params=params)
    out = {
        a.article: a.story
        for a in clu.add_many(article_features(i, t, ti, p) for i, t, ti, p in items)
    }
    for m in clu.refine().moves:
        out[m.article] = m.target
    return out
