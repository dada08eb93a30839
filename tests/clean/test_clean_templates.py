"""Outlet templates: lines repeated across articles of one source."""

from __future__ import annotations

from newsfuse.clean import clean_article, clean_articles, learn_templates
from newsfuse.model import Article

PROMO = "Get our morning briefing delivered to your inbox"


PLACES = ["the northern pier", "the old harbour", "the island village", "the river mouth"]


def _article(i: int, source: str) -> Article:
    place = PLACES[i % len(PLACES)]
    body = [
        f"The harbour authority approved a new ferry line to {place} on Monday after a long debate.",
        f"The ferry line to {place} will carry passengers every hour from next spring, officials said.",
        f"Businesses near {place} welcomed the decision and said it would bring more visitors.",
    ]
    return Article(id=f"a{i}", text="\n".join([*body[:2], PROMO, body[2]]), source=source)


def test_learn_templates_counts_articles_per_source() -> None:
    arts = [_article(i, "Harbour Times") for i in range(3)] + [_article(3, "Other Daily")]
    tpl = learn_templates(arts, min_count=3)
    assert tpl.count("Harbour Times", PROMO) == 3
    assert tpl.count("Harbour Times", PROMO.upper() + "  ") == 3  # normalised
    assert tpl.count("Other Daily", PROMO) == 0
    assert tpl.count(None, PROMO) == 0
    assert learn_templates(arts, min_count=4).count("Harbour Times", PROMO) == 0


def test_template_lines_are_removed_with_reason() -> None:
    arts = [_article(i, "Harbour Times") for i in range(3)]
    tpl = learn_templates(arts)
    out = clean_article(arts[0], tpl)
    assert isinstance(out, Article)
    assert PROMO not in out.text
    assert [r.reason for r in out.removed] == [
        "outlet template (repeats in 3 articles of Harbour Times)"
    ]
    assert "Businesses near the northern pier welcomed" in out.text


def test_clean_articles_learns_templates() -> None:
    outs = clean_articles([_article(i, "Harbour Times") for i in range(3)])
    assert all(isinstance(o, Article) and PROMO not in o.text for o in outs)


def test_removed_lines_keep_the_input_order() -> None:
    arts = [_article(i, "Harbour Times") for i in range(3)]
    tpl = learn_templates(arts)
    art = Article(id="x", text="Advertisement\n" + arts[0].text, source="Harbour Times")
    out = clean_article(art, tpl)
    assert isinstance(out, Article)
    assert [r.reason for r in out.removed] == [
        "advert",
        "outlet template (repeats in 3 articles of Harbour Times)",
    ]


def test_a_turn_is_keyed_without_its_speaker_label() -> None:
    from newsfuse.clean.templates import normalize_line, speaker_label

    assert normalize_line("MOSS: Thank you so much.") == normalize_line("Thank you so much.")
    assert normalize_line("ANNA PERL, HARBOUR TV REPORTER (on air): Thank you so much.") == (
        "thank you so much."
    )
    assert speaker_label("MOSS: Thank you.") == len("MOSS: ")
    assert normalize_line("MOSS:") == "moss:"  # a label alone keys on itself
    # a line in capitals without a colon, or a name in mixed case, has no label
    assert speaker_label("THE FERRY WILL SAIL AT NOON") == 0
    assert speaker_label("Anna Perl: the ferry will sail") == 0


def _transcript(i: int) -> Article:
    host = ("MOSS", "PERL", "ODUYA")[i]
    lines = [
        f"{host}: Good evening, the ferry line to {PLACES[i]} opens on Monday.",
        f"MAYOR KENT: The boats to {PLACES[i]} will carry passengers every hour from spring.",
        f"{host}: Thank you so much.",
    ]
    return Article(id=f"t{i}", text="\n".join(lines), source="Harbour TV")


def test_a_pleasantry_said_by_different_hosts_is_learned_as_one_line() -> None:
    """Three hosts close three transcripts with the same words: one template line, removed
    with its label; the mayor's turns, different in each, stay."""
    arts = [_transcript(i) for i in range(3)]
    tpl = learn_templates(arts)
    assert tpl.count("Harbour TV", "Thank you so much.") == 3
    out = clean_article(arts[1], tpl)
    assert isinstance(out, Article)
    assert "Thank you so much" not in out.text and "PERL:" in out.text
    assert "MAYOR KENT: The boats to the old harbour will carry" in out.text
    assert [(r.line, r.reason) for r in out.removed] == [
        ("PERL: Thank you so much.", "outlet template (repeats in 3 articles of Harbour TV)")
    ]
