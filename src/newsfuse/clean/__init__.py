"""Clean scraped article text: keep the body, remove page furniture, say why for every line.

:func:`clean_article` is a pure per-article stage: ``Article -> Article | Reject``. The input
``text`` is raw scraped text (one paragraph or one text node per line); the output ``text`` is the
body, paragraphs separated by a blank line, and every Span of later stages indexes into it.
``raw`` keeps the input and ``removed`` lists each dropped line with its reason. On the way the
cleaner takes the title from a headline in the page header and the date from a dateline, when the
article does not have them yet. See ``docs/cleaning.md``.

The rules (``blocks``, ``body``, ``dates``, ``patterns``: some hundred regular expressions) are
imported by the first call that cleans, not with the package: the store imports
``clean.templates``, and a briefing read back from the store cleans nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from newsfuse.clean.templates import (
    Templates,
    learn_templates,
    normalize_line,
    off_topic_lines,
    segments,
)
from newsfuse.errors import E, reject
from newsfuse.model import Article, Reject, Removed, Stage

if TYPE_CHECKING:
    from newsfuse.clean.blocks import Block, Line
    from newsfuse.clean.body import Layout
    from newsfuse.clean.patterns import Rule

__all__ = [
    "Templates",
    "clean_article",
    "clean_articles",
    "clean_text",
    "learn_templates",
    "normalize_line",
]

STAGE: Stage = "clean"


def _strip_templates(
    raw: str, source: str | None, templates: Templates | None
) -> tuple[str, list[tuple[int, Removed]]]:
    """Blank out outlet-template lines, and template sentences inside a longer line (with
    spaces, so offsets stay those of ``raw``), and report them with their offsets."""
    if templates is None or source is None or source not in templates.lines:
        return raw, []
    removed: list[tuple[int, Removed]] = []
    out: list[str] = []
    pos = 0
    for chunk in raw.splitlines(keepends=True):
        line = chunk.strip()
        reason = templates.reason(source, line) if line else None
        at = pos
        pos += len(chunk)
        body = chunk.rstrip("\r\n")
        if reason is not None:
            removed.append((at, Removed(line, reason)))
            out.append(" " * len(body) + chunk[len(body) :])
            continue
        kept = body
        for off, seg in segments(body) if line else []:
            why = templates.reason(source, seg.strip())
            if why is not None:
                removed.append((at + off, Removed(seg.strip(), why)))
                kept = kept[:off] + " " * len(seg) + kept[off + len(seg) :]
        out.append(kept + chunk[len(body) :])
    return "".join(out), removed


class _RuleCache:
    """Furniture rules per distinct text, for one cleaning call (lines repeat on a page)."""

    def __init__(self) -> None:
        self.seen: dict[str, Rule | None] = {}

    def of_block(self, block: Block) -> Rule | None:
        from newsfuse.clean.patterns import match_rule

        if block.text not in self.seen:
            self.seen[block.text] = match_rule(block)
        return self.seen[block.text]

    def is_label(self, line: Line) -> bool:
        """A furniture label that stands alone ("Advert"), never part of a sentence around it."""
        from newsfuse.clean.blocks import make_block
        from newsfuse.clean.body import NEUTRAL_REASONS
        from newsfuse.clean.patterns import match_rule

        if line.text not in self.seen:
            self.seen[line.text] = match_rule(make_block([line]))
        rule = self.seen[line.text]
        return rule is not None and rule.reason not in NEUTRAL_REASONS


def clean_text(raw: str, title: str | None = None) -> tuple[list[Block], Layout]:
    """The blocks of ``raw`` and the keep/remove layout (for callers that want the details)."""
    from newsfuse.clean.blocks import split_blocks
    from newsfuse.clean.body import layout

    cache = _RuleCache()
    blocks = split_blocks(raw, cache.is_label)
    return blocks, layout(blocks, title, rule_of=cache.of_block)


def _strip_glued_datelines(text: str) -> tuple[str, list[tuple[int, Removed]]]:
    """Blank out a headline and time stamp glued before a dateline opener on one line
    (``dates.glued_dateline``), or a blog post's date and byline opening one
    (``dates.glued_byline``), or a headline or caption glued before a sentence where the page
    lost a line break (``blocks.glued_lead``), keeping the article's text after it on that line."""
    from newsfuse.clean.blocks import glued_lead
    from newsfuse.clean.dates import glued_byline, glued_dateline

    removed: list[tuple[int, Removed]] = []
    out: list[str] = []
    pos = 0
    for chunk in text.splitlines(keepends=True):
        cut = glued_dateline(chunk.rstrip("\r\n"))
        why = "headline and dateline"
        if not cut:
            cut, why = glued_byline(chunk.rstrip("\r\n")), "dateline and byline"
        if not cut:
            cut, why = glued_lead(chunk.rstrip("\r\n")), "headline or caption glued to a sentence"
        if cut:
            removed.append((pos, Removed(chunk[:cut].strip(), why)))
            chunk = " " * cut + chunk[cut:]
        out.append(chunk)
        pos += len(chunk)
    return "".join(out), removed


