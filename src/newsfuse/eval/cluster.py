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
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np
import typer

from newsfuse.eval.progress import track, with_progress

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
    published: date | None = None


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


_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}


def load_timeline17(root: Path, window: tuple[date, date] | None = None) -> list[Doc]:
    """Timeline17 articles as a stream in date order: ``FOLDER/InputDocs/DAY/*.txt`` (one
    tokenised sentence a line, with the pages' furniture), dated by their day folder; the gold
    topic (and event) is the folder's topic ("LibyaWar" for ``LibyaWar_cnn`` and
    ``LibyaWar_reuters``). Empty files are left out; ``window``: only the days within it."""
    docs = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        topic = folder.name.split("_")[0].lower()
        for day in sorted(p for p in (folder / "InputDocs").iterdir() if p.is_dir()):
            published = date.fromisoformat(day.name)
            if window is not None and not window[0] <= published <= window[1]:
                continue
            for f in sorted(day.glob("*.txt")):
                lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
                toks = [(i, _PTB.get(t, t)) for i, line in enumerate(lines) for t in line.split()]
                text = _detokenize(toks)
                if text.strip():
                    doc_id = f"{folder.name}/{day.name}/{f.name.split('.')[0]}"
                    docs.append(Doc(doc_id, text, topic, topic, published))
    docs.sort(key=lambda d: (d.published or date.min, d.id))
    return docs


def load_basil(root: Path) -> list[Doc]:
    """BASIL (``basil-dev``): each event told by three outlets; the gold event (and topic) is the
    triplet. Text is the title line, then the paragraphs; dated by the article's date."""
    import ast

    docs = []
    for f in sorted(root.glob("articles/*/*.json")):
        rec = json.loads(f.read_text(encoding="utf-8"))
        paras = rec.get("body-paragraphs") or []
        if isinstance(paras, str):
            paras = ast.literal_eval(paras)
        body = "\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paras)
        title = (rec.get("title") or "").strip()
        text = f"{title}\n{body}" if title else body
        if not text.strip():
            continue
        day = rec.get("date")
        published = date.fromisoformat(day[:10]) if day else None
        event = f"basil:{rec['triplet-uuid']}"
        docs.append(Doc(f"basil-{f.stem}", text, event, event, published))
    return docs


def t17_windows(
    docs: Sequence[Doc], days: int = 7, gap: int = 45, per_window: int = 12, seed: int = 13
) -> list[Doc]:
    """Timeline17 as DUC-like pooled clusters: in each topic, windows of ``days`` days that start
    at least ``gap`` days after the previous window ended; the gold event of an article is its
    (topic, window). Windows with fewer than 3 articles are left out; at most ``per_window``
    articles (a seeded sample) of each."""
    by_topic: dict[str, list[Doc]] = defaultdict(list)
    for d in docs:
        if d.published is not None:
            by_topic[d.topic].append(d)
    out: list[Doc] = []
    rng = random.Random(seed)
    for topic in sorted(by_topic):
        items = sorted(by_topic[topic], key=lambda d: (d.published or date.min, d.id))
        start: date | None = None
        windows: list[list[Doc]] = []
        for d in items:
            assert d.published is not None
            if start is not None and (d.published - start).days < days:
                windows[-1].append(d)
            elif start is None or (d.published - start).days >= days + gap:
                start = d.published
                windows.append([d])
        for w in windows:
            if len(w) < 3:
                continue
            pick = (
                sorted(rng.sample(w, per_window), key=lambda d: d.id) if len(w) > per_window else w
            )
            assert w[0].published is not None
            event = f"{topic}:{w[0].published.isoformat()}"
            out += [replace(d, event=event) for d in pick]
    return out


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
    from newsfuse.executors import LocalExecutor
    from newsfuse.model import Article
    from newsfuse.store import Store

    with Store(":memory:") as store:
        arts = [
            Article(id=d.id, text=d.text, url=f"https://eval.invalid/{d.id}", published=d.published)
            for d in docs
        ]
        ingest_articles(
            store, arts, Settings(progress=False), clean=False, executor=LocalExecutor(1)
        )
        return store.story_of_articles()


