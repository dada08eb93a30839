"""Credits (``ingest.source.detect_credits``): the credit pattern is tried only where a credit
can start (an alias or a template's leading words) in the lowercased text, with the matches of
a search of the whole text."""

from __future__ import annotations

import random

from newsfuse.ingest.source import credit_matches, detect_credits, load_registry


def _check(text: str) -> None:
    reg = load_registry()
    want = [m.span() for m in reg.credit_re.finditer(text)]
    assert [m.span() for m in credit_matches(text, reg)] == want, text


def test_credits_are_found_as_by_the_full_search() -> None:
    reg = load_registry()
    assert reg is load_registry()  # the packaged registry is read once
    for text in (
        "According to the Kyodo news agency, the talks ended. Reuters reported it too.",
        "Citing AFP, the paper said; told the AP; as per the Yomiuri newspaper",
        "KYODO NEWS SAID, Reuters reports and reutersreported; map said",
        "according to Kyodo said it, citing Reuters reported",  # overlapping credits
        "Nikkei said \u212ayodo reported",  # a letter only case folding makes ASCII
        "",
    ):
        _check(text)
    assert detect_credits("According to Kyodo, and Kyodo said so.", reg) == ("Kyodo News",)


def test_credits_match_the_full_search_on_random_texts() -> None:
    pieces = [
        "according to",
        "as per",
        "the",
        " ",
        "Kyodo",
        "kyodo",
        "Reuters",
        "AP",
        "ap",
        "news agency",
        "said",
        "reported",
        "citing",
        "cited by",
        "told",
        "map",
        ",",
        ".",
        "-",
        "\n",
        "x",
        "Xinhua",
        "K",
    ]
    rng = random.Random(13)
    for _ in range(3000):
        _check("".join(rng.choice(pieces) for _ in range(rng.randrange(14))))
