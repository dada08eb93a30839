"""Quote extraction on short texts written for these tests (real spaCy pipeline)."""

from __future__ import annotations

import pytest

from newsfuse.analyze.quotes import extract_quotes
from newsfuse.model import Article, Quote

pytestmark = pytest.mark.slow


def _quotes(nlp, text: str) -> list[Quote]:  # noqa: ANN001
    article = Article(id="t1", text=text)
    quotes = extract_quotes(nlp(text), article)
    for q in quotes:  # every span is evidence in the text
        assert q.span.article == "t1"
        assert 0 <= q.span.start < q.span.end <= len(text)
        if not q.direct:
            assert text[q.span.start : q.span.end] == q.text
        if q.speaker_span is not None:
            assert text[q.speaker_span.start : q.speaker_span.end].strip()
        if q.cue_span is not None:
            assert text[q.cue_span.start : q.cue_span.end] == q.cue
    assert [q.span.start for q in quotes] == sorted(q.span.start for q in quotes)
    return quotes


def _spoken(text: str, q: Quote) -> str:
    assert q.speaker_span is not None
    return text[q.speaker_span.start : q.speaker_span.end]


def test_speaker_after_the_quote_with_title(nlp) -> None:  # noqa: ANN001
    text = "“The bridge will reopen next week,” Mayor Anna Kowalski said on Monday."
    [q] = _quotes(nlp, text)
    assert q.direct
    assert q.text == "The bridge will reopen next week"
    assert q.speaker == "Anna Kowalski"
    assert _spoken(text, q) == "Mayor Anna Kowalski"
    assert q.cue == "said"


def test_speaker_before_the_quote(nlp) -> None:  # noqa: ANN001
    text = "The harbour master said: “No ship will leave before the storm passes.”"
    [q] = _quotes(nlp, text)
    assert q.direct and q.text.startswith("No ship will leave")
    assert _spoken(text, q) == "The harbour master"
    assert q.cue == "said"


def test_inverted_speaker_and_continuation(nlp) -> None:  # noqa: ANN001
    text = "“We are not leaving,” said Carla Reyes, who has lived there for years. “This is home.”"
    first, second = _quotes(nlp, text)
    assert first.speaker == second.speaker == "Carla Reyes"
    assert second.text == "This is home."
    assert second.cue_span == first.cue_span


def test_pronoun_speaker_resolved_to_preceding_person(nlp) -> None:  # noqa: ANN001
    text = (
        "Fire chief Tom Baker arrived at the scene early.\n\n"
        "“We saw smoke from the second floor and moved everyone out,” he told reporters."
    )
    [q] = _quotes(nlp, text)
    assert q.speaker == "Tom Baker"
    assert _spoken(text, q) == "he"
    assert q.cue == "told"


def test_quote_spanning_paragraphs_british_style(nlp) -> None:  # noqa: ANN001
    text = (
        "Police Commissioner Maria Lopez spoke after the hearing. She stated: 'The findings are "
        "clear and the officers acted within the rules.\n\n'We will publish the full report on "
        "Friday.'\n\nThe council meets again next month."
    )
    [q] = _quotes(nlp, text)
    assert q.direct
    assert q.text == (
        "The findings are clear and the officers acted within the rules. "
        "We will publish the full report on Friday."
    )
    assert text[q.span.end - 7 : q.span.end] == "Friday."
    assert q.speaker == "Maria Lopez"
    assert _spoken(text, q) == "She"


def test_nested_quote_is_part_of_the_outer_quote(nlp) -> None:  # noqa: ANN001
    text = (
        "“My father told me, ‘Never give up on the town,’ and I still believe it,” the baker said."
    )
    [q] = _quotes(nlp, text)
    assert "‘Never give up on the town,’" in q.text
    assert _spoken(text, q) == "the baker"


