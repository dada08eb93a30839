"""``newsfuse eval timeline``: the news-tls metrics on timelines written for the test, the reading
of Timeline17's journalists' timelines, and a quality gate on a small subset."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from floors import floor
from newsfuse.eval.tilse import (
    agreement,
    align_many_to_one,
    concat,
    date_f1,
    evaluate,
    rouge1_approximation,
    tokens,
)
from newsfuse.eval.timeline import per_date, read_reference

D1, D2, D3 = date(2011, 3, 1), date(2011, 3, 2), date(2011, 3, 3)
PRED = {D1: ["Rebels seize the airport"], D3: ["Talks collapse in Geneva"]}
REF = {D1: ["Rebels seize airport"], D2: ["Talks collapse"]}


def test_rouge_tokens_drop_stop_words_and_stem() -> None:
    assert tokens("The rebels SEIZED the airports, in 2011!") == tokens("rebel seize airport 2011")
    assert "the" not in tokens("the airport") and tokens("the airport") == ["airport"]


def test_date_f1_counts_shared_dates() -> None:
    s = date_f1(PRED, REF)
    assert (s.precision, s.recall, s.f1) == (0.5, 0.5, 0.5)
    assert date_f1({}, REF).f1 == 0.0


def test_concat_pools_every_date() -> None:
    r1 = concat(PRED, REF, 1)  # 6 predicted unigrams (stop words out), 5 reference, 5 shared
    assert r1.precision == pytest.approx(5 / 6) and r1.recall == 1.0
    r2 = concat(PRED, REF, 2)  # bigrams run across sentences, as ROUGE-1.5.5 reads a summary
    assert r2.precision == pytest.approx(4 / 5) and r2.recall == 1.0


def test_agreement_compares_only_the_same_date() -> None:
    r1 = agreement(PRED, REF, 1)
    assert r1.precision == pytest.approx(3 / 6) and r1.recall == pytest.approx(3 / 5)


def test_align_many_to_one_weighs_hits_by_date_distance() -> None:
    # 2011-03-03 is aligned to the reference's 2011-03-02 (one day off, shared words: cost
    # 1/2 x 1/3) rather than to 2011-03-01 (two days off, nothing shared: 2/3); its hits count 1/2
    r1 = align_many_to_one(PRED, REF, 1)
    assert r1.precision == pytest.approx((3 + 2 / 2) / 6)
    assert r1.recall == pytest.approx((3 + 2 / 2) / 5)
    # a perfect timeline scores 1 everywhere
    perfect = evaluate(REF, REF)
    assert all(s.f1 == pytest.approx(1.0) for s in perfect.values()), perfect


def test_content_cost_is_tilses_whitespace_rouge1() -> None:
    assert rouge1_approximation(["Talks collapse in Geneva"], ["Talks collapse"]) == pytest.approx(
        2 / 3
    )
    assert rouge1_approximation([], ["a b"]) == 0.0


def test_reference_timelines_are_read_date_by_date(tmp_path: Path) -> None:
    f = tmp_path / "tl.txt"
    f.write_text(
        "2011-03-01\nRebels seize the airport -LRB- east -RRB- .\nA second line .\n"
        "--------------------------------\n2011-03-04\nTalks collapse .\n"
        "--------------------------------\n2011-03-05\n"
        "--------------------------------\n",
        encoding="utf-8",
    )
    tl = read_reference(f)
    assert tl == {
        D1: ["Rebels seize the airport ( east ) .", "A second line ."],
        date(2011, 3, 4): ["Talks collapse ."],
    }
    assert per_date(tl) == 2  # 1.5 rounds to 2 (news-tls rounds the mean)


GATE_TOPIC, GATE_PER_DAY = "haiti", 4  # the gate's fixed subset: 4 articles a day (by name)


@pytest.mark.slow
@pytest.mark.gate
def test_gate_timeline_on_haiti_four_articles_a_day(shared_dir: Path, nlp) -> None:
    from newsfuse.crosscheck.timeline import DateWeights
    from newsfuse.embed import load_encoder
    from newsfuse.eval.timeline import analyse_topic, build_run, evaluate_run, load_topics

    topics = load_topics(shared_dir / "data" / "timeline17-dev", (GATE_TOPIC,), GATE_PER_DAY)
    run = build_run(topics[0], analyse_topic(topics[0], nlp, 1, None), load_encoder(), None)
    rows = {r.system: r.scores for r in evaluate_run(run, DateWeights())}
    ours, base = rows["newsfuse"], rows["most-published days"]
    assert ours["date"].f1 >= floor("timeline.haiti_date_f1"), ours
    assert ours["align_m1_r1"].f1 >= floor("timeline.haiti_align_r1"), ours
    assert ours["concat_r1"].f1 >= floor("timeline.haiti_concat_r1"), ours
    assert ours["concat_r1"].f1 > base["concat_r1"].f1, (ours, base)


def test_bad_data_topic_or_cache_are_numbered_errors(tmp_path: Path, shared_dir: Path) -> None:
    from typer.testing import CliRunner

    from newsfuse.cli.eval import app

    data = shared_dir / "data" / "timeline17-dev"
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    runs = {
        "NF910": ["timeline", "--data", str(tmp_path), "--quiet"],
        "NF911": ["timeline", "--data", str(data), "--topic", "atlantis", "--quiet"],
        "NF912": ["timeline", "--data", str(data), "--cache", str(blocked / "sub"), "--quiet"],
    }
    for code, args in runs.items():
        res = CliRunner().invoke(app, args)
        assert res.exit_code == 2, (code, res.output)
        assert code in res.output and "Traceback" not in res.output, res.output


class _FixedEncoder:
    """An encoder stand-in whose rows are all ``value``, for the cache test."""

    dim = 384

    def __init__(self, runtime: str, value: float) -> None:
        self.runtime = runtime
        self.value = value

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.full((len(texts), self.dim), self.value, dtype=np.float32)


def test_cached_sentence_vectors_are_kept_per_encoder_runtime(tmp_path: Path) -> None:
    from newsfuse.eval.timeline import embed_sentences

    texts = ["Rebels seize the airport.", "Talks collapse in Geneva."]
    numpy_rows = embed_sentences("t", texts, _FixedEncoder("numpy", 1.0), tmp_path)  # type: ignore[arg-type]
    # another runtime's vectors are not read from the NumPy encoder's cache, nor overwrite it
    bf16 = embed_sentences("t", texts, _FixedEncoder("openvino-bf16", 2.0), tmp_path)  # type: ignore[arg-type]
    assert (numpy_rows == 1.0).all() and (bf16 == 2.0).all()
    again = embed_sentences("t", texts, _FixedEncoder("numpy", 3.0), tmp_path)  # type: ignore[arg-type]
    assert (again == 1.0).all()
    assert len(list(tmp_path.glob("*.vectors.npy"))) == 2
