"""Shorter versions of candidate sentences (``compress.shorten``) and how the selector uses them."""

from __future__ import annotations

import re

import pytest
from tests.summarize.test_summarize_invariants import make_analysis

from newsfuse.summarize import summarize
from newsfuse.summarize.compress import shorten
from newsfuse.summarize.newsfuse import Params, kept_lemmas


def _subsequence(short: str, text: str) -> bool:
    """Whether the words of ``short`` occur in ``text`` in the same order."""
    words = iter(re.findall(r"\w+", text.lower()))
    return all(w in words for w in re.findall(r"\w+", short.lower()))


@pytest.mark.parametrize(
    ("text", "short"),
    [
        (
            "On Saturday, rebels captured the hill town after a long fight.",
            "Rebels captured the hill town after a long fight.",
        ),
        (
            "The foreign minister said on Tuesday night that the talks would resume.",
            "The foreign minister said that the talks would resume.",
        ),
        (
            "Late Friday, a witness said more people were still arriving in the square.",
            "A witness said more people were still arriving in the square.",
        ),
        (
            "Prices rose above the old record for the first time since 2008 late on Monday.",
            "Prices rose above the old record for the first time since 2008.",
        ),
        (
            "The driver, 45, was taken to the hospital with minor injuries.",
            "The driver was taken to the hospital with minor injuries.",
        ),
        (
            "The mayor, who took office in 2019, said the bridge would reopen soon.",
            "The mayor said the bridge would reopen soon.",
        ),
        (  # an irregular past tense after the clause
            "The governor, who has led the province since 2015, fled the capital with his family.",
            "The governor fled the capital with his family.",
        ),
        (
            "Northtown, which lies 50 km west of the capital, has seen two uprisings this year.",
            "Northtown has seen two uprisings this year.",
        ),
        (
            "The convoy reached the border crossing near the old harbor town of Eastport, "
            "which lies 80 km west of the capital.",
            "The convoy reached the border crossing near the old harbor town of Eastport.",
        ),
        (  # a weekday phrase set off by commas takes both commas with it
            "The river board, on Tuesday, said the old ferry would run again in the spring.",
            "The river board said the old ferry would run again in the spring.",
        ),
    ],
)
def test_shorten_cuts(text, short):
    assert shorten(text) == short
    assert _subsequence(short, text)


@pytest.mark.parametrize(
    "text",
    [
        # a weekday after a capitalised word is part of a name
        "Thousands marched on Bloody Sunday to mark the anniversary of the killings.",
        # two weekdays: a list, not one date
        "The reporters spoke with the witness on Sunday, Monday and Tuesday about the case.",
        # a weekday before a name or "of"
        "The paper said Sunday Times readers had written in about the bridge.",
        # the relative clause opens a list that goes on after its comma
        "The town, which has schools, roads and houses, was hit by shelling overnight.",
        # no verb after the clause's closing comma: the comma was not the clause's end
        "The allies sought the support of Russia and China, which had opposed an earlier, "
        "tougher draft.",
        # the clause defines a pronoun: without it the sentence says something else
        "Those, who urge the people to disarm, simply do not see the danger ahead.",
        # fewer than six words would be left
        "The rebels took the town, which lies west of the port.",
        # a weekday that is a preposition's object: cut, the preposition would have none
        "The ferry strike will go on until Friday, the union told its members.",
        "The new timetable runs from Monday across every line of the network.",
        # a weekday naming a date that follows it
        "The vote set for Wednesday, March 5, was put off by the election board.",
        "The vote set for Wednesday 5 March was put off by the election board.",
        # a weekday ending a one-word part set off by commas: cut, the part would be bare
        "The vote, held on Sunday, gave the mayor a clear lead in the city.",
        "The minister, speaking late Tuesday, said the bridge would reopen soon.",
    ],
)
def test_shorten_keeps(text):
    assert shorten(text) == text


def test_kept_lemmas_drop_only_the_cut_words():
    text = "The mayor, who took office in 2019, said the bridge would reopen soon."
    lemmas = ("mayor", "take", "office", "2019", "bridge", "reopen", "soon")
    kept = kept_lemmas(lemmas, text, shorten(text))
    # "take" (took) is not recognised by its first letters and stays: a lemma is dropped only
    # when it is seen in the cut words and not in the kept ones
    assert kept == ("mayor", "take", "bridge", "reopen", "soon")


STORY = (
    "The mayor, who took office after a close race in 2019, said the harbor bridge would "
    "reopen in March. "
    "Repairs to the harbor bridge cost 40 million dollars and took the city more than two years. "
    "Traffic on the harbor bridge was diverted to the ferry for two years while the work went on."
)
SHORTENED = "The mayor said the harbor bridge would reopen in March."


def _cluster():
    return [make_analysis("b1", STORY, source="b1")]


def test_selector_takes_the_shorter_version_under_a_short_budget():
    # 12 words: only the shorter version of the first sentence fits
    summary = summarize(_cluster(), words=12)
    assert [s.text for s in summary] == [SHORTENED]
    # its citation is the whole source sentence: every printed word is there, in order
    first = summary[0].citations[0]
    source = STORY[first.start : first.end]
    assert "who took office" in source
    assert _subsequence(SHORTENED, source)


def test_no_shorter_versions_above_the_budget_limit_or_when_off():
    for params in (Params(shorten_words=0), Params(shorten_words=11)):
        assert SHORTENED not in [s.text for s in summarize(_cluster(), words=12, params=params)]
    whole = [s.text for s in summarize(_cluster(), words=200)]
    assert whole[0].startswith("The mayor, who took office")
    # a sentence and its shorter version are never both chosen
    both = summarize(_cluster(), words=60)
    assert len({s.citations[0] for s in both}) == len(both)
