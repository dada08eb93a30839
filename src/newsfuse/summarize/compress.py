"""Light, meaning-preserving sentence compression for extractive summaries.

Only six cuts, each of which removes words a summary reader does not need and leaves a
grammatical sentence: an opening connective ("But", "However,"), which points at a sentence the
summary does not have, a leading attribution ("According to police, ..."), a trailing
attribution (", officials said."), a dateline ("CAIRO (AP) —", "NAIROBI, Kenya (AP) _"), a web
page's date-and-time stamp ("Monday 24 January 2005 02.16 GMT"), and short parentheticals
("(AP)", "(pictured)", "(R-Texas)"). The result is always a sub-sequence of the original
sentence's words (the first letter may be capitalised), so its citation still covers it.
"""

from __future__ import annotations

import re

from newsfuse.summarize.filters import strip_connective

_LEAD_ATTR = re.compile(
    r"^(According to|As reported by|Speaking to|Writing in|In a statement,?)\s+[^,;\"“”]{2,60},\s+"
    r"(?=[A-Za-z0-9])"  # not before a quotation: it would lose its speaker
)
_TRAIL_ATTR = re.compile(
    r",\s+(?:(?:according to|as reported by)\s+[^,;\"“”]{2,60}"
    r"|[^,;\"“”]{2,50}\s(?:said|says|told [^,;\"“”]{1,40}|reported|reports|added|noted"
    r"|explained|announced)(?:\s(?:on\s)?\w+(?:day)?)?)"
    r"(?P<end>[.!])$"
)
_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"  # names and abbreviations
)
# a dateline: place in capitals, perhaps a region or a date, perhaps the agency, then a dash
# (Xinhua dates it: "JOHANNESBURG, August 7 (Xinhua) --"; a number only as a month's day, so
# that a score or a range is no dash: "The UN voted 14-0 to ...")
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'/-]*[ ,]*){0,4}[A-Z]{2,}[A-Za-z.,'/ ]{0,30}"
    rf"(?:(?:{_MONTH}\s\d{{1,2}}|\d{{1,2}}\s{_MONTH}),?(?:\s\d{{4}})?\s?)?(?:\([^()]{{1,30}}\))?"
    r"\s*(?<!\d)[—–-]+\s*(?=[A-Z0-9\"“])"
)
# LDC newswire (AP, NYT) writes the dateline's dash as "_", which it also uses for dashes inside
# sentences ("NATO allies _ France among them _"): only a place in capitals, perhaps a region
# after a comma: "NAIROBI, Kenya (AP) _", "WASHINGTON _"
_UNDERSCORE_DATELINE = re.compile(
    r"^[A-Z][A-Z.'/ -]*[A-Z](?:,\s[A-Z0-9][A-Za-z0-9.' ]{0,29})?(?:\s\([^()]{1,30}\))?\s_\s+"
    r"(?=[A-Z0-9\"“])"
)
# a web page's date-and-time stamp glued before the first sentence, perhaps after a place and a
# bar: "Monday 24 January 2005 02.16 GMT", "SANAA/CAIRO | Fri Apr 8, 2011 6:16 pm BST"
_STAMP = re.compile(
    r"^(?:[A-Z][A-Za-z/ ]{1,30}\s\|\s)?(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s)?"
    rf"(?:\d{{1,2}}\s{_MONTH}|{_MONTH}\s\d{{1,2}}),?\s\d{{4}},?\s"
    r"\d{1,2}[.:]\d\d(?:\s?[ap]\.?m\.?)?(?:\s(?:GMT|BST|UTC|CET|EST|EDT|ET|PT))?\s+"
    r"(?=[A-Z])"
)
_PAREN = re.compile(r"\s\([^()]{1,40}\)(?=[\s,.;:!?])")
_SPACE = re.compile(r"\s+")


def compress(text: str) -> str:
    """``text`` without an opening connective, leading/trailing attributions and short
    parentheticals.

    A cut that would leave fewer than six words, or a sentence that is mainly a quote, is not
    made: the original is returned instead.
    """
    stripped = strip_connective(text)
    if len(stripped.split()) >= 6:
        text = stripped
    out = _PAREN.sub("", text)
    out = _UNDERSCORE_DATELINE.sub("", _DATELINE.sub("", _STAMP.sub("", out)))
    if not out.lstrip().startswith(('"', "“")):
        m = _LEAD_ATTR.match(out)
        if m:
            rest = out[m.end() :]
            out = rest[:1].upper() + rest[1:]
        # a trailing attribution after a quote closes the quote: keep those intact
        m = _TRAIL_ATTR.search(out)
        if m and not re.search(r"[\"”]\s*$", out[: m.start()]) and '"' not in out[m.start() :]:
            out = out[: m.start()] + m.group("end")
    out = _SPACE.sub(" ", out).strip()
    if len(out.split()) < 6:
        return text
    return out


