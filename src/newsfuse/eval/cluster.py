"""``newsfuse eval cluster``: story clustering against gold events and topics.

Data:

* ECB+ (``ecbplus-dev``): each topic folder holds ``*ecb.xml`` and ``*ecbplus.xml`` documents
  about two different but similar events (tokens in XML; no dates). Gold *events* are
  (topic, ecb|ecbplus); gold *topics* are the folders. All documents of all topics are mixed and
  shuffled, then ingested through the corpus stages (:func:`newsfuse.corpus.ingest.ingest_articles`
  into an in-memory store) exactly as ``newsfuse ingest`` would.
* Multi-News (``multinews200/clusters.jsonl``): each cluster's documents are one story.

Metric: B-cubed precision, recall and F1 (per item, averaged over items). Baseline: TF-IDF
(sklearn, English stop words, sublinear TF) with average-link agglomerative clustering on cosine
distance, its distance threshold chosen as the best of a small grid on ECB+ events (so the
baseline is given an advantage). Arrival order: the B-cubed F1 between the stories of two
different shuffles measures how much the order changes the result.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import typer

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "eval" / "cluster.md"
BASELINE_THRESHOLD = 0.85  # cosine distance of the average-link baseline (grid best on ECB+)

_TOKEN_RE = re.compile(r'<token[^>]*\bsentence="(\d+)"[^>]*>([^<]*)</token>')
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", "'s", "n't", "''", ")", "%", "'"}


@dataclass(frozen=True, slots=True)
class Doc:
    """One evaluation document with its gold story and gold topic."""

    id: str
    text: str
    event: str
    topic: str


@dataclass(frozen=True, slots=True)
class BCubed:
    precision: float
    recall: float
    f1: float


# ---- data ----------------------------------------------------------------------------------------


def _detokenize(tokens: Sequence[tuple[int, str]]) -> str:
    import html

    lines: list[str] = []
    cur: list[str] = []
    last_sent = None
    for sent, tok in tokens:
        tok = html.unescape(tok)
        if last_sent is not None and sent != last_sent:
            lines.append("".join(cur).strip())
            cur = []
        last_sent = sent
        if tok == "``":
            tok = '"'
        if tok in _NO_SPACE_BEFORE or not cur or cur[-1].endswith(("(", '"', "$")):
            cur.append(tok if tok != "''" else '"')
        else:
            cur.append(" " + tok)
    if cur:
        lines.append("".join(cur).strip())
    return "\n".join(x for x in lines if x)


def load_ecbplus(root: Path, limit_topics: int | None = None) -> list[Doc]:
    """ECB+ documents as text, with gold event ``topic:ecb|ecbplus`` and gold topic."""
    topics = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: int(p.name))
    if limit_topics:
        topics = topics[:limit_topics]
    docs = []
    for t in topics:
        for f in sorted(t.glob("*.xml")):
            raw = f.read_text(encoding="utf-8")
            toks = [(int(s), w) for s, w in _TOKEN_RE.findall(raw)]
            kind = "ecbplus" if f.name.endswith("ecbplus.xml") else "ecb"
            docs.append(
                Doc(f.stem, _strip_source_url(_detokenize(toks)), f"{t.name}:{kind}", t.name)
            )
    return docs


_URL_LINE = re.compile(r"\Ahttps?\s*:\s*/\s*/[^\n]*\n?")


def _strip_source_url(text: str) -> str:
    """Text without the source-URL line that opens every ``*ecbplus.xml`` document.

    Only the second event of each topic has that line (the ``*ecb.xml`` documents never do), so
    leaving it in would hand both systems the gold split ("http", "www", "com" occur in one
    event's documents only). Real articles carry their URL as metadata, not as body text.
    """
    return _URL_LINE.sub("", text, count=1)


def load_multinews(path: Path, limit: int | None = None) -> list[Doc]:
    """Multi-News documents; each cluster is one story (event and topic alike)."""
    docs = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit and i >= limit:
                break
            rec = json.loads(line)
            for j, text in enumerate(rec["documents"]):
                if text.strip():
                    docs.append(Doc(f"mn{i:03d}-{j}", text, f"mn{i}", f"mn{i}"))
    return docs


# ---- metric --------------------------------------------------------------------------------------


def bcubed(pred: Mapping[str, str], gold: Mapping[str, str]) -> BCubed:
    """B-cubed precision/recall/F1 of a predicted clustering against a gold one (same items)."""
    items = list(gold)
    pc: dict[str, set[str]] = defaultdict(set)
    gc: dict[str, set[str]] = defaultdict(set)
    for i in items:
        pc[pred[i]].add(i)
        gc[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        same = len(pc[pred[i]] & gc[gold[i]])
        p += same / len(pc[pred[i]])
        r += same / len(gc[gold[i]])
    p, r = p / len(items), r / len(items)
    return BCubed(p, r, 2 * p * r / (p + r) if p + r else 0.0)


# ---- systems -------------------------------------------------------------------------------------


def run_newsfuse(docs: Sequence[Doc]) -> dict[str, str]:
    """Ingest the documents (in the given order) into an in-memory store; article -> story."""
    from newsfuse.config import Settings
    from newsfuse.corpus.ingest import ingest_articles
    from newsfuse.model import Article
    from newsfuse.store import Store

    with Store(":memory:") as store:
        arts = [Article(id=d.id, text=d.text, url=f"https://eval.invalid/{d.id}") for d in docs]
        ingest_articles(store, arts, Settings(progress=False), clean=False)
        return store.story_of_articles()


def run_baseline(docs: Sequence[Doc], threshold: float = BASELINE_THRESHOLD) -> dict[str, str]:
    """TF-IDF + average-link agglomerative clustering on cosine distance."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(
        [d.text for d in docs]
    )
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
    ).fit_predict(x.toarray())
    return {d.id: str(lab) for d, lab in zip(docs, labels, strict=True)}


