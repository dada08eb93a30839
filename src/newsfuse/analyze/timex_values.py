"""TIMEX3 types and values for grammar matches (:mod:`newsfuse.analyze.timex_grammar`).

:func:`evaluate` turns one :class:`Candidate` into ``(type, value, relative)`` given the reference
date, the tense of the governing verb and the context of earlier expressions in the document, or
returns None when the match is not a time expression after all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

from newsfuse.analyze.timex_grammar import (
    ONES,
    RULE_ORDER,
    WEEKDAYS,
    Candidate,
    month_number,
    word_number,
)
from newsfuse.analyze.timex_resolve import (
    FUTURE,
    PAST,
    add_months,
    holiday,
    iso_week,
    last_weekday,
    next_weekday,
    quarter_of,
    resolve_holiday,
    resolve_holiday_week,
    resolve_month,
    resolve_month_day,
    resolve_quarter,
    resolve_season,
    resolve_weekday,
    shift_date,
)

POD_CODES = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "overnight": "NI",
    "tonight": "NI",
}
UNIT_CODES = {
    "second": "S",
    "minute": "M",
    "hour": "H",
    "day": "D",
    "week": "W",
    "fortnight": "W",
    "month": "M",
    "quarter": "Q",
    "year": "Y",
    "decade": "DE",
    "century": "CE",
    "centurie": "CE",
}
UTC_ZONES = frozenset({"UTC", "GMT"})
SEASONS = {"summer": "SU", "winter": "WI", "spring": "SP", "fall": "FA", "autumn": "FA"}
REFS = {
    "now": "PRESENT_REF",
    "currently": "PRESENT_REF",
    "presently": "PRESENT_REF",
    "nowadays": "PRESENT_REF",
    "at present": "PRESENT_REF",
    "these days": "PRESENT_REF",
    "at the moment": "PRESENT_REF",
    "the future": "FUTURE_REF",
    "soon": "FUTURE_REF",
    "shortly": "FUTURE_REF",
    "as soon as possible": "FUTURE_REF",
    "the near future": "FUTURE_REF",
    "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF",
    "the long term": "FUTURE_REF",
    "the longer term": "FUTURE_REF",
    "the shorter term": "FUTURE_REF",
}
DECADE_WORDS = (
    "twenties",
    "thirties",
    "forties",
    "fifties",
    "sixties",
    "seventies",
    "eighties",
    "nineties",
)
# words before a lone month name that make it a month rather than a name or verb ("May", "March")
MONTH_CUES = frozenset(
    {
        "in",
        "since",
        "until",
        "till",
        "by",
        "of",
        "through",
        "during",
        "from",
        "to",
        "before",
        "after",
        "early",
        "late",
        "mid",
        "last",
        "this",
        "next",
        "that",
        "between",
        "and",
        "or",
        "each",
        "every",
        "for",
        "around",
    }
)
# what stands before "a year" when it is a rate: a number, an amount, "percent"
RATE_BEFORE = re.compile(
    r"(?:\d|\b(?:million|billion|thousand|hundred|percent|cents?|dollars|pounds|euros|yen|times|"
    r"twice|once)\b)\W*(?:\w+\s+)?$",
    re.IGNORECASE,
)
# a modal or a subject pronoun before "one day" makes it "some day" ("we will one day ...")
SOMEDAY_BEFORE = frozenset(
    {
        "will",
        "would",
        "could",
        "may",
        "might",
        "can",
        "should",
        "must",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "it",
    }
)
VAGUE_PAST = frozenset({"past", "last", "previous", "preceding"})
SEASON_CUES = frozenset(
    {
        "in",
        "since",
        "until",
        "by",
        "during",
        "through",
        "this",
        "last",
        "next",
        "early",
        "late",
        "the",
        "over",
    }
)


@dataclass(frozen=True, slots=True)
class Context:
    """What the value of one match may depend on besides its own words."""

    ref: date | None
    tense: str
    text: str  # the whole document text
    day: date | None = None  # the last day-level date earlier in the same sentence
    anchor: str | None = None  # the value of the last DATE expression earlier in the document
    quarter: str | None = None  # the last quarter (``1989-Q3``) named earlier in the document
    last_day: date | None = None  # the last day-level date named earlier in the document


Result = tuple[str, str | None, bool]


def _unit(word: str) -> str:
    w = word.lower()
    if w == "centuries":
        return "century"
    return w[:-1] if w.endswith("s") else w


def _word_before(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z]+)\W*$", text[max(0, start - 30) : start])
    return m.group(1).lower() if m else ""


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def duration_value(num: str | None, unit: str, half: bool = False) -> str:
    """``P2Y``, ``PT25M``, ``PXW`` for a number word and a unit word."""
    u = _unit(unit)
    n = word_number(num) if num else 1.0
    # TimeBank writes quarters as months and decades/centuries as years ("two decades" = P20Y)
    scale = {
        "fortnight": ("week", 2),
        "quarter": ("month", 3),
        "decade": ("year", 10),
        "century": ("year", 100),
    }
    if u in scale:
        u, factor = scale[u]
        n = n * factor if n is not None else None
    code = UNIT_CODES[u]
    if n is not None and half:
        n += 0.5
    t = "T" if u in {"second", "minute", "hour"} else ""
    if n is None:
        return f"P{t}X{code}"
    if n != int(n):
        smaller = {
            "Y": (12, "M", ""),
            "D": (24, "H", "T"),
            "H": (60, "M", ""),
            "M": (30 if t == "" else 60, "D" if t == "" else "S", ""),
        }
        if code in smaller and n * 2 == int(n * 2):
            factor, sub, sub_t = smaller[code]
            whole = f"{int(n)}{code}" if int(n) else ""
            if sub_t and not t:
                return f"P{whole}T{factor // 2}{sub}"
            return f"P{t}{whole}{factor // 2}{sub}"
        return f"P{t}{n:g}{code}"
    return f"P{t}{int(n)}{code}"


def format_day(d: date) -> str:
    return d.isoformat()


def shift_value(value: str, amount: int, unit: str) -> str | None:
    """Move a TIMEX3 date value by ``amount`` units, keeping its granularity."""
    u = _unit(unit)
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return format_day(_shift_day(d, amount, u))
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        months = {"year": 12 * amount, "month": amount, "quarter": 3 * amount}.get(u)
        if months is None:
            return None
        y, mo = add_months(int(m[1]), int(m[2]), months)
        return f"{y:04d}-{mo:02d}"
    if m := re.fullmatch(r"(\d{4})-Q(\d)", value):
        quarters = {"year": 4 * amount, "quarter": amount}.get(u)
        if quarters is None:
            return None
        idx = int(m[1]) * 4 + int(m[2]) - 1 + quarters
        return f"{idx // 4:04d}-Q{idx % 4 + 1}"
    if m := re.fullmatch(r"(\d{4})", value):
        return f"{int(m[1]) + amount:04d}" if u == "year" else None
    return None


def _shift_day(d: date, amount: int, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=amount)
    if unit in {"week", "fortnight"}:
        return d + timedelta(days=7 * amount * (2 if unit == "fortnight" else 1))
    if unit == "month":
        return shift_date(d, months=amount)
    if unit == "quarter":
        return shift_date(d, months=3 * amount)
    if unit == "decade":
        return shift_date(d, years=10 * amount)
    if unit == "century":
        return shift_date(d, years=100 * amount)
    return shift_date(d, years=amount)


def _at_granularity(d: date, unit: str) -> str:
    """The value of date ``d`` at the granularity a unit implies ("five months ago" -> month)."""
    if unit in {"day", "hour", "minute", "second"}:
        return format_day(d)
    if unit in {"week", "fortnight"}:
        return iso_week(d)
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "quarter":
        return f"{d.year:04d}-Q{quarter_of(d)}"
    if unit == "decade":
        return f"{d.year // 10:03d}"
    if unit == "century":
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


def _with_pod(day: date, pod: str | None) -> Result:
    if pod:
        return "TIME", f"{format_day(day)}T{POD_CODES[pod.lower()]}", True
    return "DATE", format_day(day), True


def _md(g: dict[str, str | None], ctx: Context) -> Result | None:
    month = month_number(g["mon"] or "")
    day = int(g["day"] or 0)
    if not 1 <= day <= 31:
        return None
    if g.get("year"):
        d = _safe_date(int(g["year"] or 0), month, day)
        return ("DATE", format_day(d), False) if d else None
    if ctx.ref is None:
        return "DATE", None, True
    if g.get("wd"):  # "Monday, Feb. 28": the year in which that day is a Monday, nearest to ref
        wd = WEEKDAYS.index((g["wd"] or "").lower())
        options = [
            d
            for y in (ctx.ref.year - 1, ctx.ref.year, ctx.ref.year + 1)
            if (d := _safe_date(y, month, day)) and d.weekday() == wd
        ]
        if options:
            ref = ctx.ref
            best = min(options, key=lambda d: abs((d - ref).days))
            return "DATE", format_day(best), True
    mrel = (g.get("mrel") or "").lower()  # "last Oct. 23": the latest before ref
    tense = PAST if mrel == "last" else FUTURE if mrel == "next" else ctx.tense
    if mrel in {"last", "next"}:
        # the latest such day strictly before ref / the first strictly after: "last June 3" said
        # on June 3 is a year back, "last Feb. 29" the leap day before (up to eight years away)
        step = -1 if mrel == "last" else 1
        days = (_safe_date(ctx.ref.year + step * k, month, day) for k in range(9))
        d = next((x for x in days if x is not None and (x - ctx.ref).days * step > 0), None)
    else:
        d = resolve_month_day(month, day, ctx.ref, tense)
    return ("DATE", format_day(d), True) if d else None


def _md_second(c: Candidate, ctx: Context) -> Result | None:
    """ "April 24 and 25": the second day, in the month and year of the first."""
    first = ctx.day
    day = int(c.groups["day"] or 0)
    if first is None or first.month != month_number(c.groups["mon"] or ""):
        return None
    d = _safe_date(first.year, first.month, day)
    return ("DATE", format_day(d), True) if d and d.day > first.day else None


_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "your"})
# a lower-case word after the month that is not a function word ("the March of Dimes", "the
# May was ..." are names, not months before a noun)
_LOWER_WORD = re.compile(
    r"[ \t]+(?!(?:of|on|in|at|to|for|from|with|by|and|or|but|is|was|are|were|will|would|has"
    r"|had|have|can|could|may|might|must|shall|should)\b)[a-z]{3,}"
)


_NAME_BEFORE = re.compile(
    r"\b(?P<first>[A-Z][a-z]+|Mrs?\.|Ms\.|Dr\.)\s+(?P<name>May|March)\b(?![\s,]*\d)"
)


@lru_cache(maxsize=4)
def _surnames(text: str) -> frozenset[str]:
    """The names of :data:`_NAME_BEFORE` the text gives a person, read once per text (a long
    text's many "the May ..." candidates each ask; reading the text for each was quadratic)."""
    return frozenset(
        m.group("name")
        for m in _NAME_BEFORE.finditer(text)
        if m.group("first").lower() not in MONTH_CUES | _DETERMINERS
        and m.group("first").lower() not in WEEKDAYS
    )


def _a_surname(name: str, text: str) -> bool:
    """ "May" or "March" after a first name or a title somewhere in the text ("Theresa May",
    "Mrs. May"): the story names a person so, and "the May government" is hers, not a month's."""
    return name in _surnames(text)


def _month(c: Candidate, ctx: Context) -> Result | None:
    g = c.groups
    month = month_number(g["mon"] or "")
    rel = (g.get("rel") or "").lower()
    name = (g["mon"] or "").rstrip(".")
    if not rel and not g.get("yrel"):
        before = _word_before(ctx.text, c.start)
        # "the March summit", "their May meeting": a determiner, then a noun it modifies
        modifier = (
            before in _DETERMINERS
            and bool(_LOWER_WORD.match(ctx.text, c.end))
            and not _a_surname(name, ctx.text)
        )
        if name in {"May", "March"} and before not in MONTH_CUES and not modifier:
            return None
        if len(name) <= 3 and before not in MONTH_CUES and not modifier:
            return None
    if ctx.ref is None:
        return "DATE", None, True
    ref = ctx.ref
    yrel = (g.get("yrel") or "").lower()
    if yrel:
        year = ref.year + {"last": -1, "this": 0, "next": 1}[yrel]
    elif rel == "last":
        year = ref.year - 1 if month >= ref.month - 1 else ref.year
    elif rel == "next":
        year = ref.year + 1 if month <= ref.month else ref.year
    elif rel == "this":
        year = ref.year
    else:
        year, _ = resolve_month(month, ref, ctx.tense)
    return "DATE", f"{year:04d}-{month:02d}", True


def _weekday(g: dict[str, str | None], ctx: Context) -> Result | None:
    if g.get("mon"):
        res = _md(g, ctx)
        if res is None:
            return None
        if g.get("pod") and res[1]:
            return "TIME", f"{res[1]}T{POD_CODES[(g['pod'] or '').lower()]}", res[2]
        return res
    if ctx.ref is None:
        return ("TIME" if g.get("pod") else "DATE"), None, True
    wd = WEEKDAYS.index((g["wd"] or "").lower())
    rel = " ".join((g.get("rel") or "").lower().split())
    if rel in {"the previous", "the following"}:  # counted from the day last named
        base = ctx.last_day or ctx.ref
        day = last_weekday(wd, base) if rel == "the previous" else next_weekday(wd, base)
    elif rel in {"last", "past"}:
        day = last_weekday(wd, ctx.ref)
    elif rel == "next":
        day = next_weekday(wd, ctx.ref)
    elif rel in {"coming", "this"}:
        day = resolve_weekday(wd, ctx.ref, PAST if ctx.tense == PAST else FUTURE)
    else:
        day = resolve_weekday(wd, ctx.ref, ctx.tense)
    return _with_pod(day, g.get("pod"))


_DAY_ONLY = re.compile(r"\d{4}-\d\d-\d\d")


def _day_around(g: dict[str, str | None], ctx: Context) -> Result | None:
    """ "the day before last Tuesday": the day the weekday or month-day names, one day off."""
    res = _weekday(g, ctx)
    if res is None or res[1] is None or not _DAY_ONLY.fullmatch(res[1]):
        return res
    step = -1 if (g.get("dir") or "").lower() == "before" else 1
    return "DATE", format_day(date.fromisoformat(res[1]) + timedelta(days=step)), res[2]


def _relday(g: dict[str, str | None], ctx: Context) -> Result:
    rel = re.sub(r"\s+", " ", (g["rel"] or "").lower())
    pod = (g.get("pod") or "").lower() or None
    if rel == "tonight":
        pod = "tonight"
    if ctx.ref is None:
        return ("TIME" if pod else "DATE"), None, True
    offset = {
        "yesterday": -1,
        "today": 0,
        "tomorrow": 1,
        "tonight": 0,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }[rel]
    return _with_pod(ctx.ref + timedelta(days=offset), pod)


def _relpod(g: dict[str, str | None], ctx: Context) -> Result:
    if ctx.ref is None:
        return "TIME", None, True
    rel = (g["rel"] or "").lower()
    offset = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
    return _with_pod(ctx.ref + timedelta(days=offset), g["pod"])


def _unitrel(g: dict[str, str | None], ctx: Context) -> Result | None:
    rel = re.sub(r"\s+", " ", (g["rel"] or "").lower())
    unit = (g["unit"] or "").lower()
    if rel in {"the same", "that"}:
        if ctx.anchor and unit == "year" and re.match(r"\d{4}", ctx.anchor):
            return "DATE", ctx.anchor[:4], True
        return None
    if ctx.ref is None:
        return "DATE", None, True
    words = rel.split()
    if "last" in words or "previous" in words:
        off = -1
    elif "next" in words or "following" in words:
        off = 1
    else:
        off = 0
    ref = ctx.ref
    if rel in {"the following", "the previous"} and ctx.last_day:  # counted from the story's day
        ref = ctx.last_day
    if unit in SEASONS:
        code = SEASONS[unit]
        year = resolve_season(code, ref, ctx.tense) if off == 0 else ref.year + off
        return "DATE", f"{year:04d}-{code}", True
    if unit == "week":
        return "DATE", iso_week(ref + timedelta(days=7 * off)), True
    if unit == "weekend":
        return "DATE", iso_week(ref + timedelta(days=7 * off)) + "-WE", True
    if unit == "month":
        y, m = add_months(ref.year, ref.month, off)
        return "DATE", f"{y:04d}-{m:02d}", True
    if unit == "quarter":
        idx = ref.year * 4 + quarter_of(ref) - 1 + off
        return "DATE", f"{idx // 4:04d}-Q{idx % 4 + 1}", True
    if unit == "decade":
        return "DATE", f"{ref.year // 10 + off:03d}", True
    if unit == "century":
        return "DATE", f"{ref.year // 100 + off:02d}", True
    return "DATE", f"{ref.year + off:04d}", True


def _ago(g: dict[str, str | None], ctx: Context) -> Result | None:
    unit = _unit(g["unit"] or "")
    word = (g["ago"] or "").lower()
    backwards = word in {"ago", "earlier", "before"}
    n = word_number(g["num"] or "")
    if g.get("the"):
        return None
    if word in {"earlier", "later"} and unit != "year":  # "three days later": a length of time
        return "DURATION", duration_value(g["num"], unit, bool(g.get("half"))), False
    if n is None:
        return "DATE", "PAST_REF" if backwards else "FUTURE_REF", True
    amount = -int(n) if backwards else int(n)
    if n != int(n) and unit == "year" and ctx.ref is not None:  # "3.5 years ago"
        months = -round(n * 12) if backwards else round(n * 12)
        return "DATE", _at_granularity(_shift_day(ctx.ref, months, "month"), unit), True
    if unit == "year" and ctx.quarter and word in {"ago", "earlier"}:
        return "DATE", shift_value(ctx.quarter, amount, unit), True
    if word in {"earlier", "later", "before", "after"} and ctx.anchor:
        value = shift_value(ctx.anchor, amount, unit)
        if value:
            return "DATE", value, True
    if ctx.ref is None:
        return "DATE", None, True
    return "DATE", _at_granularity(_shift_day(ctx.ref, amount, unit), unit), True


def _anaphoric(g: dict[str, str | None], ctx: Context) -> Result | None:
    """ "the quarter", "the year-earlier period", "the weekend": by the earlier text or ref."""
    what = re.sub(r"\s+", " ", (g["what"] or "").lower())
    if ctx.ref is None:
        return "DATE", None, True
    if "weekend" in what:
        back = ctx.tense == PAST or (ctx.tense != FUTURE and ctx.ref.weekday() <= 1)
        day = ctx.ref if ctx.ref.weekday() >= 5 or not back else ctx.ref - timedelta(days=7)
        return "DATE", iso_week(day) + "-WE", True
    idx = ctx.ref.year * 4 + quarter_of(ctx.ref) - 2  # the last completed quarter
    completed = f"{idx // 4:04d}-Q{idx % 4 + 1}"
    latest = completed if "latest" in what or "recent" in what else ctx.quarter or completed
    if "year" in what:
        if "quarter" not in what and "period" not in what and not ctx.quarter:
            return "DATE", f"{ctx.ref.year - 1:04d}", True
        return "DATE", shift_value(latest, -1, "year"), True
    return "DATE", latest, True


_GRAIN = {"month": r"\d{4}-\d\d", "week": r"\d{4}-W\d\d", "day": r"\d{4}-\d\d-\d\d"}


def _same_period(c: Candidate, ctx: Context) -> Result:
    """ "the same month a year ago": the month (quarter, period) last named, a year back."""
    unit = (c.groups["unit"] or "").lower()
    base: str | None = None
    if unit in {"quarter", "period"} and ctx.quarter:
        base = ctx.quarter
    elif ctx.anchor and (unit == "period" or re.fullmatch(_GRAIN.get(unit, "$^"), ctx.anchor)):
        base = ctx.anchor
    if base is None and unit in {"month", "day"} and ctx.anchor:
        base = ctx.anchor[: {"month": 7, "day": 10}[unit]]
    value = shift_value(base, -1, "year") if base else None
    if value is None:
        value = f"{ctx.ref.year - 1:04d}" if ctx.ref else None
    return "DATE", value, True


def _the_unit(g: dict[str, str | None], ctx: Context) -> Result | None:
    """ "the past year" (a date: the previous year), "the past years" (a vague duration)."""
    unit = (g["unit"] or "").lower()
    direction = (g["dir"] or "").lower()
    if unit.endswith("s") and direction in VAGUE_PAST:
        return "DATE", "PAST_REF", True  # "the past years"
    if unit.endswith("s") or direction not in {
        "past",
        "last",
        "latest",
        "previous",
        "next",
        "coming",
        "following",
    }:
        return "DURATION", duration_value("few" if unit.endswith("s") else None, unit), False
    if _unit(unit) in {"minute", "second"}:  # "at the last minute" is not a time
        return None
    if _unit(unit) == "hour":
        return "DURATION", "PT1H", False
    if direction == "past" and _unit(unit) in {"decade", "century"}:
        return "DURATION", duration_value(None, unit), False  # "the past decade": ten years to now
    if ctx.ref is None:
        return "DATE", None, True
    off = 1 if direction in {"next", "coming", "following"} else -1
    if direction in {"following", "preceding"} and ctx.last_day:  # counted from the story's day
        return (
            "DATE",
            _at_granularity(_shift_day(ctx.last_day, off, _unit(unit)), _unit(unit)),
            True,
        )
    if unit == "quarter" and off < 0 and ctx.quarter:
        return "DATE", ctx.quarter, True
    return "DATE", _at_granularity(_shift_day(ctx.ref, off, _unit(unit)), _unit(unit)), True


def _anaday(g: dict[str, str | None], ctx: Context) -> Result:
    """ "that day", "the next day", "the following morning": from the day last named."""
    base = ctx.last_day or ctx.ref
    if base is None:
        return ("TIME" if g["unit"] != "day" else "DATE"), None, True
    rel = (g["rel"] or "").lower().split()[-1]
    off = {"next": 1, "following": 1, "previous": -1, "preceding": -1}.get(rel, 0)
    day = base + timedelta(days=off)
    unit = (g["unit"] or "").lower()
    return _with_pod(day, None if unit == "day" else unit)


def _the_day(ctx: Context) -> Result:
    """ "closed the day up", "for the day": the day last named, else the reference date."""
    base = ctx.last_day or ctx.ref
    return ("DATE", format_day(base), True) if base else ("DATE", None, True)


def _nth_unit(c: Candidate, ctx: Context) -> Result:
    """ "the second day" (of an offensive), "a third straight week": the count runs up to the day
    (week) of the story, so it names that day (week) of the reference date."""
    unit = (c.groups.get("unit") or "day").lower()
    return ("DATE", _at_granularity(ctx.ref, unit), True) if ctx.ref else ("DATE", None, True)


def _quarter(g: dict[str, str | None], ctx: Context) -> Result | None:
    q = {
        "first": 1,
        "1st": 1,
        "second": 2,
        "2nd": 2,
        "third": 3,
        "3rd": 3,
        "fourth": 4,
        "4th": 4,
    }.get((g["q"] or "").lower(), 0)
    year_text = g.get("year") or g.get("qyear")
    rel = re.sub(r"\s+", " ", (g.get("qrel") or "").lower())
    yrel = (g.get("qyrel") or "").lower().split()
    if q == 0 and not year_text and not yrel:
        return None  # "the final quarter" of a game: a quarter of a year only with its year
    q = q or 4
    if yrel and ctx.ref is not None:  # "the first quarter of last year"
        off = (
            -1
            if yrel[-1] in {"last", "previous"}
            else 1
            if yrel[-1] in {"next", "following"}
            else 0
        )
        return "DATE", f"{ctx.ref.year + off:04d}-Q{q}", True
    if year_text:
        year = int(year_text)
    elif ctx.ref is None:
        return "DATE", None, True
    elif rel in {"last year's"}:
        year = ctx.ref.year - 1
    elif rel in {"next year's"}:
        year = ctx.ref.year + 1
    elif rel in {"this year's", "the year's"}:
        year = ctx.ref.year
    else:
        year = resolve_quarter(q, ctx.ref, ctx.tense)
    return "DATE", f"{year:04d}-Q{q}", not year_text


def _season(c: Candidate, ctx: Context) -> Result | None:
    g = c.groups
    code = SEASONS[(g["season"] or "").lower()]
    rel = (g.get("rel") or "").lower()
    if g.get("syear"):
        return "DATE", f"{g['syear']}-{code}", False
    if not rel and _word_before(ctx.text, c.start) not in SEASON_CUES:
        return None
    if rel == "the" and _word_before(ctx.text, c.start) not in SEASON_CUES:
        return None
    if ctx.ref is None:
        return "DATE", None, True
    off = {"last": -1, "next": 1}.get(rel, 0)
    year = ctx.ref.year + off if off else resolve_season(code, ctx.ref, ctx.tense)
    return "DATE", f"{year:04d}-{code}", True


_HOUR_WORDS = (*ONES, "ten", "eleven", "twelve")


def _hour_of_day(hour: str, pod: str) -> int:
    """The 24-hour clock hour of "4 in the morning", "two in the afternoon", "10 at night"."""
    hh = int(hour) if hour.isdigit() else _HOUR_WORDS.index(hour.lower()) + 1
    pod = pod.lower()
    if pod == "morning":
        return 0 if hh == 12 else hh
    if pod == "night" and hh == 12:  # midnight ends its day (T24:00, as "midnight")
        return 24
    if pod == "night" and hh < 6:  # "2 at night" is early morning
        return hh
    return hh if hh == 12 else hh + 12


def _clock(g: dict[str, str | None], ctx: Context) -> Result | None:
    if g.get("noon"):
        hh, mm = (12, 0) if (g["noon"] or "").lower() in {"noon", "midday"} else (24, 0)
    elif g.get("hh2"):
        hh, mm = int(g["hh2"] or 0), int(g["mm2"] or 0)
    elif g.get("hh3"):  # "0800 GMT"
        hh, mm = int(g["hh3"] or 0), int(g["mm3"] or 0)
    elif g.get("hh4"):  # "4 in the morning", "ten at night"
        hh, mm = _hour_of_day(g["hh4"] or "", g.get("cpod") or g.get("cnight") or ""), 0
    else:
        hh, mm = int(g["hh"] or 0), int(g["mm"] or 0)
        ampm = (g["ampm"] or "").lower()
        if hh > 12 or hh == 0:
            return None
        if ampm.startswith("p") and hh != 12:
            hh += 12
        elif ampm.startswith("a") and hh == 12:
            hh = 0
    day = ctx.day or ctx.last_day or ctx.ref
    if day is None:
        return "TIME", None, True
    # a time given in UTC (GMT) carries the ISO 8601 zone designator: "18:00 UTC" -> T18:00Z
    zone = "Z" if (g.get("tz") or g.get("tz2") or g.get("tz3") or "").upper() in UTC_ZONES else ""
    if hh == 24:  # midnight ends its day: "midnight Friday" is Friday T24:00 (ISO 8601)
        return "TIME", f"{format_day(day)}T24:00{zone}", True
    return "TIME", f"{format_day(day)}T{hh:02d}:{mm:02d}{zone}", True


def _set(g: dict[str, str | None]) -> Result:
    if g.get("smon"):  # "each July"
        return "SET", f"XXXX-{month_number(g['smon'] or ''):02d}", False
    if g.get("sseason"):  # "every summer"
        return "SET", f"XXXX-{SEASONS[(g['sseason'] or '').lower()]}", False
    if g.get("wd"):
        return "SET", f"XXXX-WXX-{WEEKDAYS.index((g['wd'] or '').lower()) + 1}", False
    unit = (g.get("unit") or "").lower()
    n = 2 if g.get("n") else 1
    if unit in POD_CODES:
        return "SET", f"XXXX-XX-XXT{POD_CODES[unit]}", False
    t = "T" if unit in {"hour", "minute"} else ""
    return "SET", f"P{t}{n}{UNIT_CODES[unit]}", False


def _year(g: dict[str, str | None]) -> Result:
    pre = re.sub(r"\s+", " ", (g.get("pre") or "").lower())
    year = g["year"] or ""
    if "first half" in pre:
        return "DATE", f"{year}-H1", False
    if "second half" in pre:
        return "DATE", f"{year}-H2", False
    return "DATE", year, False


def _not_a_duration(c: Candidate, text: str) -> bool:
    """ "three-quarters", "a quarter of", "a second", an age ("52 years old") are not lengths
    of time."""
    unit = _unit(c.groups["unit"] or "")
    num = (c.groups["num"] or "").lower()
    matched = text[c.start : c.end]
    if unit == "quarter" and ("-" in matched or re.match(r",?\s+of\b", text[c.end :])):
        return True
    if unit == "year" and re.match(r"\s+old\b", text[c.end :]):
        return True
    return unit == "second" and num in {"a", "an"}


# ---------------------------------------------------------------------------------------------
# one evaluator per grammar rule: (candidate, context) -> (type, value, relative) or None


def _numeric_date(c: Candidate, ctx: Context) -> Result | None:
    """ "iso", "slash", "mdy", "dmy": a full date, perhaps with a time."""
    g = c.groups
    year = int(g["year"] or 0)
    if c.rule == "slash" and year < 100:
        year += 1900 if year >= 50 else 2000
    month = int(g["month"] or 0) if c.rule in {"iso", "slash"} else month_number(g["mon"] or "")
    day = int(g["day"] or 0)
    if c.rule == "slash" and month > 12 >= day:  # 31/12/2021: day first
        month, day = day, month
    d = _safe_date(year, month, day)
    if d is None:
        return None
    if g.get("hh"):
        return "TIME", f"{format_day(d)}T{g['hh']}:{g['mm']}", False
    return "DATE", format_day(d), False


def _month_year(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    return "DATE", f"{g['year']}-{month_number(g['mon'] or ''):02d}", False


def _decade(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    if g.get("cent"):
        return "DATE", f"{g['cent']}{g['dec']}", False
    dec = int(g["dec2"] or 0)
    top = ctx.ref.year if ctx.ref else 1999
    century = top // 100 if (top // 100) * 100 + dec * 10 <= top else top // 100 - 1
    return "DATE", f"{century:02d}{dec}", False


def _short_year(c: Candidate, ctx: Context) -> Result:
    """ "since '82": the latest year ending in those digits not after the reference year."""
    yy = int(c.groups["yy"] or 0)
    top = ctx.ref.year if ctx.ref else 1999
    year = (top // 100) * 100 + yy
    return "DATE", f"{year if year <= top else year - 100:04d}", False


def _decade_word(c: Candidate, ctx: Context) -> Result:
    return "DATE", f"19{DECADE_WORDS.index((c.groups['decw'] or '').lower()) + 2}", False


def _century(c: Candidate, ctx: Context) -> Result | None:
    n = int(c.groups["ord"] or 0)
    return ("DATE", f"{n - 1:02d}", False) if 1 <= n <= 21 else None


def _spelled_year(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    ones = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    if not g.get("tens"):  # "the year two thousand (and one)"
        k = g.get("k_ones")
        return "DATE", str(2000 + (ones.index(k.lower()) + 1 if k else 0)), False
    tens = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
    y = 1900 + (tens.index((g["tens"] or "").lower()) + 2) * 10
    if g.get("ones"):
        y += ones.index((g["ones"] or "").lower()) + 1
    if g.get("mon"):
        return "DATE", f"{y}-{month_number(g['mon'] or ''):02d}", False
    return "DATE", str(y), False


def _inpod(c: Candidate, ctx: Context) -> Result:
    day = ctx.day or ctx.last_day or ctx.ref
    return _with_pod(day, c.groups["pod"]) if day else ("TIME", None, True)


def _midpod(c: Candidate, ctx: Context) -> Result:
    """ "by mid-afternoon" (the day last named, else ref), "mid-afternoon yesterday"."""
    rel = (c.groups.get("rel") or "").lower()
    if rel and ctx.ref is not None:
        day: date | None = ctx.ref + timedelta(days={"yesterday": -1, "tomorrow": 1}.get(rel, 0))
    else:
        day = ctx.day or ctx.last_day or ctx.ref
    return _with_pod(day, c.groups["pod"]) if day else ("TIME", None, True)


def _week_from(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    if ctx.ref is None:
        return "DATE", None, True
    wd = WEEKDAYS.index((g["wd"] or "").lower())
    n = int(word_number(g["n"] or "a") or 1)
    return "DATE", format_day(resolve_weekday(wd, ctx.ref, FUTURE) + timedelta(7 * n)), True


def _duration(c: Candidate, ctx: Context) -> Result | None:
    """ "duration", "duration_adj": a length of time (or a vague past, or a rate)."""
    g = c.groups
    if _not_a_duration(c, ctx.text):
        return None
    if (
        (g["num"] or "").lower() == "one"
        and _unit(g["unit"] or "") == "day"
        and (_word_before(ctx.text, c.start) in SOMEDAY_BEFORE)
    ):  # "Islam will one day be ...", "he hopes he one day follows ...": some future day
        return "DATE", "FUTURE_REF", True
    if word_number(g["num"] or "") is None and (g.get("dir") or "").lower() in VAGUE_PAST:
        return "DATE", "PAST_REF", True  # "the last few months"
    if (g["num"] or "").lower() in {"a", "an"} and RATE_BEFORE.search(
        ctx.text[max(0, c.start - 25) : c.start]
    ):  # "$1.76 a year", "700 seats a week": a rate
        return "SET", duration_value(None, g["unit"] or ""), False
    return "DURATION", duration_value(g["num"], g["unit"] or "", bool(g.get("half"))), False


def _bare_plural(c: Candidate, ctx: Context) -> Result:
    """ "for years": a vague length of time."""
    return "DURATION", duration_value("few", c.groups["unit"] or ""), False


def _recent(c: Candidate, ctx: Context) -> Result:
    """ "in recent years": a vague length of time reaching to now (``PXY``)."""
    return "DURATION", duration_value("few", c.groups["unit"] or ""), False


def _half(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    h = 1 if (g["h"] or "").lower() == "first" else 2
    if g.get("hyear"):
        return "DATE", f"{g['hyear']}-H{h}", False
    return ("DATE", f"{ctx.ref.year:04d}-H{h}", True) if ctx.ref else ("DATE", None, True)


# what may stand before a sentence's first word: the text's start or a sentence end, a quote
SENTENCE_START = re.compile(r"(?:\A|[.!?:;]['\"`]*|\n)\s*['\"`]*\Z")


def opens_sentence(text: str, start: int) -> bool:
    """Whether ``start`` opens a sentence of ``text`` (:data:`SENTENCE_START` matches what stands
    before it). Only the run of spaces and quote marks before ``start`` and the character before
    that run are read, so a text's many candidates are checked in linear time, not each against
    the whole text before it."""
    lo = start
    while lo > 0 and (text[lo - 1].isspace() or text[lo - 1] in "'\"`"):
        lo -= 1
    # a match starts at the text's start, at a newline or sentence mark just before the run, or
    # inside the run; \A matches only at the real start of ``text``, never at ``lo``
    return SENTENCE_START.search(text, max(0, lo - 1), start) is not None


def _discourse_now(c: Candidate, text: str) -> bool:
    """ "Now, he says ..." opening a sentence, and "the now-defunct plant": not a time."""
    if text[c.end : c.end + 1] == "-":
        return True
    return text[c.end : c.end + 1] == "," and opens_sentence(text, c.start)


def _ref(c: Candidate, ctx: Context) -> Result | None:
    word = re.sub(r"\s+", " ", (c.groups["ref"] or "").lower())
    if word == "now" and _discourse_now(c, ctx.text):
        return None
    if "coming" in word or "ahead" in word:
        return "DATE", "FUTURE_REF", True
    return "DATE", REFS.get(word, "PAST_REF"), True


SET_ADVERBS = {
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
}


def _set_adv(c: Candidate, ctx: Context) -> Result:
    return "SET", SET_ADVERBS[(c.groups["adv"] or "").lower()], False


def _holiday(c: Candidate, ctx: Context) -> Result | None:
    g = c.groups
    name = g["name"] or ""
    if g.get("hyear"):
        day = holiday(name, int(g["hyear"] or 0))
        if day is None:
            return None
        return ("DATE", iso_week(day) if g.get("hweek") else format_day(day), False)
    if ctx.ref is None:
        return "DATE", None, True
    rel = (g.get("rel") or "").lower()
    if g.get("hweek"):  # "Easter week", "Thanksgiving week": the ISO week that holds the day
        week = resolve_holiday_week(name, ctx.ref, ctx.tense, rel)
        return ("DATE", iso_week(week), True) if week else None
    day = resolve_holiday(name, ctx.ref, ctx.tense, rel)
    return ("DATE", format_day(day), True) if day else None


def _week_of(c: Candidate, ctx: Context) -> Result | None:
    """ "the week of March 6": the ISO week of that day."""
    res = _md(c.groups, ctx)
    if res is None or res[1] is None:
        return res
    return "DATE", iso_week(date.fromisoformat(res[1])), res[2]


def _the_year(c: Candidate, ctx: Context) -> Result:
    """A fiscal year named by its end is a length; otherwise this year."""
    if c.groups.get("ended"):
        return "DURATION", "P1Y", False
    # the year last named, unless it lies ahead (a target: "by 1992")
    if (
        ctx.anchor
        and re.match(r"\d{4}", ctx.anchor)
        and (ctx.ref is None or int(ctx.anchor[:4]) <= ctx.ref.year)
    ):
        return "DATE", ctx.anchor[:4], True
    return ("DATE", f"{ctx.ref.year:04d}", True) if ctx.ref else ("DATE", None, True)


def _long_adj(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    if g.get("plural"):
        return "DURATION", duration_value("few", g["plural"] or ""), False
    return "DURATION", duration_value(None, g.get("unit") or g.get("unit2") or ""), False


def _current_adj(c: Candidate, ctx: Context) -> Result:
    return "DATE", "PAST_REF" if c.groups.get("then") else "PRESENT_REF", True


Evaluator = Callable[[Candidate, Context], Result | None]


def _groups_ctx(fn: Callable[[dict[str, str | None], Context], Result | None]) -> Evaluator:
    """An evaluator from a function of the match's groups and the context."""
    return lambda c, ctx: fn(c.groups, ctx)


def _groups(fn: Callable[[dict[str, str | None]], Result]) -> Evaluator:
    """An evaluator from a function of the match's groups alone."""
    return lambda c, ctx: fn(c.groups)


#: The evaluator of every rule of :data:`newsfuse.analyze.timex_grammar.RULES`, by rule name.
EVALUATORS: Mapping[str, Evaluator] = MappingProxyType(
    {
        "iso": _numeric_date,
        "slash": _numeric_date,
        "mdy": _numeric_date,
        "dmy": _numeric_date,
        "md": _groups_ctx(_md),
        "md_second": _md_second,
        "dm": _groups_ctx(_md),
        "my": _month_year,
        "month": _month,
        "year": _groups(_year),
        "decade": _decade,
        "decade_short": _decade,
        "short_year": _short_year,
        "decade_word": _decade_word,
        "century": _century,
        "spelled_year": _spelled_year,
        "relday": _groups_ctx(_relday),
        "relpod": _groups_ctx(_relpod),
        "inpod": _inpod,
        "midpod": _midpod,
        "weekday": _groups_ctx(_weekday),
        "day_around": _groups_ctx(_day_around),
        "week_from": _week_from,
        "week_of": _week_of,
        "unitrel": _groups_ctx(_unitrel),
        "ago": _groups_ctx(_ago),
        "duration": _duration,
        "duration_adj": _duration,
        "the_unit": _groups_ctx(_the_unit),
        "same_period": _same_period,
        "anaday": _groups_ctx(_anaday),
        "the_day": lambda c, ctx: _the_day(ctx),
        "nth_unit": _nth_unit,
        "the_year": _the_year,
        "anaphoric": _groups_ctx(_anaphoric),
        "bare_plural": _bare_plural,
        "the_plural": _bare_plural,
        "recent": _recent,
        "long_adj": _long_adj,
        "current_adj": _current_adj,
        "quarter": _groups_ctx(_quarter),
        "half": _half,
        "season": _season,
        "ref": _ref,
        "set": _groups(_set),
        "set_adv": _set_adv,
        "clock": _groups_ctx(_clock),
        "holiday": _holiday,
    }
)

# checked at import: a rule without an evaluator (or an evaluator without a rule) is a bug
_missing = set(RULE_ORDER) ^ set(EVALUATORS)
if _missing:
    raise ImportError(f"timex rules and evaluators differ: {sorted(_missing)}")


def evaluate(c: Candidate, ctx: Context) -> Result | None:
    """(type, value, relative) of a grammar match, or None if it is not a time expression."""
    return EVALUATORS[c.rule](c, ctx)
