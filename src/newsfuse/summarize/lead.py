"""Lead baseline: the first sentences of each article, taken round robin."""

from __future__ import annotations

from collections.abc import Sequence

from newsfuse.summarize.units import Unit


def rank(units: Sequence[Unit]) -> list[Unit]:
    """Units ordered lead-first, round robin over articles (all first sentences, then seconds)."""
    return sorted(units, key=lambda u: (u.pos, u.doc))
