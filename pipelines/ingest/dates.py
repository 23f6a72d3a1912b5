"""Dates and times as Dutch and Flemish exports write them, day first.

``parse_datetime`` understands ISO 8601, "12-03-2026 14:05", "12/03/2026", "12.03.26", "12 maart 2026",
"12 mrt. 2026 om 14:05", "maandag 12 maart 2026", "March 12, 2026", 12-hour clocks ("2:05 PM"), e-mail
dates ("Thu, 12 Mar 2026 14:05:00 +0100"), "20260312", Excel serial days and Unix epochs (s and ms).
Times without a zone are Europe/Amsterdam (Brussels has the same rules); results are aware, in UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import overload
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Amsterdam")

MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "maart": 3, "mrt": 3,
    "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6, "june": 6, "juli": 7,
    "jul": 7, "july": 7, "augustus": 8, "aug": 8, "august": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
    "okt": 10, "oct": 10, "october": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_DAYS = (
    r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo"
    r"|mon|tue|wed|thu|fri|sat|sun)"
)
_TIME = (
    r"(?:[ T,]+(?:om\s+|at\s+|-\s+)?(?P<H>\d{1,2})[:.u](?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d{1,6})?)?"
    r"(?:\s*(?P<ampm>[ap])\.?\s?m\.?)?(?:\s*(?:uur|u))?)?"
)
_WEEKDAY = rf"(?:{_DAYS}\.?,?\s+)?"
NUMERIC = re.compile(rf"^{_WEEKDAY}(?P<d>\d{{1,2}})[-/.](?P<mo>\d{{1,2}})[-/.](?P<y>\d{{2,4}}){_TIME}\s*$", re.I)
YMD = re.compile(rf"^(?P<y>\d{{4}})[-/.](?P<mo>\d{{1,2}})[-/.](?P<d>\d{{1,2}}){_TIME}\s*$")
COMPACT = re.compile(rf"^(?P<y>(?:19|20)\d{{2}})(?P<mo>[01]\d)(?P<d>[0-3]\d){_TIME}$")  # 20260312
_MON = r"(?P<mon>[a-z]+)\.?,?"
WORDS = re.compile(rf"^{_WEEKDAY}(?P<d>\d{{1,2}})(?:e|ste|de)?\s+{_MON}\s+(?P<y>\d{{4}}){_TIME}\s*$", re.I)
WORDS_EN = re.compile(rf"^{_WEEKDAY}{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}\s*$", re.I)
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# the shape most exports write ("12-03-2026 14:05", "12/03/2026"): a string this matches whole, NUMERIC matches the
# same way, so it skips the general path's normalising and its slower patterns
DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: (\d{1,2})[:.](\d{2})(?::(\d{2}))?)?")
EXCEL_EPOCH = date(1899, 12, 30)


def _build(m: re.Match[str], month: int | None = None) -> datetime | None:
    hh = int(m["H"] or 0)
    if m["ampm"]:  # 12-hour clock: 12:30 AM is 00:30, 12:30 PM is 12:30
        if hh > 12:
            return None
        hh = hh % 12 + (12 if m["ampm"].lower() == "p" else 0)
    return _local(int(m["y"]), month or int(m["mo"]), int(m["d"]), hh, int(m["M"] or 0), int(m["S"] or 0))


def _local(y: int, mo: int, d: int, hh: int = 0, mi: int = 0, ss: int = 0) -> datetime | None:
    """A local (Amsterdam) time in UTC; None where the date does not exist."""
    if y < 100:
        y += 2000 if y < 70 else 1900
    try:
        local = datetime(y, mo, d, hh, mi, ss, tzinfo=LOCAL)
    except ValueError:
        return None
    return local.astimezone(UTC)


@overload
def as_utc(ts: datetime) -> datetime: ...


@overload
def as_utc(ts: datetime | None) -> datetime | None: ...


def as_utc(ts: datetime | None) -> datetime | None:
    """A stored or computed time in UTC: naive ones are UTC already (SQLite gives stored times back naive)."""
    if ts is None or ts.tzinfo is UTC:  # the common case, free: times are made and stored in UTC
        return ts
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def _aware(dt: datetime) -> datetime:
    return (dt.replace(tzinfo=LOCAL) if dt.tzinfo is None else dt).astimezone(UTC)


def parse_datetime(value: object) -> datetime | None:
    """A UTC-aware datetime, or None when the value is empty or not a date."""
    if value is None or value == "":
        return None
    if type(value) is str and (m := DAY_FIRST.fullmatch(value)):
        d, mo, y, hh, mi, ss = map(int, m.groups("0"))
        return _local(y, mo, d, hh, mi, ss)
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        return _aware(datetime(value.year, value.month, value.day))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_number(float(value))
    s = " ".join(str(value).split())
    if not s:
        return None
    if m := COMPACT.match(s):
        return _build(m)
    if NUMBER.fullmatch(s):
        return _from_number(float(s))
    return _from_text(s)


def _from_text(s: str) -> datetime | None:
    if s[:4].isdigit():  # ISO 8601 starts with the year's four digits: spare the day-first dates an exception
        try:
            return _aware(datetime.fromisoformat(s.replace("Z", "+00:00")))
        except ValueError:
            pass
    if m := NUMERIC.match(s) or YMD.match(s):
        return _build(m)
    for pattern in (WORDS, WORDS_EN):
        if (m := pattern.match(s)) and m["mon"].lower() in MONTHS:
            return _build(m, MONTHS[m["mon"].lower()])
    return _rfc2822(s)


def _rfc2822(s: str) -> datetime | None:
    """E-mail headers: "Thu, 12 Mar 2026 14:05:00 +0100"."""
    try:
        return _aware(parsedate_to_datetime(s))
    except (TypeError, ValueError, IndexError):
        return None


def _from_number(x: float) -> datetime | None:
    if 20_000 < x < 80_000:  # Excel serial day (1954..2119)
        local = datetime.combine(EXCEL_EPOCH, datetime.min.time()) + timedelta(days=x)
        return local.replace(tzinfo=LOCAL).astimezone(UTC)
    if 1e9 < x < 1e11:  # Unix seconds
        return datetime.fromtimestamp(x, UTC)
    if 1e12 < x < 1e14:  # Unix milliseconds
        return datetime.fromtimestamp(x / 1000, UTC)
    return None
