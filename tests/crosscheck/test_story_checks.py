"""Facts, discrepancies and coverage over a small story written for the test: three outlets
report the same reopening, two disagree on the cost and on a name's spelling, one adds a detail
of its own and one leaves the reopening out."""

from __future__ import annotations

from datetime import date

import pytest

from newsfuse.analyze.pipeline import analyze_many
from newsfuse.brief.assemble import apply_entities
from newsfuse.crosscheck.coverage import coverage
from newsfuse.crosscheck.discrepancies import name_discrepancies, number_and_date_discrepancies
from newsfuse.crosscheck.entities import merge_entities
from newsfuse.crosscheck.facts import align_facts, to_fact
from newsfuse.crosscheck.independence import duplicate_pairs, independence_groups
from newsfuse.crosscheck.similarity import StoryVectors
from newsfuse.ingest.source import load_registry
from newsfuse.model import Article

pytestmark = pytest.mark.slow

REOPENED = "The Riverton bridge reopened on Tuesday after floods closed it for nine days"
STORY = {
    "a": (
        "Alpha Times",
        f"Bridge reopens\n\n{REOPENED}, the city council said. Repairs cost 2 million dollars, "
        "Mayor Ana Lopez said. The mayor thanked the engineers who had worked through the night "
        "to finish the repairs.",
    ),
    "b": (
        "Beta News",
        f"Riverton bridge open\n\n{REOPENED}, council officials said. Repairs cost 3 million "
        "dollars, according to Mayor Ana Lopes.",
    ),
    "c": (
        "Gamma Post",
        "Bridge back\n\nThe Riverton bridge reopened on Tuesday after floods had closed it for "
        "nine days, the council said. A local bakery handed out free bread to hundreds of "
        "drivers crossing the bridge on Tuesday morning.",
    ),
    "d": (
        "Delta Daily",
        "Council to meet\n\nThe Riverton council will meet on Friday to discuss new flood "
        "defences for the town centre, its chairman told reporters at the town hall.",
    ),
}


def story_records(arts: list[Article], nlp):  # noqa: ANN001, ANN201
    """The analyses (names merged), entity index, story vectors and independence groups a
    briefing's cross-check reads, for ``arts``."""
    analyses = list(analyze_many(arts, nlp))
    index = merge_entities(analyses)
    analyses = apply_entities(analyses, index)
    vectors = StoryVectors(analyses, index.canonical_of)
    groups = independence_groups(arts, load_registry(), duplicate_pairs(arts))
    return analyses, index, vectors, groups


@pytest.fixture(scope="module")
def story(nlp):  # noqa: ANN001, ANN201
    arts = [
        Article(id=k, text=t, source=s, title=t.split("\n")[0], published=date(2024, 3, 7))
        for k, (s, t) in STORY.items()
    ]
    analyses, index, vectors, groups = story_records(arts, nlp)
    clusters = align_facts(vectors, groups)
    facts = [to_fact(vectors, c, groups) for c in clusters]
    return analyses, index, vectors, clusters, facts


def test_the_shared_statement_is_one_fact_from_three_sources(story) -> None:  # noqa: ANN001
    analyses, _, _, _, facts = story
    reopened = [f for f in facts if "reopened on Tuesday" in f.text]
    assert len(reopened) == 1
    fact = reopened[0]
    assert fact.independent_sources == 3
    assert {c.article for c in fact.citations} == {"a", "b", "c"}
    text = {an.article.id: an.article.text for an in analyses}
    for c in fact.citations:  # every citation is the sentence itself
        assert text[c.article][c.start : c.end].startswith("The Riverton bridge reopened")
    # the costs differ: no fact claims the support of both
    assert not any("million" in f.text and len(f.citations) > 1 for f in facts)


def test_amounts_and_spellings_that_differ_are_discrepancies(story) -> None:  # noqa: ANN001
    analyses, index, vectors, _, _ = story
    numbers = number_and_date_discrepancies(analyses, vectors)
    assert [d.kind for d in numbers] == ["number"]
    values = {v.value: v.articles for v in numbers[0].values}
    assert values == {"2 million dollars": ("a",), "3 million dollars": ("b",)}
    text = {an.article.id: an.article.text for an in analyses}
    for v in numbers[0].values:
        for c in v.citations:
            assert text[c.article][c.start : c.end] == v.value
    names = name_discrepancies(index.entities)
    assert len(names) == 1 and names[0].kind == "name"
    assert {v.value: v.articles for v in names[0].values} == {
        "Ana Lopez": ("a",),
        "Ana Lopes": ("b",),
    }


def test_coverage_names_what_one_article_alone_reports_and_what_it_misses(
    story,  # noqa: ANN001
) -> None:
    analyses, _, vectors, clusters, facts = story
    stated = {k for c in clusters for k in c.refs}
    cover = {c.article: c for c in coverage(analyses, vectors, facts, stated)}
    assert cover["a"].unique_facts == (
        "The mayor thanked the engineers who had worked through the night to finish the repairs.",
    )
    assert any("bakery" in u for u in cover["c"].unique_facts)
    assert cover["b"].unique_facts == () and cover["b"].missing_facts == ()
    assert any("reopened on Tuesday" in m for m in cover["d"].missing_facts)
