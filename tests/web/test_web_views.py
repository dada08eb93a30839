"""The pieces the web pages are drawn from: text segments, folded copies, framing per outlet,
the timeline's dates."""

from __future__ import annotations

from datetime import date

from newsfuse.model import Article, Briefing, FramingTerm, LoadedPhrase, Span
from newsfuse.web.data import entity_key
from newsfuse.web.views import fold_copies, framing_by_outlet, segments, timeline_svg, timex_day


def test_segments_cover_the_text_and_anchor_every_span() -> None:
    text = "Alpha beta gamma delta."
    spans = [Span("a", 0, 10), Span("a", 6, 16), Span("a", 6, 10), Span("a", 20, 99)]
    segs = segments(text, spans)
    assert "".join(s.text for s in segs) == text
    assert [s.start for s in segs] == [0, 6, 10, 16]
    assert {a for s in segs for a in s.anchors} == {"c=0-10", "c=6-16", "c=6-10"}
    assert [s.cited for s in segs] == [True, True, True, False]


def test_wire_copies_and_near_duplicates_fold_under_their_original() -> None:
    kyodo = Article("k", "t", source="Kyodo News")
    copy = Article("c", "t", source="Japan Today", wire="Kyodo News")
    orphan = Article("o", "t", source="Daily", wire="Reuters")
    own = Article("x", "t", source="Times")
    near = Article("n", "t", source="Herald")
    groups = fold_copies([kyodo, copy, orphan, own, near], [("x", "n")])
    by_first = {(g.original.id if g.original else g.wire): [a.id for a in g.copies] for g in groups}
    assert by_first == {"k": ["c"], "x": ["n"], "Reuters": ["o"]}


def test_framing_per_outlet_keeps_unknown_outlets_apart() -> None:
    arts = (Article("a", "t", source="Times"), Article("b", "t"), Article("c", "t"))
    b = Briefing(
        "h",
        arts,
        framing=(FramingTerm("invasion", ("a", "b"), ("c",)), FramingTerm("war", (), ("a",))),
    )
    rows = {r.label: (r.outlet, r.own, r.quoted) for r in framing_by_outlet(b)}
    assert rows == {
        "Times": ("Times", ("invasion",), ("war",)),
        "[2] unknown outlet": (None, ("invasion",), ()),
        "[3] unknown outlet": (None, (), ("invasion",)),
    }


def test_framing_per_outlet_lists_each_outlets_strongest_loaded_phrases() -> None:
    from newsfuse.render.markdown import SHOWN_LOADED

    arts = (Article("a", "t", source="Times"), Article("b", "t"), Article("c", "t", source="Post"))
    weak = [LoadedPhrase(Span("a", i, i + 1), f"w{i}", 0.5 + i / 100) for i in range(8)]
    loaded = (
        *weak,
        LoadedPhrase(Span("a", 20, 27), "fierce", 0.99, "neg", "Senate"),
        LoadedPhrase(Span("a", 40, 47), "Fierce", 0.7),  # the same words again: listed once
        LoadedPhrase(Span("b", 3, 9), "uproar", 0.8, "neg"),
    )
    b = Briefing("h", arts, loaded=loaded, framing=(FramingTerm("invasion", ("c",), ()),))
    rows = {r.label: r for r in framing_by_outlet(b)}
    assert set(rows) == {"Times", "[2] unknown outlet", "Post"}  # a row with loaded words only
    times = rows["Times"].loaded
    assert len(times) == SHOWN_LOADED
    assert [ph.text for ph in times[:2]] == ["fierce", "w7"]  # strongest first
    assert [s.score for s in times] == sorted((s.score for s in times), reverse=True)
    assert [ph.text for ph in rows["[2] unknown outlet"].loaded] == ["uproar"]
    assert rows["Post"].loaded == () and rows["Post"].own == ("invasion",)
    from newsfuse.web.views import all_spans

    cited = set(all_spans(b))  # the article pages anchor every shown phrase
    assert {ph.span for r in rows.values() for ph in r.loaded} <= cited
    assert Span("a", 40, 47) not in cited and Span("a", 0, 1) not in cited


def test_timex_days_and_the_timeline_drawing() -> None:
    assert timex_day("2022-02-25TNI") == date(2022, 2, 25)
    assert timex_day("2022-02") == date(2022, 2, 1)
    assert timex_day("2022-W08") == date(2022, 2, 21)
    assert timex_day("2022") == date(2022, 1, 1)
    assert timex_day("PRESENT_REF") is None and timex_day("2022-13-01") is None
    from newsfuse.model import TimelineEntry

    b = Briefing(
        "h",
        (),
        timeline=(
            TimelineEntry("2022-02-24", "<b>one</b>", (Span("a", 0, 1),)),
            TimelineEntry("2022-02-26", "two", ()),
            TimelineEntry("2022-02-26", "three", ()),
            TimelineEntry("FUTURE_REF", "never drawn", ()),
        ),
    )
    svg = str(timeline_svg(b))
    assert svg.count("<circle") == 3 and "&lt;b&gt;one" in svg and "<b>" not in svg
    assert 'href="#t-0"' in svg and 'href="#t-3"' not in svg


def test_entity_keys_merge_spellings() -> None:
    assert entity_key("Ana López") == entity_key("ana  lopez") == "ana lopez"
    assert entity_key("U.S.") == entity_key("u s")
