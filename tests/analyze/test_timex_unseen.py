"""Rules added for text the grammar was not first tuned on (MEANTIME, AQUAINT): zones, trading
days, quarters of a named year, and what must stay untagged."""

from __future__ import annotations

from datetime import date

import pytest

from newsfuse.analyze.timex import tag_timexes
from newsfuse.model import Article

pytestmark = pytest.mark.slow

REF = date(2009, 6, 3)  # a Wednesday


def tag(nlp, text: str, ref: date | None = REF) -> dict[str, tuple[str, str | None]]:
    """{expression text: (type, value)} for ``text``."""
    found = tag_timexes(nlp(text), Article(id="t", text=text), ref)
    for t in found:
        assert text[t.span.start : t.span.end] == t.text
    return {t.text: (t.type, t.value) for t in found}


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
