"""Unit tests of the name rules used by entity merging."""

from __future__ import annotations

import pytest

from newsfuse.crosscheck.entities_names import (
    acronym_of,
    alias_key,
    facility_core,
    initials,
    name_key,
    names_match,
    title_after,
    title_before,
    token_matches,
    trim_mention,
)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("U.S.", "us"),
        ("the United States", "united states"),
        ("Hayashi's", "hayashi"),
        ("Hayashi’s", "hayashi"),
        ("Kim Jong-un", "kim jong un"),
        ("José Álvarez", "jose alvarez"),
        ("Betty Ford Centre", "betty ford center"),
    ],
)
def test_name_key(text: str, key: str) -> None:
    assert name_key(text) == key


def test_aliases_and_acronyms() -> None:
    assert alias_key(name_key("USA")) == alias_key(name_key("the United States"))
    assert alias_key("washington") == "washington"
    assert acronym_of("U.S.") == "US"
    assert acronym_of("NATO") == "NATO"
    assert acronym_of("Nato") is None
    assert acronym_of("Japan") is None
    assert initials("North Atlantic Treaty Organization") == "NATO"
    assert initials("the Group of Seven") == "GS"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("yoshimasa hayashi", "hayashi yoshimasa", True),
        ("yoshimasa hayashi", "yohimasa hayashi", True),
        ("shunichi suzuki", "schunichi suzuki", True),
        ("mark jay heller", "mark heller", True),
        ("george w bush", "george bush", True),
        ("george h w bush", "george w bush", False),
        ("kim jong un", "kim jong il", False),
        ("john smith", "mary smith", False),
        ("tara reid", "harry reid", False),
        ("hayashi", "yoshimasa hayashi", False),
    ],
)
def test_names_match(a: str, b: str, same: bool) -> None:
    assert names_match(a, b) is same
    assert names_match(b, a) is same


def test_token_matches_surnames() -> None:
    assert token_matches("hayashi", "yoshimasa hayashi")
    assert token_matches("hayashi", "hayashi yoshimasa")
    assert token_matches("blinkenn", "antony blinken")  # a typo in a long word
    assert not token_matches("smith", "john smyth")  # short words must be exact
    assert not token_matches("reid", "tara reed")


def test_trim_mention() -> None:
    text = "Facebook/@Yoshimasa Hayashi"
    lo, hi, title = trim_mention(text, "PERSON")
    assert text[lo:hi] == "Yoshimasa Hayashi" and title is None
    text = "PM Kishida's"
    lo, hi, title = trim_mention(text, "PERSON")
    assert text[lo:hi] == "Kishida" and title == "PM"
    text = "GaijinPot Blog\n\nArt & Culture"
    lo, hi, _ = trim_mention(text, "PERSON")
    assert text[lo:hi] == "GaijinPot Blog"
    text = "Mr. Blinken"
    lo, hi, title = trim_mention(text, "PERSON")
    assert text[lo:hi] == "Blinken" and title is None  # an honorific is not a title
    text = "AP/Pool"
    assert trim_mention(text, "ORG")[:2] == (0, 7)  # only person names lose a prefix


def test_title_before_a_name() -> None:
    text = "He met U.S. Secretary of State Antony Blinken on Friday."
    start = text.index("Antony")
    lo, hi = title_before(text, start)
    assert text[lo:hi] == "U.S. Secretary of State"
    text = "said the Foreign Minister of Japan Yohimasa Hayashi."
    lo, hi = title_before(text, text.index("Yohimasa"))
    assert text[lo:hi] == "Foreign Minister of Japan"
    text = "It invaded Ukraine. Prime Minister Fumio Kishida said."
    lo, hi = title_before(text, text.index("Fumio"))
    assert text[lo:hi] == "Prime Minister"


def test_no_title_before_a_name() -> None:
    text = "Speaking to reporters, Hayashi said."
    assert title_before(text, text.index("Hayashi")) is None
    text = "Tokyo and Antony Blinken"
    assert title_before(text, text.index("Antony")) is None  # no role word
    text = "Yoshimasa Hayashi and Antony Blinken"
    # never reaches back over the previous name
    assert title_before(text, text.index("Antony"), floor=text.index(" and")) is None


def test_title_after_a_name() -> None:
    text = "Antony Blinken, the U.S. Secretary of State, said."
    lo, hi = title_after(text, len("Antony Blinken"))
    assert text[lo:hi] == "U.S. Secretary of State"
    text = "Hayashi, who spoke first, said."
    assert title_after(text, len("Hayashi")) is None


def test_facility_core() -> None:
    assert facility_core("betty ford treatment center") == "betty ford"
    assert facility_core("betty ford clinic") == "betty ford"
    assert facility_core("japan coast guard") == "japan coast guard"


def test_name_words_find_what_token_matches_finds():
    import random

    from newsfuse.crosscheck import entities_names as nm
    from newsfuse.crosscheck.entities import _NameWords

    rng = random.Random(11)
    words = [
        "kishida",
        "fumio",
        "blinken",
        "antony",
        "hayashi",
        "yoshimasa",
        "yohimasa",
        "lavrov",
        "sergei",
        "sergey",
        "biden",
        "joe",
        "putin",
        "vladimir",
        "kim",
        "jong",
        "un",
        "il",
        "obama",
        "barack",
        "hussein",
        "w",
        "bush",
        "george",
    ]
    keys = [" ".join(rng.sample(words, rng.randint(2, 4))) for _ in range(80)]
    keys += keys[:5]  # a key given twice
    index = _NameWords(keys)
    for token in [*words, "kishid", "blinkenn", "yoshimas", "xx", "sergeyy", "vladimirr"]:
        want = [k for k in dict.fromkeys(keys) if nm.token_matches(token, k)]
        assert index.names_with(token) == want, token


def test_matching_names_share_a_word() -> None:
    """The person-name merge compares only names that share a word (``key_tokens``): every pair
    ``names_match`` accepts among reorderings, typos, dropped middle names and initials does."""
    from itertools import combinations

    from newsfuse.crosscheck.entities_names import key_tokens, names_match

    names = [
        "yoshimasa hayashi", "hayashi yoshimasa", "yohimasa hayashi", "yoshimasa hayasi",
        "barack hussein obama", "barack obama", "barak obama", "george w bush",
        "george h w bush", "george bush", "betty joan ford", "bettie joan ford",
        "kim jong un", "kim jong il", "jong kim un", "anne marie smith", "ann mari smyth",
    ]  # fmt: skip
    matched = 0
    for a, b in combinations(names, 2):
        if names_match(a, b):
            matched += 1
            assert set(key_tokens(a)) & set(key_tokens(b)), (a, b)
    assert matched >= 8
