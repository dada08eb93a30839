"""Unit tests of cross-article entity merging on short hand-written articles (no spaCy)."""

from __future__ import annotations

from newsfuse.crosscheck.entities import EntityIndex, merge_entities
from newsfuse.model import Analysis, Article, Mention, Span


def analysis(aid: str, text: str, names: list[tuple[str, str]]) -> Analysis:
    """An Analysis of ``text`` whose mentions are the given (surface, label) pairs, in order."""
    mentions = []
    pos = 0
    for surface, label in names:
        start = text.index(surface, pos)
        end = start + len(surface)
        mentions.append(Mention(Span(aid, start, end), surface, label))
        pos = end
    return Analysis(Article(aid, text), (), tuple(mentions))


def entity(index: EntityIndex, name: str):
    found = index.get(name)
    assert found is not None, [e.name for e in index.entities]
    return found


def hayashi_story() -> list[Analysis]:
    return [
        analysis(
            "a1",
            "Foreign Minister Yoshimasa Hayashi spoke to Antony Blinken. "
            "Hayashi said the talks went well.",
            [("Yoshimasa Hayashi", "PERSON"), ("Antony Blinken", "PERSON"), ("Hayashi", "ORG")],
        ),
        analysis(
            "a2",
            "Hayashi Yoshimasa met Blinken on Friday. Hayashi's remarks were brief. "
            "Yoshimasa Hayashi left.",
            [
                ("Hayashi Yoshimasa", "PERSON"),
                ("Blinken", "PERSON"),
                ("Hayashi", "ORG"),
                ("Yoshimasa Hayashi", "PERSON"),
            ],
        ),
        analysis(
            "a3",
            "Japan's foreign minister Yohimasa Hayashi called Washington. Hayashi spoke first. "
            "The Japanese foreign minister said the U.S. agreed.",
            [
                ("Japan", "GPE"),
                ("Yohimasa Hayashi", "PERSON"),
                ("Washington", "GPE"),
                ("Hayashi", "PERSON"),
                ("Japanese", "NORP"),
                ("U.S.", "GPE"),
            ],
        ),
    ]


def test_name_order_typo_and_surname_merge_into_one_person() -> None:
    index = merge_entities(hayashi_story())
    person = entity(index, "Yoshimasa Hayashi")
    assert person.type == "PERSON"
    assert {"Yoshimasa Hayashi", "Hayashi Yoshimasa", "Yohimasa Hayashi", "Hayashi"} <= set(
        person.variants
    )
    assert person.articles == ("a1", "a2", "a3")
    assert not any(e.type == "ORG" and "Hayashi" in e.name for e in index.entities)
    names = [e.name for e in index.entities]
    assert names.count("Yoshimasa Hayashi") == 1 and "Hayashi" not in names


def test_surname_tagged_org_is_relabeled_person_with_canonical() -> None:
    index = merge_entities(hayashi_story())
    hayashi = [m for m in index.relabeled if m.text == "Hayashi"]
    assert len(hayashi) == 3
    assert all(m.label == "PERSON" and m.canonical == "Yoshimasa Hayashi" for m in hayashi)
    assert len(index.relabeled) == sum(len(a.mentions) for a in hayashi_story())


def test_given_surname_links_to_full_name() -> None:
    index = merge_entities(hayashi_story())
    blinken = entity(index, "Antony Blinken")
    assert set(blinken.variants) == {"Antony Blinken", "Blinken"}
    assert dict(blinken.variant_articles) == {"Antony Blinken": ("a1",), "Blinken": ("a2",)}


def test_canonical_is_the_full_form_most_articles_use() -> None:
    index = merge_entities(hayashi_story())
    # "Yoshimasa Hayashi" is in a1 and a2; the typo and the reordered form in one article each
    assert entity(index, "Yoshimasa Hayashi").variant_articles[0][0] in {
        "Hayashi",
        "Yoshimasa Hayashi",
    }
    assert index.entities[0].name == "Yoshimasa Hayashi"  # most articles, most mentions