# ---- the command ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    dataset: str
    gold: str
    system: str
    scores: BCubed
    docs: int
    clusters: int
    seconds: float


def evaluate(
    data_dir: Path, limit: int | None, seed: int = 13
) -> tuple[list[Row], dict[str, float]]:
    """All rows of the table, and the order-stability figures per dataset."""
    sets = {
        "ECB+ dev": load_ecbplus(data_dir / "ecbplus-dev", limit_topics=limit),
        "Multi-News 200": drop_cross_cluster_copies(
            load_multinews(
                data_dir / "multinews200" / "clusters.jsonl", limit=limit * 8 if limit else None
            )
        )[0],
    }
    rows: list[Row] = []
    stability: dict[str, float] = {}
    for name, docs in sets.items():
        docs = list(docs)
        random.Random(seed).shuffle(docs)
        results = {}
        for system, fn in (("newsfuse", run_newsfuse), ("tfidf-avglink", run_baseline)):
            t0 = time.perf_counter()
            pred = fn(docs)
            results[system] = (pred, time.perf_counter() - t0)
        golds = {"events": {d.id: d.event for d in docs}}
        if name.startswith("ECB"):
            golds["topics"] = {d.id: d.topic for d in docs}
        for gname, gold in golds.items():
            for system, (pred, secs) in results.items():
                rows.append(
                    Row(
                        name,
                        gname,
                        system,
                        bcubed(pred, gold),
                        len(docs),
                        len(set(pred.values())),
                        secs,
                    )
                )
        other = list(docs)
        random.Random(seed + 1).shuffle(other)
        stability[name] = bcubed(run_newsfuse(other), results["newsfuse"][0]).f1
    return rows, stability


