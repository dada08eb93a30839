"""Property tests of entity merging on random capitalised texts: invariants, never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.crosscheck.entities import merge_entities
from newsfuse.model import Analysis, Article, Mention, Span

WORDS = [
    "Hayashi",
    "Yoshimasa",
    "the",
    "U.S.",
    "Blog",
    "said",
    "Foreign",
    "Minister",
    "of",
    "Japan",
    "Smith",
    "John",
    "Center",
    "Kim",
    "Jong",
    "Un",
    "Il",
    "State",
    "Secretary",
    "'s",
    "\n",
    "-",
    "PM",
    "Obama",
    "Reverses",
    "Bush",
    "Island",
    "Qeshm",
    "top",
    "Japanese",
    "diplomat",
    "The",
]
LABELS = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "WORK_OF_ART"]


@st.composite
def stories(draw) -> list[Analysis]:
    out = []
    for a in range(draw(st.integers(1, 3))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
        starts, pos = [], 0
        for w in words:
            starts.append(pos)
            pos += len(w) + 1
        text = " ".join(words)
        mentions = []
        i = 0
        while i < len(words):
            n = draw(st.integers(0, 3))
            if n and i + n <= len(words):
                lo, hi = starts[i], starts[i + n - 1] + len(words[i + n - 1])
                label = draw(st.sampled_from(LABELS))
                mentions.append(Mention(Span(f"a{a}", lo, hi), text[lo:hi], label))
                i += n
            else:
                i += 1
        out.append(Analysis(Article(f"a{a}", text), (), tuple(mentions)))
    return out


@settings(max_examples=150, deadline=None)
@given(stories())
def test_invariants(story: list[Analysis]) -> None:
    index = merge_entities(story)
    texts = {an.article.id: an.article.text for an in story}
    assert len(index.relabeled) == sum(len(an.mentions) for an in story)
    names = {e.name for e in index.entities}
    for m in (*index.relabeled, *index.title_mentions, *index.found_mentions):
        text = texts[m.span.article]
        assert 0 <= m.span.start <= m.span.end <= len(text)
        assert text[m.span.start : m.span.end] == m.text
        assert m.canonical is None or m.canonical in names
    for e in index.entities:
        assert e.variants and e.mentions and e.articles
        assert {s.article for s in e.mentions} == set(e.articles)
        assert {a for _, arts in e.variant_articles for a in arts} <= set(e.articles)
    keys = [(-len(e.articles), -len(e.mentions)) for e in index.entities]
    assert keys == sorted(keys)
    assert len(names) == len(index.entities)
