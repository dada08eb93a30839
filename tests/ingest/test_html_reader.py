"""The HTML reader on small pages written for the purpose."""

from __future__ import annotations

from datetime import date

from newsfuse.ingest.html import read_html
from newsfuse.model import Article, Reject

PARAS = [
    "The harbour authority approved a new ferry line to the island village on Monday evening.",
    "The ferry will carry up to four hundred passengers a day from next spring, officials said.",
    "Businesses near the pier welcomed the decision and said it would bring more visitors.",
    "Critics said the money should have gone to repairing the old breakwater before winter.",
    "The first crossing is planned for the first week of April if the new boat is delivered.",
]

PAGE = """<!DOCTYPE html>
<html><head>
<title>Ferry line approved | Harbour Times</title>
<meta property="og:title" content="Ferry line to island village approved">
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2021-03-02T10:00:00Z">
<link rel="canonical" href="https://example.org/news/ferry-line">
<script>var tracking = "should never show up in the text";</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Ferry line to island village approved</h1>
{paras}
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Mayor opens new library</a></li>
<li><a href="/b">Storm closes coastal road</a></li></ul></aside>
<footer><p>Copyright 2021 Harbour Times. All rights reserved.</p></footer>
</body></html>"""


def _page() -> str:
    return PAGE.replace("{paras}", "\n".join(f"<p>{p}</p>" for p in PARAS))


def test_reads_body_and_metadata() -> None:
    art = read_html(_page(), id="p1", path="p1.html")
    assert isinstance(art, Article)
    for p in PARAS:
        assert p in art.text
    for junk in ("tracking", "Most read", "Mayor opens", "All rights reserved", "Sport"):
        assert junk not in art.text
    assert art.title == "Ferry line to island village approved"
    assert art.url == "https://example.org/news/ferry-line"
    assert art.source == "Harbour Times" and art.source_method == "og:site_name"
    assert art.published == date(2021, 3, 2) and art.date_method == "htmldate"
    assert art.raw == art.text  # already clean: the plain-text cleaner skips it
    assert art.path == "p1.html" and art.id == "p1"


def test_url_argument_is_the_fallback() -> None:
    page = _page().replace('<link rel="canonical" href="https://example.org/news/ferry-line">', "")
    art = read_html(page, id="p2", path=None, url="https://example.org/x")
    assert isinstance(art, Article) and art.url == "https://example.org/x"


def test_page_without_a_body_is_rejected() -> None:
    for page in ("<html><body><nav><a href='/'>Home</a></nav></body></html>", "", "   "):
        out = read_html(page, id="e", path="empty.html")
        assert isinstance(out, Reject) and out.code == "NF109", out
        assert out.source == "empty.html"
