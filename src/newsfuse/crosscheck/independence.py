"""Which articles are independent sources.

Two articles are one source when they come from the same outlet, copy the same wire service
("© KYODO"), one credits the wire the other copies ("according to Kyodo News"), or they are
near-duplicates of each other. A fact's independent-source count is the number of such groups
among the articles that state it: a wire copy counts once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newsfuse.ingest.source import Registry
from newsfuse.model import Article
from newsfuse.unionfind import UnionFind


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
        label = (wires[0] if wires else outlets[0] if outlets else group[0].id)
        if len(group) > 1 and not wires and len(outlets) != 1:
            label = " + ".join(sorted(a.source or a.id for a in group))
        for a in group:
            labels[a.id] = label
    return labels


def near_duplicate_pairs(
    articles: Sequence[Article], threshold: float = 0.5, k: int = 5
) -> list[tuple[str, str]]:
    """Pairs of articles whose word ``k``-shingle sets overlap by Jaccard >= ``threshold``.

    Quadratic in the number of articles: meant for one story; corpora use MinHash LSH.
    """
    sets = []
    for a in articles:
        words = a.text.lower().split()
        sets.append({" ".join(words[i : i + k]) for i in range(max(len(words) - k + 1, 1))})
    pairs = []
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            union = len(sets[i] | sets[j])
            if union and len(sets[i] & sets[j]) / union >= threshold:
                pairs.append((articles[i].id, articles[j].id))
    return pairs


def count_independent(article_ids: Iterable[str], groups: dict[str, str]) -> int:
    return len({groups.get(a, a) for a in article_ids})
