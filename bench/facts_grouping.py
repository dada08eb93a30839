"""How the fact links' recall depends on grouping, blocking and the pair model (ECB+ dev).

    .venv/bin/python bench/facts_grouping.py --cache DIR [--models] [--clauses]

``DIR`` is the cache ``bench/facts_arguments.py --cache DIR`` writes (the spaCy analyses and
NumPy sentence vectors of every ECB+ dev event). Every pair of sentences of different articles
of an event is scored by the pair model fitted as ``newsfuse eval facts --train`` fits it (on
topics 1-12, over the raw articles; checked equal to the shipped weights), and its links are
scored by ``eval.facts.score`` per topic range (1-12 tuned, 13-25 reported). Printed:

* the shipped facts (``align_facts``), to check the harness against ``newsfuse eval facts``;
* blocking: the share of gold links with an eligible sentence pair, and with one that is
  eligible and not blocked (different numbers of one thing, different people);
* pairwise: every eligible, unblocked pair at probability >= t a link;
* grouping from the same pair probabilities: transitive closure over links at p >= t (every
  cross-article pair of a group a link); the *oracle* closure, over the links at p >= t that
  are gold only (what closure would give with no wrong link: the best grouping of those
  scores); average-link clustering of the eligible sentences on the probabilities of their
  cross-article pairs, merged while the mean is >= c (optionally every pair >= a minimum);
* ``--models``: other pair models, fitted on the judged, eligible, unblocked pairs of topics
  1-12 and scored pairwise: logistic regression with the event-word features (``same_event``,
  ``other_event``) and with every feature; gradient boosting (scikit-learn's
  ``HistGradientBoostingClassifier``) over the shipped features and over every feature; and a
  second stage over the shipped model's probability and its support through third articles
  (per pair, over the other articles: the best ``min(p(a, k), p(b, k))`` of a sentence ``k``
  there, its mean, the share of articles where it is >= 0.5, and its largest value). Then the
  facts (``align_facts``) with the event-word logistic regression at thresholds / floors;
* ``--clauses``: the MiniLM cosine of the two sentences' event clauses (per sentence, the parse
  subtree of its first event word of ``Analysis.events`` inside the sentence, else the
  sentence; encoded with the NumPy runtime), and that cosine times the sentence cosine, as two
  more features: logistic regressions with and without them (over the shipped features, and
  over those with the event words), both fitted on the briefed pairs of topics 1-12, pairwise.

Not a test; prints lines.
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

CURVE = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)
CLOSURE = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
AVERAGE = ((0.9, 0.0), (0.8, 0.0), (0.7, 0.0), (0.6, 0.0), (0.5, 0.0), (0.7, 0.3), (0.5, 0.2))
FACT_GRID = ((0.7, 0.6), (0.75, 0.6), (0.8, 0.6), (0.8, 0.7), (0.85, 0.7))


class StoryPairs:
    """Every pair of sentences of different articles of one story: features and labels."""

    def __init__(self, ev: Any, v: Any) -> None:
        from newsfuse.crosscheck.facts import eligible
        from newsfuse.crosscheck.linker import FEATURES, PairFeatures, blocked
        from newsfuse.eval.facts import _link

        pf = PairFeatures(v)
        self.n = n = len(v.refs)
        self.line = [ev.line_of(r.article, r.span.start) for r in v.refs]
        self.doc = np.array([r.doc for r in v.refs], dtype=np.int64)
        self.elig = np.array([eligible(v, k) for k in range(n)], bool)
        ab = [(a, b) for a, b in itertools.combinations(range(n), 2) if self.doc[a] != self.doc[b]]
        self.ab = np.array(ab, dtype=np.int64).reshape(-1, 2)
        self.x = np.array([pf.features(a, b) for a, b in ab]).reshape(-1, len(FEATURES))
        blk = np.array([blocked(v, a, b) for a, b in ab], bool)
        self.ok = self.elig[self.ab[:, 0]] & self.elig[self.ab[:, 1]] & ~blk
        self.links = [_link(self.line[a], self.line[b]) for a, b in ab]
        self.judged = np.array([a in ev.judged and b in ev.judged for a, b in self.links], bool)
        self.gold = np.array([lk in ev.gold for lk in self.links], bool)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--models", action="store_true")
    ap.add_argument("--clauses", action="store_true")
    args = ap.parse_args()

    from newsfuse.brief.assemble import apply_entities
    from newsfuse.config import Settings
    from newsfuse.crosscheck.entities import merge_entities
    from newsfuse.crosscheck.facts import align_facts, to_fact
    from newsfuse.crosscheck.independence import duplicate_pairs, independence_groups
    from newsfuse.crosscheck.linker import FEATURES, Linker, PairModel, load_model
    from newsfuse.crosscheck.similarity import StoryVectors
    from newsfuse.eval import facts as fe
    from newsfuse.ingest.source import load_registry

    t0 = time.perf_counter()

    def log(what: str) -> None:
        print(f"# {what} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)

    events = fe.load_events(fe.DEFAULT_DIR)
    analyses = pickle.loads((args.cache / "analyses.pkl").read_bytes())
    vecs = pickle.loads((args.cache / "vectors.pkl").read_bytes())
    registry = load_registry()
    threshold = Settings(progress=False).crosscheck.fact_threshold

    def story(an: list[Any]) -> tuple[list[Any], Any]:
        index = merge_entities(an)
        return apply_entities(an, index), index.canonical_of

    briefed: dict[str, Any] = {}
    groups: dict[str, dict[str, str]] = {}
    sp: dict[str, StoryPairs] = {}
    trained: list[StoryPairs] = []
    tune = [e for e in events if e.topic in fe.TUNE_TOPICS]
    held = [e for e in events if e.topic not in fe.TUNE_TOPICS]
    for ev in events:
        arts, brief, train = analyses[ev.name]
        briefed[ev.name] = StoryVectors(*story(brief), vecs[ev.name][0])
        groups[ev.name] = independence_groups(arts, registry, duplicate_pairs(arts))
        sp[ev.name] = StoryPairs(ev, briefed[ev.name])
        if train is not None:
            trained.append(StoryPairs(ev, StoryVectors(*story(train), vecs[ev.name][1])))
    log("pairs")

    def both(res: dict[str, set[Any]]) -> str:
        out = []
        for evs in (tune, held):
            s = fe.score(evs, [res[e.name] for e in evs])
            out.append(
                f"{s.precision:.3f} / {s.recall:.3f} ({s.predicted} links, {s.judged} judged)"
            )
        return f"1-12 {out[0]}; 13-25 {out[1]}"

    def grouped(p: StoryPairs, members: list[list[int]]) -> set[Any]:
        out = set()
        for mem in members:
            for a, b in itertools.combinations(sorted({p.line[k] for k in mem}), 2):
                if a[0] != b[0]:
                    out.add(fe._link(a, b))
        return out

    def pairwise(name: str, prob: dict[str, np.ndarray]) -> None:
        for t in CURVE:
            res = {}
            for e in events:
                p = sp[e.name]
                res[e.name] = {p.links[i] for i in np.flatnonzero(p.ok & (prob[e.name] >= t))}
            print(f"pairwise {name} p >= {t}: {both(res)}", flush=True)

    def facts(model: PairModel) -> dict[str, set[Any]]:
        got = {}
        for ev in events:
            v, g = briefed[ev.name], groups[ev.name]
            clusters = align_facts(v, g, threshold=threshold, linker=Linker(v, model))
            found = SimpleNamespace(facts=[to_fact(v, c, g) for c in clusters])
            got[ev.name] = fe.fact_links(ev, found)  # type: ignore[arg-type]
        return got

    as_pairs = [
        SimpleNamespace(x=p.x, links=p.links, blocked=~p.ok, eligible=p.ok) for p in trained
    ]
    fitted = fe.train(tune, as_pairs)  # type: ignore[arg-type]
    model = PairModel(tuple(fitted["weights"]), float(fitted["bias"]), 0.7, 0.6, 0.5)
    shipped = load_model()
    same = shipped is not None and np.allclose(fitted["weights"], shipped.weights, atol=2e-3)
    print(f"refitted weights equal the shipped ones: {same}")

    def lr(p: StoryPairs, m: PairModel) -> np.ndarray:
        if not len(p.x):
            return np.zeros(0)
        return np.asarray(1.0 / (1.0 + np.exp(-(m.bias + p.x @ np.array(m.weights)))))

    prob = {e.name: lr(sp[e.name], model) for e in events}
    print(f"facts, shipped model 0.7 / 0.6: {both(facts(model))}", flush=True)

    for label, evs in (("1-12", tune), ("13-25", held)):
        gold = elig = ok = 0
        for e in evs:
            p = sp[e.name]
            gold += len(e.gold)
            g = p.gold
            elig += len({p.links[i] for i in np.flatnonzero(g & p.elig[p.ab].all(axis=1))})
            ok += len({p.links[i] for i in np.flatnonzero(g & p.ok)})
        print(
            f"gold links {label}: {gold}; with an eligible sentence pair {elig / gold:.3f}; "
            f"eligible and not blocked {ok / gold:.3f}"
        )
    pairwise("shipped", prob)

    for t in CLOSURE:
        res, oracle = {}, {}
        for e in events:
            p = sp[e.name]
            on = p.ok & (prob[e.name] >= t)
            res[e.name] = grouped(p, components(p.n, p.ab[on]))
            oracle[e.name] = grouped(p, components(p.n, p.ab[on & p.gold]))
        print(f"closure p >= {t}: {both(res)}", flush=True)
        print(f"oracle closure (gold links only) p >= {t}: {both(oracle)}", flush=True)
    for c, least in AVERAGE:
        res = {
            e.name: grouped(sp[e.name], average_link(sp[e.name], prob[e.name], c, least))
            for e in events
        }
        print(f"average link, mean >= {c}, every pair >= {least}: {both(res)}", flush=True)
    log("grouping")
    if args.clauses:
        clause_models(args.cache, events, tune, briefed, sp, fitted["weights"], pairwise)
        log("clauses")
    if not args.models:
        return

    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    keep = [p.judged & p.ok for p in trained]
    xs = np.vstack([p.x[k] for p, k in zip(trained, keep, strict=True)])
    ys = np.concatenate([p.gold[k] for p, k in zip(trained, keep, strict=True)])
    shipped_cols = [i for i, w in enumerate(fitted["weights"]) if w != 0.0]
    event_cols = shipped_cols + [FEATURES.index("same_event"), FEATURES.index("other_event")]
    every = list(range(len(FEATURES)))

    def predict(clf: Any, cols: list[int]) -> dict[str, np.ndarray]:
        return {
            e.name: clf.predict_proba(sp[e.name].x[:, cols])[:, 1]
            if len(sp[e.name].x)
            else np.zeros(0)
            for e in events
        }

    for name, cols in (("logistic + event words", event_cols), ("logistic, every feature", every)):
        pairwise(name, predict(LogisticRegression(C=1.0, max_iter=2000).fit(xs[:, cols], ys), cols))
    for name, cols in (
        ("boosting, shipped features", shipped_cols),
        ("boosting, every feature", every),
    ):
        gbm = HistGradientBoostingClassifier(
            learning_rate=0.05,
            max_iter=150,
            max_leaf_nodes=15,
            min_samples_leaf=100,
            random_state=0,
        )
        pairwise(name, predict(gbm.fit(xs[:, cols], ys), cols))
    log("models")

    def second(p: StoryPairs) -> np.ndarray:
        q = lr(p, model)
        z = np.log(np.clip(q, 1e-6, 1 - 1e-6) / np.clip(1 - q, 1e-6, 1.0))
        return np.column_stack([z, third_articles(p, q)]) if len(q) else np.zeros((0, 4))

    zs = np.vstack([second(p)[k] for p, k in zip(trained, keep, strict=True)])
    stage = LogisticRegression(C=1.0, max_iter=2000).fit(zs, ys)
    print(f"second stage weights {np.round(stage.coef_[0], 3).tolist()}")
    pairwise(
        "second stage",
        {
            e.name: stage.predict_proba(second(sp[e.name]))[:, 1] if sp[e.name].n else np.zeros(0)
            for e in events
        },
    )
    log("second stage")

    ev_fit = LogisticRegression(C=1.0, max_iter=2000).fit(xs[:, event_cols], ys)
    w = np.zeros(len(FEATURES))
    w[event_cols] = ev_fit.coef_[0]
    for th, fl in FACT_GRID:
        m = PairModel(tuple(w.tolist()), float(ev_fit.intercept_[0]), th, fl, 0.5)
        print(f"facts, logistic + event words {th} / {fl}: {both(facts(m))}", flush=True)
    log("done")


def clause_models(
    cache: Path,
    events: list[Any],
    tune: list[Any],
    briefed: dict[str, Any],
    sp: dict[str, StoryPairs],
    shipped_weights: list[float],
    pairwise: Any,
) -> None:
    """Pair models with and without the event clauses' cosine (see ``--clauses``)."""
    from sklearn.linear_model import LogisticRegression
    from spacy.tokens import DocBin

    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.crosscheck.linker import FEATURES
    from newsfuse.embed import load_encoder

    vocab = load_nlp().vocab
    docs = pickle.loads((cache / "docs.pkl").read_bytes())
    texts: list[str] = []
    row: dict[tuple[str, int], int] = {}
    for ev in events:
        parsed = list(DocBin().from_bytes(docs[ev.name][1]).get_docs(vocab))
        v = briefed[ev.name]
        for k, r in enumerate(v.refs):
            row[(ev.name, k)] = len(texts)
            texts.append(
                event_clause(parsed[r.doc], r, v.analyses[r.doc].events) or r.sentence.text
            )
    vec = np.asarray(load_encoder(runtime="numpy").encode(texts), dtype=np.float64)
    vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-9)
    emb = FEATURES.index("embedding")
    cols = [i for i, w in enumerate(shipped_weights) if w != 0.0]
    with_events = cols + [FEATURES.index("same_event"), FEATURES.index("other_event")]

    def x(name: str, cs: list[int], clause: bool) -> np.ndarray:
        p = sp[name]
        out = p.x[:, cs]
        if not clause or not len(out):
            return out
        idx = np.array([row[(name, k)] for k in range(p.n)], dtype=np.int64)
        c = np.einsum("ij,ij->i", vec[idx[p.ab[:, 0]]], vec[idx[p.ab[:, 1]]])[:, None]
        return np.hstack([out, c, c * p.x[:, [emb]]])

    for label, cs in (("shipped features", cols), ("with event words", with_events)):
        for clause in (False, True):
            keep = [sp[e.name].judged & sp[e.name].ok for e in tune]
            xs = np.vstack([x(e.name, cs, clause)[k] for e, k in zip(tune, keep, strict=True)])
            ys = np.concatenate([sp[e.name].gold[k] for e, k in zip(tune, keep, strict=True)])
            lr = LogisticRegression(C=1.0, max_iter=3000).fit(xs, ys)
            name = f"{label}{', event clauses' if clause else ''} (fitted on briefed 1-12)"
            if clause:
                print(f"{name}: clause weights {np.round(lr.coef_[0][-2:], 3).tolist()}")
            pairwise(
                name,
                {
                    e.name: lr.predict_proba(x(e.name, cs, clause))[:, 1]
                    if len(sp[e.name].x)
                    else np.zeros(0)
                    for e in events
                },
            )


