"""Parse the time stamps found in exports into aware UTC datetimes with a precision.

:func:`parse_time` is called once per row on files of millions of rows, so each common layout
has its own compiled pattern tried in order of a cheap first-character test; nothing is cached
and nothing outside the standard library is used. Layouts accepted:

=====================================  ===========================  =========
layout                                 example                      precision
=====================================  ===========================  =========
ISO 8601 date and time (``T`` or ` `)  ``2016-03-27T10:05:09.5Z``   second
ISO 8601 with an offset                ``2021-05-28 02:53:44+00:00`` second
ISO 8601 to the minute or hour         ``2016-03-27T10:05``         minute
ISO 8601 date, year-month, year        ``2016-03-27``, ``2016-03``  day ...
compact date                           ``20160327``                 day
US month/day/year (Fifth Tribe)        ``1/6/2015 21:07``           minute
Twitter API                            ``Wed Oct 10 20:19:24 +0000 2018``  second
RFC 2822 (e-mail, RSS)                 ``Wed, 10 Oct 2018 20:19:24 +0000``  second
written English date                   ``27 March 2016``, ``Mar 27, 2016``  day
unix epoch seconds / milliseconds      ``1443400000`` / ``1443400000000``  second
=====================================  ===========================  =========

A time without a zone is taken in ``default_tz`` (an IANA name such as ``Asia/Baghdad``).
A date without a time is the start of that day in ``default_tz``. Numbers (``int``/``float``)
are epoch seconds, or milliseconds from 1e11 up; digit strings must have 9-11 digits
(seconds) or 13 (milliseconds), because shorter or longer runs of digits are more often ids
than times. US dates are read month first; a month above 12 is an error, not a guess.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_tz
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["parse_time", "resolve_tz"]

_ISO = re.compile(
    r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})"
    r"(?:[T ](\d{1,2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?"
    r"\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?"
)
_US = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"(?:\s*([AaPp][Mm]))?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?"
)
_TWITTER = re.compile(
    r"[A-Za-z]{3} ([A-Za-z]{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}) (\d{4})"
)
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_FULL_MONTHS = (
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
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ZERO = timedelta(0)
_MS_THRESHOLD = 1e11  # numbers from here up are milliseconds (1e11 s would be year 5138)


def resolve_tz(name: str) -> tzinfo:
    """Return the time zone called ``name`` ("UTC", "Asia/Baghdad", "+03:00").

    Raises ValueError naming the zone when it is unknown.
    """
    if name in ("UTC", "utc", "Z", "GMT"):
        return UTC
    if name[:1] in "+-" and len(name) > 1:
        return _offset(name, name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(
            f"unknown time zone {name!r}: give an IANA name such as 'UTC' or 'Asia/Baghdad'"
        ) from err


def parse_time(value: str | int | float, *, default_tz: str = "UTC") -> tuple[datetime, str]:
    """Parse one time stamp; return ``(aware UTC datetime, precision)``.

    Precision is one of "second", "minute", "hour", "day", "month", "year". Raises
    ValueError saying what was wrong with ``value`` when no layout fits.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is a boolean, not a time")
    if isinstance(value, int | float):
        return _from_epoch(value, repr(value)), "second"
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is a {type(value).__name__}, not a time")
    s = value.strip()
    if not s:
        raise ValueError("the time is empty")
    first = s[0]
    if first.isdigit():
        if len(s) == 4 or (len(s) >= 5 and s[4] == "-"):
            return _parse_iso(s, value, default_tz)
        if "/" in s[:6]:
            return _parse_us(s, value, default_tz)
        m = _DAY_MONTH_YEAR.fullmatch(s)
        if m is not None:
            return _written_date(m.group(3), m.group(2), m.group(1), value, default_tz)
        return _parse_digits(s, value, default_tz)
    if first.isalpha():
        m = _MONTH_DAY_YEAR.fullmatch(s)
        if m is not None:
            return _written_date(m.group(3), m.group(1), m.group(2), value, default_tz)
        return _parse_named(s, value)
    raise ValueError(f"{value!r} is not a time in any known layout{_HINT}")


_HINT = (
    " (expected ISO 8601 like 2016-03-27T10:05:00Z, M/D/YYYY H:MM,"
    " 'Wed Oct 10 20:19:24 +0000 2018' or unix epoch seconds)"
)


def _parse_iso(s: str, value: str, default_tz: str) -> tuple[datetime, str]:
    if len(s) >= 19 and s[13] == ":" and s[16] == ":" and s[10] in "T ":
        try:  # fast path: full date and time, the C parser of the standard library
            dt = datetime.fromisoformat(s)
        except ValueError:
            pass  # zones like " UTC" or out-of-range fields: the pattern below explains
        else:
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=resolve_tz(default_tz))
            elif dt.utcoffset() == _ZERO:
                return dt.replace(tzinfo=UTC), "second"
            return dt.astimezone(UTC), "second"
    m = _ISO.fullmatch(s)
    if m is None:
        try:  # rarer ISO forms (week dates, ordinal dates, basic time)
            dt = datetime.fromisoformat(s)
        except ValueError:
            raise ValueError(f"{value!r} is not a valid ISO 8601 time{_HINT}") from None
        precision = "second" if ("T" in s or ":" in s) else "day"
        return _to_utc(dt, default_tz), precision
    year, month, day, hour, minute, second, frac, zone = m.groups()
    if month is None:
        precision = "year"
    elif day is None:
        precision = "month"
    elif hour is None:
        precision = "day"
    elif minute is None:
        precision = "hour"
    elif second is None:
        precision = "minute"
    else:
        precision = "second"
    micro = int((frac + "000000")[:6]) if frac else 0
    tz = _zone(zone, value, default_tz)
    dt = _build(
        value,
        int(year),
        int(month or 1),
        int(day or 1),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        micro,
        tz,
    )
    return dt, precision