def test_titles_are_recorded_on_the_person() -> None:
    person = entity(merge_entities(hayashi_story()), "Yoshimasa Hayashi")
    assert "Foreign Minister" in person.titles
    assert "Japan's foreign minister" in person.titles


def test_title_only_mention_resolves_to_the_titled_person() -> None:
    stories = hayashi_story()
    index = merge_entities(stories)
    text = stories[2].article.text
    assert [m.text for m in index.title_mentions] == ["The Japanese foreign minister"]
    m = index.title_mentions[0]
    assert text[m.span.start : m.span.end] == m.text
    assert m.canonical == "Yoshimasa Hayashi" and m.label == "PERSON"
    assert m.span in entity(index, "Yoshimasa Hayashi").mentions
    assert "Japanese foreign minister" in entity(index, "Yoshimasa Hayashi").titles
    assert index.canonical_of(m.span) == "Yoshimasa Hayashi"


def test_title_only_mention_with_two_ministers_uses_the_qualifier() -> None:
    story = [
        analysis(
            "b1",
            "Japanese Foreign Minister Yoshimasa Hayashi met Ukrainian Foreign Minister "
            "Dmytro Kuleba. The Ukrainian foreign minister thanked Japan. "
            "The foreign minister spoke later.",
            [
                ("Japanese", "NORP"),
                ("Yoshimasa Hayashi", "PERSON"),
                ("Ukrainian", "NORP"),
                ("Dmytro Kuleba", "PERSON"),
                ("Ukrainian", "NORP"),
                ("Japan", "GPE"),
            ],
        )
    ]
    index = merge_entities(story)
    assert [(m.text, m.canonical) for m in index.title_mentions] == [
        ("The Ukrainian foreign minister", "Dmytro Kuleba")
    ]


def test_ambiguous_surname_is_not_merged() -> None:
    story = [
        analysis(
            "c1",
            "John Smith and Mary Smith arrived. Smith spoke.",
            [("John Smith", "PERSON"), ("Mary Smith", "PERSON"), ("Smith", "PERSON")],
        )
    ]
    index = merge_entities(story)
    assert {e.name for e in index.entities} == {"John Smith", "Mary Smith", "Smith"}


def test_similar_but_different_names_stay_apart() -> None:
    story = [
        analysis(
            "d1",
            "Kim Jong Un succeeded Kim Jong Il.",
            [("Kim Jong Un", "PERSON"), ("Kim Jong Il", "PERSON")],
        )
    ]
    assert len(merge_entities(story).entities) == 2


def test_country_spellings_merge_but_the_capital_stays_a_city() -> None:
    story = [
        analysis("e1", "The U.S. and Japan met.", [("U.S.", "GPE"), ("Japan", "GPE")]),
        analysis(
            "e2",
            "the United States said Washington would act. US officials agreed.",
            [("the United States", "GPE"), ("Washington", "GPE"), ("US", "GPE")],
        ),
    ]
    index = merge_entities(story)
    us = entity(index, "United States")
    assert set(us.variants) == {"U.S.", "United States", "US"}
    assert us.type == "GPE" and us.articles == ("e1", "e2")
    assert entity(index, "Washington").type == "GPE"


def test_acronym_merges_with_the_long_name() -> None:
    story = [
        analysis(
            "f1",
            "The North Atlantic Treaty Organization met. NATO allies agreed.",
            [("The North Atlantic Treaty Organization", "ORG"), ("NATO", "ORG")],
        ),
        analysis("f2", "NATO said so.", [("NATO", "ORG")]),
    ]
    index = merge_entities(story)
    assert len(index.entities) == 1
    assert index.entities[0].name == "NATO"  # used by more articles


def test_org_word_makes_a_person_tag_an_organisation() -> None:
    story = [analysis("g1", "GaijinPot Blog reports.", [("GaijinPot Blog", "PERSON")])]
    index = merge_entities(story)
    assert index.entities[0].type == "ORG"
    assert index.relabeled[0].label == "ORG"


