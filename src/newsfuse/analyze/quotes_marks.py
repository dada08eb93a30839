"""Finding quoted passages by their quotation marks, character by character.

Handles curly and straight, double and single marks (British style ``He said: 'No.'``) while
telling apostrophes apart (``Russia's``, ``don't``, ``Japan’s``, ``'90s``); only top-level quotes
are returned (a quote nested inside another is part of its text). A quote left open at the end of
a paragraph continues when the next paragraph opens with a mark of the same kind (the newspaper
convention for multi-paragraph quotes); one short line in between (``Advert``) is skipped. Without
such a continuation, a quote opened at the start of its paragraph ends with the paragraph; one
left open in mid-paragraph is taken for a stray mark and dropped. An empty pair of marks (``“”``,
the words a cleaning step removed) quotes nothing and leaves nothing open.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_OPEN = '“„«"'
DOUBLE_CLOSE = '”»"'
SINGLE_OPEN = "‘‹'"
SINGLE_CLOSE = "’›'"
ALL_MARKS = frozenset(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE)
_OPEN_BEFORE = " \t\n([{—–-/:;,“‘\"'"
_CLOSE_AFTER = " \t\n.,;:!?)]}—–-”’\"'…"


@dataclass(frozen=True, slots=True)
class MarkedQuote:
    """A passage in quotation marks.

    ``segments`` are the ``[start, end)`` ranges of the quoted words (marks excluded), one per
    paragraph; ``open_pos`` is the offset of the first opening mark and ``close_pos`` the offset
    of the closing mark (None when the quote ran to the end of its paragraph unclosed).
    """

    segments: tuple[tuple[int, int], ...]
    open_pos: int
    close_pos: int | None
    style: str  # "double" or "single"

    @property
    def start(self) -> int:
        return self.segments[0][0]

    @property
    def end(self) -> int:
        return self.segments[-1][1]

    @property
    def outer_end(self) -> int:
        """Offset just past the closing mark (or past the last quoted character)."""
        return self.close_pos + 1 if self.close_pos is not None else self.end

    def text(self, source: str) -> str:
        """The quoted words, paragraphs joined by one space."""
        return " ".join(source[s:e].strip() for s, e in self.segments)


def _is_apostrophe(text: str, i: int) -> bool:
    """True when the ' or ’ at ``i`` is inside a word (don't, Japan’s) or elides digits ('90s,
    ‘08: two digits, then no third)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True
    digits = text[i + 1 : i + 4]
    if digits.rstrip("s").isdigit():
        return True
    return digits[:2].isdigit() and not digits[2:].isdigit() and not _closed_later(text, i + 3)


def _closed_later(text: str, j: int) -> bool:
    """Whether a closing single mark follows ``j`` in its paragraph before any opening one: then
    a mark before two digits opens a quote ("‘20 people were hurt,’ police said") rather than
    eliding a year ("in ‘08 that the ‘old rules’ ...", "in ‘08.")."""
    end = text.find("\n", j)
    for k in range(j, len(text) if end < 0 else end):
        ch = text[k]
        if ch not in "‘’'":
            continue
        before = text[k - 1]
        after = text[k + 1] if k + 1 < len(text) else " "
        if before.isalnum() and after.isalnum():
            continue  # inside a word
        return ch != "‘" and not before.isspace()
    return False


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in _OPEN_BEFORE and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after in _CLOSE_AFTER)


def _opens(text: str, i: int, style: str) -> bool:
    ch = text[i]
    if style == "double":
        if ch in "“„«":
            return True
        return ch == '"' and _can_open(text, i)
    if ch in "‘‹":
        return not _is_apostrophe(text, i)
    return ch == "'" and _can_open(text, i) and not _is_apostrophe(text, i)


def _closes(text: str, i: int, style: str) -> bool:
    ch = text[i]
    if style == "double":
        if ch in "”»":
            return True
        if ch == "“":  # an opening mark typed for a closing one: "… storm,“ said Reeve"
            return _can_close(text, i) and text[i + 1 : i + 2] in ("", " ", "\n")
        return ch == '"' and _can_close(text, i)
    if _is_apostrophe(text, i):
        return False
    if ch in "’›":
        return True
    return ch == "'" and _can_close(text, i)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each non-blank line."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            out.append((pos, end))
        pos = end + 1
    return out


def _is_filler(text: str, para: tuple[int, int]) -> bool:
    """A short line without sentence punctuation or marks, e.g. an ``Advert`` label."""
    line = text[para[0] : para[1]].strip()
    return (
        len(line.split()) <= 2
        and not any(c in ALL_MARKS for c in line)
        and not line.endswith((".", "!", "?", ":"))
    )


def _continuation(text: str, paras: list[tuple[int, int]], k: int, style: str) -> int | None:
    """Index of the paragraph after ``k`` that continues an open quote, if any."""
    for j in (k + 1, k + 2):
        if j >= len(paras):
            return None
        start = paras[j][0] + (
            len(text[paras[j][0] : paras[j][1]]) - len(text[paras[j][0] : paras[j][1]].lstrip())
        )
        if _opens(text, start, style):
            return j
        if not _is_filler(text, paras[j]):
            return None
    return None


def find_marked_quotes(text: str) -> list[MarkedQuote]:
    """All top-level quoted passages of ``text`` in order of their opening mark."""
    paras = _paragraphs(text)
    quotes: list[MarkedQuote] = []
    style: str | None = None
    open_pos = 0
    seg_start = 0
    segments: list[tuple[int, int]] = []
    k = 0
    resume_at: int | None = None
    while k < len(paras):
        p_start, p_end = paras[k]
        i = p_start if resume_at is None else resume_at
        resume_at = None
        while i < p_end:
            ch = text[i]
            if ch in ALL_MARKS:
                if style is None:
                    for cand in ("double", "single"):
                        if _opens(text, i, cand):
                            style, open_pos, seg_start, segments = cand, i, i + 1, []
                            break
                elif _closes(text, i, style) and i > seg_start:
                    segments.append((seg_start, i))
                    quotes.append(MarkedQuote(tuple(segments), open_pos, i, style))
                    style = None
                elif i == seg_start and not segments and _closes(text, i, style):
                    style = None  # an empty pair ("“” said the mayor") quotes nothing
            i += 1
        if style is not None:
            if seg_start < p_end:
                segments.append((seg_start, p_end))
            nxt = _continuation(text, paras, k, style)
            if nxt is None:
                at_start = not text[p_start:open_pos].strip() or len(segments) > 1
                if segments and at_start:
                    quotes.append(MarkedQuote(tuple(segments), open_pos, None, style))
                style = None
            else:
                lead = len(text[paras[nxt][0] : paras[nxt][1]]) - len(
                    text[paras[nxt][0] : paras[nxt][1]].lstrip()
                )
                seg_start = paras[nxt][0] + lead + 1
                resume_at = seg_start
                k = nxt
                continue
        k += 1
    return [q for q in quotes if any(text[s:e].strip() for s, e in q.segments)]
