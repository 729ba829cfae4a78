"""Axes of the report's charts: the y range and ticks of each kind of measure, the time ticks."""

from __future__ import annotations

import math
from datetime import date, timedelta

from undertow.measure.series import SeriesPoint

SHARE_SCALES = (
    (0.05, 0.01),
    (0.1, 0.02),
    (0.15, 0.05),
    (0.2, 0.05),
    (0.25, 0.05),
    (0.3, 0.1),
    (0.4, 0.1),
    (0.5, 0.1),
    (0.6, 0.2),
    (0.8, 0.2),
    (1.0, 0.2),
)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def next_period(day: date, freq: str) -> date:
    """Return the start of the period after the one starting on ``day``."""
    if freq == "day":
        return day + timedelta(days=1)
    if freq == "week":
        return day + timedelta(days=7)
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def nice_top(top: float) -> tuple[float, float]:
    """Return a round upper bound at least ``top`` and its tick step (five steps)."""
    if top <= 0:
        return 1.0, 0.2
    mag = 10.0 ** math.floor(math.log10(top))
    mult = next(m for m in (1, 2, 2.5, 5, 10) if m * mag >= top)
    return mult * mag, mult * mag / 5


def y_scale(by_stance: dict[str, list[SeriesPoint]], kind: str) -> tuple[float, float, float]:
    if kind == "balance":
        return -1.0, 1.0, 0.5
    values = [v for pts in by_stance.values() for p in pts
              for v in (p.value, p.lo, p.hi) if v is not None]  # fmt: skip
    if kind == "gap":
        lo = max(math.floor(2 * min([*values, 0.0])) / 2, -2.0)
        hi = min(math.ceil(2 * max([*values, 0.0])) / 2, 2.0)
        hi = hi if hi > lo else lo + 0.5
        return lo, hi, 0.5 if hi - lo <= 2 else 1.0
    if kind == "count":
        top, step = nice_top(max(values, default=0.0))
        return 0.0, top, step
    top = 0.0
    for points in by_stance.values():
        for p in points:
            if p.value is not None:
                top = max(top, p.value)
            if not p.too_few and p.hi is not None:
                top = max(top, p.hi)
    for ymax, step in SHARE_SCALES:
        if top <= ymax + 1e-12:
            return 0.0, ymax, step
    return 0.0, 1.0, 0.2


def month_ticks(x0: date, x1: date) -> tuple[list[date], list[date], int]:
    months = []
    cur = date(x0.year, x0.month, 1)
    if cur < x0:
        cur = next_period(cur, "month")
    while cur <= x1:
        months.append(cur)
        cur = next_period(cur, "month")
    step = next((s for s in (1, 2, 3, 4, 6, 12, 24, 60) if len(months) / s <= 12), 120)
    labelled = [
        m
        for m in months
        if (
            (m.month - 1) % step == 0 if step <= 12 else m.month == 1 and m.year % (step // 12) == 0
        )
    ]
    minor = months if len(months) <= 120 else [m for m in months if m.month == 1]
    return minor, labelled, step


def x_labels(
    x0: date, x1: date, by_stance: dict[str, list[SeriesPoint]]
) -> tuple[list[date], list[tuple[date, str, str]]]:
    """Return the minor (month) ticks and the labelled ticks ``(day, text, year or "")``.

    Month labels when the range holds at least two month starts, else period start dates.
    """
    minor, labelled, step = month_ticks(x0, x1)
    if len(labelled) >= 2:
        labels = [
            (
                m,
                str(m.year) if step >= 12 else MONTHS[m.month - 1],
                str(m.year) if step < 12 and (m.month == 1 or j == 0) else "",
            )
            for j, m in enumerate(labelled)
        ]
        return minor, labels
    starts = sorted({p.period_start for points in by_stance.values() for p in points}) or [x0]
    every = -(-len(starts) // 8)
    labels = [
        (
            d,
            f"{d.day} {MONTHS[d.month - 1]}",
            str(d.year) if j == 0 or d.year != starts[0].year else "",
        )
        for j, d in enumerate(starts[::every])
    ]
    return minor, labels
