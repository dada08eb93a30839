"""Small probes of the analysis workers' CPU, beside ``bench/bench_analysis.py``.

    .venv/bin/python bench/analysis_probes.py timex [--n 40] [--dump FILE]
    .venv/bin/python bench/analysis_probes.py loaded [--n 40] [--dump FILE]
    .venv/bin/python bench/analysis_probes.py shapes [--n 40]
    .venv/bin/python bench/analysis_probes.py components [--n 40] [--repeat 3]
    .venv/bin/python bench/analysis_probes.py parse-batch [--n 40] [--sizes 4 16 64]
    .venv/bin/python bench/analysis_probes.py gc-part [--n 40]
    .venv/bin/python bench/analysis_probes.py ingest-parts [--n 100]
    .venv/bin/python bench/analysis_probes.py analyze-parts [--n 150] [--repeat 3] [--dump FILE]

The texts are those of ``bench/bench_story.py`` (``--n`` files of a Timeline17 topic, default
SyrianCrisis_bbc, evenly spaced over its days), for ``timex`` and ``loaded`` with the example
story's articles after them (``--example``; ``timex`` reads its ``.txt`` files as they are,
``loaded`` loads them as the briefing does). Every figure is CPU seconds of this process
(``time.process_time``).

* ``timex``: ``timex_grammar.find_candidates`` over the texts, best of five passes;
* ``loaded``: ``extractors.loaded`` and ``loaded.candidates`` over the parsed texts (their quotes
  found first), best of five passes each after one unmeasured pass;
  ``--dump FILE`` (both): the results pickled, to compare two versions of the code (``cmp``);
* ``shapes``: the encoder (``auto`` runtime) freshly loaded: each of the texts' sentence batches
  run twice (the first run of a batch shape prepares its kernels), then fixed batch shapes
  (texts x tokens), five runs each: CPU per run and tokens per CPU second;
* ``components``: the spaCy pipeline by component in a fresh process (tokenizer, then each pipe),
  ``--repeat`` passes: the first pass fills the lemmatizer's cache;
* ``parse-batch``: ``nlp.pipe`` over the texts at each ``--sizes`` batch size, after one pass;
* ``gc-part``: the garbage collector's CPU (``gc.callbacks``) during ``_analyze_part`` (one
  worker's part: parse, extractors, vectors) of half the texts, twice;
* ``ingest-parts``: the ingest's analyze stage (``PrepareStage``, no vectors) on ``--n`` articles
  of the corpus ``bench/corpus_bench.py`` builds (1,000 edited, dated copies of the Multi-News
  documents), and its parts:
  preparing (cleaning, language, MinHash), the parse, the extractors, the analyses' JSON;
* ``analyze-parts``: the work of ``newsfuse analyze`` beyond the parse, on the first ``--n``
  Multi-News documents as ``bench/analyze_cli_bench.py`` writes them (default 150): reading,
  cleaning and language, the parse, each extractor and ``analyze_doc`` with and without the
  story fields (best of ``--repeat`` passes), the entity merge, the JSON; ``--dump FILE``: the
  analyses (``repr``) and the JSON pickled, to compare two versions of the code (``cmp``).

Not a test; the figures are in docs/PERFORMANCE.md ("The analysis workers (40 articles)").
"""

from __future__ import annotations

import argparse
import gc
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_story import DEFAULT_TOPIC, ROOT, load_articles  # noqa: E402

DEFAULT_EXAMPLE = ROOT.parent / "shared/examples/japan-us-call-2022"
cpu = time.process_time


def best(fn: Callable[[], Any], n: int = 5) -> float:
    times = []
    for _ in range(n):
        c = cpu()
        fn()
        times.append(cpu() - c)
    return min(times)


def articles(args: argparse.Namespace, example: bool = False) -> list[Any]:
    arts = load_articles(args.topic, args.n)
    if example:
        from newsfuse import Settings
        from newsfuse.api import load

        arts += list(load([str(args.example)], Settings()).articles)
    return arts


