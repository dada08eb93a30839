"""A regular-expression grammar that finds time expressions in text.

Each rule is a named pattern; :func:`find_candidates` runs every rule over the text and returns the
matches (possibly overlapping) as :class:`Candidate` records with their named groups. Choosing
between overlapping matches and computing values happen in :mod:`newsfuse.analyze.timex`.
Patterns are compiled on each call of :func:`compile_rules` (callers keep the result); nothing is
cached at module level.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

_NUMWORD = (
    rf"(?:(?:{'|'.join(TENS)})(?:[-\s](?:{'|'.join(ONES)}))?|{'|'.join(TEENS)}|{'|'.join(ONES)}"
    r"|a\s+hundred|hundred|a\s+dozen|dozen|a\s+thousand)"
)
NUM = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})?(?:\.\d+)?(?:\s+1/2)?|{_NUMWORD}|an?|a\s+couple\s+of|couple\s+of|a\s+few|few|several"
    r"|some|many|a\s+number\s+of)"
)
UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?"
    r"|centuries|century)"
)
_MONTH_NAMES = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
)
MONTH = rf"(?-i:(?P<mon>{_MONTH_NAMES}|{_MONTH_NAMES.upper()}))"
WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>1[5-9]\d\d|20\d\d)"
POD = r"(?P<pod>morning|afternoon|evening|night|overnight)"
CLOCK = (
    r"(?P<hh>[01]?\d|2[0-3])(?:[:.](?P<mm>[0-5]\d))?\s*(?P<ampm>a\.m\.?|p\.m\.?|am\b|pm\b)"
    r"(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC|JST|CET|BST|KST))?"
    r"|(?P<hh2>[01]?\d|2[0-3]):(?P<mm2>[0-5]\d)(?:\s*(?:hours|hrs|h))?"
    r"(?:\s+(?P<tz2>[ECMP][SD]T|GMT|UTC|JST|CET|BST|KST))?"
    r"|(?P<hh3>[01]\d|2[0-3])(?P<mm3>[0-5]\d)\s+(?P<tz3>GMT|UTC)"
    r"|(?P<noon>noon|midday|midnight)"
    # "at 4 in the morning", "by ten at night": the hour and the part of the day that places it
    r"|(?:(?<=\bat\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\btill\s)|(?<=\baround\s)"
    r"|(?<=\babout\s)|(?<=\bbefore\s)|(?<=\bafter\s)|(?<=\bfrom\s)|(?<=\bsince\s)|(?<=\bto\s))"
    r"(?P<hh4>1[0-2]|[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?:\s+o'clock)?\s+(?:in\s+the\s+(?P<cpod>morning|afternoon|evening)|at\s+(?P<cnight>night))"
    # (not where the part of the day modifies a noun, "rose to 4 in the morning session": the
    # parse decides, analyze.timex._keep)
)
_DIR = (
    r"(?:past|last|next|previous|coming|first|final|latest|following|preceding|initial|remaining)"
)
_MOD = (
    r"(?:about|around|nearly|almost|roughly|approximately|some|more\s+than|less\s+than|fewer\s+than"
    r"|at\s+least|at\s+most|up\s+to|only|just|another|an\s+additional|barely)"
)
DURATION = (
    rf"(?:(?P<dmod>{_MOD})\s+)?(?:(?P<the>the|its|their|those)\s+(?:(?P<dir>{_DIR})\s+)?)?"
    rf"(?P<num>{NUM})\s+(?:(?:more|additional|straight|consecutive|full|trading|business"
    r"|working|calendar)\s+)?"
    rf"(?P<unit>{UNIT})(?P<half>\s+and\s+a\s+half)?"
)
# the adjective form: "a 25-minute call", "the 30-year bond" (the article is not part of it)
DURATION_ADJ = rf"(?:(?P<dmod>{_MOD})\s+)?(?P<num>{NUM})\s*-\s*(?P<unit>{UNIT})(?!-old)"
_RELWORD = (
    r"(?:last|this|next|the\s+current|current|the\s+previous|previous|the\s+following"
    r"|earlier\s+this|later\s+this|late\s+last|early\s+last|early\s+next|late\s+next|early\s+this"
    r"|late\s+this|sometime\s+next|sometime\s+this|sometime\s+last|later\s+next|earlier\s+last"
    r"|the\s+end\s+of\s+(?:the|this|last|next)|the\s+beginning\s+of\s+(?:this|last|next)"
    r"|the\s+middle\s+of\s+(?:this|last|next)|the\s+same|that)"
)

RULES: tuple[tuple[str, str], ...] = (
    ("iso", r"(?P<year>\d{4})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?:T(?P<hh>\d\d):(?P<mm>\d\d))?"),
    ("slash", r"(?P<month>[0-3]?\d)/(?P<day>[0-3]?\d)/(?P<year>\d{4}|\d\d)"),
    ("mdy", rf"(?:{WD},?\s+)?(?:the\s+)?{MONTH}\s+{DAY},?\s+{YEAR}"),
    ("dmy", rf"(?:{WD},?\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}"),
    (
        "md",
        rf"(?:(?P<mrel>last|next)\s+)?(?:{WD},?\s+)?{MONTH}\s+{DAY}(?![\d:,]\s*\d)",
    ),
    (  # the second day of "April 24 and 25", "May 3 to 5": that month's day
        "md_second",
        rf"{MONTH}\s+[0-3]?\d(?:st|nd|rd|th)?\s+(?:and|or|to|through)\s+(?P<core>(?P<day>[0-3]?\d))"
        r"(?:st|nd|rd|th)?(?![\d:,]\s*\d|\s*(?:%|percent|p\.m|a\.m))",
    ),
    ("dm", rf"(?:{WD},?\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH}"),
    (
        "my",
        rf"(?:(?P<emod>early|late|mid-?|the\s+(?:beginning|end|middle|start)\s+of)\s*)?"
        rf"{MONTH},?\s+(?:of\s+)?{YEAR}",
    ),
    (
        "month",
        rf"(?:(?P<rel>last|this|next|early|late|mid-?|the\s+(?:beginning|end|middle|start)\s+of)"
        rf"\s*)?{MONTH}(?:\s+(?:of\s+)?(?P<yrel>last|this|next)\s+year)?",
    ),
    (
        "year",
        rf"(?:(?P<pre>fiscal|calendar|the\s+year|early|late|mid-?|the\s+end\s+of|the\s+beginning\s+of"
        rf"|the\s+middle\s+of|the\s+first\s+half\s+of|the\s+second\s+half\s+of)[\s-]*"
        rf"(?:year\s+)?)?{YEAR}(?!s)",
    ),
    (
        "decade",
        r"(?:the\s+)?(?:(?:early|mid|late)[-\s]?)?(?:(?P<cent>1[5-9]|20)(?P<dec>\d)0|'(?P<dec2>\d)0)'?s",
    ),
    (  # "the 70s", "the 70s and 80s": a decade without its century after "the" or another decade
        "decade_short",
        # the second of a pair only after a decade itself ("the 70s and 80s", "the 1970s and
        # 80s"), not after an age ("women in their 40s and 50s")
        r"(?:(?<=\bthe\s)|(?<=\bthe\s[1-9]0s\sand\s)|(?<=\bthe\s[1-9]0s\sor\s)"
        r"|(?<=\bthe\s[1-9]0s\sto\s)|(?<=\d{3}0s\sand\s)|(?<=\d{3}0s\sor\s)|(?<=\d{3}0s\sto\s))"
        r"(?P<dec2>[1-9])0s",
    ),
    (  # "since '82", "in '99": a year without its century after a preposition
        "short_year",
        r"(?:since|in|of|from|until|by|before|after)\s+(?P<core>'(?P<yy>\d\d))(?!\s*-)",
    ),
    (
        "decade_word",
        r"the\s+(?:(?:early|mid|late)[-\s]?)?(?:nineteen[-\s])?(?P<decw>twenties|thirties|forties"
        r"|fifties|sixties|seventies|eighties|nineties)",
    ),
    ("century", r"(?:the\s+)?(?P<ord>\d{1,2})(?:st|nd|rd|th)[-\s]century"),
    (
        "spelled_year",
        rf"(?:{MONTH}\s+)?nineteen\s+(?P<tens>{'|'.join(TENS)})(?:[-\s](?P<ones>{'|'.join(ONES)}))?"
        # "the year two thousand (and one)": only after "the year", as "two thousand" is a count
        rf"|the\s+year\s+two\s+thousand(?:\s+and\s+(?P<k_ones>{'|'.join(ONES)}))?"
        # not the start of a longer number ("two thousand twenty", "two thousand and ten", "two
        # thousand and five hundred"), which this rule would read as another year
        rf"(?![-\s]+(?:and\b|hundred|thousand|{'|'.join((*TENS, *TEENS, *ONES))})\b)",
    ),
    (
        "relday",
        r"(?:(?P<dmod>early|late|mid-?|later)\s*)?"
        r"(?P<rel>yesterday|today|tomorrow|tonight|the\s+day\s+before\s+yesterday"
        r"|the\s+day\s+after\s+tomorrow)(?:\s+(?P<pod>morning|afternoon|evening|night))?",
    ),
    (
        "relpod",
        r"(?:(?:early|late|later|earlier)\s+)?(?P<rel>this|last|yesterday|tomorrow)\s+"
        r"(?P<pod>morning|afternoon|evening|night)",
    ),
    ("inpod", r"(?<=\bin\s)the\s+(?P<pod>morning|afternoon|evening)"),
    (  # "by mid-afternoon", "at mid-afternoon yesterday": a part of the day last named
        "midpod",
        r"(?:by|at|in|until|till|before|after|around|from|since|about)\s+(?P<core>(?:mid|early|late)"
        r"[-\s]?(?P<pod>morning|afternoon|evening)(?:\s+(?P<rel>yesterday|today|tomorrow))?)",
    ),
    (
        "weekday",
        rf"(?:(?P<rel>last|this|next|early|late|coming|past|the\s+previous|the\s+following)\s+)?"
        rf"{WD}(?!s)"
        rf"(?:\s+{POD})?(?:,?\s+{MONTH}\.?\s+{DAY}(?:,?\s+{YEAR})?)?",
    ),
    (  # "the day before last Tuesday", "the day after March 3": that day, one day off
        "day_around",
        rf"the\s+day\s+(?P<dir>before|after)\s+(?:(?P<rel>last|next|this|coming|past)\s+)?"
        rf"(?:{WD}(?!s)|{MONTH}\s+{DAY}(?![\d:,]\s*\d))",
    ),
    ("week_from", rf"(?P<n>a|one|two|three)\s+weeks?\s+from\s+{WD}"),
    ("week_of", rf"the\s+week\s+of\s+{MONTH}\.?\s+{DAY}(?:,?\s+{YEAR})?"),
    (
        "unitrel",
        rf"(?P<rel>{_RELWORD})\s+(?:fiscal\s+)?(?P<unit>week|weekend|month|year|quarter|decade|century|summer"
        r"|winter|spring|fall|autumn)",
    ),
    ("ago", rf"{DURATION}\s+(?P<ago>ago|earlier|later|from\s+now|hence)"),
    (
        "anaphoric",
        r"(?P<what>(?:the\s+)?(?:comparable\s+|corresponding\s+)?(?:year-(?:earlier|ago)|year\s+ago)"
        r"(?:\s+(?:third|fourth|first|second))?(?:\s+(?:quarter|period))?"
        r"|the\s+(?:latest\s+|same\s+|most\s+recent\s+)?(?:quarter|period)|that\s+quarter"
        r"|(?:over\s+)?the\s+weekend)",
    ),
    (  # "the same month a year ago", "the corresponding period last year"
        "same_period",
        r"the\s+(?:same|corresponding|comparable)\s+(?P<unit>month|quarter|period|week|day)\s+"
        r"(?:of\s+)?(?:a\s+year\s+(?:ago|earlier|before|prior)|(?:the\s+)?(?:last|previous|prior)"
        r"\s+year)",
    ),
    ("duration", DURATION),
    ("duration_adj", DURATION_ADJ),
    (
        "anaday",
        r"(?P<rel>that|the\s+same|the\s+next|the\s+following|the\s+previous|the\s+preceding)"
        r"\s+(?P<unit>day|morning|afternoon|evening|night)",
    ),
    # "the first quarter" is a quarter of the year (the "quarter" rule), not three months
    ("the_unit", rf"(?P<the>the)\s+(?P<dir>{_DIR})\s+(?P<unit>{UNIT})(?<!first\squarter)"),
    (
        "the_year",  # "for the year", "sales for the full year", "in the fiscal year ended March 31"
        r"(?:for|in|during|of|throughout|over)\s+(?P<core>the\s+(?:(?:full|fiscal|financial"
        r"|entire|whole)\s+)?year)(?P<ended>\s+(?:ended|ending|that\s+ended|which\s+ended))?"
        r"(?![-\w]|\s+(?:ago|earlier|before|after|later|two|\d))",
    ),
    (
        "the_day",  # the trading day a market report is about: "ended the day up 2%"
        r"(?:(?:end|ended|ending|ends|finish|finished|finishing|finishes|close|closed|closing"
        r"|closes|start|started|starting|starts|for)\s+|(?:start|end|close|beginning|rest"
        r"|remainder)\s+of\s+)(?P<core>the\s+day)"
        r"(?!\s+(?:before|after|of|when|that|which|on|in)\b|\s+(?-i:[A-Z]))",
    ),
    (  # "the second day of the offensive", "a third straight week", "fourth week in a row";
        # not a set ("every second day") nor a part of a named month or year ("the second week
        # of March", "the third week of 2009")
        "nth_unit",
        r"(?<!\bevery\s)(?<!\beach\s)"
        r"(?:(?:the|a|its|their)\s+)?(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth|ninth"
        r"|tenth|2nd|3rd|4th|5th|6th|7th|8th|9th|10th)\s+(?:(?:straight|consecutive|successive)\s+)?"
        r"(?P<unit>day|week)(?![-\w])"
        rf"(?!\s+of\s+(?:(?-i:{_MONTH_NAMES})(?!\w)|\d{{4}}\b|(?:the|this|that|last|next)\s+"
        r"(?:month|year)\b))",
    ),
    (
        "quarter",
        rf"(?:{YEAR}\s+|(?P<qrel>the|this|last|next|its|that|the\s+latest|the\s+current"
        r"|this\s+year's|last\s+year's|next\s+year's|the\s+year's)\s+)?(?:(?:fiscal|calendar)[-\s]+)?"
        rf"(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)[-\s](?:fiscal[-\s])?quarter"
        r"(?:\s+of\s+(?:fiscal\s+)?(?P<qyear>1[5-9]\d\d|20\d\d)"
        r"|\s+of\s+(?P<qyrel>last|this|next|the\s+previous|the\s+following)\s+year)?",
    ),
    (
        "half",
        r"(?:the\s+)?(?P<h>first|second|last|latter)\s+half(?:\s+of\s+(?:the\s+year|(?:fiscal\s+)?"
        r"(?P<hyear>1[5-9]\d\d|20\d\d)))",
    ),
    (
        "season",
        r"(?:(?P<rel>this|last|next|early|late|the)\s+)?(?P<season>summer|winter|spring|fall|autumn)"
        r"(?:\s+(?:of\s+)?(?P<syear>1[5-9]\d\d|20\d\d))?",
    ),
    (
        "ref",
        r"(?P<ref>now|currently|presently|nowadays|at\s+present|these\s+days|at\s+the\s+moment"
        r"|recently|lately|the\s+past|the\s+future|the\s+near\s+future"
        r"|as\s+soon\s+as\s+possible|(?:the\s+)?coming\s+(?:days|weeks|months|years|quarters)"
        r"|the\s+(?:days|weeks|months|years)\s+ahead|the\s+(?:near|short|long)(?:er)?\s+term"
        r")",
    ),
    (
        "set",
        rf"(?P<q>each|every|per|once\s+a|twice\s+a|(?:\w+\s+)?times\s+a)\s+(?:(?P<n>other)\s+)?"
        rf"(?:(?P<unit>day|week|month|year|quarter|hour|minute|morning|night|evening)|{WD}"
        r"|(?P<smon>January|February|March|April|May|June|July|August|September|October|November"
        r"|December)|(?P<sseason>spring|summer|fall|autumn|winter))",
    ),
    ("set_adv", r"(?P<adv>daily|weekly|monthly|annually|yearly|hourly|nightly)"),
    (
        "holiday",
        r"(?:(?P<rel>last|this|next)\s+)?(?P<name>Christmas\s+(?:Day|Eve)|Christmas|New\s+Year's\s+"
        r"(?:Day|Eve)|Independence\s+Day|Fourth\s+of\s+July|Halloween|Valentine's\s+Day"
        r"|Veterans\s+Day|Thanksgiving(?:\s+Day)?|Memorial\s+Day|Labor\s+Day|Election\s+Day"
        r"|Easter(?:\s+Sunday)?|Good\s+Friday)(?:\s+(?P<hyear>1[5-9]\d\d|20\d\d))?"
        r"(?P<hweek>\s+week(?!s|end))?",
    ),
    (
        "bare_plural",
        r"(?:for|in|within|over|after|lasted|lasting|took|takes|take)\s+(?:(?:just|only|mere)\s+)?"
        r"(?P<core>(?P<unit>minutes|hours|days|weeks|months|years|decades|centuries))"
        r"(?!\s+(?:of|ago|old|later|earlier))",
    ),
    ("recent", rf"recent\s+(?P<unit>{UNIT})"),
    (  # "over the years", "in the years that followed" (not "the days before the shooting")
        "the_plural",
        r"(?:over|in|through|during|throughout)\s+(?P<core>the\s+(?P<unit>years|months|weeks"
        r"|decades))(?!\s+(?:before|after|ahead|of|since|to|leading|prior|preceding|following)\b)",
    ),
    (
        "long_adj",  # "a decades-long dispute", "a day-long meeting", "the worst single-day fall"
        r"(?:(?P<plural>(?:day|week|month|year|decade|hour)s)|(?P<unit>day|week|month|year|decade|hour))"
        r"-long|single-(?P<unit2>day|week|month|year)",
    ),
    (
        "current_adj",  # "the current weakness": now; "the then current price": back then
        r"(?P<then>then[-\s])?current(?=\s+[a-z])(?!\s+(?:accounts?|assets|liabilities|affairs)\b)",
    ),
    ("clock", CLOCK),
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One rule match: character offsets into the text, the rule name and its named groups."""

    start: int
    end: int
    rule: str
    groups: dict[str, str | None]

    @property
    def priority(self) -> int:
        """Rule order (lower wins between equally long matches)."""
        return RULE_ORDER[self.rule]


