"""Noise filter, connective stripping and number-blind redundancy on hand-written sentences."""

from __future__ import annotations

from newsfuse.model import Span
from newsfuse.summarize.common import same_content
from newsfuse.summarize.compress import compress
from newsfuse.summarize.filters import is_dangling, is_noise, strip_connective
from newsfuse.summarize.units import Unit


def test_an_opening_connective_is_stripped_and_no_longer_dangles():
    text = "But about two hours after the deadline, police allowed the camp to stay."
    assert strip_connective(text) == (
        "About two hours after the deadline, police allowed the camp to stay."
    )
    assert not is_dangling(text)
    assert not is_noise(text)
    assert compress(text).startswith("About two hours")
    assert strip_connective("However, the court ruled against the city on Friday.") == (
        "The court ruled against the city on Friday."
    )


def test_an_opening_phrase_ending_in_a_pronoun_dangles():
    for text in [
        "In doing so, the coach changed the team's whole approach to the season.",
        "Beyond that, she gave money to each of her six grandchildren.",
        "Of those, about 1,200 made it across the border to Canada.",
        "That, of course, is how the search teams will find the wreck.",
    ]:
        assert is_dangling(text), text
    assert not is_dangling("In that case, the court would have to hear the appeal again.")
    assert not is_dangling("In 2010, the court heard the appeal for the second time.")


def test_a_connective_before_a_pronoun_still_dangles():
    assert is_dangling("But he said the vote on the bridge budget was close.")
    assert is_dangling("However, they stayed in the camp until the morning.")
    text = "Butler County approved the new budget for the bridge on Tuesday."
    assert strip_connective(text) == text  # a word that only starts like a connective


def test_a_short_rest_keeps_its_connective():
    assert compress("And the crowd left quietly.") == "And the crowd left quietly."


def test_agency_photo_captions_are_noise():
    captions = [
        "Protesters celebrate at the square after the army pulled out in Manama, Bahrain, "
        "Saturday, Feb. 19, 2011.",
        "FILE - A police officer stands guard outside the court building in the capital.",
        "In this June 5, 2013 photo, the senator speaks to supporters at a rally in Ohio.",
        "Foundation president David Brown, right, congratulates the award winners at the gala.",
        "The camp at City Hall Park is seen before the midnight deadline in Los Angeles, "
        "November 27, 2011.",
    ]
    for text in captions:
        assert is_noise(text), text
    # a date at the end of a sentence of the story is not a caption
    assert not is_noise("The late-night host made his first appearance on Monday, Jan. 11, 1999.")


def test_captions_in_other_date_styles_and_present_tense_are_noise():
    captions = [
        # no comma before the weekday, a misplaced comma, a comma before "on"
        "Civilians walk past burning tires in the capital, Bamako Wednesday March 21, 2012.",
        "The minister speaks to the media outside the police station, Friday, May, 2 2014.",
        "Displaced families pass time at a school where they now live, in the north of the "
        "city, on Thursday, July 31, 2014.",
        # a caption's present tense after an indefinite subject, with no date
        "A woman waves the national flag during a protest outside the palace in Cairo.",
        # Reuters: a place and a date with no comma or "on" between, positions in brackets
        "The defendant appears in a courtroom for his trial in New York December 10, 2014.",
        "Two hikers (2nd L) sit with their mothers during a news conference after the release.",
        "The picnic area behind the high school where the attack took place is pictured.",
        "Buy Photo Workers cover up the name on the front of the old memorial hall downtown.",
        "This image provided by the county jail shows the defendant after his sentencing.",
        # an agency credit glued before the caption
        "Associated Press An army patrol rides along the border fence near the crossing.",
    ]
    for text in captions:
        assert is_noise(text), text
    # story sentences: a past tense with "on" before the full date, a past-tense indefinite
    # subject, a present tense with a definite subject
    assert not is_noise("The singer checked herself in to the clinic on Tuesday, Dec. 9, 2008.")
    assert not is_noise("A woman waved the national flag from the balcony as the crowd cheered.")
    assert not is_noise("The mayor holds a news conference every Monday at the city hall.")
    # prose that resembles these captions
    story = [
        "A company that holds a majority stake in the airline said it would sell.",
        "An official who speaks on condition of anonymity said talks had stalled.",
        "A new report lays out the costs of the bridge repairs for the city council.",
        "A Senate bill passes with bipartisan support after a long debate.",
        "The vote on the new budget is scheduled for Tuesday, Dec. 9, 2008.",
        "The new law on rents takes effect Tuesday Jan. 1, 2013.",
        "The report on the accident was published on Monday March 5, 2012.",
        "McDonnell (R) authorized local officials to issue evacuation orders.",
        "Rescuers said they were having trouble finding survivors in the rubble.",
        "In this still uncertain climate, investors are holding on to cash.",
    ]
    for text in story:
        assert not is_noise(text), text


