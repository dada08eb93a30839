"""What the templates show, computed in Python: safe links, article text cut at cited spans,
articles folded under the original they copy, the outlet x fact grid, framing per outlet, and
the drawings (timeline chart, coverage bar) as SVG built from escaped values."""

from __future__ import annotations

import colorsys
import functools
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from newsfuse.model import Article, Briefing, LoadedPhrase, Span
from newsfuse.render.html import shown_loaded
from newsfuse.render.labels import cited_spans
from newsfuse.web.data import OutletShare


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) link without control characters, else None
    (``javascript:``, ``data:``, relative or malformed links are never made clickable)."""
    if not url or any(ord(c) < 33 or ord(c) == 127 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return url


# ---- article text ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of the article text between two span boundaries."""

    text: str
    start: int
    cited: bool
    anchors: tuple[str, ...]  # ids ``c=START-END`` of the spans that start here


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """``text`` cut at every span's start and end; pieces inside a span are marked cited."""
    mine = sorted({(s.start, s.end) for s in spans if s.end <= len(text) and s.start < s.end})
    cuts = sorted({0, len(text), *(a for a, _ in mine), *(b for _, b in mine)})
    starts: dict[int, list[str]] = {}
    for a, b in mine:
        starts.setdefault(a, []).append(f"c={a}-{b}")
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covered = any(s <= a and b <= e for s, e in mine)
        out.append(Segment(text[a:b], a, covered, tuple(starts.get(a, ()))))
    return out


def cite_href(span: Span) -> str:
    return f"/article/{span.article}#c={span.start}-{span.end}"


def span_text(b: Briefing, span: Span) -> str:
    for a in b.articles:
        if a.id == span.article:
            return a.text[span.start : span.end]
    return ""


def all_spans(b: Briefing) -> list[Span]:
    """Every span a story page cites: the briefing's sections, the discrepancies' values and the
    loaded phrases the framing section shows."""
    spans = cited_spans(b)
    for d in b.discrepancies:
        for v in d.values:
            spans.extend(v.citations)
    spans.extend(ph.span for _, phrases in shown_loaded(b) for ph in phrases)
    return spans


# ---- articles folded under their originals -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleGroup:
    """An original article and the copies of it (wire copies, near-duplicates) in the story."""

    original: Article | None  # None: the wire's own article is not in the story
    wire: str | None
    copies: tuple[Article, ...]


def fold_copies(
    articles: Sequence[Article], duplicates: Iterable[tuple[str, str]]
) -> list[ArticleGroup]:
    """Group ``articles``: each near-duplicate under its original, each wire copy under the
    wire's own article (or under the wire's name when the story has none of its articles)."""
    by_id = {a.id: a for a in articles}
    parent: dict[str, str] = {}
    for orig, copy in duplicates:
        if orig in by_id and copy in by_id and orig != copy:
            parent[copy] = orig
    by_source: dict[str, Article] = {}
    for a in articles:
        if a.source and a.source not in by_source and not (a.wire and a.wire != a.source):
            by_source[a.source] = a
    wire_only: dict[str, list[Article]] = {}
    children: dict[str, list[Article]] = {}
    roots: list[Article] = []
    for a in articles:
        if a.id in parent:
            children.setdefault(parent[a.id], []).append(a)
        elif a.wire and a.wire != a.source:
            original = by_source.get(a.wire)
            if original is not None and original.id != a.id:
                children.setdefault(original.id, []).append(a)
            else:
                wire_only.setdefault(a.wire, []).append(a)
        else:
            roots.append(a)
    groups = [ArticleGroup(a, a.wire, tuple(children.get(a.id, ()))) for a in roots]
    groups += [ArticleGroup(None, w, tuple(arts)) for w, arts in wire_only.items()]
    return groups


# ---- grids -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GridRow:
    article: Article
    cells: tuple[bool, ...]  # per fact: does this article state it


def coverage_grid(b: Briefing) -> list[GridRow]:
    """Articles x facts: which article states which key fact."""
    return [GridRow(a, tuple(a.id in f.articles for f in b.facts)) for a in b.articles]


@dataclass(frozen=True, slots=True)
class OutletFraming:
    outlet: str | None  # None: an article whose outlet is unknown
    label: str
    own: tuple[str, ...]  # terms in its own voice
    quoted: tuple[str, ...]  # terms it uses only inside quotes
    loaded: tuple[LoadedPhrase, ...] = ()  # its strongest loaded phrases, strongest first


