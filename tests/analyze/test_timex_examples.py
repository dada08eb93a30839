"""The TIMEX3 tagger on the real Japan-US call articles (read from ../shared at run time)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsfuse.analyze.timex import tag_timexes
from newsfuse.model import Article

pytestmark = pytest.mark.slow

REF = date(2022, 2, 26)


def values(nlp, path: Path) -> dict[str, set[str | None]]:
    text = path.read_text(encoding="utf-8")
    article = Article(id=path.stem, text=text, published=REF)
    out: dict[str, set[str | None]] = {}
    for t in tag_timexes(nlp(text), article, REF):
        assert text[t.span.start : t.span.end] == t.text
        out.setdefault(t.text.lower(), set()).add(t.value)
    return out


def one(example_dir: Path, prefix: str) -> Path:
    return next(example_dir.glob(f"{prefix}_*.txt"))


def test_saturday_call(nlp, example_dir: Path) -> None:
    found = values(nlp, one(example_dir, "000"))
    assert found["saturday"] == {"2022-02-26"}


def test_redated_article(nlp, example_dir: Path) -> None:
    found = values(nlp, one(example_dir, "001"))
    assert found["thursday"] == {"2022-02-24"}
    assert found["friday night"] == {"2022-02-25TNI"}
    assert found["25 minutes"] == {"PT25M"}


def test_future_sunday_night(nlp, example_dir: Path) -> None:
    found = values(nlp, one(example_dir, "002"))
    assert found["sunday night"] == {"2022-02-27TNI"}


def test_month_and_durations(nlp, example_dir: Path) -> None:
    found = values(nlp, one(example_dir, "003"))
    assert found["last month"] == {"2022-01"}
    assert found["the last two years"] == {"P2Y"}
    assert found["october"] == {"2021-10"}
