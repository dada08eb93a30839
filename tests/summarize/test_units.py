"""Candidate units: the splitter's cuts undone, speakerless quotes kept only as evidence."""

from __future__ import annotations

from newsfuse.model import Analysis, Article, Sentence, Span
from newsfuse.summarize import summarize
from newsfuse.summarize.filters import is_noise, is_speakerless_quote
from newsfuse.summarize.newsfuse import select
from newsfuse.summarize.units import build_units


def analysis_of(aid: str, pieces: list[str], sep: str = " ") -> Analysis:
    """An Analysis whose sentences are exactly ``pieces`` (as a splitter would have cut them)."""
    text = sep.join(pieces)
    sentences, lemmas, at = [], [], 0
    for piece in pieces:
        start = text.index(piece, at)
        at = start + len(piece)
        sentences.append(Sentence(Span(aid, start, at), piece))
        lemmas.append(tuple(w.strip('.,"“”').lower() for w in piece.split() if len(w) > 3))
    return Analysis(
        article=Article(id=aid, text=text, source=aid),
        sentences=tuple(sentences),
        lemmas=tuple(lemmas),
        tenses=tuple("past" for _ in pieces),
    )


SPLIT_QUOTE = [
    "The harbor bridge will close for repairs next month, the city transport office announced.",
    '"We have waited twenty years for this repair.',
    'Now the whole harbor district will finally get a safe crossing," the mayor told reporters.',
]


def test_a_quote_cut_by_the_splitter_becomes_one_unit():
    units = build_units([analysis_of("a", SPLIT_QUOTE)])
    texts = [u.text for u in units]
    assert texts[0] == SPLIT_QUOTE[0]
    joined = " ".join(SPLIT_QUOTE[1:])
    assert joined in texts  # both halves together: balanced quotes, speaker included
    unit = units[texts.index(joined)]
    assert unit.selectable
    a = unit.span
    assert (a.start, a.end) == (len(SPLIT_QUOTE[0]) + 1, len(" ".join(SPLIT_QUOTE)))
    # without the join each half was noise (an odd number of quote marks)
    assert all(is_noise(half) for half in SPLIT_QUOTE[1:])


def test_no_join_across_paragraphs():
    units = build_units([analysis_of("a", SPLIT_QUOTE, sep="\n\n")])
    assert [u.text for u in units] == [SPLIT_QUOTE[0]]  # the halves stay apart, and stay out


def test_title_abbreviation_cut_is_joined():
    pieces = [
        "The fire at the old textile mill was put out after six hours, said Capt.",
        "Maria Lopez of the county fire department on Sunday evening.",
    ]
    units = build_units([analysis_of("a", pieces)])
    assert [u.text for u in units] == [" ".join(pieces)]


SPEAKERLESS = [
    "Mayor Ruth Okafor spoke to reporters outside the harbor bridge on Monday afternoon.",
    '"This bridge carries forty thousand cars every single day across the harbor," in her words.',
    "Engineers found deep cracks in two of the harbor bridge supports last winter.",
]


def test_a_speakerless_quote_is_evidence_not_a_summary_sentence():
    assert is_speakerless_quote(SPEAKERLESS[1])
    assert not is_speakerless_quote('"It carries cars," the mayor said.')
    units = build_units([analysis_of("a", SPEAKERLESS, sep="\n\n")])
    by_text = {u.text: u for u in units}
    assert not by_text[SPEAKERLESS[1]].selectable
    assert by_text[SPEAKERLESS[0]].selectable and by_text[SPEAKERLESS[2]].selectable
    chosen, _ = select(units, 400)
    assert chosen and all(u.selectable for u in chosen)
    summary = summarize([analysis_of("a", SPEAKERLESS, sep="\n\n")], words=400)
    assert SPEAKERLESS[1] not in [s.text for s in summary]


