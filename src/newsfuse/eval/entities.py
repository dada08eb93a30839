"""``newsfuse eval entities``: cross-document entity clusters on ECB+ topics.

The data is the ECB+ corpus (``ecbplus-dev``: topics 1-25, each a folder of ``*ecb.xml`` and
``*ecbplus.xml`` documents). Each document is tokenised XML with stand-off markables (token ids)
typed ``HUMAN_PART_PER``, ``LOC_GEO``, ``LOC_FAC``, ... and coreference relations:
``CROSS_DOC_COREF`` chains carry an instance id shared across the documents of a topic,
``INTRA_DOC_COREF`` chains stay in one document, and any other markable is a singleton. A mention
linked to an instance takes the instance's tag (the corpus README's rule).

For each topic the documents are rebuilt as text, run through spaCy NER and
:func:`newsfuse.crosscheck.entities.merge_entities` together, and every predicted mention is
mapped to the gold markable it overlaps best (token Jaccard, one prediction per markable) when
it contains part of the markable's syntactic head. The
gold mentions scored are the *named* ones: person (``HUMAN_PART_PER``) and location (``LOC_*``)
markables whose syntactic head is a name word (a spaCy ``PROPN`` not also written in lower case
in the document, so a title-cased headline's "Woman" is not a name, nor "a bank in Athens"). A gold mention takes the cluster of the
prediction mapped to it (newsfuse: the canonical entity; baseline: the exact mention string);
an unmatched gold mention is a singleton. Clusters are scored on the union of all topics with
MUC, B-cubed, CEAF-e and CoNLL F1 (their mean), singletons included; see docs/eval/entities.md.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from newsfuse.eval.progress import Quiet, track, with_progress

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "ecbplus-dev"
DOC_PATH = Path(__file__).resolve().parents[3] / "docs" / "eval" / "entities.md"

Cluster = frozenset[Hashable]
CLASSES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"PER": ("HUMAN_PART_PER",), "LOC": ("LOC_GEO", "LOC_FAC", "LOC_OTHER")}
)

# ---- metrics ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1."""

    p: float
    r: float

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r > 0 else 0.0


def _clusters(groups: Iterable[Iterable[Hashable]]) -> list[Cluster]:
    return [frozenset(g) for g in groups if g]


def _muc_side(key: list[Cluster], response: list[Cluster]) -> float:
    """MUC recall of ``response`` against ``key`` (precision with the arguments swapped)."""
    where = {m: i for i, c in enumerate(response) for m in c}
    num = den = 0
    for c in key:
        # partition of c by the response; a mention absent from the response is its own part
        parts = {where.get(m, ("alone", m)) for m in c}
        num += len(c) - len(parts)
        den += len(c) - 1
    return num / den if den else 0.0


