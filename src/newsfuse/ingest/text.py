"""Plain-text articles.

The text stays raw here (the cleaner decides what is boilerplate); this reader only takes a leading
`` date YYYY-MM-DD`` header (as scraped files carry it, followed on the same line by the first
line of the text) into ``published``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from newsfuse.model import Article

HEADER_DATE = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})(?:[ \t]+|\s*\n)")


def split_header_date(text: str) -> tuple[date | None, str]:
    """``(date, rest)`` when the text starts with a `` date YYYY-MM-DD`` header, else ``(None, text)``."""
    m = HEADER_DATE.match(text)
    if not m:
        return None, text
    try:
        return date.fromisoformat(m.group(1)), text[m.end() :]
    except ValueError:
        return None, text


def read_text(text: str, *, id: str, path: str | None) -> Article:
    """An Article with the raw text (header date removed) and ``published`` from the header."""
    published, body = split_header_date(text)
    article = Article(id=id, text=body.replace("\r\n", "\n").replace("\r", "\n"), path=path)
    if published:
        article = replace(article, published=published, date_method="header line")
    return article
