"""The learned day ranking (crosscheck/dates_model.py) on short analyses built here."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date
from importlib import resources

from newsfuse.crosscheck.dates_model import (
    FEATURES,
    MODEL_FILE,
    DateModel,
    date_model,
    day_features,
    day_mentions,
    day_scores,
)
from newsfuse.crosscheck.timeline import rank_dates, top_entries
from newsfuse.model import Analysis, Article, Sentence, Span, TimelineEntry, Timex


def _analysis(aid: str, published: date, text: str, dates: dict[str, str]) -> Analysis:
    """``text`` split at ". " into sentences; ``dates``: phrase -> TIMEX3 value (a phrase
    starting with a capital "T" of Tuesday/Today is relative)."""
    art = Article(id=aid, text=text, published=published)
    sentences, start = [], 0
    for part in text.split(". "):
        end = start + len(part)
        sentences.append(Sentence(Span(aid, start, end), text[start:end]))
        start = end + 2
    timexes = []
    for phrase, value in dates.items():
        at = text.index(phrase)
        relative = phrase in {"Tuesday", "yesterday", "today"}
        timexes.append(
            Timex(Span(aid, at, at + len(phrase)), phrase, "DATE", value, relative=relative)
        )
    timexes.sort(key=lambda t: t.span.start)
    return Analysis(article=art, sentences=tuple(sentences), timexes=tuple(timexes))


def _col(rows: dict[str, list[float]], day: str, name: str) -> float:
    return rows[day][FEATURES.index(name)]


def test_counts_split_by_when_each_article_was_published() -> None:
    ans = [
        # published the day before: announces the vote
        _analysis(
            "a",
            date(2011, 2, 1),
            "The vote is on February 2. Crowds gathered.",
            {"February 2": "2011-02-02"},
        ),
        # the same day, relative, in the lead
        _analysis(
            "b", date(2011, 2, 2), "People voted today. It was calm.", {"today": "2011-02-02"}
        ),
        # ten days later, full date, twice in one sentence counts once per sentence and day
        _analysis(
            "c",
            date(2011, 2, 12),
            "Background follows. More follows. And more. The vote of February 2 (2 February) was tense.",
            {"February 2": "2011-02-02", "2 February": "2011-02-02"},
        ),
        # a period bound is no event; a month is no day
        _analysis(
            "d",
            date(2011, 2, 12),
            "Protests since February 2 in February grew.",
            {"February 2": "2011-02-02", "February": "2011-02"},
        ),
    ]
    rows = day_features(ans)
    assert set(rows) == {"2011-02-02"}
    day = "2011-02-02"
    assert _col(rows, day, "log_articles") == math.log1p(3)
    assert _col(rows, day, "log_before") == math.log1p(1)
    assert _col(rows, day, "log_same_day") == math.log1p(1)
    assert _col(rows, day, "log_after") == math.log1p(1)
    assert _col(rows, day, "log_late") == math.log1p(1)
    assert _col(rows, day, "log_sentences") == math.log1p(3)
    assert _col(rows, day, "log_lead") == math.log1p(2)  # a and b, not c (its fourth sentence)
    assert _col(rows, day, "log_relative") == math.log1p(1)
    assert _col(rows, day, "log_explicit") == math.log1p(2)
    assert _col(rows, day, "log_published") == math.log1p(1)
    assert _col(rows, day, "share_articles") == 1.0
    assert _col(rows, day, "mean_log_days_after") == math.log1p(10)
    assert _col(rows, day, "position") == 1 / 11  # Feb 1 .. Feb 12
    assert _col(rows, day, "outside") == 0.0


def test_day_mentions_once_per_sentence_and_day() -> None:
    an = _analysis(
        "c",
        date(2011, 2, 12),
        "On February 2 (2 February) it began. By February 3 it was over",
        {"February 2": "2011-02-02", "2 February": "2011-02-02", "February 3": "2011-02-03"},
    )
    assert day_mentions(an) == [("2011-02-02", 0, False)]


def test_model_ranks_by_its_score() -> None:
    ans = [
        _analysis(
            "a",
            date(2011, 2, 3),
            "It began on February 1. Then February 2 came",
            {"February 1": "2011-02-01", "February 2": "2011-02-02"},
        ),
        _analysis("b", date(2011, 2, 3), "February 1 was the start", {"February 1": "2011-02-01"}),
    ]
    n = len(FEATURES)
    by_articles = DateModel(
        tuple(1.0 if f == "log_articles" else 0.0 for f in FEATURES), 0.0, (0.0,) * n, (1.0,) * n
    )
    scores = day_scores(ans, by_articles)
    assert scores["2011-02-01"] > scores["2011-02-02"]
    against = DateModel(tuple(-w for w in by_articles.weights), 0.0, (0.0,) * n, (1.0,) * n)
    scores = day_scores(ans, against)
    assert scores["2011-02-01"] < scores["2011-02-02"]


def test_shipped_model_matches_the_features() -> None:
    raw = json.loads(resources.files("newsfuse.data").joinpath(MODEL_FILE).read_text("utf-8"))
    assert raw["features"] == list(FEATURES)
    m = date_model()
    assert m is not None
    assert len(m.weights) == len(m.mean) == len(m.scale) == len(FEATURES)
    assert all(s > 0 for s in m.scale)


def _scored(day: str, score: float | None, *articles: str, independent: int = 1) -> TimelineEntry:
    cites = tuple(Span(a, 0, 1) for a in articles)
    return TimelineEntry(day, f"event {day}", cites, articles, independent, score)


def test_days_rank_by_their_learned_score_when_entries_carry_one() -> None:
    entries = [
        _scored("2024-05-01", -2.0, "a", "b", "c"),
        _scored("2024-05-02", 1.5, "a"),
        _scored("2024-05", None, "a", "b"),
    ]
    published = {"a": date(2024, 5, 3), "b": date(2024, 5, 3), "c": date(2024, 5, 3)}
    assert [d for d, _ in rank_dates(entries, published)] == ["2024-05-02", "2024-05-01"]
    by_count = rank_dates(entries, published, learned=False)
    assert [d for d, _ in by_count] == ["2024-05-01", "2024-05-02"]


def test_a_page_gives_one_entry_to_each_of_the_best_scored_days_first() -> None:
    busy = [_scored("2024-05-01", 0.5, *"abcd", independent=4 - k) for k in range(3)]
    quiet = _scored("2024-05-02", 2.0, "e")
    low = _scored("2024-05-03", -3.0, "f")
    month = _scored("2024-05", None, *"abcdefg", independent=5)
    entries = [*busy, quiet, low, month]
    # one entry for each of the two best days (the busy day's with most sources), in date order
    assert top_entries(entries, [date(2024, 5, 3)], 2) == [busy[0], quiet]
    # every day first, then the place left by sources: the month
    assert top_entries(entries, [date(2024, 5, 3)], 4) == [busy[0], quiet, low, month]
    # without scores: by independent sources alone, the busy day twice
    plain = [replace(e, day_score=None) for e in entries]
    assert top_entries(plain, [date(2024, 5, 3)], 3) == [plain[0], plain[1], plain[-1]]


def test_a_missing_or_stale_model_file_leaves_the_days_to_the_mention_count(monkeypatch) -> None:  # noqa: ANN001
    from newsfuse.crosscheck import dates_model as dm

    ans = [
        _analysis("a", date(2011, 2, 3), "It began on February 1", {"February 1": "2011-02-01"}),
        _analysis("b", date(2011, 2, 3), "February 2 came", {"February 2": "2011-02-02"}),
    ]
    monkeypatch.setattr(dm, "MODEL_FILE", "no_such_date_model.json")
    dm.date_model.cache_clear()
    try:
        assert dm.date_model() is None
        assert day_scores(ans) == {}
    finally:
        dm.date_model.cache_clear()
    other = {"features": ["x"], "weights": [1.0], "bias": 0.0, "mean": [0.0], "scale": [1.0]}
    assert dm.usable_model(json.dumps(other)) is None
    assert dm.usable_model('{"features": ') is None
    assert dm.usable_model(None) is None
    # the entries of such a briefing carry no score: the days rank by the articles telling them
    entries = [_scored("2024-05-01", None, "a", "b"), _scored("2024-05-02", None, "c")]
    published = {"a": date(2024, 5, 3), "b": date(2024, 5, 3), "c": date(2024, 5, 3)}
    assert [d for d, _ in rank_dates(entries, published)] == ["2024-05-01", "2024-05-02"]


def test_reference_rank_lifts_a_day_named_from_much_named_days() -> None:
    from newsfuse.crosscheck.dates_model import reference_rank

    # 03-01 and 03-02 are each named by one article; 03-01's was published on 03-05, a day
    # three articles name, 03-02's on 03-06, a day no article names
    links = [
        ("2011-03-05", "2011-03-01"),
        ("2011-03-06", "2011-03-02"),
        ("2011-03-07", "2011-03-05"),
        ("2011-03-08", "2011-03-05"),
        ("2011-03-09", "2011-03-05"),
    ]
    days = sorted({d for link in links for d in link})
    rank = reference_rank(links, days)
    assert set(rank) == set(days)
    assert rank["2011-03-01"] > rank["2011-03-02"] > rank["2011-03-07"]
    assert rank["2011-03-05"] > rank["2011-03-02"]
    # the ranks are log(n * PageRank): their exponentials average to 1
    assert math.isclose(sum(math.exp(v) for v in rank.values()) / len(days), 1.0)
    assert reference_rank([], []) == {}
    # no links (no article with a publication date): every day alike
    alike = reference_rank([], ["2011-03-01", "2011-03-02", "2011-03-03"])
    assert sorted(alike) == ["2011-03-01", "2011-03-02", "2011-03-03"]
    assert all(math.isclose(v, 0.0, abs_tol=1e-12) for v in alike.values())


def test_reference_rank_is_a_feature_of_each_day() -> None:
    ans = [
        _analysis("a", date(2011, 2, 3), "It began on February 1", {"February 1": "2011-02-01"}),
        _analysis("b", date(2011, 2, 4), "It ended on February 2", {"February 2": "2011-02-02"}),
        _analysis("c", date(2011, 2, 5), "On February 3 it grew", {"February 3": "2011-02-03"}),
        _analysis("d", date(2011, 2, 6), "Then February 3 came", {"February 3": "2011-02-03"}),
    ]
    rows = day_features(ans)
    # one article each names 02-01 and 02-02; 02-01's was published on a day two articles
    # name, 02-02's on a day none names
    assert _col(rows, "2011-02-01", "log_articles") == _col(rows, "2011-02-02", "log_articles")
    assert _col(rows, "2011-02-01", "log_reference_rank") > _col(
        rows, "2011-02-02", "log_reference_rank"
    )
