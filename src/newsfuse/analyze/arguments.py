"""The arguments of a sentence's event words, read off the dependency parse.

For each event word of :func:`newsfuse.analyze.pipeline.event_words` (a verb, or a noun heading
the sentence), who did it (``agent``: its subject, or the "by" phrase of a passive), to whom or
what (``patient``: its object, a passive subject, or "of" after an event noun), where (``place``:
"in", "at", "near" ... a place or a noun, or a named place its agent or patient is in) and when (``time``: a date or time phrase attached to
it). Conjoined heads count each ("police and troops"). Pronouns are left out: "he" says nothing
about who without resolution. The cross-document linker compares them
(:mod:`newsfuse.crosscheck.linker`): the same agent, the same place and the same date across two
sentences are evidence of one event, different ones of two.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from newsfuse.model import ArgRole, Argument, Span

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

AGENT_DEPS = frozenset({"nsubj", "csubj"})
PATIENT_DEPS = frozenset({"dobj", "nsubjpass", "obj", "dative"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "throughout"})
TIME_PREPS = frozenset({"on", "in", "at", "during", "since", "after", "before", "until", "by"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TIME_LABELS = frozenset({"DATE", "TIME"})
NOMINAL = frozenset({"NOUN", "PROPN"})


def _conjoined(tok: Token) -> Iterator[Token]:
    yield tok
    yield from tok.conjuncts


def _places(tok: Token) -> Iterator[Token]:
    """Named places a participant is said to be in ("three people in Aceh")."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
            for g in c.children:
                if g.dep_ == "pobj" and g.ent_type_ in PLACE_LABELS:
                    yield g


def _roles(tok: Token) -> Iterator[tuple[ArgRole, Token]]:
    """(role, head word) of each argument of the event word ``tok``."""
    for role, c in _direct(tok):
        yield role, c
        if role in ("agent", "patient"):
            for g in _places(c):
                yield "place", g


def _direct(tok: Token) -> Iterator[tuple[ArgRole, Token]]:
    for c in tok.children:
        dep = c.dep_
        if dep in AGENT_DEPS:
            yield "agent", c
        elif dep in PATIENT_DEPS:
            yield "patient", c
        elif dep == "agent":  # "was arrested by police"
            for g in c.children:
                if g.dep_ == "pobj":
                    yield "agent", g
        elif dep == "poss" and tok.pos_ in NOMINAL:  # "Israel's attack"
            yield "agent", c
        elif dep in {"npadvmod", "tmod"} and c.ent_type_ in TIME_LABELS:  # "struck Sunday"
            yield "time", c
        elif dep == "prep":
            prep = c.lower_
            for g in c.children:
                if g.dep_ != "pobj":
                    continue
                if g.ent_type_ in TIME_LABELS and prep in TIME_PREPS:
                    yield "time", g
                elif prep in PLACE_PREPS and (g.ent_type_ in PLACE_LABELS or g.pos_ in NOMINAL):
                    yield "place", g
                elif prep == "of" and tok.pos_ in NOMINAL:  # "the killing of a teenager"
                    yield "patient", g


def sentence_arguments(
    sent: SpacySpan, index: int, article: str, events: Sequence[tuple[Token, str]]
) -> list[Argument]:
    """The arguments of the event words ``events`` ((token, event lemma) of sentence ``index``)."""
    out: list[Argument] = []
    s0, s1 = sent.start, sent.end
    for tok, event in events:
        for role, head in _roles(tok):
            for h in _conjoined(head):
                if not (s0 <= h.i < s1) or h.pos_ == "PRON" or not h.lemma_.strip():
                    continue
                span = Span(article, h.idx, h.idx + len(h.text))
                out.append(Argument(index, event, role, h.lemma_.lower(), span))
    return out
