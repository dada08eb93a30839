"""Quotes with their speakers and cue verbs (direct and indirect), from the dependency parse.

Entry point: :func:`extract_quotes`. The rules are documented in ``docs/quotes.md``; in short:

* Direct quotes are found by their quotation marks (:mod:`newsfuse.analyze.quotes_marks`). The
  cue verb is looked for in the same sentence after the quote (``"…," Hayashi said.``) when the
  quote ends on a comma, ``?``, ``!`` or dash, else before it (``Hayashi said: "…"``). A quote
  without a cue that follows a quote's attribution directly continues that speaker's words.
* A quoted term of at most three words is kept only when a cue verb governs it (``"Never," he
  said.``, ``called the plan "a disaster"``) or it continues an attributed quote; a bare scare
  quote is dropped, and so is a quoted title (every word capitalised) without a following cue.
* Indirect quotes are the clausal complement of a cue verb (``X said (that) …``, ``X told
  reporters …``, ``X was quoted as saying that …``), the clause a trailing cue comments on
  (``…, X told reporters``), the clause modified by ``according to X``, a noun-phrase object of
  four or more words (``announced a new package of sanctions``), the argument of a cue frame
  learned from annotated attributions (``endorsed Cruz``, ``refused to testify``, ``called for
  an inquiry``: :mod:`newsfuse.analyze.quotes_frames`), and the rest of a line after a
  ``Name:`` label. A direct quote that lies inside an indirect quote's content is part of it and
  is not reported separately; so is an indirect quote nested in another one.
* Speakers: see :mod:`newsfuse.analyze.quotes_speaker` (pronouns resolved to the nearest preceding
  PERSON speaker or subject).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from newsfuse.analyze.quotes_frames import OBJECT_PREPS, frame_content, learned_frames, object_end
from newsfuse.analyze.quotes_marks import ALL_MARKS, MarkedQuote, find_marked_quotes
from newsfuse.analyze.quotes_speaker import (
    MIND_VERBS,
    SPEECH_VERBS,
    XCOMP_VERBS,
    agent_of,
    antecedent,
    is_cue,
    is_person_name,
    is_pronoun,
    name_in_phrase,
    names_speaker,
    person_in,
    person_subjects,
    phrase_bounds,
    resolve_pronoun,
    spaced_dash,
    subject_of,
    valid_speaker,
)
from newsfuse.analyze.quotes_speaker_model import choose
from newsfuse.model import Article, Quote, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MAX_FRAME = 40  # tokens looked at before/after a quote for its cue
SHORT_QUOTE = 3  # a quoted term of at most this many words needs a cue governing it
_SENT_END = frozenset(".!?")
_OPEN_ENDINGS = tuple(",!?—–-…:")
_MINOR = frozenset(["of", "the", "and", "a", "an", "to", "in", "for", "on", "at", "or"])
_TEXT_KEY = ("newsfuse.quotes", "text")


def _text(doc: Doc) -> str:
    """``doc.text``, built once per document (spaCy joins every token on each access)."""
    # spaCy's own extensions key user_data by tuples too; its stubs say str
    cache = cast("dict[object, Any]", doc.user_data)
    text = cache.get(_TEXT_KEY)
    if text is None:
        text = cache[_TEXT_KEY] = doc.text
    return text


@dataclass(slots=True)
class _Found:
    """A quote under construction: character ranges and the tokens it was read from."""

    start: int
    end: int
    text: str
    direct: bool
    cue: list[Token]
    speaker: Token | None
    outer: tuple[int, int]
    attr_end: int  # end of the quote with its attribution ("…," Hayashi said after the talks.)
    inherited: _Found | None = None
    short: bool = False  # a short quoted term: kept only with a cue or as a continuation
    framed: bool = False  # the argument of a learned cue frame
    labelled: bool = False  # a direct quote's speaker read off a cue or a label, not its sentence


class _Index:
    """Maps character offsets to tokens of ``doc``."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def first_at_or_after(self, char: int) -> int:
        return bisect_left(self.starts, char)

    def last_before(self, char: int) -> int:
        return bisect_left(self.starts, char) - 1

    def tokens_in(self, start: int, end: int) -> range:
        return range(bisect_left(self.starts, start), bisect_right(self.starts, end - 1))


_SHORT_TITLE = re.compile(r"[“\"‘][^”\"’\n]{1,40}[”\"’](?=[ ,])")


def _frame_after(doc: Doc, index: _Index, mq: MarkedQuote, opens: set[int]) -> list[Token]:
    """Tokens after the closing mark up to the end of the sentence (or next quote / paragraph)."""
    out: list[Token] = []
    i = index.first_at_or_after(mq.outer_end)
    text = _text(doc)
    while i < len(doc) and len(out) < MAX_FRAME:
        tok = doc[i]
        if tok.idx in opens and out:
            # a title of up to three words quoted inside the frame ("“…,” Bo Lee, wearing a
            # “Vote Lee” pin, said") does not end it
            title = _SHORT_TITLE.match(text, tok.idx)
            if title is None or len(title.group(0).split()) > 3:
                break
        elif tok.idx in opens or "\n" in tok.text:
            break
        out.append(tok)
        if tok.text in _SENT_END or "\n" in tok.whitespace_:
            break
        i += 1
    return out


def _frame_before(doc: Doc, index: _Index, mq: MarkedQuote, closes: set[int]) -> list[Token]:
    """Tokens before the opening mark back to the start of the sentence (or previous quote)."""
    out: list[Token] = []
    i = index.last_before(mq.open_pos)
    while i >= 0 and len(out) < MAX_FRAME:
        tok = doc[i]
        if tok.text in _SENT_END or tok.idx in closes or "\n" in tok.text:
            break
        if "\n" in tok.whitespace_:
            break
        out.append(tok)
        i -= 1
    out.reverse()
    return out


def _words(doc: Doc, index: _Index, start: int, end: int) -> int:
    return sum(1 for i in index.tokens_in(start, end) if not doc[i].is_punct)


_NESTED_CLOSE = "’'”\"›»"


def _last_char(text: str, mq: MarkedQuote) -> str:
    """The last character of the quoted words, past the closing marks of a quote nested at their
    end ("… I just say, ‘Thank you,’” Baker said: a comma)."""
    inner = text[mq.start : mq.end].rstrip()
    stripped = inner.rstrip(_NESTED_CLOSE).rstrip()
    if stripped != inner and stripped[-1:] in _OPEN_ENDINGS + tuple(_SENT_END):
        return stripped[-1:]
    return inner[-1:] if inner else ""


def _governs(cue: Token, lo: int, hi: int) -> bool:
    """True when some token in ``[lo, hi)`` chars has ``cue`` among its ancestors."""
    doc = cue.doc
    return any(lo <= t.idx < hi and cue in t.ancestors for t in doc[cue.sent.start : cue.sent.end])


