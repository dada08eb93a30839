"""Datelines: a header line that is just a date (with time, zone, weekday or a label), a dateline
city line ("TOKYO", "WASHINGTON (Reuters) -"), and "Today, February 22" at the start of the body.

Dates are parsed with a small month table (no dateparser: this runs for every article). A date
without a year comes back as a TIMEX3 partial value ``XXXX-MM-DD``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}\)?)?|\d{1,2}\s*[ap]\.?m\.?)"
_LABEL = (
    r"(?:(?:published|updated|posted|last updated|last modified|first published|date|modified)"
    r"(?:\s+on)?\s*:?\s*)"
)
_MDY = rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?"
_MONTH2 = _MONTH.replace("month", "month2")
_DMY = rf"(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH2}(?:,?\s+(?P<year2>\d{{4}}))?"
_ISO = (
    r"(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_EUR = r"(?P<ed>\d{1,2})\.(?P<em>\d{1,2})\.(?P<ey>\d{4})"  # 26.02.2022, day first
_SEP = r"(?:\s*[,|•·/—–-]\s*|\s+at\s+|\s+)"

DATELINE_RE = re.compile(
    rf"^\s*{_LABEL}?(?:{_TIME}{_SEP})?{_WEEKDAY}?(?:{_MDY}|{_DMY}|{_ISO}|{_EUR})"
    rf"(?:{_SEP}{_TIME}(?:\s*(?:[A-Z]{{2,5}}|GMT[+-]?\d*|UTC[+-]?\d*))?)?"
    rf"(?:{_SEP}{_LABEL}.*)?(?:\s*[/|•·]\s*[A-Z][\w.&' ]{{1,30}})?\s*$",
    re.IGNORECASE,
)
TODAY_RE = re.compile(rf"^\s*(?:today|on)\s*,?\s+{_WEEKDAY}?(?:{_MDY}|{_DMY})\b", re.IGNORECASE)
# "TOKYO", "WASHINGTON (Reuters) -", "NEW YORK, Feb 26 (AP) --"
CITY_RE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s*[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)?"
    r"\s*(?:\((?:AP|AFP|Reuters|Kyodo|Jiji|Xinhua|Yonhap|dpa|UPI|CNN|Bloomberg|IANS|PTI|ANI|"
    r"Sputnik|TASS|AAP|EFE|ANSA)\))?\s*(?:[-—–:]+)?\s*$"
)

_AGENCIES = (
    r"AP|AFP|Reuters|Kyodo|Jiji|Xinhua|Yonhap|dpa|UPI|CNN|Bloomberg|IANS|PTI|ANI|Sputnik|TASS|"
    r"AAP|EFE|ANSA"
)
# a dateline opener inside a line: "... almost $10 billion LONDON | Tue Jul 27, 2010 7:37 am EDT
# LONDON (Reuters) - BP ..." or "... cut diplomatic ties with Libya Tripoli, Libya (CNN) -- ...":
# what comes before it on the line is the page's headline, highlights and time stamp
GLUED_DATELINE_RE = re.compile(
    r"(?<=\s)[A-Z][\w.'’-]+(?:,?\s+[A-Z][\w.'’-]+){0,3}\s*"
    rf"\((?:{_AGENCIES})\)\s*[-—–]{{1,2}}(?:\s+|$)(?=[\"“'‘A-Z]|$)"
)


# a blog post's date and byline opening the line of its first paragraph: "January 25, 2011 |
# By Amir Ahmed, CNN Demonstrators clash ...", "... | By Tarek Osman, Special to CNN This ..."
_UPPER = "A-ZÀ-ÖØ-Þ"  # Latin capitals, accented ones included ("Émile", "Özil")
_NAME = rf"[{_UPPER}][\w.'’-]+(?:\s+(?:[{_UPPER}][\w.'’-]+|de|van|von|al|bin))*"
GLUED_BYLINE_RE = re.compile(
    r"^\s*(?:[A-Z][a-z]{2,8}\.? \d{1,2} ?, ?\d{4}|\d{1,2} [A-Z][a-z]{2,8} \d{4})\s*\|\s*"
    rf"By\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*?\s*,\s*(?:Special to\s+)?(?:the\s+)?"
    rf"(?:{_AGENCIES})(?:(?:\s+[A-Z][a-z]+)?\s+Staff)?\s+(?=[\"“'‘{_UPPER}])"
)


def glued_byline(line: str) -> int:
    """Where the text starts on a line opened by a blog post's date and byline ("January 25,
    2011 | By NAME, CNN Demonstrators ..."); 0 when the line has none."""
    m = GLUED_BYLINE_RE.match(line)
    return m.end() if m is not None and line[m.end() :].strip() else 0


def glued_dateline(line: str) -> int:
    """Where the article's text starts on a line that glues a headline (and a time stamp) to a
    dateline opener: the offset after "CITY (Agency) -"; 0 when the line has none."""
    m = GLUED_DATELINE_RE.search(line)
    if m is None or not line[: m.start()].strip():
        return 0
    return m.end()


@dataclass(frozen=True, slots=True)
class Dateline:
    """A date read from a dateline: the full date when the year is known, else a partial one."""

    value: date | None
    partial: str | None


def _build(month: str | None, day: str | None, year: str | None) -> Dateline | None:
    if not month or not day:
        return None
    m = MONTHS.get(
        month.lower().rstrip(".")[:4]
        if month.lower().startswith("sept")
        else month.lower().rstrip(".")[:3]
    )
    d = int(day)
    if m is None or not 1 <= d <= 31:
        return None
    if year is None:
        return Dateline(None, f"XXXX-{m:02d}-{d:02d}")
    try:
        return Dateline(date(int(year), m, d), None)
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> Dateline | None:
    g = m.groupdict()
    if g.get("iy"):
        try:
            return Dateline(date(int(g["iy"]), int(g["im"]), int(g["id"])), None)
        except ValueError:
            return None
    if g.get("ey"):
        try:
            return Dateline(date(int(g["ey"]), int(g["em"]), int(g["ed"])), None)
        except ValueError:
            return None
    if g.get("month"):
        return _build(g["month"], g["day"], g.get("year"))
    return _build(g.get("month2"), g.get("day2"), g.get("year2"))


def parse_dateline(line: str) -> Dateline | None:
    """The date of a line that is nothing but a (labelled, timed) date, else None."""
    if len(line) > 90:
        return None
    m = DATELINE_RE.match(line)
    return _from_match(m) if m else None


def parse_today(line: str) -> Dateline | None:
    """The date of a body line opening with "Today, February 22" or "On February 22, 2022"."""
    m = TODAY_RE.match(line)
    return _from_match(m) if m else None


def is_city_line(line: str) -> bool:
    """A dateline city on its own line ("TOKYO", "WASHINGTON (Reuters) -")."""
    return len(line) <= 40 and bool(CITY_RE.match(line)) and any(c.isalpha() for c in line)
