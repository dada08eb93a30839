"""Rules added for text the grammar was not first tuned on (MEANTIME, AQUAINT): zones, trading
days, quarters of a named year, and what must stay untagged."""

from __future__ import annotations

import pytest

from timex_tagging import tag

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("sentence", "expression", "ttype", "value"),
    [
        ("Trading was halted at 18:00 UTC.", "18:00 UTC", "TIME", "2009-06-03T18:00Z"),
        ("The plant reopened at 16:00 GMT today.", "16:00 GMT today", "TIME", "2009-06-03T16:00Z"),
        ("At 0800 GMT, the central banks acted.", "0800 GMT", "TIME", "2009-06-03T08:00Z"),
        ("The vote ends at 5 p.m. EST.", "5 p.m. EST", "TIME", "2009-06-03T17:00"),
        ("On Monday the index ended the day at 8,017.", "the day", "DATE", "2009-06-01"),
        ("For the day, the Nikkei closed down 6.4 percent.", "the day", "DATE", "2009-06-03"),
        (
            "Sales fell in the first quarter of last year.",
            "the first quarter of last year",
            "DATE",
            "2008-Q1",
        ),
        (
            "It lost money in the final quarter of 2008.",
            "the final quarter of 2008",
            "DATE",
            "2008-Q4",
        ),
    ],
)
def test_unseen_rules(nlp, sentence: str, expression: str, ttype: str, value: str) -> None:
    assert tag(nlp, sentence)[expression] == (ttype, value)


def test_zone_conversion_in_parentheses_is_not_a_second_time(nlp) -> None:
    found = tag(nlp, "The blast came at 10:35 a.m. (0735 GMT) on Friday.")
    assert "0735 GMT" not in found and "10:35 a.m." in " ".join(found)


@pytest.mark.parametrize(
    "sentence",
    [
        "He was last seen the day before the raid.",  # counted from another day
        "She is preparing for the day when the mine closes.",
        "He scored twice in the final quarter.",  # a game, not a year
    ],
)
def test_not_dates(nlp, sentence: str) -> None:
    found = tag(nlp, sentence)
    assert all(
        not (v or "").startswith("2009") and "Q4" not in (v or "") for _, v in found.values()
    )


@pytest.mark.parametrize(
    ("sentence", "expression", "ttype", "value"),
    [
        ("Growth should return in the near term.", "the near term", "DATE", "FUTURE_REF"),
        ("It will stay in Australia for the long term.", "the long term", "DATE", "FUTURE_REF"),
        (
            "Police have been searching for him since the Oct. 23 shooting.",
            "Oct. 23",
            "DATE",
            "2008-10-23",
        ),
        ("Exports are up since October 23.", "October 23", "DATE", "2008-10-23"),
        ("Franchises end after October of next year.", "October of next year", "DATE", "2010-10"),
        ("A hearing is set for the week of June 8.", "the week of June 8", "DATE", "2009-W24"),
        (
            "The firm lost $8.6 billion in 2005. Sales for the full year fell.",
            "the full year",
            "DATE",
            "2005",
        ),
        ("Net income for the year ended March 31 rose.", "the year", "DURATION", "P1Y"),
        ("It settled its decades-long dispute.", "decades-long", "DURATION", "PXY"),
        ("After a day-long meeting, they left.", "day-long", "DURATION", "P1D"),
        ("It was the worst single-day fall.", "single-day", "DURATION", "P1D"),
        ("The current weakness worries traders.", "current", "DATE", "PRESENT_REF"),
        ("They paid half the then current price.", "then current", "DATE", "PAST_REF"),
    ],
)
def test_vague_and_anchored_rules(
    nlp, sentence: str, expression: str, ttype: str, value: str
) -> None:
    assert tag(nlp, sentence)[expression] == (ttype, value)


def test_current_account_is_not_a_time(nlp) -> None:
    assert "current" not in tag(nlp, "The current account deficit widened.")
