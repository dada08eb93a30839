"""Speaker rules of the quote extractor, on short texts written for these tests (real spaCy
pipeline): each test names the rule it holds."""

from __future__ import annotations

import pytest

from newsfuse.analyze.quotes import extract_quotes
from newsfuse.model import Article, Quote

pytestmark = pytest.mark.slow


def _quotes(nlp, text: str) -> list[Quote]:  # noqa: ANN001
    return extract_quotes(nlp(text), Article(id="t1", text=text))


def _spoken(text: str, q: Quote) -> str:
    assert q.speaker_span is not None
    return text[q.speaker_span.start : q.speaker_span.end]


def _with_cue(quotes: list[Quote], cue: str) -> Quote:
    return next(q for q in quotes if q.cue == cue)


def test_a_quantity_without_a_parsed_subject_speaks(nlp) -> None:  # noqa: ANN001
    text = "The poll closed on Friday.\n\nAbout 4 in 10 say they want lower taxes next year."
    q = _with_cue(_quotes(nlp, text), "say")
    assert "4 in 10" in _spoken(text, q)


def test_according_to_before_a_colon_names_the_direct_quote(nlp) -> None:  # noqa: ANN001
    text = "According to the Daily Ledger: “The mayor will not run again in the autumn.”"
    [q] = [q for q in _quotes(nlp, text) if q.direct]
    assert q.speaker is not None and "Daily Ledger" in q.speaker


def test_a_belief_verb_right_before_the_quote_is_its_cue(nlp) -> None:  # noqa: ANN001
    text = "Then the host wanted to know, “How long will the old bridge stay closed this year?”"
    [q] = [q for q in _quotes(nlp, text) if q.direct]
    assert q.cue == "know"
    assert _spoken(text, q) == "the host"


def test_a_participle_after_a_clause_is_not_a_trailing_cue(nlp) -> None:  # noqa: ANN001
    text = "The mayor defended the plan, calling it “a fair deal for every street in town.”"
    quotes = _quotes(nlp, text)
    assert not any(q.text.startswith("The mayor defended") for q in quotes)
    [q] = [q for q in quotes if q.direct]
    assert _spoken(text, q) == "The mayor"


def test_a_name_before_a_colon_labels_the_quote(nlp) -> None:  # noqa: ANN001
    text = (
        "Turnout rose again.\n\n- Maria Lopez: “Turnout was higher than in any year we measured.”"
    )
    [q] = [q for q in _quotes(nlp, text) if q.direct]
    assert q.speaker == "Maria Lopez"


def test_a_label_ending_the_paragraph_before_names_the_quote(nlp) -> None:  # noqa: ANN001
    text = "Stated Lopez:\n\n“Turnout was higher than in any year we have measured so far.”"
    [q] = [q for q in _quotes(nlp, text) if q.direct]
    assert q.speaker is not None and "Lopez" in q.speaker


def test_the_subject_is_found_through_a_prepositional_phrase(nlp) -> None:  # noqa: ANN001
    text = (
        "In addition to stating that the budget was balanced, Governor Tom Hale has vowed to "
        "cut taxes."
    )
    q = _with_cue(_quotes(nlp, text), "stating")
    assert q.speaker == "Tom Hale"


def test_the_agent_of_a_participle_asks(nlp) -> None:  # noqa: ANN001
    text = "Asked by reporters whether the plant would close, Hale said he did not know yet."
    q = _with_cue(_quotes(nlp, text), "Asked")
    assert _spoken(text, q) == "reporters"


def test_the_first_name_after_a_quote_speaks(nlp) -> None:  # noqa: ANN001
    text = (
        "“We will rebuild every house on this street,” Hale, the governor since winning the "
        "2014 race against two rivals, said on Monday."
    )
    [q] = [q for q in _quotes(nlp, text) if q.direct]
    assert _spoken(text, q).startswith("Hale")


def test_a_time_never_speaks(nlp) -> None:  # noqa: ANN001
    text = (
        "The audit came out in July, which showed that costs rose by a third.\n\n"
        "MONDAY: the council meets at noon to vote on the new plan for the harbour."
    )
    for q in _quotes(nlp, text):
        assert q.speaker not in ("July", "MONDAY")


