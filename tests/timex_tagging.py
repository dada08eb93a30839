"""The time expressions spaCy and the timex tagger find in a short text, for the rule tests."""

from __future__ import annotations

from datetime import date

from newsfuse.analyze.timex import tag_timexes
from newsfuse.model import Article

REF = date(2009, 6, 3)  # a Wednesday


def tag(nlp, text: str, ref: date | None = REF) -> dict[str, tuple[str, str | None]]:  # noqa: ANN001
    """{expression text: (type, value)} for ``text``."""
    found = tag_timexes(nlp(text), Article(id="t", text=text), ref)
    for t in found:
        assert text[t.span.start : t.span.end] == t.text
    return {t.text: (t.type, t.value) for t in found}