def _speaker_candidates(cue: Token) -> tuple[Token | None, Token | None]:
    """The cue's subject and ``by``-agent, the agent first for a passive cue ("Rubio was asked
    by the moderator whether ...": the moderator asks, Rubio is asked)."""
    subj, agent = subject_of(cue), agent_of(cue)
    passive = cue.tag_ == "VBN" or any(c.dep_ == "nsubjpass" for c in cue.children)
    if agent is not None and passive:
        return agent, subj
    if subj is None and agent is None:
        return _noun_before(cue) or _line_opener(cue), None
    return subj, agent


def _line_opener(cue: Token) -> Token | None:
    """The name opening the cue's line when the parser hung it on the line before (a heading
    without a full stop joined to the sentence under it: "… Without Power For ¶ Piet Claes, who
    …, defended his staff" parsed with Claes as the heading's object), and the name stands
    before the cue."""
    doc = cue.doc
    i = cue.i - 1
    while i >= cue.sent.start and "\n" not in doc[i].text and "\n" not in doc[i].whitespace_:
        i -= 1
    if i < cue.sent.start:
        return None  # the sentence starts on the cue's line
    first = i + 1
    while first < cue.i and doc[first].is_space:
        first += 1
    tok = doc[first]
    while tok.dep_ in ("compound", "flat") and first <= tok.head.i < cue.i:
        tok = tok.head
    if tok.pos_ != "PROPN" or tok.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE"):
        return None
    if tok.head.i >= first:
        return None  # the parser kept it on its line: its own relation holds
    return tok if valid_speaker(tok) else None


_SKIP_BEFORE = frozenset(["ADV", "AUX", "PART"])
_NOMINAL = ("PROPN", "NOUN", "PRON", "NUM")


def _noun_before(cue: Token) -> Token | None:
    """When the parse gave a cue no subject, the first noun phrase of the cue's line before it,
    if no verb stands between them ("… into the U.S. ¶ Chris Christie added that …", parsed
    across the line break as one sentence; "Trump, in Kentucky, said"; "About 4 in 10 say"): a
    quantity counts ("43 said")."""
    doc = cue.doc
    i = cue.i - 1
    while i >= 0 and doc[i].pos_ in _SKIP_BEFORE and "\n" not in doc[i].whitespace_:
        i -= 1
    if i < 0 or "\n" in doc[i].whitespace_ or "\n" in doc[i].text:
        return None
    j = i
    while j > 0 and "\n" not in doc[j - 1].text and "\n" not in doc[j - 1].whitespace_:
        j -= 1
    words = doc[j : i + 1]
    if any(t.pos_ in ("VERB", "AUX") for t in words):
        return None
    tok = next((t for t in words if t.pos_ in _NOMINAL and t.dep_ != "pobj"), None)
    if tok is None:
        return None
    while tok.dep_ in ("compound", "flat", "quantmod", "nummod") and j <= tok.head.i <= i:
        tok = tok.head
    placeholder = tok.lower_ in ("it", "there", "which", "that", "this", "what")
    return tok if valid_speaker(tok) and not placeholder else None


def _nearest_subject(cue: Token, lo: int, hi: int) -> Token | None:
    """When the parse links no subject to a cue, the subject nearest before it in its sentence
    and on its line, outside the reported words ``[lo, hi)`` chars ("He criticized the record
    said she …", a participle parsed apart from its clause)."""
    doc = cue.doc
    for i in range(cue.i - 1, cue.sent.start - 1, -1):
        tok = doc[i]
        if "\n" in tok.text or "\n" in tok.whitespace_:
            return None
        if lo <= tok.idx < hi:
            continue
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in _NOMINAL:
            if tok.lower_ in ("it", "there", "which", "that", "this", "what"):
                return None
            return tok
    return None


def _speaker_ok(tok: Token | None, lo: int, hi: int) -> Token | None:
    """``tok`` unless it is missing, inside the quote, not a possible speaker (punctuation, a
    time: "the time") or a dateline (WASHINGTON —)."""
    if tok is not None and not valid_speaker(tok):
        tok = person_in(tok)
    if tok is not None:
        tok = _outside_parens(tok)
        end = _place_dateline_end(tok)
        if end is not None:  # "New York (AFP) – Vice President Joe Biden on Monday ..."
            tok = _named_after(tok, end)
    if tok is None or lo <= tok.idx < hi or _is_dateline(tok):
        return None
    return tok


_CAPS_DATELINE = re.compile(
    r"[A-Z][A-Z.'’&-]*(?: [A-Z][A-Z.'’&-]*){0,3}(?:, [A-Z][\w.]*(?: [A-Z][\w.]*)?)?"
    r"(?: \([A-Za-z ]{2,12}\))? ?(?:—|–|--|-)"
)
_DATELINE = re.compile(
    r"[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}(?:, [\w .]{2,20})? \([A-Za-z ]{2,12}\) [—–-] "
)


def _place_dateline_end(tok: Token) -> int | None:
    """Where the dateline ends when ``tok`` lies in one opening its line in mixed case ("New
    York (AFP) –", "Washington, June 10 (UPI) —"), else None."""
    text = _text(tok.doc)
    m = _DATELINE.match(text, text.rfind("\n", 0, tok.idx) + 1)
    return m.end() if m is not None and tok.idx < m.end() else None


def _named_after(tok: Token, end: int) -> Token | None:
    """The first person or organisation named from ``end`` on, in ``tok``'s sentence."""
    ents = [e for e in tok.sent.ents if e.start_char >= end]
    for labels in (("PERSON", "ORG"), ("NORP",)):  # "Democrat Hillary Clinton": the person
        found = next((e.root for e in ents if e.label_ in labels), None)
        if found is not None:
            return found
    return None


def _outside_parens(tok: Token) -> Token:
    """The name before a parenthesis the speaker was parsed inside ("Gov. John Kasich (R-OH),
    said": Kasich, not OH)."""
    doc = tok.doc
    for i in range(tok.i - 1, max(tok.i - 6, -1), -1):
        t = doc[i]
        if t.text == ")" or "\n" in t.text:
            return tok
        if t.text == "(":
            closes = any(x.text == ")" for x in doc[tok.i + 1 : tok.i + 6])
            if closes and i > 0 and doc[i - 1].pos_ == "PROPN":
                return doc[i - 1]
            return tok
    return tok


def _is_dateline(tok: Token) -> bool:
    """True for the first word of an all-capitals dateline opening its line ("WASHINGTON —",
    "DES MOINES, Iowa (AP) —"); not for a name in capitals opening a sentence ("UNESCO
    praised …"): a dash follows the place."""
    text = _text(tok.doc)
    line_start = text.rfind("\n", 0, tok.idx) + 1
    if not (tok.text.isupper() and len(tok.text) > 2 and not text[line_start : tok.idx].strip()):
        return False
    return _CAPS_DATELINE.match(text, tok.idx) is not None