def test_a_cue_without_a_linked_subject_takes_the_nearest_subject_before_it(nlp) -> None:  # noqa: ANN001
    text = "Hale toured the flooded streets on Monday, then says the town will rebuild by spring."
    q = _with_cue(_quotes(nlp, text), "says")
    assert q.speaker == "Hale"


def test_a_phrase_giving_a_time_is_not_part_of_the_speaker(nlp) -> None:  # noqa: ANN001
    text = "The senator at the time said that the bridge would close. A reporter for USA Today "
    text += "said the vote was close."
    first, second = _quotes(nlp, text)
    assert _spoken(text, first) == "The senator"
    assert _spoken(text, second) == "A reporter for USA Today"


def test_a_second_report_coordinated_after_a_first_is_not_its_trailing_cue(nlp) -> None:  # noqa: ANN001
    text = (
        "Most of the nurses at the clinic said the new rota is fair, and two-thirds said the "
        "same of the pay deal."
    )
    quotes = _quotes(nlp, text)
    [q] = [q for q in quotes if q.text.startswith("the new rota is fair")]
    assert _spoken(text, q) == "Most of the nurses at the clinic"
    assert not any(q.text.startswith("Most of the nurses") for q in quotes)


def test_a_quote_inside_a_reported_sentence_takes_that_attribution(nlp) -> None:  # noqa: ANN001
    text = (
        "Carl Moe, a farmer from the valley, says the harvest is “far from over” and he is sure "
        "the new barn will “keep the hay dry all winter.”"
    )
    [q] = [q for q in _quotes(nlp, text) if q.text.startswith("keep the hay")]
    assert q.speaker == "Carl Moe"
    assert q.cue == "says"


def test_a_label_after_a_heading_and_a_spaced_dash_names_the_quote(nlp) -> None:  # noqa: ANN001
    text = (
        "The match ended late. [Sport.]\n\nCoaches differ - Ruth Okafor: “The hardest part of "
        "the season was a quiet one: the squad kept losing its best players to small injuries.”"
    )
    [q] = [q for q in _quotes(nlp, text) if q.direct]
    assert q.speaker == "Ruth Okafor"
    assert _spoken(text, q) == "Ruth Okafor"


def test_a_name_in_capitals_opening_a_paragraph_is_no_dateline(nlp) -> None:  # noqa: ANN001
    text = (
        "The harbour reopened on Monday.\n\nUNESCO praised the careful restoration of the old "
        "harbour walls and the lighthouse.\n\nWASHINGTON — The senator said the bill would pass."
    )
    quotes = _quotes(nlp, text)
    assert _with_cue(quotes, "praised").speaker == "UNESCO"
    assert _with_cue(quotes, "said").speaker == "The senator"


def test_a_name_the_parser_hung_on_the_heading_above_speaks(nlp) -> None:  # noqa: ANN001
    text = (
        "Storm Leaves Coastal Villages Without Power For\nPiet Claes, who has run the grid since "
        "2012, defended his staff and the speed of the repairs."
    )
    assert _with_cue(_quotes(nlp, text), "defended").speaker == "Piet Claes"


def test_a_short_quote_does_not_take_a_cue_that_reports_a_clause(nlp) -> None:  # noqa: ANN001
    text = "Our guide, a veteran of “the long winter,” explained that the glacier had lost half its ice."
    quotes = _quotes(nlp, text)
    q = _with_cue(quotes, "explained")
    assert q.text == "the glacier had lost half its ice"
    assert _spoken(text, q).startswith("Our guide")
    assert not any(q.direct for q in quotes)


def test_an_if_clause_is_what_a_question_verb_reports(nlp) -> None:  # noqa: ANN001
    text = "The coach asked the players if they wanted a longer break before the final."
    q = _with_cue(_quotes(nlp, text), "asked")
    assert q.text.startswith("if they wanted a longer break")
    assert _spoken(text, q) == "The coach"


