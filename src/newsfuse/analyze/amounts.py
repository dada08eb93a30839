"""Amounts: numbers with their unit and what they count ("25 minutes", "three banks", "12%").

A number is a run of numeric tokens (digits, number words, "million"); its unit is a measure word
next to it (minutes, percent, dollars, km, ...) and what it counts is the noun it modifies
("three Russian banks" counts "banks"). Numbers inside calendar dates (years, days of a month) and
ordinals are left to the time-expression tagger.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsfuse.model import Amount, Article, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a dozen": 12,
    "dozen": 12,
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2000,
}
SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "mil": 1e6,
    "mil.": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "k": 1e3,
}
UNITS = {
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "decade",
    "percent",
    "%",
    "per cent",
    "percentage point",
    "dollar",
    "$",
    "yen",
    "¥",
    "euro",
    "€",
    "pound",
    "£",
    "yuan",
    "rupee",
    "ruble",
    "rouble",
    "km",
    "kilometer",
    "kilometre",
    "mile",
    "meter",
    "metre",
    "foot",
    "feet",
    "kg",
    "kilogram",
    "ton",
    "tonne",
    "barrel",
    "degree",
    "point",
    "acre",
    "hectare",
}
CURRENCY_PREFIX = {"$": "dollar", "¥": "yen", "€": "euro", "£": "pound", "US$": "dollar"}
NUM_RE = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?$")


def parse_number(words: list[str]) -> float | None:
    """The value of a run of number words/digits: "150,000" -> 150000, "30 mil." -> 3e7."""
    value: float | None = None
    for raw in words:
        w = raw.lower().strip()
        if NUM_RE.match(w):
            n = float(w.replace(",", ""))
            value = n if value is None else value + n
        elif w in WORDS:
            value = WORDS[w] if value is None else value + WORDS[w]
        elif w in SCALES:
            value = (value or 1) * SCALES[w]
        elif "-" in w and all(p in WORDS for p in w.split("-")):
            n = float(sum(WORDS[p] for p in w.split("-")))
            value = n if value is None else value + n
        elif w in {"and", "a"}:
            continue
        else:
            return None
    return value


def _is_number(tok: Token) -> bool:
    low = tok.lower_
    return (
        bool(NUM_RE.match(low))
        or low in WORDS
        or (low in SCALES and tok.i > 0 and _is_number(tok.doc[tok.i - 1]))
    )


def extract_amounts(doc: Doc, article: Article) -> list[Amount]:
    out: list[Amount] = []
    in_date = {
        t.i
        for e in doc.ents
        if e.label_ in {"DATE", "ORDINAL"}
        for t in e
        if not any(u in e.text.lower() for u in ("minute", "hour", "second"))
    }
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if not _is_number(tok) or tok.i in in_date or tok.like_url:
            i += 1
            continue
        j = i
        while j + 1 < n and (_is_number(doc[j + 1]) or doc[j + 1].lower_ in SCALES):
            j += 1
        words = [t.text for t in doc[i : j + 1]]
        value = parse_number(words)
        if value is None or (len(words) == 1 and words[0].lower() in {"one", "a"}):
            i = j + 1
            continue
        start_tok, end_tok = i, j
        unit: str | None = None
        prev = doc[i - 1] if i > 0 else None
        if prev is not None and prev.text in CURRENCY_PREFIX:
            unit, start_tok = CURRENCY_PREFIX[prev.text], i - 1
        nxt = doc[j + 1] if j + 1 < n else None
        # "25-minute": the hyphenated unit follows after a "-" token
        if nxt is not None and nxt.text == "-" and j + 2 < n:
            nxt, end_tok = doc[j + 2], j + 2
        if nxt is not None and unit is None:
            lemma = nxt.lemma_.lower()
            if lemma in UNITS or nxt.text in {"%", "percent"}:
                unit = "percent" if nxt.text == "%" else lemma
                end_tok = nxt.i
        counts = _counted_noun(doc, i, j, end_tok)
        if unit is None and counts is None:
            i = j + 1
            continue
        span_start = doc[start_tok].idx
        span_end = doc[end_tok].idx + len(doc[end_tok].text)
        out.append(
            Amount(
                span=Span(article.id, span_start, span_end),
                text=article.text[span_start:span_end],
                value=value,
                unit=unit,
                counts=counts,
            )
        )
        i = max(j, end_tok) + 1
    return out


def _counted_noun(doc: Doc, i: int, j: int, end_tok: int) -> str | None:
    """The noun a number (with its unit) modifies: "three banks", "a 25-minute conversation"."""
    head = doc[end_tok].head if end_tok > j else doc[j].head
    if head.i > end_tok and head.pos_ in {"NOUN", "PROPN"} and head.i - end_tok <= 4:
        return head.lemma_.lower()
    for k in range(end_tok + 1, min(end_tok + 4, len(doc))):
        t = doc[k]
        if t.pos_ == "NOUN":
            return t.lemma_.lower()
        if t.pos_ not in {"ADJ", "PROPN", "NUM", "ADV"}:
            break
    return None