def test_speakerless_quote_counts_as_evidence_for_concepts():
    # Two candidate sentences; a quote in another article repeats what the second one says,
    # so the second one wins although the first comes first in its article.
    first = analysis_of(
        "a",
        [
            "The museum reopened its west wing after a long renovation on Friday morning.",
            "Ticket prices for the harbor ferry rise by three dollars from next spring onward.",
        ],
    )
    other = analysis_of(
        "b",
        [
            "Heavy snow is expected in the northern valleys over the coming weekend.",
            '"Harbor ferry ticket prices rise three dollars next spring, sadly," in his words.',
        ],
        sep="\n\n",
    )
    units = build_units([first, other])
    assert any(not u.selectable for u in units)
    chosen, _ = select(units, 15)
    assert [u.text for u in chosen] == [first.sentences[1].text]
    # dropping the evidence-only unit changes the choice: it is what tipped the balance
    chosen_without, _ = select([u for u in units if u.selectable], 15)
    assert [u.text for u in chosen_without] != [u.text for u in chosen]


def test_pair_after_a_speaker_sentence_is_selectable():
    pieces = [
        "Mayor Ruth Okafor said the harbor bridge repairs would start in the spring.",
        '"We cannot wait another winter with a broken bridge over the harbor."',
    ]
    units = build_units([analysis_of("a", pieces)])
    pair = [u for u in units if u.pair]
    assert pair and pair[0].selectable and pair[0].text == " ".join(pieces)


def test_sentences_of_one_statement_group_are_never_both_chosen():
    a = analysis_of(
        "a", ["The council approved the harbor bridge budget of forty million dollars on Tuesday."]
    )
    b = analysis_of(
        "b", ["Forty million dollars will go to bridge repairs after a vote by city councillors."]
    )
    both = summarize([a, b], words=60)
    assert len(both) == 2  # different enough in words to pass the lexical redundancy check
    same = [a.sentences[0].span, b.sentences[0].span]
    one = summarize([a, b], words=60, statements=[same])
    assert len(one) == 1 and one[0].text in {a.sentences[0].text, b.sentences[0].text}
    # a group that names other sentences changes nothing
    other = summarize([a, b], words=60, statements=[[Span("a", 500, 600), Span("b", 500, 600)]])
    assert [s.text for s in other] == [s.text for s in both]


def test_pronoun_contractions_dangle():
    from newsfuse.summarize.filters import is_dangling

    assert is_dangling("They've asked the stations to move the ads to other programs.")
    assert is_dangling("He’ll have to send technicians to every machine in the county.")
    assert not is_dangling("Theatre owners have asked the stations to move the ads.")


def test_a_quotation_is_preferred_between_equal_statements():
    """The same fact in reported and in direct speech, room for one: without the quote bonus
    the plain sentence wins (a tie, and it comes first), with it the quotation."""
    from newsfuse.summarize.newsfuse import Params

    plain = "The mayor said repairs to the harbor bridge will start in the spring."
    quoted = '"Repairs to the harbor bridge will start in the spring," the mayor said.'
    rest = "Traffic will move to the ferry during the work."
    units = build_units([analysis_of("a", [plain, rest]), analysis_of("b", [quoted, rest])])
    for bonus, want in ((0.0, plain), (Params().quote_bonus, quoted)):
        chosen, texts = select(units, 16, Params(quote_bonus=bonus))
        assert [texts[u] for u in chosen] == [want]
    # the same through the public entry point
    pair = [analysis_of("a", [plain, rest]), analysis_of("b", [quoted, rest])]
    assert [s.text for s in summarize(pair, words=16)] == [quoted]
    assert [s.text for s in summarize(pair, words=16, params=Params(quote_bonus=0))] == [plain]


def test_has_quotation_needs_quoted_words_not_scare_quotes():
    from newsfuse.summarize.filters import has_quotation

    assert has_quotation('"We will rebuild the bridge," she said.')
    assert has_quotation("“We will rebuild the bridge,” she said.")
    assert not has_quotation('The so-called "deal" fell apart on Monday.')
    assert not has_quotation('The so-called " deal " fell apart, and " - - " too.')
    assert not has_quotation("No quotation here at all.")


