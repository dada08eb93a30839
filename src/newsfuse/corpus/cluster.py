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

The state (:class:`ClusterState`) is plain data that the store saves and reloads, so clustering is
incremental across runs.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from sys import intern

from newsfuse.corpus.features import names, term_weights

BUCKET_DAYS = 30  # the inverted index is split by member date into periods of this many days


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
    aid: str, text: str, title: str | None = None, published: date | None = None
) -> ArticleFeatures:
    """Features of one article: the title counts twice in the terms and names."""
    body = f"{title}\n{title}\n{text}" if title else text
    return ArticleFeatures(aid, term_weights(body), dict(names(body)), published, title)


class StoryClusterer:
    """Online clustering over a :class:`ClusterState` (which it updates in place)."""

    def __init__(self, state: ClusterState | None = None, params: ClusterParams | None = None):
        self.state = state or ClusterState()
        self.params = params or ClusterParams()
        self._postings: defaultdict[str, list[str]] = defaultdict(list)
        self._indexed: defaultdict[str, set[str]] = defaultdict(set)
        # IDF-weighted squared norms of signatures: (n_docs when fully computed, value)
        self._norms: dict[tuple[str, str], tuple[int, float]] = {}
        self._touched: set[str] = set()
        self._new_articles: list[tuple[str, str, list[str]]] = []
        for _, sid, keys in self.state.articles:
            self._index(sid, keys)
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
        idf = {t: self._idf(t) for t in feats.terms}
        name_idf = {n: self._name_idf(n) for n in feats.names}
        query = _unit({t: v * idf[t] for t, v in feats.terms.items()})
        qnames = _unit(name_idf)
        keys = heapq.nlargest(max(p.index_terms, p.query_terms), query, key=query.__getitem__)
        keys += ["@" + n for n in heapq.nlargest(p.index_names, name_idf, key=name_idf.__getitem__)]
        best, best_score = None, 0.0
        for sid in self._candidates(feats, keys):
            score = self.score(feats, st.stories[sid], (query, qnames, idf, name_idf))
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
        self._absorb(st.stories[best], feats, idf, name_idf)
        self._index(best, own)
        entry = (feats.id, best, own)
        st.articles.append(entry)
        self._new_articles.append(entry)
        return Assignment(feats.id, best, new, best_score)

    def add_many(self, feats: Iterable[ArticleFeatures]) -> Iterator[Assignment]:
        for f in feats:
            yield self.add(f)

    def take_touched(self) -> tuple[list[StorySignature], list[tuple[str, str, list[str]]]]:
        """Signatures changed and articles added since the last call (for the store to save)."""
        sigs = [self.state.stories[s] for s in sorted(self._touched)]
        arts = self._new_articles
        self._touched, self._new_articles = set(), []
        return sigs, arts

    def score(
        self,
        feats: ArticleFeatures,
        sig: StorySignature,
        query: tuple[dict[str, float], dict[str, float], dict[str, float], dict[str, float]]
        | None = None,
    ) -> float:
        """Similarity of an article to a story in [0, 1].

        ``query``: the article's IDF-weighted unit term and name vectors and the IDFs of its
        terms and names, when already computed.
        """
        p = self.params
        if query is None:
            idf = {t: self._idf(t) for t in feats.terms}
            name_idf = {n: self._name_idf(n) for n in feats.names}
            query = (
                _unit({t: v * idf[t] for t, v in feats.terms.items()}),
                _unit(name_idf),
                idf,
                name_idf,
            )
        qt, qn, idf, name_idf = query
        text = _dot(qt, sig.terms, idf) / (self._norm(sig, "t") or 1.0)
        w = p.name_weight if qn and sig.names else 0.0
        name_sim = _dot(qn, sig.names, name_idf) / (self._norm(sig, "n") or 1.0) if w else 0.0
        s = (1 - w) * text + w * name_sim
        gap = _gap_days(feats.published, sig)
        if gap > p.window_days:
            s *= 0.5 ** ((gap - p.window_days) / p.decay_days)
        return s

    # ---- internals ----------------------------------------------------------------------------

    def _idf(self, term: str) -> float:
        return math.log((self.state.n_docs + 1) / (self.state.df.get(term, 0) + 1)) + 1.0

    def _name_idf(self, name: str) -> float:
        return math.log((self.state.n_docs + 1) / (self.state.name_df.get(name, 0) + 1)) + 1.0

    def _norm(self, sig: StorySignature, kind: str) -> float:
        """The IDF-weighted norm of a signature.

        Kept up to date as articles are absorbed (with the IDFs of the moment) and recomputed in
        full once the collection has grown by a fifth, so IDF drift stays small.
        """
        key = (sig.id, kind)
        cached = self._norms.get(key)
        n = self.state.n_docs
        if cached is None or n > cached[0] * 1.2 + 20:
            vec, df = (sig.terms, self.state.df) if kind == "t" else (sig.names, self.state.name_df)
            ln, base = math.log, math.log(n + 1) + 1.0
            total = sum((v * (base - ln(df.get(t, 0) + 1))) ** 2 for t, v in vec.items())
            cached = (n, total)
            self._norms[key] = cached
        return math.sqrt(max(cached[1], 0.0))

    def _query_buckets(self, published: date | None) -> list[str]:
        """Date buckets to look up: those within ``max_gap_days`` of the article's date (of the
        latest date seen for an undated article), and the bucket of undated members."""
        ref = published or self._latest
        if ref is None:
            return ["u"]
        span = self.params.max_gap_days // BUCKET_DAYS + 1
        mid = ref.toordinal() // BUCKET_DAYS
        return ["u", *(str(b) for b in range(mid - span, mid + span + 1))]

    def _candidates(self, feats: ArticleFeatures, keys: list[str]) -> set[str]:
        """Stories worth scoring: those sharing the most index keys with the article."""
        p = self.params
        if len(self.state.stories) <= p.scan_all_below:
            out = set(self.state.stories)
        else:
            hits: Counter[str] = Counter()
            buckets = self._query_buckets(feats.published)
            for k in keys[: p.query_terms] + [k for k in keys if k.startswith("@")]:
                for b in buckets:
                    hits.update(self._postings.get(f"{k}|{b}", ())[-p.max_postings :])
            out = {s for s, _ in hits.most_common(p.max_candidates)}
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
        p = self.params
        sig.size += 1
        tkey, nkey = (sig.id, "t"), (sig.id, "n")
        dt = dn = 0.0
        for t, v in feats.terms.items():
            old = sig.terms.get(t, 0.0)
            sig.terms[intern(t) if not old else t] = old + v
            dt += ((old + v) ** 2 - old * old) * idf[t] ** 2
        for n in feats.names:
            old = sig.names.get(n, 0)
            sig.names[intern(n) if not old else n] = old + 1
            dn += ((old + 1) ** 2 - old * old) * name_idf[n] ** 2
        for key, delta in ((tkey, dt), (nkey, dn)):
            if key in self._norms:
                at, value = self._norms[key]
                self._norms[key] = (at, value + delta)
        if len(sig.terms) > p.signature_terms * 5 // 4:
            keep = heapq.nlargest(p.signature_terms, sig.terms.items(), key=lambda kv: kv[1])
            sig.terms = dict(keep)
            self._norms.pop(tkey, None)
        if len(sig.names) > p.signature_terms:
            keep = heapq.nlargest(p.signature_terms // 2, sig.names.items(), key=lambda kv: kv[1])
            sig.names = dict(keep)
            self._norms.pop(nkey, None)
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
                self._postings[k].append(sid)


def _bucket(d: date | None) -> str:
    """The index bucket of a member's date: ``BUCKET_DAYS``-day periods, "u" when undated."""
    return "u" if d is None else str(d.toordinal() // BUCKET_DAYS)


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _dot(q: dict[str, float], b: dict[str, float], idf: dict[str, float]) -> float:
    """Dot product of the weighted vector ``q`` with ``b`` weighted by ``idf`` (keys of ``q``)."""
    if len(q) > len(b):
        return sum(v * idf[t] * q[t] for t, v in b.items() if t in q)
    dot = 0.0
    for t, v in q.items():
        w = b.get(t)
        if w:
            dot += v * w * idf[t]
    return dot


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
    return {
        a.article: a.story
        for a in clu.add_many(article_features(i, t, ti, p) for i, t, ti, p in items)
    }
