"""How well each view of a story tells a right online join from a wrong one (not a test).

Runs the clusterer as ``bench/cluster_variants.py`` does and, for every online join into a story
of 2 or more members, records the signature score and the article's similarities to the members
(as the split computes them): the best one, the best two on average, the average, the average
relative to the story's own average, and the score plus the best one. A join is right when the
story already holds a document of the article's gold cluster. Prints, per set, the ROC AUC of
each view over the joins of all seeds (docs/corpus.md, "Joins judged by the members").

Usage: ``python bench/cluster_joins.py [--seeds 13,14,15] [--sets mn,ecb,basil,t17w]``
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np
from cluster_variants import feed, pooled_sets, with_members
from sklearn.metrics import roc_auc_score

import newsfuse.corpus.regroup as regroup
from newsfuse.corpus.articles import ArticleFeatures, article_features
from newsfuse.corpus.cluster import Assignment, ClusterParams, StoryClusterer
from newsfuse.eval.cluster import Doc

VIEWS = ("score", "best member", "best two", "average", "average / story's own", "score + best")


def joins(docs: Sequence[Doc], gold: dict[str, str]) -> list[tuple[bool, list[float]]]:
    feats = [article_features(d.id, d.text, None, d.published) for d in docs]
    by = {f.id: f for f in feats}
    p = ClusterParams()
    clu = StoryClusterer(params=p)
    rows: list[tuple[bool, list[float]]] = []
    add = clu.add

    def logged(f: ArticleFeatures) -> Assignment:
        a = add(f)
        others = [m for m in clu.members(a.story) if m != f.id]
        if a.new or len(others) < 2:
            return a
        fs = [by[m] for m in others]
        n = len(fs)
        sim = with_members(clu, fs, f)
        row = np.sort(sim[n, :n])
        inside = regroup._inside(list(range(n)), sim)
        right = any(gold[m] == gold[f.id] for m in others)
        mean = row.mean()
        views = [
            a.score,
            row[-1],
            row[-2:].mean(),
            mean,
            mean / max(inside, 1e-9),
            a.score + row[-1],
        ]
        rows.append((right, [float(v) for v in views]))
        return a

    clu.add = logged  # type: ignore[method-assign]
    feed(clu, feats)
    return rows


def main(argv: Sequence[str]) -> None:
    args = list(argv)
    seeds, names = [13, 14, 15], ["mn", "ecb", "basil", "t17w"]
    if "--seeds" in args:
        seeds = [int(s) for s in args[args.index("--seeds") + 1].split(",")]
    if "--sets" in args:
        names = args[args.index("--sets") + 1].split(",")
    rows: dict[str, list[tuple[bool, list[float]]]] = {n: [] for n in names}
    for seed in seeds:
        sets = pooled_sets(seed)
        for name in names:
            docs = sets[name]
            rows[name] += joins(docs, {d.id: d.event for d in docs})
    print(f"seeds {seeds}; ROC AUC of each view for right joins")
    print("set".ljust(10) + "joins  wrong  " + "".join(v.ljust(24) for v in VIEWS))
    for name, rs in rows.items():
        y = np.array([r for r, _ in rs])
        x = np.array([v for _, v in rs])
        aucs = [roc_auc_score(y, x[:, j]) for j in range(len(VIEWS))]
        head = name.ljust(10) + f"{len(rs):<7}{int((~y).sum()):<7}"
        print(head + "".join(f"{a:.3f}".ljust(24) for a in aucs), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
