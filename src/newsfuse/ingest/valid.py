"""Making text valid Unicode at read: what cannot be stored, encoded or parsed is replaced.

A JSON string may hold a lone surrogate (``"\\ud800"``): Python keeps it, but it cannot be encoded
as UTF-8, so SQLite, spaCy and every writer fail on it. NUL characters cut strings short in C
libraries. Both are replaced by U+FFFD at read, and the article says so in a numbered note
(NF114), so nothing changes silently and one bad record never fails later stages.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from newsfuse.errors import E

if TYPE_CHECKING:
    from newsfuse.model import Article

INVALID = re.compile("[\ud800-\udfff\x00]")
REPLACEMENT = "\ufffd"


def valid_text(text: str) -> tuple[str, int]:
    """``text`` with lone surrogates and NUL characters replaced by U+FFFD, and how many."""
    if not has_invalid(text):
        return text, 0
    return INVALID.subn(REPLACEMENT, text)


def has_invalid(text: str) -> bool:
    """Whether ``text`` holds a NUL or a lone surrogate (what :data:`INVALID` finds): a NUL is
    looked for directly, and only a string with a surrogate cannot be encoded as UTF-8, which
    runs several times as fast as the pattern's search over a page."""
    if "\x00" in text:
        return True
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def note(replaced: int) -> str:
    """The numbered note recording ``replaced`` invalid characters."""
    return f"[{E.INVALID_CHARS.code}] {replaced} {E.INVALID_CHARS.text} (replaced by U+FFFD)"


_FIELDS = ("id", "text", "title", "source", "url", "path", "raw")


def valid_article(article: Article) -> Article:
    """``article`` with every text field valid (see :func:`valid_text`), noted when changed."""
    changes: dict[str, Any] = {}
    total = 0
    for name in _FIELDS:
        value = getattr(article, name)
        if isinstance(value, str):
            fixed, n = valid_text(value)
            if n:
                changes[name] = fixed
                total += n if name != "raw" else 0  # ``raw`` repeats the text it was read as
    if not changes:
        return article
    return replace(article, **changes, notes=(*article.notes, note(max(total, 1))))
