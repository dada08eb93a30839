"""Quote extraction on the real example articles in ../shared (read at run time)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.analyze.quotes import extract_quotes
from newsfuse.analyze.quotes_marks import find_marked_quotes
from newsfuse.model import Article, Quote

pytestmark = pytest.mark.slow


def _run(nlp, example_dir: Path, prefix: str) -> tuple[str, list[Quote]]:  # noqa: ANN001
    path = next(example_dir.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    return text, extract_quotes(nlp(text), Article(id=prefix, text=text))


def test_speaker_after_quote_and_pronoun_speaker(nlp, example_dir) -> None:  # noqa: ANN001
    text, quotes = _run(nlp, example_dir, "003")
    direct = [q for q in quotes if q.direct]
    hayashi = [q for q in direct if q.speaker == "Hayashi" and q.cue == "said"]
    assert len(hayashi) == 2  # the quote and its continuation after "Hayashi said."
    assert hayashi[0].cue_span == hayashi[1].cue_span
    emanuel = [q for q in direct if q.speaker == "Rahm Emanuel"]
    assert len(emanuel) == 1
    span = emanuel[0].speaker_span
    assert span is not None and text[span.start : span.end] == "he"
    assert emanuel[0].cue == "told"


def test_british_quote_over_two_paragraphs_with_pronoun(nlp, example_dir) -> None:  # noqa: ANN001
    text, quotes = _run(nlp, example_dir, "004")
    stated = [q for q in quotes if q.direct and q.cue == "stated" and q.speaker_span]
    first = min(stated, key=lambda q: q.span.start)
    assert first.speaker == "Hayashi Yoshimasa"
    assert text[first.speaker_span.start : first.speaker_span.end] == "He"
    assert "\n" in text[first.span.start : first.span.end]  # runs into the next paragraph
    assert "\n" not in first.text and "'" not in first.text[:1]
    # apostrophes inside the quotes did not cut them short
    assert all(not q.text.endswith(("Russia", "Japan")) for q in quotes if q.direct)


def test_unnamed_official_and_partial_quotes(nlp, example_dir) -> None:  # noqa: ANN001
    text, quotes = _run(nlp, example_dir, "001")
    official = [q for q in quotes if q.speaker == "a Foreign Ministry official"]
    assert len(official) == 1 and official[0].direct
    # a one-word quoted term is reported only when a cue verb governs it
    short = [q for q in quotes if q.direct and len(q.text.split()) == 1]
    assert short and all(q.cue for q in short)
    # "in what were called 'peacekeeping'": "what" names nobody, so that term has no speaker
    assert [q.speaker for q in short if q.speaker] == ["Yoshimasa Hayashi"]
    marked = [m for m in find_marked_quotes(text) if len(m.text(text).split()) == 1]
    assert len(short) < len(marked)  # the ungoverned ones are dropped
    rau = [q for q in quotes if q.speaker == "Rau"]
    assert rau and not rau[0].direct and rau[0].cue == "saying"
