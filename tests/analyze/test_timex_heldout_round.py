"""Rules from the MEANTIME error analysis, each kept only where it lost on no set: discourse
"Now," and "now-" adjectives, decades without a century, and the other rules listed in
docs/eval/dates.md."""

from __future__ import annotations

from datetime import date

import pytest

from timex_tagging import tag

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "sentence",
    [
        "The talks failed. Now, the minister said, the army will decide.",
        "Now, after the sale, the firm is smaller.",
        "He spoke against the now-cancelled lease.",
        'She wrote a letter. "Now, we wait," she said.',
    ],
)
def test_discourse_now_and_now_adjectives_are_not_times(nlp, sentence: str) -> None:
    assert "now" not in {k.lower() for k in tag(nlp, sentence)}


@pytest.mark.parametrize(
    ("sentence", "expression"),
    [
        ("The firm is now the largest in Ohio.", "now"),
        ("Now the mission is less clear.", "Now"),
        ("For now, the embassy stays shut.", "now"),
    ],
)
def test_now_as_time_is_still_present_ref(nlp, sentence: str, expression: str) -> None:
    assert tag(nlp, sentence)[expression] == ("DATE", "PRESENT_REF")


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("It rid Detroit of the boxy cars of the 70s and 80s.", "70s", "197"),
        ("It rid Detroit of the boxy cars of the 70s and 80s.", "80s", "198"),
        ("The index hit its lowest level since '82.", "'82", "1982"),
        ("Prices have not been this high since '08.", "'08", "2008"),
    ],
)
def test_decades_and_years_without_century(nlp, sentence: str, expression: str, value: str) -> None:
    assert tag(nlp, sentence)[expression] == ("DATE", value)


@pytest.mark.parametrize(
    "sentence",
    [
        "He is in his 70s.",  # an age: no "the" before it
        "The firm released iLife '11 on Monday.",  # a product name: no preposition before it
    ],
)
def test_numbers_that_are_not_decades_or_years(nlp, sentence: str) -> None:
    found = tag(nlp, sentence)
    assert "70s" not in found and "'11" not in found


@pytest.mark.parametrize(
    ("sentence", "expression"),
    [("The gains were lost in minutes.", "minutes"), ("It fell 100 in just minutes.", "minutes")],
)
def test_bare_minutes_after_a_preposition(nlp, sentence: str, expression: str) -> None:
    assert tag(nlp, sentence)[expression] == ("DURATION", "PTXM")


def test_no_expression_crosses_a_line_break(nlp) -> None:
    found = tag(nlp, "Markets stay closed until Friday\nJune 3, 2009\nThe exchange said so.")
    assert found["Friday"] == ("DATE", "2009-06-05")
    assert found["June 3, 2009"] == ("DATE", "2009-06-03")


def test_the_past_decade_is_a_length_the_last_decade_a_decade(nlp) -> None:
    assert tag(nlp, "It was the largest show in the past decade.")["the past decade"] == (
        "DURATION",
        "P10Y",
    )
    assert tag(nlp, "Wages lost ground to inflation in the last decade.")["the last decade"] == (
        "DATE",
        "199",
    )


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Kidnappings have risen in recent years.", "recent years", "PXY"),
        ("Officials voiced concern in recent months.", "recent months", "PXM"),
        ("Security was tightened in recent days.", "recent days", "PXD"),
    ],
)
def test_recent_units_are_vague_lengths(nlp, sentence: str, expression: str, value: str) -> None:
    assert tag(nlp, sentence)[expression] == ("DURATION", value)


def test_in_the_morning_is_the_day_last_named_in_the_story(nlp) -> None:
    text = "Stocks fell on Friday. Dealers placed buy orders in the morning."
    assert tag(nlp, text)["the morning"] == ("TIME", "2009-05-29TMO")


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        (
            "By mid-afternoon, officials were saying the talks had failed.",
            "mid-afternoon",
            "2009-06-03TAF",
        ),
        (
            "At mid-afternoon yesterday, shares were up 2%.",
            "mid-afternoon yesterday",
            "2009-06-02TAF",
        ),
    ],
)
def test_mid_afternoon(nlp, sentence: str, expression: str, value: str) -> None:
    assert tag(nlp, sentence)[expression] == ("TIME", value)


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        (
            "Sales fell 35% in January, compared to the same month a year ago.",
            "the same month a year ago",
            "2008-01",
        ),
        (
            "Net rose in the first quarter from $1.8 million for the corresponding period last year.",
            "the corresponding period last year",
            "2008-Q1",
        ),
        (
            "Sales rose 43% in February compared to the same period last year.",
            "the same period last year",
            "2008-02",
        ),
    ],
)
def test_the_same_period_a_year_back_from_the_one_last_named(
    nlp, sentence: str, expression: str, value: str
) -> None:
    assert tag(nlp, sentence)[expression] == ("DATE", value)


