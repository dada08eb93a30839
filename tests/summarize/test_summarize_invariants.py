"""Invariants of every summarizer on short hand-written clusters (no spaCy needed)."""

from __future__ import annotations

import re

import pytest

from newsfuse.model import Analysis, Article, Sentence, Span
from newsfuse.summarize import ALGORITHMS, summarize
from newsfuse.summarize.common import SUPPORT_BIGRAMS, SUPPORT_UNIGRAMS, containment, cosine
from newsfuse.summarize.units import build_units

STOP = frozenset(
    re.split(
        r"\s+",
        "a an the of to in on at for and or but is was were be been has have had by with from as "
        "that this it its he she they his her their said says will would after before into over",
    )
)

ARTICLES = {
    "a1": (
        "The city council approved a new budget for the harbor bridge on Tuesday night. "
        "The plan sets aside 40 million dollars for repairs to the old harbor bridge. "
        "He said the vote was close. "
        "Advertisement. "
        "Council members argued for three hours before the final vote was taken."
    ),
    "a2": (
        "Advertisement. "
        "City council members approved the harbor bridge budget late on Tuesday night. "
        "The budget includes 40 million dollars for repairs to the harbor bridge, officials said. "
        "Residents had complained about traffic jams on the bridge for many years. "
        "Photo by Jane Doe / Staff Photographer."
    ),
    "a3": (
        "Repairs to the harbor bridge will cost 40 million dollars under the new city budget. "
        "The mayor praised the council for approving the budget on Tuesday night. "
        "Work on the harbor bridge is expected to start in the spring and last two years."
    ),
}


