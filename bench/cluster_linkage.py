"""Representation or linkage: average-link clustering of every pooled set on the clusterer's own
document similarities, beside the baseline's TF-IDF (not a test).

The story clusterer and the TF-IDF average-link baseline differ in two things: what a document
is (the clusterer's 200 strongest terms with sublinear TF, names and years/dates, IDFs of the
set; the baseline's TF-IDF over every word) and how documents are linked (online joins to a
story's summed signature, then the refinement; the baseline's average link over all pairs). This
script keeps the baseline's linkage and swaps the representation: average link (scipy) over the
clusterer's document-pair similarities, at several similarity thresholds, on each pooled set
without dates (`bench/cluster_variants.py` builds the sets; seed 13 by default):

- ``terms``: cosine of the IDF-weighted terms;
- ``terms+names``: 0.65 x terms + 0.35 x the cosine of the IDF-weighted names, years and dates
  (one vector, as the online score mixes them);
- ``terms+names, TF``: the same with names weighted by ``1 + log count``;
- ``split channels``: terms and names mixed 0.65 / 0.35, and the years and dates as a third
  channel of weight ``split_number_weight`` when both documents have some (as the split and the
  merge compare members);
- ``tfidf``: the baseline's TF-IDF cosine.

If the clusterer's representation under average link reaches the baseline where the clusterer
does not, what it lacks is in the linkage. Usage: ``python bench/cluster_linkage.py [--seed 13]``.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from cluster_variants import pooled_sets

from newsfuse.corpus import regroup
from newsfuse.corpus.articles import article_features
from newsfuse.corpus.cluster import ClusterParams
from newsfuse.corpus.scoring import idf
from newsfuse.eval.cluster import Doc, bcubed

THRESHOLDS = (0.08, 0.10, 0.12, 0.14, 0.15, 0.16, 0.18, 0.20, 0.24)


def average_link(sim: np.ndarray, docs: Sequence[Doc], thresholds: Sequence[float]) -> list[float]:
    """B-cubed F1 against gold events of average-link clusters cut at each similarity."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    gold = {d.id: d.event for d in docs}
    out = []
    for t in thresholds:
        labels = fcluster(tree, 1.0 - t, criterion="distance")
        out.append(bcubed({d.id: str(x) for d, x in zip(docs, labels, strict=True)}, gold).f1)
    return out


def similarities(docs: Sequence[Doc]) -> dict[str, np.ndarray]:
    """The document-pair similarity matrices compared (see the module docstring)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    p = ClusterParams()
    feats = [article_features(d.id, d.text, None, None) for d in docs]
    n = len(feats)
    df = Counter(t for f in feats for t in f.terms)
    ndf = Counter(k for f in feats for k in f.names)
    terms = regroup._unit_matrix(
        [{t: v * idf(df[t], n) for t, v in f.terms.items()} for f in feats]
    )
    st = terms @ terms.T
    has = np.array([bool(f.names) for f in feats])
    w = np.where(np.outer(has, has), p.name_weight, 0.0)

    def mixed(weight: Callable[[int], float]) -> np.ndarray:
        names = regroup._unit_matrix(
            [{k: weight(c) * idf(ndf[k], n) for k, c in f.names.items()} for f in feats]
        )
        return np.asarray((1 - w) * st + w * (names @ names.T))

    sp = regroup.SplitParams(p.name_weight, p.split_number_weight, p.split_ratio, 2)
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [d.text for d in docs]
    )
    return {
        "terms": st,
        "terms+names": mixed(lambda c: 1.0),
        "terms+names, TF": mixed(lambda c: 1.0 + math.log(c)),
        "split channels": regroup.member_similarity(
            [f.terms for f in feats],
            [f.names for f in feats],
            lambda t: idf(df[t], n),
            lambda k: idf(ndf[k], n),
            sp,
        ),
        "tfidf": (x @ x.T).toarray(),
    }


def main(argv: Sequence[str]) -> None:
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 13
    sets = pooled_sets(seed)
    print(
        f"seed {seed}; B-cubed F1 of average link cut at similarity "
        + " / ".join(map(str, THRESHOLDS))
    )
    for name in ("ecb", "mn", "basil", "t17w"):
        docs = sets[name]
        for label, sim in similarities(docs).items():
            f1 = average_link(sim, docs, THRESHOLDS)
            print(f"{name:6} {label:16} " + " ".join(f"{v:.3f}" for v in f1), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
