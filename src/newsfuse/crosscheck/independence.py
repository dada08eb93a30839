"""Which articles are independent sources.

Two articles are one source when they come from the same outlet, copy the same wire service
("© KYODO"), one credits the wire the other copies ("according to Kyodo News"), or they are
near-duplicates of each other (see ``newsfuse.corpus.dedup``). A fact's independent-source count is the number of such groups
among the articles that state it: a wire copy counts once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from newsfuse.ingest.source import Registry
from newsfuse.model import Article
from newsfuse.unionfind import UnionFind

if TYPE_CHECKING:
    import numpy as np


def wire_links(article: Article, registry: Registry) -> set[str]:
    """The wire services an article is bound to: the one it copies and the ones it credits."""
    wires = {article.wire} if article.wire else set()
    wires |= {c for c in article.credits if registry.is_wire(c)}
    return wires


def independence_groups(
    articles: Sequence[Article],
    registry: Registry,
    duplicates: Iterable[tuple[str, str]] = (),
) -> dict[str, str]:
    """Map each article id to a group label; articles with one label are one source.

    The label names the group: the wire or outlet that binds it, else the article's own outlet,
    else its id.
    """
    uf: UnionFind[str] = UnionFind(a.id for a in articles)
    by_key: dict[str, str] = {}
    for a in articles:
        keys = {f"wire:{w}" for w in wire_links(a, registry)}
        if a.source:
            keys.add(f"outlet:{a.source}")
            if registry.is_wire(a.source):
                keys.add(f"wire:{registry.canonical(a.source)}")
        for key in keys:
            if key in by_key:
                uf.union(a.id, by_key[key])
            else:
                by_key[key] = a.id
    for x, y in duplicates:
        if x in uf.parent and y in uf.parent:
            uf.union(x, y)
    members: dict[str, list[Article]] = {}
    for a in articles:
        members.setdefault(uf.find(a.id), []).append(a)
    labels: dict[str, str] = {}
    for group in members.values():
        wires = sorted({w for a in group for w in wire_links(a, registry)})
        outlets = sorted({a.source for a in group if a.source})
        label = wires[0] if wires else outlets[0] if outlets else group[0].id
        if len(group) > 1 and not wires and len(outlets) != 1:
            label = " + ".join(sorted(a.source or a.id for a in group))
        for a in group:
            labels[a.id] = label
    return labels


def duplicate_pairs(
    articles: Sequence[Article], hashed: Mapping[str, np.ndarray] | None = None
) -> list[tuple[str, str]]:
    """(representative, member) pairs of the exact and near-duplicate groups among ``articles``
    (the corpus deduplicator: normalized hash and MinHash over word shingles). ``hashed``: text
    -> its MinHash values, where already made (by an ingest)."""
    from newsfuse.corpus.dedup import duplicate_groups

    groups = duplicate_groups(articles, hashed=hashed)
    return [(g.representative, m) for g in groups for m in g.members[1:]]


def count_independent(article_ids: Iterable[str], groups: Mapping[str, str]) -> int:
    return len({groups.get(a, a) for a in article_ids})
