"""`opens_sentence` reads only the end of the text before a candidate, and says what the
sentence-start pattern says of the whole text before it."""

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.analyze.timex_values import SENTENCE_START, opens_sentence

TEXTS = st.text(alphabet=" \n\t.!?:;,'\"`aZ\u2003", max_size=40)


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.data())
def test_same_answer_as_the_whole_text_before(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    assert opens_sentence(text, start) == bool(SENTENCE_START.search(text[:start]))


def test_examples() -> None:
    assert opens_sentence("Now, he said.", 0)
    assert opens_sentence('He left. "Now, we go."', 10)
    assert opens_sentence("A line\n  Now, then", 9)
    assert not opens_sentence("He said now, then", 8)
    # a window starting inside the text is not the text's start
    assert not opens_sentence("x" + " " * 300 + "Now", 301)
    assert opens_sentence("." + " " * 300 + "Now", 301)
