"""Learning the cue frames of ``newsfuse/data/quote_frames.json`` from PolNeAR ``train``.

For every verb of the training articles and each argument after it (a direct object, an
infinitive, a clausal complement, or the object of a preposition: ``prep:for`` in "called for
an inquiry"), count how often that argument is the Content of an attribution whose Cue is the
verb. A (lemma, relation) frame is shipped when it was an attribution at least ``min_hits``
times and in at least ``min_precision`` of its uses. Both constants were chosen by two-fold
cross-validation inside ``train`` (half the articles learn, the other half score; content F1
was flat from 0.2 to 0.3); ``dev`` is never read here.

``newsfuse eval quotes --write-frames`` runs this and writes the file.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from newsfuse.analyze.quotes_frames import RELATIONS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from newsfuse.eval.quotes import Attribution

FRAMES_PATH = Path(__file__).resolve().parents[1] / "data" / "quote_frames.json"
MIN_PRECISION = 0.25
MIN_HITS = 2

Key = tuple[str, str]


def _arguments(verb: Token) -> Iterable[tuple[str, Token, Token]]:
    """``(relation, first token, last token)`` of each argument after ``verb``."""
    for child in verb.children:
        if child.i < verb.i:
            continue
        if child.dep_ in RELATIONS:
            yield child.dep_, child.left_edge, child.right_edge
        elif child.dep_ == "prep":
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                yield "prep:" + child.lower_, obj.left_edge, child.right_edge


def count_frames(
    docs: Iterable[tuple[Doc, list[Attribution]]],
) -> tuple[Counter[Key], Counter[Key]]:
    """(uses, attributions) per (lemma, relation) over parsed articles with their gold."""
    uses: Counter[Key] = Counter()
    hits: Counter[Key] = Counter()
    for doc, gold in docs:
        by_cue: defaultdict[int, list[Attribution]] = defaultdict(list)
        for g in gold:
            for s, e in g.cue:
                for c in range(s, e):
                    by_cue[c].append(g)
        for tok in doc:
            if tok.pos_ != "VERB" or not tok.lemma_.isalpha():
                continue
            for rel, first, last in _arguments(tok):
                key = (tok.lemma_.lower(), rel)
                uses[key] += 1
                lo, hi = first.idx, last.idx + len(last)
                if any(s < hi and lo < e for g in by_cue.get(tok.idx, []) for s, e in g.content):
                    hits[key] += 1
    return uses, hits


def select_frames(
    uses: Counter[Key],
    hits: Counter[Key],
    min_precision: float = MIN_PRECISION,
    min_hits: int = MIN_HITS,
) -> dict[str, list[str]]:
    """Lemma -> relations whose attribution share and count reach the thresholds."""
    out: dict[str, list[str]] = {}
    for (lemma, rel), n in sorted(uses.items()):
        h = hits[(lemma, rel)]
        if h >= min_hits and h / n >= min_precision:
            out.setdefault(lemma, []).append(rel)
    return out


def frames_json(uses: Counter[Key], hits: Counter[Key], trained_on: str) -> str:
    """The file's text: thresholds, the frames, and each kept frame's counts."""
    frames = select_frames(uses, hits)
    counts = {f"{lemma} {rel}": [hits[(lemma, rel)], uses[(lemma, rel)]]
              for lemma, rels in frames.items() for rel in rels}  # fmt: skip
    data = {
        "trained_on": trained_on,
        "min_precision": MIN_PRECISION,
        "min_hits": MIN_HITS,
        "frames": frames,
        "counts": counts,
    }
    return json.dumps(data, indent=1, sort_keys=True) + "\n"
