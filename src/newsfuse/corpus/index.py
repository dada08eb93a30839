"""The story index: which stories an article is worth scoring against.

Each member posts its story under its index keys: its strongest terms and ``@`` its rarest names,
each in the date bucket of the member (``BUCKET_DAYS``-day periods; "u" for undated members).
An article looks up its own keys in the buckets within ``max_gap_days`` of its date and scores
the ``max_candidates`` stories that share the most keys with it (all stories while there are
fewer than ``scan_all_below``), so one article is compared with a few stories, not all of them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from sys import intern
from typing import TYPE_CHECKING

from newsfuse.corpus.scoring import gap_days

if TYPE_CHECKING:
    from newsfuse.corpus.scoring import Query
    from newsfuse.corpus.signatures import StorySignature
    from newsfuse.corpus.state import ClusterParams

__all__ = ["BUCKET_DAYS", "StoryIndex", "bucket"]

BUCKET_DAYS = 30  # the inverted index is split by member date into periods of this many days


def bucket(d: date | None) -> str:
    """The index bucket of a member's date: ``BUCKET_DAYS``-day periods, "u" when undated."""
    return "u" if d is None else str(d.toordinal() // BUCKET_DAYS)


class StoryIndex:
    """Inverted index: key (term, or ``@`` name) -> date bucket -> stories, oldest first."""

    def __init__(self, params: ClusterParams, latest: date | None = None) -> None:
        self.params = params
        self._postings: dict[str, dict[str, list[str]]] = {}
        self._indexed: defaultdict[str, set[str]] = defaultdict(set)  # story -> its posted keys
        self.latest = latest  # the latest date seen (where an undated article looks)

    def see(self, d: date | None) -> None:
        """Note an arriving article's date."""
        if d and (self.latest is None or d > self.latest):
            self.latest = d

    def keys(self, q: Query) -> list[str]:
        """Lookup keys of an article: its strongest terms, then ``@`` and its rarest names."""
        p = self.params
        terms, name_idf = q.terms, q.name_idf
        # ``sorted(..., reverse=True)[:k]`` is what ``heapq.nlargest(k, ...)`` returns, ties
        # included, and 3-5x faster in C for these sizes (a few hundred items)
        keys = sorted(terms, key=terms.__getitem__, reverse=True)[
            : max(p.index_terms, p.query_terms)
        ]
        top_names = sorted(name_idf, key=name_idf.__getitem__, reverse=True)[: p.index_names]
        keys += ["@" + n for n in top_names]
        return keys

    def member_keys(self, keys: list[str], published: date | None) -> list[str]:
        """What a member posts: its ``index_terms`` strongest terms and its names, each with the
        bucket of its date (interned: the same string is shared by every posting that has it)."""
        b = bucket(published)
        own = keys[: self.params.index_terms] + [k for k in keys if k.startswith("@")]
        return [intern(f"{k}|{b}") for k in own]

    def post(self, sid: str, keys: Iterable[str]) -> None:
        """Post the story under member keys (see :meth:`member_keys`) it does not have yet."""
        done = self._indexed[sid]
        for k in keys:
            if k not in done:
                done.add(k)
                key, _, b = k.rpartition("|")
                self._postings.setdefault(key, {}).setdefault(b, []).append(sid)

    def keep_only(self, sid: str, keys: set[str]) -> None:
        """Take the story off every posting outside ``keys`` (those its members still have)."""
        for k in self._indexed[sid] - keys:
            key, _, b = k.rpartition("|")
            self._postings[key][b].remove(sid)
        self._indexed[sid] &= keys

    def drop(self, sid: str) -> None:
        """Forget a story left empty (its postings are gone already: :meth:`keep_only`)."""
        del self._indexed[sid]

    def buckets(self, published: date | None) -> list[str]:
        """Date buckets to look up: those within ``max_gap_days`` of the article's date (of the
        latest date seen for an undated article), and the bucket of undated members."""
        ref = published or self.latest
        if ref is None:
            return ["u"]
        span = self.params.max_gap_days // BUCKET_DAYS + 1
        mid = ref.toordinal() // BUCKET_DAYS
        return ["u", *(str(b) for b in range(mid - span, mid + span + 1))]

    def candidates(
        self,
        published: date | None,
        keys: list[str],
        stories: Mapping[str, StorySignature],
    ) -> set[str]:
        """Stories worth scoring for an article of date ``published`` with lookup ``keys``:
        those sharing the most index keys with it, within ``max_gap_days`` of its date."""
        p = self.params
        if len(stories) <= p.scan_all_below:
            out = set(stories)
        else:
            found: list[str] = []  # counted once at the end: one Counter, not one per key
            buckets = self.buckets(published)
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
        if published is not None:
            out = {s for s in out if gap_days(published, stories[s]) <= p.max_gap_days}
        return out
