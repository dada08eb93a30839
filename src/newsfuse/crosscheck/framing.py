"""Framing: for the story's contested terms, which words each outlet uses, in its own voice or quoted.

Terms come in families of words outlets choose between for the same thing (``data/framing.json``:
"invasion", "aggression", "attack", "war", "special military operation"...). A family is *contested*
in a story when its articles use at least two of its terms. For each term we list the articles that
use it in their own voice and those that use it only inside quotation marks or a quote attributed
to someone else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from newsfuse.model import Analysis, FramingTerm, Span

QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"))


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    terms: tuple[tuple[str, re.Pattern[str]], ...]


def load_families(path: str | None = None) -> list[Family]:
    if path is None:
        text = resources.files("newsfuse.data").joinpath("framing.json").read_text("utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    out = []
    for name, terms in json.loads(text)["families"].items():
        pats = []
        for term, forms in terms.items():
            alt = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
            pats.append((term, re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.IGNORECASE)))
        out.append(Family(name, tuple(pats)))
    return out


def quoted_regions(an: Analysis) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks or inside extracted direct quotes."""
    text = an.article.text
    regions = [(q.span.start, q.span.end) for q in an.quotes if q.direct]
    for op, cl in QUOTE_PAIRS:
        if op == "'":
            pat = re.compile(r"(?<![\w])'(?=\w)(.+?)(?<=[\w.,!?])'(?![\w])", re.DOTALL)
        elif op == cl:
            pat = re.compile(
                re.escape(op) + r"([^" + re.escape(op) + r"\n]{1,600})" + re.escape(cl)
            )
        else:
            pat = re.compile(re.escape(op) + r"([^" + re.escape(cl) + r"]{1,1200})" + re.escape(cl))
        regions.extend((m.start(), m.end()) for m in pat.finditer(text))
    return regions


def framing(analyses: Sequence[Analysis], families: Sequence[Family]) -> list[FramingTerm]:
    out: list[FramingTerm] = []
    for fam in families:
        rows: list[FramingTerm] = []
        for term, pat in fam.terms:
            own: list[str] = []
            quoted: list[str] = []
            cites: list[Span] = []
            for an in analyses:
                regions = quoted_regions(an)
                hits = list(pat.finditer(an.article.text))
                if not hits:
                    continue
                inside = [any(s <= m.start() < e for s, e in regions) for m in hits]
                if not all(inside):
                    own.append(an.article.id)
                if any(inside):
                    quoted.append(an.article.id)
                cites.extend(Span(an.article.id, m.start(), m.end()) for m in hits)
            if own or quoted:
                rows.append(FramingTerm(term, tuple(own), tuple(quoted), fam.name, tuple(cites)))
        if len(rows) >= 2:
            rows.sort(key=lambda r: -len(set(r.articles) | set(r.quoted_in)))
            out.extend(rows)
    return out
