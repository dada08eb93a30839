"""Split raw scraped text into lines and paragraph blocks, and measure each block.

Scraped text comes in two shapes: one paragraph per line (what most scrapers write), or one text
node per line (a flattened page), where a paragraph is cut wherever a link or an inline tag sat.
:func:`split_blocks` rebuilds paragraphs from such fragments: a line continues the previous one
when the previous line stops mid-sentence (no end punctuation, ends on a function word or comma)
or the line itself starts in lower case or with punctuation. A blank line ends a block unless the
line after it starts in lower case right after a line cut mid-sentence (hard-wrapped text).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter


def _words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in ``text``."""
    return frozenset(text.split())


STOP_WORDS = _words(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves also said says its it's he's she's
    i'm we're they're don't didn't won't can't would've about"""
)
# words after which a sentence cannot stop: a line ending on one continues on the next line
CONTINUATION_WORDS = _words(
    """a an the of to in on at by for from with and or but as than that which who whom whose
    into onto about over under between after before during its their his her our your my this
    these those is are was were be been has have had will would could should can may might must
    not no per via said says according"""
)

_WORD_RE = re.compile(r"[^\W_][\w'’.-]*", re.UNICODE)
_TERMINAL_RE = re.compile(r"""(?:[.!?…。！？]|\.\.\.)["'”’»)\]」』）]*\s*$""")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_CONTINUES_RE = re.compile(r"""(?:[,(\[“"‘—–-]|\$)\s*$""")
_STARTS_INLINE_RE = re.compile(r"""^\s*(?:[a-z]|[,.;:!?)\]%”»]|\d+%|'s\b|’s\b)""")


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank raw line: its text (stripped) and ``[start, end)`` in the raw text."""

    text: str
    start: int
    end: int
    index: int


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph rebuilt from one or more adjacent lines, with its measured features."""

    lines: tuple[Line, ...]
    text: str
    words: tuple[str, ...]
    terminal: bool
    stop_ratio: float
    cap_ratio: float

    cjk: int = 0

    @property
    def n_words(self) -> int:
        """Words, counting two CJK characters as one word (those scripts have no spaces)."""
        if self.cjk:
            return max(len(self.words), self.cjk // 2)
        return len(self.words)

    @property
    def is_prose(self) -> bool:
        """Reads like a sentence of running text (not a headline, label or list item)."""
        n = self.n_words
        if n >= 6 and self.terminal and (self.cap_ratio < 0.7 or self.stop_ratio >= 0.3):
            return True
        if self.cjk >= 12 and self.terminal:
            return True
        return n >= 14 and self.cap_ratio < 0.45 and self.stop_ratio >= 0.2

    @property
    def is_headline_like(self) -> bool:
        """Looks like a title: several words, no end period, mostly capitalised or short."""
        n = self.n_words
        if n < 2 or n > 30 or self.is_prose:
            return False
        ends_period = self.text.rstrip("\"'”’)»").endswith(".")
        # headlines quote with single marks; double quotes mean dialogue or a quote from the body
        return not ends_period and not any(q in self.text for q in '"“”')


def split_lines(raw: str) -> list[Line | None]:
    """Non-blank lines of ``raw`` with offsets; ``None`` stands for a blank line."""
    out: list[Line | None] = []
    pos = 0
    idx = 0
    for chunk in raw.splitlines(keepends=True):
        body = chunk.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            out.append(Line(stripped, pos + lead, pos + lead + len(stripped), idx))
            idx += 1
        else:
            out.append(None)
        pos += len(chunk)
    return out


def _continues(prev: str, nxt: str) -> bool:
    """Whether line ``nxt`` continues the sentence that line ``prev`` left open."""
    if _TERMINAL_RE.search(prev):
        return False
    if _STARTS_INLINE_RE.match(nxt):
        return True
    if _CONTINUES_RE.search(prev):
        return True
    last = prev.split()[-1].lower() if prev.split() else ""
    return last in CONTINUATION_WORDS


def join_fragments(lines: list[Line]) -> str:
    """The lines of one block as one paragraph (no space before closing punctuation)."""
    parts: list[str] = []
    for ln in lines:
        if parts and not re.match(r"""^[,.;:!?)\]%’'”»]""", ln.text):
            parts.append(" ")
        parts.append(ln.text)
    return "".join(parts)


def make_block(lines: list[Line]) -> Block:
    """Measure the block made of ``lines``."""
    text = join_fragments(lines)
    words = tuple(_WORD_RE.findall(text))
    n = len(words)
    stops = sum(map(STOP_WORDS.__contains__, map(str.lower, words)))
    rest = words[1:]
    heads = "".join(map(itemgetter(0), rest))  # first letters: upper case or digit, counted in C
    caps = sum(map(str.isupper, heads)) + sum(map(str.isdigit, heads))
    return Block(
        lines=tuple(lines),
        text=text,
        words=words,
        terminal=bool(_TERMINAL_RE.search(text)),
        stop_ratio=stops / n if n else 0.0,
        cap_ratio=caps / len(rest) if rest else (1.0 if words and words[0][0].isupper() else 0.0),
        cjk=len(_CJK_RE.findall(text)),
    )


def split_blocks(raw: str, alone: Callable[[Line], bool] | None = None) -> list[Block]:
    """Rebuild paragraph blocks from the raw lines (see the module docstring). A line for which
    ``alone(line)`` is true (a furniture label such as "Advert") is never joined to another."""
    blocks: list[Block] = []
    current: list[Line] = []
    prev_alone = False
    gap = False  # a blank line since the last line
    entries = split_lines(raw)
    for k, line in enumerate(entries):
        if line is None:
            gap = True
            continue
        # a lone lower-case word closing a paragraph ("politics" above a headline) is a label
        label = line.text.isalpha() and (k + 1 == len(entries) or entries[k + 1] is None)
        this_alone = label or (alone is not None and len(line.text) <= 60 and alone(line))
        joined = bool(current) and not (prev_alone or this_alone)
        if joined and gap:
            # across a blank line only a sentence cut in the middle continues (hard-wrapped text)
            joined = not _TERMINAL_RE.search(current[-1].text) and line.text[:1].islower()
        elif joined:
            joined = _continues(current[-1].text, line.text)
        prev_alone, gap = this_alone, False
        if current and not joined:
            blocks.append(make_block(current))
            current = []
        current.append(line)
    if current:
        blocks.append(make_block(current))
    return blocks


# a word of a run without punctuation: letters, digits, hyphens, and a split-off "'s"
_PLAIN_WORD_RE = re.compile(r"(?:[^\W_][\w'’-]*|['’]s)$")
_TOKEN_RE = re.compile(r"\S+")
_ARTICLES = frozenset({"The", "A", "An"})
# a glued lead: 3 to 25 words, then a sentence of at least 6 words
_LEAD_MIN, _LEAD_MAX, _REST_MIN = 3, 25, 6


def glued_lead(line: str) -> int:
    """Where a sentence starts after a headline or caption glued before it on one line, where a
    page lost the line break: the offset of the sentence, 0 when there is none.

    The lead is a run of 3 to 25 words without any punctuation, opening with a capital; it ends
    on a lower-case word a sentence can end on (not a function word: "... after long debate"),
    and the next word is a capitalised function word that opens a sentence ("The", "But", "He";
    never "I"), followed by at least 6 words to the end punctuation of the line ("... after long
    debate The buses will stop at every school ."). An article before a capitalised word ("...
    a booklet called The Northern Routes ...") opens a name, not a sentence, and cuts nothing.
    """
    if not _TERMINAL_RE.search(line):
        return 0
    tokens = list(_TOKEN_RE.finditer(line))
    if len(tokens) < _LEAD_MIN + _REST_MIN or not tokens[0].group()[:1].isupper():
        return 0
    for i, tok in enumerate(tokens[: _LEAD_MAX + 1]):
        word = tok.group()
        if i >= _LEAD_MIN and word != "I" and word[:1].isupper() and word[1:].islower():
            prev = tokens[i - 1].group()
            if (
                word.lower() in STOP_WORDS
                and prev.isalpha()
                and prev.islower()
                and prev not in STOP_WORDS
                and prev not in CONTINUATION_WORDS
                and len(tokens) - i >= _REST_MIN
                and not (word in _ARTICLES and tokens[i + 1].group()[:1].isupper())
            ):
                return tok.start()
        if not _PLAIN_WORD_RE.match(word):
            return 0
    return 0