def _after_cue(after: list[Token], last: str) -> Token | None:
    """The cue verb in the words after a quote: a listed cue, or (after a quote ending on a
    comma, ``?``, ``!`` or dash) any verb with its subject right there ("…," Gorka urged)."""
    cue = next((t for t in after[:MAX_FRAME] if is_cue(t, mind=False)), None)
    if cue is not None or last not in _OPEN_ENDINGS or last == ":":
        return cue
    for tok in after[:6]:
        if tok.pos_ == "VERB":
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
            nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
            named = [c for c in subj if c.pos_ in ("PROPN", "PRON")]
            if any(after[0].i <= c.i <= after[-1].i for c in named) or (
                nxt is not None and nxt.pos_ in ("PROPN", "PRON") and nxt.i <= after[-1].i
            ):
                return tok
            return None
    return None


BARE_ATTRIBUTION = 8  # tokens of a sentence that only names who spoke ("Trump said.")


def _bare_attribution(after: list[Token], lo: int, hi: int) -> Token | None:
    """The cue of a short sentence after a quote (``[lo, hi)`` with its marks) without a comma
    that says only who spoke ("“… missing.” Trump said.", "“….” the mayor told reporters.",
    "“…” Mayor Bo Lee said."): a listed speech verb with its subject there and no reported
    words of its own (the quote itself may be its complement), else None."""
    if not after or len(after) > BARE_ATTRIBUTION or after[-1].text not in _SENT_END:
        return None
    cue = next((t for t in after if is_cue(t, mind=False)), None)
    if cue is None or any(
        c.dep_ in ("ccomp", "xcomp", "advcl") and not lo <= c.idx < hi for c in cue.children
    ):
        return None
    subj = subject_of(cue) or _frame_speaker(after, cue)
    if subj is None or not after[0].i <= subj.i <= after[-1].i:
        return None
    return cue


def _colon_cue(doc: Doc, index: _Index, mq: MarkedQuote) -> Token | None:
    """The verb of a clause ending in a colon right before the quote, on the same line or at the
    end of the previous paragraph ("He declared:", "The campaign released a statement:")."""
    head = _text(doc)[: mq.open_pos].rstrip()
    if not head.endswith(":") or _text(doc)[len(head) : mq.open_pos].count("\n") > 2:
        return None
    i = index.last_before(len(head))
    if i < 0:
        return None
    line_start = _text(doc).rfind("\n", 0, doc[i].idx) + 1  # never the line before
    line_start = max(line_start, _label_start(doc, i))
    sent = [t for t in doc[i].sent if t.i < i and t.idx >= line_start]
    listed = [t for t in sent if is_cue(t, mind=False)]
    if listed:
        return listed[-1]
    verbs = [
        t
        for t in sent
        if t.pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
    ]
    return verbs[-1] if verbs else None


def _label_start(doc: Doc, colon: int) -> int:
    """The first character of the words of a colon's line after a dash standing alone between
    spaces, when the line has one before the colon ("Polls did predict the caucus - Pat Lee:
    “…”": a heading, then the label), else 0."""
    for i in range(colon - 1, -1, -1):
        tok = doc[i]
        if "\n" in tok.text or "\n" in tok.whitespace_:
            return 0
        if spaced_dash(tok):
            return tok.idx + len(tok.text)
    return 0


def _frame_speaker(after: list[Token], cue: Token) -> Token | None:
    """A speaker read off the word order when the parse gave the cue no subject (or one inside
    the quote): the first noun phrase after the quote and before the cue ("“…,” Trump, the
    frontrunner after winning the primaries, said"), else the first one after the cue."""
    named = [t for t in after if t.pos_ in ("PROPN", "NOUN", "PRON") and valid_speaker(t)]
    pre = [t for t in named if t.i < cue.i]
    post = [t for t in named if t.i > cue.i]
    if not pre and not post:
        return None
    tok = pre[0] if pre else post[0]
    while tok.dep_ in ("compound", "flat") and tok.head.i > tok.i:
        tok = tok.head
    return tok


def _is_title(doc: Doc, index: _Index, mq: MarkedQuote) -> bool:
    """True for a quoted name or title: every content word capitalized, no final ``,?!``."""
    toks = [doc[i] for i in index.tokens_in(mq.start, mq.end) if doc[i].is_alpha]
    if len(toks) < 2 or _text(doc)[mq.start : mq.end].rstrip()[-1:] in "!?,":
        return False
    return all(t.text[0].isupper() or t.lower_ in _MINOR for t in toks)


