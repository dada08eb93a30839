"""Online story clustering: each new article joins the best existing story or opens a new one.

An article is described by cheap features (:mod:`newsfuse.corpus.articles`): content terms with
sublinear TF, capitalised names, and the years and dates it mentions. A story keeps a *signature*
(:mod:`newsfuse.corpus.signatures`): the sum of its members' term vectors (pruned to the strongest
terms), how many members mention each name, its size and its first/last publication dates. IDF
weights come from running document frequencies, so they are applied at scoring time and a
signature never goes stale.

The score of an article against a story (:mod:`newsfuse.corpus.scoring`) mixes the cosine of
their IDF-weighted term vectors, the cosine of their IDF-weighted name vectors, and a time factor
that decays as the article's date moves outside the story's date range (a story is local in time;
undated articles are not penalised). Candidates come from an inverted index over the stories'
strongest terms and names (:mod:`newsfuse.corpus.index`), so one article is compared with a few
stories, not all of them: the whole pass is near-linear.

After each ingest batch, :meth:`StoryClusterer.refine` revisits what the batch did, one pass
after another (:mod:`newsfuse.corpus.refine`): moves, a second chance for one-article stories,
pairs of lone articles, splits, merges. The store applies the changes in one transaction
(:mod:`newsfuse.store.moves`).

The state (:class:`~newsfuse.corpus.state.ClusterState`) is plain data that the store saves and
reloads, so clustering is incremental across runs.
"""

from __future__ import annotations

from bisect import insort
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import NamedTuple

from newsfuse.corpus import refine as passes
from newsfuse.corpus.articles import ArticleFeatures, article_features, numbers
from newsfuse.corpus.index import StoryIndex
from newsfuse.corpus.scoring import Query, idf, query, score, score_without
from newsfuse.corpus.signatures import Signatures, StorySignature
from newsfuse.corpus.state import (
    Assignment,
    ClusterParams,
    ClusterState,
    FeatureLookup,
    Member,
    Move,
    Refinement,
)

__all__ = [
    "ArticleFeatures",
    "Assignment",
    "ClusterParams",
    "ClusterState",
    "FeatureLookup",
    "Member",
    "Move",
    "Refinement",
    "StoryClusterer",
    "StorySignature",
    "article_features",
    "cluster_texts",
    "numbers",
]


class Pending(NamedTuple):
    """An article added since the last refinement, with its query and lookup keys as computed
    when it was added and the collection size then (reused while the IDFs have hardly moved)."""

    features: ArticleFeatures
    n_docs: int
    query: Query
    keys: list[str]


