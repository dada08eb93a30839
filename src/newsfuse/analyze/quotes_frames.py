"""Cue frames learned from annotated attributions: which verbs report an attitude through which
argument ("endorsed Cruz", "refused to testify", "criticized the plan", "the poll shows that ...").

``data/quote_frames.json`` maps a verb lemma to the dependency relations (``dobj``, ``xcomp``,
``ccomp``) whose words PolNeAR's annotators marked as attributed content often enough: a frame
is kept when at least ``min_hits`` of the verb's uses with that relation in the training
articles were an attribution's cue with its content in that argument, and at least
``min_precision`` of them were. The file is written by ``bench/quote_frames.py`` from PolNeAR
``train`` only (``dev`` stays the set the figures are reported on).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

FRAMES_FILE = "quote_frames.json"
RELATIONS = ("dobj", "xcomp", "ccomp")
#: prepositions after a direct object that carry the rest of what is reported ("accused the
#: mayor of lying", "cited the tax as a reason", "blamed the board for the delays", "warned
#: the farmers about the frost"); chosen on PolNeAR train among of, for, as, about, over, with
#: and every preposition
OBJECT_PREPS = frozenset(["of", "for", "as", "about"])


def object_end(obj: Token) -> int:
    """The token index just past a reported object's words: its whole subtree, up to a relative
    clause set off by a comma ("praised the new mayor, who has vowed to …": the relative clause
    is its own attribution, not what was praised)."""
    hi = obj.right_edge.i + 1
    for child in obj.children:
        if child.i > obj.i and child.dep_ == "relcl":
            comma = child.left_edge.i - 1
            if comma > obj.i and obj.doc[comma].text == ",":
                hi = min(hi, comma)
    return hi


@lru_cache(maxsize=1)
def learned_frames() -> dict[str, frozenset[str]]:
    """Verb lemma -> the relations that carry its reported content (the shipped file)."""
    raw = resources.files("newsfuse.data").joinpath(FRAMES_FILE).read_text("utf-8")
    frames = json.loads(raw)["frames"]
    return {str(lemma): frozenset(rels) for lemma, rels in frames.items()}


def frame_content(verb: Token) -> tuple[int, int] | None:
    """Token range ``[i, j)`` of the content a learned frame of ``verb`` reports, else None.

    The first argument after the verb whose relation the frame lists: a clausal complement or
    an infinitive with its whole subtree, a direct object with its predicate complement ("called
    the plan a disaster") and a phrase of ``OBJECT_PREPS`` after it ("blamed the board for the
    delays"); an object ends before a relative clause set off by a comma (``object_end``).
    """
    if verb.pos_ != "VERB":
        return None
    rels = learned_frames().get(verb.lemma_.lower())
    if not rels:
        return None
    for child in verb.children:
        if child.i < verb.i:
            continue
        if child.dep_ == "prep" and "prep:" + child.lower_ in rels:
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj.left_edge.i, min(child.right_edge.i + 1, object_end(obj))
            continue
        if child.dep_ not in rels:
            continue
        lo, hi = child.left_edge.i, child.right_edge.i + 1
        if child.dep_ == "dobj":
            hi = object_end(child)
            for other in verb.children:
                if other.i > child.i and (
                    other.dep_ == "oprd" or (other.dep_ == "prep" and other.lower_ in OBJECT_PREPS)
                ):
                    hi = max(hi, other.right_edge.i + 1)
        return lo, hi
    return None
