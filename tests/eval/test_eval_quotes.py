"""``newsfuse eval quotes``: BRAT reading, span trimming, matching, baseline, and a gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from floors import floor
from newsfuse.eval.quotes import (
    Attribution,
    Scores,
    baseline,
    evaluate,
    from_quotes,
    load_split,
    newsfuse_predict,
    read_ann,
    score_doc,
    trim,
)
from newsfuse.model import Quote, Span

TEXT = "“We will win,” Ana Diaz said. Officials said that taxes would rise next year."
#       0         1         2         3         4         5         6         7


def _pos(sub: str) -> tuple[int, int]:
    i = TEXT.index(sub)
    return i, i + len(sub)


def test_read_ann_links_source_cue_content(tmp_path: Path) -> None:
    q, s, c = _pos("“We will win,”"), _pos("Ana Diaz"), _pos("said")
    ann = tmp_path / "doc_x.ann"
    ann.write_text(
        f"T1\tContent {q[0]} {q[1]}\tx\nT2\tSource {s[0]} {s[1]}\tx\nT3\tCue {c[0]} {c[1]}\tx\n"
        f"T4\tAttribution {c[0]} {c[1]}\tsaid\n"
        "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n",
        encoding="utf-8",
    )
    [a] = read_ann(ann, TEXT)
    assert a.content == (q,) and a.source == (s,) and a.cue == (c,)
    assert a.direct


def test_trim_drops_marks_punctuation_and_that() -> None:
    assert trim(TEXT, [_pos("“We will win,”")]) == (_pos("We will win"),)
    clause = _pos("that taxes would rise next year.")
    assert trim(TEXT, [clause]) == (_pos("taxes would rise next year"),)


def test_scores_exact_overlap_and_speaker() -> None:
    gold = [
        Attribution((_pos("“We will win,”"),), (_pos("Ana Diaz"),), (_pos("said"),), True),
        Attribution((_pos("that taxes would rise next year"),), (_pos("Officials"),), (), False),
    ]
    pred = [
        Attribution((_pos("We will win"),), (_pos("Diaz"),), (_pos("said"),), True),
        Attribution((_pos("taxes would rise"),), (_pos("Officials"),), (), False),
        Attribution((_pos("next"),), (), (), False),  # overlaps a gold already matched
    ]
    scores = Scores()
    score_doc(TEXT, pred, gold, scores)
    exact, overlap = scores.get("content_exact"), scores.get("content_overlap")
    assert (exact.hit, exact.pred, exact.gold) == (1, 3, 2)
    assert (overlap.hit, overlap.pred, overlap.gold) == (2, 3, 2)
    assert scores.get("speaker_exact").hit == 1  # "Diaz" is not the whole "Ana Diaz"
    assert scores.get("speaker_overlap").hit == 2
    assert abs(overlap.f1() - 0.8) < 1e-9
    e2e = scores.get("speaker_e2e")
    assert (e2e.hit, e2e.pred, e2e.gold) == (2, 2, 2)


def test_assigned_pairs_prefer_the_attribution_that_shares_the_speaker() -> None:
    text = "Officials said Trump told them the plant will close in May."

    def seg(sub: str) -> tuple[int, int]:
        i = text.index(sub)
        return i, i + len(sub)

    gold = [Attribution((seg("the plant will close"),), (seg("Trump"),), (seg("told"),))]
    pred = [  # the same words attributed twice; greedy pairing takes the later one on a tie
        Attribution((seg("the plant will close"),), (seg("Trump"),), (seg("told"),)),
        Attribution((seg("the plant will close"),), (seg("Officials"),), (seg("said"),)),
    ]
    scores = Scores()
    score_doc(text, pred, gold, scores)
    assert scores.get("speaker_overlap").hit == 0
    assigned = scores.get("speaker_assigned")
    assert (assigned.hit, assigned.pred, assigned.gold) == (1, 1, 1)
    # more overlap always wins over a shared speaker
    longer = Attribution((seg("the plant will close in May"),), (seg("Officials"),), ())
    scores = Scores()
    score_doc(text, [pred[0], longer], [Attribution((seg("plant will close in May"),))], scores)
    assert scores.get("speaker_assigned").pred == 1  # "Officials", the longer content


def test_end_to_end_speaker_counts_speakers_of_unmatched_content() -> None:
    gold = [Attribution((_pos("We will win"),), (_pos("Ana Diaz"),), (_pos("said"),), True)]
    pred = [
        Attribution((_pos("We will win"),), (_pos("Officials"),), (), True),  # wrong speaker
        Attribution((_pos("next year"),), (_pos("Ana Diaz"),), (), False),  # no gold content
    ]
    scores = Scores()
    score_doc(TEXT, pred, gold, scores)
    # conditional: one matched pair, its speaker wrong; end to end: two speakers predicted
    assert (scores.get("speaker_overlap").hit, scores.get("speaker_overlap").pred) == (0, 1)
    e2e = scores.get("speaker_e2e")
    assert (e2e.hit, e2e.pred, e2e.gold) == (0, 2, 1)


def test_quotes_sharing_a_cue_form_one_attribution() -> None:
    cue = Span("d", 20, 24)
    quotes = [
        Quote(Span("d", 1, 12), "a", "X", Span("d", 15, 19), "said", cue, True),
        Quote(Span("d", 30, 40), "b", "X", Span("d", 15, 19), "said", cue, True),
        Quote(Span("d", 50, 60), "c", None, None, None, None, False),
    ]
    attrs = from_quotes(quotes)
    assert len(attrs) == 2
    assert attrs[0].content == ((1, 12), (30, 40)) and attrs[0].source == ((15, 19),)


def test_baseline_finds_quote_and_said_speaker() -> None:
    [a] = baseline(TEXT)
    assert TEXT[a.content[0][0] : a.content[0][1]] == "We will win,"
    assert TEXT[a.source[0][0] : a.source[0][1]] == "Ana Diaz"


@pytest.mark.slow
@pytest.mark.gate
def test_polnear_dev_subset_floors(nlp, shared_dir) -> None:  # noqa: ANN001
    docs = load_split(shared_dir / "data" / "polnear", "dev", limit=12)
    assert len(docs) == 12
    scores = evaluate(docs, newsfuse_predict(docs, nlp))
    base = evaluate(docs, [baseline(text) for _, text, _ in docs])
    assert scores.get("content_overlap").f1() >= floor("quotes.content_overlap")
    assert scores.get("speaker_overlap").f1() >= floor("quotes.speaker_overlap")
    speaker = scores.get("speaker_overlap")
    assert speaker.hit / speaker.gold >= floor("quotes.speaker_right")
    assert scores.get("speaker_e2e").f1() >= floor("quotes.speaker_e2e")
    assert scores.get("direct_content_overlap").f1() >= floor("quotes.direct_content_overlap")
    assert scores.get("cue_overlap").f1() >= floor("quotes.cue_overlap")
    assert scores.get("content_overlap").f1() > base.get("content_overlap").f1() + 0.1


def test_page_reports_each_split_apart_with_end_to_end_speaker() -> None:
    from newsfuse.eval.quotes import SplitResult, render_markdown

    def sc(hit: int) -> Scores:
        s = Scores()
        s.get("speaker_overlap").hit, s.get("speaker_overlap").gold = hit, 10
        s.get("speaker_e2e").hit, s.get("speaker_e2e").pred, s.get("speaker_e2e").gold = 1, 2, 4
        return s

    page = render_markdown(
        [
            SplitResult("train", {"newsfuse": sc(9)}, 5, 40),
            SplitResult("dev", {"newsfuse": sc(7)}, 3, 20),
        ],
        "newsfuse eval quotes --split train,dev",
    )
    assert page.index("## PolNeAR `train`") < page.index("## PolNeAR `dev`")
    # speaker right on matched: 9/10 on train, 7/10 on dev; end to end P / R 50.0 / 25.0
    assert "| 90.0 |" in page and "| 70.0 |" in page and "50.0 / 25.0" in page


@pytest.mark.slow
def test_cue_frames_are_counted_from_gold_cues(nlp) -> None:  # noqa: ANN001
    from newsfuse.eval.quotes import Attribution
    from newsfuse.eval.quotes_frames import count_frames, frames_json, select_frames

    text = "Ana endorsed Tom. Ana endorsed Bo. Ana ate rice. Ana voted for Bo."

    def seg(word: str, nth: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        return start, start + len(word)

    gold = [
        Attribution((seg("Tom"),), (seg("Ana"),), (seg("endorsed"),)),
        Attribution((seg("Bo"),), (seg("Ana", 1),), (seg("endorsed", 1),)),
    ]
    uses, hits = count_frames([(nlp(text), gold)])
    assert (uses[("endorse", "dobj")], hits[("endorse", "dobj")]) == (2, 2)
    assert (uses[("eat", "dobj")], hits[("eat", "dobj")]) == (1, 0)
    assert uses[("vote", "prep:for")] == 1 and hits[("vote", "prep:for")] == 0
    assert select_frames(uses, hits) == {"endorse": ["dobj"]}
    assert '"endorse dobj": [\n   2,\n   2\n  ]' in frames_json(uses, hits, "test")


def test_same_person_diagnostic_credits_a_resolved_name_not_a_stranger() -> None:
    """The headline speaker figure asks the spans to overlap; the diagnostic also credits a
    pronoun whose resolved name is the gold Source's name."""
    text = "Ana Diaz arrived. “We will win,” she said. “We will,” he said."
    pos = {w: (text.index(w), text.index(w) + len(w)) for w in ("Ana Diaz", "she", "he said")}
    content = [(text.index("We will win"), text.index("We will win") + 11)]
    second = [(text.index("We will,"), text.index("We will,") + 7)]
    he = (pos["he said"][0], pos["he said"][0] + 2)
    gold = [
        Attribution(tuple(content), (pos["Ana Diaz"],), (), True),
        Attribution(tuple(second), (pos["Ana Diaz"],), (), True),
    ]
    pred = [
        Attribution(tuple(content), (pos["she"],), (), True, "Ana Diaz"),
        Attribution(tuple(second), (he,), (), True, "Tom Reyes"),
    ]
    scores = Scores()
    score_doc(text, pred, gold, scores)
    assert scores.get("speaker_overlap").hit == 0  # neither span overlaps "Ana Diaz"
    named = scores.get("speaker_named")
    assert (named.hit, named.gold) == (1, 2)


