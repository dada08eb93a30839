"""Benchmark: where one analysis process spends its CPU seconds (the briefing's ``analyze`` step).

    .venv/bin/python bench/bench_analysis.py [--topic DIR] [--n 40] [--repeat 3]
        [--encoder-runtime auto|numpy|openvino|openvino-f32] [--jobs 2]

The articles are those of ``bench/bench_story.py`` (``--n`` files of a Timeline17 topic, evenly
spaced over its days, read in place and cleaned). The pipeline and the encoder are loaded and
used once on the first two articles before anything is measured, as that benchmark does before
its clock. Every figure is CPU seconds of this process (``time.process_time``: all its threads),
so it moves less than wall time on a machine shared with other jobs. Printed, in this order:

* **``--jobs`` processes** (``analyze_embed_jobs``, as a briefing runs it; the first pass is
  the one a briefing after the warm-up makes), per pass: each part's CPU seconds and minor page
  faults, in the calling process and in the forked worker, and the CPU seconds of the whole call
  (the calling process and its ended workers);
* **one process, all the texts**, per pass (``--repeat``): the spaCy parse (``parse_many``, as
  the analysis calls it), then each extractor over the parsed documents (sentence bounds, quotes,
  time expressions, amounts, loaded words, pronoun subjects, event words and their arguments,
  lemmas and tenses) and ``analyze_doc`` as a whole, the sentence encoding
  (``sentence_vectors``, one thread) and pickling the analyses and vectors (what a worker sends
  back);
* **the spaCy pipeline by component** (tokenizer, then each pipe), per pass, after the passes
  above (the lemmatizer's cache of the words met is filled: in a fresh process its first pass
  over these texts costs more);
* **the encoder's batches**: texts, distinct texts, tokens, batches, the share of the tokens run
  in small batches, and each batch run twice by a freshly loaded encoder: the runtime prepares
  its kernels for each new batch shape (OpenVINO), so a forked worker pays this for every shape
  the calling process had not met before the fork.

Not a test; the figures are in docs/PERFORMANCE.md ("The analysis workers (40 articles)").
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_story import DEFAULT_TOPIC, load_articles  # noqa: E402


def cpu_all() -> tuple[float, int]:
    """CPU seconds and minor page faults of this process and of its ended children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (
        own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime,
        own.ru_minflt + kids.ru_minflt,
    )


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """CPU seconds of this process spent in ``fn()``, and what it returned."""
    c0 = time.process_time()
    out = fn()
    return time.process_time() - c0, out


def one_process(articles: list[Any], nlp: Any, encoder: Any, repeat: int) -> None:
    """The phases of one process analysing all the articles, pass by pass."""
    from newsfuse.analyze import extractors
    from newsfuse.analyze.arguments import sentence_arguments
    from newsfuse.analyze.parallel import sentence_vectors
    from newsfuse.analyze.pipeline import (
        analyze_doc,
        content_lemmas,
        event_words,
        parse_many,
        sentence_bounds,
        sentence_tense,
        split_runons,
    )
    from newsfuse.analyze.standalone import pronoun_subjects

    def bounds(article: Any, doc: Any) -> list[tuple[int, int]]:
        spans = [(s.start_char, s.end_char) for s in doc.sents]
        return split_runons(doc, sentence_bounds(article.text, spans))

    def one_pass() -> tuple[dict[str, float], int]:
        row: dict[str, float] = {}
        row["parse"], docs = timed(lambda: list(parse_many(nlp, (a.text for a in articles))))
        pairs = list(zip(articles, docs, strict=True))
        row["bounds"], bnds = timed(lambda: [bounds(a, d) for a, d in pairs])
        sents = [
            [d.char_span(x, y, alignment_mode="expand") for x, y in b]
            for (_, d), b in zip(pairs, bnds, strict=True)
        ]
        row["quotes"], quotes = timed(lambda: [tuple(extractors.quotes(d, a)) for a, d in pairs])
        row["timexes"], _ = timed(lambda: [list(extractors.timexes(d, a)) for a, d in pairs])
        row["amounts"], _ = timed(lambda: [list(extractors.amounts(d, a)) for a, d in pairs])
        row["loaded"], _ = timed(
            lambda: [
                list(extractors.loaded(d, a, q)) for (a, d), q in zip(pairs, quotes, strict=True)
            ]
        )
        row["subjects"], _ = timed(
            lambda: [pronoun_subjects(d, b, a.id) for (a, d), b in zip(pairs, bnds, strict=True)]
        )
        row["events+arguments"], _ = timed(
            lambda: [
                [sentence_arguments(s, i, a.id, event_words(s)) for i, s in enumerate(ss) if s]
                for (a, _), ss in zip(pairs, sents, strict=True)
            ]
        )
        row["lemmas+tenses"], _ = timed(
            lambda: [[(content_lemmas(s), sentence_tense(s)) for s in ss if s] for ss in sents]
        )
        row["analyze_doc"], analyses = timed(lambda: [analyze_doc(a, d) for a, d in pairs])
        if encoder is not None:
            row["encode"], vecs = timed(lambda: sentence_vectors(analyses, encoder, 1))
        else:
            vecs = None
        row["pickle"], blob = timed(
            lambda: pickle.dumps((analyses, vecs), protocol=pickle.HIGHEST_PROTOCOL)
        )
        return row, len(blob)

    print(f"one process, {len(articles)} articles, CPU seconds per pass")
    for rep in range(repeat):
        row, size = one_pass()
        print(
            f"  pass {rep + 1}: "
            + "  ".join(f"{k} {v:.2f}" for k, v in row.items())
            + f"  ({size / 1e6:.1f} MB pickled)",
            flush=True,
        )


