"""Find the article body among the blocks and decide, for every block, keep or remove (and why).

The body is the run of blocks with the largest total weight (a maximum-sum subarray): prose
blocks weigh their word count, furniture weighs negative (strongly so for lines that end an
article, such as a copyright or a comment widget), and short non-prose lines weigh a little
negative. Everything before the body is the page header (title, dateline, byline, section label,
photo caption), everything after it the page footer (related-articles lists, widgets). Inside the
body only furniture, quoted subheads and runs of headline-like lines are removed, so every
sentence of the article stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsfuse.clean.blocks import Block
from newsfuse.clean.dates import Dateline, is_city_line, parse_dateline, parse_today
from newsfuse.clean.patterns import Rule, match_rule

_QUOTED_RE = re.compile(r"""^["'“‘«].{3,150}["'”’»]$""")
_CAPTION_VERB_RE = re.compile(
    r"\b(?:speaks|is seen|are seen|attends|attend|poses|pose|looks on|look on|arrives|arrive|"
    r"gestures|waves|listens|delivers|walks|holds|stands|sits|pictured|shown|photographed|"
    r"file photo|talks to|addresses|leaves|greets|shake hands|shakes hands)\b",
    re.IGNORECASE,
)
RUN_MIN = 3  # headline-like lines in a row that make a list
FURNITURE_WEIGHT = -30.0
END_WEIGHT = -150.0
DATELINE_WEIGHT = -40.0


@dataclass(frozen=True, slots=True)
class BlockInfo:
    """What the rules found in one block before the body is located."""

    rule: Rule | None
    dateline: Dateline | None
    city: bool


@dataclass(frozen=True, slots=True)
class Layout:
    """The decision for every block (None = keep, else the reason) plus what the header gave."""

    reasons: tuple[str | None, ...]
    title: str | None
    dateline: Dateline | None


def inspect_blocks(blocks: Sequence[Block]) -> list[BlockInfo]:
    """Run the furniture and dateline rules on every block."""
    infos = []
    for b in blocks:
        dl = parse_dateline(b.text) if b.n_words <= 14 else None
        infos.append(BlockInfo(match_rule(b), dl, is_city_line(b.text)))
    return infos


def weight(block: Block, info: BlockInfo) -> float:
    """The block's weight in the body search (positive for prose, negative for furniture)."""
    if info.rule is not None:
        return END_WEIGHT if info.rule.ends_article else FURNITURE_WEIGHT
    if info.dateline is not None or info.city:
        return DATELINE_WEIGHT
    if block.is_prose:
        return float(block.n_words)
    return -(3.0 + 0.5 * block.n_words)


def find_body(weights: Sequence[float]) -> tuple[int, int] | None:
    """``[start, end)`` of the maximum-sum run of ``weights``; None when nothing is positive."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, w in enumerate(weights):
        if total <= 0:
            total, start = 0.0, i
        total += w
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _extend(
    blocks: Sequence[Block], infos: Sequence[BlockInfo], start: int, end: int
) -> tuple[int, int]:
    """Extend the body forward over soft furniture (adverts, credits) to prose right after it."""
    j = end
    while j < len(blocks):
        rule = infos[j].rule
        if rule is not None and not rule.ends_article:
            j += 1
            continue
        if rule is None and blocks[j].is_prose:
            end = j = j + 1
            continue
        break
    return start, end


def _is_quoted_subhead(block: Block) -> bool:
    return (
        len(block.lines) == 1
        and block.n_words <= 15
        and bool(_QUOTED_RE.match(block.text))
        and not re.search(r"[.!?,][\"'”’»]$", block.text)
    )


def _headline_runs(blocks: Sequence[Block], idxs: Sequence[int]) -> set[int]:
    """Indices (among ``idxs``) in runs of >= RUN_MIN headline-like blocks (separators between
    items count as part of the run)."""
    out: set[int] = set()
    run: list[int] = []
    heads = 0
    for i in [*idxs, -1]:
        if i >= 0 and (blocks[i].is_headline_like or not any(c.isalnum() for c in blocks[i].text)):
            run.append(i)
            heads += blocks[i].is_headline_like
            continue
        if heads >= RUN_MIN:
            out.update(run)
        run, heads = [], 0
    return out


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _header_reason(block: Block, info: BlockInfo) -> str:
    if info.rule is not None:
        return info.rule.reason
    if info.dateline is not None or info.city:
        return "dateline"
    if block.is_prose:
        return "photo caption" if _CAPTION_VERB_RE.search(block.text) else "standfirst"
    if block.n_words <= 3:
        return "section label"
    return "headline" if block.is_headline_like else "page header"


def _pick_title(blocks: Sequence[Block], infos: Sequence[BlockInfo], header: range) -> int | None:
    for i in header:
        b, info = blocks[i], infos[i]
        if info.rule or info.dateline or info.city or not b.is_headline_like:
            continue
        if 3 <= b.n_words <= 30 and len(b.text) >= 15:
            return i
    return None


def layout(blocks: Sequence[Block], title: str | None = None) -> Layout:
    """Keep/remove every block (see module docstring); ``title`` is the known title, if any."""
    infos = inspect_blocks(blocks)
    span = find_body([weight(b, i) for b, i in zip(blocks, infos, strict=True)])
    if span is None:
        return Layout(tuple("no article body" for _ in blocks), None, None)
    start, end = _extend(blocks, infos, *span)
    reasons: list[str | None] = [None] * len(blocks)

    header = range(0, start)
    dateline = next((infos[i].dateline for i in header if infos[i].dateline), None)
    title_idx = _pick_title(blocks, infos, header) if title is None else None
    found_title = blocks[title_idx].text if title_idx is not None else None
    title_key = _normal(title or found_title or "")
    for i in header:
        reasons[i] = _header_reason(blocks[i], infos[i])
        if title_key and _normal(blocks[i].text) == title_key:
            reasons[i] = "title"

    body = range(start, end)
    lists = _headline_runs(blocks, list(body))
    for i in body:
        b, info = blocks[i], infos[i]
        if info.rule is not None:
            reasons[i] = info.rule.reason
        elif title_key and _normal(b.text) == title_key:
            reasons[i] = "title"
        elif _is_quoted_subhead(b):
            reasons[i] = "subhead"
        elif i in lists:
            reasons[i] = "related-articles list"

    footer = range(end, len(blocks))
    lists = _headline_runs(blocks, list(footer))
    for i in footer:
        b, info = blocks[i], infos[i]
        if info.rule is not None:
            reasons[i] = info.rule.reason
        elif i in lists:
            reasons[i] = "related-articles list"
        elif b.is_prose:
            reasons[i] = "after end of article"
        else:
            reasons[i] = "page footer"

    if dateline is None:
        for i in list(body)[:3]:
            if reasons[i] is None and (dl := parse_today(blocks[i].text)) is not None:
                dateline = dl
                break
    return Layout(tuple(reasons), found_title, dateline)
