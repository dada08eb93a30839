"""The text a timeline entry shows for a dated sentence."""

from __future__ import annotations

from newsfuse.crosscheck.timeline import MAX_EVENT_WORDS, event_text
from newsfuse.model import Span, Timex

FILLER = " ".join(f"word{i}" for i in range(40))


def timex_at(sentence: str, words: str, start: int = 100) -> Timex:
    at = sentence.index(words)
    return Timex(Span("a", start + at, start + at + len(words)), words, "DATE", "2024-05-03")


def test_a_short_sentence_is_shown_whole() -> None:
    s = "The harbor bridge closed on Friday after the storm."
    assert event_text(s, 100, timex_at(s, "on Friday")) == s


def test_a_long_sentence_is_cut_after_an_early_date() -> None:
    s = f"On Friday, the harbor bridge closed, {FILLER}."
    text = event_text(s, 100, timex_at(s, "On Friday"))
    assert text.startswith("On Friday") and text.endswith("…")
    assert len(text.split()) <= MAX_EVENT_WORDS + 1


def test_a_date_late_in_a_long_sentence_is_still_shown() -> None:
    s = f"Officials said {FILLER} before the harbor bridge closed yesterday, and more."
    text = event_text(s, 100, timex_at(s, "yesterday"))
    assert "closed yesterday" in text and text.startswith("… ")
    assert len(text.split()) <= MAX_EVENT_WORDS + 2  # the words and the two marks
    # white space is normalised before the words are counted
    spaced = s.replace(" before", "\n\n  before")
    assert event_text(spaced, 100, timex_at(spaced, "yesterday")) == text
