"""Corpus benchmark (not a test): ingest speed, memory and growth at 10k / 100k articles.

The corpus is built from the real Multi-News documents (../shared, read at run time, written to
a temporary folder, never to the repository): document ``i`` is a copy of source document
``i mod N`` with light edits (one sentence dropped, ~3% of the words replaced by other words of
the same text, a dateline) and a date: each source cluster gets a base date, and each round of
copies is shifted by 45 days, so a round of copies forms new stories and dates are shuffled.

Phases, each in its own process so that peak memory (max RSS, workers included) is its own:

* ``ingest``: read (JSONL) + clean + dedup + cluster + store, no NLP, ``--jobs`` workers;
* ``analyze``: the same with the full per-article analysis (spaCy) on the first ``--nlp-n``;
* ``spacy``: ``nlp.pipe`` alone over the same texts (``n_process=jobs``), for the ratio.

After each ingest (off the clock) the stories are scored with B-cubed against the corpus's own
gold: one story per (Multi-News cluster, round of copies).

Usage: ``python bench/corpus_bench.py --sizes 10000 100000 --jobs 2 --nlp-n 300``
The printed table is what docs/PERFORMANCE.md records.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "multinews200" / "clusters.jsonl"
_SENT = re.compile(r"(?<=[.!?])\s+")


def source_docs() -> list[tuple[int, str]]:
    """(cluster index, text) of every non-empty Multi-News document."""
    out = []
    with SHARED.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            for text in json.loads(line)["documents"]:
                if len(text.split()) >= 40:
                    out.append((i, text))
    return out


def edit(text: str, rng: random.Random, round_no: int) -> str:
    """A light edit: drop one sentence, swap ~3% of the words, add a dateline."""
    sents = _SENT.split(text)
    if len(sents) > 3:
        del sents[rng.randrange(len(sents))]
    words = " ".join(sents).split(" ")
    pool = [w for w in words if w.isalpha()] or words
    for _ in range(max(1, len(words) // 33)):
        words[rng.randrange(len(words))] = rng.choice(pool)
    return f"CITY{round_no} (Agency) - " + " ".join(words)


def build(n: int, folder: Path, seed: int = 7, per_file: int = 5000, html: bool = False) -> None:
    """Write ``n`` edited, dated copies of the Multi-News documents as JSONL files (``html``: as
    web pages, in the records' ``html`` field)."""
    docs = source_docs()
    rng = random.Random(seed)
    base = {c: date(2015, 1, 1) + timedelta(days=rng.randrange(1500)) for c, _ in docs}
    order = list(range(n))
    rng.shuffle(order)
    folder.mkdir(parents=True, exist_ok=True)
    files = [order[k : k + per_file] for k in range(0, n, per_file)]
    for f, part in enumerate(files):
        _write(folder / f"part{f:03d}.jsonl", part, docs, base, rng, html)


def as_page(text: str, i: int) -> str:
    """A text as a news web page: head, navigation, the article's paragraphs, aside, footer."""
    from html import escape

    sents = _SENT.split(text)
    paras = "".join(f"<p>{escape(' '.join(sents[k : k + 3]))}</p>" for k in range(0, len(sents), 3))
    return (
        f"<!DOCTYPE html><html><head><title>Story {i} | Bench News</title>"
        '<meta property="og:site_name" content="Bench News"></head><body>'
        "<header><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/us'>US</a>"
        "</nav></header><main><article>"
        f"<h1>Story {i}</h1><p class='byline'>By Staff Writer</p>{paras}</article>"
        "<aside><h2>Most read</h2><ul><li><a href='/a'>Another story</a></li></ul></aside>"
        "</main><footer><p>© Bench News. All rights reserved.</p></footer></body></html>"
    )


def _write(
    path: Path,
    part: list[int],
    docs: list[tuple[int, str]],
    base: dict,
    rng: random.Random,
    html: bool = False,
) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in part:
            cluster, text = docs[i % len(docs)]
            rnd = i // len(docs)
            day = base[cluster] + timedelta(days=45 * rnd + rng.randrange(3))
            body = edit(text, rng, rnd)
            rec = {
                "id": f"b{i}",
                "url": f"https://bench.invalid/{i}",
                "published": day.isoformat(),
                **({"html": as_page(body, i)} if html else {"text": body}),
            }
            fh.write(json.dumps(rec) + "\n")


def story_quality(story_of: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of the stories against the corpus's own gold: article
    ``b{i}`` belongs to the story (Multi-News cluster of its source document, round of copies);
    articles of other corpora (or renamed ones) are left out."""
    from newsfuse.eval.cluster import bcubed

    docs = source_docs()
    gold = {}
    for aid in story_of:
        if aid[:1] == "b" and aid[1:].isdigit():
            i = int(aid[1:])
            gold[aid] = f"{docs[i % len(docs)][0]}/{i // len(docs)}"
    if not gold:
        return {}
    b = bcubed({a: story_of[a] for a in gold}, gold)
    return {"bcubed_p": b.precision, "bcubed_r": b.recall, "bcubed_f1": b.f1}


class ParseStage:
    """An executor stage that only parses: ``nlp.pipe`` over the chunk, the Docs dropped."""

    name = "parse"

    def setup(self) -> Any:
        from newsfuse.analyze.nlp import load_nlp

        return load_nlp()

    def __call__(self, nlp: Any, chunk: list[str]) -> list[int]:
        return [1 for _ in nlp.pipe(chunk, batch_size=16)]


def phase(
    kind: str, corpus: Path, db: Path, jobs: int, nlp_n: int, embeddings: bool = True
) -> dict[str, float]:
    """Run one phase in this process; returns its figures (``embeddings``: whether the
    ``analyze`` phase also encodes and stores each article's sentence vectors)."""
    from itertools import islice

    from newsfuse.config import Settings
    from newsfuse.ingest import read_inputs

    settings = Settings(jobs=jobs, progress=False, embeddings=embeddings)
    items = read_inputs([str(corpus)], settings)
    if kind == "spacy":
        # the texts the analysis parses: the first ``nlp_n`` articles, cleaned (not timed)
        from newsfuse.analyze.nlp import load_nlp
        from newsfuse.clean import clean_article
        from newsfuse.model import Article

        cleaned = [clean_article(a) if isinstance(a, Article) else a for a in islice(items, nlp_n)]
        texts = [a.text for a in cleaned if isinstance(a, Article)]
        t0 = time.perf_counter()
        nlp = load_nlp()  # loaded once, forked into the ``jobs`` processes: load timed
        for _ in nlp.pipe(texts, batch_size=16, n_process=jobs):
            pass
        return {"articles": len(texts), "seconds": time.perf_counter() - t0, **_peak()}
    if kind == "parse":
        # the analysis without its extractors: same executor, chunks, workers and model loads
        from newsfuse.clean import clean_article
        from newsfuse.corpus.ingest import WORKER_NICE
        from newsfuse.executors.local import LocalExecutor
        from newsfuse.model import Article

        cleaned = [clean_article(a) if isinstance(a, Article) else a for a in islice(items, nlp_n)]
        texts = [a.text for a in cleaned if isinstance(a, Article)]
        size = -(-len(texts) // jobs)
        chunks = [texts[k : k + size] for k in range(0, len(texts), size)]
        t0 = time.perf_counter()
        ex = LocalExecutor(jobs, nice=WORKER_NICE)  # as the analyze phase's workers
        done = sum(sum(c) for c in ex.map_chunks(ParseStage(), chunks))
        return {"articles": done, "seconds": time.perf_counter() - t0, **_peak()}
    from newsfuse.corpus.ingest import WORKER_NICE, ingest_articles
    from newsfuse.executors.local import LocalExecutor
    from newsfuse.store import Store

    # as `newsfuse ingest` does: HTML extraction, outlets and wires on the workers; the peer
    # phase "html-main" extracts the pages while reading them, in this process
    extract = kind == "html-main"
    items = read_inputs([str(corpus)], settings, finish=False, extract=extract)
    if kind == "analyze":
        items = islice(items, nlp_n)
    t0 = time.perf_counter()
    with Store(db) as store:
        rep = ingest_articles(
            store,
            items,
            settings,
            analyze=kind == "analyze",
            executor=LocalExecutor(jobs, nice=WORKER_NICE),  # as `newsfuse ingest`
            finish=True,
        )
        stories = store.counts()["stories"]
    secs = time.perf_counter() - t0
    with Store(db) as store:  # after the clock: how good the stories are
        quality = story_quality(store.story_of_articles())
    return {
        **quality,
        "articles": rep.read,
        "seconds": secs,
        "stored": rep.stored,
        "near": rep.near,
        "exact": rep.exact,
        "stories": stories,
        "rejects": rep.n_rejects,
        **_peak(),
    }


def _peak() -> dict[str, float]:
    """Peak RSS in MB of this process and of its (finished) worker processes, and the CPU
    seconds of all of them (less sensitive than wall time to other jobs on the machine)."""
    import multiprocessing

    for proc in multiprocessing.active_children():  # reap workers so that they are counted
        proc.join(10)
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
    return {"peak_mb": own.ru_maxrss / 1024, "worker_peak_mb": workers.ru_maxrss / 1024, "cpu": cpu}


def run_phase(
    kind: str, corpus: Path, db: Path, jobs: int, nlp_n: int, embeddings: bool = True
) -> dict[str, float]:
    """Run a phase in a child process."""
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--phase",
            kind,
            "--corpus",
            str(corpus),
            "--db",
            str(db),
            "--jobs",
            str(jobs),
            "--nlp-n",
            str(nlp_n),
            *([] if embeddings else ["--no-embeddings"]),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--nlp-n", type=int, default=300, help="0 skips the NLP phases")
    ap.add_argument("--nlp-repeat", type=int, default=2, help="runs of analyze and spacy")
    ap.add_argument("--html", type=int, default=0, help="also ingest N articles as web pages")
    ap.add_argument(
        "--no-embeddings",
        dest="embeddings",
        action="store_false",
        help="the analyze phase without sentence vectors (the parse and the extractors alone)",
    )
    ap.add_argument("--phase")
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    if args.phase:
        res = phase(args.phase, args.corpus, args.db, args.jobs, args.nlp_n, args.embeddings)
        print(json.dumps(res))
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="nfbench") as tmp:
        for n in args.sizes:
            corpus = Path(tmp) / f"corpus{n}"
            build(n, corpus)
            r = run_phase("ingest", corpus, Path(tmp) / f"db{n}.sqlite", args.jobs, args.nlp_n)
            rows.append((n, "ingest, no NLP", r))
            print(json.dumps({"n": n, "phase": "ingest", **r}), flush=True)
        html_rounds = html_phases(args, Path(tmp), rows)
        corpus = Path(tmp) / f"corpus{args.sizes[0]}"
        best: dict[str, dict[str, float]] = {}
        rounds: list[dict[str, dict[str, float]]] = []
        for rep in range(
            args.nlp_repeat if args.nlp_n > 0 else 0
        ):  # alternated; the fastest run of each is kept
            rounds.append({})
            for kind in ("analyze", "parse", "spacy"):
                db = Path(tmp) / f"{kind}{rep}.sqlite"
                r = run_phase(kind, corpus, db, args.jobs, args.nlp_n, args.embeddings)
                rounds[-1][kind] = r
                print(json.dumps({"phase": kind, "run": rep, **r}), flush=True)
                if kind not in best or r["seconds"] < best[kind]["seconds"]:
                    best[kind] = r
        for kind in best:
            rows.append((int(best[kind]["articles"]), kind, best[kind]))
    print()
    print(
        "| articles | phase | seconds | articles/s | CPU s | peak MB main | peak MB worker "
        "| stories | stories B-cubed P / R / F1 |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for n, kind, r in rows:
        rate = r["articles"] / r["seconds"] if r["seconds"] else 0.0
        print(
            f"| {n} | {kind} | {r['seconds']:.1f} | {rate:.1f} | {r['cpu']:.1f} | "
            f"{r['peak_mb']:.0f} | {r['worker_peak_mb']:.0f} | {int(r.get('stories', 0)) or ''} "
            f"| {_quality(r)} |"
        )
    print()
    if html_rounds:
        speed = sorted(
            r["html-main"]["seconds"] / r["html-workers"]["seconds"] for r in html_rounds
        )
        print(f"HTML pages extracted on the workers / while reading, speed by round: {_fmt(speed)}")
    if not best:
        return
    an = best["analyze"]
    for kind in ("parse", "spacy"):
        sp = best[kind]
        ratio = (an["articles"] / an["seconds"]) / (sp["articles"] / sp["seconds"])
        cpu = (sp["cpu"] / sp["articles"]) / (an["cpu"] / an["articles"])
        print(f"full analysis / {kind}: speed {ratio:.2f}, CPU per article {cpu:.2f}")
    # paired: each round's analyze against the same round's peer (the machine's speed drifts
    # between rounds, much less within one)
    for kind in ("parse", "spacy"):
        speed = sorted(r[kind]["seconds"] / r["analyze"]["seconds"] for r in rounds)
        cpu = sorted(r[kind]["cpu"] / r["analyze"]["cpu"] for r in rounds)
        print(
            f"full analysis / {kind}, paired by round: speed {_fmt(speed)} (median "
            f"{statistics.median(speed):.2f}), CPU per article {_fmt(cpu)} (median "
            f"{statistics.median(cpu):.2f})"
        )


def html_phases(args: argparse.Namespace, tmp: Path, rows: list) -> list[dict[str, dict]]:
    """``--html N``: N articles as web pages, ingested with the pages extracted on the workers
    (as ``newsfuse ingest`` does) and, as the peer, while reading; two alternated rounds."""
    if not args.html:
        return []
    corpus = tmp / "html"
    build(args.html, corpus, html=True)
    rounds: list[dict[str, dict]] = []
    for rep in range(2):
        rounds.append({})
        for kind in ("html-workers", "html-main"):
            r = run_phase(kind, corpus, tmp / f"{kind}{rep}.sqlite", args.jobs, 0)
            rounds[-1][kind] = r
            print(json.dumps({"n": args.html, "phase": kind, "run": rep, **r}), flush=True)
    for kind in ("html-workers", "html-main"):
        r = min((x[kind] for x in rounds), key=lambda x: x["seconds"])
        label = (
            "HTML pages, extracted on the workers"
            if kind == "html-workers"
            else ("HTML pages, extracted while reading (peer)")
        )
        rows.append((args.html, label, r))
    return rounds


def _quality(r: dict[str, float]) -> str:
    if "bcubed_f1" not in r:
        return ""
    return f"{r['bcubed_p']:.3f} / {r['bcubed_r']:.3f} / {r['bcubed_f1']:.3f}"


def _fmt(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":
    main()