def test_majority_label_wins_for_a_mistagged_org() -> None:
    story = [
        analysis("h1", "Kyodo News said.", [("Kyodo News", "ORG")]),
        analysis("h2", "Kyodo News reported.", [("Kyodo News", "ORG")]),
        analysis("h3", "Kyodo News added.", [("Kyodo News", "PERSON")]),
    ]
    index = merge_entities(story)
    assert [(e.name, e.type) for e in index.entities] == [("Kyodo News", "ORG")]
    assert {m.label for m in index.relabeled} == {"ORG"}


def test_role_prefix_and_possessive_are_trimmed_from_spans() -> None:
    story = [
        analysis(
            "i1",
            "Fumio Kishida spoke. PM Kishida's plan was praised.",
            [("Fumio Kishida", "PERSON"), ("PM Kishida's", "PERSON")],
        )
    ]
    index = merge_entities(story)
    person = entity(index, "Fumio Kishida")
    assert "PM" in person.titles
    trimmed = index.relabeled[1]
    assert trimmed.text == "Kishida"
    text = story[0].article.text
    assert text[trimmed.span.start : trimmed.span.end] == "Kishida"
    original = story[0].mentions[1].span
    assert index.canonical_of(original) == "Fumio Kishida"
    assert index.canonical_of(trimmed.span) == "Fumio Kishida"


def test_name_run_into_headline_words_is_cut_to_the_name() -> None:
    story = [
        analysis(
            "j1",
            "Lindsay Lohan Checks Into Rehab\nLindsay Lohan checks into rehab, Lohan said.",
            [
                ("Lindsay Lohan Checks Into Rehab", "PERSON"),
                ("Lindsay Lohan", "PERSON"),
                ("Lohan", "PERSON"),
            ],
        ),
        analysis("j2", "Lindsay Lohan was seen.", [("Lindsay Lohan", "PERSON")]),
    ]
    index = merge_entities(story)
    assert [e.name for e in index.entities] == ["Lindsay Lohan"]
    assert index.relabeled[0].text == "Lindsay Lohan"
    assert index.relabeled[0].span == Span("j1", 0, 13)


def test_a_place_is_not_taken_for_a_surname() -> None:
    story = [
        analysis(
            "m1",
            "Michael Jordan flew to Jordan.",
            [("Michael Jordan", "PERSON"), ("Jordan", "GPE")],
        )
    ]
    index = merge_entities(story)
    assert {(e.name, e.type) for e in index.entities} == {
        ("Michael Jordan", "PERSON"),
        ("Jordan", "GPE"),
    }


def test_state_inside_a_title_is_not_an_organisation() -> None:
    story = [
        analysis(
            "k1",
            "Secretary of State Antony Blinken spoke.",
            [("State", "ORG"), ("Antony Blinken", "PERSON")],
        )
    ]
    index = merge_entities(story)
    assert [e.name for e in index.entities] == ["Antony Blinken"]
    assert entity(index, "Antony Blinken").titles == ("Secretary of State",)
    assert index.relabeled[0].canonical is None


def test_entities_sorted_by_articles_then_mentions() -> None:
    story = [
        analysis(
            "l1", "Paris, Paris and Rome.", [("Paris", "GPE"), ("Paris", "GPE"), ("Rome", "GPE")]
        ),
        analysis("l2", "Rome and Oslo.", [("Rome", "GPE"), ("Oslo", "GPE")]),
    ]
    index = merge_entities(story)
    assert [e.name for e in index.entities] == ["Rome", "Paris", "Oslo"]


def test_every_mention_span_is_the_evidence() -> None:
    stories = hayashi_story()
    texts = {a.article.id: a.article.text for a in stories}
    index = merge_entities(stories)
    for e in index.entities:
        for s in e.mentions:
            assert texts[s.article][s.start : s.end].strip()
    for m in index.relabeled:
        assert texts[m.span.article][m.span.start : m.span.end] == m.text


def test_empty_input() -> None:
    index = merge_entities([])
    assert index.entities == [] and index.relabeled == ()
    assert index.canonical_of(Span("x", 0, 1)) is None