def test_single_quotes_with_apostrophes(nlp) -> None:  # noqa: ANN001
    text = "The minister said: 'Britain's farmers don't need another delay this year.'"
    [q] = _quotes(nlp, text)
    assert q.text == "Britain's farmers don't need another delay this year."
    assert _spoken(text, q) == "The minister"


def test_indirect_said_that(nlp) -> None:  # noqa: ANN001
    text = "The company said that its profits had doubled during the winter."
    [q] = _quotes(nlp, text)
    assert not q.direct
    assert q.text == "its profits had doubled during the winter"
    assert q.speaker == "The company" and q.cue == "said"


def test_indirect_according_to(nlp) -> None:  # noqa: ANN001
    text = "According to the city council, the new library will open in May."
    [q] = _quotes(nlp, text)
    assert not q.direct
    assert q.text == "the new library will open in May"
    assert _spoken(text, q) == "the city council"
    assert q.cue == "According to"


def test_indirect_trailing_cue_and_quoted_as_saying(nlp) -> None:  # noqa: ANN001
    text = (
        "Profits will fall sharply this year, the finance director told reporters. "
        "Officials were quoted as saying that the road would stay closed until spring."
    )
    first, second = _quotes(nlp, text)
    assert first.text == "Profits will fall sharply this year"
    assert _spoken(text, first) == "the finance director"
    assert second.text == "the road would stay closed until spring"
    assert second.speaker == "Officials" and second.cue == "saying"


def test_scare_quote_without_cue_is_dropped(nlp) -> None:  # noqa: ANN001
    assert _quotes(nlp, "The residents left the hall after a “disaster” at the meeting.") == []
    # a belief frame around a scare quote is reported as the belief, not as a direct quote
    quotes = _quotes(nlp, "The residents saw the plan as a “disaster” at the meeting.")
    assert not [q for q in quotes if q.direct]


def test_short_quote_governed_by_a_cue_is_kept(nlp) -> None:  # noqa: ANN001
    text = "The mayor called the plan “a disaster” at the meeting."
    [q] = _quotes(nlp, text)
    assert q.direct and q.text == "a disaster"
    assert _spoken(text, q) == "The mayor" and q.cue == "called"


def test_partial_quote_inside_indirect_quote_is_not_repeated(nlp) -> None:  # noqa: ANN001
    text = "The mayor said that the repairs were “long overdue and badly planned” by the city."
    [q] = _quotes(nlp, text)
    assert not q.direct
    assert "“long overdue and badly planned”" in q.text


def test_organisation_speaker(nlp) -> None:  # noqa: ANN001
    text = "The U.S. State Department stated that the embassy would stay open."
    [q] = _quotes(nlp, text)
    assert q.speaker == "U.S. State Department"
    assert _spoken(text, q) == "The U.S. State Department"


def test_reported_noun_phrase_needs_four_words_or_a_learned_frame(nlp) -> None:  # noqa: ANN001
    """A speech verb's noun-phrase object is reported from four words on; a shorter one only
    when the verb's object is a learned frame ("praised Tom": an attitude PolNeAR annotates;
    "informed Tom": not)."""
    from newsfuse.analyze.quotes_frames import learned_frames

    assert "dobj" in learned_frames()["praise"]
    assert "dobj" not in learned_frames().get("inform", ())
    text = (
        "The ministry announced a new package of sanctions against the bank. Ana informed Tom. "
        "Ana praised Tom."
    )
    q, praised = _quotes(nlp, text)
    assert not q.direct
    assert q.text == "a new package of sanctions against the bank"
    assert q.speaker == "The ministry" and q.cue == "announced"
    assert (praised.text, praised.speaker, praised.cue) == ("Tom", "Ana", "praised")


