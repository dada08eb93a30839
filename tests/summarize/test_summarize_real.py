"""Summaries of real scraped Multi-News clusters keep the invariants (read at run time)."""

from __future__ import annotations

import re

import pytest

from newsfuse.summarize import summarize
from newsfuse.summarize.common import (
    SUPPORT_BIGRAMS,
    SUPPORT_UNIGRAMS,
    containment,
    cosine,
    lemma_idf,
)
from newsfuse.summarize.units import build_units

N_CLUSTERS = 6


@pytest.fixture(scope="module")
def real_clusters(shared_dir, nlp):
    from newsfuse.eval.summary import analyze_clusters, read_clusters

    clusters = list(read_clusters(shared_dir / "data/multinews200/clusters.jsonl", N_CLUSTERS))
    return analyze_clusters(clusters, nlp)


def _unit_at(units, span):
    """The raw unit (a sentence, or a pair for 2-sentence candidates) covering ``span``."""
    inside = [
        u
        for u in units
        if u.span.article == span.article and span.start <= u.span.start and u.span.end <= span.end
    ]
    return inside


@pytest.mark.slow
@pytest.mark.parametrize("words", [100, 250])
def test_real_summaries_keep_invariants(real_clusters, words):
    for analyses in real_clusters:
        summary = summarize(analyses, words=words)
        assert summary, "every cluster has summarizable sentences"
        assert sum(len(s.text.split()) for s in summary) <= words
        assert summarize(analyses, words=words) == summary  # deterministic
        texts = {a.article.id: a.article.text for a in analyses}
        raw = build_units(analyses, clean=False)
        idf = lemma_idf(raw)
        chosen_lemmas = []
        for s in summary:
            first, *rest = s.citations
            evidence = texts[first.article][first.start : first.end]
            # the summary text is the cited sentence, possibly with words removed (and the new
            # first word capitalised)
            said = set(re.findall(r"\w+", s.text.lower()))
            assert said <= set(re.findall(r"\w+", evidence.lower()))
            lemmas = tuple(w for u in _unit_at(raw, first) for w in u.lemmas)
            chosen_lemmas.append(lemmas)
            assert len({c.article for c in s.citations}) == len(s.citations)
            for cite in rest:
                theirs = [u.lemmas for u in raw if u.span == cite]
                assert theirs, "support citations are whole sentences of other articles"
                uni, bi = containment(lemmas, theirs[0], idf)
                assert uni >= SUPPORT_UNIGRAMS and bi >= SUPPORT_BIGRAMS
        for i, a in enumerate(chosen_lemmas):
            for b in chosen_lemmas[i + 1 :]:
                assert cosine(a, b) < 0.5, "two summary sentences say the same thing"


@pytest.mark.slow
def test_real_summaries_have_no_page_furniture(real_clusters):
    furniture = re.compile(r"(?i)advertisement|getty images|photographer|click here|sign up")
    for analyses in real_clusters:
        for s in summarize(analyses, words=250):
            assert not furniture.search(s.text), s.text
            assert s.text.rstrip("\"'”’)").endswith((".", "!")), s.text
