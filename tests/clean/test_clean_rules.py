"""Unit tests of the plain-text cleaner on short texts written for the purpose."""

from __future__ import annotations

from datetime import date

from newsfuse.clean import clean_article, clean_articles
from newsfuse.clean.blocks import split_blocks
from newsfuse.clean.dates import is_city_line, parse_dateline, parse_today
from newsfuse.model import Article, Reject

BODY = [
    "The city council voted on Tuesday to expand the bus network across the northern districts.",
    "Officials said the new routes would start running in March and cost about $4 million a year.",
    "“This is the biggest change to our network in a decade,” the transport director said.",
    "Critics argued that the money should have gone to repairing roads, but the vote passed 7-2.",
    "Residents can sign up for updates on the council website, the director added in a statement.",
]


def _clean(lines: list[str], **kw: object) -> Article:
    out = clean_article(Article(id="t", text="\n".join(lines), **kw))  # type: ignore[arg-type]
    assert isinstance(out, Article), out
    return out


def _reasons(art: Article) -> dict[str, str]:
    return {r.line: r.reason for r in art.removed}


def test_header_title_dateline_and_footer_lists() -> None:
    lines = [
        "Sign In | Register",
        "Local News",
        "Council approves bus network expansion for northern districts",
        "By Jane Example",
        "March 3, 2021",
        *BODY,
        "© 2021 Example Media Group",
        "Related Stories",
        "Mayor Announces New Budget Plan For Schools",
        "Five Things To Do In The City This Weekend",
        "Police Search For Missing Hiker Near Lake",
    ]
    art = _clean(lines)
    for sentence in BODY:
        assert sentence in art.text
    reasons = _reasons(art)
    assert reasons["Sign In | Register"] == "login prompt"
    assert reasons["Local News"] == "section label"
    assert reasons["By Jane Example"] == "byline"
    assert reasons["March 3, 2021"] == "dateline"
    assert reasons["© 2021 Example Media Group"] == "copyright"
    assert reasons["Related Stories"] == "related-articles list"
    assert reasons["Police Search For Missing Hiker Near Lake"] == "related-articles list"
    assert art.title == "Council approves bus network expansion for northern districts"
    assert reasons[art.title] == "title"
    assert art.published == date(2021, 3, 3) and art.date_method == "dateline"
    assert art.raw == "\n".join(lines)
    assert len(art.removed) == len(lines) - len(BODY)


def test_known_title_and_date_are_kept() -> None:
    title = "Council approves bus network expansion"
    art = _clean([title, "March 3, 2021", *BODY], title=title, published=date(2021, 3, 4))
    assert art.title == title and art.published == date(2021, 3, 4)
    assert _reasons(art)[title] == "title"


def test_inline_furniture_inside_the_body() -> None:
    lines = [
        BODY[0],
        "Advertisement",
        BODY[1],
        "Share on Facebook",
        BODY[2],
        BODY[3],
        "Advert",
        BODY[4],
    ]
    art = _clean(lines)
    assert art.text.split("\n\n") == BODY
    assert _reasons(art) == {
        "Advertisement": "advert",
        "Share on Facebook": "share/comment widget",
        "Advert": "advert",
    }


def test_quoted_subhead_and_plain_subhead() -> None:
    lines = [
        BODY[0],
        BODY[1],
        "'The biggest change in a decade'",
        BODY[2],
        "What happens next",
        BODY[3],
    ]
    art = _clean(lines)
    assert _reasons(art) == {"'The biggest change in a decade'": "subhead"}
    assert "What happens next" in art.text  # a plain subhead is part of the body


def test_comment_section_after_the_body_goes() -> None:
    comments = [
        "12 Comments",
        "I have waited years for this route and I am very happy that it finally arrives here.",
        "Another waste of money by a council that never listens to the people who pay for it.",
    ]
    art = _clean([*BODY, *comments])
    assert art.text.split("\n\n") == BODY
    assert _reasons(art)["12 Comments"] == "share/comment widget"


def test_fragments_of_one_paragraph_are_rejoined() -> None:
    raw = "“We will win,” Smith\ntweeted\nbefore the vote. It came in late on\nTuesday\n."
    blocks = split_blocks(raw)
    assert [b.text for b in blocks] == [
        "“We will win,” Smith tweeted before the vote. It came in late on Tuesday."
    ]


