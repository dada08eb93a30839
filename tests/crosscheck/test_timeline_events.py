"""One timeline entry per event and day, over a small story written for the test: four outlets
(two of them carrying one wire service's copy) report a bridge closed on Thursday in their own
words; the same Thursday also holds a council vote and two visits by different people."""

from __future__ import annotations

from datetime import date

import pytest

from newsfuse.analyze.pipeline import analyze_many
from newsfuse.brief.assemble import apply_entities
from newsfuse.crosscheck.entities import merge_entities
from newsfuse.crosscheck.independence import independence_groups
from newsfuse.crosscheck.linker import story_linker
from newsfuse.crosscheck.similarity import StoryVectors
from newsfuse.crosscheck.timeline import DateWeights, build_timeline, rank_dates, top_entries
from newsfuse.ingest.source import load_registry
from newsfuse.model import Article, Span, TimelineEntry

pytestmark = pytest.mark.slow

FRIDAY = date(2024, 5, 10)
STORY = {
    "a": (
        "Alpha Times",
        None,
        "Bridge shut\n\nThe harbour authority closed the Kestrel Bridge on Thursday after a cargo "
        "ship struck one of its pillars. Engineers will inspect the pillar next week. The city "
        "council approved a budget of 40 million dollars for new flood defences on Thursday.",
    ),
    "b": (
        "Beta News",
        None,
        "Ship hits bridge\n\nA cargo ship hit a pillar of the Kestrel Bridge on Thursday, and the "
        "harbour authority shut the bridge to all traffic. Mayor Ana Lopez visited the damaged "
        "pillar on Thursday.",
    ),
    "c": (
        "Gamma Post",
        "Reuters",
        "Kestrel Bridge closed\n\nThe Kestrel Bridge was closed to traffic on Thursday after a "
        "cargo ship collided with one of its pillars, the harbour authority said. Governor Tom "
        "Reed visited the damaged pillar on Thursday.",
    ),
    "d": (
        "Delta Daily",
        "Reuters",
        "Kestrel Bridge closed\n\nThe Kestrel Bridge was closed to traffic on Thursday after a "
        "cargo ship collided with one of its pillars, the harbour authority said in a statement.",
    ),
}
THURSDAY = "2024-05-09"


@pytest.fixture(scope="module")
def entries(nlp) -> list[TimelineEntry]:  # noqa: ANN001
    from newsfuse.embed import load_encoder

    arts = [
        Article(id=k, text=t, source=s, wire=w, title=t.split("\n")[0], published=FRIDAY)
        for k, (s, w, t) in STORY.items()
    ]
    analyses = list(analyze_many(arts, nlp))
    index = merge_entities(analyses)
    analyses = apply_entities(analyses, index)
    plain = StoryVectors(analyses, index.canonical_of)
    vectors = StoryVectors(analyses, index.canonical_of, load_encoder().encode(plain.texts()))
    groups = independence_groups(arts, load_registry())
    return build_timeline(analyses, vectors, groups=groups, linker=story_linker(vectors))


def _on(entries: list[TimelineEntry], word: str) -> list[TimelineEntry]:
    return [e for e in entries if e.date.startswith(THURSDAY) and word in e.event]


def test_the_closure_is_one_entry_citing_every_outlet(entries: list[TimelineEntry]) -> None:
    closure = [e for e in entries if e.date.startswith(THURSDAY) and "Kestrel" in e.event]
    assert len(closure) == 1, [(e.date, e.event, e.articles) for e in entries]
    e = closure[0]
    assert set(e.articles) == {"a", "b", "c", "d"}
    # c and d carry one wire service's copy: three independent sources
    assert e.independent_sources == 3
    assert len(e.citations) == 4
    texts = {c.article: STORY[c.article][2][c.start : c.end] for c in e.citations}
    assert all("Kestrel" in t and "Thursday" in t for t in texts.values()), texts
    # the text shown is the first citation's sentence
    first = e.citations[0]
    assert e.event.split()[:4] == STORY[first.article][2][first.start : first.end].split()[:4]


def test_another_event_of_the_same_day_is_its_own_entry(entries: list[TimelineEntry]) -> None:
    budget = _on(entries, "budget")
    assert len(budget) == 1 and budget[0].articles == ("a",)
    assert not any("budget" in e.event for e in _on(entries, "Kestrel"))


def test_visits_by_different_people_stay_apart(entries: list[TimelineEntry]) -> None:
    visits = _on(entries, "visited")
    assert len(visits) == 2, [(e.event, e.articles) for e in visits]
    assert {v.articles for v in visits} == {("b",), ("c",)}


def _entry(day: str, *articles: str, independent: int | None = None) -> TimelineEntry:
    cites = tuple(Span(a, 0, 1) for a in articles)
    n = len(articles) if independent is None else independent
    return TimelineEntry(day, f"event {day}", cites, articles, n)


def test_days_rank_by_the_articles_that_tell_them_and_later_retellings() -> None:
    published = {"a": date(2024, 5, 1), "b": date(2024, 5, 1), "c": date(2024, 5, 9)}
    entries = [
        _entry("2024-05-01", "a", "b"),
        _entry("2024-05-01TNI", "a"),  # the same day, by the same article: counted once
        _entry("2024-04-20", "a", "c"),  # told by both, after the day
        _entry("2024-05", "c"),  # a month is not a day, nor a weekend
        _entry("2024-W18-WE", "a", "b", "c"),
    ]
    assert rank_dates(entries, published, DateWeights(later=0.0)) == [
        ("2024-04-20", 2.0),
        ("2024-05-01", 2.0),
    ]
    later = rank_dates(entries, published, DateWeights(later=0.5))
    assert later[0] == ("2024-04-20", 3.0)
    pub = rank_dates(entries, published, DateWeights(later=0.0, published=1.0))
    assert pub[0] == ("2024-05-01", 4.0)


def test_a_page_shows_the_entries_most_independent_sources_report() -> None:
    wire_copies = _entry("2024-05-02", "a", "b", "c", independent=1)
    three = _entry("2024-05-03", "d", "e", "f", independent=3)
    two = _entry("2024-05-01", "g", "h")
    shown = top_entries([wire_copies, three, two], [date(2024, 5, 2)], 2)
    assert shown == [two, three]  # in date order
