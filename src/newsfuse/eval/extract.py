"""``newsfuse eval extract``: body extraction on the article-extraction benchmark.

The data is scrapinghub's article-extraction-benchmark (181 news pages, ``html/*.html.gz`` and
``ground-truth.json`` with the ``articleBody`` of each page). The metric is the benchmark's own:
texts are tokenized with ``\\w+``, cut into 4-word shingles (a text of fewer than 4 tokens is one
shorter shingle), and each page gets TP/FP/FN over the shingle multisets normalised to sum to 1;
precision is the mean over pages with a prediction, recall the mean over pages with a truth, and F1
is the harmonic mean of those two means.

Two modes are measured side by side:

* ``html``: plain ``trafilatura.extract`` (the peer) against :func:`newsfuse.ingest.html.read_html`.
* ``text``: the page flattened to one text node per line (what a scraper without markup hands
  over) against the plain-text cleaner :func:`newsfuse.clean.clean_article`; the baseline keeps
  every line.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import typer

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
DEFAULT_DIR = DEFAULT_DATA / "article-extraction-benchmark"
DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "eval" / "extract.md"

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe"})

TpFpFn = tuple[float, float, float]


# ---- the benchmark's metric ----------------------------------------------------------------------


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of ``n``-token shingles of ``text`` (benchmark tokenization)."""
    tokens = _TOKEN_RE.findall(text or "")
    out: Counter[tuple[str, ...]] = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i : i + n])
        if shingle:
            out[shingle] += 1
    return out


def shingle_match(true: str | None, pred: str | None, n: int = 4) -> TpFpFn:
    """Normalised (tp, fp, fn) of ``pred`` against ``true`` over ``n``-shingles."""
    ts, ps = shingles(true, n), shingles(pred, n)
    tp = fp = fn = 0.0
    for key in ts.keys() | ps.keys():
        t, p = ts.get(key, 0), ps.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total > 0:
        return tp / total, fp / total, fn / total
    return tp, fp, fn


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


@dataclass(frozen=True, slots=True)
class Scores:
    """Benchmark scores of one system over a set of pages."""

    precision: float
    recall: float
    f1: float
    pages: int


def score(results: Sequence[TpFpFn]) -> Scores:
    """Aggregate per-page (tp, fp, fn) the way the benchmark's ``evaluate.py`` does."""
    precs = [_precision(*r) for r in results if r[0] + r[1] > 0]
    recs = [_recall(*r) for r in results if r[0] + r[2] > 0]
    p = statistics.mean(precs) if precs else 0.0
    r = statistics.mean(recs) if recs else 0.0
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return Scores(precision=p, recall=r, f1=f1, pages=len(results))


# ---- data ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    """One benchmark page: id, its HTML, the true body and the page URL."""

    id: str
    html: str
    truth: str
    url: str | None


def load_pages(data_dir: Path = DEFAULT_DIR, limit: int | None = None) -> list[Page]:
    """The benchmark pages sorted by id (the first ``limit`` of them if given)."""
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    if limit is not None:
        ids = ids[:limit]
    pages = []
    for pid in ids:
        with gzip.open(data_dir / "html" / f"{pid}.html.gz", "rt", encoding="utf-8") as fh:
            html = fh.read()
        rec = truth[pid]
        pages.append(Page(pid, html, rec.get("articleBody") or "", rec.get("url")))
    return pages


def flatten_html(html: str) -> str:
    """Every text node of the page's body, one per line (script/style/noscript skipped).

    This is the page as a markup-less scraper would hand it over: no link density, no tags, just
    the text in document order.
    """
    import lxml.html

    try:
        parser = lxml.html.HTMLParser(encoding="utf-8")
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return ""
    body = root.find("body")
    start = body if body is not None else root
    lines: list[str] = []

    def add(text: str | None) -> None:
        if text:
            t = " ".join(text.split())
            if t:
                lines.append(t)

    for el in start.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.lower() in _SKIP_TAGS or not tag:
            add(el.tail)
            continue
        if any(isinstance(a.tag, str) and a.tag.lower() in _SKIP_TAGS for a in el.iterancestors()):
            continue
        add(el.text)
        add(el.tail)
    return "\n".join(lines)


# ---- systems -------------------------------------------------------------------------------------


def peer_trafilatura(page: Page) -> str:
    """The peer: plain ``trafilatura.extract`` as the benchmark runs it."""
    import trafilatura

    return trafilatura.extract(page.html, include_comments=False) or ""


def newsfuse_html(page: Page) -> str:
    """newsfuse's HTML reader."""
    from newsfuse.ingest.html import read_html
    from newsfuse.model import Article

    art = read_html(page.html, id=page.id, path=None, url=page.url)
    return art.text if isinstance(art, Article) else ""


def newsfuse_text(flat: str, pid: str) -> str:
    """newsfuse's plain-text cleaner on a flattened page."""
    from newsfuse.clean import clean_article
    from newsfuse.model import Article

    art = clean_article(Article(id=pid, text=flat))
    return art.text if isinstance(art, Article) else ""


@dataclass(frozen=True, slots=True)
class Run:
    """Scores and wall time of one system."""

    scores: Scores
    seconds: float
    per_page: tuple[TpFpFn, ...]


def run_system(
    pages: Iterable[Page], inputs: Sequence[str], system: Callable[[str, Page], str]
) -> Run:
    """Run ``system(input, page)`` over the pages, timing only the system calls."""
    results: list[TpFpFn] = []
    spent = 0.0
    for page, inp in zip(pages, inputs, strict=True):
        t0 = time.perf_counter()
        out = system(inp, page)
        spent += time.perf_counter() - t0
        results.append(shingle_match(page.truth, out))
    return Run(score(results), spent, tuple(results))


def evaluate(pages: Sequence[Page]) -> dict[str, Run]:
    """All four systems (two per mode) on ``pages``."""
    htmls = [p.html for p in pages]
    flats = [flatten_html(p.html) for p in pages]
    return {
        "html/trafilatura": run_system(pages, htmls, lambda _i, p: peer_trafilatura(p)),
        "html/newsfuse": run_system(pages, htmls, lambda _i, p: newsfuse_html(p)),
        "text/all-text": run_system(pages, flats, lambda i, _p: i),
        "text/newsfuse": run_system(pages, flats, lambda i, p: newsfuse_text(i, p.id)),
    }


def register(app: typer.Typer) -> None:
    """Add ``newsfuse eval extract``."""

    @app.command("extract")
    def extract_eval(
        data: Path = typer.Option(DEFAULT_DIR, help="article-extraction-benchmark folder"),
        limit: int | None = typer.Option(None, help="only the first N pages by sorted id"),
        write_doc: bool = typer.Option(False, "--write-doc", help=f"also write {DOC_PATH}"),
    ) -> None:
        """Body extraction F1 (4-word shingles) from HTML and from flattened page text."""
        pages = load_pages(data, limit)
        runs = evaluate(pages)
        typer.echo(str(runs))