RULE_ORDER = MappingProxyType({name: i for i, (name, _) in enumerate(RULES)})


def compile_rules() -> list[tuple[str, re.Pattern[str]]]:
    """Compile every rule, bounded by non-word characters, case-insensitive."""
    return [
        (name, re.compile(rf"(?<![\w':/$])(?:{pattern})(?![\w]|:\d)", re.IGNORECASE))
        for name, pattern in RULES
    ]


_SEASONS = ("summer", "winter", "spring", "fall", "autumn")
_PODS = ("morning", "afternoon", "evening", "night")
#: For some rules, literals of which every match contains at least one (in lower case): when the
#: text holds none of them, the rule cannot match and is not run (each rule is a full scan of the
#: text; most texts hold no quarter, holiday, decade, clock time, ...). Rules left out always run.
GATES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "iso": ("-",),
        "slash": ("/",),
        "decade": ("0s", "0's"),
        "decade_short": ("0s",),
        "short_year": ("'",),
        "decade_word": ("ties",),
        "century": ("century",),
        "spelled_year": ("nineteen", "thousand"),
        "relday": ("yesterday", "today", "tomorrow", "tonight"),
        "relpod": _PODS,
        "inpod": ("morning", "afternoon", "evening"),
        "midpod": ("morning", "afternoon", "evening"),
        "weekday": WEEKDAYS,
        "day_around": ("the day before", "the day after"),
        "week_from": ("from",),
        "week_of": ("week of",),
        "anaphoric": ("ago", "earlier", "quarter", "period", "weekend"),
        "anaday": ("day", *_PODS),
        "the_day": ("the day",),
        "same_period": ("year",),
        "the_year": ("year",),
        "quarter": ("quarter",),
        "half": ("half",),
        "season": _SEASONS,
        "set_adv": ("daily", "weekly", "monthly", "annually", "yearly", "hourly", "nightly"),
        "holiday": (
            "christmas",
            "year's",
            "independence",
            "july",
            "halloween",
            "valentine",
            "veterans",
            "thanksgiving",
            "memorial",
            "labor",
            "election",
            "easter",
            "friday",
        ),
        "bare_plural": (
            "minutes",
            "hours",
            "days",
            "weeks",
            "months",
            "years",
            "decades",
            "centuries",
        ),
        "recent": ("recent",),
        "the_plural": ("years", "months", "weeks", "decades"),
        "long_adj": ("-long", "single-"),
        "current_adj": ("current",),
        "clock": (
            "a.m",
            "p.m",
            "am",
            "pm",
            ":",
            "noon",
            "midday",
            "midnight",
            "gmt",
            "utc",
            " in the morning",
            " in the afternoon",
            " in the evening",
            " at night",
        ),
    }
)