def _direct(
    doc: Doc, index: _Index, mq: MarkedQuote, opens: set[int], closes: set[int], used: set[int]
) -> _Found | None:
    """Build the direct quote for one marked passage, or None for a scare quote."""
    text = _text(doc)
    words = _words(doc, index, mq.start, mq.end)
    if words == 0:
        return None
    last = _last_char(text, mq)
    after = _frame_after(doc, index, mq, opens)
    before = _frame_before(doc, index, mq, closes)
    if before and before[-1].text == ":":  # "Polls agree - Pat Lee: “…”": a heading, a label
        dashes = [n for n, t in enumerate(before) if spaced_dash(t)]
        if dashes:
            before = before[dashes[-1] + 1 :]
    lo, hi = mq.open_pos, mq.outer_end
    before_end = before[-1].text if before else ""
    cue: Token | None = None
    attr_end = hi
    claim = True
    if last in _OPEN_ENDINGS or last == "" or (after and after[0].is_lower):
        cue = _after_cue(after, last)
        if cue is not None and words <= SHORT_QUOTE and last not in _OPEN_ENDINGS:
            cue = None
        # a quote the sentence runs on from takes a cue after it only when the cue governs it
        # or follows right after its subject ("“…” he said"), not one of a clause further on
        # ("… “useful points of common ground” as well as areas where they disagree")
        if cue is not None and last not in _OPEN_ENDINGS and not _governs(cue, lo, hi):
            subj = subject_of(cue)
            if subj is None or subj.i != cue.i - 1 or subj.i != after[0].i:
                cue = None
    elif words > SHORT_QUOTE:
        cue = _bare_attribution(after, lo, hi)  # "“… missing.” Trump said."
    if cue is None:
        cands = [t for t in before if is_cue(t, mind=False)]
        if not cands and before_end in (":", ","):  # "he wanted to know, “…”"
            cands = [t for t in before[-4:] if is_cue(t)]
        if cands:
            cand = cands[-1]
            adjacent = before_end in (":", ",") or before[-1] is cand
            if adjacent or _governs(cand, mq.start, mq.end):
                cue, claim = cand, adjacent
    if cue is None:
        cue = _colon_cue(doc, index, mq)
    after_cue = cue is not None and bool(after) and cue.i >= after[0].i
    if not after_cue and _is_title(doc, index, mq):  # "told “Good Morning America”"
        return None
    # "a veteran of “the long winter,” explained that …": the cue reports its own clause
    reports = cue is not None and any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children)
    if after_cue and reports and (words <= SHORT_QUOTE or _is_title(doc, index, mq)):
        return None
    speaker = None
    if cue is not None and after and cue.i >= after[0].i:
        attr_end = after[-1].idx + len(after[-1])
    if cue is not None:
        if claim:
            used.add(cue.i)
        first, second = _speaker_candidates(cue)
        speaker = _speaker_ok(first, lo, hi) or _speaker_ok(second, lo, hi)
        if speaker is None and after and cue.i >= after[0].i:
            speaker = _frame_speaker(after, cue)
        if speaker is None:
            speaker = _speaker_ok(_nearest_subject(cue, lo, hi), lo, hi)
    cues = [cue] if cue else []
    if cue is None and before and before_end in (",", ":"):  # "According to Paul Sperry, “…”"
        found = next((f for t in before if t.lower_ == "according" and (f := _according(t))), None)
        if found is not None:
            to, speaker, _ = found
            cues = [to.head, to]
            speaker = _speaker_ok(speaker, lo, hi)
    if speaker is None and not cues:  # "- Jeffrey M. Jones: “…”", "Stated Vance: ¶ “…”"
        speaker = _speaker_ok(_label_before(doc, index, mq), lo, hi)
    labelled = speaker is not None or bool(cues)
    if speaker is None and not cues:  # "her remark that “…”": the owner of the words
        speaker = _speaker_ok(_noun_owner(before), lo, hi)
    if speaker is None and before and words > SHORT_QUOTE:  # a short one may be a scare quote
        speaker = _sentence_subject(doc, before, lo, hi)
    start, end = mq.start, mq.end
    while end > start and text[end - 1] in " ,\n":
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return _Found(
        start,
        end,
        mq.text(text).strip().rstrip(","),
        True,
        cues,
        speaker,
        (lo, hi),
        attr_end,
        short=words <= SHORT_QUOTE,
        labelled=labelled,
    )


def _noun_owner(before: list[Token]) -> Token | None:
    """The possessive of a noun whose "that" introduces the quote ("her remark that “…”",
    "the mayor’s warning that “…”"): the one whose words they are."""
    if len(before) < 3 or before[-1].lower_ != "that" or before[-2].pos_ != "NOUN":
        return None
    return next((c for c in before[-2].children if c.dep_ == "poss"), None)


def _label_before(doc: Doc, index: _Index, mq: MarkedQuote) -> Token | None:
    """The name that labels a quote after a colon, on its line or ending the paragraph before,
    when the words before the colon on that line have no verb ("- Jeffrey M. Jones: “…”",
    "Here’s Mayor Lee in December 1992: “…”"): the last person or organisation named there."""
    text = _text(doc)
    head = text[: mq.open_pos].rstrip()
    if not head.endswith(":") or text[len(head) : mq.open_pos].count("\n") > 2:
        return None
    colon = index.last_before(len(head))
    words: list[Token] = []
    for i in range(colon - 1, -1, -1):
        tok = doc[i]
        if "\n" in tok.text or "\n" in tok.whitespace_ or tok.text in _SENT_END:
            break
        if spaced_dash(tok):  # "Pollsters agree - Pat Lee: “…”": the label follows the dash
            break
        words.append(tok)
    if not words or any(t.pos_ == "VERB" for t in words):
        return None
    ents = [t for t in words if t.ent_type_ in ("PERSON", "ORG")]
    if not ents:
        return None
    tok = ents[0]  # the last one named: words run backwards
    while tok.dep_ in ("compound", "flat") and tok.head.ent_type_ == tok.ent_type_:
        tok = tok.head
    return tok


def _sentence_subject(doc: Doc, before: list[Token], lo: int, hi: int) -> Token | None:
    """A quote opened inside a sentence without a cue ("the protesters chanted “…”", "Huckabee
    is labeling it “…”"): the subject of that sentence's main verb, when it stands before the
    quote and in the same sentence."""
    root = before[-1].sent.root
    words = [t for t in before if not t.is_space]
    colon = bool(words) and words[-1].text == ":"
    if colon and (root.idx >= lo or _crosses_line(root, before[0])):
        root = _clause_root(words) or root
    # before a colon, a word with a subject is the verb the tagger missed ("Rule 12 affirms:")
    verb = root.pos_ in ("VERB", "AUX") or (colon and any(c.dep_ == "nsubj" for c in root.children))
    if not verb or root.idx >= lo:
        return None
    subj = subject_of(root)
    if subj is None or subj.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    # the subject may stand before an earlier partial quote of the same sentence ("Trump says
    # “the game is soft” because “…”"), but not across a paragraph break
    if subj.i < before[0].i and "\n" in _text(subj.doc)[subj.idx : lo]:
        return None
    return _speaker_ok(subj, lo, hi)


def _clause_root(before: list[Token]) -> Token | None:
    """The main verb of the words a colon closes before a quote on its line, when the parser
    made a verb inside the quote or on an earlier line the sentence's root ("The board was firm
    in its findings: “…”"): of the verbs of those words whose head lies outside them, the one
    highest in the tree, and of those the one nearest the quote."""
    inside = {t.i for t in before}
    verbs = [
        t for t in before if t.pos_ in ("VERB", "AUX") and (t.head.i not in inside or t.head is t)
    ]
    if not verbs:
        return None
    return min(reversed(verbs), key=lambda t: sum(1 for _ in t.ancestors))


def _crosses_line(a: Token, b: Token) -> bool:
    """True when a line break stands between tokens ``a`` and ``b``."""
    lo, hi = sorted((a.i, b.i))
    return any("\n" in t.text or "\n" in t.whitespace_ for t in a.doc[lo:hi])


def _trim(doc: Doc, lo: int, hi: int) -> tuple[int, int]:
    """Token range with edge punctuation removed (quotation marks kept when balanced)."""
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space) and doc[lo].text not in ALL_MARKS:
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        if doc[hi - 1].text in ALL_MARKS and doc[hi - 1].text not in "“‘":
            break
        hi -= 1
    return lo, hi


#: Verbs whose reported words may be an "if"/"whether" clause the parser hangs as an adverbial
_QUESTION_VERBS = frozenset(["ask", "wonder", "question", "inquire"])


