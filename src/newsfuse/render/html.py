"""One self-contained HTML page: no scripts, no external resources, everything escaped.

A Content-Security-Policy forbids loading anything and running any script, and Jinja2 escapes
every value, so hostile article text (``<script>``, ``onerror=``) shows as text. Each citation is a
link to the cited characters, highlighted inside the article's cleaned text at the bottom of the
page.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from newsfuse.crosscheck.framing import loaded_by_outlet
from newsfuse.model import Article, Briefing, LoadedPhrase, Span
from newsfuse.render.labels import (
    article_labels,
    cited_spans,
    describe,
    display_date,
    first_per_article,
)
from newsfuse.render.markdown import SHOWN_LOADED


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    anchor: str | None  # id of a cited segment


def anchor(span: Span) -> str:
    return f"c-{span.article}-{span.start}"


def segments(article: Article, spans: list[Span]) -> list[Segment]:
    """The article text cut at every cited span's start and end; cited pieces carry an anchor."""
    text = article.text
    mine = [s for s in spans if s.article == article.id and s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in mine), *(s.end for s in mine)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covered = any(s.start <= a and b <= s.end for s in mine)
        out.append(Segment(text[a:b], f"c-{article.id}-{a}" if covered else None))
    return out


def all_spans(b: Briefing) -> list[Span]:
    spans = cited_spans(b)
    spans.extend(ph.span for _, phrases in shown_loaded(b) for ph in phrases)
    return spans


def shown_loaded(b: Briefing) -> list[tuple[str, list[LoadedPhrase]]]:
    """The loaded phrases the page shows: each outlet's strongest."""
    return loaded_by_outlet(b.articles, b.loaded, limit=SHOWN_LOADED)


def to_html(b: Briefing) -> str:
    from jinja2 import Environment, select_autoescape

    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals.update(
        anchor=anchor,
        describe=describe,
        display_date=display_date,
        first_per_article=first_per_article,
    )
    source = (
        resources.files("newsfuse.render").joinpath("templates/brief.html.j2").read_text("utf-8")
    )
    template = env.from_string(source)
    spans = all_spans(b)
    return template.render(
        b=b,
        labels=article_labels(b),
        loaded=shown_loaded(b),
        texts={a.id: segments(a, spans) for a in b.articles},
    )
