"""Loaded language: the words and phrases an article uses *in its own voice* that carry judgment.

Each content word outside quotations is scored by a logistic model (``data/loaded_model.json``)
over features a media researcher would look at:

* well-kept sentiment and subjectivity lexicons shipped inside pinned PyPI wheels: VADER's
  valence lexicon (``vaderSentiment==3.3.2``, MIT; 7,500 entries rated by ten people each) with its
  degree adverbs, and TextBlob's adjective lexicon (``textblob==0.20.1``, MIT; ``en-sentiment.xml``
  from Pattern, PDDL: polarity, subjectivity and intensity of 2,900 adjective senses). Both are read
  from the installed packages; nothing is downloaded;
* the parse: part of speech, fine tag, dependency role, whether the word is a named entity, and
  whether a degree adverb or a negation governs it;
* scare quotes: a word inside quotation marks of at most four words that no one is said to speak;
* how unusual the word is for news: its document frequency in ~2,900 articles of ordinary
  newswire (Multi-News and Timeline17, not BASIL), shipped as a table of counts
  (``data/news_df.json``, written by ``newsfuse eval framing --write-reference``): "said" is in
  four of five articles, "uproar" in 7 of 2,914, "mocking" in one;
* where the word stands: the index of its sentence (BASIL's loaded words cluster in the lead);
* what the word means: one learned score per word, the model's weights over the word's MiniLM
  embedding, shipped in the model as a table over the words of the newswire table and the
  lexicons (so nothing is encoded at analysis time; a word outside the table gets a flag
  instead) — words near "slammed" in meaning score like "slammed" though BASIL never shows them;
* the word itself (lemma identity), learned from BASIL's annotated lexical-bias phrases with strong
  regularisation, so that the lexicons carry the words the training set never saw.

``newsfuse eval framing --write-model`` trains the model (scikit-learn) on basil-dev and writes the
coefficients; applying them needs no scikit-learn. Adjacent selected words form one phrase. Each
phrase gets a polarity (the lexicons' sign, else the one learned for its lemma) and, where the
dependency parse names one, the entity it is aimed at.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from newsfuse.model import Article, LoadedPhrase, Quote, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CANDIDATE_POS = frozenset({"ADJ", "ADV", "VERB", "NOUN", "INTJ"})
TARGET_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC", "LAW", "EVENT", "PRODUCT"})
SCARE_MAX_WORDS = 4
# a short quotation right after one of these words is someone's words, not a scare quote
NAMING_CUE = re.compile(
    r"\b(?:call(?:s|ed|ing)?|dubb(?:ed|ing)|dubs|term(?:s|ed)?|label(?:s|ed|led|ing)?|"
    r"describ(?:e|es|ed|ing)|characteri[sz](?:e|es|ed|ing)|said|says|say|saying|told|tells|"
    r"wrote|writes|as)\b[^.!?]*$",
    re.IGNORECASE,
)
MODEL_FILE = "loaded_model.json"
REFERENCE_FILE = "news_df.json"
SENT_INDEX_CAP = 20  # sentence indexes past this one count as this one


@dataclass(frozen=True, slots=True)
class Lexicons:
    """Word -> score tables read from the installed lexicon packages."""

    vader: dict[str, float]  # mean valence, -4..4
    tb_polarity: dict[str, float]  # -1..1, mean over senses
    tb_subjectivity: dict[str, float]  # 0..1
    tb_intensity: dict[str, float]
    boosters: dict[str, float]  # degree adverbs, + boosts, - dampens
    negations: frozenset[str]


def _package_dir(name: str) -> Path:
    spec = find_spec(name)  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        from newsfuse.errors import E, NewsfuseError

        raise NewsfuseError(E.LEXICON_MISSING, name, "install it from requirements.lock")
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def load_lexicons() -> Lexicons:
    """Read VADER's and TextBlob's lexicons from their installed packages (once per process)."""
    vdir = _package_dir("vaderSentiment")
    vader: dict[str, float] = {}
    for line in (vdir / "vader_lexicon.txt").read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].replace("-", "").replace("'", "").isalpha():
            vader[parts[0].lower()] = float(parts[1])
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, NEGATE

    tdir = _package_dir("textblob")
    xml = (tdir / "en" / "en-sentiment.xml").read_text("utf-8")
    sums: dict[str, list[float]] = {}
    for m in re.finditer(r"<word ([^>]*)/>", xml):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        form = attrs.get("form", "").lower()
        if not form:
            continue
        acc = sums.setdefault(form, [0.0, 0.0, 0.0, 0.0])
        acc[0] += float(attrs.get("polarity", 0))
        acc[1] += float(attrs.get("subjectivity", 0))
        acc[2] += float(attrs.get("intensity", 1))
        acc[3] += 1
    return Lexicons(
        vader=vader,
        tb_polarity={w: a[0] / a[3] for w, a in sums.items()},
        tb_subjectivity={w: a[1] / a[3] for w, a in sums.items()},
        tb_intensity={w: a[2] / a[3] for w, a in sums.items()},
        boosters={k: float(v) for k, v in BOOSTER_DICT.items()},
        negations=frozenset(NEGATE),
    )


@dataclass(frozen=True, slots=True)
class Reference:
    """Document frequencies of lower-cased words in ordinary newswire (not the evaluation set)."""

    docs: int
    df: dict[str, int]

    def idf(self, *forms: str) -> float:
        """0 for a word in every reference article, 1 for a word in none (the largest form's df)."""
        n = max((self.df.get(f, 0) for f in forms), default=0)
        return math.log((self.docs + 1) / (n + 1)) / math.log(self.docs + 1)


@lru_cache(maxsize=1)
def load_reference() -> Reference:
    """The shipped newswire document frequencies (``newsfuse/data/news_df.json``)."""
    d = json.loads(resources.files("newsfuse.data").joinpath(REFERENCE_FILE).read_text("utf-8"))
    return Reference(int(d["docs"]), {str(k): int(v) for k, v in d["df"].items()})


@lru_cache(maxsize=1)
def embedding_vocabulary() -> frozenset[str]:
    """The words the model's embedding scores cover: the newswire table's and the lexicons'."""
    lex = load_lexicons()
    words = set(load_reference().df) | set(lex.vader) | set(lex.tb_polarity)
    return frozenset(w for w in words if w.isalpha())


def vocabulary_word(tok: Token) -> str:
    """The form of ``tok`` the embedding scores know (its lower case, else its lemma), or ''."""
    vocab = embedding_vocabulary()
    low, lemma = _lex_key(tok)
    return low if low in vocab else lemma if lemma in vocab else ""


# ---- own voice ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Voice:
    """Character ranges of an article that are not its own voice, and its scare quotes."""

    quoted: tuple[tuple[int, int], ...]
    scare: tuple[tuple[int, int], ...]

    def inside(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.quoted)

    def in_scare(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.scare)


def covered(ranges: Iterable[tuple[int, int]]) -> Callable[[int], bool]:
    """``pos -> any(s <= pos < e for s, e in ranges)``, by bisection over the ranges merged
    (a text of many quotes has many ranges, and every candidate word is looked up)."""
    merged: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if lo >= hi:
            continue
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    starts = [lo for lo, _ in merged]

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos < merged[k][1]

    return inside


def voice(text: str, quotes: Sequence[Quote]) -> Voice:
    """Quoted passages (direct quotes, passages in quotation marks) and scare quotes of ``text``.

    A marked passage of at most four words that is not the content of an extracted direct quote and
    does not follow a naming or speech cue ("called it “a war of aggression”") is a scare quote:
    the article's own voice holding a word at arm's length ("a “scheme” that").
    """
    from newsfuse.analyze.quotes_marks import find_marked_quotes

    direct = [(q.span.start, q.span.end) for q in quotes if q.direct]
    quoted: list[tuple[int, int]] = list(direct)
    scare: list[tuple[int, int]] = []
    for mq in find_marked_quotes(text):
        segs = list(mq.segments)
        words = sum(len(text[s:e].split()) for s, e in segs)
        attributed = any(s < de and ds < e for s, e in segs for ds, de in direct if de - ds > e - s)
        cued = NAMING_CUE.search(text[max(0, mq.open_pos - 30) : mq.open_pos]) is not None
        if words <= SCARE_MAX_WORDS and not attributed and not cued:
            scare.extend(segs)
        else:
            quoted.extend(segs)
    return Voice(tuple(quoted), tuple(scare))


# ---- features ----------------------------------------------------------------------------------


def _lex_key(tok: Token) -> tuple[str, str]:
    return tok.lower_, tok.lemma_.lower()


def token_features(
    tok: Token,
    lex: Lexicons,
    scare: bool,
    rel_pos: float,
    uses: int = 1,
    ref: Reference | None = None,
    sent_index: int = 0,
) -> dict[str, float]:
    """The features of one candidate word (sparse: name -> value).

    ``uses`` is how often the article uses the word's lemma: the story's topic words ("assault"
    in a story about assault weapons) repeat, a judging word seldom does. ``ref`` gives how
    common the word is in ordinary news, ``sent_index`` the index of its sentence in the article.
    """
    low, lemma = _lex_key(tok)
    f: dict[str, float] = {"bias": 1.0}
    if uses > 1:
        f["repeated"] = 1.0
        f["uses"] = min(uses - 1, 6) / 6
    v = lex.vader.get(low, lex.vader.get(lemma))
    if v is not None:
        f["vader_in"] = 1.0
        f["vader_abs"] = abs(v) / 4
        f["vader_neg"] = 1.0 if v < 0 else 0.0
    tp = lex.tb_polarity.get(low, lex.tb_polarity.get(lemma))
    if tp is not None:
        f["tb_in"] = 1.0
        f["tb_abs"] = abs(tp)
        f["tb_subj"] = lex.tb_subjectivity.get(low, lex.tb_subjectivity.get(lemma, 0.0))
        f["tb_int"] = lex.tb_intensity.get(low, lex.tb_intensity.get(lemma, 1.0)) - 1.0
    if low in lex.boosters:
        f["is_booster"] = 1.0
    children = list(tok.children)
    kids = [c.lower_ for c in children]
    if any(k in lex.boosters for k in kids) or (tok.i > 0 and tok.nbor(-1).lower_ in lex.boosters):
        f["boosted"] = 1.0
    if any(k in lex.negations or k == "n't" for k in kids):
        f["negated"] = 1.0
    strength = max(f.get("vader_abs", 0.0), f.get("tb_abs", 0.0))
    if "vader_abs" in f or "tb_abs" in f:
        f[f"lexicon:{tok.pos_}"] = strength
    if ref is not None:
        idf = ref.idf(low, lemma)
        f["ref_idf"] = idf
        f["lex_x_idf"] = strength * idf
        if max(ref.df.get(low, 0), ref.df.get(lemma, 0)) < 3:
            f["ref_rare"] = 1.0
    f["sent_idx"] = min(sent_index, SENT_INDEX_CAP) / SENT_INDEX_CAP
    if sent_index == 0:
        f["sent0"] = 1.0
    if target_of(tok) is not None:
        f["aimed"] = 1.0
    if any(c.dep_ in {"ccomp", "xcomp"} for c in children):
        f["takes_clause"] = 1.0
    f[f"pos={tok.pos_}"] = 1.0
    f[f"tag={tok.tag_}"] = 1.0
    f[f"dep={tok.dep_}"] = 1.0
    f[f"head={tok.head.pos_}"] = 1.0
    if tok.ent_type_:
        f["entity"] = 1.0
    if tok.is_stop:
        f["stop"] = 1.0
    if scare:
        f["scare"] = 1.0
    if low.endswith("ly"):
        f["suffix=ly"] = 1.0
    f["first_para"] = 1.0 if rel_pos < 0.15 else 0.0
    f[f"lemma={lemma}"] = 1.0
    return f


@dataclass(frozen=True, slots=True)
class Candidate:
    """One word the model scores: where it is and its features."""

    start: int
    end: int
    token_i: int
    features: dict[str, float]
    word: str = ""  # the form the model's embedding scores know ('' when none)


def candidates(doc: Doc, text: str, quotes: Sequence[Quote]) -> list[Candidate]:
    """The own-voice content words of ``doc`` with their features."""
    lex = load_lexicons()
    ref = load_reference()
    vc = voice(text, quotes)
    quoted, scare = covered(vc.quoted), covered(vc.scare)
    n = max(len(text), 1)
    uses: dict[str, int] = {}
    for tok in doc:
        if tok.is_alpha:
            lemma = tok.lemma_.lower()
            uses[lemma] = uses.get(lemma, 0) + 1
    # the index of each token's sentence (what ``tok.sent`` finds, one scan of the Doc)
    sent_of = [0] * len(doc)
    for i, s in enumerate(doc.sents if len(doc) else ()):
        sent_of[s.start : s.end] = [i] * (s.end - s.start)
    out: list[Candidate] = []
    for tok in doc:
        if tok.pos_ not in CANDIDATE_POS or not tok.is_alpha or len(tok.text) < 2:
            continue
        if tok.ent_type_ in {"PERSON", "GPE", "ORG", "DATE", "TIME", "CARDINAL"}:
            continue
        start = tok.idx
        if quoted(start):
            continue
        feats = token_features(
            tok,
            lex,
            scare(start),
            start / n,
            uses.get(tok.lemma_.lower(), 1),
            ref,
            sent_of[tok.i],
        )
        word = vocabulary_word(tok)
        if not word:
            feats["no_emb"] = 1.0
        out.append(Candidate(start, start + len(tok.text), tok.i, feats, word))
    return out


# ---- the model --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoadedModel:
    """Logistic-regression weights over the named features, a threshold, lemma polarities, and
    each vocabulary word's embedding score (the weights over its embedding, summed)."""

    weights: dict[str, float]
    intercept: float
    threshold: float
    polarity: dict[str, str]
    trained_on: str = ""
    word_scores: dict[str, float] = field(default_factory=dict)

    def score(self, feats: dict[str, float], word: str = "") -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        z += self.word_scores.get(word, 0.0)
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def score_candidate(self, c: Candidate) -> float:
        return self.score(c.features, c.word)

    def to_json(self) -> str:
        return json.dumps(
            {
                "_doc": "Loaded-language model: logistic regression over lexicon, parse and word "
                "features (newsfuse.analyze.loaded). Written by `newsfuse eval framing "
                "--write-model`; do not edit by hand.",
                "trained_on": self.trained_on,
                "threshold": round(self.threshold, 4),
                "intercept": round(self.intercept, 6),
                "weights": {k: round(v, 6) for k, v in sorted(self.weights.items())},
                "polarity": dict(sorted(self.polarity.items())),
                "word_scores": {k: round(v, 3) for k, v in sorted(self.word_scores.items())},
            },
            indent=0,
            ensure_ascii=False,
        )


def model_from_json(text: str) -> LoadedModel:
    d = json.loads(text)
    return LoadedModel(
        {str(k): float(v) for k, v in d["weights"].items()},
        float(d["intercept"]),
        float(d["threshold"]),
        {str(k): str(v) for k, v in d.get("polarity", {}).items()},
        str(d.get("trained_on", "")),
        {str(k): float(v) for k, v in d.get("word_scores", {}).items()},
    )


@lru_cache(maxsize=1)
def load_model() -> LoadedModel:
    """The shipped model (``newsfuse/data/loaded_model.json``)."""
    return model_from_json(resources.files("newsfuse.data").joinpath(MODEL_FILE).read_text("utf-8"))


# ---- phrases ----------------------------------------------------------------------------------


def _polarity(tokens: Iterable[Token], model: LoadedModel, lex: Lexicons) -> str:
    total = 0.0
    for tok in tokens:
        low, lemma = _lex_key(tok)
        v = lex.vader.get(low, lex.vader.get(lemma))
        if v is not None:
            total += v / 4
        else:
            tp = lex.tb_polarity.get(low, lex.tb_polarity.get(lemma))
            if tp is not None:
                total += tp
            elif lemma in model.polarity:
                total += 0.5 if model.polarity[lemma] == "pos" else -0.5
    if any(c.lower_ in lex.negations or c.lower_ == "n't" for t in tokens for c in t.children):
        total = -total
    return "pos" if total > 0 else "neg" if total < 0 else ""


def _entity_of(tok: Token) -> Token | None:
    """The token itself or a name inside its phrase when it belongs to a targetable entity."""
    if tok.ent_type_ in TARGET_LABELS:
        return tok
    for c in tok.children:
        if c.dep_ in {"compound", "poss", "nmod"} and c.ent_type_ in TARGET_LABELS:
            return c
    return None


def target_of(tok: Token) -> Token | None:
    """The named entity a judging word is aimed at, when the dependency parse says so.

    An adjective judges the noun it modifies (or the subject it is predicated of); a verb its
    object, else its subject; an adverb the subject or object of the verb it modifies.
    """
    word = tok
    if tok.pos_ == "ADV" and tok.head is not tok:
        word = tok.head
    if word.pos_ in {"ADJ"}:
        if word.dep_ == "amod":
            return _entity_of(word.head)
        if word.dep_ == "acomp":
            subj = [c for c in word.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
            return _entity_of(subj[0]) if subj else None
        return None
    if word.pos_ in {"VERB", "AUX"}:
        kids = list(word.children)
        for deps in ({"dobj", "nsubjpass"}, {"nsubj"}, {"pobj", "dative"}):
            for c in kids:
                if c.dep_ in deps:
                    ent = _entity_of(c)
                    if ent is not None:
                        return ent
        return None
    if word.pos_ == "NOUN":
        for c in word.children:
            if c.dep_ == "prep":
                for g in c.children:
                    ent = _entity_of(g)
                    if ent is not None:
                        return ent
        if word.dep_ in {"dobj", "attr", "appos"}:
            return _entity_of(word.head) if word.head.pos_ in {"PROPN", "NOUN"} else None
    return None


def _entity_text(tok: Token) -> str:
    doc = tok.doc
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent.text
    return tok.text


def phrases_from_scores(
    doc: Doc,
    article: Article,
    cands: Sequence[Candidate],
    scores: Sequence[float],
    threshold: float,
    model: LoadedModel,
) -> list[LoadedPhrase]:
    """Join adjacent selected words into phrases, each with its polarity and target."""
    lex = load_lexicons()
    chosen = sorted(
        ((c, s) for c, s in zip(cands, scores, strict=True) if s >= threshold),
        key=lambda cs: cs[0].start,
    )
    groups: list[list[tuple[Candidate, float]]] = []
    for c, s in chosen:
        if groups and c.token_i - groups[-1][-1][0].token_i <= 1:
            groups[-1].append((c, s))
        else:
            groups.append([(c, s)])
    out: list[LoadedPhrase] = []
    for g in groups:
        start, end = g[0][0].start, g[-1][0].end
        toks = [doc[c.token_i] for c, _ in g]
        best = max(toks, key=lambda t: dict((c.token_i, s) for c, s in g)[t.i])
        tgt = target_of(best)
        out.append(
            LoadedPhrase(
                span=Span(article.id, start, end),
                text=article.text[start:end],
                score=round(max(s for _, s in g), 4),
                polarity=_polarity(toks, model, lex),
                target=_entity_text(tgt) if tgt is not None else None,
                target_span=(
                    Span(article.id, tgt.idx, tgt.idx + len(tgt.text)) if tgt is not None else None
                ),
            )
        )
    return out


def loaded_phrases(
    doc: Doc, article: Article, quotes: Sequence[Quote], model: LoadedModel | None = None
) -> list[LoadedPhrase]:
    """The loaded phrases ``article`` uses in its own voice, in text order; [] when none."""
    model = model or load_model()
    cands = candidates(doc, article.text, quotes)
    if not cands:
        return []
    scores = [model.score_candidate(c) for c in cands]
    return phrases_from_scores(doc, article, cands, scores, model.threshold, model)