def test_the_first_quarter_is_a_quarter_not_three_months(nlp) -> None:
    assert tag(nlp, "Profit fell in the first quarter.")["the first quarter"] == ("DATE", "2009-Q1")


@pytest.mark.parametrize(
    "sentence",
    [
        "Mr. Reupke, 52 years old, left the firm.",
        "The plan is open to employees 55 years old or older.",
        "It wants to cut about a quarter, of its 3,200 dealers.",
    ],
)
def test_ages_and_fractions_are_not_lengths_of_time(nlp, sentence: str) -> None:
    assert not [v for _, v in tag(nlp, sentence).values() if v and v.startswith("P")]


def test_a_length_in_years_still_is_one(nlp) -> None:
    assert tag(nlp, "He ran the unit for 52 years.")["52 years"] == ("DURATION", "P52Y")


@pytest.mark.parametrize(
    "sentence",
    [
        'Baker said on ABC\'s "This Week With David Brinkley" that talks had failed.',
        "This is VOA Today.",
        "The poster showed Gary Cooper from the film High Noon.",
    ],
)
def test_capitalised_time_words_inside_a_name_are_not_times(nlp, sentence: str) -> None:
    assert not [k for k in tag(nlp, sentence) if k.lower() in {"this week", "today", "noon"}]


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Today, hundreds of people arrived.", "Today", "2009-06-03"),
        ("Stocks Fall Sharply This Week\nThe index fell.", "This Week", "2009-W23"),
        ('He said: "Last Week was hard."', "Last Week", "2009-W22"),
    ],
)
def test_capitalised_time_words_opening_a_sentence_or_in_a_headline_stay(
    nlp, text: str, expression: str, value: str
) -> None:
    assert tag(nlp, text)[expression] == ("DATE", value)


def test_a_clock_time_without_a_day_is_on_the_day_last_named(nlp) -> None:
    text = "Bombs exploded at two embassies on Friday. The blast came at 10:35 a.m."
    assert tag(nlp, text)["10:35 a.m."] == ("TIME", "2009-05-29T10:35")
    assert tag(nlp, "The vote closes at 5 p.m.")["5 p.m."] == ("TIME", "2009-06-03T17:00")


def test_the_full_year_is_not_a_target_year_named_before(nlp) -> None:
    text = "The plant will reach full capacity by 2012. Sales for the full year rose 4%."
    assert tag(nlp, text)["the full year"] == ("DATE", "2009")
    text = "The firm lost $8.6 billion in 2005. Sales for the full year fell."
    assert tag(nlp, text, date(2006, 1, 27))["the full year"] == ("DATE", "2005")


@pytest.mark.parametrize(
    ("sentence", "expression"),
    [
        ("Thanks to their hard work over the years, the plant thrived.", "the years"),
        ("In the years that followed, the rebels grew.", "the years"),
    ],
)
def test_over_the_years_is_a_vague_length(nlp, sentence: str, expression: str) -> None:
    assert tag(nlp, sentence)[expression] == ("DURATION", "PXY")


def test_the_weeks_before_an_event_are_not_a_length(nlp) -> None:
    found = tag(nlp, "His car was seen there in the weeks before the shooting.")
    assert "the weeks" not in found


def test_one_day_after_a_modal_is_some_future_day(nlp) -> None:
    assert tag(nlp, "Islam will one day be the second largest religion here.")["one day"] == (
        "DATE",
        "FUTURE_REF",
    )
    assert tag(nlp, "The action followed by one day an announcement.")["one day"] == (
        "DURATION",
        "P1D",
    )


def test_last_before_a_month_and_day(nlp) -> None:
    found = tag(nlp, "He was shot to death last Oct. 23 at his home.", date(1999, 4, 19))
    assert found["last Oct. 23"] == ("DATE", "1998-10-23")