def run_baseline(docs: Sequence[Doc], threshold: float = BASELINE_THRESHOLD) -> dict[str, str]:
    """TF-IDF + average-link agglomerative clustering on cosine distance."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(
        [d.text for d in docs]
    )
    # cosine distances from the sparse unit rows (what metric="cosine" computes on dense rows,
    # without a dense documents x vocabulary matrix)
    dist = np.clip(1.0 - (x @ x.T).toarray(), 0.0, None)
    np.fill_diagonal(dist, 0.0)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    ).fit_predict(dist)
    return {d.id: str(lab) for d, lab in zip(docs, labels, strict=True)}


# ---- the command ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    dataset: str
    dates: str  # "yes", "removed" or "none" (the data has none)
    gold: str
    system: str
    scores: BCubed
    docs: int
    clusters: int
    seconds: float


@dataclass(frozen=True, slots=True)
class EvalSet:
    """One evaluation set: its documents in arrival order, and how they arrive."""

    name: str
    dates: str  # "yes", "removed" or "none"
    docs: list[Doc]
    golds: tuple[str, ...]  # "events", "topics"
    shuffled: bool  # shuffled by the seed (else a stream in date order)


# Timeline17 window of the quality gate: the Egyptian protests, the start of the Libyan war (two
# outlets) and of the Syrian crisis overlap here
T17_GATE = (date(2011, 2, 9), date(2011, 3, 3))


def eval_sets(
    data_dir: Path, limit: int | None, seed: int = 13, t17_window: tuple[date, date] | None = None
) -> list[EvalSet]:
    """The sets of ``newsfuse eval cluster``: ECB+ dev and Multi-News 200 pooled and shuffled
    (neither has publication dates); BASIL dev and Timeline17 windows pooled, in date order with
    their dates and shuffled with the dates removed; Timeline17 dev as a stream in date order,
    with its dates and with them removed."""
    ecb = load_ecbplus(data_dir / "ecbplus-dev", limit_topics=limit)
    mn = drop_cross_cluster_copies(
        load_multinews(
            data_dir / "multinews200" / "clusters.jsonl", limit=limit * 8 if limit else None
        )
    )[0]
    for docs in (ecb, mn):
        random.Random(seed).shuffle(docs)
    sets = [
        EvalSet("ECB+ dev", "none", ecb, ("events", "topics"), True),
        EvalSet("Multi-News 200", "none", mn, ("events",), True),
    ]
    pooled: list[tuple[str, list[Doc]]] = []
    if (data_dir / "basil-dev").is_dir():
        pooled.append((BASIL_SET, load_basil(data_dir / "basil-dev")))
    t17_dir = data_dir / "timeline17-dev"
    t17 = load_timeline17(t17_dir, t17_window) if t17_dir.is_dir() else []
    if t17 and t17_window is None:
        pooled.append((T17W_SET, t17_windows(t17, seed=seed)))
    for name, docs in pooled:
        if limit:
            keep = sorted({d.event for d in docs})[: limit * 2]
            docs = [d for d in docs if d.event in keep]
        sets += dated_and_undated(name, docs, seed)
    if t17:
        undated = [replace(d, published=None) for d in t17]
        sets += [
            EvalSet("Timeline17 dev", "yes", t17, ("topics",), False),
            EvalSet("Timeline17 dev", "removed", undated, ("topics",), False),
        ]
    return sets


BASIL_SET = "BASIL dev pooled"
T17W_SET = "Timeline17 weeks pooled"
# ``--sets`` keys -> set names
SETS = {
    "ecb": "ECB+ dev",
    "multinews": "Multi-News 200",
    "basil": BASIL_SET,
    "t17weeks": T17W_SET,
    "t17stream": "Timeline17 dev",
}


def dated_and_undated(name: str, docs: Sequence[Doc], seed: int) -> list[EvalSet]:
    """A pooled set twice: with its dates, arriving in date order (ties shuffled by ``seed``),
    and with the dates removed, in a shuffled order."""
    mixed = list(docs)
    random.Random(seed).shuffle(mixed)
    dated = sorted(mixed, key=lambda d: d.published or date.min)
    undated = [replace(d, published=None) for d in mixed]
    return [
        EvalSet(name, "yes", dated, ("events",), False),
        EvalSet(name, "removed", undated, ("events",), True),
    ]


def evaluate(
    data_dir: Path,
    limit: int | None,
    seed: int = 13,
    t17_window: tuple[date, date] | None = None,
    only: Sequence[str] = (),
) -> tuple[list[Row], dict[str, float]]:
    """All rows of the table, and the order-stability figures of the shuffled sets (``only``:
    the names of the sets to run, default all)."""
    rows: list[Row] = []
    stability: dict[str, float] = {}
    baselines: dict[str, tuple[dict[str, str], float]] = {}
    for es in track(eval_sets(data_dir, limit, seed, t17_window), "clustering each set"):
        if only and es.name not in only:
            continue
        docs = es.docs
        t0 = time.perf_counter()
        results = {"newsfuse": (run_newsfuse(docs), time.perf_counter() - t0)}
        if es.name not in baselines:  # the baseline never sees dates: once per set
            t0 = time.perf_counter()
            baselines[es.name] = (run_baseline(docs), time.perf_counter() - t0)
        results["tfidf-avglink"] = baselines[es.name]
        for gname in es.golds:
            gold = {d.id: (d.event if gname == "events" else d.topic) for d in docs}
            for system, (pred, secs) in results.items():
                rows.append(
                    Row(
                        es.name,
                        es.dates,
                        gname,
                        system,
                        bcubed(pred, gold),
                        len(docs),
                        len(set(pred.values())),
                        secs,
                    )
                )
        if es.shuffled:
            other = list(docs)
            random.Random(seed + 1).shuffle(other)
            stability[es.name] = bcubed(run_newsfuse(other), results["newsfuse"][0]).f1
    return rows, stability


def _markdown(rows: Sequence[Row], stability: Mapping[str, float], command: str) -> str:
    lines = [
        "# Story clustering (`newsfuse eval cluster`)",
        "",
        f"Command: `{command}`",
        "",
        "B-cubed precision / recall / F1 of the stories against gold events (ECB+: topic and "
        "ecb/ecbplus half; Multi-News: the cluster; BASIL: the event the three outlets tell; "
        "Timeline17 weeks: the topic and week) and gold topics (ECB+ folders; Timeline17: the "
        "topic of the folder, both outlets of a topic together). ECB+ and Multi-News: the "
        "documents of all topics are mixed and shuffled (neither set has publication dates); "
        "BASIL dev (150 articles, 50 events) and Timeline17 weeks (in each topic, the articles "
        "of a 7-day window, windows at least 45 days apart, at most 12 articles a window: "
        "about 200 articles in 22 clusters) are pooled, once with their dates in date order "
        "and once with the dates removed and shuffled; "
        "Timeline17 dev: 7 topic/outlet folders over months, read as one stream in date order, "
        "with the articles' dates and with the dates removed. Each set is ingested through the "
        "same corpus stages as `newsfuse ingest` (no NLP model). Baseline, computed in the same "
        "run on every set (it never sees dates): TF-IDF + average-link agglomerative clustering "
        f"(sklearn, cosine distance threshold {BASELINE_THRESHOLD}).",
        "",
        "| data | dates | gold | system | P | R | F1 | docs | clusters | seconds |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        s = r.scores
        lines.append(
            f"| {r.dataset} | {r.dates} | {r.gold} | {r.system} | {s.precision:.3f} | "
            f"{s.recall:.3f} | {s.f1:.3f} | {r.docs} | {r.clusters} | {r.seconds:.2f} |"
        )
    lines += [
        "",
        "Arrival order: B-cubed F1 between the stories of two different shuffles "
        "(1.0 = order does not matter):",
        "",
    ]
    lines += [f"- {k}: {v:.3f}" for k, v in stability.items()]
    lines += ["", "newsfuse against the baseline (B-cubed F1, first gold of each set):", ""]
    lines += [f"- {line}" for line in versus_baseline(rows)]
    ev = {
        f"{r.dataset} ({'no dates' if r.dates != 'yes' else 'dates'})": r.scores.f1
        for r in rows
        if r.system == "newsfuse" and r.gold == "events" and r.dates != "yes"
    }
    lines += [
        "",
        "Goals: B-cubed F1 >= 0.93 on ECB+ events; >= 0.90 on a pooled set without dates; at "
        "least the baseline on every set. Status: "
        + ", ".join(
            f"{k} {v:.3f} ({'met' if v >= (0.93 if k.startswith('ECB') else 0.90) else 'not met'})"
            for k, v in ev.items()
        )
        + " (Timeline17 weeks: topic-weeks of the same war are told alike, so both systems"
        " stay far below 0.90; see the notes).",
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
        "- Timeline17 dev is a stream of 2,328 non-empty articles from 7 topic/outlet folders",
        "  (Egyptian protests, Iraq war, Libyan war from two outlets, Syrian crisis from two,",
        "  Haiti earthquake) over 2005-2012, with the pages' furniture. Its gold is the topic",
        "  (months long); a story is local in time, so recall against whole topics is low for",
        "  both systems by design, and precision says whether stories mix topics. It was not",
        "  used to choose any parameter: it is the set left out.",
        "- BASIL dev and Timeline17 weeks were added as pooled sets this round and no parameter",
        "  was chosen on them. Over `--seed 13`, `14`, `15` (`--sets ecb,multinews,basil,t17weeks`):",
        "  BASIL with dates 0.991 / 1.000 / 1.000, without 0.980 / 0.980 / 0.980 (baseline",
        "  0.947); Timeline17 weeks (the sample of each week follows the seed, so the baseline",
        "  moves too) with dates 0.464 / 0.455 / 0.440, without 0.447 / 0.445 / 0.461 (baseline",
        "  0.393 / 0.383 / 0.387). Timeline17 weeks is hard for both: the weeks of one war are",
        "  told in the same words, and a story that follows the war across weeks is a recall",
        "  error against week gold.",
        "- Multi-News stays below the baseline (-0.011 / -0.006 / -0.001 over seeds 13-15). Its",
        "  largest loss is one story of 17 articles (seed 13) that chains six gold clusters about",
        "  the same president and the press: two single reports joined at 0.189 and the story",
        "  grew online at 0.17-0.29. Measured and not kept (each lost on a set it was not made",
        "  for; harness over seeds 13-15 in docs/corpus.md): a final average-link merge over the",
        "  stories (on the baseline's TF-IDF, our terms, or terms and names: no set gains), an",
        "  absolute floor in the split (Multi-News +0.007 at 0.12, Timeline17 weeks -0.015 and",
        "  -0.037), a split compared with the more coherent side (ECB+ -0.017), a join score",
        "  scaled by the story's coherence (no change), moves at a gain of 0.10 (Timeline17",
        "  weeks +0.03, Multi-News -0.002 on the mean), name weight 0.25, 400 terms a document.",
        "  Also measured and not kept (`python bench/cluster_variants.py split_peel evict=0.5",
        "  evict_abs=0.07`, mean of seeds 13-15): a split that looks past merges cutting off one",
        "  member (ECB+ -0.007, Multi-News unchanged), batch members averaging below 0.5 x the rest",
        "  of their story evicted (Multi-News -0.003, Timeline17 weeks dated -0.010) or below 0.07",
        "  (Multi-News +0.001, Timeline17 weeks undated -0.004); a logistic regression over",
        "  document-pair features (TF-IDF, names, years and dates, time gap) trained on one pooled",
        "  set, as the similarity of an average-link clustering on the others, falls below newsfuse",
        "  on the sets it was not trained on (`python bench/cluster_pair_model.py`; trained on",
        "  ECB+: Multi-News 0.892, BASIL 0.876, Timeline17 weeks 0.425; trained on a dated set it puts",
        "  each undated set in one story). Error analysis (seed 13):",
        "  the chained story costs about -0.018 of precision; its tree merges its loosest documents",
        "  last, one at a time, and below them its largest gold cluster lies on both sides of the",
        "  first balanced merge, so no cut of the tree separates it (docs/corpus.md).",
        "- Representation or linkage (`python bench/cluster_linkage.py --seed 13`, sets without",
        "  dates): average link over the clusterer's own document similarities instead of the",
        "  baseline's TF-IDF reaches the baseline on Multi-News (IDF-weighted terms 0.910 at a",
        "  similarity of 0.16; TF-IDF 0.913 at 0.15, 0.910 at 0.16; terms and names 0.907 at 0.10),",
        "  so Multi-News lacks the linkage, not the representation. No one average-link cut serves",
        "  every set: at 0.16 the same terms give ECB+ 0.886, BASIL 0.970, Timeline17 weeks 0.356",
        "  (newsfuse 0.947, 0.980, 0.447). Against a story's summed signature an article that",
        "  averages s with the k members scores about s / sqrt(C), C the members' average",
        "  similarity counting each member with itself (1 for one member): a loose story takes",
        "  loosely related articles, which Timeline17 weeks (a topic over a week) needs and which",
        "  chains Multi-News. The years and dates as a channel of their own ruin average link",
        "  (Multi-News 0.819, BASIL 0.860 at best) and serve only inside a story (split, merge).",
        "  Also measured and not kept (`python bench/cluster_variants.py idf_prior num_in_names",
        "  split_tight3=0.4`, mean of seeds 13-15): the whole set's document frequencies known",
        "  from the first article (Multi-News 0.905, ECB+ 0.929, Timeline17 weeks 0.433 / 0.399:",
        "  the early IDFs are not the cause), years and dates counted with the names in the split",
        "  and merge (Multi-News unchanged, ECB+ 0.886), a subtree of 3 or more members cut off a",
        "  story when its average with the rest is below 0.4 x its own (Multi-News 0.904,",
        "  Timeline17 weeks 0.435 / 0.361). A second look at lone articles each time the",
        "  collection has grown by 1.1 x (`recheck=1.1`) gains on Timeline17 weeks (0.484 /",
        "  0.473) but loses Multi-News seed 15 (0.912 -> 0.905): the lone articles it places",
        "  wrongly join the chained story. Also measured and not kept (`python",
        "  bench/cluster_variants.py reassign=0,0.08,0.6 loose_split=0.12,6,0.5`, seeds 13-15):",
        "  a k-means-like reassignment of the touched stories' members over their nearest stories",
        "  (Multi-News 0.908 on the mean, Timeline17 weeks -0.009 / -0.008), a spectral bisection",
        "  of a story loose for its size where the split does not cut (Multi-News 0.909 / 0.907 /",
        "  0.912, the other sets unchanged, but Timeline17 weeks without dates -0.021 at seed 17,",
        "  not used to choose it); a logistic regression over article-story features trained on",
        "  ECB+ as the online join rule (`python bench/cluster_join_model.py`, seed 13: Multi-News",
        "  0.903, BASIL without dates 0.937, Timeline17 weeks 0.389 / 0.372).",
        "- Parameters (`ClusterParams`: join threshold 0.16, name weight 0.35, move gain 0.20,",
        "  split ratio 0.6, merge threshold 0.20, second-chance score 0.12, pair threshold 0.12)",
        "  hold on both sets; see `docs/corpus.md`.",
    ]
    return "\n".join(lines) + "\n"


def versus_baseline(rows: Sequence[Row]) -> list[str]:
    """One line per set and dates: newsfuse's F1 against the baseline's on the set's first gold."""
    out = []
    seen: set[tuple[str, str]] = set()
    for r in rows:
        if r.system != "newsfuse" or (r.dataset, r.dates) in seen:
            continue
        seen.add((r.dataset, r.dates))
        base = next(
            b
            for b in rows
            if b.system != "newsfuse"
            and (b.dataset, b.dates, b.gold) == (r.dataset, r.dates, r.gold)
        )
        diff = r.scores.f1 - base.scores.f1
        verdict = "at least the baseline" if diff >= 0 else "below the baseline"
        out.append(
            f"{r.dataset} (dates: {r.dates}, {r.gold}): {r.scores.f1:.3f} vs {base.scores.f1:.3f}"
            f" ({diff:+.3f}, {verdict})"
        )
    return out


