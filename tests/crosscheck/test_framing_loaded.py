"""Loaded phrases grouped per outlet, and how the briefing renders them."""

from __future__ import annotations

import json
from dataclasses import replace

from newsfuse.crosscheck.framing import contrastive_terms, loaded_by_outlet
from newsfuse.model import Analysis, Article, Briefing, LoadedPhrase, Sentence, Span

A = Article("a1", "Critics slammed the reckless plan. The plan was reckless.", source="Daily A")
B = Article("b1", "The governor unveiled a bold plan.", source="Daily B")
C = Article("c1", "The plan was presented on Monday.", source=None)


def _ph(art: Article, word: str, score: float, nth: int = 0, **kw: object) -> LoadedPhrase:
    start = -1
    for _ in range(nth + 1):
        start = art.text.index(word, start + 1)
    return LoadedPhrase(Span(art.id, start, start + len(word)), word, score, **kw)  # type: ignore[arg-type]


PHRASES = (
    _ph(A, "slammed", 0.7, polarity="neg"),
    _ph(A, "reckless", 0.9, polarity="neg", target="plan"),
    _ph(A, "reckless", 0.8, nth=1, polarity="neg"),
    _ph(B, "bold", 0.95, polarity="pos", target="governor"),
)


def test_grouped_per_outlet_strongest_first_each_phrase_once() -> None:
    groups = dict(loaded_by_outlet([A, B, C], PHRASES))
    assert list(groups) == ["Daily A", "Daily B"]  # an outlet with nothing loaded is left out
    assert [p.text for p in groups["Daily A"]] == ["reckless", "slammed"]
    assert groups["Daily A"][0].score == 0.9  # the strongest use of "reckless"
    limited = dict(loaded_by_outlet([A, B, C], PHRASES, limit=1))
    assert [p.text for p in limited["Daily A"]] == ["reckless"]


def test_no_loaded_phrases_gives_no_groups() -> None:
    assert loaded_by_outlet([A, B, C], ()) == []


def test_json_carries_every_phrase_with_offsets_and_markdown_the_strongest() -> None:
    from newsfuse.render import render

    b = Briefing(headline="h", articles=(A, B, C), loaded=PHRASES)
    data = json.loads(render(b, "json"))
    rows = data["loaded_language"]
    assert len(rows) == 4
    texts = {a.id: a.text for a in (A, B, C)}
    for row in rows:
        assert texts[row["article"]][row["start"] : row["end"]] == row["text"]
    assert rows[1]["target"] == "plan" and rows[1]["outlet"] == "Daily A"
    md = render(b, "markdown")
    assert "**Daily B**: “bold” (pos → governor) [2]" in md
    assert md.count("“reckless”") == 1
    html = render(b, "html")
    assert "“bold”" in html and 'href="#c-b1-' in html


def test_a_briefing_without_loaded_phrases_has_no_loaded_section() -> None:
    from newsfuse.render import render

    b = Briefing(headline="h", articles=(A,))
    assert "Loaded words" not in render(b, "markdown")
    assert json.loads(render(b, "json"))["loaded_language"] == []


def _an(aid: str, text: str, source: str) -> Analysis:
    art = Article(aid, text, source=source)
    return Analysis(art, (Sentence(Span(aid, 0, len(text)), text),))


def test_word_choice_found_where_outlets_state_the_same_thing() -> None:
    a = _an("x", "Police said hundreds of rioters stormed the state building on Monday.", "Paper X")
    b = _an(
        "y", "Police said hundreds of protesters stormed the state building on Monday.", "Paper Y"
    )
    c = _an(
        "z", "Police said hundreds of protesters entered the state building on Monday.", "Paper Y"
    )
    statements = [[Span("x", 0, len(a.article.text)), Span("y", 0, len(b.article.text))]]
    rows = contrastive_terms([a, b, c], statements)
    assert [r.term for r in rows] == ["rioters", "protesters"]
    assert rows[0].family == rows[1].family == "word choice: “rioters” / “protesters”"
    assert rows[0].articles == ("x",) and rows[1].articles == ("y",)
    for r in rows:
        cite = r.citations[0]
        text = {"x": a, "y": b}[cite.article].article.text
        assert text[cite.start : cite.end] == r.term


def test_no_word_choice_within_one_outlet_nor_for_inflections_or_names() -> None:
    one = _an("p", "The mayor praised the plan on Monday.", "Same")
    two = _an("q", "The mayor criticised the plan on Monday.", "Same")  # same outlet
    infl = _an("r", "The mayor praises the plan on Monday.", "Other")  # an inflection
    name = _an("s", "The Smith praised the plan on Monday.", "Third")  # a name, not a word choice

    def pair(x: Analysis, y: Analysis) -> list:
        spans = [Span(z.article.id, 0, len(z.article.text)) for z in (x, y)]
        return contrastive_terms([x, y], [spans])

    assert pair(one, two) == []
    assert pair(one, infl) == []
    assert pair(one, name) == []
    assert [r.term for r in pair(two, infl)] == ["praises", "criticised"]


def test_no_word_choice_inside_quotation_marks() -> None:
    one = _an("p", "The mayor praised the plan on Monday.", "One")
    quoted = _an("t", 'The mayor "hailed" the plan on Monday.', "Two")
    spans = [Span(x.article.id, 0, len(x.article.text)) for x in (one, quoted)]
    assert contrastive_terms([one, quoted], [spans]) == []
    plain = _an("u", "The mayor hailed the plan on Monday.", "Two")
    spans = [Span(x.article.id, 0, len(x.article.text)) for x in (one, plain)]
    assert [r.term for r in contrastive_terms([one, plain], [spans])] == ["praised", "hailed"]


def test_loaded_phrases_survive_the_stored_form_of_a_briefing() -> None:
    from newsfuse.web import codec

    target = Span("b1", 4, 12)
    loaded = (*PHRASES[:3], replace(PHRASES[3], target_span=target))
    b = Briefing(headline="h", articles=(A, B, C), loaded=loaded)
    back = codec.loads(codec.dumps(b))
    assert back.loaded == loaded