def test_untagged_spelling_of_a_person_is_found() -> None:
    story = [
        analysis(
            "n1",
            "Ken Salazar spoke. Later Salazar left, and the salazar-style hat stayed.",
            [("Ken Salazar", "PERSON")],
        ),
        analysis("n2", "Salazar agreed with Ken Salazar.", [("Ken Salazar", "PERSON")]),
        analysis("n3", "Salazar said.", [("Salazar", "PERSON")]),
    ]
    index = merge_entities(story)
    found = [(m.span.article, m.text, m.canonical) for m in index.found_mentions]
    assert found == [("n1", "Salazar", "Ken Salazar"), ("n2", "Salazar", "Ken Salazar")]
    person = entity(index, "Ken Salazar")
    assert len(person.mentions) == 5 and person.articles == ("n1", "n2", "n3")
    for m in index.found_mentions:
        text = story[int(m.span.article[1]) - 1].article.text
        assert text[m.span.start : m.span.end] == "Salazar"


def test_headline_run_on_keeps_the_first_name_and_finds_the_second() -> None:
    story = [
        analysis(
            "o1",
            "Obama Reverses Bush On Species\nBarack Obama changed the rule of George Bush. "
            "Obama acted. Bush had acted. Obama said.",
            [
                ("Obama Reverses Bush", "PERSON"),
                ("Barack Obama", "PERSON"),
                ("George Bush", "PERSON"),
                ("Obama", "PERSON"),
                ("Bush", "PERSON"),
                ("Obama", "PERSON"),
            ],
        ),
        analysis("o2", "Bush and Obama met.", [("Bush", "PERSON"), ("Obama", "PERSON")]),
    ]
    index = merge_entities(story)
    assert {e.name for e in index.entities} == {"Barack Obama", "George Bush"}
    assert index.relabeled[0].text == "Obama"
    assert [(m.text, m.span.start) for m in index.found_mentions] == [("Bush", 15)]


def test_shorter_names_of_organisations_facilities_and_places() -> None:
    story = [
        analysis(
            "p1",
            "Greek officials said the Greek Parliament met near Qeshm Island in Hormozgan Province. "
            "Kyodo News and the Betty Ford Clinic agreed.",
            [
                ("Greek", "NORP"),
                ("the Greek Parliament", "ORG"),
                ("Qeshm Island", "LOC"),
                ("Hormozgan Province", "GPE"),
                ("Kyodo News", "ORG"),
                ("the Betty Ford Clinic", "FAC"),
            ],
        ),
        analysis(
            "p2",
            "Parliament met on Qeshm in Hormozgan. Kyodo said the Betty Ford Center agreed. "
            "Mexico City is not Mexico.",
            [
                ("Parliament", "ORG"),
                ("Qeshm", "GPE"),
                ("Hormozgan", "GPE"),
                ("Kyodo", "ORG"),
                ("the Betty Ford Center", "FAC"),
                ("Mexico City", "GPE"),
                ("Mexico", "GPE"),
            ],
        ),
    ]
    index = merge_entities(story)
    groups = {frozenset(e.variants) for e in index.entities}
    assert frozenset({"Greek Parliament", "Parliament"}) in groups
    assert frozenset({"Qeshm Island", "Qeshm"}) in groups
    assert frozenset({"Hormozgan Province", "Hormozgan"}) in groups
    assert frozenset({"Kyodo News", "Kyodo"}) in groups
    assert frozenset({"Betty Ford Clinic", "Betty Ford Center"}) in groups
    assert frozenset({"Mexico City"}) in groups and frozenset({"Mexico"}) in groups


def test_person_tag_in_a_third_of_mentions_makes_a_person() -> None:
    story = [
        analysis("q1", "Paul Riva was shot.", [("Paul Riva", "ORG")]),
        analysis("q2", "Paul Riva died.", [("Paul Riva", "PERSON")]),
        analysis("q3", "Paul Riva and Riva's wife.", [("Paul Riva", "ORG"), ("Riva", "ORG")]),
    ]
    index = merge_entities(story)
    assert [(e.name, e.type) for e in index.entities] == [("Paul Riva", "PERSON")]
    assert {m.label for m in index.relabeled} == {"PERSON"}