def test_last_and_next_day_of_the_year_are_strictly_before_and_after(nlp) -> None:
    # said on the day itself: a year back / ahead; a leap day: the leap year before / after
    on_the_day = tag(nlp, "The law passed last June 3 in the senate.", date(2010, 6, 3))
    assert on_the_day["last June 3"] == ("DATE", "2009-06-03")
    assert tag(nlp, "He returns next June 3 to vote.", date(2010, 6, 3))["next June 3"] == (
        "DATE",
        "2011-06-03",
    )
    leap = tag(nlp, "The law passed last Feb. 29 in the senate.", date(2012, 2, 29))
    assert leap["last Feb. 29"] == ("DATE", "2008-02-29")
    after = tag(nlp, "He will return next Feb. 29 to vote.", date(2012, 3, 1))
    assert after["next Feb. 29"] == ("DATE", "2016-02-29")


def test_the_second_day_of_a_pair_of_days(nlp) -> None:
    found = tag(nlp, "The summit will be held on April 24 and 25 in Washington.", date(1999, 2, 10))
    assert found["April 24"] == ("DATE", "1999-04-24")
    assert found["25"] == ("DATE", "1999-04-25")
    assert "5" not in tag(nlp, "Prices rose on May 3 to 5 percent.")


@pytest.mark.parametrize(
    "sentence",
    [
        "On April 24 and 25 people were hurt in the clashes.",
        "By March 3 and 4 more towns had flooded.",
        "Between April 24 and 25 soldiers died.",
    ],
)
def test_a_number_counting_what_follows_is_no_second_day(nlp, sentence: str) -> None:
    found = tag(nlp, sentence)
    assert len(found) == 1 and next(iter(found.values()))[0] == "DATE", found


def test_last_and_next_month_day_on_that_very_day(nlp) -> None:
    """ "last June 3" said on June 3 is a year back; "next June 3" a year ahead."""
    assert tag(nlp, "It happened last June 3.")["last June 3"] == ("DATE", "2008-06-03")
    assert tag(nlp, "They meet again next June 3.")["next June 3"] == ("DATE", "2010-06-03")
    assert tag(nlp, "It happened last June 2.")["last June 2"] == ("DATE", "2009-06-02")
    assert tag(nlp, "They meet again next June 4.")["next June 4"] == ("DATE", "2009-06-04")


@pytest.mark.parametrize(
    ("sentence", "expression", "value"),
    [
        ("Orangemen march each July from their church.", "each July", "XXXX-07"),
        ("The island floods every winter.", "every winter", "XXXX-WI"),
    ],
)
def test_each_month_and_every_season_are_sets(
    nlp, sentence: str, expression: str, value: str
) -> None:
    assert tag(nlp, sentence)[expression] == ("SET", value)


def test_midnight_ends_the_day_it_is_joined_to(nlp) -> None:
    found = tag(nlp, "The offer had been scheduled to expire at midnight Friday.")
    assert found["midnight Friday"] == ("TIME", "2009-05-29T24:00")


def test_a_name_far_into_a_long_line_is_judged_on_its_neighbourhood() -> None:
    """Whether capitalised time words belong to a name is read from the words around them, the
    same far into a long one-line text as at its start."""
    from newsfuse.analyze.timex import _in_a_title
    from newsfuse.analyze.timex_grammar import Candidate

    filler = "The council met in the town hall and the river rose again overnight. " * 400
    for lead in ("", filler):
        text = lead + "They heard it on VOA Today. Today, the council said the river rose."
        name, time = text.index("Today"), text.rindex("Today")
        assert _in_a_title(Candidate(name, name + 5, "ref", {}), text)
        assert not _in_a_title(Candidate(time, time + 5, "ref", {}), text)


def test_the_second_of_a_pair_of_decades_follows_a_decade_not_an_age(nlp) -> None:
    assert tag(nlp, "Prices in the 70s and 80s were lower.") == {
        "70s": ("DATE", "197"),
        "80s": ("DATE", "198"),
    }
    assert tag(nlp, "Rents in the 1970s and 80s were lower.")["80s"] == ("DATE", "198")
    assert tag(nlp, "Women in their 40s and 50s were surveyed.") == {}