def test_a_headline_label_of_one_or_two_names_speaks(nlp) -> None:  # noqa: ANN001
    text = "Wexley: Bridge Tolls Will Not Rise Before The Spring\n\nThe council met on Monday."
    [q] = [q for q in _quotes(nlp, text) if q.text.startswith("Bridge Tolls")]
    assert q.speaker == "Wexley"


def test_a_long_text_reads_its_entity_list_a_bounded_number_of_times(nlp) -> None:  # noqa: ANN001
    """Looking a speaker's name up among the entities goes through an index built once per
    document, not through the list of all of them for each subject (quadratic on long texts)."""
    from newsfuse.analyze.quotes_speaker import _ENTS_KEY

    class Counted(tuple):  # type: ignore[type-arg]
        reads = 0

        def __iter__(self):  # noqa: ANN204
            Counted.reads += 1
            return super().__iter__()

    text = "".join(
        f"Dana Reyes{k} said the bridge would open in spring. Mayor Sam Lee{k} told reporters "
        f"that the toll would stay. “We are ready,” Reyes{k} said.\n\n"
        for k in range(30)
    )
    doc = nlp(text)
    doc.user_data[_ENTS_KEY] = Counted(doc.ents)
    quotes = extract_quotes(doc, Article(id="t1", text=text))
    assert sum(1 for q in quotes if q.speaker and q.speaker.startswith("Dana Reyes")) >= 20
    assert Counted.reads <= 3


@pytest.mark.parametrize(
    "text",
    [
        "Talks stall\n\nNEW DELHI: The minister said the talks would resume next week.",
        "Heavy rain\n\nSAN JOSE: Officials said the river rose overnight.",
    ],
)
def test_a_dateline_before_a_colon_is_no_headline_label(nlp, text: str) -> None:  # noqa: ANN001
    q = _with_cue(_quotes(nlp, text), "said")
    assert q.speaker in ("The minister", "Officials")
    assert not any(q.speaker in ("NEW DELHI", "SAN JOSE") for q in _quotes(nlp, text))


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a pronoun that names nobody keeps its words as the span, and no speaker
        ("Some said the storm had damaged two moorings of the northern pier.", None),
        ("Everyone said the storm had damaged two moorings of the northern pier.", None),
        # a part of a group speaks for the group's role
        (
            "One of the captains said the storm had damaged two moorings of the pier.",
            "One of the captains",
        ),
        (
            "Thousands of people said they would march to the harbour on Friday.",
            "Thousands of people",
        ),
        ("The harbour master said the storm had damaged two moorings.", "The harbour master"),
    ],
)
def test_a_speaker_names_a_person_organisation_or_role(nlp, text: str, speaker) -> None:  # noqa: ANN001
    [q] = _quotes(nlp, text)
    assert q.speaker == speaker
    assert q.speaker_span is not None  # the words the cue's subject has stay marked


def test_a_transcript_label_in_capitals_names_its_speaker(nlp) -> None:  # noqa: ANN001
    text = "The crowd in the square grew all afternoon.\n\nLUND : Plenty of worries for the harbour now.\n"
    [q] = _quotes(nlp, text)
    assert q.speaker == "LUND"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the parser made a verb inside the quote the sentence's root
        (
            "The river board was firm in its findings: “Further work on this bridge is not needed.”",
            "The river board",
        ),
        # the same with a no-break space after the colon
        (
            "The river board was firm in its findings:\u00a0“Further work on this bridge is not needed.”",
            "The river board",
        ),
        # the tagger made the verb before the colon a noun
        (
            "Rule 12 affirms: “No member shall sell a ticket to anyone under the age of twelve.”",
            "Rule 12",
        ),
    ],
)
def test_the_subject_of_a_clause_closed_by_a_colon_speaks(nlp, text: str, speaker: str) -> None:  # noqa: ANN001
    [q] = [q for q in _quotes(nlp, text) if q.direct]
    assert q.speaker == speaker


