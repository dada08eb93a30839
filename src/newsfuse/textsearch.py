"""A case-insensitive pattern searched only where it can match: at the places where one of the
words it starts with begins in the lowercased text (``str.find`` is far faster than trying the
pattern at every position). Used by the contested terms of framing and the credit lines."""

from __future__ import annotations

import re
from collections.abc import Iterable

#: letters IGNORECASE matches to ASCII letters that ``str.lower`` does not turn into them
#: (İ ı ſ and the Kelvin sign): a text holding one is searched in full
FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


def lowered(text: str) -> str | None:
    """``text`` lowercased, or None when it holds a letter of ``FOLDS_TO_ASCII``."""
    return text.lower() if FOLDS_TO_ASCII.isdisjoint(text) else None


def matches_at_starts(
    pat: re.Pattern[str], text: str, low: str | None, starts: Iterable[str] | None
) -> list[re.Match[str]]:
    """The matches of ``pat`` in ``text``, as ``finditer`` finds them. With ``low`` (``text``
    lowercased, see :func:`lowered`) and ``starts`` (lowercased words every match of ``pat``
    begins with), the pattern is tried only where one of ``starts`` begins in ``low``: a match
    can begin nowhere else, and trying those places in order, each from the end of the last
    match on, is what ``finditer`` does. Without either, ``text`` is searched in full."""
    if low is None or starts is None:
        return list(pat.finditer(text))
    places: set[int] = set()
    for word in starts:
        at = low.find(word)
        while at >= 0:
            places.add(at)
            at = low.find(word, at + 1)
    out: list[re.Match[str]] = []
    end = 0
    for at in sorted(places):
        if at < end:
            continue
        m = pat.match(text, at)
        if m is not None:
            out.append(m)
            end = m.end()
    return out