def test_teasers_cut_with_an_ellipsis_and_video_player_text_are_noise():
    assert is_noise("The deputy chief of the armed forces has ordered the military...")
    assert is_noise("Police continue to question the party leader about the old case…")
    assert is_noise("Rating is available when the video has been rented.")
    assert is_noise("1 of 10 Full Screen Autoplay Close Skip Ad × The moment a lion is shot dead.")
    assert is_noise("In this image taken from video, black smoke rises from the army headquarters.")
    assert is_noise("11:01 A.M. Rocket alarm sirens sound in the border town again.")
    assert is_noise("If you're having trouble locating a destination, try visiting the home page.")
    assert is_noise(
        "The defendant testifies during a hearing in district court, Wednesday, May 15, 2013 in "
        "Las Vegas."
    )
    assert not is_noise("The deputy chief of the armed forces has ordered the military back.")
    assert not is_noise("Closed roads slowed the convoy as it left the capital at night.")
    assert is_noise("Contains spoilers for the sixth season of the fantasy series.")
    assert is_noise("When you tweet with a location, Twitter stores that location.")
    assert is_noise("Dow Jones Reprints: This copy is for your personal, non-commercial use only.")
    # the writer's own voice, also as an object
    assert is_noise("Politicians have lost their power to frighten me long ago.")
    assert not is_noise('"Politicians have lost their power to frighten me," the senator said.')


def test_web_archive_notices_are_noise():
    assert is_noise(
        "Starting in 1996, the company has been donating its crawl data to the archive."
    )
    assert is_noise("These pages are added to the Wayback Machine after an embargo period.")
    assert not is_noise("Traffic crawled along the coast road as thousands of residents left.")
    # the rest of the "No More 404" notice, whose sentences name no archive
    assert is_noise(
        "That way, as the pages that are referenced are changed or taken from the web, a link "
        "to the version that was live when the page was written will be preserved."
    )
    assert is_noise("The goal is to fix all broken links on the web .")


def _unit(text: str, lemmas: tuple[str, ...]) -> Unit:
    return Unit(Span("a", 0, len(text)), text, lemmas, 0, 0, 1, "a")


def test_sentences_differing_only_in_figures_are_the_same_content():
    a = _unit(
        "The school paid about $973,000 to the contractor.",
        ("school", "pay", "973,000", "contractor"),
    )
    b = _unit(
        "The school paid $972,814 to the contractor.", ("school", "pay", "972,814", "contractor")
    )
    c = _unit(
        "The contractor denied any wrongdoing in court.",
        ("contractor", "deny", "wrongdoing", "court"),
    )
    assert same_content(a, b)
    assert not same_content(a, c)


def test_boilerplate_search_on_lowercased_text_agrees_with_ignorecase():
    import re

    from newsfuse.summarize import filters as f

    # lowercasing the pattern keeps its meaning only while it has no upper-case escape (\S, \W)
    assert not re.search(r"\\[A-Z]", f._BOILERPLATE.pattern)
    texts = [
        "ADVERTISEMENT The minister spoke on Monday.",
        "Read More: the talks resumed in Geneva on Tuesday.",
        "Follow @Reuters for more.",
        "Visit WWW.Example.COM today for the full report.",
        "The Getty Images photographer was there.",
        "11:01 A.M. Sirens sound across the city.",
        "Contains spoilers for the final episode of the series.",
        "The army said its troops had entered the town.",
        "İstanbul talks: click here for more.",  # folds to ASCII only under IGNORECASE
        "The ſubscribe button was removed from the page.",
        "A 5 \u212aM march against the war.",
    ]
    for t in texts:
        assert f._boilerplate(t) == (f._BOILERPLATE.search(t) is not None), t
    assert f._boilerplate(texts[0]) and not f._boilerplate(texts[7])
    assert f._boilerplate(texts[9])  # ſ matches s under IGNORECASE: the slow path answers


def test_compression_drops_datelines_and_web_time_stamps():
    rest = "Protests erupted across much of the Arab world on Friday."
    for head in (
        "NAIROBI, Kenya (AP) _ ",  # LDC newswire writes the dateline's dash as "_"
        "WASHINGTON _ ",
        "JOHANNESBURG, August 7 (Xinhua) -- ",
        "BEIJING, Aug. 7, 2011 (Xinhua) -- ",
        "GENEVA, 12 March (AFP) - ",
        "CAIRO (Reuters) - ",
        "Monday 24 January 2005 02.16 GMT ",  # a web page's stamp glued to the sentence
        "SANAA/CAIRO | Fri Apr 8, 2011 6:16 pm BST SANAA/CAIRO - ",
    ):
        assert compress(head + rest) == rest, head
    # "_" as a dash inside a sentence is no dateline; nor is a date that is the sentence's own
    inside = "NATO allies _ France among them _ agreed to send more troops on Friday."
    assert compress(inside) == inside
    aside = "UN, the world body _ Britain among its members _ voted to act on Friday."
    assert compress(aside) == aside  # the region after a dateline's comma is a name
    dated = "Monday 24 January 2005 was the coldest day of the winter in the city."
    assert compress(dated) == dated


def test_a_score_or_a_range_after_capitals_is_no_dateline():
    for text in (
        "The UN voted 14-0 to impose new sanctions on Syria on Friday.",
        "The US won 3-1 over Mexico on Friday night in the final.",
        "NATO said 12-15 civilians were killed in the strike on Friday.",
        "The UN said on March 3-4 talks would be held in Geneva.",
    ):
        assert compress(text) == text
