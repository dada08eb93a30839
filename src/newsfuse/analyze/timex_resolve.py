"""Calendar arithmetic for resolving relative time expressions against a reference date.

Pure functions over :class:`datetime.date`; no parsing here. ``tense`` is one of ``"past"``,
``"future"`` or ``"present"`` (anything else counts as present): the tense of the verb that governs
the expression decides which way an under-specified date ("Thursday", "Feb. 11", "October") points.
"""

from __future__ import annotations

from datetime import date, timedelta

PAST = "past"
FUTURE = "future"
PRESENT = "present"

# how far (days) a date may sit on the "wrong" side of the reference before we switch year
_SLACK_DAYS = 7
# with a known tense, how far (days) the other year may be before we keep the reference year
_TENSE_WINDOW = 330
# present tense: a weekday in the past is chosen unless the future one is this many days nearer
_WEEKDAY_PAST_BIAS = 2


def resolve_weekday(weekday: int, ref: date, tense: str) -> date:
    """The date of ``weekday`` (Monday=0 .. Sunday=6) a reader infers from ``ref`` and ``tense``.

    Past: the latest such day on or before ``ref`` (the same weekday is ``ref`` itself). Future: the
    next one on or after ``ref``. Present/unknown: the nearest one, preferring the past on a tie.
    """
    back = (ref.weekday() - weekday) % 7
    ahead = (weekday - ref.weekday()) % 7
    if tense == PAST:
        return ref - timedelta(days=back)
    if tense == FUTURE:
        return ref + timedelta(days=ahead)
    # news mostly reports what happened: the past wins unless the future is clearly nearer
    if back <= ahead + _WEEKDAY_PAST_BIAS:
        return ref - timedelta(days=back)
    return ref + timedelta(days=ahead)


def last_weekday(weekday: int, ref: date) -> date:
    """``last Friday``: the latest such day strictly before ``ref``."""
    back = (ref.weekday() - weekday) % 7 or 7
    return ref - timedelta(days=back)


def next_weekday(weekday: int, ref: date) -> date:
    """``next Friday``: the first such day strictly after ``ref``."""
    ahead = (weekday - ref.weekday()) % 7 or 7
    return ref + timedelta(days=ahead)


def this_weekday(weekday: int, ref: date) -> date:
    """``this Friday``: that day in the ISO week (Monday..Sunday) of ``ref``."""
    return ref + timedelta(days=weekday - ref.weekday())


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) shifted by ``delta`` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def shift_date(day: date, *, years: int = 0, months: int = 0, days: int = 0) -> date:
    """``day`` moved by years/months (clamping Feb. 29 and month ends) and then days."""
    y, m = add_months(day.year, day.month, years * 12 + months)
    d = min(day.day, days_in_month(y, m))
    return date(y, m, d) + timedelta(days=days)


def days_in_month(year: int, month: int) -> int:
    """Number of days in ``month`` of ``year`` (leap years included)."""
    y, m = add_months(year, month, 1)
    return (date(y, m, 1) - timedelta(days=1)).day


def iso_week(day: date) -> str:
    """TIMEX3 week value of ``day``: ``2022-W08``."""
    y, w, _ = day.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _pick_year(candidates: dict[int, date], ref: date, tense: str) -> int:
    """Choose among the same month/day in ref.year-1, ref.year, ref.year+1 by tense."""
    this = candidates[ref.year]
    if tense == PAST:
        if this <= ref + timedelta(days=_SLACK_DAYS):
            return ref.year
        prev = candidates[ref.year - 1]
        return ref.year - 1 if (ref - prev).days <= _TENSE_WINDOW else ref.year
    if tense == FUTURE:
        if this >= ref - timedelta(days=_SLACK_DAYS):
            return ref.year
        nxt = candidates[ref.year + 1]
        return ref.year + 1 if (nxt - ref).days <= _TENSE_WINDOW else ref.year
    return min(candidates, key=lambda y: (abs((candidates[y] - ref).days), y != ref.year))


def resolve_month_day(month: int, day: int, ref: date, tense: str) -> date | None:
    """The date of "Feb. 11" (no year) given ``ref`` and ``tense``; None if no such day."""
    candidates: dict[int, date] = {}
    for y in (ref.year - 1, ref.year, ref.year + 1):
        if day <= days_in_month(y, month):
            candidates[y] = date(y, month, day)
    if ref.year not in candidates:  # Feb. 29 outside a leap year: nearest leap year
        if not candidates:
            return None
        return min(candidates.values(), key=lambda d: abs((d - ref).days))
    for y in (ref.year - 1, ref.year + 1):
        candidates.setdefault(y, candidates[ref.year])
    return candidates[_pick_year(candidates, ref, tense)]


