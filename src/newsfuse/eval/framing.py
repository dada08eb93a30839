"""``newsfuse eval framing``: own-voice loaded phrases scored on BASIL's lexical-bias annotations.

Data: ``../shared/data/basil-dev`` (BASIL 2010-2014: 50 events, each told by Fox News, The New York
Times and HuffPost). An article's text is its paragraphs joined by blank lines, the sentences of a
paragraph by one space. Gold: the phrase-level annotations with ``bias == "lex"`` (lexical bias,
loaded words) and ``quote == "no"`` (the article's own voice); their offsets are per sentence and
are mapped onto the article text.

Scoring is phrase-level with overlap matching (any shared character): precision is the share of
predicted phrases that overlap a gold phrase, recall the share of gold phrases that some predicted
phrase overlaps; overall (micro) and per outlet.

Systems, all computed in the same run on the same parses:

* ``families`` - the contested-term families of ``data/framing.json`` in own voice, as the
  briefing listed them before loaded language was learned (run per event, as a briefing is);
* ``lexicon`` - lexicon only: every own-voice content word whose VADER valence is at least 1.5
  in absolute value or whose TextBlob subjectivity is at least 0.6 with a non-zero polarity
  (fixed, not tuned);
* ``model (LOYO)`` - the learned model, leave-one-year-out: for each of the five years it is
  trained on the other four (threshold chosen on those four by an inner leave-one-year-out) and
  predicts the held-out year's articles, so every figure is on events not used for fitting;
* ``model (shipped)`` - the model in ``data/loaded_model.json`` (trained on all five years), on
  the same data: in-sample, for reference only.

``--write-model`` trains on all of basil-dev and writes ``src/newsfuse/data/loaded_model.json``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newsfuse.eval.progress import Quiet, track, with_progress
from newsfuse.model import Analysis, Article, LoadedPhrase

if TYPE_CHECKING:
    import numpy as np
    from spacy.language import Language
    from spacy.tokens import Doc

    from newsfuse.analyze.loaded import Candidate, LoadedModel
    from newsfuse.embed.minilm import Encoder

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "basil-dev"
DOC_PATH = Path("docs/eval/framing.md")
MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "loaded_model.json"
OUTLETS = {"fox": "Fox News", "nyt": "New York Times", "hpo": "HuffPost"}
YEARS = ("2010", "2011", "2012", "2013", "2014")
REFERENCE_PATH = MODEL_PATH.with_name("news_df.json")
C_REG = 0.1  # inverse L2 strength of the logistic regression (fixed; lemma weights shrink)
THRESHOLDS = tuple(x / 100 for x in range(10, 100))
# the operating point: the most precise threshold whose (inner leave-one-year-out) recall is at
# least this; the goal asks for recall >= 0.30 on unseen events
MIN_RECALL = 0.30
REFERENCE_MIN_DF = 3  # words in fewer reference articles are left out of the table (idf ~ 1)


@dataclass(frozen=True, slots=True)
class Gold:
    start: int
    end: int
    text: str
    polarity: str
    target: str


@dataclass(frozen=True, slots=True)
class BasilArticle:
    id: str
    event: str
    year: str
    outlet: str  # fox, nyt, hpo
    article: Article
    gold: tuple[Gold, ...]


def _article_text(paragraphs: Sequence[Sequence[str]]) -> tuple[str, list[list[int]]]:
    """Text of the body paragraphs and each sentence's start offset."""
    parts: list[str] = []
    starts: list[list[int]] = []
    pos = 0
    for p, sents in enumerate(paragraphs):
        if p:
            parts.append("\n\n")
            pos += 2
        row = []
        for i, s in enumerate(sents):
            if i:
                parts.append(" ")
                pos += 1
            row.append(pos)
            parts.append(s)
            pos += len(s)
        starts.append(row)
    return "".join(parts), starts


def load_basil(data: Path, years: Iterable[str] = YEARS) -> list[BasilArticle]:
    """The articles of ``data`` (basil-dev layout) with their own-voice lexical-bias phrases."""
    from datetime import date

    out: list[BasilArticle] = []
    for year in years:
        for path in sorted((data / "articles" / year).glob("*.json")):
            raw = json.loads(path.read_text("utf-8"))
            ann_path = data / "annotations" / year / f"{path.stem}_ann.json"
            anns = json.loads(ann_path.read_text("utf-8")) if ann_path.exists() else {}
            paras = raw.get("body-paragraphs", [])
            text, starts = _article_text(paras)
            sents = [(s, starts[p][i]) for p, row in enumerate(paras) for i, s in enumerate(row)]
            gold: list[Gold] = []
            for a in anns.get("phrase-level-annotations", []):
                if a.get("bias") != "lex" or a.get("quote") != "no":
                    continue
                for s, off in sents:
                    if s[a["start"] : a["end"]] == a["txt"]:
                        gold.append(
                            Gold(
                                off + a["start"],
                                off + a["end"],
                                a["txt"],
                                a.get("polarity", ""),
                                a.get("target", ""),
                            )
                        )
                        break
            outlet = str(raw.get("source", "")).lower()
            published = None
            try:
                published = date.fromisoformat(str(raw.get("date", ""))[:10])
            except ValueError:
                published = None
            art = Article(
                id=path.stem,
                text=text,
                source=OUTLETS.get(outlet, outlet),
                title=raw.get("title"),
                url=raw.get("url"),
                published=published,
            )
            out.append(
                BasilArticle(
                    path.stem, str(raw.get("triplet-uuid", "")), year, outlet, art, tuple(gold)
                )
            )
    return out