def test_learned_frames_report_infinitives_and_prepositional_objects(nlp) -> None:  # noqa: ANN001
    text = "The senator refused to testify. Later the union called for an inquiry."
    refused, called = _quotes(nlp, text)
    assert (refused.text, refused.speaker, refused.cue) == ("to testify", "The senator", "refused")
    assert (called.text, called.speaker, called.cue) == ("an inquiry", "the union", "called")


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        # a speech verb's object of four words with "of" after it
        (
            "The union accused the new city council of hiding the true cost of the bridge.",
            "the new city council of hiding the true cost of the bridge",
        ),
        # a learned frame's object with "for" after it
        (
            "The farmers blamed the water board for the long delays at the dam.",
            "the water board for the long delays at the dam",
        ),
    ],
)
def test_a_reported_object_takes_the_phrase_of_for_as_or_about_after_it(
    nlp,  # noqa: ANN001
    text: str,
    reported: str,
) -> None:
    [q] = _quotes(nlp, text)
    assert q.text == reported


def test_a_reported_object_does_not_take_a_phrase_of_place_after_it(nlp) -> None:  # noqa: ANN001
    from newsfuse.analyze.quotes_frames import OBJECT_PREPS

    assert "on" not in OBJECT_PREPS and "in" not in OBJECT_PREPS
    text = "The ministry announced a new package of sanctions on Monday."
    [q] = _quotes(nlp, text)
    assert q.text == "a new package of sanctions"
    text = "The union accused the new city council in a letter to the press."
    [q] = _quotes(nlp, text)
    assert q.text == "the new city council"


def test_a_reported_object_stops_before_a_relative_clause_after_a_comma(nlp) -> None:  # noqa: ANN001
    """The relative clause is an attribution of its own, not part of what was praised; one
    without a comma restricts the object and stays."""
    text = "The farmers praised the new water commissioner, who has vowed to keep the dam open."
    praised = next(q for q in _quotes(nlp, text) if q.cue == "praised")
    assert praised.text == "the new water commissioner"
    text = "The union praised the new commissioner who kept the dam open."
    [q] = _quotes(nlp, text)
    assert q.text == "the new commissioner who kept the dam open"


def test_relative_pronoun_speaker_keeps_its_span_and_names_the_antecedent(nlp) -> None:  # noqa: ANN001
    text = "Governor Anna Kowalski, who noted that the bridge would reopen, left early."
    [q] = _quotes(nlp, text)
    assert q.speaker == "Anna Kowalski"
    assert _spoken(text, q) == "who"


def test_coordinated_speakers_are_kept_together(nlp) -> None:  # noqa: ANN001
    text = "Mayor Anna Kowalski and Governor Tom Reed stated that the bridge would reopen."
    [q] = _quotes(nlp, text)
    assert q.speaker == "Mayor Anna Kowalski and Governor Tom Reed"


def test_subjectless_cue_takes_the_previous_speaker(nlp) -> None:  # noqa: ANN001
    text = (
        "Stone told the crowd that the race was close.\n\n"
        "Continued: “So I think it is a very real problem for the party and for us.”"
    )
    first, second = _quotes(nlp, text)
    assert second.direct and second.cue == "Continued"
    assert second.speaker == first.speaker == "Stone"


def test_quote_inside_a_sentence_without_a_cue_takes_its_subject(nlp) -> None:  # noqa: ANN001
    text = (
        "Outside the hall, the striking nurses chanted “Safe staffing saves lives, every night "
        "and every day” until the doors closed."
    )
    quotes = [q for q in _quotes(nlp, text) if q.direct]
    assert quotes and _spoken(text, quotes[0]).endswith("nurses")
    assert quotes[0].cue is None  # no cue verb was invented


def test_a_time_is_never_a_speaker(nlp) -> None:  # noqa: ANN001
    """A speaker is a person, organisation or role: "at the time" after the cue is not the
    speaker, and a quote whose only candidate is a time has none."""
    text = "“We will not cut the dividend,” said at the time the chief executive."
    [q] = _quotes(nlp, text)
    assert _spoken(text, q) == "the chief executive"
    text = "“The spill is tiny,” the time said."
    [q] = _quotes(nlp, text)
    assert q.speaker is None and q.speaker_span is None