def timex(args: argparse.Namespace) -> None:
    from newsfuse.analyze.timex_grammar import compile_rules, find_candidates

    texts = [a.text for a in articles(args)]
    texts += [f.read_text(encoding="utf-8") for f in sorted(args.example.glob("*.txt"))]
    rules = compile_rules()
    took = best(lambda: [find_candidates(t, rules) for t in texts])
    print(f"find_candidates over {len(texts)} texts: {took:.3f} CPU s (best of 5)")
    if args.dump:
        out = [
            [(c.start, c.end, c.rule, c.groups) for c in find_candidates(t, rules)] for t in texts
        ]
        args.dump.write_bytes(pickle.dumps(out))


def loaded(args: argparse.Namespace) -> None:
    from newsfuse.analyze import extractors
    from newsfuse.analyze.loaded import candidates
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.analyze.pipeline import parse_many

    arts = articles(args, example=True)
    docs = list(parse_many(load_nlp(), (a.text for a in arts)))
    pairs = list(zip(arts, docs, strict=True))
    quotes = [tuple(extractors.quotes(d, a)) for a, d in pairs]

    def run() -> list[Any]:
        return [list(extractors.loaded(d, a, q)) for (a, d), q in zip(pairs, quotes, strict=True)]

    def run_candidates() -> list[Any]:
        return [candidates(d, a.text, q) for (a, d), q in zip(pairs, quotes, strict=True)]

    run()
    print(
        f"extractors.loaded over {len(arts)} texts: {best(run):.3f} CPU s, "
        f"loaded.candidates {best(run_candidates):.3f} (best of 5)"
    )
    if args.dump:
        args.dump.write_bytes(pickle.dumps((repr(run()), repr(run_candidates()))))


def shapes(args: argparse.Namespace) -> None:
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.analyze.pipeline import analyze_many
    from newsfuse.embed import load_encoder
    from newsfuse.embed.minilm import _plan_batches

    analyses = list(analyze_many(articles(args), load_nlp()))
    texts = [s.text for a in analyses for s in a.sentences]
    enc: Any = load_encoder(runtime="auto")
    ids = enc.tokenize(list(dict.fromkeys(texts)))
    lens = [len(x) for x in ids]
    batches = _plan_batches(lens, 64)
    print(f"texts {len(texts)}, distinct {len(ids)}, tokens {sum(lens)}, batches {len(batches)}")
    cold = warm = 0.0
    for b in batches:
        batch = [ids[i] for i in b]
        c = cpu()
        enc.encode_batch(batch)
        cold += cpu() - c
        c = cpu()
        enc.encode_batch(batch)
        warm += cpu() - c
    per = (cold - warm) / len(batches) * 1000
    print(
        f"each batch twice: first {cold:.2f}, second {warm:.2f} CPU s; {per:.1f} ms per new shape"
    )
    for n, length in [(1, 32), (8, 32), (64, 32), (16, 64), (1, 64)]:
        batch = [ids[0][:1] + [1000] * (length - 2) + ids[0][-1:]] * n
        enc.encode_batch(batch)
        c = cpu()
        for _ in range(5):
            enc.encode_batch(batch)
        d = (cpu() - c) / 5
        print(f"{n} x {length} tokens: {d * 1000:.1f} ms, {n * length / d:.0f} tokens per CPU s")


def components(args: argparse.Namespace) -> None:
    from newsfuse.analyze.nlp import load_nlp

    nlp = load_nlp()
    texts = [a.text for a in articles(args)]
    for rep in range(args.repeat):
        c = cpu()
        docs = [nlp.make_doc(t) for t in texts]
        row = [f"tokenizer {cpu() - c:.2f}"]
        for name, proc in nlp.pipeline:
            c = cpu()
            docs = list(proc.pipe(docs, batch_size=16))
            row.append(f"{name} {cpu() - c:.2f}")
        print(f"pass {rep + 1}: " + "  ".join(row), flush=True)