def parse_components(articles: list[Any], nlp: Any, repeat: int) -> None:
    """CPU seconds of each component of the spaCy pipeline over all the texts, pass by pass."""
    texts = [a.text for a in articles]
    print(f"spaCy pipeline by component, {len(texts)} texts, CPU seconds per pass")
    for rep in range(repeat):
        sec, docs = timed(lambda: [nlp.make_doc(t) for t in texts])
        row = {"tokenizer": sec}
        for name, proc in nlp.pipeline:
            row[name], docs = timed(
                lambda proc=proc, docs=docs: list(proc.pipe(docs, batch_size=16))
            )
        print(f"  pass {rep + 1}: " + "  ".join(f"{k} {v:.2f}" for k, v in row.items()))


def encoder_batches(articles: list[Any], nlp: Any, runtime: str) -> None:
    """How the encoder cuts the sentences of all the articles into batches, and what each
    batch costs the first time its shape is run and the second (a freshly loaded encoder)."""
    from newsfuse.analyze.pipeline import analyze_many
    from newsfuse.embed import load_encoder
    from newsfuse.embed.minilm import _plan_batches

    encoder = load_encoder(runtime=runtime)

    texts = [s.text for an in analyze_many(articles, nlp) for s in an.sentences]
    distinct = list(dict.fromkeys(texts))
    lengths = [len(ids) for ids in encoder.tokenize(distinct)]
    batches = _plan_batches(lengths, 64)
    small = sum(sum(lengths[i] for i in b) for b in batches if len(b) < 8)
    print(
        f"encoder: {len(texts)} sentences, {len(distinct)} distinct, {sum(lengths)} tokens, "
        f"{len(batches)} batches of one length ({len(set(lengths))} lengths), "
        f"{small / max(1, sum(lengths)):.0%} of the tokens in batches of under 8 texts",
        flush=True,
    )
    ids = encoder.tokenize(distinct)
    first = second = 0.0
    for b in batches:
        batch = [ids[i] for i in b]
        sec, _ = timed(lambda batch=batch: encoder.encode_batch(batch))
        first += sec
        sec, _ = timed(lambda batch=batch: encoder.encode_batch(batch))
        second += sec
    print(
        f"  each batch run twice by a fresh encoder: {first:.2f} CPU s the first time, "
        f"{second:.2f} the second ({(first - second) / len(batches) * 1000:.1f} ms per new shape)",
        flush=True,
    )


def processes(articles: list[Any], nlp: Any, encoder: Any, jobs: int, repeat: int) -> None:
    """CPU seconds of each part of ``analyze_embed_jobs`` / ``analyze_jobs`` on ``jobs``."""
    from newsfuse.analyze import parallel

    inner = parallel._analyze_part

    def part(items: list[Any], nlp: Any, enc: Any, threads: int | None) -> Any:
        own0 = resource.getrusage(resource.RUSAGE_SELF)
        out = inner(items, nlp, enc, threads)
        own1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = own1.ru_utime + own1.ru_stime - own0.ru_utime - own0.ru_stime
        where = "calling process" if os.getpid() == parent else "worker"
        print(
            f"    {where}: {len(items)} articles ({sum(len(a.text) for a in items)} chars), "
            f"CPU {cpu:.2f} s, {own1.ru_minflt - own0.ru_minflt} minor page faults",
            flush=True,
        )
        return out

    parent = os.getpid()
    parallel._analyze_part = part  # type: ignore[assignment]  # measuring wrapper, same result
    try:
        print(f"{jobs} processes (analyze_embed_jobs), per pass")
        for rep in range(repeat):
            c0, f0 = cpu_all()
            if encoder is None:
                parallel.analyze_jobs(articles, nlp, jobs)
            else:
                parallel.analyze_embed_jobs(articles, nlp, encoder, jobs)
            c1, f1 = cpu_all()
            print(f"  pass {rep + 1}: CPU {c1 - c0:.2f} s in all, {f1 - f0} minor page faults")
    finally:
        parallel._analyze_part = inner


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--topic", type=Path, default=DEFAULT_TOPIC)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument(
        "--encoder-runtime", default="auto", choices=["auto", "numpy", "openvino", "openvino-f32"]
    )
    ap.add_argument("--no-embeddings", dest="embeddings", action="store_false")
    args = ap.parse_args()

    from newsfuse.analyze.nlp import load_nlp
    from newsfuse.analyze.parallel import analyze_embed_jobs, analyze_jobs
    from newsfuse.embed import load_encoder

    articles = load_articles(args.topic, args.n)
    nlp = load_nlp()
    encoder = load_encoder(runtime=args.encoder_runtime) if args.embeddings else None
    # as bench_story.py before its clock: the first two articles, through the same code
    if encoder is None:
        analyze_jobs(articles[:2], nlp, args.jobs)
    else:
        analyze_embed_jobs(articles[:2], nlp, encoder, args.jobs)
    runtime = encoder.runtime if encoder is not None else "none"
    print(f"topic {args.topic.name}, encoder {runtime}, load average {os.getloadavg()[0]:.1f}")
    processes(articles, nlp, encoder, args.jobs, args.repeat)
    one_process(articles, nlp, encoder, args.repeat)
    parse_components(articles, nlp, args.repeat)
    if encoder is not None:
        encoder_batches(articles, nlp, args.encoder_runtime)
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
