"""Properties of the cleaner on generated scraped-looking text (hypothesis)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsfuse.clean import clean_article
from newsfuse.model import Article, Reject

VOCAB = (
    "the council voted to expand bus routes on Tuesday said officials Share Advertisement "
    "Related © 2021 Comments Photo: AP Login Subscribe ' \" — , . ! ? TOKYO February 26"
)
WORDS = st.sampled_from(sorted(set(VOCAB.split())))
LINE = st.lists(WORDS, min_size=0, max_size=25).map(" ".join)
TEXT = st.lists(LINE, min_size=0, max_size=30).map("\n".join)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_every_line_is_kept_or_removed_with_a_reason(raw: str) -> None:
    out = clean_article(Article(id="h", text=raw))
    if isinstance(out, Reject):
        assert out.code == "NF110"
        return
    assert out.raw == raw and out.text.strip()
    removed = {r.line for r in out.removed}
    assert all(r.reason for r in out.removed)
    for line in raw.splitlines():
        line = line.strip()
        if line:
            assert line in out.text or line in removed, line


@settings(max_examples=60, deadline=None)
@given(TEXT)
# a quoted one-line body: two lines joined into one must not become a "subhead" with no body
@example('" 2021 2021 2021 2021 2021 2021 bus bus bus\nbus bus 2021 "')
def test_cleaning_is_deterministic_and_its_output_survives_a_second_pass(raw: str) -> None:
    a = clean_article(Article(id="h", text=raw))
    b = clean_article(Article(id="h", text=raw))
    assert a == b
    if isinstance(a, Article):
        again = clean_article(Article(id="h", text=a.text))
        assert isinstance(again, Article)
