"""Rules from the MEANTIME error analysis (docs/eval/dates.md), each kept only where it lost on
neither TimeBank nor AQUAINT: an ordinal count of days or weeks names the story's day or week;
and, made on TimeBank, a year spelled "the year two thousand (and five)"."""

from __future__ import annotations

import pytest

from timex_tagging import tag

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [  # REF is Wednesday 3 June 2009, ISO week 23
        ("It is the second day of the strike.", "the second day", "2009-06-03"),
        (
            "Trading was halted for a second consecutive day.",
            "a second consecutive day",
            "2009-06-03",
        ),
        ("Shares rose for a third straight week.", "a third straight week", "2009-W23"),
        ("Prices gain for fourth week in a row", "fourth week", "2009-W23"),
        ("The siege entered its 8th day.", "its 8th day", "2009-06-03"),
    ],
)
def test_an_ordinal_day_or_week_is_the_story_s(
    nlp, sentence: str, expression: str, value: str
) -> None:
    assert tag(nlp, sentence)[expression] == ("DATE", value)


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        ("On his first day in office he signed the order.", "first day"),  # an event's day
        ("Prices fell for the third consecutive month.", "third consecutive month"),
        ("They left after a third day-long meeting.", "a third day"),  # "day-long" is a length
        ("She won the second weekday race.", "the second week"),
    ],
)
def test_not_an_ordinal_day_or_week(nlp, sentence: str, absent: str) -> None:
    assert absent not in tag(nlp, sentence)


# made on TimeBank in the same round (no case in AQUAINT or MEANTIME)
@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("They hope to halve debt by the year two thousand.", "the year two thousand", "2000"),
        (
            "The lease runs to the year two thousand and five.",
            "the year two thousand and five",
            "2005",
        ),
        ("The storm of nineteen ninety-four was the worst.", "nineteen ninety-four", "1994"),
    ],
)
def test_a_spelled_year(nlp, sentence: str, expression: str, value: str) -> None:
    assert tag(nlp, sentence)[expression] == ("DATE", value)


def test_two_thousand_without_the_year_is_a_count(nlp) -> None:
    assert tag(nlp, "Some two thousand people marched.") == {}


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [  # the start of a longer number is no year of its own
        ("The plan runs to the year two thousand twenty.", "the year two thousand"),
        ("The plan runs to the year two thousand and ten.", "the year two thousand"),
        ("Robots may rule in the year two thousand and five hundred.", "the year two thousand"),
        (
            "Robots may rule in the year two thousand and five hundred.",
            "the year two thousand and five",
        ),
    ],
)
def test_not_a_spelled_year(nlp, sentence: str, absent: str) -> None:
    assert absent not in tag(nlp, sentence)


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        ("He takes the pill every second day.", "second day"),  # a set, not a date
        ("The talks open in the second week of March.", "the second week"),  # part of March
        ("Snow fell in the third week of 2009.", "the third week"),
        ("Rents are due in the second week of the month.", "the second week"),
    ],
)
def test_an_ordinal_day_or_week_of_something_else(nlp, sentence: str, absent: str) -> None:
    assert absent not in tag(nlp, sentence)
