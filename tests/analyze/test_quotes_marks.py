"""Quotation-mark scanning: styles, apostrophes, nesting, quotes spanning paragraphs."""

from __future__ import annotations

from newsfuse.analyze.quotes_marks import find_marked_quotes


def _texts(text: str) -> list[str]:
    return [q.text(text) for q in find_marked_quotes(text)]


def test_curly_and_straight_double_quotes() -> None:
    text = 'She said “we are ready” and he said "so are we" later.'
    assert _texts(text) == ["we are ready", "so are we"]


def test_single_quotes_with_apostrophes_inside_and_outside() -> None:
    text = "The council's leader said: 'Britain's farmers don't need Japan’s rice.' That's all."
    assert _texts(text) == ["Britain's farmers don't need Japan’s rice."]


def test_elided_year_is_not_a_quote() -> None:
    assert _texts("Music from the '90s and the ’80s was played.") == []


def test_nested_quote_stays_inside_the_outer_one() -> None:
    text = "“He told me, ‘Stay home,’ and I did,” she said."
    quotes = find_marked_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].text(text) == "He told me, ‘Stay home,’ and I did,"
    assert text[quotes[0].close_pos] == "”"


def test_quote_continues_into_next_paragraph_that_opens_with_a_mark() -> None:
    text = "He stated: 'The first part of the statement.\n\n'The second part.'\n\nNext story."
    quotes = find_marked_quotes(text)
    assert len(quotes) == 1
    assert len(quotes[0].segments) == 2
    assert quotes[0].text(text) == "The first part of the statement. The second part."


def test_short_filler_line_between_quote_paragraphs_is_skipped() -> None:
    text = "He stated: 'Part one of it.\nAdvert\n'Part two of it.'\nOther news."
    quotes = find_marked_quotes(text)
    assert [q.text(text) for q in quotes] == ["Part one of it. Part two of it."]


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "She spoke.\n“We will not stop\n\nThe vote is on Friday."
    quotes = find_marked_quotes(text)
    assert len(quotes) == 1
    assert quotes[0].close_pos is None
    assert quotes[0].text(text) == "We will not stop"


def test_stray_mark_in_mid_paragraph_is_not_a_quote() -> None:
    assert find_marked_quotes("The “new plan was late.\n\nThe vote is on Friday.") == []


def test_segments_index_into_the_text() -> None:
    text = "A “first” b ‘second one here’ c."
    for q in find_marked_quotes(text):
        for start, end in q.segments:
            assert text[start - 1] in "“‘"
            assert text[end] in "”’"


def test_an_opening_mark_typed_as_the_closing_one() -> None:
    """“ after a word and before a space closes the quote ("… storm,“ said Reeve)."""
    text = "“The fence broke before the storm,“ said Tom Reeve. Later “it rained.”"
    assert _texts(text) == ["The fence broke before the storm,", "it rained."]
    text = "He called it “a plan“ and left."
    assert _texts(text) == ["a plan"]


def test_an_apostrophe_before_two_elided_digits_opens_no_quote() -> None:
    """‘08 and ’90s elide a century's digits; the quote after them is the only one."""
    text = "The senator said in ‘08 that the ‘old rules’ no longer held."
    assert _texts(text) == ["old rules"]
    text = "Fans of the ’90s and ‘08 alike still sing ‘Hold the line’ at games."
    assert _texts(text) == ["Hold the line"]


def test_a_single_quote_opening_with_two_digits_is_a_quote() -> None:
    """‘20 opens a quote when its closing mark follows before another opens."""
    text = "‘20 people were hurt in the blast,’ the fire chief said."
    assert _texts(text) == ["20 people were hurt in the blast,"]
    text = "She said: '25 years is far too long to wait for a bridge.' Nobody argued."
    assert _texts(text) == ["25 years is far too long to wait for a bridge."]
    text = "The senator said in ‘08, after the vote, that he would stay."
    assert _texts(text) == []


def test_an_empty_pair_of_marks_quotes_nothing_and_leaves_nothing_open() -> None:
    """“” (words a cleaning step removed) is no quote, and the words after it are none either."""
    text = "The council met on Tuesday.\n\n“” said the mayor, who chaired the meeting.\n\nIt ended."
    assert _texts(text) == []
    text = '"" said the mayor at the start of the meeting, and left early.'
    assert _texts(text) == []
    text = "“” said the mayor. Later she added: “We have the money for the bridge.”"
    assert _texts(text) == ["We have the money for the bridge."]
