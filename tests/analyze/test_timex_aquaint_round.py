"""Rules from the AQUAINT error analysis (docs/eval/dates.md), each kept only where it lost on
neither TimeBank nor MEANTIME: clock hours named with a part of the day, holiday weeks."""

from __future__ import annotations

from datetime import date

import pytest

from newsfuse.analyze.timex_resolve import FUTURE, PAST, PRESENT, resolve_holiday_week
from timex_tagging import tag

pytestmark = pytest.mark.slow

MONDAY = date(2000, 4, 17)  # Easter 2000 is Sunday 23 April, ISO week 16 (17-23 April)


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("The bus departs at 4 in the morning.", "4 in the morning", "2009-06-03T04:00"),
        ("The shop stays open until ten at night.", "ten at night", "2009-06-03T22:00"),
        ("They argued from two in the afternoon.", "two in the afternoon", "2009-06-03T14:00"),
        ("The vote ended at 12 at night.", "12 at night", "2009-06-03T24:00"),
        ("Guards changed at 2 at night.", "2 at night", "2009-06-03T02:00"),
        (
            "On Friday the ferry left at six in the evening.",
            "six in the evening",
            "2009-05-29T18:00",
        ),
    ],
)
def test_clock_hour_with_part_of_day(nlp, sentence: str, expression: str, value: str) -> None:
    assert tag(nlp, sentence)[expression] == ("TIME", value)


@pytest.mark.parametrize(
    "sentence",
    [
        "She finished 4 in the morning session.",  # no preposition before the number
        "Shares rose to 4 in the morning session.",  # the part of the day modifies a noun
        "Prices fell to 4 in the morning trading.",
    ],
)
def test_a_number_before_in_the_morning_that_is_not_an_hour(nlp, sentence: str) -> None:
    assert "4 in the morning" not in tag(nlp, sentence)


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [  # any word may follow the part of the day that is not its noun
        ("He was hurt at 2 in the morning near his home.", "2 in the morning", "2009-06-03T02:00"),
        ("Trains stop at 11 at night during the strike.", "11 at night", "2009-06-03T23:00"),
        ("They met at 9 in the evening outside the hall.", "9 in the evening", "2009-06-03T21:00"),
    ],
)
def test_a_clock_hour_followed_by_other_words(
    nlp, sentence: str, expression: str, value: str
) -> None:
    assert tag(nlp, sentence)[expression] == ("TIME", value)


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Hotels on the coast fill up in Easter week.", "Easter week", "2000-W16"),
        ("Shops expect strong sales in Thanksgiving week.", "Thanksgiving week", "2000-W47"),
        ("Traffic was light in Christmas week.", "Christmas week", "1999-W51"),
        ("The family met for Easter.", "Easter", "1999-04-04"),  # the day, not its week
    ],
)
def test_holiday_week_is_the_iso_week_holding_the_day(
    nlp, sentence: str, expression: str, value: str
) -> None:
    assert tag(nlp, sentence, MONDAY)[expression] == ("DATE", value)


def test_holiday_week_resolution_by_tense() -> None:
    # said on the Monday of Easter week: that week, whatever the tense
    assert resolve_holiday_week("Easter", MONDAY, PAST) == date(2000, 4, 17)
    # a week later: past -> the week just gone, future -> next year's
    later = date(2000, 4, 26)
    assert resolve_holiday_week("Easter", later, PAST) == date(2000, 4, 17)
    assert resolve_holiday_week("Easter", later, FUTURE) == date(2001, 4, 9)
    assert resolve_holiday_week("Easter", later, PRESENT) == date(2000, 4, 17)
    assert resolve_holiday_week("Easter", MONDAY, PAST, "last") == date(1999, 3, 29)
    assert resolve_holiday_week("Easter", MONDAY, PAST, "next") == date(2001, 4, 9)


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        # ref 2000-02-24, a Thursday: last Tuesday is the 22nd
        (
            "She signed the lease the day before last Tuesday's auction.",
            "the day before last Tuesday",
            "2000-02-21",
        ),
        ("Talks resume the day after March 3.", "the day after March 3", "2000-03-04"),
        ("He flew home the day after Friday's vote.", "the day after Friday", "2000-02-19"),
    ],
)
def test_the_day_before_or_after_a_named_day(
    nlp, sentence: str, expression: str, value: str
) -> None:
    assert tag(nlp, sentence, date(2000, 2, 24))[expression] == ("DATE", value)


def test_the_day_before_an_event_is_not_a_date(nlp) -> None:
    found = tag(nlp, "The clinic opened on May 2, the day before the storm.", date(2000, 2, 24))
    assert not any(k.lower().startswith("the day") for k in found)


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("The March summit will set the budget.", "March", "2000-03"),
        ("Their May meeting was short.", "May", "1999-05"),
    ],
)
def test_may_or_march_between_a_determiner_and_a_noun_is_a_month(
    nlp, sentence: str, expression: str, value: str
) -> None:
    assert tag(nlp, sentence, date(2000, 2, 10))[expression] == ("DATE", value)


@pytest.mark.parametrize(
    "sentence",
    [
        "The March of Dimes raised money.",
        "The March was long.",
        "She may march on.",
        "Theresa May spoke. Critics of the May government said the deal was dead.",
        "Mrs. May spoke. The May cabinet met.",
    ],
)
def test_may_or_march_as_a_name_or_word_is_not_a_month(nlp, sentence: str) -> None:
    found = tag(nlp, sentence, date(2000, 2, 10))
    assert not {"March", "May", "march", "may"} & set(found)


def test_a_long_text_is_read_once_for_surnames_however_many_months_ask(monkeypatch) -> None:  # noqa: ANN001
    from newsfuse.analyze import timex_values as tv
    from newsfuse.analyze.timex import TimexCandidates, resolve_timexes
    from newsfuse.analyze.timex_grammar import compile_rules, find_candidates, select
    from newsfuse.model import Article

    real = tv._NAME_BEFORE
    reads: list[str] = []

    class Counting:
        def finditer(self, text: str):  # noqa: ANN202
            reads.append(text)
            return real.finditer(text)

    monkeypatch.setattr(tv, "_NAME_BEFORE", Counting())

    def months(text: str) -> list[str | None]:
        if hasattr(tv, "_surnames"):
            tv._surnames.cache_clear()
        chosen = select(find_candidates(text, compile_rules()))
        cands = TimexCandidates(tuple(chosen), (0,) * len(chosen), (PAST,) * len(chosen))
        found = resolve_timexes(cands, Article(id="t", text=text), date(2000, 2, 10))
        return [t.value for t in found if t.text == "May"]

    reads.clear()
    assert months("Their May meeting was short. " * 40) == ["1999-05"] * 40
    assert len(reads) == 1
    reads.clear()
    assert months("Dora May spoke. " + "Their May meeting was short. " * 40) == []
    assert len(reads) == 1


def test_a_count_against_a_count_is_no_hour(nlp) -> None:
    """ "7 to 2 in the evening" is a vote or a score; "from 7 to 9 in the evening" is a range
    whose end is an hour."""
    assert "2 in the evening" not in tag(nlp, "The council voted 7 to 2 in the evening.")
    found = tag(nlp, "The hall is open from 7 to 9 in the evening.")
    assert found["9 in the evening"] == ("TIME", "2009-06-03T21:00")
