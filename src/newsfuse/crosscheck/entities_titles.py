"""Titles of persons: found beside their names, and resolved when used alone.

A title is written right before a person's name ("U.S. Secretary of State Antony Blinken") or as
an appositive after it ("Hayashi, Japan's foreign minister,"). A definite title used alone
("the Japanese foreign minister", "the top Japanese diplomat") is resolved to the one person of
the story who carries that role with that place qualifier. Used by
:mod:`newsfuse.crosscheck.entities`; see docs/entities.md.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from newsfuse.crosscheck import entities_names as nm
from newsfuse.model import Span


@dataclass(slots=True)
class Titles:
    """Titles found for persons (by entity key), and the text ranges they cover per article."""

    by_root: dict[str, Counter[str]]
    ranges: dict[str, list[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class PersonMention:
    """A mention of a person: where it is (untrimmed NER span), whose it is, a cut-off title."""

    article: str
    start: int
    end: int
    root: str
    prefix_title: str | None = None


def find_titles(texts: Mapping[str, str], persons: Sequence[PersonMention]) -> Titles:
    """The titles written before or after each person mention, counted per person."""
    by_root: dict[str, Counter[str]] = defaultdict(Counter)
    ranges: dict[str, list[tuple[int, int]]] = defaultdict(list)
    person_ends: dict[str, list[int]] = defaultdict(list)
    for p in persons:
        person_ends[p.article].append(p.end)
    for p in persons:
        text = texts.get(p.article, "")
        if p.prefix_title:
            by_root[p.root][nm.clean_title(p.prefix_title)] += 1
        floor = max((e for e in person_ends[p.article] if e <= p.start), default=0)
        for found in (nm.title_before(text, p.start, floor), nm.title_after(text, p.end)):
            if found:
                by_root[p.root][nm.clean_title(text[found[0] : found[1]])] += 1
                ranges[p.article].append(found)
    return Titles(by_root, ranges)


def inside(span: Span, ranges: Mapping[str, list[tuple[int, int]]]) -> bool:
    """Whether ``span`` lies within one of the ranges of its article."""
    return any(lo <= span.start and span.end <= hi for lo, hi in ranges.get(span.article, ()))


_QUAL = r"(?:U\.S\.|[A-Z][\w.'’-]*)"
_TOP_DIPLOMAT = ("foreign minister", "secretary of state", "foreign secretary")


def _role_core(title: str, place_keys: set[str]) -> tuple[str, frozenset[str]]:
    """A title split into its role ("foreign minister") and its place qualifiers ({"japan"})."""
    words = [nm.name_key(w) for w in re.findall(r"U\.S\.|[\w.'’-]+", title)]
    quals = {nm.alias_key(w) for w in words if nm.alias_key(w) in place_keys}
    role = [w for w in words if nm.alias_key(w) not in place_keys and w not in {"the", "former"}]
    while role and role[-1] in nm.CONNECTORS:
        role = role[:-1]
    while role and role[0] in nm.CONNECTORS:
        role = role[1:]
    return " ".join(role), frozenset(quals)


def _qualifier_matches(qual: str, person_quals: frozenset[str]) -> bool:
    """Whether a written qualifier ("Japanese", "U.S.") names a place of the person's title."""
    q = nm.alias_key(nm.name_key(qual))
    if q in person_quals:
        return True
    # "Japanese" -> "japan", "American" -> "america" -> "united states"
    for pk in person_quals:
        if len(q) >= 4 and len(pk) >= 4 and q[:4] == pk[:4]:
            return True
        if nm.alias_key(q[:-1]) == pk or nm.alias_key(q[:-2]) == pk:
            return True
    return False


def resolve_title_mentions(
    texts: Mapping[str, str],
    titles: Titles,
    place_keys: set[str],
    person_spans: dict[str, list[tuple[int, int]]],
) -> list[tuple[str, Span, str]]:
    """Title-only mentions ("the Japanese foreign minister") of one titled person each."""
    cores: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
    for root, counter in titles.by_root.items():
        for title in counter:
            role, quals = _role_core(title, place_keys)
            if role and nm.has_role(role):
                cores[role].append((root, quals))
                if role in _TOP_DIPLOMAT:
                    cores["top diplomat"].append((root, quals))
    found: list[tuple[str, Span, str]] = []
    if not cores:
        return found
    roles = sorted((r for r in cores if r != "top diplomat"), key=lambda r: (-len(r), r))
    alts = "|".join(r"\s+".join(re.escape(w) for w in r.split()) for r in roles) or "(?!)"
    # definite only: "the (Japanese) foreign minister", "Japan's foreign minister"
    pattern = re.compile(
        rf"\b(?:[Tt]he\s+(?:(?P<q1>{_QUAL})\s+)?|(?P<q0>{_QUAL})['’]s\s+)"
        rf"(?:(?P<top>top\s+(?:(?P<q2>{_QUAL})\s+)?diplomat)|(?P<role>{alts}))\b(?!['’]?s\b)",
        flags=re.IGNORECASE,
    )
    for aid, text in texts.items():
        taken = mask(len(text), [*titles.ranges.get(aid, []), *person_spans.get(aid, [])])
        for m in _finditer_overlapping(pattern, text):
            lo, hi = m.start(), m.end()
            if any(taken[lo:hi]):
                continue
            if re.match(r"\s+(?:of\s+\S+\s+)?[A-Z][a-z]", text[hi : hi + 40]):
                continue  # a title before a name, handled as a title
            role = "top diplomat" if m.group("top") else " ".join(m.group("role").lower().split())
            qual = m.group("q0") or m.group("q1") or m.group("q2")
            if qual and qual.lower() in {"the", "a", "an", "his", "her", "its", "their"}:
                qual = None
            roots = {
                r
                for r, quals in cores.get(role, ())
                if qual is None or _qualifier_matches(qual, quals)
            }
            if len(roots) == 1:
                found.append((roots.pop(), Span(aid, lo, hi), text[lo:hi]))
                taken[lo:hi] = b"\x01" * (hi - lo)
    return found


def mask(n: int, ranges: Iterable[tuple[int, int]]) -> bytearray:
    """A byte per character of a text, 1 where one of ``ranges`` covers it."""
    out = bytearray(n)
    for lo, hi in ranges:
        lo, hi = max(0, lo), min(n, hi)
        if hi > lo:
            out[lo:hi] = b"\x01" * (hi - lo)
    return out


def _finditer_overlapping(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` that may overlap a refused earlier one (retry one word later)."""
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return
        yield m
        nxt = text.find(" ", m.start() + 1)
        pos = nxt + 1 if nxt >= 0 else len(text)