def test_a_reported_clause_parsed_across_a_line_break_is_not_reported(nlp) -> None:  # noqa: ANN001
    from spacy.tokens import Doc

    # a parse that hangs the next paragraph on "said" as its clausal complement
    words = ["Lee", "said", "so", ".", "\n\n", "The", "old", "bridge", "is", "closed", "for"]
    words += ["good", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True, True, False, False, False, True, True, True, True, True, True, False, False],
        heads=[1, 1, 1, 1, 3, 7, 7, 8, 1, 8, 8, 10, 8],
        deps=["nsubj", "ROOT", "advmod", "punct", "dep", "det", "amod", "nsubj", "ccomp"]
        + ["acomp", "prep", "pobj", "punct"],
        pos=["PROPN", "VERB", "ADV", "PUNCT", "SPACE", "DET", "ADJ", "NOUN", "AUX", "ADJ"]
        + ["ADP", "ADJ", "PUNCT"],
        lemmas=[w.lower() for w in words[:1]] + ["say"] + [w.lower() for w in words[2:]],
    )
    assert extract_quotes(doc, Article(id="t1", text=doc.text)) == []


def test_a_colon_closing_the_cue_line_reports_the_next_paragraph(nlp) -> None:  # noqa: ANN001
    text = (
        "The mayor added:\n\nThe bridge will stay closed until the spring, and the ferry will run."
    )
    [q] = _quotes(nlp, text)
    assert (q.cue, _spoken(text, q)) == ("added", "The mayor")
    assert q.text.startswith("The bridge will stay closed")


def test_a_short_quoted_title_after_the_quote_does_not_hide_its_cue(nlp) -> None:  # noqa: ANN001
    text = (
        "“We have had better weeks than this one,” Bo Lee, a farmer wearing a “Vote Lee” pin, said."
    )
    [q] = [q for q in _quotes(nlp, text) if q.text.startswith("We have")]
    assert (q.cue, q.speaker) == ("said", "Bo Lee")


def test_a_cue_outside_quotation_marks_takes_no_subject_inside_them(nlp) -> None:  # noqa: ANN001
    from spacy.tokens import Doc

    # a parse that gives "vowing" the subject of the quoted clause ("Rain")
    words = ["Lee", "wrote", ":", "“", "Rain", "stops", "”", "and", "vowing", "to", "stay"]
    words += ["home", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True, False, True, False, True, False, True, True, True, True, True, False, False],
        heads=[1, 1, 1, 5, 5, 1, 5, 5, 5, 10, 8, 10, 1],
        deps=["nsubj", "ROOT", "punct", "punct", "nsubj", "ccomp", "punct", "cc", "conj", "aux"]
        + ["xcomp", "advmod", "punct"],
        pos=["PROPN", "VERB", "PUNCT", "PUNCT", "NOUN", "VERB", "PUNCT", "CCONJ", "VERB", "PART"]
        + ["VERB", "ADV", "PUNCT"],
        lemmas=["Lee", "write", ":", "“", "rain", "stop", "”", "and", "vow", "to", "stay"]
        + ["home", "."],
    )
    quotes = extract_quotes(doc, Article(id="t1", text=doc.text))
    vowed = next(q for q in quotes if q.cue == "vowing")
    assert vowed.speaker != "Rain"


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        # the cue of a clause further on is not the quote's
        (
            "The two mayors issued a statement that welcomed “many useful points of common "
            "ground” as well as areas where they disagree.",
            None,
            "The two mayors",
        ),
        # a cue right after its subject after the quote is
        ("“We will win this race in the autumn” he said.", "said", "he"),
    ],
)
def test_a_quote_the_sentence_runs_on_from_takes_only_a_cue_that_governs_it(
    nlp,
    text: str,
    cue: str | None,
    speaker: str,  # noqa: ANN001
) -> None:
    [q] = [q for q in _quotes(nlp, text) if q.direct]
    assert (q.cue, _spoken(text, q)) == (cue, speaker)