def test_photo_caption_before_a_credit_line() -> None:
    caption = "A bus waits at the new terminal in the northern district on Monday."
    art = _clean([BODY[0], BODY[1], caption, "(AP Photo/John Example)", BODY[2], BODY[3]])
    assert _reasons(art) == {caption: "photo caption", "(AP Photo/John Example)": "photo credit"}


def test_nothing_left_is_rejected() -> None:
    out = clean_article(Article(id="x", text="Log In\nSubscribe\nMenu\n\nSearch"))
    assert isinstance(out, Reject) and out.code == "NF110" and out.source == "x"
    assert out.detail.startswith("4 lines removed: ")  # with the reasons, counted
    one = clean_article(Article(id="w", text="Hello"))
    assert isinstance(one, Reject) and one.detail.startswith("1 line removed: ")
    reasons = one.detail.split(": ", 1)[1]
    assert reasons and reasons[-1].isdigit()


def test_nothing_left_names_the_input_not_the_content_id() -> None:
    """A feed entry or WARC record has a content hash for id: the reject names where it was."""
    text = "Log In\nSubscribe\nMenu\n\nSearch"
    out = clean_article(Article(id="cc1a1219", text=text, path="news.rss#2"))
    assert isinstance(out, Reject) and out.source == "news.rss#2"
    out = clean_article(Article(id="cc1a1219", text=text, url="https://example.org/a"))
    assert isinstance(out, Reject) and out.source == "https://example.org/a"


def test_sentences_mentioning_furniture_words_stay() -> None:
    art = _clean(BODY)
    assert art.removed == () and art.text.split("\n\n") == BODY


def test_datelines() -> None:
    full = {
        "15:47 JST, February 26, 2022": date(2022, 2, 26),
        "Published: Feb. 3, 2021 10:00 a.m. ET": date(2021, 2, 3),
        "26 February 2022": date(2022, 2, 26),
        "Updated 2022-02-26": date(2022, 2, 26),
    }
    for line, day in full.items():
        found = parse_dateline(line)
        assert found is not None and found.value == day, line
    assert parse_dateline("February 26").partial == "XXXX-02-26"  # type: ignore[union-attr]
    for line in ("Feb. 26, 2022 / 3:47 PM / CBS News", "2022-02-26T15:47:00+09:00", "26.02.2022"):
        assert parse_dateline(line).value == date(2022, 2, 26), line  # type: ignore[union-attr]
    assert parse_dateline("The council met on February 26, 2022 to vote.") is None
    today = parse_today("Today, February 22, Japan confirmed its position.")
    assert today is not None and today.partial == "XXXX-02-22" and today.value is None
    assert is_city_line("TOKYO") and is_city_line("WASHINGTON (Reuters) -")
    assert not is_city_line("Tokyo said on Monday")


def test_partial_date_from_today_in_body() -> None:
    art = _clean(["Today, February 22, the council voted to expand the bus network again.", *BODY])
    assert art.published is None and art.published_partial == "XXXX-02-22"
    assert art.text.startswith("Today, February 22, the council")


def test_clean_articles_passes_rejects_and_clean_articles_through() -> None:
    rej = Reject(source="a", stage="read", reason="x")
    done = Article(id="d", text="Already clean.", raw="Already clean.")
    raw = Article(id="r", text="\n".join(["Advertisement", *BODY]))
    out = clean_articles([rej, done, raw])
    assert out[0] is rej and out[1] is done
    assert isinstance(out[2], Article) and out[2].text.split("\n\n") == BODY


def test_short_paragraphs_at_the_edges_stay() -> None:
    lines = ["Police are investigating.", *BODY, "He declined to comment.", "No one was hurt."]
    art = _clean(lines)
    assert art.text.split("\n\n") == lines


def test_related_box_inside_the_body() -> None:
    lines = [
        BODY[0],
        BODY[1],
        "Related articles",
        "Mayor opens the new library in the old town",
        "Storm closes the coastal road for two days",
        BODY[2],
        "SEE MORE:",
        "Ferry line approved after long debate",
        BODY[3],
        BODY[4],
    ]
    art = _clean(lines)
    assert art.text.split("\n\n") == BODY
    assert set(_reasons(art).values()) == {"related-articles list", "related link"}


