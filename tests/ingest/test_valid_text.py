"""Invalid characters (NUL, lone surrogates) are found as the pattern finds them."""

from __future__ import annotations

import random

from newsfuse.ingest.valid import INVALID, has_invalid, valid_text

PIECES = (
    "a",
    " ",
    "é",
    "ÿ",
    "€",
    "日",
    "🙂",
    "\x00",
    "\ud800",
    "\udfff",
    "\udc80",
    "\ud83d",
    "\ufffd",
)


def test_has_invalid_as_the_pattern() -> None:
    rng = random.Random(5)
    for _ in range(4000):
        text = "".join(
            rng.choice(PIECES[: rng.randrange(1, len(PIECES) + 1)])
            for _ in range(rng.randrange(0, 30))
        )
        assert has_invalid(text) == (INVALID.search(text) is not None), repr(text)
    assert not has_invalid("") and not has_invalid("plain") and not has_invalid("café 🙂")
    assert has_invalid("caf\x00é") and has_invalid("x\ud83d") and has_invalid("\udfff")


def test_valid_text_replaces_and_counts() -> None:
    assert valid_text("a\x00b\ud800c") == ("a\ufffdb\ufffdc", 2)
    assert valid_text("café 🙂") == ("café 🙂", 0)


def test_valid_page_is_valid_text_with_the_pages_utf8() -> None:
    """The HTML reader's check of a page: :func:`valid_text`'s answer, and the page's UTF-8
    exactly when nothing was replaced."""
    from newsfuse.ingest.html import valid_page

    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(
            rng.choice(PIECES[: rng.randrange(1, len(PIECES) + 1)])
            for _ in range(rng.randrange(0, 30))
        )
        fixed, replaced, utf8 = valid_page(text)
        assert (fixed, replaced) == valid_text(text), repr(text)
        assert utf8 == (text.encode("utf-8") if replaced == 0 else None), repr(text)
