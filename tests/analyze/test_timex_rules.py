"""The TIMEX3 tagger on short sentences: spans, types and values resolved like a reader would."""

from __future__ import annotations

from datetime import date

import pytest

from newsfuse.analyze.timex import governing_tense, retag, tag_timexes
from newsfuse.model import Article

pytestmark = pytest.mark.slow

REF = date(2022, 2, 26)  # a Saturday


def tag(nlp, text: str, ref: date | None = REF) -> dict[str, tuple[str, str | None]]:
    """{expression text: (type, value)} for ``text``."""
    article = Article(id="t", text=text)
    found = tag_timexes(nlp(text), article, ref)
    for t in found:
        assert text[t.span.start : t.span.end] == t.text
        assert t.span.article == "t"
    assert [t.span.start for t in found] == sorted(t.span.start for t in found)
    return {t.text: (t.type, t.value) for t in found}


@pytest.mark.parametrize(
    ("sentence", "expression", "ttype", "value"),
    [
        ("Russia invaded Ukraine on Thursday.", "Thursday", "DATE", "2022-02-24"),
        ("The ministers spoke on Saturday.", "Saturday", "DATE", "2022-02-26"),
        ("The leaders will meet Sunday night.", "Sunday night", "TIME", "2022-02-27TNI"),
        (
            "Moscow is preparing to hold talks on Sunday night.",
            "Sunday night",
            "TIME",
            "2022-02-27TNI",
        ),
        (
            "The two sides are expected to meet later this week.",
            "later this week",
            "DATE",
            "2022-W08",
        ),
        ("Talks resumed Friday night.", "Friday night", "TIME", "2022-02-25TNI"),
        ("The ministers spoke Saturday morning.", "Saturday morning", "TIME", "2022-02-26TMO"),
        ("Prices fell yesterday.", "yesterday", "DATE", "2022-02-25"),
        ("Markets open today.", "today", "DATE", "2022-02-26"),
        ("The vote is tomorrow.", "tomorrow", "DATE", "2022-02-27"),
        ("Shots were heard last night.", "last night", "TIME", "2022-02-25TNI"),
        ("He left this morning.", "this morning", "TIME", "2022-02-26TMO"),
        ("Last month, prices rose.", "Last month", "DATE", "2022-01"),
        ("The plant opens next month.", "next month", "DATE", "2022-03"),
        ("Sales fell last year.", "last year", "DATE", "2021"),
        ("The summit is this week.", "this week", "DATE", "2022-W08"),
        ("The strike ended last week.", "last week", "DATE", "2022-W07"),
        ("Prices rose earlier this month.", "earlier this month", "DATE", "2022-02"),
        ("The deal was signed on February 22.", "February 22", "DATE", "2022-02-22"),
        ("The deal was signed Feb. 11.", "Feb. 11", "DATE", "2022-02-11"),
        ("The law was passed in December.", "December", "DATE", "2021-12"),
        ("Sales have grown since October.", "October", "DATE", "2021-10"),
        ("The bridge was built in 2014.", "2014", "DATE", "2014"),
        ("The ship sank two days ago.", "two days ago", "DATE", "2022-02-24"),
        ("We meet a week from Friday.", "a week from Friday", "DATE", "2022-03-11"),
        ("Music of the 1990s is back.", "the 1990s", "DATE", "199"),
        ("Costs will rise over the next two years.", "the next two years", "DURATION", "P2Y"),
        ("Attacks grew over the last two years.", "the last two years", "DURATION", "P2Y"),
        ("They spoke for 25 minutes.", "25 minutes", "DURATION", "PT25M"),
        ("They held a 25-minute call.", "25-minute", "DURATION", "PT25M"),
        ("The war lasted three days.", "three days", "DURATION", "P3D"),
        ("Sales are up now.", "now", "DATE", "PRESENT_REF"),
        ("Prices have risen recently.", "recently", "DATE", "PAST_REF"),
        ("The plant was opened on 2019-05-04.", "2019-05-04", "DATE", "2019-05-04"),
        ("The talks begin Monday, Feb. 28.", "Monday, Feb. 28", "DATE", "2022-02-28"),
        ("The treaty was signed on March 3, 1999.", "March 3, 1999", "DATE", "1999-03-03"),
        ("The treaty was signed on 3 March 1999.", "3 March 1999", "DATE", "1999-03-03"),
        ("The firm reported third-quarter results.", "third-quarter", "DATE", "2021-Q3"),
        ("The polls close at 8 p.m. Sunday.", "8 p.m. Sunday", "TIME", "2022-02-27T20:00"),
        ("The board meets every week.", "every week", "SET", "P1W"),
        ("The fund was started in the mid-1990s.", "the mid-1990s", "DATE", "199"),
    ],
)
def test_expression(nlp, sentence: str, expression: str, ttype: str, value: str) -> None:
    found = tag(nlp, sentence)
    assert found.get(expression) == (ttype, value), found