def event_clause(doc: Any, ref: Any, events: Any) -> str | None:
    """The words of the sentence's first event word's parse subtree inside the sentence."""
    span = doc.char_span(ref.span.start, ref.span.end, alignment_mode="expand")
    words = events[ref.index] if ref.index < len(events) else ()
    if span is None or not words:
        return None
    heads = {w.split()[0] for w in words}
    for t in span:
        if t.lemma_.lower() in heads:
            toks = [x for x in t.subtree if span.start <= x.i < span.end]
            return str(doc[toks[0].i : toks[-1].i + 1].text)
    return None


def components(n: int, edges: np.ndarray) -> list[list[int]]:
    """The groups of the graph over ``n`` sentences with ``edges`` (two or more members)."""
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges.tolist():
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
    out: dict[int, list[int]] = {}
    for i in range(n):
        out.setdefault(root(i), []).append(i)
    return [m for m in out.values() if len(m) > 1]


def matrix(p: StoryPairs, prob: np.ndarray) -> np.ndarray:
    """The probabilities as a sentence x sentence matrix (0 for ineligible or blocked pairs)."""
    out = np.zeros((p.n, p.n))
    if len(prob):
        q = np.where(p.ok, prob, 0.0)
        out[p.ab[:, 0], p.ab[:, 1]] = q
        out[p.ab[:, 1], p.ab[:, 0]] = q
    return out