def test_a_comment_stamp_inside_a_line_ends_the_article() -> None:
    """A flattened thread glues a comment, the next one's time stamp and its links on a line."""
    thread = [
        "Will the buses run on Sundays? I hope not!!! March 2, 2021 at 7:59 pm | Report abuse | "
        "I do not think the new routes will change much for the people in the north.",
        "The same thing happened in 1998 when the trams were cut.",
    ]
    art = _clean([*BODY, *thread])
    assert art.text.split("\n\n") == BODY
    assert _reasons(art)[thread[0]] == "comment metadata"
    # a sentence that names a time and a bar is not a comment stamp
    quiet = "The vote on March 2, 2021 at 7:59 pm | the last of the session | passed 7-2."
    assert _clean([*BODY[:2], quiet, *BODY[2:]]).text.split("\n\n")[2] == quiet


def test_a_blog_posts_date_and_byline_before_its_first_paragraph() -> None:
    line = "March 2, 2021 | By Ana Ruiz and Tom Lee, CNN " + BODY[0]
    art = _clean([line, *BODY[1:]])
    assert art.text.split("\n\n")[0] == BODY[0]
    assert _reasons(art)["March 2, 2021 | By Ana Ruiz and Tom Lee, CNN"] == "dateline and byline"
    special = "March 2, 2021 | By Ana Ruiz, Special to CNN " + BODY[0]
    assert _clean([special, *BODY[1:]]).text.split("\n\n")[0] == BODY[0]
    # a staff credit after the outlet and accented capitals in the names
    staff = "March 2, 2021 | By Émile Ørsted, Reuters News Staff " + BODY[0]
    assert _clean([staff, *BODY[1:]]).text.split("\n\n")[0] == BODY[0]
    # no outlet after the names: where the byline ends is not known, the line stays
    plain = "March 2, 2021 | By Ana Ruiz " + BODY[0]
    assert _clean([plain, *BODY[1:]]).text.split("\n\n")[0] == plain


def test_a_reporters_sign_off_goes_as_a_byline() -> None:
    """A broadcast report closes on the reporter's name, outlet and place; a sentence naming
    an outlet, or a list of places, stays."""
    lines = [*BODY[:3], "Ana Ruiz, CNN, Cairo, Egypt.", *BODY[3:], "Tom Lee , Reuters ."]
    art = _clean(lines)
    reasons = _reasons(art)
    assert reasons["Ana Ruiz, CNN, Cairo, Egypt."] == "byline"
    assert reasons["Tom Lee , Reuters ."] == "byline"
    kept = [
        "Ana Ruiz, CNN, reported the vote from the council chamber.",
        "Cairo, Alexandria, Suez.",
    ]
    art = _clean([*BODY[:3], *kept, *BODY[3:]])
    assert all(k in art.text for k in kept)


GLUED = "headline or caption glued to a sentence"


def test_a_headline_or_caption_glued_before_a_sentence_is_removed() -> None:
    """A page that lost the line break after a related-link headline or a picture caption prints
    it before the paragraph's first sentence: the run without punctuation goes, the sentence
    stays."""
    headline = "Ferry line approved after long debate Tram depot to close in spring"
    caption = "Commuters waited for hours outside the northern terminal"
    first = "The buses will stop at every school in the district from next year."
    second = "But the drivers' union said it had not been asked about the new timetable."
    body = [*BODY[:2], first, BODY[2], second, *BODY[3:]]
    art = _clean([*BODY[:2], f"{headline} {first}", BODY[2], f"{caption} {second}", *BODY[3:]])
    assert art.text.split("\n\n") == body
    assert _reasons(art) == {headline: GLUED, caption: GLUED}


def test_a_sentence_that_only_looks_glued_is_kept() -> None:
    kept = [
        # a name opening with an article after a lower-case word
        "Residents read about the plan in a booklet called The Northern Routes at the library.",
        # the word before the capital is a function word ("to The Hague")
        "The council sent its transport director to The Hague for a meeting on rail funding.",
        # "I" is capitalised in the middle of a sentence
        "The director said she would take the bus herself as I asked her after the vote today.",
        # punctuation inside the run: a sentence, not a headline
        "Buses will run every ten minutes, officials said In the north they will run less often.",
        # too few words after the break to be a sentence of its own
        "Ferry line approved after long debate The vote passed.",
    ]
    for line in kept:
        art = _clean([BODY[0], line, *BODY[1:]])
        assert art.text.split("\n\n")[1] == line, line
        assert GLUED not in _reasons(art).values()