def find_candidates(text: str, rules: list[tuple[str, re.Pattern[str]]]) -> list[Candidate]:
    """All matches of all rules over ``text`` (overlaps included), sorted by start.

    A rule may match context it does not keep: its ``core`` group, when present, is the span.
    Each line is searched apart, so no match crosses a line break.
    A rule with :data:`GATES` literals runs only on the lines that hold one of them (a match
    lies within its line and contains one).
    """
    found = []
    # no expression crosses a line break (a headline's weekday is not the dateline's date)
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    lows = [text[pos:endpos].lower() for pos, endpos in lines]
    for name, pattern in rules:
        gate = GATES.get(name)
        for (pos, endpos), low in zip(lines, lows, strict=True):
            if gate is not None and not any(g in low for g in gate):
                continue
            for m in pattern.finditer(text, pos, endpos):
                groups = m.groupdict()
                start, end = m.span("core") if groups.get("core") else m.span()
                if end > start:
                    found.append(Candidate(start, end, name, groups))
    found.sort(key=lambda c: (c.start, -(c.end - c.start), c.priority))
    return found


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the longest non-overlapping matches (earlier rule wins a tie), sorted by start."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), c.priority, c.start)):
        if any(cand.start < e and s < cand.end for s, e in taken):
            continue
        chosen.append(cand)
        taken.append((cand.start, cand.end))
    chosen.sort(key=lambda c: c.start)
    return chosen


def word_number(text: str) -> float | None:
    """The value of a written number ("25", "twenty-five", "a", "2 1/2"); None if vague."""
    t = re.sub(r"\s+", " ", text.lower().strip())
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    if re.fullmatch(r"\d+ 1/2", t):
        return float(t.split()[0]) + 0.5
    fixed = {
        "a": 1,
        "an": 1,
        "a couple of": 2,
        "couple of": 2,
        "a hundred": 100,
        "hundred": 100,
        "a dozen": 12,
        "dozen": 12,
        "a thousand": 1000,
    }
    if t in fixed:
        return float(fixed[t])
    total = 0
    for part in re.split(r"[-\s]", t):
        if part in ONES:
            total += ONES.index(part) + 1
        elif part in TEENS:
            total += TEENS.index(part) + 10
        elif part in TENS:
            total += (TENS.index(part) + 2) * 10
        else:
            return None
    return float(total)


def month_number(name: str) -> int:
    """1..12 for "Feb.", "February", "SEPT"."""
    key = name.lower().rstrip(".")[:3]
    return [m[:3] for m in MONTHS].index(key) + 1
