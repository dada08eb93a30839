"""Rules from the MEANTIME error analysis, each kept only where it lost on no set: discourse
"Now," and "now-" adjectives, decades without a century, and the other rules listed in
docs/eval/dates.md."""

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
