"""Loaded language in an article's own voice: lexicons, own voice vs quotes, the model, phrases."""

from __future__ import annotations

import pytest

from newsfuse.analyze.loaded import (
    LoadedModel,
    load_lexicons,
    load_model,
    loaded_phrases,
    model_from_json,
    voice,
)
from newsfuse.analyze.pipeline import analyze_doc
from newsfuse.model import Article

pytestmark = pytest.mark.slow

LOADED = (
    "The senator launched a vicious, outrageous attack on the embattled governor, who "
    "stubbornly refused to back down from his disastrous scheme."
)


# a model that trusts the lexicons alone, so that these tests do not depend on what was learned
LEXICON_MODEL = LoadedModel({"vader_abs": 8.0, "tb_abs": 4.0}, -3.0, 0.5, {}, "test")


def _loaded(nlp, text: str, model: LoadedModel | None = LEXICON_MODEL) -> list:
    """The loaded phrases of ``text`` under ``model`` (None: the shipped model, as analysis uses)."""
    art = Article("t", text)
    if model is None:
        return list(analyze_doc(art, nlp(text)).loaded)
    an = analyze_doc(art, nlp(text))
    return loaded_phrases(nlp(text), art, an.quotes, model)


def test_lexicons_come_from_the_installed_packages() -> None:
    lex = load_lexicons()
    assert lex.vader["outrageous"] < 0 < lex.vader["praise"]
    assert lex.tb_subjectivity["disastrous"] > 0.5
    assert "very" in lex.boosters and "not" in lex.negations


def test_own_voice_loaded_words_are_found(nlp) -> None:
    found = _loaded(nlp, LOADED)
    words = " ".join(ph.text.lower() for ph in found)
    assert "vicious, outrageous" not in words  # a comma ends a phrase's words, not its text
    assert {"vicious", "outrageous", "disastrous"} <= set(words.replace(",", " ").split())
    for ph in found:
        assert LOADED[ph.span.start : ph.span.end] == ph.text
        assert ph.polarity in {"pos", "neg", ""}
        assert 0.0 <= ph.score <= 1.0


def test_the_same_words_inside_a_quote_are_not_own_voice(nlp) -> None:
    quoted = f"“{LOADED}” the mayor said."
    assert _loaded(nlp, quoted) == []


def test_an_article_without_quotes_or_loaded_words_gives_an_empty_list(nlp) -> None:
    text = (
        "The city council met on Tuesday to discuss the budget for next year. "
        "The meeting began at 10 a.m. and lasted two hours. The budget will be published in May."
    )
    assert _loaded(nlp, text) == []
    assert _loaded(nlp, text, model=None) == []  # the shipped model, through analysis


def test_an_article_made_only_of_quotes_gives_an_empty_list(nlp) -> None:
    text = "“This is a disgraceful, shameful betrayal.”\n\n“They are liars and cowards.”"
    assert _loaded(nlp, text) == []
    assert _loaded(nlp, text.replace("“", "").replace("”", ""))  # the same words, own voice


def test_empty_text_gives_an_empty_list(nlp) -> None:
    assert loaded_phrases(nlp(""), Article("e", ""), ()) == []


def test_scare_quotes_are_own_voice_but_named_terms_are_quoted() -> None:
    text = "Critics called it a “war of aggression”. The tax is part of a “scheme” to raise money."
    v = voice(text, ())
    assert [text[s:e] for s, e in v.scare] == ["scheme"]
    assert [text[s:e] for s, e in v.quoted] == ["war of aggression"]


def test_model_round_trips_and_scores_monotonically() -> None:
    m = LoadedModel({"a": 2.0, "b": -1.0}, -0.5, 0.7, {"x": "neg"}, "t", {"fierce": 1.25})
    back = model_from_json(m.to_json())
    assert back == m
    assert m.score({"a": 1.0}) > m.score({}) > m.score({"b": 1.0})
    # a word's embedding score adds to its logit; a word outside the table adds nothing
    assert m.score({}, "fierce") > m.score({}, "table") == m.score({})


def test_candidates_know_whether_the_embedding_table_covers_them(nlp) -> None:
    from newsfuse.analyze.loaded import candidates, embedding_vocabulary, load_reference

    text = "The senator gave a fierce speech about the zorblaxian plan."
    cands = {text[c.start : c.end]: c for c in candidates(nlp(text), text, ())}
    assert cands["fierce"].word == "fierce" and "no_emb" not in cands["fierce"].features
    assert cands["zorblaxian"].word == "" and cands["zorblaxian"].features["no_emb"] == 1.0
    assert "fierce" in embedding_vocabulary() and "said" in load_reference().df
    assert load_reference().idf("said") < load_reference().idf("fierce") < 1.0
    first = cands["fierce"].features
    assert first["sent0"] == 1.0 and first["sent_idx"] == 0.0


def test_candidates_carry_the_index_of_their_sentence(nlp) -> None:
    from newsfuse.analyze.loaded import SENT_INDEX_CAP, candidates

    text = (
        "The mayor opened the bridge. Crowds cheered loudly.\n\n"
        "A brutal storm had closed it. Engineers worked hard for weeks."
    )
    doc = nlp(text)
    cands = candidates(doc, text, ())
    assert len({doc[c.token_i].sent.start for c in cands}) >= 3  # several sentences
    for c in cands:
        index = [s.start for s in doc.sents].index(doc[c.token_i].sent.start)
        assert c.features["sent_idx"] == min(index, SENT_INDEX_CAP) / SENT_INDEX_CAP
        assert ("sent0" in c.features) == (index == 0)


def test_shipped_model_is_trained_and_small() -> None:
    m = load_model()
    assert m.trained_on.startswith("basil-dev")
    assert 0.0 < m.threshold < 1.0
    assert 100 < len(m.weights) < 20000
    # every vocabulary word has its embedding score (nothing is encoded at analysis time)
    from newsfuse.analyze.loaded import embedding_vocabulary

    assert embedding_vocabulary() <= set(m.word_scores)


def test_covered_is_membership_in_any_range() -> None:
    import random

    from newsfuse.analyze.loaded import covered

    rng = random.Random(3)
    for _ in range(200):
        ranges = []
        for _ in range(rng.randrange(6)):
            lo = rng.randrange(40)
            ranges.append((lo, lo + rng.randrange(-2, 12)))  # some empty, some overlapping
        inside = covered(ranges)
        for pos in range(-2, 55):
            assert inside(pos) == any(s <= pos < e for s, e in ranges), (ranges, pos)
    assert covered([(3, 5), (5, 8)])(5) and not covered([(3, 5), (6, 8)])(5)
