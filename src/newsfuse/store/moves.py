"""Story refinement in the store: members moved between stories in one transaction.

:meth:`newsfuse.corpus.cluster.StoryClusterer.refine` decides the moves after an ingest batch is
written; :func:`apply_moves` records them (the members' new stories, the rewritten signatures, the
stories left empty removed) all at once, so a process killed meanwhile leaves the store as it was
after the batch, with its stories as the online pass made them. :func:`member_features` gives
``refine`` the clustering features of earlier members, recomputed from their stored texts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsfuse.corpus.cluster import ArticleFeatures, Refinement
    from newsfuse.store import Store

__all__ = ["apply_moves", "member_features"]

_CHUNK = 500  # ids per SELECT (SQLite limits the number of parameters)


def member_features(store: Store, ids: Sequence[str]) -> Mapping[str, ArticleFeatures]:
    """Clustering features of stored articles (as at ingest: text, title, date)."""
    from datetime import date

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


def apply_moves(store: Store, refined: Refinement) -> None:
    """Move members, rewrite the signatures of the stories involved and drop emptied stories,
    in one transaction (all of it or nothing)."""
    from newsfuse.store import STORY_UPSERT, story_row

    if not (refined.moves or refined.stories or refined.removed):
        return
    c = store.conn
    now = datetime.now(UTC).isoformat(timespec="seconds")
    c.execute("BEGIN IMMEDIATE")
    try:
        c.executemany(
            "UPDATE story_members SET story = ?, score = ? WHERE article = ?",
            [(m.target, m.score, m.article) for m in refined.moves],
        )
        c.executemany(STORY_UPSERT, [story_row(sig, now) for sig in refined.stories])
        c.executemany("DELETE FROM stories WHERE id = ?", [(s,) for s in refined.removed])
        c.execute(
            "INSERT OR REPLACE INTO meta VALUES ('next_story', ?)",
            (json.dumps(refined.next_story),),
        )
        c.execute("COMMIT")
    except BaseException:
        c.execute("ROLLBACK")
        raise