class StoryClusterer:
    """Online clustering over a :class:`ClusterState` (which it updates in place)."""

    def __init__(self, state: ClusterState | None = None, params: ClusterParams | None = None):
        self.state = state or ClusterState()
        self.params = params or ClusterParams()
        self.signatures = Signatures(self.state, self.params)
        self.index = StoryIndex(
            self.params,
            max((sig.last for sig in self.state.stories.values() if sig.last), default=None),
        )
        self._new_articles: list[Member] = []  # added or moved since :meth:`take_touched`
        self._pos: dict[str, int] = {}  # article id -> its entry in ``state.articles``
        self._members: defaultdict[str, list[str]] = defaultdict(list)  # story -> article ids
        self._pending: dict[str, Pending] = {}  # added since the last refine
        for i, m in enumerate(self.state.articles):
            self.index.post(m.story, m.keys)
            self._pos[m.article] = i
            self._members[m.story].append(m.article)

    # ---- the online pass ----------------------------------------------------------------------

    def add(self, feats: ArticleFeatures) -> Assignment:
        """Put one article into the best story (or a new one) and update that story."""
        q, keys = self.see(feats)
        st, p = self.state, self.params
        best, best_score = None, 0.0
        for sid in self.index.candidates(feats.published, keys, st.stories):
            s = self.score(feats, st.stories[sid], q)
            if s > best_score:
                best, best_score = sid, s
        return self.join(feats, None if best_score < p.threshold else best, q, keys, best_score)

    def see(self, feats: ArticleFeatures) -> tuple[Query, list[str]]:
        """Count one arriving article into the corpus statistics; its query and index keys."""
        st = self.state
        st.n_docs += 1
        self.index.see(feats.published)
        st.df.update(feats.terms.keys())
        st.name_df.update(feats.names.keys())
        q = self.query(feats)
        return q, self.index.keys(q)

    def join(
        self, feats: ArticleFeatures, sid: str | None, q: Query, keys: list[str], score: float
    ) -> Assignment:
        """Put a seen article into story ``sid`` (a new story when None) and update that story;
        ``score`` is its best candidate's, reported in the assignment."""
        st = self.state
        new = sid is None
        best = self.new_story(feats.title) if sid is None else sid
        own = self.index.member_keys(keys, feats.published)
        self.signatures.absorb(st.stories[best], feats, q)
        self.index.post(best, own)
        entry = Member(feats.id, best, own)
        self._pos[feats.id] = len(st.articles)
        self._members[best].append(feats.id)
        self._pending[feats.id] = Pending(feats, st.n_docs, q, keys)
        st.articles.append(entry)
        self._new_articles.append(entry)
        return Assignment(feats.id, best, new, score)

    def add_many(self, feats: Iterable[ArticleFeatures]) -> Iterator[Assignment]:
        for f in feats:
            yield self.add(f)

    def take_touched(self) -> tuple[list[StorySignature], list[Member]]:
        """Signatures changed and articles added since the last call (for the store to save)."""
        sigs = self.signatures.take_touched()
        arts, self._new_articles = self._new_articles, []
        return sigs, arts

    def refine(self, lookup: FeatureLookup | None = None) -> Refinement:
        """Second pass after a batch: move misplaced articles, give one-article stories a second
        chance, pair lone articles, split and merge the touched stories (the passes of
        :mod:`newsfuse.corpus.refine`, in that order).

        ``lookup`` gives the features of earlier members (the store recomputes them from the
        stored texts); without it, stories with members it has no features for are neither split
        nor merged, and the second chance does nothing.
        """
        pending, self._pending = self._pending, {}
        touched_before, self.signatures.touched = self.signatures.touched, set()
        out = passes.run(self, pending, lookup)
        out.stories = self.signatures.take_touched()
        out.next_story = self.state.next_id
        self.signatures.touched = {s for s in touched_before if s in self.state.stories}
        return out

    # ---- what the refinement passes use -------------------------------------------------------

    def score(self, feats: ArticleFeatures, sig: StorySignature, q: Query | None = None) -> float:
        """Similarity of an article to a story in [0, 1] (``q``: the article's query, when
        already computed)."""
        return score(feats, sig, q or self.query(feats), self.signatures.norm, self.params)

    def score_without(self, feats: ArticleFeatures, sig: StorySignature, q: Query) -> float:
        """Score of a member against its own story with the member taken out (0 when alone)."""
        return score_without(feats, sig, q, self.signatures.norm, self.params)

    def query(self, feats: ArticleFeatures) -> Query:
        """The article as scored now (with the document frequencies of the moment)."""
        st = self.state
        return query(feats, st.df, st.name_df, st.n_docs)

    def term_idf(self, term: str) -> float:
        return idf(self.state.df.get(term, 0), self.state.n_docs)

    def name_idf(self, name: str) -> float:
        return idf(self.state.name_df.get(name, 0), self.state.n_docs)

    def candidate_scores(
        self, feats: ArticleFeatures, q: Query, keys: list[str], exclude: str
    ) -> dict[str, float]:
        """The article's scores against its candidate stories other than ``exclude``, in story
        id order."""
        stories = self.state.stories
        return {
            c: self.score(feats, stories[c], q)
            for c in sorted(self.index.candidates(feats.published, keys, stories))
            if c != exclude
        }

    def members(self, sid: str) -> Sequence[str]:
        """The articles of a story, in arrival order (a live view: copy it before moving)."""
        return self._members.get(sid, ())

    def story_of(self, aid: str) -> str:
        return self.state.articles[self._pos[aid]].story

    def position(self, aid: str) -> int:
        """The article's place in arrival order."""
        return self._pos[aid]

    def new_story(self, title: str | None = None) -> str:
        """Open an empty story; returns its id."""
        st = self.state
        sid = f"s{st.next_id:06d}"
        st.next_id += 1
        self.signatures.new(sid, title)
        return sid

    def move(self, aid: str, feats: ArticleFeatures, q: Query, source: str, target: str) -> bool:
        """Move a member between stories; True when the source story is left empty (removed)."""
        st = self.state
        self.signatures.move(feats, q, source, target)
        i = self._pos[aid]
        entry = st.articles[i] = st.articles[i]._replace(story=target)
        for j, new in enumerate(self._new_articles):
            if new.article == aid:
                self._new_articles[j] = entry
        members = self._members[source]
        members.remove(aid)
        # members stay in arrival order, as a clusterer rebuilt from the store lists them, so
        # that a resumed ingest picks the same "latest members" as a continuous one
        insort(self._members[target], aid, key=self._pos.__getitem__)
        self.index.post(target, entry.keys)
        # the source keeps only the index keys that its remaining members have
        self.index.keep_only(source, {k for a in members for k in st.articles[self._pos[a]].keys})
        if members:
            return False
        del self._members[source]
        self.index.drop(source)
        self.signatures.drop(source)
        return True


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