def test_a_leading_attribution_before_a_quotation_is_kept():
    from newsfuse.summarize.compress import compress

    quoted = "According to the mayor, “we will rebuild the harbor bridge within two years.”"
    assert compress(quoted) == quoted  # cut, the quotation would lose its speaker
    plain = "According to the mayor, the city will rebuild the harbor bridge within two years."
    assert compress(plain) == "The city will rebuild the harbor bridge within two years."


def test_params_belong_to_the_newsfuse_selector():
    import pytest

    from newsfuse.summarize.newsfuse import Params

    a = analysis_of("a", ["The council approved the harbor bridge budget on Tuesday night."])
    with pytest.raises(ValueError, match="params"):
        summarize([a], words=20, algorithm="lexrank", params=Params())


def test_ties_break_the_same_way_under_any_string_hashing():
    """Gains are sums over sets of concepts, whose order follows string hashing, which changes
    from process to process; an exact tie must still go the same way in every run."""
    import os
    import subprocess
    import sys

    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from test_units import analysis_of\n"
        "from newsfuse.summarize import summarize\n"
        "from newsfuse.summarize.newsfuse import Params\n"
        "plain = 'The mayor said repairs to the harbor bridge will start in the spring.'\n"
        "quoted = '\"Repairs to the harbor bridge will start in the spring,\" the mayor said.'\n"
        "rest = 'Traffic will move to the ferry during the work.'\n"
        "pair = [analysis_of('a', [plain, rest]), analysis_of('b', [quoted, rest])]\n"
        "print(summarize(pair, words=16, params=Params(quote_bonus=0))[0].text)\n"
        "print(summarize(pair, words=16)[0].text)\n"
    )
    here = os.path.dirname(__file__)
    outs = set()
    for seed in range(8):
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        run = subprocess.run(
            [sys.executable, "-c", code, here], env=env, capture_output=True, text=True, check=True
        )
        outs.add(run.stdout.strip())
    assert outs == {
        "The mayor said repairs to the harbor bridge will start in the spring.\n"
        '"Repairs to the harbor bridge will start in the spring," the mayor said.'
    }


def test_a_video_players_close_button_is_cut_off_the_sentence():
    pieces = [
        "CLOSE The airline says it is streamlining its boarding process at all hubs.",
        "Gone are the five boarding lines used in the previous process at the gates.",
    ]
    units = build_units([analysis_of("a", pieces)])
    first = units[0]
    assert first.text == "The airline says it is streamlining its boarding process at all hubs."
    assert first.span.start == len("CLOSE ")  # the citation points at the sentence itself
    units = build_units([analysis_of("c", ["EMBED More News Videos " + pieces[0][6:]])])
    assert units[0].text == pieces[0][6:]
    # a word that only starts like the button stays
    units = build_units([analysis_of("b", ["CLOSED roads slowed the convoy as it left the town."])])
    assert units[0].text.startswith("CLOSED roads")


def test_a_text_of_page_debris_alone_gets_no_summary() -> None:
    notice = [
        "These crawls are part of an effort to archive pages as they are created.",
        "That way, as the pages that are referenced are changed or taken from the web, a link "
        "to the version that was live when the page was written will be preserved.",
        "The goal is to fix all broken links on the web .",
    ]
    assert summarize([analysis_of("a", notice)], words=100) == []
    assert summarize([analysis_of("a", notice)], words=100, truncate=True) == []


def test_a_text_that_fails_only_the_style_filters_is_still_summarized() -> None:
    # no sentence ends with a full stop (headline-like lines): the filter passes none of them,
    # but they are the article's own words, so the summary falls back to them
    lines = ["Harbor bridge closes for repairs in March", "Ferries to run every hour instead"]
    got = summarize([analysis_of("a", lines, sep="\n")], words=100)
    assert [s.text for s in got] == lines
    # markers that make a full sentence noise ("click", ".com") do not make a headline debris
    lines = ["Amazon.com shares jump after earnings beat", "A Senate bill passes with support"]
    got = summarize([analysis_of("a", lines, sep="\n")], words=100)
    assert [s.text for s in got] == lines
