"""Find the article body among the blocks and decide, for every block, keep or remove (and why).

The body is the run of blocks with the largest total weight (a maximum-sum subarray): prose
blocks weigh their word count, furniture weighs negative (strongly so for lines that end an
article, such as a copyright or a comment widget, which also cut the page into segments), and
short non-prose lines weigh a little negative; teasers under headlines and repeated lines weigh
less. Everything before the body is the page header (title, dateline, byline, section label,
photo caption), everything after it the page footer (related-articles lists, widgets). Inside the
body only furniture, quoted subheads, related-links boxes and runs of headline-like lines are
removed, so every sentence of the article stays.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from newsfuse.clean.blocks import Block
from newsfuse.clean.dates import Dateline, is_city_line, parse_dateline, parse_today
from newsfuse.clean.patterns import Rule, match_rule
from newsfuse.knobs import BodyWeights as Weights

_QUOTED_RE = re.compile(r"""^["'“‘«].{3,150}["'”’»]$""")
_CAPTION_VERB_RE = re.compile(
    r"\b(?:speaks|is seen|are seen|attends|attend|poses|pose|looks on|look on|arrives|arrive|"
    r"gestures|waves|listens|delivers|walks|holds|stands|sits|pictured|shown|photographed|"
    r"file photo|talks to|addresses|leaves|greets|shake hands|shakes hands)\b",
    re.IGNORECASE,
)
# a credit line that follows its caption: "(AP Photo/Jane Doe)", "Credit...", "Credit: Reuters"
_CREDIT_LINE_RE = re.compile(
    r"^(?:\([^()]*\bphoto(?:graph)?\b[^()]*\)|credit\s*(?:\.\.\.|…|:).*)$", re.IGNORECASE
)
RUN_MIN = 3  # headline-like lines in a row that make a list
REPEATED = "repeated paragraph"
NEUTRAL_REASONS = frozenset({"separator", "link"})


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


def inspect_blocks(
    blocks: Sequence[Block], rule_of: Callable[[Block], Rule | None] = match_rule
) -> list[BlockInfo]:
    """Run the furniture and dateline rules on every block."""
    infos = []
    for b in blocks:
        dl = parse_dateline(b.text) if b.n_words <= 14 else None
        infos.append(BlockInfo(rule_of(b), dl, is_city_line(b.text)))
    return infos


def weight(block: Block, info: BlockInfo, w: Weights = Weights()) -> float:  # noqa: B008
    """The block's weight in the body search (positive for prose, negative for furniture)."""
    if info.rule is not None:
        if info.rule.reason in NEUTRAL_REASONS:
            return w.neutral
        if info.rule.reason == "related-articles list":
            return w.related
        return w.end if info.rule.ends_article else w.furniture
    if info.dateline is not None:
        return w.dateline
    n = block.n_words
    if block.is_prose:
        return float(n)
    if n >= w.long_min and block.cap_ratio < 0.6:
        return w.long_factor * n
    if block.terminal and n >= 3 and block.cap_ratio < 0.5:
        return w.short_sentence * n  # "He declined to comment."
    return w.short_base + w.short_slope * min(n, w.short_cap)


def _context_weights(
    blocks: Sequence[Block], infos: Sequence[BlockInfo], w: Weights
) -> list[float]:
    """Block weights adjusted by neighbours: isolated prose and repeated lines weigh less."""
    base = [weight(b, i, w) for b, i in zip(blocks, infos, strict=True)]
    prose = [b.is_prose and i.rule is None for b, i in zip(blocks, infos, strict=True)]
    solid = [k for k, i in enumerate(infos) if i.rule is None]
    seen: set[str] = set()
    out = list(base)
    teasers: list[int] = []  # isolated prose under a headline-like line
    for pos, k in enumerate(solid):  # furniture lines are skipped when looking at neighbours
        key = blocks[k].text.lower()
        if key in seen and len(key) > 3:
            out[k] = min(out[k], w.duplicate)
            continue
        seen.add(key)
        if not prose[k]:
            continue
        before = solid[pos - 1] if pos > 0 else None
        after = pos + 1 < len(solid) and prose[solid[pos + 1]]
        if before is not None and not prose[before] and not after:
            head = blocks[before]
            if (
                head.is_headline_like
                and head.n_words >= w.teaser_head_words
                and blocks[k].n_words <= w.teaser_words
            ):
                teasers.append(k)
    pos_of = {k: pos for pos, k in enumerate(solid)}
    run: list[int] = []
    for k in [*teasers, -1]:
        # consecutive teasers are at most two solid blocks apart (headline, teaser, headline, ...)
        if run and k >= 0 and pos_of[k] - pos_of[run[-1]] <= 3:
            run.append(k)
            continue
        if len(run) >= w.teaser_run:
            for t in run:
                out[t] = w.isolated * base[t] - w.isolated_penalty
        run = [k]
    return out


def max_run(weights: Sequence[float], lo: int, hi: int) -> tuple[float, int, int]:
    """(sum, start, end) of the maximum-sum run of ``weights[lo:hi]`` (sum 0 when none)."""
    best, best_span = 0.0, (lo, lo)
    total, start = 0.0, lo
    for i in range(lo, hi):
        if total <= 0:
            total, start = 0.0, i
        total += weights[i]
        if total > best:
            best, best_span = total, (start, i + 1)
    return best, *best_span


def find_body(
    weights: Sequence[float],
    barriers: Sequence[int] = (),
    lead_share: float = 0.7,
    discount: Sequence[int] = (),
    discount_factor: float = 0.25,
) -> tuple[int, int] | None:
    """``[start, end)`` of the body: the maximum-sum run of ``weights`` within the segments cut
    at ``barriers`` (lines that end an article). The earliest segment's run wins when it has at
    least ``lead_share`` of the best run's weight: an article comes before its comments and
    related-article teasers. Segments opened by a barrier in ``discount`` (comment metadata)
    count ``discount_factor`` of their weight. None when nothing is positive."""
    cuts = [-1, *sorted(barriers), len(weights)]
    opened_by_comment = set(discount)
    runs = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if b > a + 1:
            total, start, end = max_run(weights, a + 1, b)
            if a in opened_by_comment:
                total *= discount_factor
            runs.append((total, start, end))
    best = max((r[0] for r in runs), default=0.0)
    if best <= 0:
        return None
    for total, start, end in runs:
        if total > 0 and total >= lead_share * best:
            return start, end
    return None  # pragma: no cover - the best run always qualifies


def _extend(
    blocks: Sequence[Block],
    infos: Sequence[BlockInfo],
    start: int,
    end: int,
    weights: Sequence[float],
    box_max: int = 6,
) -> tuple[int, int]:
    """Extend the body forward over soft furniture (adverts, credits) to prose right after it,
    and over a related-links box (a "Related" heading and up to ``box_max`` headlines) when the
    article's text resumes after it."""
    j = end
    box = 0  # lines left that may be skipped as a box's links
    while j < len(blocks):
        rule = infos[j].rule
        if rule is not None and not rule.ends_article:
            if rule.reason in {"related-articles list", "related link"}:
                box = box_max
            j += 1
            continue
        if rule is None and blocks[j].is_prose and weights[j] > 0:
            end = j = j + 1
            box = 0
            continue
        if rule is None and box > 0 and not blocks[j].is_prose:
            box -= 1
            j += 1
            continue
        break
    return start, end


def _is_quoted_subhead(block: Block) -> bool:
    return (
        len(block.lines) == 1
        and block.n_words <= 15
        and bool(_QUOTED_RE.match(block.text))
        and not re.search(r"[.!?,…][\"'”’»\]]*$", block.text)
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
        if heads >= RUN_MIN and not _is_body_list(blocks, run):
            out.update(run)
        run, heads = [], 0
    return out


def _after_list_headings(
    blocks: Sequence[Block],
    infos: Sequence[BlockInfo],
    reasons: list[str | None],
    span: range,
) -> None:
    """Inside the body, the headline-like lines right under a "Related"/"See more" heading are
    that box's links (until the text resumes)."""
    inside = False
    for i in span:
        rule = infos[i].rule
        if rule is not None and rule.reason in {"related-articles list", "related link"}:
            inside = rule.reason == "related-articles list" or blocks[i].text.rstrip().endswith(":")
            continue
        link_like = blocks[i].is_headline_like or not any(c.isalnum() for c in blocks[i].text)
        if inside and reasons[i] is None and not blocks[i].is_prose and link_like:
            reasons[i] = "related-articles list"
            continue
        if rule is None:
            inside = inside and not blocks[i].is_prose


def _is_body_list(blocks: Sequence[Block], run: Sequence[int]) -> bool:
    """A list that belongs to the article: introduced by a line ending in a colon, or items
    that continue a sentence (lower-case starts)."""
    first, last = run[0], run[-1]
    if any(blocks[k].text.rstrip().endswith(":") for k in range(max(0, first - 2), first)):
        return True
    items = [blocks[i] for i in run if any(c.isalnum() for c in blocks[i].text)]
    if sum(b.text[:1].islower() for b in items) * 2 > len(items):
        return True
    # sentence-case items between two paragraphs: a list in the text, not headlines
    inside = first > 0 and last + 1 < len(blocks)
    sentence_case = sum(b.cap_ratio for b in items) / len(items) < 0.4
    return inside and sentence_case and blocks[first - 1].is_prose and blocks[last + 1].is_prose


def mark_repeats(blocks: Sequence[Block], reasons: list[str | None], w: Weights) -> None:
    """A kept paragraph (or one after the body) of at least ``w.repeat_words`` words that
    repeats an earlier kept paragraph of the page verbatim or nearly (its words match at
    ``w.repeat_ratio`` or more, difflib's ratio over the lower-cased words) is removed, reason
    ``repeated paragraph``: a live blog re-posting its summary, a body extracted twice, a
    teaser repeated above the story. The first copy stays; short lines ("He declined to
    comment.") may repeat.

    Only the earlier paragraphs that can reach the ratio are compared (:class:`_Repeats`), not
    every one: comparing each with all before it took 4.3 CPU s for a text of 2,000 paragraphs
    and grew with the square of their number."""
    seen = _Repeats(w.repeat_ratio)
    for i, b in enumerate(blocks):
        if reasons[i] not in (None, "after end of article") or b.n_words < w.repeat_words:
            continue
        words = re.findall(r"\w+", b.text.lower())
        if seen.repeats(words):
            reasons[i] = REPEATED
        elif reasons[i] is None:
            seen.add(words)


class _Repeats:
    """The kept paragraphs' words, and which of them a new paragraph repeats at ``ratio``.

    difflib's ratio is at most its ``quick_ratio``, ``2 * m / (a + b)`` for ``m`` the words two
    paragraphs share counted with repeats, so a repeat shares ``m >= ratio * (a + b) / 2`` and,
    as ``m <= min(a, b)``, has a length ``b >= a * ratio / (2 - ratio)``; so it shares at least
    ``t(a) = ceil(a * ratio / (2 - ratio))`` words. Each word occurrence is a token (the k-th
    "the" is its own), ordered the same way for every paragraph; two paragraphs that share
    ``t`` tokens share one among the first ``a - t + 1`` of each (the prefix filter of set
    similarity joins). Only earlier paragraphs with a token of the new one's prefix in their
    own prefix are compared, with the same tests, in the same order, as all of them were."""

    def __init__(self, ratio: float) -> None:
        self.ratio = ratio
        self.kept: list[list[str]] = []
        self.exact: set[tuple[str, ...]] = set()
        self.postings: dict[tuple[str, int], list[int]] = {}

    def _prefix(self, words: list[str]) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        tokens: list[tuple[str, int]] = []
        for word in words:
            k = counts.get(word, 0)
            counts[word] = k + 1
            tokens.append((word, k))
        tokens.sort()
        need = math.ceil(len(words) * self.ratio / (2 - self.ratio) - 1e-9)
        return tokens[: max(len(tokens) - need + 1, 0)]

    def repeats(self, words: list[str]) -> bool:
        if tuple(words) in self.exact:
            return True
        if self.ratio >= 1.0:
            return False
        if self.ratio <= 0.0:  # every earlier paragraph may reach it
            candidates: Iterable[int] = range(len(self.kept))
        else:
            found = {j for t in self._prefix(words) for j in self.postings.get(t, ())}
            candidates = sorted(found)
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(words)
        for j in candidates:
            earlier = self.kept[j]
            shorter, longer = sorted((len(earlier), len(words)))
            if 2 * shorter / (shorter + longer) < self.ratio:
                continue  # the ratio cannot reach the bar
            matcher.set_seq1(earlier)
            if matcher.quick_ratio() >= self.ratio and matcher.ratio() >= self.ratio:
                return True
        return False

    def add(self, words: list[str]) -> None:
        j = len(self.kept)
        self.kept.append(words)
        self.exact.add(tuple(words))
        if 0.0 < self.ratio < 1.0:
            for t in self._prefix(words):
                self.postings.setdefault(t, []).append(j)


def _reason(info: BlockInfo) -> str | None:
    return info.rule.reason if info.rule is not None else None


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


def layout(
    blocks: Sequence[Block],
    title: str | None = None,
    weights: Weights | None = None,
    rule_of: Callable[[Block], Rule | None] = match_rule,
) -> Layout:
    """Keep/remove every block (see module docstring); ``title`` is the known title, if any."""
    w = weights or Weights()
    infos = inspect_blocks(blocks, rule_of)
    barriers = [i for i, info in enumerate(infos) if info.rule and info.rule.ends_article]
    block_weights = _context_weights(blocks, infos, w)
    comments = [i for i in barriers if _reason(infos[i]) == "comment metadata"]
    # the first "2 days ago" may be the article's own time stamp; later ones open comments
    span = find_body(block_weights, barriers, w.lead_share, comments[1:])
    if span is None:
        return Layout(tuple("no article body" for _ in blocks), None, None)
    start, end = _extend(blocks, infos, *span, block_weights)
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
        elif len(body) > 1 and _is_quoted_subhead(b):  # a subhead heads more body text
            reasons[i] = "subhead"
        elif i in lists:
            reasons[i] = "related-articles list"
    _after_list_headings(blocks, infos, reasons, body)

    for i in range(1, len(blocks)):
        if (
            _CREDIT_LINE_RE.match(blocks[i].text)
            and reasons[i - 1] is None
            and blocks[i - 1].n_words <= 45
            and not re.match(r"""^["'“‘«]""", blocks[i - 1].text)
            and len(re.findall(r"[.!?](?:\s|$)", blocks[i - 1].text)) <= 2
        ):
            reasons[i - 1] = "photo caption"
            reasons[i] = reasons[i] or "photo credit"

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

    mark_repeats(blocks, reasons, w)
    if dateline is None:
        for i in list(body)[:3]:
            if reasons[i] is None and (dl := parse_today(blocks[i].text)) is not None:
                dateline = dl
                break
    return Layout(tuple(reasons), found_title, dateline)