# Shorter versions, offered to the selector beside the lightly compressed sentence (it takes
# whichever covers more per word). Each cut removes words a multi-document summary can do
# without and keeps a grammatical sentence: a weekday phrase ("on Saturday", "late Tuesday
# night": relative to each article's own date, it can mislead next to other articles'
# sentences), a person's age in commas ("Smith, 45, said"), and a non-restrictive relative clause
# at the end of the sentence (", which lies 80 km west of the port.") or closed by a comma before
# a lower-case verb (", who was elected in 2009, said").
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYPART = r"(?:\s(?:morning|afternoon|evening|night))?"
_DAY_MOD = r"(?:(?:late|early|earlier|later|last|this|next)\s)?"
_LEAD_DAY = re.compile(
    rf"^(?:(?:Late|Early|Earlier|Later|Last|This)\s)?(?:(?:on|On)\s)?{_WEEKDAY}{_DAYPART},?\s+"
    r"(?=[A-Za-z\"“])"
)
# inside a sentence: after a lower-case word, a number or a comma ("said Saturday", "killed on
# Tuesday night"; "Bloody Sunday", "Super Tuesday" follow a capitalised word and stay), not
# before a name or "of" ("Sunday Times", "Friday of last week")
_DAY = re.compile(
    rf"(?<=[a-z0-9,])\s{_DAY_MOD}(?:on\s)?{_WEEKDAY}{_DAYPART}(?=[\s,.;:!?])"
    r"(?!\s(?:[A-Z]|of\b))"
    # nor when a date follows ("set for Wednesday, March 5": the weekday names that date)
    rf"(?!,?\s(?:{_MONTH}(?=[\s,])|\d{{1,2}}\s{_MONTH}))"
)
# a weekday phrase set off by commas ("The army, on Tuesday, said"): both commas go with it
_DAY_COMMAS = re.compile(rf",\s{_DAY_MOD}(?:on\s)?{_WEEKDAY}{_DAYPART},(?=\s[a-z])")
_MODIFIER = frozenset(("late", "early", "earlier", "later", "last", "this", "next"))
# a weekday without "on" after one of these is its object ("until Friday", "from Monday") and
# stays: cut, it would leave the preposition without an object ("talks go on until.")
_PREPOSITIONS = frozenset(
    ("about", "after", "as", "before", "between", "by", "from", "for", "of", "past", "since")
    + ("than", "through", "till", "to", "until")
)
_LAST_WORD = re.compile(r"(\S+)$")
_LONE_PART = re.compile(r",\s\S+$")
_WEEKDAYS = re.compile(_WEEKDAY)


def _drop_days(text: str) -> str:
    """``text`` without the weekday phrases of ``_DAY`` that follow a lower-case word or a
    number (not a preposition whose object the weekday is) and those set off by commas; a
    sentence naming two weekdays ("on Monday and Tuesday") keeps them."""
    if len(_WEEKDAYS.findall(text)) > 1:
        return text
    text = _DAY_COMMAS.sub("", text)

    def cut(m: re.Match[str]) -> str:
        before = _LAST_WORD.search(text[: m.start()])
        word = before.group(1) if before else ""
        keep = not word[:1].islower() and not word[:1].isdigit() or word in _MODIFIER
        # the phrase ends a one-word part set off by commas ("The vote, held on Sunday, gave")
        # and stays: cut, the part would be a bare participle ("The vote, held, gave")
        lone = text[m.end() : m.end() + 1] == "," and _LONE_PART.search(text[: m.start()])
        return m.group(0) if keep or lone or word.lower() in _PREPOSITIONS else ""

    return _DAY.sub(cut, text)


_AGE = re.compile(r",\s\d{1,3},(?=\s[a-z])")
_REL_END = re.compile(r",\s(?:who|which)\s[^,;:\"“”()]{2,120}(?P<end>[.!])$")
# the clause holds no "and"/"or", nor does the rest of a list after it ("..., which has
# schools, roads and houses, was hit" stays)
# the past tense of common irregular verbs, which "-ed" does not catch ("Gaddafi, who ..., fled")
_IRREGULAR_PAST = (
    r"became|began|bought|broke|brought|built|came|caught|chose|drew|drove|fell|felt|fled|flew"
    r"|fought|found|gave|got|grew|heard|held|hid|hit|kept|knew|led|left|lost|made|meant|met|paid"
    r"|put|ran|rode|rose|sat|saw|sent|set|shot|shut|sold|sought|spent|spoke|stood|struck|swore"
    r"|taught|thought|threw|took|understood|went|won|wore|wrote"
)
_REL_MID = re.compile(
    r"(?<!\bThose)(?<!\bThese)(?<!\bThey)(?<!\bThat)(?<!\bThis)(?<!\bIt)"
    r",\s(?:who|which)\s(?![^,;:\"“”()]*\b(?:and|or)\b)[^,;:\"“”()]{2,80},\s"
    r"(?=(?:[a-z]+(?:ed|s)|said|told|is|was|were|are|has|have|had|will|would|can|could|may|might|must"
    r"|should|did|does|do|" + _IRREGULAR_PAST + r")\b)(?![^,.;:]*\b(?:and|or)\b[^,.;:]*,)"
)


def shorten(text: str) -> str:
    """``text`` (already :func:`compress`-ed) without weekday phrases, ages in commas and
    non-restrictive relative clauses (see above); ``text`` itself when none is found or fewer
    than six words would be left. The result is a sub-sequence of ``text``'s words, its first
    letter capitalised."""
    out = _LEAD_DAY.sub("", text)
    if out != text:
        out = out[:1].upper() + out[1:]
    out = _drop_days(out)
    out = _AGE.sub("", out)
    out = _REL_MID.sub(" ", out)
    out = _REL_END.sub(lambda m: m.group("end"), out)
    out = _SPACE.sub(" ", out).strip()
    if len(out.split()) < 6:
        return text
    return out
