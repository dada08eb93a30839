"""Golden tests of the cleaner on the five real example articles (read from ../shared at run time).

Only short phrases are written here: what must go, and the first and last words of body sentences
that must stay. The body check is exhaustive: every sentence of the body, as cut below, must be in
the cleaned text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsfuse.clean import clean_article
from newsfuse.ingest.text import read_text
from newsfuse.model import Article

pytestmark = pytest.mark.slow

FILES = {
    "000": "000_64d75e3eda37c051.txt",
    "001": "001_9a5bfc5d0ae77d60.txt",
    "002": "002_04e78b92e40742d0.txt",
    "003": "003_a26b109047aabaa8.txt",
    "004": "004_b96d5a1accf13394.txt",
}

# phrases that must not remain after cleaning (page furniture)
GONE = {
    "000": ["Image: AP, Facebook/@Yoshimasa Hayashi"],
    "001": [
        "Newsletter Signup Register / Login",
        "Photo: AP/Pool",
        "0 Comments",
        "© KYODO",
        "©2022 GPlusMedia Inc.",
        "TAKE A QUICK SURVEY",
        "Tell us your thoughts",
        "Login to comment",
        "A mix of what's trending",
        "GaijinPot Blog",
        "Savvy Tokyo",
        "Facebook Connect",
    ],
    "002": [
        "speaks to the press at the Foreign Ministry",
        "15:47 JST",
        "POPULAR ARTICLE",
        "JN ACCESS RANKING",
        "Docomo Aims to Commercialize",
        "Patriotic Education",
    ],
    "004": ["Advert", "send it to UNILAD", "Topics: Russia, World News"],
}
# lines that must not remain as a line of their own
GONE_LINES = {"001": ["politics", "TOKYO"], "002": ["-"]}


def _load(example_dir: Path, key: str) -> Article:
    path = example_dir / FILES[key]
    return read_text(path.read_text(encoding="utf-8"), id=key, path=str(path))


# the body of each example: from the line starting with the first phrase to the line starting
# with the second (inclusive), as a reader would mark it
BODY = {
    "000": ("As the Russia-Ukraine conflict", "In addition, the government would"),
    "001": ("The foreign ministers of Japan", "Japan has set up a temporary"),
    "002": ("Foreign Minister Yoshimasa Hayashi held", "The U.S. sanctions are targeting"),
    "003": ("Japan and the United States", "Hayashi and Prime Minister Fumio Kishida"),
    "004": ("Japan has said it stands", "Foreign ministers from each country"),
}


def _body_sentences(raw: str, key: str) -> list[str]:
    """Every sentence of the body lines (subheads of fewer than 8 words aside)."""
    first, last = BODY[key]
    lines = [ln.strip() for ln in raw.splitlines()]
    start = next(i for i, ln in enumerate(lines) if ln.startswith(first))
    end = next(i for i, ln in enumerate(lines) if ln.startswith(last))
    out = []
    for line in lines[start : end + 1]:
        if len(line.split()) < 8 or line == "Advert" or re.fullmatch(r"'[^.!?]+'", line):
            continue
        out.extend(s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“‘'\"])", line) if s)
    return out


@pytest.fixture(scope="module")
def cleaned(example_dir: Path) -> dict[str, tuple[Article, Article]]:
    out = {}
    for key in FILES:
        art = _load(example_dir, key)
        res = clean_article(art)
        assert isinstance(res, Article), res
        out[key] = (art, res)
    return out


@pytest.mark.parametrize("key", sorted(GONE))
def test_furniture_is_removed(cleaned, key: str) -> None:
    _, res = cleaned[key]
    for phrase in GONE[key]:
        assert phrase not in res.text, phrase
    lines = {ln.strip() for ln in res.text.splitlines()}
    for line in GONE_LINES.get(key, []):
        assert line not in lines, line


@pytest.mark.parametrize("key", sorted(FILES))
def test_every_body_sentence_stays(cleaned, key: str) -> None:
    raw, res = cleaned[key]
    sentences = _body_sentences(raw.text, key)
    assert len(sentences) >= 8
    missing = [s for s in sentences if s not in res.text]
    assert not missing, missing[:3]


@pytest.mark.parametrize("key", sorted(FILES))
def test_removed_lines_are_accounted_for(cleaned, key: str) -> None:
    raw, res = cleaned[key]
    kept = res.text
    assert res.raw == raw.text
    for line in raw.text.splitlines():
        line = line.strip()
        if line and line not in kept:
            assert any(r.line == line for r in res.removed), line
    assert all(r.reason for r in res.removed)


def test_reasons_on_examples(cleaned) -> None:
    reasons = {k: {r.line: r.reason for r in v[1].removed} for k, v in cleaned.items()}
    assert reasons["001"]["Newsletter Signup Register / Login"] == "login prompt"
    assert reasons["001"]["TOKYO"] == "dateline"
    assert reasons["001"]["politics"] == "section label"
    assert reasons["001"]["© KYODO"] == "copyright"
    assert reasons["001"]["TAKE A QUICK SURVEY AND WIN AN AMAZON GIFT CARD!"] == "survey prompt"
    assert reasons["002"]["15:47 JST, February 26, 2022"] == "dateline"
    assert reasons["004"]["Advert"] == "advert"
    assert reasons["000"]["Image: AP, Facebook/@Yoshimasa Hayashi"] == "photo credit"
    cap = [r for line, r in reasons["002"].items() if line.startswith("Foreign Minister Yoshimasa")]
    assert cap == ["photo caption"]


def test_titles_and_dates_from_header(cleaned) -> None:
    _, a001 = cleaned["001"]
    assert a001.title is not None and a001.title.startswith("Japan, U.S. agree impact")
    assert any(r.reason == "title" and r.line == a001.title for r in a001.removed)
    _, a002 = cleaned["002"]
    assert a002.title is not None and a002.title.startswith("Japan, U.S. foreign ministers")
    assert str(a002.published) == "2022-02-26" and a002.date_method == "dateline"
    _, a004 = cleaned["004"]
    assert a004.published is None and a004.published_partial == "XXXX-02-22"
    assert a004.text.count("Today, February 22, Japan confirmed") == 1
    _, a000 = cleaned["000"]
    assert a000.title is None  # the first line is body, not a heading
    assert str(a000.published) == "2022-02-26" and a000.date_method == "header line"


def test_quoted_subheads_go_as_subheads(cleaned) -> None:
    _, a000 = cleaned["000"]
    subs = [r.line for r in a000.removed if r.reason == "subhead"]
    assert len(subs) == 2 and all(s.startswith("'") for s in subs)


def test_bodies_start_and_end_where_the_articles_do(cleaned) -> None:
    # everything before the first and after the last body line is gone (001: the survey prompt
    # and all the widgets and lists after it; 002: the popular-articles list)
    for key, (first, last) in BODY.items():
        _, res = cleaned[key]
        assert res.text.startswith(first), key
        last_para = res.text.split("\n\n")[-1]
        assert last_para.startswith(last), key
