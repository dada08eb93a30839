"""Read one HTML page into an :class:`~newsfuse.model.Article` (body, title, URL, date, outlet).

The page is parsed once (:func:`load_page`, trafilatura's parse). Metadata and the date are read
first; then elements that are never body (scripts, navigation, asides, footers, form controls)
are dropped, which makes extraction faster than trafilatura on the raw page at the same F1. The body comes from trafilatura (favouring
precision, no comments, retried with the default balance when the body comes out under 500
characters). Title, canonical URL and site name come from the page's ``<meta>``/``<link>`` tags
(``og:title``, ``rel=canonical``, ``og:site_name``); the publication date from htmldate (its quick
search, then the extensive one when that finds nothing). A page without a body is rejected with
NF109. The article comes out clean: ``raw`` is set (to the extracted body), so the plain-text
cleaner skips it. No plain-text rule is applied on top of trafilatura: on the benchmark the ground
truth keeps credits and copyright lines, and removing them cost F1 (see docs/eval/extract.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from newsfuse.errors import E, reject
from newsfuse.knobs import HtmlOptions
from newsfuse.model import Article, Reject, Stage

if TYPE_CHECKING:
    from lxml.html import HtmlElement  # lxml ships no types: Any to the checker

STAGE: Stage = "read"


def _first_text(values: Iterable[object]) -> str | None:
    for value in values:
        text = " ".join(str(value).split())
        if text:
            return text
    return None


#: the ``<meta>`` tags read, by (attribute, value): og:title is ``<meta property="og:title">``
_META_KEYS = {
    ("property", "og:title"): "og:title",
    ("name", "twitter:title"): "twitter:title",
    ("property", "og:url"): "og:url",
    ("property", "og:site_name"): "og:site_name",
    ("name", "application-name"): "application-name",
}


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Title, canonical URL and site name of a page, and how the site name was found."""

    title: str | None
    url: str | None
    site: str | None
    site_method: str


def _tags(tree: HtmlElement) -> dict[str, str]:
    """The first non-empty value (whitespace collapsed) of each key of :data:`_META_KEYS` and
    of ``canonical`` (``<link rel="canonical" href>``), in document order, from one walk over
    the page's ``<meta>`` and ``<link>`` elements (an XPath per key walked the page once each)."""
    found: dict[str, str] = {}
    for el in tree.iter("meta", "link"):
        if el.tag == "link":
            keys: tuple[str | None, ...] = ("canonical",) if el.get("rel") == "canonical" else ()
            value = el.get("href")
        else:
            keys = (
                _META_KEYS.get(("property", el.get("property", ""))),
                _META_KEYS.get(("name", el.get("name", ""))),
            )
            value = el.get("content")
        if value is None:
            continue
        for key in keys:
            if key is not None and key not in found:
                text = " ".join(value.split())
                if text:
                    found[key] = text
    return found


def page_meta(tree: HtmlElement, url: str | None = None) -> PageMeta:
    """Cheap metadata from ``<meta>``/``<link>``/``<h1>``/``<title>`` of a parsed page."""
    tags = _tags(tree)
    title = (
        tags.get("og:title")
        or tags.get("twitter:title")
        or _first_text(tree.xpath("(//h1)[1]//text()"))
        or _first_text(tree.xpath("//head/title/text()"))
    )
    canonical = tags.get("canonical") or tags.get("og:url")
    if canonical and not canonical.startswith(("http://", "https://")):
        canonical = None
    site = tags.get("og:site_name")
    method = "og:site_name" if site else ""
    if site is None:
        site = tags.get("application-name")
        method = "application-name" if site else ""
    return PageMeta(title, canonical or url, site, method)


# never part of an article body; dropping them first makes trafilatura's tree passes cheaper
# (forms stay: some sites wrap the whole page in one)
PRUNE_TAGS = (
    "script", "style", "noscript", "svg", "nav", "aside", "footer", "template", "button",
    "select", "input", "link",
)  # fmt: skip


def _prune(tree: HtmlElement) -> None:
    from lxml import etree

    etree.strip_elements(tree, *PRUNE_TAGS, etree.Comment, with_tail=False)


def _body(tree: HtmlElement, opts: HtmlOptions) -> str:
    import trafilatura

    def run(precision: bool) -> str:
        text = trafilatura.extract(
            tree,
            include_comments=False,
            favor_precision=precision,
            include_tables=opts.include_tables,
        )
        return (text or "").strip()

    text = run(opts.favor_precision)
    if opts.favor_precision and len(text) < opts.retry_below:
        other = run(False)
        if len(other) > len(text):
            text = other
    return text


def _date(tree: HtmlElement, url: str | None) -> date | None:
    from htmldate import find_date

    try:
        # the quick search finds the date on most pages; the extensive one only when it fails
        found = find_date(tree, extensive_search=False, original_date=True, url=url) or find_date(
            tree, extensive_search=True, original_date=True, url=url
        )
    except (ValueError, TypeError):  # pragma: no cover - htmldate on odd markup
        return None
    if not found:
        return None
    try:
        return date.fromisoformat(found[:10])
    except ValueError:
        return None


#: the characters trafilatura's ``load_html`` deletes before parsing
#: (``trafilatura.utils.INVALID_XML_CHARS``): the C0 controls but tab and newlines (as UTF-8
#: bytes), U+FFFE and U+FFFF
_XML_INVALID_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))