def test_common_words_before_a_name_are_cut() -> None:
    story = [
        analysis(
            "r1",
            "Receptionist Madeline Kafoury was hurt. The receptionist was calm. "
            "A receptionist is not her.",
            [("Receptionist Madeline Kafoury", "PERSON")],
        )
    ]
    index = merge_entities(story)
    person = entity(index, "Madeline Kafoury")
    assert person.titles == ("Receptionist",)  # one title up to case
    assert index.relabeled[0].span == Span("r1", 13, 29)
    # the definite role is resolved to her, the indefinite one is not
    assert [m.text for m in index.title_mentions] == ["The receptionist"]


def test_surname_mistagged_as_a_place_joins_when_not_used_as_a_place() -> None:
    story = [
        analysis(
            "s1",
            "Sean Payton was suspended. Payton said he was sorry. Later Payton left.",
            [("Sean Payton", "PERSON"), ("Payton", "GPE"), ("Payton", "GPE")],
        ),
        analysis("s2", "Sean Payton coached.", [("Sean Payton", "PERSON")]),
    ]
    index = merge_entities(story)
    assert [(e.name, e.type) for e in index.entities] == [("Sean Payton", "PERSON")]


def test_a_first_name_that_is_also_a_word_is_kept() -> None:
    story = [
        analysis(
            "t1",
            "Mark Jay Heller spoke. They mark the day. Rose Anne Byrne rose early.",
            [("Mark Jay Heller", "PERSON"), ("Rose Anne Byrne", "PERSON")],
        )
    ]
    index = merge_entities(story)
    assert {e.name for e in index.entities} == {"Mark Jay Heller", "Rose Anne Byrne"}


def test_a_full_name_is_not_cut_to_a_frequent_surname() -> None:
    text = (
        "Mark Teixeira signed. " + "Teixeira said. " * 5 + "They mark it. Teixeira Reportedly left."
    )
    names = [("Mark Teixeira", "PERSON")] + [("Teixeira", "PERSON")] * 5
    names.append(("Teixeira Reportedly", "ORG"))
    index = merge_entities([analysis("u1", text + " reportedly so.", names)])
    person = entity(index, "Mark Teixeira")
    assert set(person.variants) == {"Mark Teixeira", "Teixeira"}
    assert index.relabeled[0].text == "Mark Teixeira"
    assert index.relabeled[-1].text == "Teixeira"


def test_father_and_son_stay_apart() -> None:
    story = [
        analysis(
            "v1",
            "George H. W. Bush and George W. Bush met George Bush fans.",
            [
                ("George H. W. Bush", "PERSON"),
                ("George W. Bush", "PERSON"),
                ("George Bush", "PERSON"),
            ],
        )
    ]
    names = {e.name for e in merge_entities(story).entities}
    assert {"George H. W. Bush", "George W. Bush"} <= names


def test_a_name_cut_after_a_joining_word_is_completed() -> None:
    """NER stopped "Group of Seven" after "of" in one article: the capitalised words after it
    belong to the name, so both articles name one entity with one spelling."""
    index = merge_entities(
        [
            analysis(
                "a1",
                "Ministers of the Group of Seven met on Sunday.",
                [("Group of Seven", "ORG")],
            ),
            analysis(
                "a2",
                "The ministers met among the Group of Seven advanced nations.",
                [("Group of", "ORG")],
            ),
        ]
    )
    g7 = entity(index, "Group of Seven")
    assert set(g7.articles) == {"a1", "a2"}
    assert "Group of" not in g7.variants
    # a mention that does not end in a joining word is left alone
    index = merge_entities(
        [analysis("a3", "The Bank of Japan held rates. Bank Of America fell.", [("Bank", "ORG")])]
    )
    assert entity(index, "Bank").name == "Bank"
