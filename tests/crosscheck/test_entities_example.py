"""Golden test of entity merging on the five example articles (read from ../shared at run time)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.analyze.pipeline import analyze_many
from newsfuse.crosscheck.entities import EntityIndex, merge_entities
from newsfuse.model import Article

pytestmark = pytest.mark.slow


def _articles(example_dir: Path) -> list[Article]:
    return [
        Article(p.stem, p.read_text(encoding="utf-8")) for p in sorted(example_dir.glob("*.txt"))
    ]


@pytest.fixture(scope="module", params=["raw", "cleaned"])
def index(request, example_dir: Path, nlp) -> EntityIndex:
    articles = _articles(example_dir)
    if request.param == "cleaned":
        from newsfuse.clean import clean_articles

        articles = [a for a in clean_articles(articles) if isinstance(a, Article)]
        assert len(articles) == 5
    return merge_entities(list(analyze_many(articles, nlp)))


def test_hayashi_is_one_person_with_all_spellings(index: EntityIndex) -> None:
    hayashi = [e for e in index.entities if "Hayashi" in e.name or "Hayashi" in e.variants]
    assert len(hayashi) == 1
    person = hayashi[0]
    assert person.name == "Yoshimasa Hayashi" and person.type == "PERSON"
    assert {"Yohimasa Hayashi", "Hayashi Yoshimasa", "Hayashi", "Yoshimasa Hayashi"} <= set(
        person.variants
    )
    assert len(person.articles) == 5
    assert any("Foreign Minister" in t for t in person.titles)


def test_no_organisation_named_hayashi(index: EntityIndex) -> None:
    assert not any(e.type == "ORG" and "Hayashi" in " ".join(e.variants) for e in index.entities)
    for m in index.relabeled:
        if m.text == "Hayashi":
            assert m.label == "PERSON" and m.canonical == "Yoshimasa Hayashi"


def test_blinken_and_kishida_merged(index: EntityIndex) -> None:
    blinken = index.get("Antony Blinken")
    assert blinken is not None and {"Antony Blinken", "Blinken"} <= set(blinken.variants)
    assert any("Secretary of State" in t for t in blinken.titles)
    kishida = index.get("Fumio Kishida")
    assert kishida is not None and "Kishida" in kishida.variants
    names = {e.name for e in index.entities}
    assert "Blinken" not in names and "Kishida" not in names


def test_gaijinpot_blog_is_not_a_person(index: EntityIndex) -> None:
    for e in index.entities:
        if "GaijinPot" in e.name:
            assert e.type != "PERSON"


def test_united_states_spellings_are_one_entity(index: EntityIndex) -> None:
    us = index.get("United States")
    assert us is not None and us.type == "GPE"
    assert {"U.S.", "US"} <= set(us.variants)
    assert len(us.articles) == 5
    washington = index.get("Washington")
    assert washington is None or "U.S." not in washington.variants


def test_title_only_mentions_resolve_to_hayashi(index: EntityIndex) -> None:
    texts = {m.text.lower() for m in index.title_mentions}
    assert "the top japanese diplomat" in texts
    assert all(m.canonical == "Yoshimasa Hayashi" for m in index.title_mentions)
    assert "top Japanese diplomat" in index.get("Yoshimasa Hayashi").titles


def test_sorted_by_salience(index: EntityIndex) -> None:
    keys = [(-len(e.articles), -len(e.mentions)) for e in index.entities]
    assert keys == sorted(keys)
