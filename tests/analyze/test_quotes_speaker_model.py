"""The learned speaker choice (analyze/quotes_speaker_model.py) on short texts written for these
tests, with hand-set weights and with the shipped file."""

from __future__ import annotations

import json
import math

import pytest

from newsfuse.analyze import quotes_speaker_model as sm
from newsfuse.analyze.quotes_speaker_model import (
    FEATURES,
    MODEL_FILE,
    SpeakerModel,
    candidates,
    choose,
    features,
    speaker_model,
)

pytestmark = pytest.mark.slow

TEXT = "On Monday the mayor toured the harbour, telling workers that repairs would start soon."


def _subject_only(threshold: float) -> SpeakerModel:
    """Weights that prefer a subject of the cue or of a verb above it, and nothing else."""
    weights = [0.0] * len(FEATURES)
    weights[FEATURES.index("subject_above_cue")] = 4.0
    return SpeakerModel(tuple(weights), -2.0, threshold)


def test_probability_is_the_logistic_of_the_weighted_sum() -> None:
    model = _subject_only(0.5)
    row = [0.0] * len(FEATURES)
    assert model.probability(row) == pytest.approx(1 / (1 + math.exp(2.0)))
    row[FEATURES.index("subject_above_cue")] = 1.0
    assert model.probability(row) == pytest.approx(1 / (1 + math.exp(-2.0)))


def test_candidates_are_phrase_heads_outside_the_words_and_never_a_time(nlp) -> None:  # noqa: ANN001
    doc = nlp(TEXT)
    cue = next(t for t in doc if t.lower_ == "telling")
    content_start = TEXT.index("repairs")
    heads = [t.text for t in candidates(cue, content_start, len(TEXT))]
    assert "mayor" in heads and "workers" in heads
    assert "Monday" not in heads and "repairs" not in heads
    row = features(cue, doc[heads.index("mayor")], direct=False, framed=False)
    assert len(row) == len(FEATURES)


def test_choose_takes_the_best_candidate_only_above_the_threshold(nlp, monkeypatch) -> None:  # noqa: ANN001
    doc = nlp(TEXT)
    cue = next(t for t in doc if t.lower_ == "telling")
    lo = TEXT.index("repairs")
    monkeypatch.setattr(sm, "speaker_model", lambda: _subject_only(0.5))
    found = choose(cue, lo, len(TEXT), direct=False, framed=False)
    assert found is not None and found.text == "mayor"
    monkeypatch.setattr(sm, "speaker_model", lambda: _subject_only(0.99))
    assert choose(cue, lo, len(TEXT), direct=False, framed=False) is None


def test_the_shipped_model_reads_these_features() -> None:
    from importlib import resources

    raw = json.loads(resources.files("newsfuse.data").joinpath(MODEL_FILE).read_text("utf-8"))
    assert tuple(raw["features"]) == FEATURES  # else relearn: --write-speaker-model
    model = speaker_model()
    assert len(model.weights) == len(FEATURES)
    assert 0.0 < model.threshold < 1.0


def test_a_candidate_thousands_of_verbs_from_its_cue_scores_zero(nlp) -> None:  # noqa: ANN001
    """A run-on sentence (no full stop in thousands of words) puts a candidate so far from the
    cue that its score is below any threshold: probability 0, not an overflow of ``exp``."""
    from newsfuse.analyze.quotes import extract_quotes
    from newsfuse.model import Article

    far = [0.0] * len(FEATURES)
    far[FEATURES.index("verbs_between")] = 5000.0
    assert speaker_model().probability(far) == 0.0
    verbs = " and ".join(["ran", "jumped", "sang", "walked"] * 800)
    text = f"Telling reporters that the plan would work, {verbs} near the port."
    quotes = extract_quotes(nlp(text), Article(id="t1", text=text))
    assert [q.text for q in quotes] == ["the plan would work"]
