"""The date choice of ``newsfuse eval timeline --dates-only`` (eval/timeline_dates.py) on cases
and analyses written here."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from newsfuse.crosscheck.dates_model import FEATURES, DateModel, model_from_json
from newsfuse.eval import timeline_dates as td
from newsfuse.eval.timeline import Topic
from newsfuse.model import Analysis, Article, Sentence, Span, Timex

N = len(FEATURES)
ART = FEATURES.index("log_articles")
SAME = FEATURES.index("log_same_day")


def _row(articles: float, same_day: float) -> tuple[float, ...]:
    r = [0.0] * N
    r[ART], r[SAME] = articles, same_day
    return tuple(r)


def _case(topic: str, gold: set[str], rows: dict[str, tuple[float, ...]]) -> td.Case:
    days = tuple(sorted(rows))
    return td.Case(topic, f"{topic}/tl.txt", frozenset(gold), days, tuple(rows[d] for d in days))


# in every topic the timeline's days are the ones told the same day, whatever the mention count
def _cases() -> list[td.Case]:
    out = []
    for k, topic in enumerate(("haiti", "iraqwar", "libyawar")):
        out.append(
            _case(
                topic,
                {"2011-01-02", "2011-01-04"},
                {
                    "2011-01-01": _row(3.0 + k, 0.0),
                    "2011-01-02": _row(1.0, 1.0),
                    "2011-01-03": _row(2.0, 0.0),
                    "2011-01-04": _row(1.0, 1.0),
                },
            )
        )
    return out


def test_count_ranking_takes_most_mentioned_days_ties_to_the_earlier() -> None:
    c = _cases()[0]
    assert td.by_count(c) == ["2011-01-01", "2011-01-03", "2011-01-02", "2011-01-04"]
    assert td.f1(td.by_count(c), c) == 0.0  # two days kept, neither in the timeline


def test_the_fitted_model_learns_the_signal_and_scores_held_out_topics() -> None:
    cases = _cases()
    model = td.fit([c for c in cases if c.tuned])
    assert model.weights[SAME] > 0
    assert td.f1(td.by_model(cases[2], model), cases[2]) == 1.0
    table, loo = td.leave_one_out(cases)
    assert [t for t, _, _ in loo] == ["haiti", "iraqwar", "libyawar"]
    assert all(base == 0.0 and learned == 1.0 for _, base, learned in loo)
    assert "| mean over topics | | | 0.000 | 1.000 |" in table
    split = td.split_table(cases, model)
    assert "| reported: libyawar | 1 | 0.000 | 1.000 |" in split


def test_model_file_round_trips() -> None:
    cases = [c for c in _cases() if c.tuned]
    model = td.fit(cases)
    text = td.model_json(model, cases)
    assert json.loads(text)["rows"] == 8
    back = model_from_json(text)
    row = cases[0].rows[1]
    assert abs(back.score(row) - model.score(row)) < 1e-3


def test_cases_keep_the_articles_and_days_of_the_reference_span() -> None:
    def an(aid: str, published: date, text: str, value: str) -> Analysis:
        at = text.index("on ")
        art = Article(id=aid, text=text, published=published)
        t = Timex(Span(aid, at + 3, len(text)), text[at + 3 :], "DATE", value)
        return Analysis(art, (Sentence(Span(aid, 0, len(text)), text),), timexes=(t,))

    topic = Topic("haiti")
    topic.references = [
        ("haiti_bbc/tl.txt", {date(2010, 1, 12): ["Quake."], date(2010, 1, 14): ["Aid."]})
    ]
    analyses = [
        an("a", date(2010, 1, 13), "It struck on January 12", "2010-01-12"),
        an("b", date(2010, 1, 13), "Aid comes on January 20", "2010-01-20"),  # after the span
        an("c", date(2010, 2, 1), "Looking back on January 12", "2010-01-12"),  # out of the span
    ]
    (case,) = td.cases_of(topic, analyses)
    assert case.days == ("2010-01-12",)
    assert case.gold == {"2010-01-12", "2010-01-14"}
    assert case.rows[0][ART] == td.day_features([analyses[0]])["2010-01-12"][ART]


def test_write_date_model_needs_a_tuning_topic(shared_dir: Path) -> None:
    from typer.testing import CliRunner

    from newsfuse.cli.eval import app

    data = shared_dir / "data" / "timeline17-dev"
    args = ["timeline", "--data", str(data), "--topic", "egyptianprotest", "--write-date-model"]
    res = CliRunner().invoke(app, [*args, "--quiet"])
    assert res.exit_code == 2, res.output
    assert "NF913" in res.output and "Traceback" not in res.output, res.output


def test_a_model_of_other_features_is_refused() -> None:
    import pytest

    bad = json.dumps(
        {"features": ["x"], "weights": [1.0], "bias": 0.0, "mean": [0.0], "scale": [1.0]}
    )
    with pytest.raises(ValueError):
        model_from_json(bad)
    assert isinstance(model_from_json(td.MODEL_PATH.read_text("utf-8")), DateModel)


def test_dates_only_without_a_usable_model_file_is_a_numbered_error(
    shared_dir: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    from typer.testing import CliRunner

    from newsfuse.cli.eval import app
    from newsfuse.crosscheck import dates_model as dm

    monkeypatch.setattr(dm, "MODEL_FILE", "no_such_date_model.json")
    dm.date_model.cache_clear()
    try:
        data = shared_dir / "data" / "timeline17-dev"
        args = ["timeline", "--data", str(data), "--topic", "haiti", "--dates-only", "--quiet"]
        res = CliRunner().invoke(app, args)
    finally:
        dm.date_model.cache_clear()
    assert res.exit_code == 2, res.output
    assert "NF914" in res.output and "Traceback" not in res.output, res.output


def test_a_dates_cache_written_before_a_field_was_added_reads_as_today_s(
    tmp_path: Path,
    monkeypatch,  # noqa: ANN001
) -> None:
    """A cached analysis pickled when ``Analysis`` had one field less: its last field takes the
    default, as the full run's cache does (``_current``), instead of an object without it."""
    import dataclasses
    import pickle

    from newsfuse.eval import timeline as tl

    topic = Topic("haiti")
    topic.ids, topic.texts, topic.published = ["a"], ["It struck on Tuesday."], [date(2010, 1, 13)]
    art = Article(id="a", text=topic.texts[0], published=date(2010, 1, 13))
    an = Analysis(art, (Sentence(Span("a", 0, len(art.text)), art.text),))
    names = [f.name for f in dataclasses.fields(Analysis)]
    last = names[-1]
    with monkeypatch.context() as m:  # the form older code wrote: one field less
        m.setattr(Analysis, "__getstate__", lambda self: [getattr(self, n) for n in names[:-1]])
        data = pickle.dumps([an])
    path = tmp_path / f"haiti-{tl._digest(topic)}.dates.pkl"
    path.write_bytes(data)
    (back,) = tl.date_analyses(topic, None, tmp_path)  # the cache is read: no parser needed
    assert getattr(back, last) == getattr(an, last)
    assert back.sentences == an.sentences