def _content_tokens(cue: Token) -> tuple[int, int] | None:
    """Token range of the reported clause governed by ``cue``, if it has one."""
    lemma = cue.lemma_.lower()
    heads = [c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i]
    if not heads and lemma in _QUESTION_VERBS:  # "asked the players if they wanted …"
        heads = [
            c
            for c in cue.children
            if c.dep_ == "advcl"
            and c.i > cue.i
            and any(g.dep_ == "mark" and g.lower_ in ("if", "whether") for g in c.children)
        ]
    if not heads and is_cue(cue, mind=False):  # "told reporters during a visit that he …"
        heads = _misattached_that(cue)
    if not heads and lemma in XCOMP_VERBS:
        heads = [
            c
            for c in cue.children
            if c.dep_ == "xcomp" and c.i > cue.i and any(g.dep_ == "aux" for g in c.children)
        ]
    if heads:
        head = heads[0]
        lo, hi = head.left_edge.i, head.right_edge.i + 1
        for sib in cue.children:  # "... that X and that Y": the parser hangs Y on the cue
            if (
                sib.dep_ == "conj"
                and sib.i > hi - 1
                and any(
                    g.dep_ == "mark" and g.lower_ in ("that", "whether", "if") for g in sib.children
                )
            ):
                hi = sib.right_edge.i + 1
        return lo, hi
    if lemma in MIND_VERBS:
        return _trailing_belief(cue) or _leading_cue(cue)
    objs = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i and c.pos_ != "PRON"]
    if objs and lemma not in ("say", "tell", "ask", "call", "thank", "quote", "cite"):
        obj = objs[0]
        if obj.right_edge.i - obj.left_edge.i >= 3:
            hi = object_end(obj)
            for other in cue.children:
                if other.i > obj.i and other.dep_ == "prep" and other.lower_ in OBJECT_PREPS:
                    hi = max(hi, other.right_edge.i + 1)
            return obj.left_edge.i, hi
    head = cue.head
    # "…, the director told reporters": the clause before a trailing cue; never for a participle
    # ("“…,” McCain said, citing …": the words are McCain's "said"; "Trump defended the
    # incident, calling …": the clause before is his action, not reported words)
    adjunct = cue.tag_ == "VBG"
    if (
        cue.dep_ in ("parataxis", "advcl", "ccomp", "conj")
        and head.i < cue.i
        and not adjunct
        and not _reports_itself(head)
    ):
        left = cue.left_edge.i
        if head.left_edge.i < left and any(
            doc_tok.text == "," for doc_tok in cue.doc[head.i : left]
        ):
            return head.left_edge.i, left
    leading = _leading_cue(cue)
    if leading is not None:
        return leading
    if cue.dep_ == "ROOT" and cue.i > 0:
        ccomps = [c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i]
        if ccomps:
            return ccomps[0].left_edge.i, ccomps[0].right_edge.i + 1
    return None


#: Listed verbs that do not report the clause after them ("The movement continues, …")
_NOT_LEADING = frozenset(["continue", "call", "ask", "question", "wonder", "order", "thank"])


def _misattached_that(cue: Token) -> list[Token]:
    """A "that" clause with its own subject the parser hung on a noun after a speech verb as a
    relative clause ("telling reporters during a visit to Scotland that he thinks …"): the
    clause the verb reports, when only nouns and prepositions stand between them."""
    for tok in cue.subtree:
        if tok.i <= cue.i or tok.dep_ not in ("relcl", "acl"):
            continue
        kids = list(tok.children)
        if not any(c.dep_ == "mark" and c.lower_ == "that" and c.i < tok.i for c in kids):
            continue
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in kids):
            continue
        up = tok.head
        while up.i != cue.i and up.dep_ in ("dobj", "prep", "pobj", "dative", "npadvmod"):
            up = up.head
        if up.i == cue.i:
            return [tok]
    return []


def _trailing_belief(cue: Token) -> tuple[int, int] | None:
    """The clause before a belief verb that closes its sentence after a comma ("Lee kept her
    lead among older voters, the poll found."): the clause the parser makes its complement."""
    if cue.dep_ != "ROOT" or cue.i == 0 or cue.tag_ == "VBG":
        return None
    subj = next((c for c in cue.children if c.dep_ == "nsubj" and c.i < cue.i), None)
    ccomp = next((c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i), None)
    if subj is None or ccomp is None or ccomp.right_edge.i >= subj.left_edge.i:
        return None
    if cue.doc[subj.left_edge.i - 1].text != ",":
        return None
    return ccomp.left_edge.i, ccomp.right_edge.i + 1


def _leading_cue(cue: Token) -> tuple[int, int] | None:
    """For a speech verb with a subject before the clause it comments on, the clause: "As the
    Post reported, the board was refusing …" ("as" marks the cue; a belief verb too, "As the
    council learned, …") and "The Post previously reported, the board refused …" (the parser
    hangs the cue on the clause's verb, a comma after the cue's words); else None."""
    head = cue.head
    if head.i <= cue.i or cue.tag_ == "VBG" or not is_cue(cue):
        return None
    if not is_cue(cue, mind=False) and cue.dep_ != "advcl":
        return None
    if cue.lemma_.lower() in _NOT_LEADING:
        return None
    if not any(c.dep_ == "nsubj" and c.i < cue.i and c.tag_ != "VBG" for c in cue.children):
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "dative") for c in cue.children):
        return None  # "As Lee lamented the delays, Kim …": the time of another event
    after = cue.right_edge.i
    while after > cue.i and cue.doc[after].is_punct:  # the parser hangs the comma on the cue
        after -= 1
    after += 1
    if after >= head.i or cue.doc[after].text != ",":
        return None
    if cue.dep_ == "advcl":
        if not any(c.dep_ == "mark" and c.lower_ == "as" and c.i < cue.i for c in cue.children):
            return None
    elif cue.dep_ not in ("ccomp", "parataxis"):
        return None
    if any(c.dep_ == "mark" for c in cue.children if c.lower_ != "as"):
        return None
    return after + 1, head.right_edge.i + 1


