"""The clustering's parameters, its saved state, and the records it hands out.

:class:`ClusterState` is plain data that the store saves and reloads, so clustering is
incremental across runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from newsfuse.corpus.signatures import StorySignature

if TYPE_CHECKING:
    from newsfuse.corpus.articles import ArticleFeatures

__all__ = [
    "Assignment",
    "ClusterParams",
    "ClusterState",
    "FeatureLookup",
    "Member",
    "Move",
    "Refinement",
]


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
    # ``threshold`` (0: never; see newsfuse.corpus.refine.rescue)
    rescue_score: float = 0.12
    # two one-article stories that are each other's best match join at this score (0: never;
    # see newsfuse.corpus.refine.pair)
    pair_threshold: float = 0.12


class Member(NamedTuple):
    """One clustered article: its story and the index keys it posted (saved in the store)."""

    article: str
    story: str
    keys: list[str]


@dataclass(slots=True)
class ClusterState:
    """Running document frequencies, story signatures and the index keys: all to continue."""

    n_docs: int = 0
    df: Counter[str] = field(default_factory=Counter)
    name_df: Counter[str] = field(default_factory=Counter)
    stories: dict[str, StorySignature] = field(default_factory=dict)
    articles: list[Member] = field(default_factory=list)  # every clustered article, in order
    next_id: int = 1


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where one article went: its story, whether the story is new, and the winning score."""

    article: str
    story: str
    new: bool
    score: float


@dataclass(frozen=True, slots=True)
class Move:
    """One member moved by :meth:`~newsfuse.corpus.cluster.StoryClusterer.refine`."""

    article: str
    source: str
    target: str
    score: float  # the member's score against its new story


@dataclass(slots=True)
class Refinement:
    """What one refinement changed (for the store to apply in one go)."""

    moves: list[Move] = field(default_factory=list)
    stories: list[StorySignature] = field(default_factory=list)  # signatures to rewrite
    removed: list[str] = field(default_factory=list)  # stories left empty
    next_story: int = 1  # the state's next story number after the refinement


# article ids -> their features (those it can compute: articles no longer stored are left out)
FeatureLookup = Callable[[Sequence[str]], Mapping[str, "ArticleFeatures"]]