def resolve_month(month: int, ref: date, tense: str) -> tuple[int, int]:
    """(year, month) of "October" (no year) given ``ref`` and ``tense``."""
    candidates = {y: date(y, month, 15) for y in (ref.year - 1, ref.year, ref.year + 1)}
    mid_ref = date(ref.year, ref.month, 15)
    if month == ref.month:
        return ref.year, month
    return _pick_year(candidates, mid_ref, tense), month


def quarter_of(day: date) -> int:
    """1..4."""
    return (day.month - 1) // 3 + 1


def resolve_quarter(quarter: int, ref: date, tense: str) -> int:
    """The year of "the third quarter" (no year): the latest one begun by ``ref`` unless future."""
    current = quarter_of(ref)
    if quarter <= current or tense == FUTURE:
        return ref.year
    if tense == PAST or quarter - current >= 2:
        return ref.year - 1
    return ref.year


def resolve_season(season: str, ref: date, tense: str) -> int:
    """The year of "summer"/"SU" etc. (no year), by tense, nearest otherwise."""
    start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
    y, m = resolve_month(start, ref, tense)
    if season == "WI" and ref.month <= 2:
        return ref.year - 1 if tense != FUTURE else ref.year
    return y


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = (h + el - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` of a month (``n`` = -1: the last one)."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, days_in_month(year, month))
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def holiday(name: str, year: int) -> date | None:
    """The date of a (US-centred) holiday in ``year``; None if unknown."""
    key = " ".join(name.lower().replace("'s", "").split())
    fixed = {
        "christmas": (12, 25),
        "christmas day": (12, 25),
        "christmas eve": (12, 24),
        "new year day": (1, 1),
        "new year eve": (12, 31),
        "independence day": (7, 4),
        "fourth of july": (7, 4),
        "halloween": (10, 31),
        "valentine day": (2, 14),
        "veterans day": (11, 11),
    }
    if key in fixed:
        return date(year, *fixed[key])
    if key in {"thanksgiving", "thanksgiving day"}:
        return nth_weekday(year, 11, 3, 4)
    if key == "memorial day":
        return nth_weekday(year, 5, 0, -1)
    if key == "labor day":
        return nth_weekday(year, 9, 0, 1)
    if key == "election day":
        return nth_weekday(year, 11, 0, 1) + timedelta(days=1)
    if key in {"easter", "easter sunday"}:
        return easter(year)
    if key == "good friday":
        return easter(year) - timedelta(days=2)
    return None


def resolve_holiday(name: str, ref: date, tense: str, rel: str = "") -> date | None:
    """The holiday a reader means: "last"/"next" strictly before/after, else by tense."""
    days = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := holiday(name, y))]
    if not days:
        return None
    before = [d for d in days if d < ref]
    after = [d for d in days if d > ref]
    if rel == "last":
        return max(before)
    if rel == "next":
        return min(after)
    if ref in days:
        return ref
    if tense == PAST:
        return max(before)
    if tense == FUTURE:
        return min(after)
    return min(days, key=lambda d: abs((d - ref).days))


def resolve_holiday_week(name: str, ref: date, tense: str, rel: str = "") -> date | None:
    """The Monday of the week (ISO, Monday to Sunday) that holds the holiday a reader means.

    The week that holds ``ref`` when it is one; otherwise as :func:`resolve_holiday`, with the
    week's seven days in place of the holiday's one ("Easter week began" on its Monday, said that
    Monday, is this week, though Easter Sunday is six days ahead).
    """
    mondays = [
        d - timedelta(days=d.weekday())
        for y in (ref.year - 1, ref.year, ref.year + 1)
        if (d := holiday(name, y))
    ]
    if not mondays:
        return None
    this = ref - timedelta(days=ref.weekday())
    before = [m for m in mondays if m < this]
    after = [m for m in mondays if m > this]
    if rel == "last":
        return max(before, default=None)
    if rel == "next":
        return min(after, default=None)
    if this in mondays:
        return this
    if tense == PAST and before:
        return max(before)
    if tense == FUTURE and after:
        return min(after)
    return min(mondays, key=lambda m: abs((m - this).days))
