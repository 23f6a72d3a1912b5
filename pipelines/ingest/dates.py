"""Dates and times as Dutch and Flemish exports write them, day first.

``parse_datetime`` understands ISO 8601, "12-03-2026 14:05", "12/03/2026", "12.03.26", "12 maart 2026",
"12 mrt. 2026 om 14:05", "maandag 12 maart 2026", "March 12, 2026", Excel serial days and Unix epochs.
Times without a zone are Europe/Amsterdam (Brussels has the same rules); results are aware, in UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
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
_TIME = r"(?:[ T,]+(?:om\s+|at\s+)?(\d{1,2})[:.u](\d{2})(?::(\d{2}))?(?:\s*(?:uur|u))?)?"
NUMERIC = re.compile(rf"^(?:{_DAYS}\.?,?\s+)?(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{2,4}}){_TIME}\s*$", re.IGNORECASE)
YMD = re.compile(rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}\s*$")
WORDS = re.compile(
    rf"^(?:{_DAYS}\.?,?\s+)?(\d{{1,2}})(?:e|ste|de)?\s+([a-z]+)\.?,?\s+(\d{{4}}){_TIME}\s*$", re.IGNORECASE
)
WORDS_EN = re.compile(rf"^([a-z]+)\.?\s+(\d{{1,2}}),?\s+(\d{{4}}){_TIME}\s*$", re.IGNORECASE)
EXCEL_EPOCH = date(1899, 12, 30)


def _build(y: int, mo: int, d: int, hh: str | None, mm: str | None, ss: str | None) -> datetime | None:
    if y < 100:
        y += 2000 if y < 70 else 1900
    try:
        local = datetime(y, mo, d, int(hh or 0), int(mm or 0), int(ss or 0), tzinfo=LOCAL)
    except ValueError:
        return None
    return local.astimezone(UTC)


def _aware(dt: datetime) -> datetime:
    return (dt.replace(tzinfo=LOCAL) if dt.tzinfo is None else dt).astimezone(UTC)


def parse_datetime(value: object) -> datetime | None:
    """A UTC-aware datetime, or None when the value is empty or not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, date):
        return _aware(datetime(value.year, value.month, value.day))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_number(float(value))
    s = str(value).strip()
    if not s:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return _from_number(float(s))
    try:
        return _aware(datetime.fromisoformat(s.replace("Z", "+00:00")))
    except ValueError:
        pass
    if m := NUMERIC.match(s):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        return _build(y, mo, d, m[4], m[5], m[6])
    if m := YMD.match(s):
        return _build(int(m[1]), int(m[2]), int(m[3]), m[4], m[5], m[6])
    if (m := WORDS.match(s)) and m[2].lower() in MONTHS:
        return _build(int(m[3]), MONTHS[m[2].lower()], int(m[1]), m[4], m[5], m[6])
    if (m := WORDS_EN.match(s)) and m[1].lower() in MONTHS:
        return _build(int(m[3]), MONTHS[m[1].lower()], int(m[2]), m[4], m[5], m[6])
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
