"""Concepts (content-lemma unigrams and bigrams) and their weights for coverage-based selection.

Following Gillick & Favre's concept model, a summary is good when it covers many heavily weighted
concepts. A concept's weight counts the *independence groups* (outlets, or the wire service they
copy) that mention it, so a fact repeated by one outlet twice counts once while the same fact
from three outlets counts nine times (the groups' votes times their number: ``df_power`` 2);
each group's vote is boosted when the concept appears early in its article (news puts the gist
in the lead).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from newsfuse.knobs import ConceptParams
from newsfuse.summarize.units import Unit

Concept = tuple[str, ...]

# lemmas too generic to be evidence of shared content
GENERIC = frozenset(
    [
        "say",
        "tell",
        "report",
        "state",
        "add",
        "note",
        "accord",
        "also",
        "would",
        "could",
        "may",
        "might",
        "one",
        "two",
        "new",
        "year",
        "time",
        "people",
        "thing",
        "way",
        "get",
        "go",
        "make",
        "take",
        "come",
        "know",
        "see",
        "think",
        "want",
        "include",
        "mr.",
        "mrs.",
        "ms.",
        "week",
        "day",
        "month",
        "last",
        "first",
        "just",
        "like",
    ]
)


# function words: a bigram of two of them ("of the") is no evidence of content
STOP_WORDS = frozenset(
    re.split(
        r"\s+",
        "a about above after again against all am an and any are as at be because been before "
        "being below between both but by can could did do doe doing down during each few for "
        "from further had ha have having he her here hers herself him himself his how i if in "
        "into is it its itself just me more most my myself no nor not now of off on once only "
        "or other our ours out over own same she should so some such than that the their "
        "theirs them then there these they this those through to too under until up very wa "
        "we were what when where which while who whom why will with would you your yours "
        "said say says also been thi it's he's she's that's there's",
    )
)
TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def normalize_word(word: str) -> str:
    """A crude stem: lowercase, no possessive, no plural -s."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w


def unit_concepts(unit: Unit, surface: bool = False) -> set[Concept]:
    """The concepts a unit covers: content-lemma unigrams and bigrams, and with ``surface`` the
    word bigrams of its text that are not made of two stop words (tagged with a leading "~")."""
    lem = [w for w in unit.lemmas if w not in GENERIC and any(c.isalnum() for c in w)]
    out: set[Concept] = {(w,) for w in lem}
    out.update(zip(lem, lem[1:], strict=False))
    if surface:
        toks = [normalize_word(t) for t in TOKEN.findall(unit.text)]
        for a, b in zip(toks, toks[1:], strict=False):
            if a not in STOP_WORDS or b not in STOP_WORDS:
                out.add(("~", a, b))
    return out


def position_weight(unit: Unit, params: ConceptParams) -> float:
    """1 plus a boost that decays with the unit's position in its article."""
    return 1.0 + params.lead_boost * math.exp(-unit.pos / params.lead_decay)


def _first_copies(
    units: Sequence[Unit], covers: Sequence[set[Concept]], params: ConceptParams
) -> list[tuple[Unit, set[Concept]]]:
    """``units`` with their concepts, each text once (case and spacing aside): of the units
    with the same text, the one of highest position weight (the first of them among equals)."""
    best: dict[str, int] = {}
    for i, unit in enumerate(units):
        key = " ".join(unit.text.lower().split())
        j = best.get(key)
        if j is None or position_weight(unit, params) > position_weight(units[j], params):
            best[key] = i
    keep = sorted(best.values())
    return [(units[i], covers[i]) for i in keep]


def concept_weights(
    units: Sequence[Unit], covers: Sequence[set[Concept]], params: ConceptParams
) -> dict[Concept, float]:
    """Weight of every concept: the position-boosted votes of the groups that mention it.

    A sentence printed word for word in several articles (an outlet's background paragraph
    repeated in each update, a copied wire sentence) is one piece of evidence, not several: only
    its copy nearest an article's lead votes."""
    votes: dict[Concept, dict[str, float]] = {}
    freq: dict[Concept, int] = {}
    for unit, cs in _first_copies(units, covers, params):
        pw = position_weight(unit, params)
        for c in cs:
            freq[c] = freq.get(c, 0) + 1
            per_group = votes.setdefault(c, {})
            if pw > per_group.get(unit.group, 0.0):
                per_group[unit.group] = pw
    n_groups = len({u.group for u in units})
    min_groups = params.min_groups if n_groups >= params.min_groups + 1 else 1
    weights: dict[Concept, float] = {}
    for c, per_group in votes.items():
        df = len(per_group)
        if df < min_groups:
            continue
        w = (sum(per_group.values()) / df) * df**params.df_power * freq[c] ** params.tf_power
        weights[c] = w * (params.unigram_weight if len(c) == 1 else 1.0)
    return weights