def muc(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    """MUC (Vilain et al. 1995): links kept, over key links (R) and response links (P)."""
    k, r = _clusters(key), _clusters(response)
    return PRF(p=_muc_side(r, k), r=_muc_side(k, r))


def _b3_side(key: list[Cluster], response: list[Cluster]) -> float:
    where = {m: c for c in response for m in c}
    total = sum(len(c) for c in key)
    if not total:
        return 0.0
    score = 0.0
    for c in key:
        for m in c:
            other = where.get(m)
            if other is not None:
                score += len(c & other) / len(c)
    return score / total


def b_cubed(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    """B-cubed (Bagga & Baldwin 1998): per-mention overlap of its key and response clusters."""
    k, r = _clusters(key), _clusters(response)
    return PRF(p=_b3_side(r, k), r=_b3_side(k, r))


def ceaf_e(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> PRF:
    """Entity CEAF (Luo 2005) with phi4 = 2|K∩R|/(|K|+|R|) and the optimal 1:1 alignment."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    k, r = _clusters(key), _clusters(response)
    if not k or not r:
        return PRF(0.0, 0.0)
    where = defaultdict(list)
    for j, c in enumerate(r):
        for m in c:
            where[m].append(j)
    sim = np.zeros((len(k), len(r)))
    for i, c in enumerate(k):
        for j in {j for m in c for j in where.get(m, ())}:
            sim[i, j] = 2 * len(c & r[j]) / (len(c) + len(r[j]))
    rows, cols = linear_sum_assignment(sim, maximize=True)
    best = float(sim[rows, cols].sum())
    return PRF(p=best / len(r), r=best / len(k))


def conll_f1(key: Iterable[Iterable[Hashable]], response: Iterable[Iterable[Hashable]]) -> float:
    """CoNLL F1: the mean of the MUC, B-cubed and CEAF-e F1 scores."""
    k, r = _clusters(key), _clusters(response)
    return (muc(k, r).f1 + b_cubed(k, r).f1 + ceaf_e(k, r).f1) / 3


# ---- ECB+ data ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldMention:
    """One gold markable: document, markable id, tag, gold cluster and character range."""

    doc: str
    mid: str
    tag: str
    cluster: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EcbDoc:
    """One ECB+ document rebuilt as text, with its gold mentions and token character ranges."""

    name: str
    text: str
    mentions: tuple[GoldMention, ...]


_NO_SPACE_BEFORE = frozenset(
    {",", ".", ":", ";", "!", "?", "'s", "n't", ")", "%", "'", "'re", "'ve", "'ll"}
)
_QUOTES: Mapping[str, str] = MappingProxyType({"``": '"', "''": '"'})


def read_ecb_doc(path: Path) -> EcbDoc:
    """Parse one ECB+ XML file (the URL line of ``ecbplus`` files, sentence 0, is dropped)."""
    root = ET.parse(path).getroot()
    name = root.get("doc_name") or path.name
    plus = name.endswith("ecbplus.xml")
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    pos = 0
    last_sent = None
    for tok in root.iter("token"):
        sent = tok.get("sentence")
        if plus and sent == "0":
            continue
        word = _QUOTES.get(tok.text or "", tok.text or "")
        if last_sent is not None:
            sep = "\n" if sent != last_sent else ("" if word in _NO_SPACE_BEFORE else " ")
            parts.append(sep)
            pos += len(sep)
        offsets[tok.get("t_id", "")] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
        last_sent = sent
    text = "".join(parts)

    markables = root.find("Markables")
    anchored: dict[str, tuple[str, list[str]]] = {}
    tags: dict[str, str] = {}
    for mk in markables if markables is not None else ():
        mid = mk.get("m_id", "")
        tags[mid] = mk.tag
        toks = [a.get("t_id", "") for a in mk.findall("token_anchor")]
        if toks:
            anchored[mid] = (mk.tag, toks)
    cluster_of: dict[str, str] = {}
    tag_of: dict[str, str] = {}
    relations = root.find("Relations")
    for rel in relations if relations is not None else ():
        target = rel.find("target")
        tid = target.get("m_id", "") if target is not None else ""
        if rel.tag == "CROSS_DOC_COREF":
            cid = rel.get("note") or f"{name}#{tid}"
        elif rel.tag == "INTRA_DOC_COREF":
            cid = f"{name}#{tid}"
        else:
            continue
        for src in rel.findall("source"):
            sid = src.get("m_id", "")
            cluster_of[sid] = cid
            if tags.get(tid, "UNKNOWN_INSTANCE_TAG") != "UNKNOWN_INSTANCE_TAG":
                tag_of[sid] = tags[tid]
    mentions = []
    for mid, (tag, toks) in anchored.items():
        spans = [offsets[t] for t in toks if t in offsets]
        if not spans:
            continue
        mentions.append(
            GoldMention(
                doc=name,
                mid=mid,
                tag=tag_of.get(mid, tag),
                cluster=cluster_of.get(mid, f"{name}#m{mid}"),
                start=min(s for s, _ in spans),
                end=max(e for _, e in spans),
            )
        )
    mentions.sort(key=lambda m: (m.start, m.end))
    return EcbDoc(name, text, tuple(mentions))


def _topic_key(p: Path) -> tuple[int, str]:
    return (int(p.name), p.name) if p.name.isdigit() else (10**6, p.name)


def _doc_key(p: Path) -> tuple[int, int, str]:
    m = re.match(r"(\d+)_(\d+)", p.name)
    return (int(m.group(1)), int(m.group(2)), p.name) if m else (0, 0, p.name)


def load_topics(data_dir: Path = DEFAULT_DIR, limit: int | None = None) -> list[list[EcbDoc]]:
    """The ECB+ topics in numeric order (the first ``limit``), each a list of documents."""
    dirs = sorted((d for d in data_dir.iterdir() if d.is_dir()), key=_topic_key)
    if limit is not None:
        dirs = dirs[:limit]
    return [[read_ecb_doc(p) for p in sorted(d.glob("*.xml"), key=_doc_key)] for d in dirs]


# ---- running the systems -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pred:
    """A predicted mention: document, character range, and its cluster per system."""

    doc: str
    start: int
    end: int
    system: str
    cluster: str | None


def _overlap_score(g: GoldMention, p: Pred, tokens: Sequence[tuple[int, int]]) -> float:
    gt = {i for i, (s, e) in enumerate(tokens) if s < g.end and g.start < e}
    pt = {i for i, (s, e) in enumerate(tokens) if s < p.end and p.start < e}
    return len(gt & pt) / len(gt | pt) if gt | pt else 0.0


def align(
    gold: Sequence[GoldMention],
    preds: Sequence[Pred],
    tokens: Sequence[tuple[int, int]],
    heads: Mapping[str, tuple[int, int]] | None = None,
) -> dict[str, Pred]:
    """Gold markable id -> the prediction overlapping it best (greedy, one-to-one, Jaccard).

    With ``heads`` (gold markable id -> character range of its syntactic head), a prediction
    must contain part of the head: "Athens" does not stand for "a bank in Athens".
    """
    pairs = []
    for g in gold:
        hs, he = heads[g.mid] if heads and g.mid in heads else (g.start, g.end)
        for i, p in enumerate(preds):
            if p.start < g.end and g.start < p.end and p.start < he and hs < p.end:
                pairs.append((_overlap_score(g, p, tokens), g.mid, i))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    out: dict[str, Pred] = {}
    used: set[int] = set()
    for score, mid, i in pairs:
        if score > 0 and mid not in out and i not in used:
            out[mid] = preds[i]
            used.add(i)
    return out


def gold_heads(doc: Doc, gold: Iterable[GoldMention]) -> dict[str, tuple[int, int]]:
    """Gold markable id -> character range of its syntactic head in the parsed document.

    The head is the first token of the markable whose dependency head lies outside it.
    """
    toks = list(doc)
    out: dict[str, tuple[int, int]] = {}
    for g in gold:
        inside = [t for t in toks if t.idx < g.end and g.start < t.idx + len(t.text)]
        ids = {t.i for t in inside}
        for t in inside:
            if t.head.i not in ids or t.head.i == t.i:
                out[g.mid] = (t.idx, t.idx + len(t.text))
                break
    return out


def name_tokens(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the name words of a parsed document.

    A name word is a proper noun (spaCy ``PROPN``) whose lower-case form is not written in lower
    case elsewhere in the document, so "Woman" or "Driver" in a title-cased headline is not a
    name while "Hayashi" is.
    """
    lower = {t.text for t in doc if t.text.islower()}
    return [
        (t.idx, t.idx + len(t.text))
        for t in doc
        if t.pos_ == "PROPN" and t.text.lower() not in lower
    ]


@dataclass(slots=True)
class TopicResult:
    """Gold and response clusters of one topic, per class and system, plus mention counts."""

    key: dict[str, dict[tuple[str, str], str]]
    response: dict[tuple[str, str], dict[tuple[str, str], str]]
    matched: dict[tuple[str, str], int]


SYSTEMS = ("newsfuse", "exact-string")


def run_topic(docs: Sequence[EcbDoc], nlp: Language, topic: str) -> TopicResult:
    """Run spaCy and both clusterers over one topic and collect gold/response clusters."""
    from newsfuse.analyze.pipeline import ENTITY_LABELS
    from newsfuse.crosscheck.entities import merge_entities
    from newsfuse.model import Analysis, Article, Mention, Span

    analyses = []
    token_ranges: dict[str, list[tuple[int, int]]] = {}
    propn: dict[str, list[tuple[int, int]]] = {}
    heads: dict[str, dict[str, tuple[int, int]]] = {}
    for doc, sp in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        token_ranges[doc.name] = [(t.idx, t.idx + len(t.text)) for t in sp]
        heads[doc.name] = gold_heads(sp, doc.mentions)
        propn[doc.name] = name_tokens(sp)
        mentions = tuple(
            Mention(Span(doc.name, e.start_char, e.end_char), e.text, e.label_)
            for e in sp.ents
            if e.label_ in ENTITY_LABELS
        )
        analyses.append(Analysis(Article(doc.name, doc.text), (), mentions))
    index = merge_entities(analyses)
    preds: dict[str, list[Pred]] = defaultdict(list)
    for m in (*index.relabeled, *index.title_mentions, *index.found_mentions):
        cid = f"{topic}/{m.canonical}" if m.canonical else None
        preds[m.span.article].append(
            Pred(m.span.article, m.span.start, m.span.end, SYSTEMS[0], cid)
        )
    for an in analyses:
        for m in an.mentions:
            cid = f"{topic}/{m.text}"
            preds[m.span.article].append(
                Pred(m.span.article, m.span.start, m.span.end, SYSTEMS[1], cid)
            )

    result = TopicResult(defaultdict(dict), defaultdict(dict), defaultdict(int))
    for doc in docs:
        names = set(propn[doc.name])
        named = [g for g in doc.mentions if heads[doc.name].get(g.mid) in names]
        for cls, tags in CLASSES.items():
            gold = [g for g in named if g.tag in tags]
            for g in gold:
                result.key[cls][(g.doc, g.mid)] = f"{topic}/{g.cluster}"
            for system in SYSTEMS:
                sys_preds = [p for p in preds[doc.name] if p.system == system]
                hits = align(gold, sys_preds, token_ranges[doc.name], heads[doc.name])
                for g in gold:
                    p = hits.get(g.mid)
                    cid = p.cluster if p and p.cluster else f"{topic}/{g.doc}#alone{g.mid}"
                    result.response[(cls, system)][(g.doc, g.mid)] = cid
                    result.matched[(cls, system)] += int(p is not None and p.cluster is not None)
    return result


MentionKey = TypeVar("MentionKey", bound=Hashable)


def _groups(assign: Mapping[MentionKey, str]) -> list[set[MentionKey]]:
    out: dict[str, set[MentionKey]] = defaultdict(set)
    for m, c in assign.items():
        out[c].add(m)
    return list(out.values())


@dataclass(frozen=True, slots=True)
class Row:
    """Scores of one system on one class."""

    cls: str
    system: str
    mentions: int
    matched: int
    muc: PRF
    b3: PRF
    ceafe: PRF

    @property
    def conll(self) -> float:
        return (self.muc.f1 + self.b3.f1 + self.ceafe.f1) / 3


def score_results(results: Sequence[TopicResult]) -> list[Row]:
    """Micro scores over all topics (clusters never cross topics), per class and system."""
    rows = []
    for cls in [*CLASSES, "ALL"]:
        classes = list(CLASSES) if cls == "ALL" else [cls]
        key: dict[tuple[str, str, str], str] = {}
        for r in results:
            for c in classes:
                key.update({(c, *m): v for m, v in r.key[c].items()})
        for system in SYSTEMS:
            resp: dict[tuple[str, str, str], str] = {}
            matched = 0
            for r in results:
                for c in classes:
                    resp.update({(c, *m): v for m, v in r.response[(c, system)].items()})
                    matched += r.matched[(c, system)]
            k, rs = _groups(key), _groups(resp)
            rows.append(
                Row(cls, system, len(key), matched, muc(k, rs), b_cubed(k, rs), ceaf_e(k, rs))
            )
    return rows


def evaluate(topics: Sequence[Sequence[EcbDoc]], nlp: Language) -> list[Row]:
    """Score newsfuse and the exact-string baseline on ECB+ topics."""
    results = [
        run_topic(docs, nlp, str(i))
        for i, docs in track(enumerate(topics), "entities of each topic", len(topics))
    ]
    return score_results(results)


# ---- report -------------------------------------------------------------------------------------


def table(rows: Sequence[Row]) -> str:
    """A markdown table of the rows."""
    head = (
        "| class | system | gold mentions | matched | MUC F1 | B3 P | B3 R | B3 F1 "
        "| CEAF-e F1 | CoNLL F1 |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    lines = [head]
    for r in rows:
        lines.append(
            f"| {r.cls} | {r.system} | {r.mentions} | {r.matched} | {r.muc.f1:.3f} | "
            f"{r.b3.p:.3f} | {r.b3.r:.3f} | {r.b3.f1:.3f} | {r.ceafe.f1:.3f} | {r.conll:.3f} |"
        )
    return "\n".join(lines)


def _doc_text(rows: Sequence[Row], command: str, topics: int, docs: int, seconds: float) -> str:
    return f"""# Entity merging across documents (ECB+)

Command: `{command}`

Data: `../shared/data/ecbplus-dev` (ECB+ topics 1-25 as shipped, CC-BY 3.0): {topics} topics,
{docs} documents; {seconds:.0f} s on this machine (2 shared cores).

{table(rows)}

How it is measured (see `src/newsfuse/eval/entities.py`):

* Each topic's documents are rebuilt as text from the ECB+ tokens and run through the spaCy
  pipeline; all documents of a topic go to `merge_entities` together (a topic mixes two similar
  events, as a story cluster would).
* Gold mentions: person (`HUMAN_PART_PER`) and location (`LOC_GEO`, `LOC_FAC`, `LOC_OTHER`)
  markables headed by a name word, i.e. named mentions. The head is the markable's first token
  whose dependency head (spaCy parse) lies outside it; a name word is a proper noun (`PROPN`)
  that the same document does not also write in lower case. So "the Betty Ford Clinic in
  Rancho Mirage" is named, while "a bank in Athens" and a title-cased headline's "Woman" are
  not. Gold clusters are the `CROSS_DOC_COREF` instances, the `INTRA_DOC_COREF` chains, and
  singletons; a mention linked to an instance takes the instance's tag.
* Each predicted mention is mapped to the gold markable it overlaps best (token Jaccard,
  one-to-one) and must contain part of the markable's head. A gold mention takes the cluster of
  its prediction: the merged entity for newsfuse, the exact mention string for the baseline.
  Unmatched gold mentions, and mentions newsfuse discards as not names, are singletons. Only gold
  mentions are scored, so precision counts wrong merges, not spurious mentions (ECB+ annotates
  only some sentences).
* newsfuse's predictions also include its title-only mentions ("the foreign minister") and the
  spellings of persons that NER missed; the baseline uses the unmerged spaCy mentions.
* Scores are micro over all topics (clusters never cross topics), singletons included. CoNLL F1
  is the mean of the MUC, B-cubed and CEAF-e F1 (CEAF-e with the optimal one-to-one alignment).
  "matched" counts gold mentions with a prediction.

What is left: for persons, mostly nicknames ("LiLo", "Mo Cheeks"), nationality nouns
("Briton", "New Zealander") and spellings far apart ("Heydar Alishbandi" / "Heidar
Alishvandi"); several "wrong merges" are the same person mentioned in two documents whose
annotators did not chain the mentions. For places, ECB+ annotates the location of the event
("the Estelle unit", "the Betty Ford Centre"), and a location named by its town is not the town.
"""


def register(app: typer.Typer) -> None:
    """Add ``newsfuse eval entities``."""

    @app.command("entities")
    @with_progress
    def entities_eval(
        data: Annotated[Path, typer.Option(help="ecbplus-dev folder, one folder per topic")] = (
            DEFAULT_DIR
        ),
        limit: Annotated[
            int | None, typer.Option(help="only the first N topics (numeric order)")
        ] = None,
        write_doc: Annotated[
            bool, typer.Option("--write-doc", help="also write docs/eval/entities.md")
        ] = False,
        quiet: Quiet = False,
    ) -> None:
        """Cross-document entity clusters (B-cubed, CoNLL F1) for persons and locations."""
        from newsfuse.analyze.nlp import load_nlp

        started = time.perf_counter()
        topics = load_topics(data, limit)
        nlp = load_nlp()
        rows = evaluate(topics, nlp)
        seconds = time.perf_counter() - started
        typer.echo(table(rows))
        if write_doc:
            command = "newsfuse eval entities" + (f" --limit {limit}" if limit else "")
            command += " --write-doc"
            ndocs = sum(len(t) for t in topics)
            DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
            DOC_PATH.write_text(_doc_text(rows, command, len(topics), ndocs, seconds), "utf-8")
            typer.echo(f"wrote {DOC_PATH}")