def test_speaker_validity_of_single_tokens(nlp) -> None:  # noqa: ANN001
    from newsfuse.analyze.quotes_speaker import valid_speaker

    doc = nlp("At the time, at 5 PM on Saturday, the 46-year-old Kristen Day said so.")
    by_text = {t.text: t for t in doc}
    assert not valid_speaker(by_text["time"])
    assert not valid_speaker(by_text["PM"])
    assert not valid_speaker(by_text["Saturday"])
    assert valid_speaker(by_text["Day"])
    assert valid_speaker(by_text["old"])


def test_referring_it_is_a_speaker_but_a_placeholder_it_is_not(nlp) -> None:  # noqa: ANN001
    text = "The agency inspected the dam on Monday. It said that the dam was safe."
    [q] = [q for q in _quotes(nlp, text) if q.cue == "said"]
    assert _spoken(text, q) == "It"
    text = "It seems that the dam was safe."
    assert all(q.speaker is None for q in _quotes(nlp, text))


def test_speakers_named_around_the_words(nlp) -> None:  # noqa: ANN001
    """ "According to X, “…”" names the speaker of a direct quote; a quote right after a
    reported clause with a trailing cue continues its speaker; a document speaks for whoever
    issued it."""
    text = "According to Paul Sperry of the watchdog group, “The contracts were never reviewed.”"
    [q] = _quotes(nlp, text)
    assert q.direct and q.speaker == "Paul Sperry" and q.cue == "According to"
    text = (
        "The movement is about parents telling leaders what they want, Wilcox said. "
        "“We are not going away.”"
    )
    first, second = _quotes(nlp, text)
    assert second.direct and second.speaker == first.speaker == "Wilcox"
    from newsfuse.analyze.quotes_speaker import subject_of

    doc = nlp("Hours later, the union issued a statement saying that the strike would end.")
    saying = next(t for t in doc if t.text == "saying")
    subject = subject_of(saying)
    assert subject is not None and subject.text == "union"


def test_a_timestamp_line_does_not_hide_the_speaker(nlp) -> None:  # noqa: ANN001
    text = "The polls closed.\n\n9:30 p.m.\n\nDonald Trump says he may move to the South."
    [q] = _quotes(nlp, text)
    assert q.speaker == "Donald Trump" and q.cue == "says"


def test_a_quote_ending_in_a_nested_quote_finds_its_cue_after(nlp) -> None:  # noqa: ANN001
    """The last character of the words is read past the closing mark of a nested quote."""
    text = (
        "“People wave and I just say, ‘Thank you for coming,’” Baker explained. "
        "“Some say hello. Others walk past.”"
    )
    first, second = _quotes(nlp, text)
    assert first.speaker == second.speaker == "Baker"
    assert first.cue == "explained" and second.cue_span == first.cue_span
    text = "“We asked them, ‘Where is the money?’” Baker said."
    [q] = _quotes(nlp, text)
    assert q.speaker == "Baker" and q.cue == "said"


def test_a_participle_parsed_as_the_subject_gives_way_to_its_noun(nlp) -> None:  # noqa: ANN001
    """ "Voters going to the polls said": the parser makes "going" a clausal subject; the
    speaker is the noun it modifies."""
    text = "Most farmers in the valley going to the market on Friday said they expect lower prices."
    [q] = _quotes(nlp, text)
    assert q.speaker == "Most farmers in the valley" and q.cue == "said"


def test_a_sentence_that_only_names_the_speaker_after_a_full_stop(nlp) -> None:  # noqa: ANN001
    text = "“The market will recover before the winter ends.” Lopez said.\n\nShe left early."
    q = _quotes(nlp, text)[0]
    assert q.direct and q.speaker == "Lopez" and q.cue == "said"
    text = "“The market will recover before the winter ends.” The bank closed early."
    [q] = _quotes(nlp, text)
    assert q.speaker is None and q.cue is None