def test_tense_decides_the_direction(nlp) -> None:
    assert tag(nlp, "The president spoke on Friday.")["Friday"][1] == "2022-02-25"
    assert tag(nlp, "The president will speak on Friday.")["Friday"][1] == "2022-03-04"
    assert tag(nlp, "The vote was held on Monday.")["Monday"][1] == "2022-02-21"
    assert tag(nlp, "The vote will be held on Monday.")["Monday"][1] == "2022-02-28"
    assert tag(nlp, "Officials plan to vote on Tuesday.")["Tuesday"][1] == "2022-03-01"


def test_governing_tense(nlp) -> None:
    text = "He said the team will play on Sunday."
    doc = nlp(text)
    start = text.index("Sunday")
    assert governing_tense(doc, start, start + 6) == "future"
    text = "The team played on Sunday."
    start = text.index("Sunday")
    assert governing_tense(nlp(text), start, start + 6) == "past"


def test_month_day_year_follows_the_verb_across_new_year(nlp) -> None:
    ref = date(2022, 1, 3)
    assert tag(nlp, "The ceasefire was agreed on Dec. 28.", ref)["Dec. 28"][1] == "2021-12-28"
    assert tag(nlp, "The vote will take place on Jan. 10.", ref)["Jan. 10"][1] == "2022-01-10"


def test_without_ref_only_absolute_dates_get_values(nlp) -> None:
    found = tag(nlp, "The plant closed on Friday, a year after it opened in May 2014.", None)
    assert found["Friday"] == ("DATE", None)
    assert found["May 2014"] == ("DATE", "2014-05")


def test_relative_expressions_carry_their_anchor(nlp) -> None:
    text = "The plant closed yesterday after opening in 2014."
    article = Article(id="a", text=text)
    found = {t.text: t for t in tag_timexes(nlp(text), article, REF)}
    assert found["yesterday"].relative and found["yesterday"].anchor == REF
    assert not found["2014"].relative and found["2014"].anchor is None


def test_retag_uses_the_new_reference(nlp) -> None:
    text = "The ministers met on Thursday."
    doc = nlp(text)
    article = Article(id="a", text=text)
    assert retag(doc, article, date(2022, 3, 5))[0].value == "2022-03-03"


def test_numbers_that_are_not_years_are_left_alone(nlp) -> None:
    found = tag(nlp, "The company hired 1500 workers and paid $2000 each.")
    assert "1500" not in found and "2000" not in found


def test_may_the_name_is_not_a_month(nlp) -> None:
    found = tag(nlp, "Prime Minister Theresa May said she would resign.")
    assert found == {}


def test_story_relative_days_count_from_the_day_last_named(nlp) -> None:
    text = (
        "The plant closed on Feb. 11. The next day, workers protested. The following week, "
        "talks began."
    )
    found = tag(nlp, text)
    assert found["The next day"] == ("DATE", "2022-02-12")
    assert found["The following week"] == ("DATE", "2022-W07")


def test_holidays_rates_and_references(nlp) -> None:
    assert tag(nlp, "Prices rose after Christmas.", date(2022, 1, 10))["Christmas"] == (
        "DATE",
        "2021-12-25",
    )
    assert tag(nlp, "The bond pays $1.76 a year.")["a year"] == ("SET", "P1Y")
    assert tag(nlp, "He spent a year in Paris.")["a year"] == ("DURATION", "P1Y")
    assert tag(nlp, "Prices will rise in coming weeks.")["coming weeks"] == ("DATE", "FUTURE_REF")
    assert tag(nlp, "He arrived at the last minute.") == {}


def test_clock_time_joins_the_day_and_keeps_cues(nlp) -> None:
    ref = date(2000, 4, 3)  # a Monday
    found = tag(nlp, "The agency has given them until 9 a.m. Tuesday to sign.", ref)
    assert found["9 a.m. Tuesday"] == ("TIME", "2000-04-04T09:00")


def test_past_obligation_is_past(nlp) -> None:
    ref = date(2022, 2, 23)  # a Wednesday
    assert tag(nlp, "He had to leave on Friday.", ref)["Friday"][1] == "2022-02-18"
    assert tag(nlp, "They were able to meet on Monday.", ref)["Monday"][1] == "2022-02-21"
    assert tag(nlp, "They are likely to meet on Monday.", ref)["Monday"][1] == "2022-02-28"


def test_month_names_that_are_names(nlp) -> None:
    assert tag(nlp, "The report was written by Peter Brown and Jan Smith.") == {}
    found = tag(nlp, "Prices rose in Jan and fell in Feb.")
    assert found == {"Jan": ("DATE", "2022-01"), "Feb.": ("DATE", "2022-02")}
