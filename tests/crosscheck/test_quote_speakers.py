"""The speaker a briefing shows for a quote: the entity's canonical name unless it glues words."""

from __future__ import annotations

from newsfuse.crosscheck.quotes import speaker_name
from newsfuse.model import Quote, Span


def _quote(speaker: str | None, span: tuple[int, int] | None = (0, 10)) -> Quote:
    return Quote(
        span=Span("a", 20, 40),
        text="the plan will work",
        speaker=speaker,
        speaker_span=Span("a", *span) if span else None,
        cue="said",
        cue_span=Span("a", 12, 16),
        direct=False,
    )


def test_canonical_name_completes_a_short_speaker() -> None:
    assert speaker_name(_quote("Hayashi"), lambda _s: "Yoshimasa Hayashi") == "Yoshimasa Hayashi"
    assert speaker_name(_quote("he"), lambda _s: "Yoshimasa Hayashi") == "Yoshimasa Hayashi"


def test_glued_entity_names_are_not_speakers() -> None:
    # NER glued a place to a full name, or a clock word to a company
    assert speaker_name(_quote("Rahm Emanuel"), lambda _s: "Japan Rahm Emanuel") == "Rahm Emanuel"
    assert speaker_name(_quote("BP"), lambda _s: "PM BP") == "BP"
    # a title the quote itself names is kept
    got = speaker_name(_quote("U.S. State Department"), lambda _s: "U.S. State Department")
    assert got == "U.S. State Department"


def test_pronoun_without_entity_has_no_speaker() -> None:
    assert speaker_name(_quote("they"), lambda _s: None) is None
    assert speaker_name(_quote(None, None), lambda _s: None) is None
