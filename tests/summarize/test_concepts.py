"""Concept weights: a sentence printed word for word in several articles votes once."""

from __future__ import annotations

from newsfuse.knobs import ConceptParams
from newsfuse.model import Span
from newsfuse.summarize.concepts import concept_weights, unit_concepts
from newsfuse.summarize.units import Unit


def _unit(doc: int, pos: int, text: str) -> Unit:
    lemmas = tuple(w.strip(".").lower() for w in text.split() if len(w) > 3)
    span = Span(f"a{doc}", pos * 100, pos * 100 + len(text))
    return Unit(span, text, lemmas, doc, pos, 3, f"g{doc}", None, False, True)


def _weights(units: list[Unit]) -> dict:
    covers = [unit_concepts(u, surface=True) for u in units]
    return concept_weights(units, covers, ConceptParams())


REPEATED = "The government keeps tight control over every telephone line."


def test_a_sentence_copied_into_other_articles_votes_once():
    # three updates of one story, each repeating the same background sentence
    copies = [_unit(d, 2, REPEATED) for d in range(3)]
    once = [_unit(0, 2, REPEATED), _unit(1, 2, "Rebels seized the airport.")]
    w_copies, w_once = _weights(copies), _weights(once)
    assert w_copies[("telephone", "line")] == w_once[("telephone", "line")]
    # case and spacing do not make a copy a new sentence
    respaced = [_unit(0, 2, REPEATED), _unit(1, 2, REPEATED.upper().replace(" ", "  "))]
    assert _weights(respaced)[("telephone", "line")] == w_once[("telephone", "line")]


def test_the_same_fact_in_other_words_still_counts_each_article():
    said = [
        _unit(0, 2, "The government keeps tight control over every telephone line."),
        _unit(1, 2, "Every telephone line is under tight control of the government."),
    ]
    alone = [said[0], _unit(1, 2, "Rebels seized the airport.")]
    assert _weights(said)[("telephone", "line")] > _weights(alone)[("telephone", "line")]


def test_the_copy_nearest_a_lead_is_the_one_that_votes():
    late_first = [_unit(0, 6, REPEATED), _unit(1, 0, REPEATED)]
    lead_only = [_unit(1, 0, REPEATED)]
    assert _weights(late_first)[("telephone", "line")] == _weights(lead_only)[("telephone", "line")]
