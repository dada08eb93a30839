"""The stand-alone counts of ``newsfuse eval furniture``, on short texts written for these tests."""

from __future__ import annotations

import pytest

from newsfuse.eval.standalone import (
    RUNON_WORDS,
    StandAlone,
    judge_lines,
    lost_stops,
    pronoun_subject,
    speaker_ok,
    tally_lines,
)


@pytest.mark.parametrize(
    ("text", "pointing"),
    [
        ("He said the moorings were damaged in the storm.", True),
        ('"The pier will stay closed," she said on Monday.', True),
        ("This is the worst storm the harbour has seen.", True),
        ("It damaged two moorings of the northern pier.", True),
        ("[Anna Lund] said the moorings were damaged in the storm.", False),
        ("It is unclear whether the ferries will sail on Friday.", False),
        ("It is feared that two ferries were lost in the storm.", False),
        ("Those who survived were taken to hospital in Bergen.", False),
        ("The harbour master said the moorings were damaged.", False),
    ],
)
def test_a_pronoun_subject_of_the_main_clause(nlp, text: str, pointing: bool) -> None:  # noqa: ANN001
    sent = next(iter(nlp(text).sents))
    assert (pronoun_subject(sent) is not None) == pointing


def test_a_lost_full_stop_is_found_from_the_parse(nlp) -> None:  # noqa: ANN001
    glued = nlp(
        "Residents have waited days for power to return to the island A cable ship is to be "
        "sent to the coast on Monday."
    )
    assert [glued[j].text for j in lost_stops(glued)] == ["A"]
    # a reported clause after "said" is no new sentence
    one = nlp("The mayor said Anna Lund will leave the harbour office at the end of the month.")
    assert lost_stops(one) == []


def test_a_clause_joined_by_a_conjunction_is_no_lost_full_stop(nlp) -> None:  # noqa: ANN001
    joined = nlp(
        "What began last week in the northern ports and now Kent is the largest strike the "
        "ferry lines have seen in a decade, union leaders said on Tuesday evening."
    )
    assert lost_stops(joined) == []


def test_run_ons_are_counted_only_in_long_lines(nlp) -> None:  # noqa: ANN001
    short = "Fuel ran short on the islands A ship is to be sent on Monday."
    long = (
        "Residents have waited days for power to return to the island A cable ship is to be "
        "sent to the coast on Monday morning, the power company said."
    )
    assert len(short.split()) <= RUNON_WORDS < len(long.split())
    t = StandAlone()
    texts = [short, long]
    tally_lines(t, "summary", texts, judge_lines(texts, nlp))
    assert (t.lines["summary"], t.long["summary"], t.runon["summary"]) == (2, 1, 1)


@pytest.mark.parametrize(
    ("text", "speaker", "ok"),
    [
        ("Harbour master Anna Lund said the pier was closed.", "Anna Lund", True),
        ("The harbour master said the pier was closed.", "The harbour master", True),
        ("One of the captains said the pier was closed.", "One of the captains", True),
        ("Everyone said the pier was closed.", "Everyone", False),
        ("At the time said the pier was closed.", "the time", False),
    ],
)
def test_a_speaker_names_a_person_organisation_or_role(nlp, text, speaker, ok) -> None:  # noqa: ANN001
    at = text.index(speaker)
    assert speaker_ok(nlp(text), at, at + len(speaker)) is ok
