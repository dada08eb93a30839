"""``newsfuse eval framing``: BASIL reading, overlap scoring, and a quality gate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from floors import floor
from newsfuse.eval.framing import (
    Score,
    families_predict,
    lexicon_predict,
    load_basil,
    model_predict,
    parse_all,
    score,
)

GATE_YEAR = "2014"  # 30 articles, 10 events: the gate's fixed subset


def test_overlap_scoring_counts_predictions_and_gold_apart() -> None:
    s = Score()
    s.add(pred=[(0, 5), (10, 12), (20, 30)], gold=[(3, 8), (4, 6), (40, 45)])
    # one prediction overlaps (two gold phrases); two of three gold phrases are found
    assert (s.hit_pred, s.pred, s.hit_gold, s.gold) == (1, 3, 2, 3)
    assert s.precision == pytest.approx(1 / 3)
    assert s.recall == pytest.approx(2 / 3)
    touching = Score()
    touching.add(pred=[(0, 5)], gold=[(5, 9)])  # end-exclusive: no shared character
    assert touching.hit_pred == 0 and touching.recall == 0.0


def test_basil_gold_phrases_index_the_article_text(shared_dir: Path) -> None:
    arts = load_basil(shared_dir / "data" / "basil-dev")
    assert len(arts) == 150
    assert {a.outlet for a in arts} == {"fox", "nyt", "hpo"}
    assert len({a.event for a in arts}) == 50
    gold = [(a, g) for a in arts for g in a.gold]
    assert len(gold) == 191
    for a, g in gold:
        assert a.article.text[g.start : g.end] == g.text


@pytest.mark.slow
@pytest.mark.gate
def test_gate_loaded_language_on_basil_2014(shared_dir: Path, nlp) -> None:
    arts = load_basil(shared_dir / "data" / "basil-dev", (GATE_YEAR,))
    parsed = parse_all(arts, nlp)
    from newsfuse.analyze.loaded import load_model

    model = score(arts, model_predict(parsed, load_model())).overall
    lexicon = score(arts, lexicon_predict(parsed)).overall
    families = score(arts, families_predict(parsed)).overall
    assert model.precision >= floor("framing.model_precision"), model
    assert model.recall >= floor("framing.model_recall"), model
    assert lexicon.recall >= floor("framing.lexicon_recall"), lexicon
    assert model.precision > lexicon.precision > families.precision or families.pred == 0


def test_aim_checks_polarity_and_target_of_matched_phrases() -> None:
    from newsfuse.eval.framing import BasilArticle, Gold, aim
    from newsfuse.model import Article, LoadedPhrase, Span

    text = "Critics slammed the reckless plan of Bob Etheridge on Monday."
    art = BasilArticle(
        "a",
        "e",
        "2010",
        "fox",
        Article("a", text),
        (Gold(8, 15, "slammed", "neg", "Bob_Etheridge"), Gold(20, 28, "reckless", "neg", "x")),
    )
    phrases = {
        "a": [
            LoadedPhrase(Span("a", 8, 15), "slammed", 0.9, "neg", "Etheridge"),
            LoadedPhrase(Span("a", 20, 28), "reckless", 0.9, "pos", "Monday"),
            LoadedPhrase(Span("a", 53, 59), "Monday", 0.9, "neg"),  # matches no gold phrase
        ]
    }
    x = aim([art], phrases)
    assert (x.matched, x.with_polarity, x.polarity_ok) == (2, 2, 1)
    assert (x.with_target, x.target_ok) == (2, 1)
    assert (x.gold, x.gold_negative) == (2, 2)


def test_each_gold_phrase_weighs_one_in_training_whatever_its_length() -> None:
    from newsfuse.analyze.loaded import Candidate
    from newsfuse.eval.framing import Gold, label_weights

    text = "Critics slammed one of the most stunning election upsets on Monday."
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", text)]
    cands = [Candidate(s, e, i, {}) for i, (s, e) in enumerate(words)]
    gold = (Gold(8, 15, "slammed", "neg", ""), Gold(16, 56, text[16:56], "neg", ""))
    labels = [int(any(c.start < g.end and g.start < c.end for g in gold)) for c in cands]
    w = dict(zip((text[s:e] for s, e in words), label_weights(cands, labels, gold), strict=True))
    assert w["slammed"] == 1.0  # a one-word phrase
    inside = ["one", "of", "the", "most", "stunning", "election", "upsets"]
    assert all(w[x] == pytest.approx(1 / 7) for x in inside)  # seven words share one phrase
    assert sum(w[x] for x in inside) == pytest.approx(1.0)
    assert w["Critics"] == w["Monday"] == 1.0  # negatives keep their weight


def test_the_page_shows_the_held_out_curve_at_every_threshold() -> None:
    from newsfuse.eval.framing import CURVE_THRESHOLDS, Result, render_markdown

    curve = []
    for i, _ in enumerate(CURVE_THRESHOLDS):
        s = Score()
        s.add(pred=[(0, 5)] * (len(CURVE_THRESHOLDS) - i), gold=[(0, 5), (10, 12)])
        curve.append(s)
    page = render_markdown({"model (LOYO)": Result()}, 1, 2, "cmd", {"2010": 0.8}, None, curve)
    rows = {line.split(" | ")[0]: line for line in page.splitlines() if line.startswith("| ")}
    assert rows["| threshold"].count("|") == len(CURVE_THRESHOLDS) + 2
    assert rows["| threshold"].split(" | ")[1] == f"{CURVE_THRESHOLDS[0]:.2f}"
    assert rows["| recall"].count("0.500") == len(CURVE_THRESHOLDS)  # one of two gold found
    assert rows["| phrases"].split(" | ")[1] == str(len(CURVE_THRESHOLDS))
    assert "| threshold" not in render_markdown({}, 1, 2, "cmd", {}, None, ())