NESTED = "Officials said Lee told them the bridge would close in May."


def _at(sub: str) -> tuple[tuple[int, int], ...]:
    i = NESTED.index(sub)
    return ((i, i + len(sub)),)


def test_speaker_misses_tell_an_inner_attribution_from_an_outer_one() -> None:
    from newsfuse.eval.quotes import miss_kind

    outer = Attribution(_at("Lee told them the bridge would close in May"), _at("Officials"))
    inner = Attribution(_at("the bridge would close in May"), _at("Lee"))
    assert miss_kind(NESTED, inner, outer) == "inner"  # we report Lee's, they marked Officials'
    assert miss_kind(NESTED, outer, inner) == "outer"
    assert miss_kind(NESTED, Attribution(inner.content), outer) == "none"
    other = Attribution(inner.content, _at("Officials"))
    assert miss_kind(NESTED, other, inner) == "other"


def test_speaker_misses_count_a_right_attribution_paired_elsewhere() -> None:
    gold = [Attribution(_at("Lee told them the bridge would close in May"), _at("Officials"))]
    inner = Attribution(_at("told them the bridge would close in May"), _at("Lee"))
    short = Attribution(_at("Lee told"), _at("Officials"))  # the right speaker, less overlap
    scores = Scores()
    score_doc(NESTED, [inner, short], gold, scores)
    assert scores.get("miss_inner").hit == 1
    assert scores.get("miss_found").hit == 1
    scores = Scores()
    score_doc(NESTED, [inner], gold, scores)
    assert (scores.get("miss_inner").hit, scores.get("miss_found").hit) == (1, 0)
