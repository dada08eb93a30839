"""A learned choice of speaker for a cue the parse rules left without one.

When no rule of :mod:`newsfuse.analyze.quotes_speaker` finds a cue's speaker (a misparsed
sentence: "Trump defended eminent domain, calling it …" parsed with "Trump" as a noun root), each
noun, name, pronoun or number of the cue's sentence outside the reported words is a candidate,
described by its dependency relation, entity type and part of speech, its side of the cue and its
distance in words and in the tree, whether it is the subject of the cue or of a verb above it,
whether a line break, a comma or other verbs stand between them, and whether the quote is direct
or a learned frame. A logistic regression scores them (``data/speaker_model.json``: coefficients
learned from PolNeAR ``train`` by ``newsfuse eval quotes --write-speaker-model``); the best
candidate is the speaker when its probability reaches the file's threshold (0.5: more likely
than not), else the cue keeps no speaker.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from newsfuse.analyze.quotes_speaker import antecedent, is_pronoun, valid_speaker

if TYPE_CHECKING:
    from spacy.tokens import Token

MODEL_FILE = "speaker_model.json"
DEPS = (
    "nsubj",
    "nsubjpass",
    "dobj",
    "pobj",
    "appos",
    "ROOT",
    "conj",
    "npadvmod",
    "attr",
    "dative",
    "poss",
)
ENTS = ("PERSON", "ORG", "NORP", "GPE")
POS = ("PROPN", "NOUN", "PRON", "NUM")
_RELATIVE = ("who", "which", "that")
_SUBJ = ("nsubj", "nsubjpass")
FEATURES: tuple[str, ...] = (
    *(f"dep={d}" for d in DEPS),
    *(f"ent={e}" for e in ENTS),
    *(f"pos={p}" for p in POS),
    "before_cue",
    "log_distance",
    "tree_distance",
    "head_is_cue",
    "subject_above_cue",
    "line_break_between",
    "verbs_between",
    "pronoun",
    "relative_pronoun",
    "opens_sentence",
    "direct",
    "framed",
    "comma_between",
)


@dataclass(frozen=True, slots=True)
class SpeakerModel:
    """Logistic regression weights over :data:`FEATURES`, and the probability to reach."""

    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, row: list[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, row, strict=True))
        if z < -700.0:  # exp(-z) would overflow (a candidate thousands of verbs away): 0
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def speaker_model() -> SpeakerModel:
    """The shipped model (``data/speaker_model.json``)."""
    raw = json.loads(resources.files("newsfuse.data").joinpath(MODEL_FILE).read_text("utf-8"))
    weights = tuple(float(w) for w in raw["weights"])
    return SpeakerModel(weights, float(raw["bias"]), float(raw["threshold"]))


def candidates(cue: Token, lo: int, hi: int) -> list[Token]:
    """Nouns, names, pronouns and numbers of ``cue``'s sentence outside ``[lo, hi)`` chars: the
    head of each phrase (not a compound part), never a time."""
    out = []
    for tok in cue.sent:
        if tok.pos_ not in POS or lo <= tok.idx < hi or tok.dep_ in ("compound", "flat"):
            continue
        if tok.lower_ in ("it", "there", "this", "what") or not valid_speaker(tok):
            continue
        named = antecedent(tok)  # "in July, which showed": the relative stands for a time
        if named is not None and not valid_speaker(named):
            continue
        out.append(tok)
    return out


def _tree_distance(a: Token, b: Token) -> int:
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    for n, tok in enumerate(up_a):
        if tok in up_b:
            return n + up_b.index(tok)
    return 20


def features(cue: Token, tok: Token, *, direct: bool, framed: bool) -> list[float]:
    """The row of :data:`FEATURES` for candidate ``tok`` of ``cue``."""
    doc = cue.doc
    lo, hi = sorted((tok.i, cue.i))
    between = doc[lo:hi]
    above = tok.head is cue or tok.head in cue.ancestors
    row = [float(tok.dep_ == d) for d in DEPS]
    row += [float(tok.ent_type_ == e) for e in ENTS]
    row += [float(tok.pos_ == p) for p in POS]
    row += [
        float(tok.i < cue.i),
        math.log1p(hi - lo),
        min(_tree_distance(tok, cue), 10) / 10,
        float(tok.head is cue),
        float(above and tok.dep_ in _SUBJ),
        float(any("\n" in t.text or "\n" in t.whitespace_ for t in between)),
        float(sum(1 for t in doc[lo + 1 : hi] if t.pos_ == "VERB")),
        float(is_pronoun(tok)),
        float(tok.lower_ in _RELATIVE),
        float(tok.left_edge.i == tok.sent.start),
        float(direct),
        float(framed),
        float(any(t.text == "," for t in between)),
    ]
    return row


def choose(cue: Token, lo: int, hi: int, *, direct: bool, framed: bool) -> Token | None:
    """The most likely speaker of ``cue`` among :func:`candidates` outside ``[lo, hi)`` chars,
    when the model gives it at least its threshold, else None."""
    model = speaker_model()
    best: tuple[float, Token] | None = None
    for tok in candidates(cue, lo, hi):
        p = model.probability(features(cue, tok, direct=direct, framed=framed))
        if best is None or p > best[0]:
            best = (p, tok)
    if best is None or best[0] < model.threshold:
        return None
    return best[1]