def test_near_misses_months_and_other_numbers_of_dates() -> None:
    gold = {"2011-01-10", "2011-03-05"}
    c = _case("libyawar", gold, {d: _row(1.0, 0.0) for d in ("2011-01-11", "2011-02-20")})
    ranked = ["2011-01-11", "2011-02-20", "2011-03-05"]
    assert td.f1(ranked, c) == 0.0
    assert td.near_f1(ranked, c, 1) == 0.5  # 01-11 is a day from 01-10; 02-20 is far from both
    assert td.near_f1(ranked, c, 0) == 0.0
    assert td.near_f1(["2011-01-09", "2011-01-11"], c, 1) == 0.5  # one reference day, one match
    assert td.month_f1(ranked, c) == 0.5  # months 01, 02 against 01, 03
    assert td.unchosen_months(ranked, c) == 0.5  # 03-05 lies in a month with no chosen day
    assert td.f1_at(ranked, c, 3) == 2 / 5  # the third day is a reference day
    assert td.f1_at(ranked, c, 1) == 0.0


def test_misses_table_scores_each_topic_with_the_others_model() -> None:
    table = td.misses_table(_cases())
    rows = [line for line in table.splitlines() if line.startswith("| haiti/")]
    assert len(rows) == 1
    cells = [x.strip() for x in rows[0].strip("|").split("|")]
    assert cells[1:6] == ["2", "3", "4", "100%", "1.000"]  # dates, span, candidates, named, F1


def test_months_only_counts_month_expressions_against_days() -> None:
    text = "In March they met, on March 15 they spoke."
    art = Article(id="a", text=text, published=date(2011, 3, 20))
    month = Timex(Span("a", 3, 8), "March", "DATE", "2011-03")
    day = Timex(Span("a", 21, 29), "March 15", "DATE", "2011-03-15")
    year = Timex(Span("a", 0, 2), "In", "DATE", "2011")  # a year is neither
    an = Analysis(art, (Sentence(Span("a", 0, len(text)), text),), timexes=(month, day, year))
    assert td.months_only([an]) == 0.5
    assert td.months_only([]) == 0.0
