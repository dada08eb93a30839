"""Sentences that stand alone: run-ons split where a full stop was lost, pronoun subjects."""

from __future__ import annotations

import pytest

from newsfuse.analyze.pipeline import analyze
from newsfuse.analyze.standalone import standalone_text
from newsfuse.model import Article


def _sentences(nlp, text: str) -> list[str]:
    return [s.text for s in analyze(Article(id="t", text=text), nlp).sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            # a second reference ("Mr ...") after a role: the full stop was lost
            "The board said the new manager would replace her as head of sales Mr Lund will "
            "leave the firm at the end of the month.",
            [
                "The board said the new manager would replace her as head of sales",
                "Mr Lund will leave the firm at the end of the month.",
            ],
        ),
        (
            # a capitalised function word after a complete clause
            "Ticket sales rose by a third in the first quarter The club said demand for season "
            "passes stayed strong.",
            [
                "Ticket sales rose by a third in the first quarter",
                "The club said demand for season passes stayed strong.",
            ],
        ),
        (
            # the second subject is longer than a plain noun phrase: read from the parse
            "Fans waited outside the stadium for hours last night The row between the club and "
            "its supporters will decide the vote, the chairman has said.",
            [
                "Fans waited outside the stadium for hours last night",
                "The row between the club and its supporters will decide the vote, the chairman "
                "has said.",
            ],
        ),
        (
            # a capitalised common word after a noun: no name, a sentence starts there
            "The ferry company cut its fares in several northern ports Many passengers were "
            "still on the quay at midnight.",
            [
                "The ferry company cut its fares in several northern ports",
                "Many passengers were still on the quay at midnight.",
            ],
        ),
    ],
)
def test_run_on_sentences_are_split(nlp, text: str, expected: list[str]) -> None:
    assert _sentences(nlp, text) == expected


def test_a_split_sentence_keeps_its_place_in_the_article(nlp) -> None:
    text = (
        "The pier reopened on Monday. Fans waited outside the stadium for hours last night The "
        "row between the club and its supporters will decide the vote, the chairman has said."
    )
    sentences = analyze(Article(id="t", text=text), nlp).sentences
    assert [s.text for s in sentences][1:] == [
        "Fans waited outside the stadium for hours last night",
        "The row between the club and its supporters will decide the vote, the chairman has said.",
    ]
    for s in sentences:
        assert s.span.article == "t"
        assert text[s.span.start : s.span.end] == s.text
    assert sentences[2].span.start == text.index("The row")
    assert sentences[1].span.end == text.index(" The row")


def test_a_past_participle_with_its_own_subject_closes_a_clause() -> None:
    """A simple past the tagger read as a participle ("after the agency cut its rating") has a
    subject and no auxiliary: the clause that "after" opens is complete; a participle without a
    subject ("after the rating cut by the agency") leaves it open."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from newsfuse.analyze.standalone import _complete

    words = ["Prices", "rose", "after", "the", "agency", "cut", "its", "rating"]
    tags = ["NNS", "VBD", "IN", "DT", "NN", "VBN", "PRP$", "NN"]
    deps = ["nsubj", "ROOT", "mark", "det", "nsubj", "advcl", "poss", "dobj"]
    doc = Doc(Vocab(), words=words, tags=tags, deps=deps, heads=[1, 1, 5, 4, 5, 1, 7, 5])
    assert _complete(doc[:])
    words = ["Prices", "rose", "after", "the", "rating", "cut", "by", "the", "agency"]
    tags = ["NNS", "VBD", "IN", "DT", "NN", "VBN", "IN", "DT", "NN"]
    deps = ["nsubj", "ROOT", "mark", "det", "npadvmod", "advcl", "agent", "det", "pobj"]
    doc = Doc(Vocab(), words=words, tags=tags, deps=deps, heads=[1, 1, 5, 4, 5, 1, 5, 8, 6])
    assert not _complete(doc[:])


@pytest.mark.parametrize(
    "text",
    [
        # "as" opens a clause whose subject is the role and the name
        "Shares in the ferry company fell as managing director Anna Lund announced her departure.",
        # a reporting verb takes the role and the name as its clause's subject
        "The board said head of sales Anna Lund will leave the firm in October.",
        # a bare attribution is not a sentence of its own
        "Ferry traffic doubled over the summer, the port said in 2019 Mr Lund said.",
        # a relative clause inside a reported clause
        "The mayor said that the ferries that the company bought last year were unsafe.",
        # a name right after a capitalised word is part of that name
        "The talks ended late on Friday Officials said they would resume next week.",
        # an abbreviation after a noun is part of its noun phrase
        "The ferry crews were safe in the harbour, the reports on regional state TV said on Monday.",
        # a capitalised word after an adverb ("then") goes on the clause the condition opened
        "If the coach says A beat B fairly, then A beat B.",
    ],
)
def test_sentences_that_are_one_are_not_split(nlp, text: str) -> None:
    assert _sentences(nlp, text) == [text]


def test_pronoun_subject_is_resolved_from_the_sentence_before(nlp) -> None:
    text = (
        "The harbour master Anna Lund closed the northern pier on Monday, the port authority "
        "reports. She said: 'The storm damaged two of the moorings.'"
    )
    an = analyze(Article(id="t", text=text), nlp)
    assert len(an.sentences) == 2
    (ps,) = an.subjects
    assert (ps.sentence, ps.text, ps.name) == (1, "She", "Anna Lund")
    assert text[ps.span.start : ps.span.end] == "She"
    assert standalone_text(an, 1, an.sentences[1].text) == (
        "[Anna Lund] said: 'The storm damaged two of the moorings.'"
    )
    assert standalone_text(an, 0, an.sentences[0].text) == an.sentences[0].text


def test_pronoun_subject_without_antecedent_does_not_stand_alone(nlp) -> None:
    text = "The storm reached the coast on Monday. He said the moorings were damaged."
    an = analyze(Article(id="t", text=text), nlp)
    (ps,) = an.subjects
    assert ps.name is None
    assert standalone_text(an, 1, an.sentences[1].text) is None


def test_two_people_before_leave_the_pronoun_unresolved(nlp) -> None:
    text = (
        "Anna Lund met Peter Berg after Peter Berg resigned as harbour master. "
        "He said the moorings were damaged."
    )
    an = analyze(Article(id="t", text=text), nlp)
    (ps,) = an.subjects
    assert ps.name in {None, "Anna Lund"}  # the main clause's subject, never a guess between two


def test_a_pronoun_subject_after_another_one_is_left_unresolved(nlp) -> None:
    """Only the main clause's pronoun would read as a name: "they say, [Fishermen] feared"."""
    first = "Fishermen in the northern ports have struggled for years."
    assert _alone(
        nlp, f"{first} For decades, they say, they feared the inspectors of the harbour office."
    ) == [first, None]
    assert (
        _alone(
            nlp,
            f"{first} For decades, officials say, they feared the inspectors of the harbour office.",
        )[1]
        == "For decades, officials say, [Fishermen in the northern ports] feared the inspectors of the harbour office."
    )