def register(app: typer.Typer) -> None:
    """Add ``newsfuse eval cluster``."""

    @app.command("cluster")
    @with_progress
    def cluster_cmd(
        data: Path = typer.Option(DEFAULT_DATA, help="the shared data folder"),
        limit: int = typer.Option(
            0, help="only the first N ECB+ topics (and 8N Multi-News clusters)"
        ),
        write_doc: bool = typer.Option(False, "--write-doc", help=f"write {DOC_PATH.name}"),
        seed: int = typer.Option(13, help="shuffle seed of the arrival order (and seed + 1)"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress on stderr."),
        sets: str = typer.Option(
            "", help=f"comma-separated sets to run, of {', '.join(SETS)} (default: all)"
        ),
    ) -> None:
        """Story clustering: B-cubed against ECB+ events/topics, Multi-News clusters and
        Timeline17 topics (with dates and without), beside a TF-IDF average-link baseline."""
        from rich.console import Console
        from rich.table import Table

        keys = [k.strip() for k in sets.split(",") if k.strip()]
        for k in keys:
            if k not in SETS:
                raise typer.BadParameter(f"unknown set {k!r}: one of {', '.join(SETS)}")
        rows, stability = evaluate(data, limit or None, seed, only=[SETS[k] for k in keys])
        table = Table(title="story clustering, B-cubed")
        for col in ("data", "dates", "gold", "system", "P", "R", "F1", "docs", "clusters", "s"):
            table.add_column(col)
        for r in rows:
            s = r.scores
            table.add_row(
                r.dataset,
                r.dates,
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
        for line in versus_baseline(rows):
            console.print(line)
        if write_doc:
            cmd = (
                "newsfuse eval cluster"
                + (f" --limit {limit}" if limit else "")
                + (f" --seed {seed}" if seed != 13 else "")
                + (f" --sets {','.join(keys)}" if keys else "")
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