def _parse_us(s: str, value: str, default_tz: str) -> tuple[datetime, str]:
    m = _US.fullmatch(s)
    if m is None:
        raise ValueError(f"{value!r} is not a M/D/YYYY [H:MM[:SS]] time{_HINT}")
    month, day, year, hour, minute, second, frac, ampm, zone = m.groups()
    if int(month) > 12:
        raise ValueError(
            f"{value!r}: month {month} is out of range; M/D/YYYY dates are read month first"
        )
    h = int(hour or 0)
    if ampm:
        if not 1 <= h <= 12:
            raise ValueError(f"{value!r}: hour {h} is out of range for AM/PM")
        h = h % 12 + (12 if ampm in ("PM", "pm", "Pm", "pM") else 0)
    precision = "day" if hour is None else ("minute" if second is None else "second")
    micro = int((frac + "000000")[:6]) if frac else 0
    tz = _zone(zone, value, default_tz)
    dt = _build(
        value, int(year), int(month), int(day), h, int(minute or 0), int(second or 0), micro, tz
    )
    return dt, precision


def _parse_digits(s: str, value: str, default_tz: str) -> tuple[datetime, str]:
    whole, dot, frac = s.partition(".")
    if not whole.isdigit() or (dot and not frac.isdigit()):
        raise ValueError(f"{value!r} is not a time in any known layout{_HINT}")
    n = len(whole)
    if n == 8 and not dot:
        dt = _build(value, int(s[:4]), int(s[4:6]), int(s[6:8]), 0, 0, 0, 0, resolve_tz(default_tz))
        return dt, "day"
    if 9 <= n <= 11 or n == 13:
        return _from_epoch(float(s) if dot else int(whole), value), "second"
    raise ValueError(
        f"{value!r} has {n} digits: epoch seconds have 9-11 digits and milliseconds 13{_HINT}"
    )


def _written_date(
    year: str, month_name: str, day: str, value: str, default_tz: str
) -> tuple[datetime, str]:
    month = _MONTHS.get(month_name[:3].lower())
    if month is None or (
        len(month_name) > 3 and not _FULL_MONTHS[month - 1].startswith(month_name.lower())
    ):
        raise ValueError(f"{value!r}: unknown month name {month_name!r}")
    dt = _build(value, int(year), month, int(day), 0, 0, 0, 0, resolve_tz(default_tz))
    return dt, "day"


def _parse_named(s: str, value: str) -> tuple[datetime, str]:
    m = _TWITTER.fullmatch(s)
    if m is not None:
        mon, day, hour, minute, second, offset, year = m.groups()
        month = _MONTHS.get(mon.lower())
        if month is None:
            raise ValueError(f"{value!r}: unknown month name {mon!r}")
        tz = _offset(offset, value)
        dt = _build(value, int(year), month, int(day), int(hour), int(minute), int(second), 0, tz)
        return dt, "second"
    parts = parsedate_tz(s)
    if parts is None or parts[9] is None:
        raise ValueError(f"{value!r} is not a time in any known layout{_HINT}")
    year, month, day, hour, minute, second = parts[:6]
    tz = timezone(timedelta(seconds=parts[9]))
    return _build(value, year, month, day, hour, minute, second, 0, tz), "second"


def _zone(zone: str | None, value: str, default_tz: str) -> tzinfo:
    if zone is None:
        return resolve_tz(default_tz)
    if zone in ("Z", "z", "UTC", "GMT"):
        return UTC
    return _offset(zone, value)


def _offset(zone: str, value: str) -> tzinfo:
    digits = zone[1:].replace(":", "")
    if not digits.isdigit() or len(digits) not in (2, 4):
        raise ValueError(f"{value!r}: bad UTC offset {zone!r}")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"{value!r}: UTC offset {zone!r} is out of range")
    if hours == 0 and minutes == 0:
        return UTC
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if zone[0] == "-" else delta)


def _build(
    value: str,
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int,
    micro: int,
    tz: tzinfo,
) -> datetime:
    try:
        dt = datetime(year, month, day, hour, minute, second, micro, tzinfo=tz)
    except ValueError as err:
        raise ValueError(f"{value!r} is not a real time: {err}") from None
    if tz is UTC:
        return dt
    try:
        return dt.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{value!r} is out of the supported range") from None


def _to_utc(dt: datetime, default_tz: str) -> datetime:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=resolve_tz(default_tz))
    return dt.astimezone(UTC)


def _from_epoch(number: int | float, shown: str) -> datetime:
    if isinstance(number, float) and (math.isnan(number) or math.isinf(number)):
        raise ValueError(f"{shown} is not a time")
    millis = abs(number) >= _MS_THRESHOLD
    try:
        if isinstance(number, int):  # exact integer arithmetic
            return _EPOCH + (
                timedelta(milliseconds=number) if millis else timedelta(seconds=number)
            )
        return _EPOCH + timedelta(seconds=number / 1000.0 if millis else number)
    except OverflowError:
        raise ValueError(f"{shown} is out of the supported range of epoch times") from None
