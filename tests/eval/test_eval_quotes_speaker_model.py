"""Learning the speaker choice (eval/quotes_speaker_model.py) on short texts written here."""

from __future__ import annotations

import json

import pytest

from newsfuse.analyze.quotes_speaker_model import FEATURES, SpeakerModel
from newsfuse.eval.quotes import Attribution
from newsfuse.eval.quotes_speaker_model import model_json, training_rows

pytestmark = pytest.mark.slow

TEXT = "The mayor toured the harbour on Monday and said that repairs would start in the spring."


def _pos(sub: str) -> tuple[int, int]:
    i = TEXT.index(sub)
    return i, i + len(sub)


def test_rows_label_the_candidate_that_overlaps_the_gold_source(nlp) -> None:  # noqa: ANN001
    gold = [
        Attribution(
            (_pos("repairs would start in the spring"),), (_pos("The mayor"),), (_pos("said"),)
        )
    ]
    rows, labels = training_rows([(nlp(TEXT), gold)])
    assert len(rows) == len(labels) >= 2
    assert sum(labels) == 1
    assert all(len(r) == len(FEATURES) for r in rows)
    # without a gold Source nothing is learned
    assert training_rows([(nlp(TEXT), [Attribution(gold[0].content)])]) == ([], [])


def test_the_fitted_model_ranks_the_labelled_speaker_first() -> None:
    subj = FEATURES.index("subject_above_cue")
    rows, labels = [], []
    for n in range(20):
        right = [0.0] * len(FEATURES)
        right[subj] = 1.0
        wrong = [0.0] * len(FEATURES)
        wrong[FEATURES.index("log_distance")] = 1.0 + n % 3
        rows += [right, wrong]
        labels += [1, 0]
    raw = json.loads(model_json(rows, labels, "written for the test"))
    assert raw["features"] == list(FEATURES) and raw["threshold"] == 0.5
    model = SpeakerModel(tuple(raw["weights"]), raw["bias"], raw["threshold"])
    assert model.probability(rows[0]) > 0.5 > model.probability(rows[1])
