"""Per-outlet template lines learned from a collection of articles.

A line that appears (after normalisation) in at least ``min_count`` different articles of the same
``source`` is part of that outlet's page template: a newsletter box, a footer, a standard credit.
:func:`learn_templates` counts them; :func:`newsfuse.clean.clean_article` removes them with the
reason ``"outlet template (repeats in N articles of SOURCE)"``. Long prose lines (more than
``max_words`` words) are never templates, so a wire story syndicated twice is not eaten.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from newsfuse.model import Article

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def normalize_line(line: str) -> str:
    """Case-, space- and number-insensitive key of a line (``"© 2022 X"`` == ``"© 2023 x"``)."""
    return _SPACE.sub(" ", _DIGITS.sub("0", line.strip().lower()))


@dataclass(frozen=True, slots=True)
class Templates:
    """Template lines per source: ``lines[source][normalized line] = number of articles``."""

    lines: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def count(self, source: str | None, line: str) -> int:
        """In how many articles of ``source`` the line was seen (0 when it is not a template)."""
        if source is None:
            return 0
        return self.lines.get(source, {}).get(normalize_line(line), 0)


def learn_templates(
    articles: Sequence[Article], min_count: int = 3, max_words: int = 40
) -> Templates:
    """Lines repeated in at least ``min_count`` articles of one source (see module docstring)."""
    per_source: dict[str, Counter[str]] = {}
    for art in articles:
        if not art.source:
            continue
        raw = art.raw if art.raw is not None else art.text
        keys = {
            normalize_line(ln)
            for ln in raw.splitlines()
            if ln.strip() and len(ln.split()) <= max_words
        }
        per_source.setdefault(art.source, Counter()).update(keys)
    lines = {
        src: MappingProxyType({k: c for k, c in counts.items() if c >= min_count})
        for src, counts in per_source.items()
    }
    return Templates(MappingProxyType({s: v for s, v in lines.items() if v}))
