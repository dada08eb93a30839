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


def _meta_by_xpath(tree: object) -> tuple[str | None, str | None, str | None, str]:
    """The page metadata as it was read with one XPath per key: the reference."""

    def first(xpath: str) -> str | None:
        for value in tree.xpath(xpath):  # type: ignore[attr-defined]  # an lxml element
            text = " ".join(str(value).split())
            if text:
                return text
        return None

    title = (
        first('//meta[@property="og:title"]/@content')
        or first('//meta[@name="twitter:title"]/@content')
        or first("(//h1)[1]//text()")
        or first("//head/title/text()")
    )
    canonical = first('//link[@rel="canonical"]/@href') or first(
        '//meta[@property="og:url"]/@content'
    )
    if canonical and not canonical.startswith(("http://", "https://")):
        canonical = None
    site = first('//meta[@property="og:site_name"]/@content')
    method = "og:site_name" if site else ""
    if site is None:
        site = first('//meta[@name="application-name"]/@content')
        method = "application-name" if site else ""
    return title, canonical, site, method


def test_page_meta_as_one_xpath_per_key() -> None:
    """One walk over the ``<meta>``/``<link>`` tags finds what an XPath per key found: the first
    non-empty value in document order, tags in the body too, one tag serving two keys, the
    fallbacks (twitter:title, the first ``<h1>``, ``<title>``; og:url; application-name)."""
    import itertools

    from lxml.html import document_fromstring

    from newsfuse.ingest.html import page_meta

    tags = [
        '<meta property="og:title" content="  ">',
        '<meta property="og:title" content="Port  closed\n by storm">',
        '<meta name="twitter:title" content="Storm shuts port">',
        '<meta property="og:title" name="twitter:title" content="Both at once">',
        '<meta property="og:url" content="https://example.org/og">',
        '<meta property="og:url" content="/relative">',
        '<link rel="canonical" href=" ">',
        '<link rel="canonical" href="https://example.org/canon">',
        '<link rel="canonical">',
        '<link rel="stylesheet" href="https://example.org/s.css">',
        '<meta property="og:site_name" content="">',
        '<meta property="og:site_name" content="Harbour Times">',
        '<meta name="application-name" content="Harbour App">',
        '<meta name="og:title" content="a name, not a property">',
        '<meta content="no key">',
    ]
    bodies = [
        "<p>No heading.</p>",
        "<h1> </h1><h1>Second heading</h1>",
        "<h1><span> </span>Storm <b>shuts</b> port</h1>",
        '<h1>Heading</h1><meta property="og:title" content="In the body">',
    ]
    pages = 0
    for n in range(4):
        for chosen in itertools.combinations(tags, n):
            for body in bodies:
                for title in ("", "<title> Page title </title>"):
                    html = f"<html><head>{title}{''.join(chosen)}</head><body>{body}</body></html>"
                    tree = document_fromstring(html)
                    meta = page_meta(tree)
                    assert (meta.title, meta.url, meta.site, meta.site_method) == _meta_by_xpath(
                        tree
                    ), html
                    pages += 1
    assert pages == 576 * 4 * 2  # up to three tags of the 15, each body, with and without <title>


def test_load_page_is_trafilaturas_load_html() -> None:
    """The page parsed without trafilatura's search for the characters it deletes is the tree
    ``trafilatura.load_html`` gives, page by page: with such characters, doctypes it repairs or
    not, a self-closing ``<html/>``, encoding declarations, leading whitespace, fragments, text
    that is not HTML, empty pages."""
    import trafilatura
    from lxml import etree

    from newsfuse.ingest.html import load_page

    pieces = [
        "",
        "\x00",
        "\x0b",
        "\x1f",
        "\ufffe",
        "\uffff",
        "\ufffd",
        "é",
        "日本",
        "🙂",
        "\xa0",
        "\u3000",
        "\r\n",
        "&nbsp;",
        "<html/>",
        '<html lang="en"/>\n',
        "<!DOCTYPE html>\n",
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
        '<?xml version="1.0" encoding="iso-8859-1"?>',
        '<meta charset="iso-8859-1">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
    ]
    pages = [PAGE, "<p>One paragraph only.</p>", "plain text, no markup at all", "<html></html>"]
    compared = 0
    for page in pages:
        head = page.find("<head>") + 6 if "<head>" in page else len(page) // 2
        for piece in pieces:
            for where in (0, head, len(page) // 2, len(page)):
                html = page[:where] + piece + page[where:]
                ours, theirs = load_page(html), trafilatura.load_html(html)
                if theirs is None:
                    assert ours is None, repr(html[:80])
                else:
                    assert ours is not None, repr(html[:80])
                    assert etree.tostring(ours) == etree.tostring(theirs), repr(html[:80])
                compared += 1
    assert compared == len(pages) * len(pieces) * 4
