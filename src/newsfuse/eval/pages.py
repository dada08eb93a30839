"""Writing an evaluation's page (``--write-doc``) without losing what people wrote on it.

A page is generated from a run, except its last part: what is still weak, read off the figures
by hand. Rewriting the page keeps that part (from its "## What is weak" or "## What is still
weak" heading to the end) when the generated text has none of its own.
"""

from __future__ import annotations

import re
from pathlib import Path

HAND_WRITTEN = re.compile(r"^## What is (?:still )?weak\b", re.MULTILINE)


def merged_page(old: str | None, generated: str) -> str:
    """``generated``, followed by the hand-written tail of ``old`` (the page as it stands)."""
    m = HAND_WRITTEN.search(old) if old else None
    if m is None or old is None or HAND_WRITTEN.search(generated):
        return generated
    return generated.rstrip("\n") + "\n\n" + old[m.start() :]


def write_page(path: Path, generated: str) -> None:
    """Write ``generated`` to ``path``, keeping the page's hand-written tail (``merged_page``)."""
    old = path.read_text("utf-8") if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(merged_page(old, generated), "utf-8")