def test_a_chain_of_pronouns_keeps_the_name(nlp) -> None:
    text = (
        "Harbour master Anna Lund closed the northern pier on Monday. "
        "She said two moorings were damaged. She added that repairs would take a week."
    )
    an = analyze(Article(id="t", text=text), nlp)
    assert [(p.sentence, p.name) for p in an.subjects] == [(1, "Anna Lund"), (2, "Anna Lund")]


def test_a_sentence_ending_on_a_colon_does_not_stand_alone(nlp) -> None:
    """A speaker label the parser takes for a sentence, or a sentence opening a list, announces
    what follows: it is neither a key fact nor a summary sentence."""
    text = (
        "ANNA LUND, HARBOUR TV CORRESPONDENT:\n"
        "The storm damaged two moorings of the northern pier on Monday.\n"
        "Three ferries were cancelled on Tuesday:"
    )
    an = analyze(Article(id="t", text=text), nlp)
    texts = [s.text for s in an.sentences]
    assert texts[-1] == "Three ferries were cancelled on Tuesday:"
    assert standalone_text(an, len(texts) - 1, texts[-1]) is None
    assert standalone_text(an, 0, "ANNA LUND, HARBOUR TV CORRESPONDENT:") is None
    moorings = texts.index("The storm damaged two moorings of the northern pier on Monday.")
    assert standalone_text(an, moorings, texts[moorings]) == texts[moorings]


def _alone(nlp, text: str) -> list[str | None]:
    an = analyze(Article(id="t", text=text), nlp)
    return [standalone_text(an, i, s.text) for i, s in enumerate(an.sentences)]


def test_it_as_subject_is_resolved_to_an_organisation_or_left_out(nlp) -> None:
    assert _alone(
        nlp, "The Ferry Workers Union called a strike on Monday. It said pay talks had failed."
    ) == [
        "The Ferry Workers Union called a strike on Monday.",
        "[The Ferry Workers Union] said pay talks had failed.",
    ]
    # "the harbour authority" names no organisation: "It" stays unresolved
    assert _alone(
        nlp, "The harbour authority closed the pier on Monday. It said two moorings were damaged."
    ) == ["The harbour authority closed the pier on Monday.", None]


@pytest.mark.parametrize(
    "second",
    [
        "It is unclear whether the ferries will sail.",
        "It was feared that the pier would collapse.",
    ],
)
def test_an_expletive_it_stands_alone(nlp, second: str) -> None:
    assert _alone(nlp, f"The storm hit the coast on Monday. {second}")[1] == second


def test_a_demonstrative_subject_does_not_stand_alone(nlp) -> None:
    first = "Two ferries sank in the storm."
    assert _alone(nlp, f"{first} This is the worst accident in the port's history.") == [
        first,
        None,
    ]
    # with a relative clause it says whom it means
    second = "Those who survived were taken to hospital in Bergen."
    assert _alone(nlp, f"{first} {second}") == [first, second]


@pytest.mark.parametrize(
    "second",
    [
        "It seems that the ferries will not sail before Friday.",
        "It is feared that two ferries were lost in the storm.",
    ],
)
def test_it_before_a_linking_or_passive_verb_with_a_clause_stands_alone(nlp, second) -> None:
    assert _alone(nlp, f"The storm hit the coast on Monday. {second}")[1] == second


def test_a_shorter_version_opening_with_the_pronoun_keeps_it_resolved(nlp) -> None:
    """The summary's shorter version cuts an opening weekday ("On Tuesday, she said" -> "She
    said"): the pronoun, moved and capitalised, is still replaced by the name."""
    text = (
        "Mayor Ann Diaz opened the new council office in the harbor district. On Tuesday, she "
        "said the old bridge would reopen to traffic in May."
    )
    an = analyze(Article(id="t", text=text), nlp)
    (ps,) = an.subjects
    assert (ps.sentence, ps.text, ps.name) == (1, "she", "Ann Diaz")
    start = an.sentences[1].span.start
    short = "She said the old bridge would reopen to traffic in May."
    assert standalone_text(an, 1, short, start) == (
        "[Ann Diaz] said the old bridge would reopen to traffic in May."
    )
