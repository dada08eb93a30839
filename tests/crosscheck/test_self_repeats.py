"""An article that holds its own text twice (uncleaned: an HTML page's extraction, a stored
analysis) states each fact, quote and timeline entry once, citing itself once (invented texts)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from tests.crosscheck.test_story_checks import story_records

from newsfuse.crosscheck.coverage import coverage
from newsfuse.crosscheck.facts import align_facts, to_fact
from newsfuse.crosscheck.quotes import group_quotes
from newsfuse.crosscheck.timeline import build_timeline
from newsfuse.model import Article

pytestmark = pytest.mark.slow

BODY = (
    "The Riverton bridge reopened on Tuesday, March 5, after floods closed it for nine days, "
    "the city council said. Repairs cost 2 million dollars, Mayor Ana Lopez said. "
    "The floods also closed three schools and the Riverton market near the river for a week. "
    '"The engineers worked through the night to get the town moving again," Lopez told '
    "reporters at the town hall."
)
STORY = {
    # a live blog whose page holds its summary twice
    "a": ("Alpha Times", f"{BODY}\n\n{BODY}"),
    "b": (
        "Beta News",
        "The Riverton bridge reopened on Tuesday, March 5, after floods had closed it for nine "
        'days, council officials said. "The engineers worked through the night to get the town '
        'moving again," Mayor Ana Lopez said.',
    ),
}


@pytest.fixture(scope="module")
def story(nlp):  # noqa: ANN001, ANN201
    arts = [
        Article(id=k, text=t, source=s, title="Bridge reopens", published=date(2024, 3, 7))
        for k, (s, t) in STORY.items()
    ]
    return story_records(arts, nlp)


def test_a_fact_is_stated_once_and_cites_each_article_once(story) -> None:  # noqa: ANN001
    _, _, vectors, groups = story
    facts = [to_fact(vectors, c, groups) for c in align_facts(vectors, groups)]
    reopened = [f for f in facts if "reopened" in f.text]
    assert len(reopened) == 1
    assert Counter(c.article for c in reopened[0].citations) == {"a": 1, "b": 1}
    assert reopened[0].independent_sources == 2
    assert len({f.text for f in facts}) == len(facts)


def test_a_repeated_quote_is_one_quote_of_its_article(story) -> None:  # noqa: ANN001
    analyses, index, _, _ = story
    quotes = group_quotes(analyses, index.canonical_of)
    of_a = [q for q in quotes if "engineers worked" in q.text and "a" in q.articles]
    assert len(of_a) == 1
    assert Counter(c.article for c in of_a[0].citations)["a"] == 1
    for q in quotes:
        assert len(q.citations) == len(set(q.articles))


def test_a_timeline_entry_cites_each_article_once(story) -> None:  # noqa: ANN001
    analyses, _, vectors, groups = story
    entries = [e for e in build_timeline(analyses, vectors, groups=groups) if "reopened" in e.event]
    assert len(entries) == 1
    assert Counter(c.article for c in entries[0].citations) == {"a": 1, "b": 1}


def test_what_an_article_alone_reports_is_listed_once(story) -> None:  # noqa: ANN001
    _, _, vectors, groups = story
    facts = [to_fact(vectors, c, groups) for c in align_facts(vectors, groups)]
    of_a = next(c for c in coverage(story[0], vectors, facts) if c.article == "a")
    assert any("three schools" in t for t in of_a.unique_facts)  # only article a reports it
    assert len(of_a.unique_facts) == len(set(of_a.unique_facts))