def framing_by_outlet(b: Briefing) -> list[OutletFraming]:
    """Per outlet (an article of unknown outlet stands alone): the framing terms it uses in its
    own voice, those it uses only inside quotes, and its strongest loaded phrases (as the HTML
    briefing shows them, each citing its article span)."""
    number = {a.id: i for i, a in enumerate(b.articles, start=1)}
    key_of = {a.id: a.source or f"#{a.id}" for a in b.articles}
    own: dict[str, list[str]] = {}
    quoted: dict[str, list[str]] = {}
    loaded: dict[str, list[LoadedPhrase]] = {}
    for f in b.framing:
        for aid in f.articles:
            own.setdefault(key_of.get(aid, f"#{aid}"), []).append(f.term)
        for aid in f.quoted_in:
            quoted.setdefault(key_of.get(aid, f"#{aid}"), []).append(f.term)
    for _, phrases in shown_loaded(b):
        for ph in phrases:
            aid = ph.span.article
            loaded.setdefault(key_of.get(aid, f"#{aid}"), []).append(ph)
    out = []
    keys = set(own) | set(quoted) | set(loaded)
    for key in sorted(keys, key=lambda k: (k.startswith("#"), k)):
        unknown = key[1:] if key.startswith("#") else None
        label = f"[{number.get(unknown, '?')}] unknown outlet" if unknown is not None else key
        out.append(
            OutletFraming(
                None if unknown is not None else key,
                label,
                tuple(dict.fromkeys(own.get(key, ()))),
                tuple(dict.fromkeys(quoted.get(key, ()))),
                tuple(sorted(loaded.get(key, ()), key=lambda ph: -ph.score)),
            )
        )
    return out


# ---- drawings ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def color(name: str) -> str:
    """A stable colour per outlet name."""
    h = int(hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).hexdigest()[:6], 16)
    r, g, b = colorsys.hls_to_rgb((h % 360) / 360, 0.55, 0.55)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"


def coverage_bar(outlets: Sequence[OutletShare], width: int = 160, height: int = 12) -> Markup:
    """The share of a story's articles per outlet, as one stacked SVG bar."""
    total = sum(o.articles for o in outlets) or 1
    x = 0.0
    parts = [
        f'<svg class="bar" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'role="img" aria-label="articles per outlet">'
    ]
    for o in outlets:
        w = width * o.articles / total
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{max(w - 1, 1):.1f}" height="{height}" '
            f'fill="{color(o.name) if o.name else "#bbb"}"><title>{escape(o.name or "unknown outlet")}: '
            f"{o.articles}</title></rect>"
        )
        x += w
    parts.append("</svg>")
    return Markup("".join(parts))


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")


def timex_day(value: str) -> date | None:
    """The first day a TIMEX3 value covers (``2022-02-26TNI``, ``2022-02``, ``2022-W08``)."""
    try:
        if m := _DAY.match(value):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _MONTH.match(value):
            return date(int(m[1]), int(m[2]), 1)
        if m := _WEEK.match(value):
            return date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m := _YEAR.match(value):
            return date(int(m[1]), 1, 1)
    except ValueError:
        return None
    return None


def timeline_svg(b: Briefing, width: int = 720) -> Markup | None:
    """The timeline drawn on a date axis: one dot per entry (stacked on a shared day), each a
    link to its line in the list below."""
    points = [(timex_day(t.date), i, t) for i, t in enumerate(b.timeline)]
    dated = [(d, i, t) for d, i, t in points if d is not None]
    if not dated:
        return None
    lo = min(d for d, _, _ in dated)
    hi = max(d for d, _, _ in dated)
    span = max((hi - lo).days, 1)
    pad, row = 40, 16
    stack: dict[date, int] = {}
    dots = []
    for d, i, t in dated:
        level = stack.get(d, 0)
        stack[d] = level + 1
        x = pad + (width - 2 * pad) * ((d - lo).days / span if hi != lo else 0.5)
        dots.append((x, level, i, t))
    levels = max(stack.values())
    axis_y = 20 + levels * row
    height = axis_y + 34
    out = [
        f'<svg class="timeline" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'role="img" aria-label="timeline">',
        f'<line x1="{pad}" y1="{axis_y}" x2="{width - pad}" y2="{axis_y}" class="axis"/>',
    ]
    ticks = {lo, hi}
    if span > 2:
        ticks.add(lo + timedelta(days=span // 2))
    for d in sorted(ticks):
        x = pad + (width - 2 * pad) * ((d - lo).days / span if hi != lo else 0.5)
        out.append(
            f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 5}" class="axis"/>'
            f'<text x="{x:.1f}" y="{axis_y + 20}" text-anchor="middle">{d.isoformat()}</text>'
        )
    for x, level, i, t in dots:
        y = axis_y - 10 - level * row
        out.append(
            f'<a href="#t-{i}"><circle cx="{x:.1f}" cy="{y}" r="6" class="dot">'
            f"<title>{escape(t.date)}: {escape(t.event[:200])}</title></circle></a>"
        )
    out.append("</svg>")
    return Markup("".join(out))