def test_a_quote_paragraph_continues_the_speaker_named_last(nlp) -> None:  # noqa: ANN001
    """A quote that opens its paragraph without an attribution belongs to the speaker of the
    attribution that ends the paragraph before (a speech verb, not any verb)."""
    text = (
        "Gomez shot back in a statement, saying he had “made many friends in hard times.”\n\n"
        "“Frankly, this is the kind of thinking the town needs right now.”"
    )
    first, second = _quotes(nlp, text)
    assert second.direct and second.speaker == "Gomez" and second.cue == "saying"
    text = (
        "The storm hit the coast on Friday.\n\n"
        "“We need people who can fix things and bring the town together.”"
    )
    assert all(q.speaker is None for q in _quotes(nlp, text) if q.direct)


def test_the_agent_of_a_passive_cue_is_the_speaker(nlp) -> None:  # noqa: ANN001
    text = "Rubio was asked by the moderator Gerard Baker whether his plan would cost too much."
    [q] = _quotes(nlp, text)
    assert q.cue == "asked" and q.speaker == "Gerard Baker"


def test_a_party_label_in_parentheses_is_not_the_name(nlp) -> None:  # noqa: ANN001
    text = (
        "Friday on CNN, Sen. Kristen Gillibrand (D-NY), a supporter of the bid, told host "
        "Chris Cuomo she believed that Clinton would release them."
    )
    [q] = _quotes(nlp, text)
    assert q.speaker == "Kristen Gillibrand"
    assert _spoken(text, q).startswith("Sen. Kristen Gillibrand")


def test_a_mixed_case_dateline_is_not_the_speaker(nlp) -> None:  # noqa: ANN001
    """ "New York (AFP) – …": the place of a dateline is never the speaker; the person named
    after it is."""
    text = (
        "Biden trashes Trump.\n\nNew York (AFP) – Vice President Joe Biden on Monday hit the "
        "campaign trail, trashing Donald Trump as unqualified for the White House."
    )
    assert [q.speaker for q in _quotes(nlp, text)] == ["Joe Biden"]
    text = "Polls closed.\n\nJason Sims — a teacher from Pleasant Hill — says he voted for Rubio."
    assert [q.speaker for q in _quotes(nlp, text)] == ["Jason Sims"]