def average_link(p: StoryPairs, prob: np.ndarray, c: float, least: float) -> list[list[int]]:
    """Average-link clustering of the eligible sentences over their cross-article pairs (pairs
    of one article do not count): merge the two groups of highest mean while it is >= ``c`` and
    every cross-article pair between them is >= ``least``."""
    idx = np.flatnonzero(p.elig)
    if len(idx) < 2:
        return []
    q = matrix(p, prob)[np.ix_(idx, idx)]
    d = p.doc[idx]
    cross = (d[:, None] != d[None, :]).astype(float)
    total, count = q * cross, cross.copy()
    low = np.where(cross > 0, q, np.inf)
    alive = np.ones(len(idx), bool)
    members = [[int(i)] for i in idx]
    while True:
        mean = np.where(count > 0, total / np.maximum(count, 1), -1.0)
        mean[~alive, :] = -1
        mean[:, ~alive] = -1
        np.fill_diagonal(mean, -1)
        if least:
            mean[low < least] = -1
        i, j = np.unravel_index(int(np.argmax(mean)), mean.shape)
        if mean[i, j] < c:
            break
        total[i] += total[j]
        total[:, i] += total[:, j]
        count[i] += count[j]
        count[:, i] += count[:, j]
        low[i] = np.minimum(low[i], low[j])
        low[:, i] = np.minimum(low[:, i], low[:, j])
        total[i, i] = count[i, i] = 0
        alive[j] = False
        members[i] += members[j]
    return [m for i, m in enumerate(members) if alive[i] and len(m) > 1]


def third_articles(p: StoryPairs, prob: np.ndarray) -> np.ndarray:
    """Per pair, its support through the other articles: over each third article the best
    ``min(p(a, k), p(b, k))`` of its sentences ``k``; their mean, the share >= 0.5, the best."""
    q = matrix(p, prob)
    a, b = p.ab[:, 0], p.ab[:, 1]
    docs = np.unique(p.doc)
    best = np.full((len(docs), len(a)), np.nan)
    for i, d in enumerate(docs.tolist()):
        cols = np.flatnonzero(p.doc == d)
        m = np.minimum(q[a][:, cols], q[b][:, cols]).max(axis=1)
        m[(p.doc[a] == d) | (p.doc[b] == d)] = np.nan
        best[i] = m
    seen = np.sum(~np.isnan(best), axis=0)
    n = np.maximum(seen, 1)
    mean = np.where(seen > 0, np.nansum(best, axis=0) / n, 0.0)
    share = np.where(seen > 0, np.nansum(best >= 0.5, axis=0) / n, 0.0)
    top = np.where(seen > 0, np.nanmax(np.where(np.isnan(best), -1.0, best), axis=0), 0.0)
    return np.column_stack([mean, share, np.maximum(top, 0.0)])


if __name__ == "__main__":
    main()
