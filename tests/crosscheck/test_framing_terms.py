"""Contested terms (``crosscheck.framing.framing``): a term's pattern is tried only where one of
its forms starts in the lowercased text, with the hits of a search of the whole text."""

from __future__ import annotations

import random
import re

from newsfuse.crosscheck.framing import Family, _families, load_families
from newsfuse.textsearch import lowered

FAMILIES = """{"families": {"force": {
    "invasion": ["invasion", "invade", "invaded"],
    "war": ["war", "war crimes", "civil war"],
    "special operation": ["special military operation", "special operation"]
}}}"""


def _spans(ms: list[re.Match[str]]) -> list[tuple[int, int]]:
    return [m.span() for m in ms]


def _check(fam: Family, text: str) -> None:
    for i, (_, pat) in enumerate(fam.terms):
        assert _spans(fam.hits(i, text, lowered(text))) == _spans(list(pat.finditer(text))), (
            i,
            text,
        )


def test_hits_are_those_of_a_search_of_the_whole_text() -> None:
    (fam,) = _families(FAMILIES)
    for text in (
        "The WAR began; a civil war, a prewar plan, war-torn towns and war crimes.",
        "Civil War crimes: the civil war crimes tribunal.",  # overlapping forms, longest first
        "They invaded. Invasion! an invade-r, INVADED",
        "A Special Military Operation, a special operation, special operations.",
        "Nothing here.",
        "",
        "war",
        "\u212aremlin's war and the \u017fpecial operation, \u0130nvasion",  # folded letters
    ):
        _check(fam, text)


def test_hits_match_the_full_search_on_random_texts() -> None:
    (fam,) = _families(FAMILIES)
    pieces = [
        "war",
        "War",
        "civil",
        " ",
        "-",
        "crimes",
        "invad",
        "ed",
        "e",
        "special",
        "s",
        "operation",
        "military",
        ".",
        "\u212a",
        "pre",
        "\u0130",
        "'",
        "\n",
    ]
    rng = random.Random(7)
    for _ in range(2000):
        _check(fam, "".join(rng.choice(pieces) for _ in range(rng.randrange(12))))


def test_the_default_families_are_read_once_and_searched_the_same_way() -> None:
    fams = load_families()
    assert fams == load_families() and fams[0] is load_families()[0]
    text = "The invasion, or the special military operation, as Moscow calls it; the WAR."
    for fam in fams:
        _check(fam, text)


SINGLE = re.compile(r"(?<![\w])'(?=\w)(.+?)(?<=[\w.,!?])'(?![\w])", re.DOTALL)


def test_single_quoted_passages_are_the_patterns_matches() -> None:
    from newsfuse.crosscheck.framing import single_quoted

    def check(text: str) -> None:
        assert single_quoted(text) == [m.span() for m in SINGLE.finditer(text)], text

    for text in (
        "He called it 'a disaster.' Then 'no' and 'yes'",
        "the 'unclosed quote and the people's choice",
        "'a' 'b'c' 'd!'",
        "''x'' x'y 'é' '1'",
        "",
        "'",
    ):
        check(text)
    pieces = ["'", "a", "b", "é", "1", "_", " ", ".", ",", "!", "?", "\n", "-", "’"]
    rng = random.Random(11)
    for _ in range(3000):
        check("".join(rng.choice(pieces) for _ in range(rng.randrange(16))))