def load_page(data: str, utf8: bytes | None = None) -> HtmlElement | None:
    """``trafilatura.load_html(data)``: the same tree, without its pattern search for the
    characters it deletes (U+0000-U+001F but tab and newlines, U+FFFE, U+FFFF; a quarter of the
    parse's time) when the page has none: the controls are counted in its UTF-8 by
    ``bytes.translate``, the other two looked for in the text (a search for one character). A
    page that holds one, whose first lines trafilatura repairs (a self-closing ``<html/>``) or
    that does not parse into a tree with children goes to ``load_html`` itself. ``utf8``: the
    page's UTF-8 when the caller has it (:func:`valid_page`), else it is encoded here."""
    import trafilatura
    from lxml.html import fromstring
    from trafilatura.utils import DOCTYPE_TAG, HTML_PARSER

    page = data
    raw = utf8 if utf8 is not None else data.encode("utf-8", "surrogatepass")
    if (
        len(raw.translate(None, _XML_INVALID_BYTES)) != len(raw)
        or "\ufffe" in data
        or "\uffff" in data
    ):
        return trafilatura.load_html(page)
    # trafilatura's repair of the first line (a doctype with a slash) and check of the first four
    beginning = data[:50].lower()
    if "doctype" in beginning:
        firstline, _, rest = data.partition("\n")
        data = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    if any("<html" in line and line.endswith("/>") for line in data[:4096].splitlines()[:4]):
        return trafilatura.load_html(page)
    try:
        tree = fromstring(data, parser=HTML_PARSER)
    except Exception:  # noqa: BLE001 - trafilatura tries the bytes then: its own path
        return trafilatura.load_html(page)
    if len(tree) < 1:  # trafilatura parses the bytes again
        return trafilatura.load_html(page)
    if "html" not in beginning and len(tree) < 2:  # not HTML, as trafilatura judges it
        return None
    return tree


def read_html(
    data: str,
    *,
    id: str,
    path: str | None,
    url: str | None = None,
    options: HtmlOptions | None = None,
    utf8: bytes | None = None,
) -> Article | Reject:
    """Extract the article in the HTML page ``data``; NF109 when the page has no body.
    ``utf8``: ``data`` encoded, when the caller has it (see :func:`load_page`)."""
    opts = options or HtmlOptions()
    where = path or url or id
    tree = load_page(data, utf8) if data.strip() else None
    if tree is None:
        return reject(where, STAGE, E.NO_BODY, "unparsable HTML")
    meta = page_meta(tree, url)
    published = _date(tree, meta.url) if opts.with_date else None
    _prune(tree)
    try:
        text = _body(tree, opts)
    except Exception as exc:  # noqa: BLE001 - a page that breaks the extractor is a reject
        return reject(where, STAGE, E.NO_BODY, f"extraction failed: {type(exc).__name__}")
    if not text:
        return reject(where, STAGE, E.NO_BODY)
    return Article(
        id=id,
        text=text,
        source=meta.site,
        title=meta.title,
        url=meta.url,
        published=published,
        path=path,
        raw=text,
        source_method=meta.site_method,
        date_method="htmldate" if published else "",
    )


def valid_page(html: str) -> tuple[str, int, bytes | None]:
    """:func:`~newsfuse.ingest.valid.valid_text` of a page, and its UTF-8 when it needed no
    change: the check encodes the page (only a lone surrogate makes that fail), and
    :func:`load_page` counts characters in those bytes, so the page is encoded once."""
    from newsfuse.ingest.valid import valid_text

    if "\x00" not in html:
        try:
            return html, 0, html.encode("utf-8")
        except UnicodeEncodeError:
            pass
    fixed, replaced = valid_text(html)
    return fixed, replaced, None


@dataclass(frozen=True, slots=True)
class PendingHtml:
    """An HTML page read but not extracted yet.

    Extraction (trafilatura, htmldate) is the costly part of reading HTML, and it is per-article
    work: ``read_inputs(..., extract=False)`` yields these, and an ingest extracts them on its
    workers (:class:`~newsfuse.corpus.ingest.PrepareStage`), not in the process that reads the
    files. ``after`` is what the reader does with the extracted article (record fields, a feed
    entry's date); it must pickle (a module-level function, or a ``functools.partial`` of one).
    """

    id: str
    html: str
    path: str | None
    url: str | None = None
    after: Callable[[Article | Reject], Article | Reject] | None = None

    def extract(self) -> Article | Reject:
        """The article the reader would have returned (or its NF109 reject)."""
        from newsfuse.ingest.valid import note, valid_article

        html, replaced, utf8 = valid_page(self.html)
        art = read_html(html, id=self.id, path=self.path, url=self.url, utf8=utf8)
        if isinstance(art, Article):
            art = valid_article(art)
            if replaced:  # noted once, for the page (its text may not hold them any more)
                art = replace(art, notes=(*art.notes, note(replaced)))
        out = self.after(art) if self.after is not None else art
        if isinstance(out, Article) and out.id != self.id:  # the reader's id, kept by ``after``
            out = replace(out, id=self.id)
        return out


def html_article(
    html: str,
    *,
    id: str,
    path: str | None,
    url: str | None = None,
    after: Callable[[Article | Reject], Article | Reject] | None = None,
    defer: bool = False,
) -> Article | Reject | PendingHtml:
    """The page extracted now, or (``defer``) a :class:`PendingHtml` to extract later."""
    page = PendingHtml(id, html, path, url, after)
    return page if defer else page.extract()
