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
from newsfuse.knobs import ClusterParams

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
