"""The fact linker with and without the argument features, refitted on ECB+ topics 1-12.

    .venv/bin/python bench/facts_arguments.py --cache DIR

Each event of ``ecbplus-dev`` is parsed once (the briefing's prepared articles, and for topics
1-12 the raw articles the ``--train`` path fits on); the spaCy docs, the analyses made from them
and the NumPy sentence vectors are kept in ``--cache`` (pickles; ``--reanalyze`` remakes the
analyses from the stored docs after a change to the analysis code). Then, for the pair model
fitted as ``newsfuse eval facts --train`` fits it (``eval.facts.train``) over every feature, and
over the features without the argument ones (``ARGUMENT_FEATURES`` at 0):

* the fact links of every event (``align_facts`` with the linker, ``to_fact``, scored by
  ``eval.facts.score``) at each threshold / floor of the grid below (together 0.5), topics 1-12
  and 13-25; the setting chosen by the rule fixed before the run: the highest recall on 1-12
  whose 1-12 precision is at least the shipped linker's before the argument features (0.8238);
  ties by precision, then the higher floor and threshold;
* the pairwise curve: every eligible, unblocked pair of different articles scored alone, linked
  at probability >= t, precision (judged pairs) / recall (gold links), per topic range.

Not a test; prints tables.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8)
FLOORS = (0.5, 0.55, 0.6, 0.65, 0.7)
CURVE = (0.6, 0.7, 0.75, 0.8, 0.85, 0.9)
TARGET = 0.8238  # the shipped linker's precision on topics 1-12 before the argument features


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--reanalyze", action="store_true")
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)

    from spacy.tokens import DocBin

    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.analyze.pipeline import analyze_doc, parse_many
    from newsfuse.brief.assemble import apply_entities, prepare_articles
    from newsfuse.config import Settings
    from newsfuse.crosscheck.entities import merge_entities
    from newsfuse.crosscheck.facts import align_facts, to_fact
    from newsfuse.crosscheck.independence import duplicate_pairs, independence_groups
    from newsfuse.crosscheck.linker import ARGUMENT_FEATURES, FEATURES, Linker, PairModel
    from newsfuse.crosscheck.similarity import StoryVectors
    from newsfuse.eval import facts as fe
    from newsfuse.ingest.source import load_registry

    events = fe.load_events(fe.DEFAULT_DIR)
    settings = Settings(progress=False)
    registry = load_registry()
    threshold = settings.crosscheck.fact_threshold
    t0 = time.perf_counter()

    def log(what: str) -> None:
        print(f"{what} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)

    docs_path = args.cache / "docs.pkl"
    if docs_path.is_file():
        docs = pickle.loads(docs_path.read_bytes())
    else:
        nlp = load_nlp()
        docs = {}
        for ev in events:
            arts = prepare_articles(fe.articles_of(ev), settings, registry)
            db = DocBin(store_user_data=True)
            for d in parse_many(nlp, [a.text for a in arts]):
                db.add(d)
            raw = None
            if ev.topic in fe.TUNE_TOPICS:
                raws = fe.articles_of(ev)
                db2 = DocBin(store_user_data=True)
                for d in parse_many(nlp, [a.text for a in raws]):
                    db2.add(d)
                raw = (raws, db2.to_bytes())
            docs[ev.name] = (arts, db.to_bytes(), raw)
        docs_path.write_bytes(pickle.dumps(docs))
        log("parsed")

    an_path = args.cache / "analyses.pkl"
    if an_path.is_file() and not args.reanalyze:
        analyses = pickle.loads(an_path.read_bytes())
    else:
        vocab = load_nlp().vocab
        analyses = {}
        for ev in events:
            arts, blob, raw = docs[ev.name]
            got = DocBin().from_bytes(blob).get_docs(vocab)
            brief = [analyze_doc(a, d) for a, d in zip(arts, got, strict=True)]
            train = None
            if raw is not None:
                got = DocBin().from_bytes(raw[1]).get_docs(vocab)
                train = [analyze_doc(a, d) for a, d in zip(raw[0], got, strict=True)]
            analyses[ev.name] = (arts, brief, train)
        an_path.write_bytes(pickle.dumps(analyses))
        log("analysed")

    def story(an: list[Any]) -> tuple[list[Any], Any]:
        index = merge_entities(an)
        return apply_entities(an, index), index.canonical_of

    vec_path = args.cache / "vectors.pkl"
    if vec_path.is_file():
        vecs = pickle.loads(vec_path.read_bytes())
    else:
        from newsfuse.embed import load_encoder

        enc = load_encoder(runtime="numpy")
        vecs = {}
        for ev in events:
            _, brief, train = analyses[ev.name]
            vecs[ev.name] = [
                None if an is None else enc.encode(StoryVectors(*story(an)).texts())
                for an in (brief, train)
            ]
        vec_path.write_bytes(pickle.dumps(vecs))
        log("encoded")

    cached: dict[str, tuple[Any, Any, Any]] = {}
    for ev in events:
        arts, brief, train = analyses[ev.name]
        bv = StoryVectors(*story(brief), vecs[ev.name][0])
        tv = None if train is None else StoryVectors(*story(train), vecs[ev.name][1])
        cached[ev.name] = (arts, bv, tv)
    groups = {
        ev.name: independence_groups(arts, registry, duplicate_pairs(arts))
        for ev in events
        for arts in [cached[ev.name][0]]
    }
    tune = [e for e in events if e.topic in fe.TUNE_TOPICS]
    held = [e for e in events if e.topic not in fe.TUNE_TOPICS]
    tpairs = [fe.pairs_of(e, cached[e.name][2]) for e in tune]
    hpairs = [fe.pairs_of(e, cached[e.name][1]) for e in held]
    log("pairs")

    def fit(drop: tuple[str, ...]) -> dict[str, Any]:
        cols = [FEATURES.index(f) for f in drop]
        masked = []
        for p in tpairs:
            x = p.x.copy()
            if len(x):
                x[:, cols] = 0.0
            masked.append(replace(p, x=x))
        return fe.train(tune, masked)

    def facts(model: PairModel) -> tuple[Any, Any]:
        got = {}
        for ev in events:
            _, vectors, _ = cached[ev.name]
            g = groups[ev.name]
            linker = Linker(vectors, model)
            clusters = align_facts(vectors, g, threshold=threshold, linker=linker)
            found = SimpleNamespace(facts=[to_fact(vectors, c, g) for c in clusters])
            got[ev.name] = fe.fact_links(ev, found)  # type: ignore[arg-type]
        return (
            fe.score(tune, [got[e.name] for e in tune]),
            fe.score(held, [got[e.name] for e in held]),
        )

    def curve(model: PairModel, evs: list[Any], pairs: list[Any]) -> str:
        w = np.array(model.weights)
        out = []
        for t in CURVE:
            judged = correct = gold = found = 0
            for ev, p in zip(evs, pairs, strict=True):
                gold += len(ev.gold)
                if not len(p.x):
                    continue
                prob = 1.0 / (1.0 + np.exp(-(model.bias + p.x @ w)))
                on = (prob >= t) & p.eligible & ~p.blocked
                pred = {p.links[i] for i in np.flatnonzero(on)}
                j = {lk for lk in pred if lk[0] in ev.judged and lk[1] in ev.judged}
                judged += len(j)
                correct += len(j & ev.gold)
                found += len(pred & ev.gold)
            out.append(f"{t}: {correct / max(judged, 1):.3f} / {found / max(gold, 1):.3f}")
        return ", ".join(out)

    def fmt(s: Any) -> str:
        return f"{s.predicted} / {s.judged}, {s.precision:.4f} / {s.recall:.4f}"

    print(
        "| features | threshold / floor | 1-12 links / judged, P / R | 13-25 links / judged, P / R |"
    )
    print("|---|---|---|---|")
    summary = []
    for name, drop in (("without arguments", ARGUMENT_FEATURES), ("with arguments", ())):
        fitted = fit(drop)
        best: tuple[tuple[float, float, float, float], str] | None = None
        for th in THRESHOLDS:
            for fl in FLOORS:
                if fl > th:
                    continue
                m = PairModel(tuple(fitted["weights"]), float(fitted["bias"]), th, fl, 0.5)
                a, b = facts(m)
                row = f"| {name} | {th} / {fl} | {fmt(a)} | {fmt(b)} |"
                print(row, flush=True)
                if a.precision >= TARGET:
                    key = (a.recall, a.precision, fl, th)
                    if best is None or key > best[0]:
                        best = (key, row)
        m = PairModel(tuple(fitted["weights"]), float(fitted["bias"]), 0.75, 0.6, 0.5)
        summary.append(f"{name}: chosen on 1-12 {best[1] if best else 'none'}")
        summary.append(f"{name}: pairwise 1-12 {curve(m, tune, tpairs)}")
        summary.append(f"{name}: pairwise 13-25 {curve(m, held, hpairs)}")
        summary.append(f"{name}: weights {dict(zip(FEATURES, fitted['weights'], strict=True))}")
    print("\n".join(summary))


if __name__ == "__main__":
    main()