def parse_batch(args: argparse.Namespace) -> None:
    from newsfuse.analyze.nlp import load_nlp

    nlp = load_nlp()
    texts = [a.text for a in articles(args)]
    list(nlp.pipe(texts))
    for size in args.sizes:
        c = cpu()
        list(nlp.pipe(texts, batch_size=size))
        print(f"batch_size {size}: {cpu() - c:.2f} CPU s", flush=True)


def gc_part(args: argparse.Namespace) -> None:
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.analyze.parallel import _analyze_part
    from newsfuse.embed import load_encoder

    arts = articles(args)
    nlp, enc = load_nlp(), load_encoder(runtime="auto")
    _analyze_part(arts[:2], nlp, enc, 1)
    spent = {"cpu": 0.0, "start": 0.0}
    counts = [0, 0, 0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            spent["start"] = cpu()
        else:
            spent["cpu"] += cpu() - spent["start"]
            counts[info["generation"]] += 1

    gc.callbacks.append(on_gc)
    try:
        for _ in range(2):
            spent["cpu"], counts[:] = 0.0, [0, 0, 0]
            c = cpu()
            _analyze_part(arts[: len(arts) // 2], nlp, enc, 1)
            print(
                f"part of {len(arts) // 2} articles: {cpu() - c:.2f} CPU s, garbage collection "
                f"{spent['cpu']:.3f}, collections by generation {counts}",
                flush=True,
            )
    finally:
        gc.callbacks.remove(on_gc)


def ingest_parts(args: argparse.Namespace) -> None:
    import corpus_bench

    from newsfuse.analyze.pipeline import analyze_doc, parse_many
    from newsfuse.config import Settings
    from newsfuse.corpus.ingest import PrepareStage, analysis_json
    from newsfuse.ingest import read_inputs

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus_bench.build(1000, corpus)
        settings = Settings(jobs=1, progress=False, embeddings=False)
        inputs = read_inputs([str(corpus)], settings, finish=False, extract=False)
        items = list(islice(inputs, args.n))
    stage = PrepareStage(clean=True, analyze=True, finish=settings, embed=False)
    ctx = stage.setup()
    stage(ctx, items[:3])
    nlp = ctx[0]
    prep = PrepareStage(clean=True, analyze=False, finish=settings, embed=False)
    pctx = prep.setup()
    c = cpu()
    prepared = prep(pctx, items)
    print(f"prepare (cleaning, language, MinHash; no parse) {cpu() - c:.2f} CPU s")
    arts = [p.article for p in prepared if hasattr(p, "article")]
    c = cpu()
    docs = list(parse_many(nlp, (a.text for a in arts)))
    print(f"parse {cpu() - c:.2f}")
    c = cpu()
    analyses = [analyze_doc(a, d) for a, d in zip(arts, docs, strict=True)]
    print(f"extractors {cpu() - c:.2f}")
    c = cpu()
    js = [analysis_json(a) for a in analyses]
    print(f"analyses' JSON {cpu() - c:.2f} ({sum(len(j) for j in js) / 1e6:.1f} MB)")
    c = cpu()
    stage(ctx, items)
    print(f"the whole stage {cpu() - c:.2f} ({len(arts)} articles)")


def analyze_parts(args: argparse.Namespace) -> None:
    import inspect
    import json

    import analyze_cli_bench

    from newsfuse.analyze import extractors
    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.analyze.pipeline import analyze_doc, parse_many, sentence_bounds, split_runons
    from newsfuse.api import left_out, load
    from newsfuse.config import Settings
    from newsfuse.crosscheck.entities import merge_entities
    from newsfuse.render.analysis import analysis_dict

    try:
        from newsfuse.crosscheck.entities import apply_entities
    except ImportError:  # the code before apply_entities moved there
        from newsfuse.brief.assemble import apply_entities
    with tempfile.TemporaryDirectory() as tmp:
        folder = tmp
        for i, text in enumerate(analyze_cli_bench.documents(args.n)):
            (Path(tmp) / f"{i:04d}.txt").write_text(text, encoding="utf-8")
        c = cpu()
        arts = list(left_out(load([tmp], Settings()).articles, Settings().max_chars)[0])
        print(f"{len(arts)} articles; reading, cleaning, language {cpu() - c:.2f} CPU s")
    nlp = load_nlp()
    for a, d in zip(arts[:3], parse_many(nlp, (a.text for a in arts[:3])), strict=True):
        analyze_doc(a, d)  # the extractors' data loaded
    c = cpu()
    docs = list(parse_many(nlp, (a.text for a in arts)))
    print(f"parse {cpu() - c:.2f}")
    pairs = list(zip(arts, docs, strict=True))
    quotes = [tuple(extractors.quotes(d, a)) for a, d in pairs]
    lean = "story" in inspect.signature(analyze_doc).parameters
    parts: list[tuple[str, Callable[[], Any]]] = [
        (
            "sentence bounds",
            lambda: [
                split_runons(
                    d, sentence_bounds(a.text, [(s.start_char, s.end_char) for s in d.sents])
                )
                for a, d in pairs
            ],
        ),
        ("quotes", lambda: [extractors.quotes(d, a) for a, d in pairs]),
        ("time expressions", lambda: [extractors.timexes(d, a) for a, d in pairs]),
        ("amounts", lambda: [extractors.amounts(d, a) for a, d in pairs]),
        (
            "loaded words",
            lambda: [extractors.loaded(d, a, q) for (a, d), q in zip(pairs, quotes, strict=True)],
        ),
        ("analyze_doc", lambda: [analyze_doc(a, d) for a, d in pairs]),
    ]
    if lean:
        parts.append(
            ("analyze_doc story=False", lambda: [analyze_doc(a, d, story=False) for a, d in pairs])
        )
    for name, run in parts:
        print(f"{name} {best(run, args.repeat):.2f} (best of {args.repeat})", flush=True)
    analyses = [analyze_doc(a, d) for a, d in pairs]
    c = cpu()
    merged = apply_entities(analyses, merge_entities(analyses))
    print(f"entity merge {cpu() - c:.2f}")
    c = cpu()
    rows = "\n".join(json.dumps(analysis_dict(an), ensure_ascii=False) for an in merged)
    print(f"JSON {cpu() - c:.2f} ({len(rows) / 1e6:.1f} MB)")
    if args.dump:
        # the articles' paths name the temporary folder, which differs from run to run
        args.dump.write_bytes(pickle.dumps((repr(analyses).replace(folder, "DOCS"), rows)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def add(name: str, run: Callable[[argparse.Namespace], None], about: str, n: int = 40) -> Any:
        p = sub.add_parser(name, help=about)
        if run not in (ingest_parts, analyze_parts):
            p.add_argument("--topic", type=Path, default=DEFAULT_TOPIC, help="a Timeline17 topic")
        p.add_argument("--n", type=int, default=n, help="articles")
        p.set_defaults(run=run)
        return p

    for name, run, about in [
        ("timex", timex, "time expressions' candidates"),
        ("loaded", loaded, "the loaded words' extractor"),
    ]:
        p = add(name, run, about)
        p.add_argument("--example", type=Path, default=DEFAULT_EXAMPLE, help="the example story")
        p.add_argument("--dump", type=Path, help="pickle the results here")
    add("shapes", shapes, "the encoder's batch shapes")
    p = add("components", components, "the spaCy pipeline by component, fresh process")
    p.add_argument("--repeat", type=int, default=3)
    p = add("parse-batch", parse_batch, "nlp.pipe batch sizes")
    p.add_argument("--sizes", type=int, nargs="+", default=[4, 16, 64])
    add("gc-part", gc_part, "garbage collection in one worker's part")
    add("ingest-parts", ingest_parts, "the ingest's analyze stage and its parts", n=100)
    p = add("analyze-parts", analyze_parts, "newsfuse analyze's work by part", n=150)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--dump", type=Path, help="pickle the analyses and the JSON here")
    args = ap.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
