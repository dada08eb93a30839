"""Story signatures: what the clustering remembers of each story, and how it changes.

A signature is the sum of its members' term vectors (pruned to the strongest
``signature_terms``), how many members mention each name, its size and its first/last dates.
:class:`Signatures` changes them (:meth:`~Signatures.absorb` an article,
:meth:`~Signatures.subtract` one, :meth:`~Signatures.move` one from a story to another) while
keeping their IDF-weighted norms up to date (:mod:`newsfuse.corpus.norms`) and noting which
stories changed, for the store to save.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from sys import intern
from typing import TYPE_CHECKING

from newsfuse.corpus.norms import SignatureNorms

if TYPE_CHECKING:
    from newsfuse.corpus.articles import ArticleFeatures
    from newsfuse.corpus.scoring import Query
    from newsfuse.corpus.state import ClusterParams, ClusterState

__all__ = ["Signatures", "StorySignature"]


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


class Signatures:
    """The signatures of a :class:`~newsfuse.corpus.state.ClusterState` (``state.stories``),
    changed in place with their cached norms, and the ids of those changed since
    :meth:`take_touched`."""

    def __init__(self, state: ClusterState, params: ClusterParams) -> None:
        self.state = state
        self.params = params
        self.norms = SignatureNorms()  # IDF-weighted norms, kept up to date as they change
        self.touched: set[str] = set()

    def norm(self, sig: StorySignature, kind: str) -> float:
        """The IDF-weighted norm of a signature's terms (``kind`` "t") or names ("n")."""
        vec, df = (sig.terms, self.state.df) if kind == "t" else (sig.names, self.state.name_df)
        return self.norms.norm((sig.id, kind), vec, df, self.state.n_docs)

    def new(self, sid: str, title: str | None = None) -> StorySignature:
        """An empty signature for a new story."""
        sig = self.state.stories[sid] = StorySignature(id=sid, title=title)
        return sig

    def drop(self, sid: str) -> None:
        """Forget an empty story."""
        del self.state.stories[sid]
        self.norms.drop((sid, "t"))
        self.norms.drop((sid, "n"))

    def take_touched(self) -> list[StorySignature]:
        """The signatures changed since the last call, in story id order."""
        stories = self.state.stories
        out = [stories[s] for s in sorted(self.touched) if s in stories]
        self.touched = set()
        return out

    def absorb(self, sig: StorySignature, feats: ArticleFeatures, q: Query) -> None:
        """Add an article to a story's signature (``q``: its query, for the IDFs of its terms
        and names), keeping its cached norms up to date."""
        p, n_docs, norms = self.params, self.state.n_docs, self.norms
        idf, name_idf = q.idf, q.name_idf
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
            sig.terms = self._prune(tkey, sig.terms, p.signature_terms, self.state.df)
        if len(sig.names) > p.signature_terms:
            sig.names = self._prune(nkey, sig.names, p.signature_terms // 2, self.state.name_df)
        if feats.published:
            sig.first = min(sig.first or feats.published, feats.published)
            sig.last = max(sig.last or feats.published, feats.published)
        if not sig.title and feats.title:
            sig.title = feats.title
        self.touched.add(sig.id)

    def _prune(
        self, key: tuple[str, str], vec: dict[str, float], keep: int, df: Counter[str]
    ) -> dict[str, float]:
        """The ``keep`` strongest entries of ``vec``; the norm loses the others' share."""
        kept = dict(sorted(vec.items(), key=itemgetter(1), reverse=True)[:keep])
        gone = dict(vec)
        for t in kept:
            del gone[t]
        self.norms.remove(key, gone, df, self.state.n_docs)
        return kept

    def subtract(self, sig: StorySignature, feats: ArticleFeatures, q: Query) -> None:
        """Take an article's terms and names out of a signature (the reverse of :meth:`absorb`;
        its dates stay: a split sets them again), keeping its cached norms up to date."""
        for kind, vec, own, weights in (
            ("t", sig.terms, feats.terms, q.idf),
            ("n", sig.names, dict.fromkeys(feats.names, 1), q.name_idf),
        ):
            # the change of the squared norm: (new**2 - old**2) * idf**2 over the changed entries
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
            self.norms.add((sig.id, kind), delta)
        sig.size -= 1
        self.touched.add(sig.id)

    def move(self, feats: ArticleFeatures, q: Query, source: str, target: str) -> None:
        """Move an article's share from one story's signature to another's."""
        stories = self.state.stories
        self.subtract(stories[source], feats, q)
        self.absorb(stories[target], feats, q)
