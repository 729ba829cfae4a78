"""parse_time: every accepted layout, readable errors, and round trips of each layout."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from undertow.timeparse import parse_time, resolve_tz

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected", "precision"),
    [
        ("2016-03-27T10:05:09Z", utc(2016, 3, 27, 10, 5, 9), "second"),
        ("2016-03-27T10:05:09.5Z", utc(2016, 3, 27, 10, 5, 9, 500000), "second"),
        ("2016-03-27T10:05:09.123456789+00:00", utc(2016, 3, 27, 10, 5, 9, 123456), "second"),
        ("2016-03-27T10:05:09+03:00", utc(2016, 3, 27, 7, 5, 9), "second"),
        ("2016-03-27T10:05:09-0500", utc(2016, 3, 27, 15, 5, 9), "second"),
        ("2016-03-27 10:05:09", utc(2016, 3, 27, 10, 5, 9), "second"),
        ("2016-03-27 10:05:09 UTC", utc(2016, 3, 27, 10, 5, 9), "second"),
        ("2021-05-28 02:53:44+00:00", utc(2021, 5, 28, 2, 53, 44), "second"),
        ("2016-03-27T10:05", utc(2016, 3, 27, 10, 5), "minute"),
        ("2016-03-27T10", utc(2016, 3, 27, 10), "hour"),
        ("2016-03-27", utc(2016, 3, 27), "day"),
        ("  2016-03-27\n", utc(2016, 3, 27), "day"),
        ("2016-03", utc(2016, 3, 1), "month"),
        ("2016", utc(2016, 1, 1), "year"),
        ("20160327", utc(2016, 3, 27), "day"),
        ("2016-W12-1", utc(2016, 3, 21), "day"),
        ("1/6/2015 21:07", utc(2015, 1, 6, 21, 7), "minute"),
        ("12/31/2015 0:00", utc(2015, 12, 31), "minute"),
        ("1/6/2015 21:07:33", utc(2015, 1, 6, 21, 7, 33), "second"),
        ("1/6/2015 9:07 PM", utc(2015, 1, 6, 21, 7), "minute"),
        ("1/6/2015 12:07 am", utc(2015, 1, 6, 0, 7), "minute"),
        ("1/6/2015", utc(2015, 1, 6), "day"),
        ("Wed Oct 10 20:19:24 +0000 2018", utc(2018, 10, 10, 20, 19, 24), "second"),
        ("Wed Oct 10 20:19:24 +0300 2018", utc(2018, 10, 10, 17, 19, 24), "second"),
        ("Wed, 10 Oct 2018 20:19:24 +0000", utc(2018, 10, 10, 20, 19, 24), "second"),
        ("27 March 2016", utc(2016, 3, 27), "day"),
        ("27th Mar, 2016", utc(2016, 3, 27), "day"),
        ("March 27, 2016", utc(2016, 3, 27), "day"),
        ("Sept 3 2016", utc(2016, 9, 3), "day"),
        (1443400000, utc(2015, 9, 28, 0, 26, 40), "second"),
        (1443400000.25, utc(2015, 9, 28, 0, 26, 40, 250000), "second"),
        (1443400000123, utc(2015, 9, 28, 0, 26, 40, 123000), "second"),
        ("1443400000", utc(2015, 9, 28, 0, 26, 40), "second"),
        ("1443400000000", utc(2015, 9, 28, 0, 26, 40), "second"),
        ("1443400000.5", utc(2015, 9, 28, 0, 26, 40, 500000), "second"),
    ],
)
def test_layouts(value: str | int | float, expected: datetime, precision: str) -> None:
    got, prec = parse_time(value)
    assert got == expected and prec == precision
    assert got.tzinfo is UTC


def test_naive_times_are_taken_in_the_default_zone() -> None:
    assert parse_time("2016-03-27 10:00", default_tz="Asia/Baghdad")[0] == utc(2016, 3, 27, 7)
    assert parse_time("2016-03-27T10:00:00", default_tz="+03:00")[0] == utc(2016, 3, 27, 7)
    assert parse_time("1/6/2015 21:07", default_tz="America/New_York")[0] == utc(2015, 1, 7, 2, 7)
    # a time with a zone ignores the default
    assert parse_time("2016-03-27T10:00Z", default_tz="Asia/Baghdad")[0] == utc(2016, 3, 27, 10)
    # epoch numbers are absolute
    assert parse_time(0, default_tz="Asia/Baghdad")[0] == utc(1970, 1, 1)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("yesterday", "not a time in any known layout"),
        ("2016-02-30", "not a real time"),
        ("2016-13-01", "not a real time"),
        ("2016-03-27T25:00", "not a real time"),
        ("13/6/2015 21:07", "month first"),
        ("12345", "5 digits"),
        ("123456789012", "12 digits"),
        ("2016-03-27T10:00:00+99:00", "offset"),
        ("Wed Foo 10 20:19:24 +0000 2018", "unknown month name"),
        ("27 Marchh 2016", "unknown month name"),
        ("31 February 2016", "not a real time"),
        (True, "boolean"),
        (float("nan"), "not a time"),
        (1e30, "out of the supported range"),
        ("+-2016", "not a time"),
    ],
)
def test_errors_say_why(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_time(value)  # type: ignore[arg-type]


def test_unknown_zone_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        parse_time("2016-03-27", default_tz="Mars/Olympus")
    with pytest.raises(ValueError, match="unknown time zone"):
        resolve_tz("Nowhere/Place")


# --- round trips: format a datetime in each layout, parse it back --------------------------

moments = st.datetimes(
    min_value=datetime(1973, 3, 4), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)


@given(moments)
def test_round_trip_iso_z(dt: datetime) -> None:
    frac = f".{dt.microsecond:06d}" if dt.microsecond else ""
    assert parse_time(dt.strftime("%Y-%m-%dT%H:%M:%S") + frac + "Z") == (dt, "second")
    assert parse_time(dt.isoformat()) == (dt, "second")


@given(moments, offsets)
def test_round_trip_iso_with_offset(dt: datetime, tz: timezone) -> None:
    local = dt.astimezone(tz)
    assert parse_time(local.isoformat()) == (dt, "second")
    assert parse_time(local.isoformat(sep=" ")) == (dt, "second")


@given(moments)
def test_round_trip_scraper_layout(dt: datetime) -> None:
    text = dt.strftime("%Y-%m-%d %H:%M:%S+00:00")
    assert parse_time(text) == (dt.replace(microsecond=0), "second")


@given(moments)
def test_round_trip_us_layout(dt: datetime) -> None:
    text = f"{dt.month}/{dt.day}/{dt.year} {dt.hour}:{dt.minute:02d}"
    assert parse_time(text) == (dt.replace(second=0, microsecond=0), "minute")


@given(moments)
def test_round_trip_twitter_layout(dt: datetime) -> None:
    text = (
        f"{_DAYS[dt.weekday()]} {_MONTHS[dt.month - 1]} {dt.day:02d} {dt:%H:%M:%S} +0000 {dt.year}"
    )
    assert parse_time(text) == (dt.replace(microsecond=0), "second")


@given(moments)
def test_round_trip_epoch(dt: datetime) -> None:
    whole = dt.replace(microsecond=0)
    seconds = int(whole.timestamp())
    assert parse_time(seconds) == (whole, "second")
    assert parse_time(str(seconds)) == (whole, "second")
    millis = seconds * 1000 + dt.microsecond // 1000
    expected_ms = whole + timedelta(milliseconds=dt.microsecond // 1000)
    assert parse_time(millis) == (expected_ms, "second")
    if len(str(millis)) == 13:
        assert parse_time(str(millis)) == (expected_ms, "second")


@given(moments)
def test_round_trip_dates(dt: datetime) -> None:
    day = dt.replace(hour=0, minute=0, second=0, microsecond=0)
    assert parse_time(dt.strftime("%Y-%m-%d")) == (day, "day")
    assert parse_time(dt.strftime("%Y-%m")) == (day.replace(day=1), "month")
    assert parse_time(f"{dt.month}/{dt.day}/{dt.year}") == (day, "day")


@given(moments)
def test_round_trip_naive_in_default_zone(dt: datetime) -> None:
    zone = "Etc/GMT-3"  # a fixed UTC+03:00, so no local time is skipped or repeated
    local = dt.astimezone(resolve_tz(zone)).replace(tzinfo=None)
    assert parse_time(local.isoformat(), default_tz=zone) == (dt, "second")


def test_is_fast_on_the_common_layouts() -> None:
    values = ["2021-05-28 02:53:44+00:00", "1/6/2015 21:07", "Wed Oct 10 20:19:24 +0000 2018"]
    start = time.perf_counter()
    for _ in range(5000):
        for value in values:
            parse_time(value)
    per_call = (time.perf_counter() - start) / 15000
    assert per_call < 50e-6, f"{per_call * 1e6:.1f} µs per call"
