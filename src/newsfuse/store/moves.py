"""Story refinement in the store: members moved between stories in one transaction.

:meth:`newsfuse.corpus.cluster.StoryClusterer.refine` decides the moves after an ingest batch is
written; :class:`MoveRows` records them (the members' new stories, the rewritten signatures, the
stories left empty removed) all at once, so a process killed meanwhile leaves the store as it was
after the batch, with its stories as the online pass made them. :func:`member_features` gives
``refine`` the clustering features of earlier members, recomputed from their stored texts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsfuse.corpus.cluster import ArticleFeatures, Refinement
    from newsfuse.store import Store

__all__ = ["MoveRows", "member_features"]

_CHUNK = 500  # ids per SELECT (SQLite limits the number of parameters)


def member_features(store: Store, ids: Sequence[str]) -> Mapping[str, ArticleFeatures]:
    """Clustering features of stored articles (as at ingest: text, title, date)."""
    from newsfuse.corpus.cluster import article_features

    out: dict[str, ArticleFeatures] = {}
    for i in range(0, len(ids), _CHUNK):
        part = list(ids[i : i + _CHUNK])
        q = (
            "SELECT id, text, title, published FROM articles "
            f"WHERE id IN ({','.join('?' * len(part))})"
        )
        for aid, text, title, published in store.conn.execute(q, part):
            day = date.fromisoformat(published) if published else None
            out[aid] = article_features(aid, text, title, day)
    return out


@dataclass(frozen=True, slots=True)
class MoveRows:
    """A :class:`~newsfuse.corpus.cluster.Refinement` as the rows it writes (serialized at once,
    so that a writer thread never reads signatures the clusterer goes on changing)."""

    members: list[tuple[str, float, str]]  # (new story, score, article)
    stories: list[tuple[object, ...]]  # story rows to rewrite
    removed: list[tuple[str]]  # stories left empty
    next_story: int

    @classmethod
    def of(cls, refined: Refinement) -> MoveRows | None:
        """The rows of ``refined``; None when it changed nothing."""
        from newsfuse.store import now_stamp, story_row

        if not (refined.moves or refined.stories or refined.removed):
            return None
        now = now_stamp()
        return cls(
            [(m.target, m.score, m.article) for m in refined.moves],
            [story_row(sig, now) for sig in refined.stories],
            [(s,) for s in refined.removed],
            refined.next_story,
        )

    def __call__(self, store: Store) -> None:
        """Move members, rewrite the signatures of the stories involved and drop emptied
        stories, in one transaction (all of it or nothing)."""
        from newsfuse.store import STORY_UPSERT

        c = store.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            c.executemany(
                "UPDATE story_members SET story = ?, score = ? WHERE article = ?", self.members
            )
            c.executemany(STORY_UPSERT, self.stories)
            c.executemany("DELETE FROM stories WHERE id = ?", self.removed)
            c.execute(
                "INSERT OR REPLACE INTO meta VALUES ('next_story', ?)",
                (json.dumps(self.next_story),),
            )
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