def test_to_a_name_opening_a_sentence_is_no_attribution(nlp) -> None:  # noqa: ANN001
    # "To X, ..." reads as X's view or as X the recipient ("To the Kurds, Washington sent 200
    # rifles."), and the parse is the same for both: neither is taken as a report of X's words
    assert _quotes(nlp, "To the Kurds, Washington sent 200 rifles last spring.") == []
    assert _quotes(nlp, "For Frank, the party lost its way in the seventies.") == []
    assert _quotes(nlp, "To date, the party has lost its way.") == []


def test_a_name_and_cue_after_a_quote_without_comma_speak_when_the_cue_governs_it(
    nlp,  # noqa: ANN001
) -> None:
    """“…” Mayor Bo Lee said.: the parse that makes the quote the complement of "said" (as
    that of a long text cut into pieces for the parser can) still reads the short sentence's
    speaker, not the subject of the sentence before."""
    from spacy.tokens import Doc

    words = ["The", "agenda", "listed", "the", "budget", ".", "“", "The", "budget", "is"]
    words += ["balanced", "this", "year", "”", "Mayor", "Bo", "Lee", "said", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True, True, True, True, False, True, False, True, True, True, True, True, False]
        + [True, True, True, True, False, False],
        heads=[1, 2, 2, 4, 2, 2, 17, 8, 10, 10, 17, 12, 10, 17, 16, 16, 17, 17, 17],
        deps=["det", "nsubj", "ROOT", "det", "dobj", "punct", "punct", "det", "nsubjpass"]
        + ["auxpass", "ccomp", "det", "npadvmod", "punct", "compound", "compound", "nsubj"]
        + ["ROOT", "punct"],
        pos=["DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT", "PUNCT", "DET", "NOUN", "AUX"]
        + ["VERB", "DET", "NOUN", "PUNCT", "PROPN", "PROPN", "PROPN", "VERB", "PUNCT"],
        lemmas=["the", "agenda", "list", "the", "budget", ".", "“", "the", "budget", "be"]
        + ["balance", "this", "year", "”", "Mayor", "Bo", "Lee", "say", "."],
        ents=["O"] * 15 + ["B-PERSON", "I-PERSON", "O", "O"],
    )
    [q] = [q for q in extract_quotes(doc, Article(id="t1", text=doc.text)) if q.direct]
    assert q.text == "The budget is balanced this year"
    assert (q.cue, q.speaker) == ("said", "Bo Lee")


def test_an_empty_pair_of_marks_before_a_cue_is_no_quote(nlp) -> None:  # noqa: ANN001
    text = "The council met on Tuesday.\n\n“” said the mayor, who chaired the meeting.\n\nIt ended."
    assert [q for q in _quotes(nlp, text) if q.direct] == []


def test_exclaim_is_a_speech_verb_after_a_quote_with_a_common_noun_subject(nlp) -> None:  # noqa: ANN001
    text = "“Everything we built is gone,” the old farmer exclaimed."
    [q] = _quotes(nlp, text)
    assert (q.cue, _spoken(text, q)) == ("exclaimed", "the old farmer")


def test_a_speech_verb_the_tagger_read_as_a_plural_noun_is_a_cue(nlp) -> None:  # noqa: ANN001
    """ "Lee predicts that the ferry will stop" tagged with "predicts" a plural noun (the name a
    compound of it): a clause of its own after it makes it the cue (a parse built by hand)."""
    from spacy.tokens import Doc

    words = ["Lee", "predicts", "that", "the", "ferry", "will", "stop", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True, True, True, True, True, True, False, False],
        heads=[1, 1, 6, 4, 6, 6, 1, 1],
        deps=["compound", "ROOT", "mark", "det", "nsubj", "aux", "ccomp", "punct"],
        tags=["NNP", "NNS", "IN", "DT", "NN", "MD", "VB", "."],
        pos=["PROPN", "NOUN", "SCONJ", "DET", "NOUN", "AUX", "VERB", "PUNCT"],
        lemmas=["Lee", "predict", "that", "the", "ferry", "will", "stop", "."],
    )
    [q] = extract_quotes(doc, Article(id="t1", text=doc.text))
    assert q.cue == "predicts" and q.text == "the ferry will stop" and q.speaker == "Lee"
