"""Tests of the entity-clustering evaluation: metrics on hand examples, ECB+ reading, a gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from floors import floor
from newsfuse.eval.entities import (
    GoldMention,
    Pred,
    align,
    b_cubed,
    ceaf_e,
    conll_f1,
    evaluate,
    load_topics,
    muc,
    name_tokens,
    read_ecb_doc,
)

# Pradhan et al. (2014)-style example: key {a,b,c} {d,e,f,g}; response {a,b} {c,d} {f,g,h,i}
KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_muc_counts_links() -> None:
    s = muc(KEY, RESPONSE)
    # recall: (3-2) + (4-3) kept links of 2 + 3; precision: (1 + 0 + 1) of 1 + 1 + 3
    assert s.r == pytest.approx(2 / 5)
    assert s.p == pytest.approx(2 / 5)


def test_b_cubed_per_mention() -> None:
    s = b_cubed(KEY, RESPONSE)
    assert s.r == pytest.approx((4 / 3 + 1 / 3 + 1 / 4 + 4 / 4) / 7)
    assert s.p == pytest.approx((4 / 2 + (1 + 1) / 2 + 4 / 4) / 8)


def test_ceaf_e_uses_the_best_alignment() -> None:
    s = ceaf_e(KEY, RESPONSE)
    # {a,b,c}-{a,b}: 0.8 and {d,e,f,g}-{f,g,h,i}: 0.5 beat any other pairing
    assert s.r == pytest.approx(1.3 / 2)
    assert s.p == pytest.approx(1.3 / 3)


def test_small_symmetric_example() -> None:
    key = [{1, 2, 3}, {4, 5}]
    response = [{1, 2}, {3, 4, 5}]
    assert muc(key, response).f1 == pytest.approx(2 / 3)
    assert b_cubed(key, response).p == pytest.approx(11 / 15)
    assert b_cubed(key, response).r == pytest.approx(11 / 15)
    assert ceaf_e(key, response).f1 == pytest.approx(0.8)
    assert conll_f1(key, response) == pytest.approx((2 / 3 + 11 / 15 + 0.8) / 3)


def test_perfect_and_all_singletons() -> None:
    key = [{1, 2}, {3}]
    assert conll_f1(key, key) == pytest.approx(1.0)
    singles = [{1}, {2}, {3}]
    assert muc(key, singles).r == 0.0
    assert b_cubed(key, singles).p == pytest.approx(1.0)
    assert b_cubed(key, singles).r == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)
    # one big cluster: every mention's precision is its key cluster's share
    assert b_cubed(key, [{1, 2, 3}]).p == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    assert b_cubed(key, [{1, 2, 3}]).r == pytest.approx(1.0)


ECB_XML = """<Document doc_name="9_1ecbplus.xml" doc_id="X">
<token t_id="1" sentence="0" number="0">http://example.org</token>
<token t_id="2" sentence="1" number="0">Anna</token>
<token t_id="3" sentence="1" number="1">Berg</token>
<token t_id="4" sentence="1" number="2">visited</token>
<token t_id="5" sentence="1" number="3">Oslo</token>
<token t_id="6" sentence="1" number="4">.</token>
<token t_id="7" sentence="2" number="0">Berg</token>
<token t_id="8" sentence="2" number="1">left</token>
<token t_id="9" sentence="2" number="2">.</token>
<Markables>
<HUMAN_PART_PER m_id="1"><token_anchor t_id="2"/><token_anchor t_id="3"/></HUMAN_PART_PER>
<LOC_GEO m_id="2"><token_anchor t_id="5"/></LOC_GEO>
<HUMAN_PART_GENERIC m_id="3"><token_anchor t_id="7"/></HUMAN_PART_GENERIC>
<HUMAN_PART_PER m_id="9" RELATED_TO="" TAG_DESCRIPTOR="anna" instance_id="HUM1" />
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="HUM1"><source m_id="1"/><source m_id="3"/><target m_id="9"/>
</CROSS_DOC_COREF>
</Relations>
</Document>
"""


def test_read_ecb_doc(tmp_path: Path) -> None:
    path = tmp_path / "9_1ecbplus.xml"
    path.write_text(ECB_XML, encoding="utf-8")
    doc = read_ecb_doc(path)
    assert doc.text == "Anna Berg visited Oslo.\nBerg left."  # the URL sentence is dropped
    got = {m.mid: (doc.text[m.start : m.end], m.tag, m.cluster) for m in doc.mentions}
    assert got["1"] == ("Anna Berg", "HUMAN_PART_PER", "HUM1")
    # a mention linked to an instance takes the instance's tag
    assert got["3"] == ("Berg", "HUMAN_PART_PER", "HUM1")
    assert got["2"] == ("Oslo", "LOC_GEO", "9_1ecbplus.xml#m2")
    assert "9" not in got  # the instance descriptor has no tokens


def test_align_is_one_to_one_by_token_overlap() -> None:
    text = "the Betty Ford Center in Rancho Mirage"
    tokens = [(0, 3), (4, 9), (10, 14), (15, 21), (22, 24), (25, 31), (32, 38)]
    gold = [
        GoldMention("d", "g1", "LOC_FAC", "c1", 0, 38),
        GoldMention("d", "g2", "LOC_GEO", "c2", 25, 38),
    ]
    preds = [
        Pred("d", 4, 21, "s", "Betty Ford Center"),
        Pred("d", 25, 38, "s", "Rancho Mirage"),
    ]
    hits = align(gold, preds, tokens)
    assert text[hits["g1"].start : hits["g1"].end] == "Betty Ford Center"
    assert hits["g2"].cluster == "Rancho Mirage"
    # one prediction serves one gold mention only: the one it overlaps best
    only = align(gold, [Pred("d", 25, 38, "s", "x")], tokens)
    assert set(only) == {"g2"}


class _Tok:
    def __init__(self, text: str, idx: int, pos: str) -> None:
        self.text, self.idx, self.pos_ = text, idx, pos


def test_name_tokens_skip_headline_words_written_in_lower_case() -> None:
    words = [("Woman", "PROPN"), ("Hurt", "PROPN"), ("Hayashi", "PROPN"), ("the", "DET")]
    words += [("woman", "NOUN"), ("met", "VERB"), ("Hayashi", "PROPN")]
    doc, pos = [], 0
    for text, tag in words:
        doc.append(_Tok(text, pos, tag))
        pos += len(text) + 1
    # "Hurt" is never written in lower case here, so it counts
    assert name_tokens(doc) == [(6, 10), (11, 18), (33, 40)]


@pytest.mark.slow
@pytest.mark.gate
def test_gate_ecbplus_first_topics(shared_dir: Path, nlp) -> None:
    topics = load_topics(shared_dir / "data" / "ecbplus-dev", limit=2)
    rows = {(r.cls, r.system): r for r in evaluate(topics, nlp)}
    ours, base = rows[("PER", "newsfuse")], rows[("PER", "exact-string")]
    assert ours.b3.f1 >= floor("entities.per_b3")
    assert ours.conll >= floor("entities.per_conll")
    assert ours.conll > base.conll + 0.1
    loc = rows[("LOC", "newsfuse")]
    assert loc.conll >= floor("entities.loc_conll")
    assert loc.conll >= rows[("LOC", "exact-string")].conll
    assert rows[("ALL", "newsfuse")].b3.f1 >= floor("entities.all_b3")


def test_align_needs_the_gold_head() -> None:
    # "a bank in Athens": the head is "bank", so the place name does not stand for the bank
    tokens = [(0, 1), (2, 6), (7, 9), (10, 16)]
    gold = [GoldMention("d", "g1", "LOC_FAC", "c1", 0, 16)]
    preds = [Pred("d", 10, 16, "s", "Athens")]
    assert set(align(gold, preds, tokens)) == {"g1"}
    assert align(gold, preds, tokens, {"g1": (2, 6)}) == {}
    assert set(align(gold, [Pred("d", 2, 16, "s", "x")], tokens, {"g1": (2, 6)})) == {"g1"}
