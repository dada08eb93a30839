"""An article that repeats its own paragraphs keeps one copy of each (invented texts)."""

from __future__ import annotations

from newsfuse.clean import clean_article
from newsfuse.clean.body import REPEATED
from newsfuse.model import Article

HEAD = "Council closes old bridge"
P1 = "The city council voted on Tuesday to close the old bridge over the river for six months."
P2 = "Mayor Ann Lutz said the closure would add twenty minutes to the commute of 4,000 drivers."
P3 = '"We have no choice, the bridge is not safe," Lutz told reporters after the meeting.'
P4 = "Engineers found cracks in two of the bridge's steel supports during an inspection in March."
P2_EDITED = "Mayor Ann Lutz said the closure would add 20 minutes to the commute of 4,000 drivers."


def _clean(*lines: str) -> Article:
    out = clean_article(Article(id="a", text="\n".join(lines)))
    assert isinstance(out, Article)
    return out


def _paragraphs(a: Article) -> list[str]:
    return a.text.split("\n\n")


def test_a_body_extracted_twice_keeps_one_copy() -> None:
    a = _clean(HEAD, P1, P2, P3, P4, P1, P2, P3, P4)
    assert _paragraphs(a) == [P1, P2, P3, P4]
    assert [r.line for r in a.removed if r.reason == REPEATED] == [P1, P2, P3, P4]
    assert any(n.startswith("[NF126] 4 paragraphs") for n in a.notes)


def test_a_repeated_summary_with_small_edits_goes() -> None:
    a = _clean(HEAD, P1, P2, P3, P4, P1, P2_EDITED, P3)
    assert _paragraphs(a) == [P1, P2, P3, P4]
    assert P2_EDITED in [r.line for r in a.removed if r.reason == REPEATED]


def test_a_teaser_repeated_above_the_story_goes_once() -> None:
    a = _clean(HEAD, P1, P2, P1, P2, P3, P4)
    assert _paragraphs(a) == [P1, P2, P3, P4]


def test_the_headline_repeated_as_first_paragraph_is_harmless() -> None:
    a = _clean(HEAD + " for six months", HEAD + " for six months", P1, P2, P3)
    assert _paragraphs(a) == [P1, P2, P3]
    assert not a.notes


def test_different_paragraphs_and_short_repeats_stay() -> None:
    short = "He declined to comment."
    a = _clean(HEAD, P1, short, P2, short, P3, P4)
    assert _paragraphs(a) == [P1, short, P2, short, P3, P4]
    assert not a.notes


def test_a_paragraph_that_extends_an_earlier_one_stays() -> None:
    longer = P1 + " Repairs will cost 12 million dollars and start in the spring, officials said."
    a = _clean(HEAD, P1, P2, longer)
    assert _paragraphs(a) == [P1, P2, longer]