def test_of_two_subjects_on_one_verb_the_nearest_is_the_speaker(nlp) -> None:  # noqa: ANN001
    """A parse that hangs two subjects on one verb ("… in Salem, New Hampshire, Baker went
    after Lopez, calling …"): the subject nearest the verb is taken (a parse built by hand)."""
    from spacy.tokens import Doc

    from newsfuse.analyze.quotes_speaker import subject_of

    words = ["In", "Salem", ",", "New", "Hampshire", ",", "Baker", "went", "on", ",", "calling"]
    heads = [7, 0, 7, 4, 7, 7, 7, 7, 7, 7, 7]
    deps = ["prep", "pobj", "punct", "compound", "nsubj", "punct", "nsubj", "ROOT", "prt"]
    deps += ["punct", "advcl"]
    pos = ["ADP", "PROPN", "PUNCT", "PROPN", "PROPN", "PUNCT", "PROPN", "VERB", "ADP"]
    pos += ["PUNCT", "VERB"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    subject = subject_of(doc[10])
    assert subject is not None and subject.text == "Baker"


def test_a_subject_parsed_across_a_line_break_is_read_in_word_order(nlp) -> None:  # noqa: ANN001
    """The parser joins a line to the one before ("… into the U.S. ¶ Chris Christie added
    that …") and gives the cue no subject: the name right before it on its line is taken."""
    text = (
        "The wall would stop traffickers from crossing into the U.S.\n"
        "Chris Christie added that he would approve more patrols on the border."
    )
    [q] = _quotes(nlp, text)
    assert q.cue == "added" and q.speaker == "Chris Christie"


def test_a_participle_after_an_attribution_does_not_swallow_the_quote(nlp) -> None:  # noqa: ANN001
    """ "“…,” Reyes said, citing …": the quote stays a direct quote of Reyes; "citing" reports
    its own object, not the clause before it."""
    text = (
        "“It is a sign of the anger that people feel,” Reyes said, citing low wages and high rents."
    )
    quotes = _quotes(nlp, text)
    direct = [q for q in quotes if q.direct]
    assert [q.text for q in direct] == ["It is a sign of the anger that people feel"]
    assert direct[0].speaker == "Reyes" and direct[0].cue == "said"
    assert all(q.speaker == "Reyes" for q in quotes)
    assert all("Reyes said" not in q.text for q in quotes)


def test_a_quote_opening_a_sentence_continues_the_attribution_before_it(nlp) -> None:  # noqa: ANN001
    """In its own paragraph too: the sentence before names the speaker with a speech verb,
    even past a quoted title in the attribution."""
    text = (
        "“I have always said that I expect to be vetted,” Baker said on “Meet the Press.” "
        "“But this is different.”"
    )
    first, second = _quotes(nlp, text)
    assert first.speaker == second.speaker == "Baker"
    text = "The storm hit the coast on Friday. “We need people who can fix things right now.”"
    assert all(q.speaker is None for q in _quotes(nlp, text) if q.direct)


def test_a_second_partial_quote_of_a_sentence_keeps_its_subject(nlp) -> None:  # noqa: ANN001
    """The subject of the sentence stands before an earlier partial quote ("Baker says “…”
    because “…”"); not across a paragraph break."""
    text = (
        "Baker says “the whole league has become timid” because “the sport has become soft "
        "like the town has become soft.”"
    )
    last = _quotes(nlp, text)[-1]
    assert last.direct and last.text.startswith("the sport") and last.speaker == "Baker"


def test_a_reported_clause_runs_on_to_the_end_of_a_quote_it_opens(nlp) -> None:  # noqa: ANN001
    """ "… said she would fight the “plans … open.”": the clause takes the quote's words to its
    closing mark, and the quote stays a direct quote of the same speaker."""
    text = (
        "Mayor Anna Kowalski said she would fight the “plans that no one asked for. I will win "
        "this fight, and the bridge will stay open.”"
    )
    reported, quoted = _quotes(nlp, text)
    assert not reported.direct and quoted.direct
    assert reported.text.startswith("she would fight") and reported.text.endswith("stay open.”")
    assert reported.speaker == quoted.speaker == "Anna Kowalski"
    assert quoted.text.startswith("plans that no one asked for")


def test_a_labelled_quote_is_not_taken_into_a_reported_clause(nlp) -> None:  # noqa: ANN001
    text = "Pollsters agree - Pat Lee: “Keep on calling voters until the very last day.”"
    [q] = _quotes(nlp, text)
    assert q.direct and q.speaker == "Pat Lee"


def test_a_cue_before_the_clause_it_comments_on_reports_that_clause(nlp) -> None:  # noqa: ANN001
    """ "As the Tribune reported, …" and a cue between commas report the clause after them,
    and the attribution nested there is not reported apart; "as" with a verb that has an
    object of its own is the time of another event."""
    text = (
        "As the Tribune reported on Monday, the city council had refused to release the "
        "budget for the new bridge."
    )
    [q] = _quotes(nlp, text)
    assert q.text == "the city council had refused to release the budget for the new bridge"
    assert q.cue == "reported" and q.speaker == "Tribune"
    text = "The dispute, the historian writes, started with a quarrel over harbour tolls in 1971."
    [q] = _quotes(nlp, text)
    assert q.text.startswith("started with a quarrel") and _spoken(text, q) == "the historian"
    text = "As the nurses lamented the long shifts, the board approved a new rota for the winter."
    assert all(q.cue != "lamented" or q.text == "the long shifts" for q in _quotes(nlp, text))


def test_a_belief_verb_closing_its_sentence_reports_the_clause_before(nlp) -> None:  # noqa: ANN001
    text = (
        "In every county, ferry fares have risen faster than bus fares and train fares, "
        "the new survey found."
    )
    [q] = _quotes(nlp, text)
    assert q.cue == "found" and _spoken(text, q) == "the new survey"
    assert q.text == "In every county, ferry fares have risen faster than bus fares and train fares"


def test_a_headline_label_the_tagger_made_a_common_noun_speaks(nlp) -> None:  # noqa: ANN001
    """ "Poll: …" and a name the tagger read as a noun label the rest of the headline, and the
    quote nested in it is not reported apart."""
    text = "Poll: Mayor Lee Leads Her Rival by Nine Points.\n\nThe mayor gained ground in May."
    [q] = _quotes(nlp, text)
    assert q.speaker == "Poll" and q.text.startswith("Mayor Lee Leads")
    text = (
        "Haley: Rivals Would Raise Taxes On Farms, ‘I Fear The Worst Is Coming’ for Growers.\n\n"
        "The governor spoke in Iowa."
    )
    assert nlp(text)[0].pos_ == "NOUN"  # the name read as a common noun: the case of the rule
    [q] = _quotes(nlp, text)
    assert q.speaker == "Haley" and q.text.startswith("Rivals Would Raise") and "I Fear" in q.text


def test_a_direct_quote_in_the_clause_of_a_cue_before_it_is_kept(nlp) -> None:  # noqa: ANN001
    text = (
        "As the Tribune reported on Monday, the mayor called the new toll “a tax on every "
        "family in the valley” and promised a vote."
    )
    reported, quoted = _quotes(nlp, text)
    assert reported.cue == "reported" and reported.speaker == "Tribune"
    assert quoted.direct and quoted.text == "a tax on every family in the valley"
    assert _spoken(text, quoted) == "the mayor"


def test_a_belief_verb_marked_by_as_reports_the_clause_after_it(nlp) -> None:  # noqa: ANN001
    text = "As the council learned last winter, the old ferry cannot run in heavy ice."
    [q] = _quotes(nlp, text)
    assert q.cue == "learned" and _spoken(text, q) == "the council"
    assert q.text == "the old ferry cannot run in heavy ice"


def test_a_that_clause_the_parser_hung_on_a_noun_is_the_speech_verbs_words(nlp) -> None:  # noqa: ANN001
    """The parser makes the "that" clause a relative clause of "statement" or "harbour"; with
    its own subject and only nouns and prepositions between, it is what the verb reports."""
    text = (
        "The harbour master said Tuesday in a statement to the press that the ferry will now "
        "run twice a day."
    )
    [q] = _quotes(nlp, text)
    assert q.cue == "said" and _spoken(text, q) == "The harbour master"
    assert q.text == "the ferry will now run twice a day"
    text = (
        "Lee told reporters during a tour of the docks on Monday that she believes the new "
        "ferry is “worth every penny.”"
    )
    [q] = _quotes(nlp, text)
    assert q.cue == "told" and q.speaker == "Lee" and q.text.startswith("she believes the new")


def test_a_noun_naming_a_speech_act_reports_its_that_clause(nlp) -> None:  # noqa: ANN001
    """A noun for a cue verb's act ("warning": warn) with a "that" clause of its own subject:
    the clause is reported, its possessor or "by" object speaks."""
    text = "The ferry crews ignored the mayor's warning that the river would freeze by May."
    quotes = _quotes(nlp, text)
    noun = next(q for q in quotes if q.cue == "warning")
    assert noun.text == "the river would freeze by May" and _spoken(text, noun) == "the mayor's"
    text = "Few trusted the prediction by the harbour board that the tolls were fair."
    noun = next(q for q in _quotes(nlp, text) if q.cue == "prediction")
    assert noun.text == "the tolls were fair" and _spoken(text, noun) == "the harbour board"
    # a relative clause ("that he made") is not the noun's content
    text = "The mayor regretted the statement that he made about the tolls."
    assert all(q.cue != "statement" for q in _quotes(nlp, text))
