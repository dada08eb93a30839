"""The per-article analysis of one batch of articles on several cores.

``analyze_jobs(articles, nlp, jobs)`` gives the same analyses, in input order, as
``list(analyze_many(articles, nlp))``, with the parsing spread over ``jobs`` processes: the
calling process and ``jobs - 1`` forked workers. A forked worker inherits the pipeline already
loaded in the caller (no second load, its memory shared copy-on-write until written); only the
articles go out and only the analyses come back. Articles are dealt longest first to the least
loaded process, so the processes finish close together. Where ``fork`` is not available (not
Unix) or there is nothing to share, the batch runs in the calling process.

``analyze_embed_jobs(articles, nlp, encoder, jobs)`` also gives each article's sentence vectors,
made in the same processes right after their parse (one encoder thread each, so the processes
do not compete for the cores); the encoder's rows do not depend on the batch they are made in,
so the vectors are the same bits on any number of processes.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from newsfuse.analyze.pipeline import analyze_many
from newsfuse.model import Analysis, Article

if TYPE_CHECKING:
    import numpy as np
    from spacy.language import Language

    from newsfuse.embed import Encoder

# set in a forked worker only, by the pool initializer, to the pipeline it inherited
_FORKED: dict[str, Any] = {}


def _init(nlp: Language, encoder: Encoder | None = None) -> None:  # pragma: no cover - worker
    _FORKED["nlp"] = nlp
    _FORKED["encoder"] = encoder


def _run(  # pragma: no cover - runs in the worker
    articles: list[Article], story: bool = True
) -> tuple[list[Analysis], list[np.ndarray] | None]:
    return _analyze_part(articles, _FORKED["nlp"], _FORKED["encoder"], threads=1, story=story)


def _analyze_part(
    articles: list[Article],
    nlp: Language,
    encoder: Encoder | None,
    threads: int | None,
    story: bool = True,
) -> tuple[list[Analysis], list[np.ndarray] | None]:
    """The analyses of one process's articles, and their sentence vectors with an encoder."""
    analyses = list(analyze_many(articles, nlp, story=story))
    return analyses, None if encoder is None else sentence_vectors(analyses, encoder, threads)


def sentence_vectors(
    analyses: Sequence[Analysis], encoder: Encoder, threads: int | None = None
) -> list[np.ndarray]:
    """Per analysis, its sentences' vectors (one float32 row each, in sentence order)."""
    texts = [s.text for an in analyses for s in an.sentences]
    vecs = encoder.encode(texts, threads=threads)
    out, at = [], 0
    for an in analyses:
        out.append(vecs[at : at + len(an.sentences)])
        at += len(an.sentences)
    return out


def resolve_jobs(jobs: int) -> int:
    """``jobs`` as a process count: 0 (or less) means every core this process may use."""
    if jobs > 0:
        return jobs
    from newsfuse.executors.local import default_jobs

    return default_jobs()


def deal(sizes: Sequence[int], parts: int) -> list[list[int]]:
    """Indices of ``sizes`` split into ``parts`` lists of close total size (longest first to the
    lightest part); each list in ascending index order."""
    loads = [0] * parts
    out: list[list[int]] = [[] for _ in range(parts)]
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        p = min(range(parts), key=lambda p: (loads[p], p))
        out[p].append(i)
        loads[p] += sizes[i]
    return [sorted(p) for p in out if p]


def analyze_jobs(
    articles: Sequence[Article], nlp: Language, jobs: int = 1, *, story: bool = True
) -> list[Analysis]:
    """Analyses of ``articles`` in input order, parsed by ``jobs`` processes (0: all cores);
    ``story=False``: without the records only the story-level stages read
    (:func:`~newsfuse.analyze.pipeline.analyze_doc`)."""
    return _spread(list(articles), nlp, None, jobs, story)[0]


def analyze_embed_jobs(
    articles: Sequence[Article], nlp: Language, encoder: Encoder, jobs: int = 1
) -> tuple[list[Analysis], list[np.ndarray]]:
    """Analyses of ``articles`` in input order and each one's sentence vectors, both made by
    ``jobs`` processes (0: all cores): a process encodes its articles' sentences after their
    parse, so no core waits for the slowest parse before the encoding starts."""
    analyses, vecs = _spread(list(articles), nlp, encoder, jobs)
    assert vecs is not None  # made with an encoder
    return analyses, vecs


def _spread(
    items: list[Article], nlp: Language, encoder: Encoder | None, jobs: int, story: bool = True
) -> tuple[list[Analysis], list[np.ndarray] | None]:
    """Analyses in input order (and sentence vectors with an encoder) from ``jobs`` processes:
    the calling process and ``jobs - 1`` forked workers, articles dealt by length."""
    n = min(resolve_jobs(jobs), len(items))
    if n <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return _analyze_part(items, nlp, encoder, threads=None, story=story)
    parts = deal([len(a.text) for a in items], n)
    out: list[Analysis | None] = [None] * len(items)
    vecs: list[np.ndarray | None] = [None] * len(items)
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=len(parts) - 1, mp_context=ctx, initializer=_init, initargs=(nlp, encoder)
    ) as pool:
        futures = [(part, pool.submit(_run, [items[i] for i in part], story)) for part in parts[1:]]
        # the calling process takes the first part itself
        own = _analyze_part([items[i] for i in parts[0]], nlp, encoder, threads=1, story=story)
        done = [(parts[0], own)] + [(part, fut.result()) for part, fut in futures]
        for part, (ans, vs) in done:
            for k, (i, an) in enumerate(zip(part, ans, strict=True)):
                out[i] = an
                if vs is not None:
                    vecs[i] = vs[k]
    analyses = _all(out)
    return analyses, None if encoder is None else [v for v in vecs if v is not None]


def _all(out: list[Analysis | None]) -> list[Analysis]:
    missing = [i for i, an in enumerate(out) if an is None]
    if missing:
        raise RuntimeError(f"no analysis came back for articles {missing}")
    return [an for an in out if an is not None]  # all of them, checked above
