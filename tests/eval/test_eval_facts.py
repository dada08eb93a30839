"""``newsfuse eval facts``: gold links from ECB+ event chains, and how links are scored."""

from __future__ import annotations

import pytest

from floors import floor
from newsfuse.eval.entities import EcbDoc, GoldMention
from newsfuse.eval.facts import Score, load_events, make_event, score, tfidf_links, tfidf_pairs

A = "Police arrested a man.\nThe weather was fine.\nHe was charged on Monday."
B = "A man was arrested by police.\nOfficials said he was charged."


def _doc(name: str, text: str, mentions: list[tuple[str, str, str]]) -> EcbDoc:
    out = []
    for i, (word, tag, cluster) in enumerate(mentions):
        start = text.index(word)
        out.append(GoldMention(name, str(i), tag, cluster, start, start + len(word)))
    return EcbDoc(name, text, tuple(out))


def _event():
    a = _doc(
        "1_1ecb.xml",
        A,
        [("arrested", "ACTION_OCCURRENCE", "ACT1"), ("charged", "ACTION_OCCURRENCE", "ACT2")],
    )
    b = _doc(
        "1_2ecb.xml",
        B,
        [
            ("arrested", "ACTION_OCCURRENCE", "ACT1"),
            ("said", "ACTION_REPORTING", "1_2ecb.xml#9"),  # a chain inside one document
            ("charged", "ACTION_OCCURRENCE", "ACT2"),
        ],
    )
    return make_event("1ecb", 1, [a, b])


def test_gold_links_join_lines_of_different_documents_on_one_event() -> None:
    ev = _event()
    assert ev.gold == {
        (("1_1ecb.xml", 0), ("1_2ecb.xml", 0)),
        (("1_1ecb.xml", 2), ("1_2ecb.xml", 1)),
    }
    assert ("1_1ecb.xml", 1) not in ev.judged  # the weather line mentions no event


def test_unjudged_links_count_for_recall_only() -> None:
    ev = _event()
    right = (("1_1ecb.xml", 0), ("1_2ecb.xml", 0))
    wrong = (("1_1ecb.xml", 0), ("1_2ecb.xml", 1))
    unjudged = (("1_1ecb.xml", 1), ("1_2ecb.xml", 0))
    s = score([ev], [{right, wrong, unjudged}])
    assert s == Score(predicted=3, judged=2, correct=1, gold=2, found=1)
    assert s.precision == 0.5 and s.recall == 0.5


def test_tfidf_links_cross_documents_only() -> None:
    pairs = tfidf_pairs(_event())
    assert all(a[0] != b[0] for _, (a, b) in pairs)
    assert len(pairs) == 3 * 2
    assert tfidf_links(pairs, 0.0) == {lk for _, lk in pairs}


def test_real_ecbplus_topic_has_gold_links(shared_dir) -> None:
    events = load_events(shared_dir / "data" / "ecbplus-dev", limit=1)
    assert [e.name for e in events] == ["1ecb", "1ecbplus"]
    for ev in events:
        assert ev.gold and ev.judged
        for a, b in ev.gold:
            assert a[0] != b[0] and a in ev.judged and b in ev.judged


@pytest.mark.slow
@pytest.mark.gate
def test_ecbplus_unseen_topics_fact_link_floors(nlp, shared_dir) -> None:  # noqa: ANN001
    from newsfuse.embed import load_encoder
    from newsfuse.eval.facts import run_newsfuse

    events = [
        e
        for e in load_events(shared_dir / "data" / "ecbplus-dev", limit=16)
        if e.topic in (13, 14, 16)
    ]
    assert len(events) == 6
    s = score(events, run_newsfuse(events, nlp, load_encoder()))
    base = score(events, [tfidf_links(tfidf_pairs(e), 0.45) for e in events])
    assert s.precision >= floor("facts.link_precision"), (s.precision, s.recall)
    assert s.recall >= floor("facts.link_recall"), (s.precision, s.recall)
    # the TF-IDF linker at the threshold chosen on topics 1-12 finds a fraction of the links
    assert s.recall > 3 * base.recall


def test_trained_model_blends_the_event_features_fit_with_the_plain_one() -> None:
    """Pairs whose label follows the event word alone: the plain fit (no event features) cannot
    see it, so a blend weighs the event word at its share of the full fit; the shipped share
    (``EVENT_SHARE``, 0) leaves the event features out."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from newsfuse.crosscheck.linker import FEATURES
    from newsfuse.eval.facts import EVENT_FEATURES, EVENT_SHARE, Pairs, train

    ev = _event()
    rng = np.random.default_rng(0)
    n = 400
    x = rng.uniform(0, 1, (n, len(FEATURES)))
    same = rng.random(n) < 0.5
    x[:, FEATURES.index("same_event")] = same
    gold = list(ev.gold)
    links = [gold[i % 2] if same[i] else (("1_1ecb.xml", 0), ("1_2ecb.xml", 1)) for i in range(n)]
    pairs = Pairs(x, links, np.zeros(n, bool), np.ones(n, bool))
    fitted = train([ev], [pairs], event_share=0.25)
    weights = dict(zip(FEATURES, fitted["weights"], strict=True))
    full = LogisticRegression(C=1.0, max_iter=1000).fit(x, same)
    event = FEATURES.index("same_event")
    assert weights["same_event"] == pytest.approx(0.25 * full.coef_[0][event], abs=1e-4)
    assert weights["same_event"] > 1.0
    shipped = dict(zip(FEATURES, train([ev], [pairs])["weights"], strict=True))
    assert EVENT_SHARE == 0.0
    assert all(shipped[f] == 0.0 for f in EVENT_FEATURES)
    assert set(EVENT_FEATURES) <= set(FEATURES)