def _reports_itself(verb: Token) -> bool:
    """True when ``verb`` is an attribution's cue of its own (a speech or belief verb or a
    learned frame) with a subject: a cue coordinated after it ("Most said A, and
    two-thirds said the same of B", "a third say A, while half say B") is
    another speaker's report, not a trailing cue taking ``verb``'s clause as its words."""
    if not is_cue(verb) and verb.lemma_.lower() not in learned_frames():
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _according(tok: Token) -> tuple[Token, Token, tuple[int, int]] | None:
    """For ``according`` in "according to X": (to, X's head, content token range)."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    if to is None:
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    if source is None:
        return None
    head = tok.head if tok.head is not tok else None
    if head is None:
        return None
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    a_lo, a_hi = tok.left_edge.i, tok.right_edge.i + 1
    if a_lo - lo >= hi - a_hi:
        return to, source, (lo, a_lo)
    return to, source, (a_hi, hi)


#: noun endings that name a verb's act ("warning", "prediction", "statement", "denial"): the
#: verb is the noun with the ending cut, or with "e" for it ("announcement": announce)
_ACT_ENDINGS = ("ation", "ing", "ion", "ment", "al")


def _noun_verb(noun: Token) -> str | None:
    """The cue verb (speech, belief or learned frame) a noun names the act of ("claim",
    "warning", "prediction"), else None."""
    lemma = noun.lemma_.lower()
    verbs = SPEECH_VERBS | MIND_VERBS
    frames = learned_frames()
    forms = [lemma]
    for ending in _ACT_ENDINGS:
        if lemma.endswith(ending) and len(lemma) > len(ending) + 2:
            stem = lemma[: -len(ending)]
            forms += [stem, stem + "e"]
    return next((f for f in forms if f in verbs or f in frames), None)


def _noun_cue(tok: Token) -> tuple[Token | None, tuple[int, int]] | None:
    """For a noun naming a speech or belief act with a "that" clause (or a clause after a
    colon) as its complement ("his warning that …", "the claim by the council that …", "a
    promise: …"): (its possessor or "of"/"by" object as the speaker, the clause's token range)."""
    if tok.pos_ != "NOUN" or _noun_verb(tok) is None:
        return None
    clause = None
    for child in tok.children:
        if child.i <= tok.i or child.dep_ not in ("acl", "ccomp", "appos"):
            continue
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children):
            continue
        marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
        colon = tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text == ":"
        if marked or colon:
            clause = child
            break
    if clause is None:
        return None
    up = tok
    while up.dep_ in ("dobj", "prep", "pobj", "dative", "npadvmod") and up.head is not up:
        up = up.head
    if up is not tok and is_cue(up) and clause in _misattached_that(up):
        return None  # "said in a statement to the press that …": the verb's words
    speaker: Token | None = next((c for c in tok.children if c.dep_ == "poss"), None)
    if speaker is None:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "by") and prep.i < clause.i:
                speaker = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if speaker is not None:
                    break
    return speaker, (clause.left_edge.i, clause.right_edge.i + 1)


def _indirect(
    doc: Doc, directs: list[_Found], used: set[int], marks: list[MarkedQuote]
) -> list[_Found]:
    """Reported clauses governed by cue verbs (and ``according to``) outside direct quotes."""
    inside = [d.outer for d in directs]
    # the direct quotes' spans merged, so a character is looked up by bisection (testing each
    # token against every quote was quadratic on a long text of many quotes)
    merged: list[list[int]] = []
    for lo, hi in sorted(inside):
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        elif lo < hi:
            merged.append([lo, hi])
    merged_starts = [lo for lo, _ in merged]

    def in_direct(char: int) -> bool:
        k = bisect_right(merged_starts, char) - 1
        return k >= 0 and char < merged[k][1]

    quoting = {d.cue[0].i for d in directs if d.cue}  # "called the plan “a disaster”"
    out: list[_Found] = []
    for tok in doc:
        if tok.i in used or in_direct(tok.idx):
            continue
        cue: list[Token]
        speaker: Token | None
        framed = nominal = False
        if tok.lower_ == "according":
            found = _according(tok)
            if found is None:
                continue
            to, speaker, (lo, hi) = found
            cue = [tok, to]
        elif is_cue(tok) or tok.lemma_.lower() in learned_frames():
            rng = _content_tokens(tok) if is_cue(tok) else None
            framed = rng is None
            if framed and tok.i in quoting:
                continue
            if framed:
                rng = frame_content(tok)
            if rng is None:
                continue
            lo, hi = rng
            if lo < tok.i < hi:  # "which he said ...": keep the words after the cue
                lo = tok.i + 1
            cue = [tok]
            first, second = _speaker_candidates(tok)
            speaker = first or second
        elif (noun := _noun_cue(tok)) is not None:
            speaker, (lo, hi) = noun
            cue = [tok]
            nominal = True
        else:
            continue
        lo, hi = _trim(doc, lo, hi)
        if lo < hi and doc[lo].dep_ == "mark" and doc[lo].lower_ == "that":
            lo += 1
        if sum(1 for t in doc[lo:hi] if not t.is_punct) < (1 if framed else 2):
            continue
        start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        if in_direct(doc[lo].idx) and in_direct(doc[hi - 1].idx):
            continue
        if "\n" in _text(doc)[start:end]:
            continue
        gap = _text(doc)[tok.idx : start] if tok.idx < start else _text(doc)[end : tok.idx]
        # a reported clause parsed across a line break from its cue, unless a colon closes the
        # cue's line ("The governor added: ¶ …")
        if "\n" in gap and not (tok.idx < start and gap.split("\n")[0].rstrip().endswith(":")):
            continue
        if (framed or nominal) and any(start <= lo_ < end for lo_, _ in inside):
            continue  # a frame or a noun cue never swallows a direct quote ("called it “a phony system”")
        for mq in marks:  # include a closing mark left just outside the clause
            if start <= mq.open_pos < end < mq.outer_end <= end + 3:
                end = mq.outer_end
        speaker = _speaker_ok(speaker, start, end)
        if speaker is None and not framed and cue[0].lower_ != "according":
            speaker = _speaker_ok(_nearest_subject(cue[0], start, end), start, end)
        text = _text(doc)[start:end]
        out.append(_Found(start, end, text, False, cue, speaker, (start, end), end, framed=framed))
    return out


_LABEL = re.compile(r"^[ \t]*([^\n:]{2,60}?):[ \t]+(?=\S)", re.M)
_NOT_SPEAKERS = frozenset(
    [
        "update", "note", "editor", "watch", "read", "related", "photo", "video", "topics",
        "source", "image", "advert", "click", "share", "tags", "category", "posted", "updated",
        "published", "listen", "warning", "correction", "disclosure", "follow", "contact",
    ]
)  # fmt: skip


_LABEL_ENTS = ("PERSON", "ORG", "NORP")


def _colon_quotes(doc: Doc, index: _Index, directs: list[_Found]) -> list[_Found]:
    """Lines of the form ``Speaker: words`` (headlines "Pat Smith: ...", transcripts "SMITH: ...").

    The label must be a short name (a PERSON, ORG or NORP entity, or one word in capitals)
    without a verb. A direct quote right after the colon gets the label as its speaker;
    otherwise the rest of the line is reported as an indirect quote without cue.
    """
    text = _text(doc)
    out: list[_Found] = []
    for m in _LABEL.finditer(text):
        words = [doc[i] for i in index.tokens_in(m.start(1), m.end(1)) if not doc[i].is_punct]
        if not words or len(words) > 5 or words[0].lower_ in _NOT_SPEAKERS:
            continue
        if any(t.pos_ in ("VERB", "AUX") for t in words):
            continue
        caps = len(words) == 1 and words[0].text.isupper() and len(words[0].text) > 2
        # a headline's label the tagger gave no entity type ("Wexley: …"): one or two names,
        # not in capitals ("NEW DELHI: The minister said …" is a dateline) nor a place
        named = len(words) <= 2 and all(
            t.pos_ in ("PROPN", "NOUN")
            and t.text[:1].isupper()
            and not t.ent_type_
            and not t.text.isupper()
            for t in words
        )
        if not caps and not named and not any(t.ent_type_ in _LABEL_ENTS for t in words):
            continue
        head = next((t for t in reversed(words) if t.pos_ == "PROPN"), words[-1])
        if not valid_speaker(head):  # "MONDAY: …" is a date, not a speaker
            continue
        start = m.end()
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        while end > start and text[end - 1].isspace():
            end -= 1
        quoted = next((d for d in directs if start <= d.outer[0] <= start + 1), None)
        if quoted is not None:
            if quoted.speaker is None and not quoted.cue:
                quoted.speaker = head
            continue
        if len(text[start:end].split()) >= 3:
            out.append(_Found(start, end, text[start:end], False, [], head, (start, end), end))
    return out