def make_analysis(aid: str, text: str, source: str | None = None) -> Analysis:
    """An Analysis with sentences split at '. ' and naive lemmas (lowercased non-stop words)."""
    sentences, lemmas = [], []
    for m in re.finditer(r"[^.]+\.", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        sentences.append(Sentence(Span(aid, s, e), text[s:e]))
        words = re.findall(r"[a-z0-9]+", text[s:e].lower())
        lemmas.append(tuple(w for w in words if w not in STOP))
    return Analysis(
        article=Article(id=aid, text=text, source=source),
        sentences=tuple(sentences),
        lemmas=tuple(lemmas),
        tenses=tuple("past" for _ in sentences),
    )


@pytest.fixture
def cluster() -> list[Analysis]:
    return [make_analysis(aid, text, source=aid) for aid, text in ARTICLES.items()]


def _words(summary) -> int:
    return sum(len(s.text.split()) for s in summary)


@pytest.mark.parametrize("algorithm", [a for a in ALGORITHMS if not a.startswith("sumy")])
@pytest.mark.parametrize("words", [5, 12, 30, 60, 400])
def test_length_cap_never_exceeded(cluster, algorithm, words):
    summary = summarize(cluster, words=words, algorithm=algorithm)
    assert _words(summary) <= words
    cut = summarize(cluster, words=words, algorithm=algorithm, truncate=True)
    assert _words(cut) <= words
    if words <= 60:  # truncation fills the budget exactly when there is enough text
        assert _words(cut) == words


def test_no_two_sentences_with_same_content(cluster):
    summary = summarize(cluster, words=400)
    by_span = {u.span: u for u in build_units(cluster, clean=False)}
    units = [by_span[s.citations[0]] for s in summary]
    assert len(units) >= 2
    for i, a in enumerate(units):
        for b in units[i + 1 :]:
            assert cosine(a.lemmas, b.lemmas) < 0.5, (a.text, b.text)


def test_citations_contain_the_content(cluster):
    summary = summarize(cluster, words=400)
    texts = {a.article.id: a.article.text for a in cluster}
    lemmas = {u.span: u.lemmas for u in build_units(cluster, clean=False)}
    supported = 0
    for sent in summary:
        first = sent.citations[0]
        # the first citation is the source sentence: it contains the (compressed) text's words
        src_words = set(re.findall(r"\w+", texts[first.article][first.start : first.end].lower()))
        assert set(re.findall(r"\w+", sent.text.lower())) <= src_words
        articles = [c.article for c in sent.citations]
        assert len(articles) == len(set(articles)), "one citation per article"
        for cite in sent.citations[1:]:
            supported += 1
            ours = [
                v
                for k, v in lemmas.items()
                if k.article == first.article and k.start <= first.start and first.end <= k.end
            ][0]
            theirs = [v for k, v in lemmas.items() if k == cite][0]
            uni, bi = containment(ours, theirs)
            assert uni >= SUPPORT_UNIGRAMS and bi >= SUPPORT_BIGRAMS
    assert supported >= 1, "the bridge budget is reported by all three articles"


def test_noise_is_filtered(cluster):
    text = " ".join(s.text for s in summarize(cluster, words=400))
    assert "Advertisement" not in text
    assert "Photo by" not in text
    assert "He said the vote" not in text


def test_compression_drops_trailing_attribution(cluster):
    text = " ".join(s.text for s in summarize(cluster, words=400))
    assert "officials said" not in text


def test_deterministic(cluster):
    first = summarize(cluster, words=60)
    for _ in range(3):
        assert summarize(cluster, words=60) == first
        assert summarize(list(cluster), words=60, groups={"a1": "x", "a2": "y", "a3": "z"})


def test_one_article():
    one = [make_analysis("solo", ARTICLES["a3"])]
    summary = summarize(one, words=40)
    assert summary and _words(summary) <= 40
    assert all(len(s.citations) == 1 and s.citations[0].article == "solo" for s in summary)


@pytest.mark.parametrize("algorithm", [a for a in ALGORITHMS if not a.startswith("sumy")])
def test_empty_articles(algorithm):
    empty = [make_analysis("e1", ""), make_analysis("e2", "   ")]
    assert summarize(empty, words=50, algorithm=algorithm) == []
    assert summarize([], words=50, algorithm=algorithm) == []
    mixed = [*empty, make_analysis("full", ARTICLES["a1"])]
    assert summarize(mixed, words=50, algorithm=algorithm)


def test_groups_count_independent_sources():
    # three lightly edited copies of one wire story against two independent outlets reporting
    # another fact: ungrouped, the copies look like three sources; grouped, they are one and
    # lose to the two (copies printed word for word vote once even ungrouped: test_concepts.py)
    wire = "The harbor bridge budget was approved by the city council on Tuesday {}."
    other = "The school board hired a new head teacher for the central school on Monday {}."
    cl = [
        make_analysis(f"w{i}", wire.format(t))
        for i, t in enumerate(("night", "evening", "afternoon"))
    ]
    cl += [make_analysis(f"o{i}", other.format(t)) for i, t in enumerate(("morning", "afternoon"))]
    ungrouped = summarize(cl, words=14)
    assert len(ungrouped) == 1 and ungrouped[0].citations[0].article.startswith("w")
    assert {c.article for c in ungrouped[0].citations} == {"w0", "w1", "w2"}
    groups = {"w0": "AP", "w1": "AP", "w2": "AP", "o0": "Times", "o1": "Post"}
    grouped = summarize(cl, words=14, groups=groups)
    assert len(grouped) == 1 and grouped[0].citations[0].article.startswith("o")
    assert {c.article for c in grouped[0].citations} == {"o0", "o1"}


def test_missing_lemmas_fall_back_to_words(cluster):
    bare = [Analysis(a.article, a.sentences) for a in cluster]  # no lemmas computed
    summary = summarize(bare, words=400)
    assert summary
    texts = [s.text for s in summary]
    assert len(texts) == len(set(texts))
    assert any(len(s.citations) > 1 for s in summary), "support found from the words alone"


def test_unknown_algorithm(cluster):
    with pytest.raises(ValueError):
        summarize(cluster, algorithm="nope")