def _repeat_note(blocks: list[Block], reasons: tuple[str | None, ...]) -> str | None:
    """The NF126 note of an article whose paragraphs repeated earlier ones (``body.REPEATED``)."""
    from newsfuse.clean.body import REPEATED

    n = sum(r == REPEATED for r in reasons)
    if not n:
        return None
    lines = sum(len(b.lines) for b, r in zip(blocks, reasons, strict=True) if r == REPEATED)
    what = E.REPEATED_PARAGRAPHS
    return (
        f"[{what.code}] {n} paragraph{'s' * (n > 1)} ({lines} lines) repeating earlier ones removed"
    )


def _removed_detail(removed: list[tuple[int, Removed]]) -> str:
    """How many lines cleaning removed and why, the commonest reasons first (``3 lines
    removed: too short 2, share line 1``)."""
    n = len(removed)
    reasons = Counter(r.reason for _, r in removed).most_common()
    why = ", ".join(f"{reason} {count}" for reason, count in reasons[:4])
    more = f", {len(reasons) - 4} other reasons" if len(reasons) > 4 else ""
    return f"{n} line{'s' if n != 1 else ''} removed" + (f": {why}{more}" if why else "")


def clean_article(article: Article, templates: Templates | None = None) -> Article | Reject:
    """Clean ``article.text`` (raw scraped text); NF110 when nothing of the body is left."""
    raw = article.text
    text, removed = _strip_templates(raw, article.source, templates)
    text, glued = _strip_glued_datelines(text)
    removed += glued
    blocks, lay = clean_text(text, article.title)
    kept: list[str] = []
    for block, reason in zip(blocks, lay.reasons, strict=True):
        if reason is None:
            kept.append(block.text)
        else:
            removed.extend((ln.start, Removed(ln.text, reason)) for ln in block.lines)
    removed.sort(key=lambda r: r[0])
    if not kept:  # named by its input (a feed entry "file#N", a WARC record "file@offset")
        where = article.path or article.url or article.id
        return reject(where, STAGE, E.NO_TEXT_AFTER_CLEAN, _removed_detail(removed))
    changes: dict[str, Any] = {
        "text": "\n\n".join(kept),
        "raw": raw,
        "removed": tuple(r for _, r in removed),
    }
    if note := _repeat_note(blocks, lay.reasons):
        changes["notes"] = (*article.notes, note)
    if article.title is None and lay.title is not None:
        changes["title"] = lay.title
    if article.published is None and lay.dateline is not None:
        if lay.dateline.value is not None:
            changes["published"] = lay.dateline.value
            changes["date_method"] = "dateline"
        elif article.published_partial is None:
            changes["published_partial"] = lay.dateline.partial
            changes["date_method"] = "dateline"
    return replace(article, **changes)


def clean_articles(
    items: Iterable[Article | Reject], min_count: int = 3, known: Templates | None = None
) -> list[Article | Reject]:
    """Clean a collection: learn outlet templates from the raw articles (lines repeated in
    ``min_count`` articles of one source), add the ``known`` ones (an outlet's furniture learned
    in the store, ``Store.furniture``), then clean each raw article (``raw is None``).
    Rejects and already-clean articles (e.g. from the HTML reader) pass through, in order."""
    items = list(items)
    raw = [a for a in items if isinstance(a, Article) and a.raw is None]
    templates = learn_templates(raw, min_count=min_count) if len(raw) >= min_count else None
    if len(raw) >= 2:
        off = off_topic_lines(raw)
        templates = off.merged(templates) if off.lines else templates
    if known is not None:
        templates = known.merged(templates)
    return [
        clean_article(a, templates) if isinstance(a, Article) and a.raw is None else a
        for a in items
    ]