def _drop_contained(items: list[_Found]) -> list[_Found]:
    """Drop quotes inside an indirect quote's content (partial quotes, nested reports). A
    direct quote that opens inside a speech verb's reported clause and runs on past its end
    ("Lee said she would fight the “plans no one asked for. I will win.”") stays, and the
    clause is extended to its closing mark (:func:`_host`): the reported words go on in it."""
    indirect = [f for f in items if not f.direct]
    # a cue before the clause it comments on ("As the Post reported, Lee said “…”") and a label
    # ("Lee: Tolls Will Rise, ‘We Have No Choice’") keep the direct quotes in their words
    keeps_quotes = {id(g) for g in indirect if not g.cue or _leading_cue(g.cue[0]) is not None}
    keep: list[_Found] = []
    for f in items:
        lo, hi = f.outer
        inside = any(
            g is not f
            and g.start <= lo
            and hi <= g.end
            and (g.end - g.start) > (hi - lo)
            and not (f.direct and id(g) in keeps_quotes)
            for g in indirect
        )
        if inside:
            continue
        keep.append(f)
        host = _host(f, indirect) if f.direct else None
        if host is not None:
            host.end = hi
            host.text = _text(host.cue[0].doc)[host.start : host.end]
    return keep


def _host(f: _Found, indirect: list[_Found]) -> _Found | None:
    """The reported clause of a listed speech verb with a speaker in which the direct quote
    ``f`` opens and past whose end it runs, on one line, when ``f`` has no attribution of its
    own outside that clause: its cue stands inside the clause or is the clause's cue, or it has
    neither cue nor speaker (a label's quote, "Pollsters agree - Pat Lee: “…”", is Lee's);
    else None."""
    lo, hi = f.outer
    for g in indirect:
        if not (g.start <= lo < g.end < hi) or g.speaker is None or not g.cue:
            continue
        if not is_cue(g.cue[0], mind=False) or "\n" in _text(g.cue[0].doc)[g.start : f.end]:
            continue
        if f.cue:
            if g.start <= f.cue[0].idx < g.end or f.cue[0] in g.cue:
                return g
        elif f.speaker is None:
            return g
    return None


def _continue_speakers(text: str, items: list[_Found]) -> None:
    """A cue-less direct quote right after an attributed direct quote continues its speaker.

    A direct quote whose cue has no subject and opens its sentence ("Continued: “…”") takes the
    speaker of the nearest preceding quote.
    """
    prev: _Found | None = None
    last_speaker: Token | None = None
    # the attributions with a cue by its place (then their order), for _sentence_owner
    cued = sorted(((o.cue[0].idx, n, o) for n, o in enumerate(items) if o.cue), key=lambda x: x[:2])
    cue_starts = [idx for idx, _, _ in cued]
    for f in items:
        if f.direct and f.cue and f.speaker is None and last_speaker is not None:
            cue = f.cue[0]
            before = cue.doc[cue.i - 1] if cue.i > 0 else None
            if before is None or "\n" in before.text + before.whitespace_ or before.text in ".!?":
                f.speaker = last_speaker
        if f.framed:  # "has backed Clinton" between a quote and its continuation
            continue
        if f.speaker is not None:
            last_speaker = f.speaker
        if f.direct and not f.cue and prev is not None and prev.direct:
            owner = prev.inherited or prev
            gap = text[prev.attr_end : f.outer[0]]
            if owner.cue and not gap.strip().strip(".,;") and gap.count("\n") <= 2:
                f.inherited = owner
        elif f.direct and not f.cue and prev is not None and _trailing_cue(prev):
            # "…, Wilcox said. “B”": the next quote continues a reported clause's speaker
            gap = text[prev.cue[0].sent.end_char : f.outer[0]]
            if not gap.strip() and gap.count("\n") <= 2:
                f.inherited = prev
        if f.direct and not f.short and not f.cue and f.inherited is None and f.speaker is None:
            f.inherited = _paragraph_owner(text, f, items)
        if f.direct and not f.short and not f.cue and f.inherited is None and not f.labelled:
            f.inherited = _sentence_owner(f, cued, cue_starts)
        prev = f


_SENTENCE_BREAK = re.compile(r"[.!?][”\"’)]*\s+")


def _paragraph_owner(text: str, f: _Found, items: list[_Found]) -> _Found | None:
    """For a quote that opens a sentence with no attribution of its own: the attribution that
    ends the sentence right before it, which it continues (the quote the news convention
    leaves to the speaker named last). That sentence ends the paragraph before ("… Valastro
    praised the crews. ¶ “We need someone …”") or stands before the quote in its own paragraph
    ("… the tycoon told Reuters in an interview in Macau. “He was very charming.”"); the
    attribution needs a speaker and a speech verb (or "according to") in that sentence."""
    line_start = text.rfind("\n", 0, f.outer[0]) + 1
    before = text[line_start : f.outer[0]].rstrip()
    if before:  # mid-paragraph: the words before must end a sentence
        if not _SENTENCE_BREAK.search(before + " ", max(0, len(before) - 3)):
            return None
        region = (line_start, line_start + len(before))
    else:
        prev_end = len(text[:line_start].rstrip())
        if prev_end == 0 or text[prev_end:line_start].count("\n") > 2:
            return None
        region = (text.rfind("\n", 0, prev_end) + 1, prev_end)
    attributions = (g.inherited or g for g in items if g is not f)
    owners = [
        o
        for o in attributions
        if o.speaker is not None
        and o.cue
        and region[0] <= o.cue[0].idx < region[1]
        and o.cue[0].sent.end_char >= region[1] - 1  # the last sentence
    ]
    if not owners:
        return None
    owner = max(owners, key=lambda g: g.cue[0].idx)
    if not (is_cue(owner.cue[0], mind=False) or owner.cue[0].lower_ == "according"):
        return None  # a speech verb, not a learned frame ("the storm hit the coast")
    return owner