# ---- the newswire reference ---------------------------------------------------------------------

REFERENCE_WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")


def reference_df(shared_data: Path, min_df: int = REFERENCE_MIN_DF) -> dict[str, object]:
    """Document frequencies of lower-cased words in ordinary newswire that is not BASIL: the
    Multi-News articles (``multinews200``) and the Timeline17 articles (``timeline17-dev``)."""
    from collections import Counter

    df: Counter[str] = Counter()
    docs = 0
    with (shared_data / "multinews200" / "clusters.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            for d in json.loads(line)["documents"]:
                df.update(set(REFERENCE_WORD.findall(d.lower())))
                docs += 1
    for path in sorted((shared_data / "timeline17-dev").glob("*/InputDocs/*/*.txt")):
        text = path.read_text("utf-8", errors="replace").lower()
        df.update(set(REFERENCE_WORD.findall(text)))
        docs += 1
    return {
        "_doc": "Document frequencies of lower-cased words in ordinary newswire (Multi-News, "
        "Timeline17; not BASIL), for how unusual a word is in news (newsfuse.analyze.loaded). "
        f"Words in fewer than {min_df} articles are left out. Written by `newsfuse eval framing "
        "--write-reference`; do not edit by hand.",
        "docs": docs,
        "df": {w: n for w, n in sorted(df.items()) if n >= min_df},
    }


# ---- scoring -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Score:
    hit_pred: int = 0
    pred: int = 0
    hit_gold: int = 0
    gold: int = 0

    def add(self, pred: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> None:
        self.pred += len(pred)
        self.gold += len(gold)
        self.hit_pred += sum(any(s < ge and gs < e for gs, ge in gold) for s, e in pred)
        self.hit_gold += sum(any(s < ge and gs < e for s, e in pred) for gs, ge in gold)

    @property
    def precision(self) -> float:
        return self.hit_pred / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.hit_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pool(total: Score, s: Score) -> None:
    total.hit_pred += s.hit_pred
    total.pred += s.pred
    total.hit_gold += s.hit_gold
    total.gold += s.gold


@dataclass(slots=True)
class Result:
    overall: Score = field(default_factory=Score)
    outlets: dict[str, Score] = field(default_factory=dict)


def score(arts: Sequence[BasilArticle], preds: dict[str, list[tuple[int, int]]]) -> Result:
    res = Result()
    for a in arts:
        gold = [(g.start, g.end) for g in a.gold]
        pred = preds.get(a.id, [])
        res.overall.add(pred, gold)
        res.outlets.setdefault(a.outlet, Score()).add(pred, gold)
    return res


# ---- systems -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Parsed:
    """One article parsed once: its Doc, Analysis and own-voice candidates with labels."""

    art: BasilArticle
    doc: Doc
    analysis: Analysis
    cands: list[Candidate]
    labels: list[int]


def parse_all(arts: Sequence[BasilArticle], nlp: Language) -> list[Parsed]:
    from newsfuse.analyze.loaded import candidates
    from newsfuse.analyze.pipeline import analyze_doc

    out = []
    docs = nlp.pipe((a.article.text for a in arts), batch_size=8)
    for a, doc in track(zip(arts, docs, strict=True), "parsing articles", len(arts)):
        an = analyze_doc(a.article, doc)
        cands = candidates(doc, a.article.text, an.quotes)
        labels = [int(any(c.start < g.end and g.start < c.end for g in a.gold)) for c in cands]
        out.append(Parsed(a, doc, an, cands, labels))
    return out


def families_predict(parsed: Sequence[Parsed]) -> dict[str, list[tuple[int, int]]]:
    """Own-voice citations of the contested-term families, run per event like a briefing."""
    from newsfuse.crosscheck.framing import framing, load_families, quoted_regions

    fams = load_families()
    by_event: dict[str, list[Parsed]] = {}
    for p in parsed:
        by_event.setdefault(p.art.event, []).append(p)
    out: dict[str, list[tuple[int, int]]] = {}
    for group in by_event.values():
        ans = [p.analysis for p in group]
        regions = {an.article.id: quoted_regions(an) for an in ans}
        for term in framing(ans, fams):
            for c in term.citations:
                if c.article in term.articles and not any(
                    s <= c.start < e for s, e in regions[c.article]
                ):
                    out.setdefault(c.article, []).append((c.start, c.end))
    return out


def lexicon_predict(parsed: Sequence[Parsed]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for p in parsed:
        for c in p.cands:
            f = c.features
            if f.get("vader_abs", 0.0) * 4 >= 1.5 or (
                f.get("tb_subj", 0.0) >= 0.6 and f.get("tb_abs", 0.0) > 0
            ):
                out.setdefault(p.art.id, []).append((c.start, c.end))
    return out


class WordVectors:
    """MiniLM embeddings of single words (unit length), encoded once per run as needed."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.vectors: dict[str, np.ndarray] = {}

    def need(self, words: Iterable[str]) -> None:
        import numpy as np

        missing = sorted({w for w in words if w} - set(self.vectors))
        if missing:
            e = self.encoder.encode(missing)
            e = e / np.maximum(np.linalg.norm(e, axis=1, keepdims=True), 1e-9)
            self.vectors.update(zip(missing, e, strict=True))

    def matrix(self, words: Sequence[str]) -> np.ndarray:
        """One row per word (zeros for '')."""
        import numpy as np

        self.need(words)
        out = np.zeros((len(words), self.encoder.dim), dtype=np.float32)
        for i, w in enumerate(words):
            if w:
                out[i] = self.vectors[w]
        return out


def label_weights(
    cands: Sequence[Candidate], labels: Sequence[int], gold: Sequence[Gold]
) -> list[float]:
    """Each candidate's training weight: 1 for a negative; for a positive, one over the number of
    candidates inside its gold phrase (the largest when it overlaps several), so that every gold
    phrase weighs one whatever its length. A phrase is found when any one of its words is, and
    the topic words inside a long phrase ("one of the most remarkable turnarounds of the season")
    would otherwise teach the model that "election" is loaded."""
    sizes = [sum(c.start < g.end and g.start < c.end for c in cands) for g in gold]
    out = []
    for c, lab in zip(cands, labels, strict=True):
        inside = [
            k for g, k in zip(gold, sizes, strict=True) if c.start < g.end and g.start < c.end
        ]
        out.append(1.0 / max(inside) if lab and inside else 1.0)
    return out


def words_of(parsed: Sequence[Parsed]) -> set[str]:
    return {c.word for p in parsed for c in p.cands if c.word}


def train(
    parsed: Sequence[Parsed],
    threshold: float,
    trained_on: str,
    vectors: WordVectors | None = None,
    table: Iterable[str] = (),
) -> LoadedModel:
    """Fit the logistic regression on the candidates of ``parsed`` (each gold phrase weighing one,
    see :func:`label_weights`); with ``vectors``, also over each candidate word's embedding,
    folded into one score per word of ``table`` (and of the training words)."""
    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    from newsfuse.analyze.loaded import LoadedModel, load_lexicons

    feats = [c.features for p in parsed for c in p.cands]
    y = np.array([lab for p in parsed for lab in p.labels])
    weights_ = np.array([w for p in parsed for w in label_weights(p.cands, p.labels, p.art.gold)])
    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    n_sparse = x.shape[1]
    if vectors is not None:
        words = [c.word for p in parsed for c in p.cands]
        x = sp.hstack([x, sp.csr_matrix(vectors.matrix(words))]).tocsr()
    clf = LogisticRegression(C=C_REG, max_iter=3000, class_weight="balanced")
    clf.fit(x, y, sample_weight=weights_)
    names = vec.get_feature_names_out()
    coef = clf.coef_[0]
    weights = {
        str(n): float(w) for n, w in zip(names, coef[:n_sparse], strict=True) if abs(w) > 1e-4
    }
    word_scores: dict[str, float] = {}
    if vectors is not None:
        cover = sorted(set(table) | words_of(parsed))
        scores = vectors.matrix(cover) @ coef[n_sparse:]
        word_scores = {w: float(v) for w, v in zip(cover, scores, strict=True)}
    # lemma polarity where no lexicon knows the word: the majority of its gold phrases
    lex = load_lexicons()
    votes: dict[str, list[int]] = {}
    for p in parsed:
        for g in p.art.gold:
            span = p.doc.char_span(g.start, g.end, alignment_mode="expand")
            if span is None or g.polarity not in {"pos", "neg"}:
                continue
            for tok in span:
                lemma = tok.lemma_.lower()
                if tok.is_alpha and lemma not in lex.vader and lemma not in lex.tb_polarity:
                    v = votes.setdefault(lemma, [0, 0])
                    v[0 if g.polarity == "pos" else 1] += 1
    polarity = {k: ("pos" if v[0] > v[1] else "neg") for k, v in votes.items() if v[0] != v[1]}
    return LoadedModel(
        weights, float(clf.intercept_[0]), threshold, polarity, trained_on, word_scores
    )


def model_phrases(
    parsed: Sequence[Parsed], model: LoadedModel, threshold: float | None = None
) -> dict[str, list[LoadedPhrase]]:
    from newsfuse.analyze.loaded import phrases_from_scores

    t = model.threshold if threshold is None else threshold
    out: dict[str, list[LoadedPhrase]] = {}
    for p in parsed:
        scores = [model.score_candidate(c) for c in p.cands]
        out[p.art.id] = phrases_from_scores(p.doc, p.art.article, p.cands, scores, t, model)
    return out


def spans_of(phrases: dict[str, list[LoadedPhrase]]) -> dict[str, list[tuple[int, int]]]:
    return {k: [(ph.span.start, ph.span.end) for ph in v] for k, v in phrases.items()}


def model_predict(
    parsed: Sequence[Parsed], model: LoadedModel, threshold: float | None = None
) -> dict[str, list[tuple[int, int]]]:
    return spans_of(model_phrases(parsed, model, threshold))


@dataclass(slots=True)
class Aim:
    """Polarity and target of the predicted phrases that overlap a gold phrase."""

    matched: int = 0
    with_polarity: int = 0
    polarity_ok: int = 0
    with_target: int = 0
    target_ok: int = 0
    gold: int = 0
    gold_negative: int = 0


def _name_words(name: str) -> set[str]:
    return {w for w in re.split(r"[\W_]+", name.lower()) if len(w) > 2}


def aim(arts: Sequence[BasilArticle], phrases: dict[str, list[LoadedPhrase]]) -> Aim:
    """Against the gold phrase each matched prediction overlaps: is the polarity the annotators'
    and, when a target is given, does it name the annotated target (a shared name word)?"""
    out = Aim()
    for a in arts:
        out.gold += len(a.gold)
        out.gold_negative += sum(g.polarity == "neg" for g in a.gold)
        for ph in phrases.get(a.id, []):
            g = next((g for g in a.gold if ph.span.start < g.end and g.start < ph.span.end), None)
            if g is None:
                continue
            out.matched += 1
            if ph.polarity:
                out.with_polarity += 1
                out.polarity_ok += ph.polarity == g.polarity
            if ph.target:
                out.with_target += 1
                out.target_ok += bool(_name_words(ph.target) & _name_words(g.target))
    return out


def _scores_at(
    parsed: Sequence[Parsed], model: LoadedModel, thresholds: Sequence[float]
) -> list[Result]:
    """Score ``model`` on ``parsed`` at each threshold (token scores computed once)."""
    from newsfuse.analyze.loaded import phrases_from_scores

    token_scores = [[model.score_candidate(c) for c in p.cands] for p in parsed]
    results = []
    for t in thresholds:
        preds = {}
        for p, sc in zip(parsed, token_scores, strict=True):
            phrases = phrases_from_scores(p.doc, p.art.article, p.cands, sc, t, model)
            preds[p.art.id] = [(ph.span.start, ph.span.end) for ph in phrases]
        results.append(score([p.art for p in parsed], preds))
    return results


def choose_threshold(
    parsed: Sequence[Parsed], vectors: WordVectors | None = None, min_recall: float = MIN_RECALL
) -> float:
    """The most precise threshold whose recall, over an inner leave-one-year-out, is at least
    ``min_recall`` (none reaches it: the best F1)."""
    years = sorted({p.art.year for p in parsed})
    thresholds = THRESHOLDS
    totals = [Score() for _ in thresholds]
    for y in years:
        tr = [p for p in parsed if p.art.year != y]
        te = [p for p in parsed if p.art.year == y]
        m = train(tr, 0.5, "", vectors, words_of(te))
        for tot, res in zip(totals, _scores_at(te, m, thresholds), strict=True):
            _pool(tot, res.overall)
    ok = [i for i in range(len(thresholds)) if totals[i].recall >= min_recall]
    if ok:
        best = max(ok, key=lambda i: (totals[i].precision, totals[i].recall))
    else:
        best = max(range(len(thresholds)), key=lambda i: (totals[i].f1, totals[i].precision))
    return thresholds[best]


@dataclass(slots=True)
class Loyo:
    """Leave-one-year-out predictions: at the chosen threshold, and each article's strongest."""

    phrases: dict[str, list[LoadedPhrase]]
    strongest: dict[str, list[LoadedPhrase]]
    chosen: dict[str, float]
    # the held-out years pooled at each threshold of CURVE_THRESHOLDS (the same threshold in
    # every fold): the precision / recall the ranking allows, not an operating point chosen blind
    curve: list[Score] = field(default_factory=list)


CURVE_THRESHOLDS = tuple(x / 100 for x in range(50, 100, 3))


def loyo(parsed: Sequence[Parsed], vectors: WordVectors | None = None) -> Loyo:
    """Leave-one-year-out predictions of the model, and the threshold chosen in each fold."""
    from newsfuse.analyze.loaded import phrases_from_scores

    out = Loyo({}, {}, {}, [Score() for _ in CURVE_THRESHOLDS])
    for y in sorted({p.art.year for p in parsed}):
        tr = [p for p in parsed if p.art.year != y]
        te = [p for p in parsed if p.art.year == y]
        t = choose_threshold(tr, vectors)
        out.chosen[y] = t
        m = train(tr, t, "", vectors, words_of(te))
        out.phrases.update(model_phrases(te, m, t))
        for total, res in zip(out.curve, _scores_at(te, m, CURVE_THRESHOLDS), strict=True):
            _pool(total, res.overall)
        for p in te:
            sc = [m.score_candidate(c) for c in p.cands]
            top = max(sc, default=1.0)
            out.strongest[p.art.id] = phrases_from_scores(p.doc, p.art.article, p.cands, sc, top, m)
    return out


# ---- report ------------------------------------------------------------------------------------


def rows(results: dict[str, Result]) -> list[list[str]]:
    out = []
    for name, res in results.items():
        cells = [name]
        for s in [res.overall, *(res.outlets.get(o, Score()) for o in OUTLETS)]:
            cells.append(f"{s.precision:.3f} / {s.recall:.3f}")
        cells.append(f"{res.overall.f1:.3f}")
        cells.append(f"{res.overall.pred}")
        out.append(cells)
    return out


HEADERS = ["system", "all P / R", "Fox P / R", "NYT P / R", "HuffPost P / R", "F1", "phrases"]


def aim_line(name: str, x: Aim) -> str:
    def pct(a: int, b: int) -> str:
        return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "0/0"

    return (
        f"{name}: of {x.matched} predicted phrases that overlap a gold phrase, a polarity given "
        f"for {pct(x.with_polarity, x.matched)}, as annotated {pct(x.polarity_ok, x.with_polarity)}"
        f" ({x.gold_negative} of the {x.gold} gold phrases are negative); a target given for "
        f"{pct(x.with_target, x.matched)}, naming the annotated target "
        f"{pct(x.target_ok, x.with_target)}"
    )


def render_markdown(
    results: dict[str, Result],
    n_art: int,
    n_gold: int,
    command: str,
    chosen: dict[str, float],
    aims: dict[str, Aim] | None = None,
    curve: Sequence[Score] = (),
) -> str:
    lines = [
        "# Framing: own-voice loaded phrases on BASIL (basil-dev)",
        "",
        f"Command: `{command}`",
        "",
        f"Data: `../shared/data/basil-dev` (BASIL 2010-2014, research data, evaluation use): "
        f"{n_art} articles (50 events x Fox News, New York Times, HuffPost), {n_gold} gold "
        "phrases of lexical bias in the article's own voice (`bias == lex`, `quote == no`).",
        "",
        "Scoring: phrase level, overlap match (any shared character). Precision = predicted "
        "phrases overlapping a gold phrase / predicted; recall = gold phrases overlapped / gold.",
        "",
        "**Tuned on vs reported on.** `model (LOYO)` is leave-one-year-out: each year's articles "
        "are predicted by a model trained (and its threshold chosen, by an inner leave-one-year-"
        "out) on the other four years only, so every figure in that row is on events not used "
        "for fitting. Thresholds chosen per held-out year: "
        + ", ".join(f"{y}: {t:.2f}" for y, t in chosen.items())
        + ". `lexicon` is a fixed rule (not tuned). `families` is the contested-term list "
        "alone. `model (shipped)` is trained on all five years and scored on them: in-sample, "
        "not a quality claim.",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|" + "---|" * len(HEADERS),
    ]
    lines += ["| " + " | ".join(r) + " |" for r in rows(results)]
    if aims:
        lines += [
            "",
            "Polarity and target (BASIL's `polarity` and `target` of the gold phrase):",
            "",
        ]
        lines += [f"* {aim_line(k, v)}" for k, v in aims.items()]
    if curve:
        lines += [
            "",
            "Precision / recall curve of `model (LOYO)`: the five held-out years pooled, the same "
            "threshold applied in every fold (read off the held-out years, so it shows what the "
            "ranking allows; the shipped operating point above is chosen on training years only):",
            "",
            "| threshold | " + " | ".join(f"{t:.2f}" for t in CURVE_THRESHOLDS) + " |",
            "|---|" + "---|" * len(CURVE_THRESHOLDS),
            "| precision | " + " | ".join(f"{c.precision:.3f}" for c in curve) + " |",
            "| recall | " + " | ".join(f"{c.recall:.3f}" for c in curve) + " |",
            "| phrases | " + " | ".join(str(c.pred) for c in curve) + " |",
        ]
    lines += [
        "",
        "## Reading the figures",
        "",
        "* BASIL marks about 1.3 own-voice loaded phrases per article among ~185 candidate "
        "words, and many judging words it does not mark (among the model's strongest unmarked "
        'picks: "woeful", "withering", "lackluster", "bizarre", "banal", "unflattering"); '
        "precision against it is a lower bound on how often a listed word is judging, but it is "
        "the measure the goal is set in. The goal (precision 0.5 at recall 0.30) is not reached.",
        "* Operating point: the threshold is the most precise one whose recall, over a leave-one-"
        "year-out inside the four training years, is at least 0.30 (the goal's recall). "
        "`strongest per article` is each article's single best-scored phrase from the same "
        "models: the ranking's precision where a page shows few phrases.",
        "* Published work: the BASIL paper (Fan et al., EMNLP 2019) gives a fine-tuned BERT "
        "baseline for informational bias only and calls detection challenging; later work on "
        "BASIL (e.g. Maab et al., FEVER 2023) reports sentence- and token-classification "
        "figures, not a per-article list of phrases on held-out events. No published figure "
        "near precision 0.5 at recall 0.30 on unseen BASIL events was found.",
        "* Compared during development on basil-dev by the same leave-one-year-out (a scratch "
        "harness over the same candidates and phrase scoring; precision / recall near recall "
        "0.30): the earlier feature set 0.051 / 0.31; + newswire frequency and sentence index "
        "0.085 / 0.32 (the same without the frequency 0.068 / 0.25); + the MiniLM word-"
        "embedding score 0.113 / 0.30 and 0.101 / 0.38. Measured and not shipped: "
        "contrast with the other outlets' articles of the event (share of them using the "
        "lemma, 'only this outlet'): 0.083 / 0.30 with it, 0.085 / 0.32 without; gradient "
        "boosting (scikit-learn HistGradientBoosting) 0.068 / 0.27 against logistic 0.075 / "
        "0.26 on the same features; scare-quoted words left out: +0.001.",
        "",
        "## Changes, each measured by this command's leave-one-year-out",
        "",
        "| change | model (LOYO) P / R | F1 | strongest per article P / R | shipped |",
        "|---|---|---|---|---|",
        "| lexicons, parse, newswire frequency, position, word embedding score | 0.095 / 0.356 "
        "| 0.150 | 0.166 / 0.131 | before |",
        "| + each gold phrase weighs one in training (a positive word weighs one over the "
        "candidate words of its phrase) | 0.110 / 0.335 | 0.166 | 0.132 / 0.105 | yes |",
        "",
        "The weighting raises the precision at every recall on the curve (pooled over the held-out "
        "years, scratch harness, thresholds in steps of 0.01; best precision at recall >= 0.10 / "
        "0.20 / 0.30: 0.150 / 0.135 / 0.120, before "
        "0.134 / 0.116 / 0.110) but not each article's single strongest phrase (20 of 151 right, "
        "before 25); HuffPost's recall falls below 0.30 (0.270, before 0.317).",
        "",
        "Measured in the scratch harness with the weighting (LOYO, threshold chosen by the inner "
        "leave-one-year-out; and the curve's best precision at recall >= 0.30) and not shipped: "
        "the lemma-identity features left out 0.101 / 0.330 (0.109); C 0.03 0.103 / 0.335 "
        "(0.115), C 0.3 0.097 / 0.346 (0.104), shipped C 0.1 (0.120); the sentence's MiniLM "
        "vector beside the word's (without the weighting) 0.094 / 0.366 (0.101) against 0.095 / "
        "0.361 (0.110); a cap of the top 3 / 5 phrases per article over the threshold: best "
        "precision 0.128 at recall 0.230 / 0.113 at 0.314, uncapped 0.124 at 0.236 / 0.115 at "
        "0.335, so a per-article budget does not help (the strongest phrase alone is right one "
        "time in six to eight); the other words of a gold phrase's sentence left out of the "
        "negatives 0.112 / 0.351 (0.123; strongest per article 0.152 / 0.120, but best "
        "precision at recall >= 0.20 0.129 against 0.135): within noise either way.",
        "",
        "## Tried and not shipped: fixed expressions, an article gate, outlet calibration",
        "",
        "Each measured in the scratch harness by the same leave-one-year-out (it reproduces "
        "the `model (LOYO)` row above exactly: 0.110 / 0.335, Fox 0.106 / 0.345, NYT 0.109 / "
        "0.384, HuffPost 0.117 / 0.270; lexicon 0.023 / 0.272, Fox 0.012 / 0.164, NYT 0.021 / "
        "0.274, HuffPost 0.037 / 0.365), everything fitted and the threshold chosen on the four "
        "training years only, one threshold for all outlets unless said. A change was to be "
        "kept only if the precision rose with every outlet's recall at least 0.30; only the "
        "outlet as a feature met that, by 0.002 (below).",
        "",
        "| change | all P / R | Fox P / R | NYT P / R | HuffPost P / R | strongest P / R |",
        "|---|---|---|---|---|---|",
        "| none (the shipped features) | 0.110 / 0.335 | 0.106 / 0.345 | 0.109 / 0.384 "
        "| 0.117 / 0.270 | 0.132 / 0.105 |",
        "| + fixed expression: normalised PMI of the word with its left and right neighbour "
        "(pairs seen at least 3 times in Multi-News, Timeline17 and the training years' BASIL "
        "text), its flag above 0.5 and its products with the lexicon strength and the newswire "
        "rarity | 0.112 / 0.330 | 0.106 / 0.345 | 0.117 / 0.397 | 0.112 / 0.238 | 0.132 / 0.105 |",
        "| + the same over pairs of content words only (no stop word) | 0.112 / 0.351 | 0.108 / "
        "0.364 | 0.109 / 0.397 | 0.121 / 0.286 | 0.139 / 0.110 |",
        "| phrase score x an article gate (logistic regression of 'BASIL marks something in "
        "this article' over outlet, length, share of lexicon words, of rare words, of own-voice "
        "words, mean of the ten strongest lexicon x rarity scores) | 0.082 / 0.330 | 0.085 / "
        "0.273 | 0.082 / 0.438 | 0.081 / 0.254 | 0.132 / 0.105 |",
        "| a threshold per outlet (each outlet's most precise one with inner leave-one-year-out "
        "recall >= 0.30) | 0.109 / 0.382 | 0.119 / 0.382 | 0.110 / 0.356 | 0.102 / 0.413 "
        "| 0.132 / 0.105 |",
        "| the outlet as a feature of the model | 0.112 / 0.361 | 0.122 / 0.345 | 0.109 / "
        "0.384 | 0.109 / 0.349 | 0.132 / 0.105 |",
        "| the article's length as a feature (log of its candidate words) | 0.110 / 0.346 "
        "| 0.112 / 0.382 | 0.111 / 0.397 | 0.107 / 0.254 | 0.133 / 0.105 |",
        "| the article's length, share of lexicon, rare and own-voice words as features "
        "| 0.112 / 0.351 | 0.111 / 0.382 | 0.112 / 0.397 | 0.113 / 0.270 | 0.133 / 0.105 |",
        "",
        "* **Fixed expressions** do not mark BASIL's loaded words: of the candidate words inside "
        "a gold phrase 9% stand in a content-word pair with normalised PMI above 0.3, of the "
        "others 16%. The strong collocations among the words it does not mark are topic terms "
        '("health care", "law enforcement", "tax cuts", "background checks", '
        '"pleaded guilty"), and they outnumber the idioms ("last-ditch": 13 times, '
        "normalised PMI 0.51). The pooled curve is level with the shipped one (at threshold "
        "0.83: 0.120 / 0.319 and 0.122 / 0.325 against 0.120 / 0.309).",
        "* **The article gate** cannot tell the articles BASIL marks nothing in: its leave-one-"
        "year-out ROC AUC is 0.506 (chance), and multiplied into the phrase score it only "
        "reorders articles at random. Longer articles have somewhat more gold phrases (correlation "
        "0.31 between candidate words and gold phrases), and the length as a feature changes "
        "little (table).",
        "* **Outlet calibration** trades precision for HuffPost's recall: a threshold per "
        "outlet lifts every outlet's recall to 0.36-0.41 at precision 0.109 (0.001 lower); "
        "the outlet as a feature reaches 0.112 / 0.361 with every outlet at 0.345 or more, "
        "+0.002 precision, within noise (the standard error of a precision near 0.11 over ~650 "
        "picks is 0.012; on the pooled curve 0.125 / 0.330 against 0.120 / 0.309 at 0.83, level "
        "elsewhere). Both put into the scores a prior learned from BASIL's three outlets: the "
        "briefing compares outlets' own words, and a learned 'this outlet is more loaded' term "
        "would tilt that comparison and says nothing for any other outlet. Not shipped.",
        "",
        "## Where precision is lost",
        "",
        "An error analysis of the leave-one-year-out picks at the operating point (the "
        "weighted model at each fold's threshold, 564 picked words that overlap no gold phrase):",
        "",
        "* **Not the boundaries.** 17 of the 564 (3%) lie within 20 characters of a gold phrase; "
        "overlap matching already forgives boundaries. 178 of the 191 gold phrases overlap a "
        "candidate word; the other 13 are in quotation marks read as quoted (6), inside what the "
        "quote finder reads as a direct quote (4), or not candidate words (3).",
        "* **Not one word class.** Precision of the picked words is alike across parts of speech "
        "(adjectives 15/140, adverbs 13/96, verbs 28/258, nouns 15/141) and for words in a "
        "lexicon or not (30/297, 41/338): no class can be dropped to buy precision.",
        "* **Where the gold is sparse.** 52 of the 150 articles have no gold phrase, 46 one, "
        "52 two or more (1.27 per article); 185 of the false picks (33%) are in articles with no "
        "gold phrase, 316 (56%) in other sentences of articles that have one, 63 (11%) in the "
        "gold phrase's sentence. The model does not tell the articles apart (3.6 picked words in an "
        "article without gold, 4.6 in one with gold).",
        "* **What they are.** In a random sample of 30 of the strongest false picks about half are "
        'judging or figurative words in the outlet\'s voice that BASIL does not mark ("dodged", '
        '"scuttled", "tightlipped", "dire", "backburner"); the rest are topic words '
        'and fixed expressions ("assault" in "assault weapons", "far" in "so far", '
        '"pleaded" guilty, "unveiled"). Precision 0.5 at recall 0.30 would need about '
        "0.8 picks per article half of them right; each article's single strongest pick is right "
        "about one time in seven.",
        "",
    ]
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add ``newsfuse eval framing`` to ``app``."""

    @app.command("framing")
    @with_progress
    def framing_cmd(
        data: Annotated[Path, typer.Option(help="basil-dev folder")] = DEFAULT_DATA,
        years: Annotated[
            str, typer.Option(help="comma-separated years of basil-dev to use")
        ] = ",".join(YEARS),
        write_doc: Annotated[bool, typer.Option("--write-doc", help=f"write {DOC_PATH}")] = False,
        write_model: Annotated[
            bool,
            typer.Option("--write-model", help="train on all the years given and write the model"),
        ] = False,
        no_loyo: Annotated[
            bool, typer.Option("--no-loyo", help="skip the leave-one-year-out model row")
        ] = False,
        quiet: Quiet = False,
        write_reference: Annotated[
            bool,
            typer.Option(
                "--write-reference",
                help="count the newswire word frequencies (Multi-News, Timeline17) first",
            ),
        ] = False,
    ) -> None:
        """Own-voice loaded phrases: precision / recall of the model, a lexicon-only baseline and
        the contested-term families on BASIL, overall and per outlet."""
        from rich.console import Console
        from rich.table import Table

        from newsfuse.analyze.loaded import embedding_vocabulary, load_model, load_reference
        from newsfuse.analyze.nlp import load_nlp
        from newsfuse.embed import load_encoder

        if write_reference:
            ref = reference_df(data.parent)
            REFERENCE_PATH.write_text(
                json.dumps(ref, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
            )
            load_reference.cache_clear()
            print(f"wrote {REFERENCE_PATH} ({ref['docs']} articles)", file=sys.stderr)
        ys = tuple(y.strip() for y in years.split(",") if y.strip())
        arts = load_basil(data, ys)
        parsed = parse_all(arts, load_nlp())
        # NumPy on every CPU: the model's word-score table then does not depend on the machine
        vectors = WordVectors(load_encoder(runtime="numpy"))
        results: dict[str, Result] = {
            "families": score(arts, families_predict(parsed)),
            "lexicon": score(arts, lexicon_predict(parsed)),
        }
        chosen: dict[str, float] = {}
        aims: dict[str, Aim] = {}
        curve: list[Score] = []
        if not no_loyo and len(ys) > 1:
            lo = loyo(parsed, vectors)
            chosen = lo.chosen
            curve = lo.curve
            results["model (LOYO)"] = score(arts, spans_of(lo.phrases))
            results["model (LOYO), strongest per article"] = score(arts, spans_of(lo.strongest))
            aims["model (LOYO)"] = aim(arts, lo.phrases)
        if write_model:
            t = choose_threshold(parsed, vectors)
            m = train(
                parsed,
                t,
                f"basil-dev {','.join(ys)}, {len(arts)} articles",
                vectors,
                embedding_vocabulary(),
            )
            MODEL_PATH.write_text(m.to_json() + "\n", encoding="utf-8")
            load_model.cache_clear()
            print(f"wrote {MODEL_PATH} (threshold {t:.2f})", file=sys.stderr)
        shipped = model_phrases(parsed, load_model())
        results["model (shipped)"] = score(arts, spans_of(shipped))
        aims["model (shipped)"] = aim(arts, shipped)
        n_gold = sum(len(a.gold) for a in arts)
        table = Table(title=f"BASIL {','.join(ys)}: {len(arts)} articles, {n_gold} gold phrases")
        for h in HEADERS:
            table.add_column(h, justify="left" if h == "system" else "right")
        for r in rows(results):
            table.add_row(*r)
        Console().print(table)
        for name, x in aims.items():
            print(aim_line(name, x))
        if curve:
            print(
                "model (LOYO) curve, threshold: P / R (phrases): "
                + "; ".join(
                    f"{t:.2f}: {c.precision:.3f} / {c.recall:.3f} ({c.pred})"
                    for t, c in zip(CURVE_THRESHOLDS, curve, strict=True)
                )
            )
        if write_doc:
            argv = " ".join(a for a in sys.argv[1:] if a != "--write-model")
            command = f"newsfuse {argv}" if argv else "newsfuse eval framing"
            DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
            DOC_PATH.write_text(
                render_markdown(results, len(arts), n_gold, command, chosen, aims, curve)
            )