def _markdown(rows: Sequence[Row], stability: Mapping[str, float], command: str) -> str:
    lines = [
        "# Story clustering (`newsfuse eval cluster`)",
        "",
        f"Command: `{command}`",
        "",
        "B-cubed precision / recall / F1 of the stories against gold events (ECB+: topic and "
        "ecb/ecbplus half; Multi-News: the cluster) and gold topics (ECB+ folders). The documents "
        "of all topics are mixed and shuffled, then ingested through the same corpus stages as "
        "`newsfuse ingest` (no NLP model; ECB+ has no dates). Baseline: TF-IDF + average-link "
        f"agglomerative clustering (sklearn, cosine distance threshold {BASELINE_THRESHOLD}).",
        "",
        "| data | gold | system | P | R | F1 | docs | clusters | seconds |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        s = r.scores
        lines.append(
            f"| {r.dataset} | {r.gold} | {r.system} | {s.precision:.3f} | {s.recall:.3f} | "
            f"{s.f1:.3f} | {r.docs} | {r.clusters} | {r.seconds:.2f} |"
        )
    lines += [
        "",
        "Arrival order: B-cubed F1 between the stories of two different shuffles "
        "(1.0 = order does not matter):",
        "",
    ]
    lines += [f"- {k}: {v:.3f}" for k, v in stability.items()]
    ev = {r.dataset: r.scores.f1 for r in rows if r.system == "newsfuse" and r.gold == "events"}
    lines += [
        "",
        "Goals: B-cubed F1 >= 0.93 on ECB+ events and >= 0.95 on Multi-News. Status: "
        + ", ".join(
            f"{k} {v:.3f} ({'met' if v >= (0.93 if k.startswith('ECB') else 0.95) else 'not met'})"
            for k, v in ev.items()
        )
        + ".",
        "",
        "Notes:",
        "",
        "- newsfuse clusters online (each article joins the best story or opens one), and after",
        "  each ingest batch of 256 refines what the batch touched: moves an article that now",
        "  scores clearly better elsewhere, gives a one-article story near a story that grew a",
        "  second chance to join it, pairs two lone articles that are each other's best match,",
        "  splits a story whose members form two well-separated groups, merges two stories whose",
        "  members average alike (`docs/corpus.md`). No NLP model. The baseline sees all",
        "  documents at once (average link over all pairs) and its threshold was picked on this",
        "  very data, so it is an optimistic peer.",
        "- ECB+ has no publication dates, so the time locality that separates two similar events",
        "  in real news cannot help; the years and dates mentioned in the texts (outside URLs) and",
        "  the names are what the split sees. Topic F1 is lower than with the online pass alone",
        "  because the two events of a topic now end up in two stories, as the event gold wants.",
        "- Every `*ecbplus.xml` document (and no `*ecb.xml` one) opens with its source URL; that",
        "  line is removed for both systems, since it alone would give away the gold split.",
        "- Arrival order matters: over `--seed 13`, `14`, `15` ECB+ events score 0.947, 0.934,",
        "  0.929 (mean 0.937) and Multi-News 0.902, 0.907, 0.912 (mean 0.907). Before the pairs",
        "  of lone articles: the same on ECB+ and 0.898, 0.901, 0.907 on Multi-News; before the",
        "  second chance for one-article stories: 0.946, 0.928, 0.921 and 0.894, 0.897, 0.903.",
        "- Multi-News: documents that are copies of documents of *other* clusters (Wayback Machine",
        "  notices, Twitter widgets) are removed for both systems before scoring; they are not news.",
        "  Most remaining errors are gold clusters whose documents share little (a page of reprint",
        "  terms, a long interview next to a short report): recall, not precision, is what is low.",
        "- Parameters (`ClusterParams`: join threshold 0.16, name weight 0.35, move gain 0.20,",
        "  split ratio 0.6, merge threshold 0.20, second-chance score 0.12, pair threshold 0.12)",
        "  hold on both sets; see `docs/corpus.md`.",
    ]
    return "\n".join(lines) + "\n"


def register(app: typer.Typer) -> None:
    """Add ``newsfuse eval cluster``."""

    @app.command("cluster")
    def cluster_cmd(
        data: Path = typer.Option(DEFAULT_DATA, help="the shared data folder"),
        limit: int = typer.Option(
            0, help="only the first N ECB+ topics (and 8N Multi-News clusters)"
        ),
        write_doc: bool = typer.Option(False, "--write-doc", help=f"write {DOC_PATH.name}"),
        seed: int = typer.Option(13, help="shuffle seed of the arrival order (and seed + 1)"),
    ) -> None:
        """Story clustering: B-cubed against ECB+ events/topics and Multi-News clusters."""
        from rich.console import Console
        from rich.table import Table

        rows, stability = evaluate(data, limit or None, seed)
        table = Table(title="story clustering, B-cubed")
        for col in ("data", "gold", "system", "P", "R", "F1", "docs", "clusters", "s"):
            table.add_column(col)
        for r in rows:
            s = r.scores
            table.add_row(
                r.dataset,
                r.gold,
                r.system,
                f"{s.precision:.3f}",
                f"{s.recall:.3f}",
                f"{s.f1:.3f}",
                str(r.docs),
                str(r.clusters),
                f"{r.seconds:.2f}",
            )
        console = Console()
        console.print(table)
        for k, v in stability.items():
            console.print(f"arrival order, B-cubed F1 between two shuffles, {k}: {v:.3f}")
        if write_doc:
            cmd = (
                "newsfuse eval cluster"
                + (f" --limit {limit}" if limit else "")
                + (f" --seed {seed}" if seed != 13 else "")
                + " --write-doc"
            )
            DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
            DOC_PATH.write_text(_markdown(rows, stability, cmd), encoding="utf-8")
            console.print(f"wrote {DOC_PATH}")


def drop_cross_cluster_copies(docs: Sequence[Doc]) -> tuple[list[Doc], int]:
    """Remove documents that (near-)copy a document of another gold cluster.

    In Multi-News these are scraper junk shared by unrelated clusters (Wayback Machine notices,
    Twitter widgets, "the interactive transcript could not be loaded"): they belong to no story,
    so both systems are scored without them. Returns the kept documents and how many were dropped.
    """
    from newsfuse.corpus.dedup import duplicate_groups
    from newsfuse.model import Article

    by_id = {d.id: d for d in docs}
    groups = duplicate_groups([Article(id=d.id, text=d.text) for d in docs])
    drop: set[str] = set()
    for g in groups:
        if len({by_id[m].event for m in g.members}) > 1:
            drop.update(g.members)
    return [d for d in docs if d.id not in drop], len(drop)
