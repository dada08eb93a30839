"""How far similarity-based clustering can go on the evaluation sets (an analysis, not a timing).

1. The oracle ceiling: gold clusters cut into the connected components of their documents' TF-IDF
   cosine graph at a threshold (only same-cluster pairs linked): the B-cubed F1 a clustering with
   perfect precision reaches when it can link only documents at least that similar.
2. Nearest neighbours and average-link clustering (best threshold) on TF-IDF, on all-MiniLM-L6-v2
   embeddings of each document's first 256 word pieces (``newsfuse.embed``), and on a mix.

Usage: ``python bench/cluster_ceiling.py`` (reads ../shared/data; about a minute on 2 cores).
The figures are quoted in docs/corpus.md (Limits).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from newsfuse.embed import load_encoder
from newsfuse.eval.cluster import (
    Doc,
    bcubed,
    drop_cross_cluster_copies,
    load_ecbplus,
    load_multinews,
)

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def analyse(name: str, docs: list[Doc]) -> None:
    gold = {d.id: d.event for d in docs}
    ev = np.array([d.event for d in docs])
    same = ev[:, None] == ev[None, :]
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [d.text for d in docs]
    )
    tfidf = (x @ x.T).toarray()
    emb = load_encoder().encode([d.text for d in docs])
    dense = emb @ emb.T
    print(f"{name}: {len(docs)} documents")
    for t in (0.05, 0.10, 0.15, 0.20, 0.30):
        _, lab = connected_components(csr_matrix(same & (tfidf >= t)), directed=False)
        b = bcubed({d.id: str(k) for d, k in zip(docs, lab, strict=True)}, gold)
        print(f"  oracle components at cosine >= {t:.2f}: F1 {b.f1:.3f} (R {b.recall:.3f})")
    mates = same.sum(1) > 1
    off = np.where(~same, tfidf, -1).max(1)
    np.fill_diagonal(tfidf, -1)
    own = np.where(same, tfidf, -1).max(1)
    np.fill_diagonal(tfidf, 1)
    print(
        f"  closer to another cluster than to their own: {int(((own < off) & mates).sum())}"
        f" of {int(mates.sum())}"
    )
    for label, share in (("tfidf", 1.0), ("mix 50/50", 0.5), ("MiniLM", 0.0)):
        sim = share * tfidf + (1 - share) * dense
        near = sim.copy()
        np.fill_diagonal(near, -9)
        nn = float((ev[near.argmax(1)] == ev)[mates].mean())
        best = max(
            (
                bcubed(
                    {
                        d.id: str(k)
                        for d, k in zip(
                            docs,
                            AgglomerativeClustering(
                                n_clusters=None,
                                metric="precomputed",
                                linkage="average",
                                distance_threshold=th,
                            ).fit_predict(1 - sim),
                            strict=True,
                        )
                    },
                    gold,
                ).f1,
                th,
            )
            for th in np.arange(0.30, 0.96, 0.05)
        )
        print(
            f"  {label}: nearest neighbour in the same cluster {nn:.3f}; "
            f"average link best F1 {best[0]:.3f} at distance {best[1]:.2f}"
        )


def main() -> None:
    mn, _ = drop_cross_cluster_copies(load_multinews(DATA / "multinews200" / "clusters.jsonl"))
    analyse("Multi-News 200", mn)
    analyse("ECB+ dev (events)", load_ecbplus(DATA / "ecbplus-dev"))


if __name__ == "__main__":
    main()