def _sentence_owner(
    f: _Found, cued: list[tuple[int, int, _Found]], cue_starts: list[int]
) -> _Found | None:
    """For a quote without a cue of its own that opens inside a sentence: the nearest
    attribution with a speaker whose cue stands before it in that sentence and on its line
    ("Moe says the harvest is “far from over” and he is sure the barn will “keep the hay
    dry.”": Moe's "says", not only the subject Moe); one whose speaker the sentence's subject
    gave takes only a speech verb's attribution, not a learned frame's. ``cued``: the
    attributions with a cue as ``(cue start, order, attribution)``, sorted; ``cue_starts``
    their cue starts. Only the cues of the quote's sentence before it are read (reading every
    attribution for each quote was quadratic on a long text of many quotes)."""
    at = f.outer[0]
    best: _Found | None = None
    best_idx = -1
    for k in range(bisect_left(cue_starts, at) - 1, -1, -1):
        idx, _, o = cued[k]
        cue = o.cue[0]
        if cue.sent.end_char <= at or idx < best_idx:
            break  # an earlier sentence (every cue before it is in one too), or a farther cue
        if (
            o is not f
            and o.inherited is None
            and o.speaker is not None
            and "\n" not in _text(cue.doc)[idx:at]
            and (f.speaker is None or is_cue(cue, mind=False))
        ):
            best, best_idx = o, idx  # of cues at one place, the first in order (seen last)
    return best


def _trailing_cue(f: _Found) -> bool:
    """An indirect quote attributed after its words ("…, Wilcox said.") to a named speaker."""
    return (
        not f.direct
        and bool(f.cue)
        and f.speaker is not None
        and f.cue[0].idx >= f.end
        and f.cue[0].sent.end_char > f.end
    )


def _to_quote(f: _Found, article: Article, people: list[tuple[int, str]]) -> Quote:
    owner = f.inherited or f
    speaker_tok = owner.speaker
    speaker: str | None = None
    speaker_span: Span | None = None
    if speaker_tok is not None:
        doc = speaker_tok.doc
        left, right = phrase_bounds(speaker_tok)
        named = antecedent(speaker_tok)
        if named is not None:  # "O'Malley, who noted ...": the span is "who", the name O'Malley
            left, right = speaker_tok.i, speaker_tok.i + 1
            if is_pronoun(named):
                speaker = resolve_pronoun(named, people) or named.text
            elif names_speaker(doc, named, *phrase_bounds(named)):
                speaker = name_in_phrase(doc, named, *phrase_bounds(named))
        elif is_pronoun(speaker_tok):
            left, right = speaker_tok.i, speaker_tok.i + 1
            speaker = resolve_pronoun(speaker_tok, people) or speaker_tok.text
        elif names_speaker(doc, speaker_tok, left, right):
            speaker = name_in_phrase(doc, speaker_tok, left, right)
        # otherwise the words the cue's subject has name nobody ("what", "everyone", "the
        # time"): the span stays, the quote has no speaker
        speaker_span = Span(article.id, doc[left].idx, doc[right - 1].idx + len(doc[right - 1]))
    cue = cue_span = None
    if owner.cue:
        first, last = owner.cue[0], owner.cue[-1]
        cue_span = Span(article.id, first.idx, last.idx + len(last))
        cue = article.text[cue_span.start : cue_span.end]
    return Quote(
        span=Span(article.id, f.start, f.end),
        text=f.text,
        speaker=speaker,
        speaker_span=speaker_span,
        cue=cue,
        cue_span=cue_span,
        direct=f.direct,
    )


def find_attributions(doc: Doc, text: str, *, learned: bool = True) -> list[_Found]:
    """The attributions of ``text`` (``doc`` is its parse) under construction, sorted by start:
    their character ranges, cue tokens and speaker tokens. With ``learned``, a cue the rules
    left without speaker takes the one the learned model chooses
    (:mod:`newsfuse.analyze.quotes_speaker_model`)."""
    index = _Index(doc)
    marked = find_marked_quotes(text)
    opens = {mq.open_pos for mq in marked}
    closes = {mq.close_pos for mq in marked if mq.close_pos is not None}
    used: set[int] = set()
    directs = [
        d for mq in marked if (d := _direct(doc, index, mq, opens, closes, used)) is not None
    ]
    colon = _colon_quotes(doc, index, directs)
    items = _drop_contained(directs + colon + _indirect(doc, directs, used, marked))
    items.sort(key=lambda f: (f.start, f.end))
    _continue_speakers(text, items)
    items = [f for f in items if not (f.short and not f.cue and not f.speaker and not f.inherited)]
    _unquote_speakers(items, marked)
    if learned:
        for f in items:
            if f.speaker is None and f.inherited is None and learnable(f):
                cue, (lo, hi) = f.cue[0], f.outer
                found = choose(cue, lo, hi, direct=f.direct, framed=f.framed)
                f.speaker = _speaker_ok(found, lo, hi)
        _unquote_speakers(items, marked)
    return items


def _unquote_speakers(items: list[_Found], marked: list[MarkedQuote]) -> None:
    """A cue outside quotation marks never takes a subject inside them ("emailed supporters
    saying: “The work goes on” and vowing to …": the work does not vow)."""
    spans = sorted((mq.start, mq.end) for mq in marked)
    starts = [a for a, _ in spans]

    def quoted(char: int) -> tuple[int, int] | None:
        k = bisect_right(starts, char) - 1
        return spans[k] if k >= 0 and char < spans[k][1] else None

    for f in items:
        if f.speaker is None or not f.cue:
            continue
        around = quoted(f.speaker.idx)
        if around is not None and quoted(f.cue[0].idx) != around:
            f.speaker = None


def learnable(f: _Found) -> bool:
    """True for an attribution whose speaker the learned model may choose: one with a cue verb
    (not "according to", whose source the rules read)."""
    return bool(f.cue) and f.cue[0].lower_ != "according"


def extract_quotes(doc: Doc, article: Article) -> list[Quote]:
    """Direct and indirect quotes of ``article`` (``doc`` is its parsed text), sorted by start.

    Each Quote's span is the quoted words (without the quotation marks) or the reported clause;
    ``speaker_span`` is the phrase naming the speaker and ``cue_span`` the cue verb (or
    "according to"). See ``docs/quotes.md`` for the rules.
    """
    items = find_attributions(doc, article.text)
    people = person_subjects(doc)
    for f in items:
        tok = f.speaker
        if tok is not None:
            tok = antecedent(tok) or tok
        if tok is not None and not is_pronoun(tok) and is_person_name(doc, tok):
            people.append((tok.idx, name_in_phrase(doc, tok, *phrase_bounds(tok))))
    return [_to_quote(f, article, people) for f in items]
