"""Change points in a daily series: PELT on a weighted Gaussian cost, with a stated penalty rule.

A daily series is a value ``y[d]`` with a weight ``w[d]`` per day (a share weighted by the day's
posts, the balance by its morale-bearing posts, the log volume by 1 per day; days with weight 0
carry no information). The cost of a segment is the weighted sum of squares around its weighted
mean, computed in O(1) from cumulative sums, and the optimal segmentation minimises the total
cost plus a penalty per change (PELT, Killick et al. 2012), every segment at least ``min_size``
days long.

Penalty rule (BIC-style, scaled by the noise of the series)::

    penalty = PENALTY_FACTOR * sigma2 * log(T)

``T`` is the number of days with data and ``sigma2`` the variance of one unit of weight: the
larger of a robust estimate from successive days (the MAD of weight-scaled first differences,
which mean shifts hardly move) and a floor given by the sampling variance of the measure
(``p(1 - p)`` for a share, ``1 - b^2`` for a balance). The factor was chosen on simulated null
series so that a series without any change gets a change point in about 1% of cases (see
docs/measures.md and ``tests/test_measure_changepoints.py``).

Each change is reported with the size of the step (weighted mean of the segment after minus the
one before, between the neighbouring changes), a normal interval of that size, and an interval for
its date from the profile likelihood of its position within those segments (the 2.5% and 97.5%
points of the position's likelihood normalised over the possible days).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from undertow.events import Event
from undertow.measure.daily import DayTable

PENALTY_FACTOR = 3.0
MIN_SIZE = 7
MAD_SCALE = 1.482602218505602  # MAD of a normal sample -> its standard deviation


@dataclass(slots=True, frozen=True)
class Change:
    """One change point: the new level starts at day index ``index`` of the series."""

    index: int
    lo: int  # 95% interval of the day index (inclusive)
    hi: int
    before: float  # weighted mean of the segment before
    after: float  # weighted mean of the segment after
    delta: float
    delta_lo: float
    delta_hi: float
    start: int  # first day of the segment before
    end: int  # one past the last day of the segment after


class _Cumsums:
    """Cumulative sums of w, w*y and w*y^2, for the O(1) segment cost."""

    def __init__(self, y: np.ndarray, w: np.ndarray) -> None:
        y = np.where(w > 0, y, 0.0)
        self.w = np.concatenate([[0.0], np.cumsum(w)])
        self.s = np.concatenate([[0.0], np.cumsum(w * y)])
        self.q = np.concatenate([[0.0], np.cumsum(w * y * y)])

    def cost(self, start: np.ndarray | int, end: np.ndarray | int) -> np.ndarray:
        """Weighted sum of squares of days ``[start, end)`` around their weighted mean."""
        w = self.w[end] - self.w[start]
        s = self.s[end] - self.s[start]
        q = self.q[end] - self.q[start]
        with np.errstate(divide="ignore", invalid="ignore"):
            fit = np.where(w > 0, s * s / np.where(w > 0, w, 1.0), 0.0)
        return np.maximum(q - fit, 0.0)

    def mean(self, start: int, end: int) -> float:
        w = self.w[end] - self.w[start]
        return float((self.s[end] - self.s[start]) / w) if w > 0 else math.nan

    def weight(self, start: int, end: int) -> float:
        return float(self.w[end] - self.w[start])


def pelt(y: np.ndarray, w: np.ndarray, penalty: float, min_size: int = MIN_SIZE) -> list[int]:
    """Return the change indices (first day of each new segment) minimising cost + penalty.

    ``y`` and ``w`` are equal-length float arrays (``w >= 0``). Every segment has at least
    ``min_size`` days. Exact for the weighted squared-error cost (PELT pruning, K = 0).
    """
    y = np.asarray(y, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    n = y.size
    if n < 2 * min_size:
        return []
    cs = _Cumsums(y, w)
    best = np.full(n + 1, np.inf)
    best[0] = -penalty
    last = np.zeros(n + 1, dtype=np.int64)
    cands = np.zeros(0, dtype=np.int64)
    for t in range(min_size, n + 1):
        new = t - min_size
        if new == 0 or new >= min_size:
            cands = np.append(cands, new)
        if cands.size == 0:
            continue
        total = best[cands] + cs.cost(cands, t)
        i = int(np.argmin(total))
        best[t] = total[i] + penalty
        last[t] = cands[i]
        cands = cands[total <= best[t]]
    out: list[int] = []
    t = n
    while t > 0:
        s = int(last[t])
        if s > 0:
            out.append(s)
        t = s
    return sorted(out)


def noise_variance(y: np.ndarray, w: np.ndarray, floor: float = 0.0) -> float:
    """Return the variance of one unit of weight: robust (MAD of scaled differences), floored.

    Successive days with data ``i < j`` give ``(y_j - y_i) / sqrt(1/w_i + 1/w_j)``, which has
    that variance when the mean does not change between them; a few mean shifts barely move
    the median absolute deviation of these differences.
    """
    y = np.asarray(y, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    ok = w > 0
    if np.count_nonzero(ok) < 3:
        return max(floor, 0.0)
    yy, ww = y[ok], w[ok]
    e = np.diff(yy) / np.sqrt(1.0 / ww[1:] + 1.0 / ww[:-1])
    mad = float(np.median(np.abs(e - np.median(e))))
    return max((MAD_SCALE * mad) ** 2, floor)


def penalty_for(sigma2: float, days: int, factor: float = PENALTY_FACTOR) -> float:
    """Return the penalty per change point: ``factor * sigma2 * log(days)``."""
    return factor * sigma2 * math.log(max(days, 3))


def _position_interval(cs: _Cumsums, a: int, b: int, m: int, sigma2: float) -> tuple[int, int]:
    """Return the 95% interval of a change's position in ``[a, b)`` from its profile likelihood."""
    pos = np.arange(a + m, b - m + 1)
    if pos.size <= 1 or sigma2 <= 0:
        return (int(pos[0]), int(pos[-1])) if pos.size else (a, b)
    gain = cs.cost(a, b) - cs.cost(np.full(pos.size, a), pos) - cs.cost(pos, np.full(pos.size, b))
    loglik = gain / (2.0 * sigma2)
    weight = np.exp(loglik - loglik.max())
    cum = np.cumsum(weight) / weight.sum()
    lo = int(pos[np.searchsorted(cum, 0.025)])
    hi = int(pos[min(np.searchsorted(cum, 0.975), pos.size - 1)])
    return lo, hi


def detect(
    y: np.ndarray,
    w: np.ndarray,
    *,
    floor: float = 0.0,
    min_size: int = MIN_SIZE,
    factor: float = PENALTY_FACTOR,
) -> tuple[list[Change], float, float]:
    """Find the change points of a daily series; return ``(changes, sigma2, penalty)``.

    See the module docstring for the penalty rule and the intervals. ``floor`` is the sampling
    variance of one unit of weight under no overdispersion (the variance floor).
    """
    y = np.asarray(y, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    days = int(np.count_nonzero(w > 0))
    sigma2 = noise_variance(y, w, floor)
    pen = penalty_for(sigma2, days, factor)
    if days < 2 * min_size or sigma2 <= 0:
        return [], sigma2, pen
    idx = pelt(y, w, pen, min_size)
    cs = _Cumsums(y, w)
    bounds = [0, *idx, y.size]
    changes: list[Change] = []
    for j, tau in enumerate(idx, start=1):
        a, b = bounds[j - 1], bounds[j + 1]
        before, after = cs.mean(a, tau), cs.mean(tau, b)
        se = math.sqrt(sigma2 * (1.0 / cs.weight(a, tau) + 1.0 / cs.weight(tau, b)))
        lo, hi = _position_interval(cs, a, b, min_size, sigma2)
        delta = after - before
        changes.append(
            Change(tau, lo, hi, before, after, delta, delta - 1.96 * se, delta + 1.96 * se, a, b)
        )
    return changes, sigma2, pen


CHANGE_MEASURES: tuple[str, ...] = (
    "volume",
    "distress_share",
    "morale_balance",
    "admission_rate",
    "incitement_rate",
)


def daily_series(
    counts: dict[str, np.ndarray], measure: str
) -> tuple[np.ndarray, np.ndarray, float]:
    """Return ``(y, w, floor)`` of a measure from a group's daily counts (see module doc).

    Volume is analysed as ``log(1 + posts)`` with weight 1 a day (steps in volume are
    multiplicative); a share as ``k / n`` weighted by ``n``; the balance as ``(P - N) / (P + N)``
    weighted by ``P + N``.
    """
    n = counts["n"].astype(np.float64)
    if measure == "volume":
        m = float(n.mean()) if n.size else 0.0
        return np.log1p(n), np.ones_like(n), m / (1.0 + m) ** 2
    if measure == "morale_balance":
        num = (counts["pos"] - counts["neg"]).astype(np.float64)
        w = (counts["pos"] + counts["neg"]).astype(np.float64)
    else:
        num = counts[measure].astype(np.float64)
        w = n
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.where(w > 0, num / np.where(w > 0, w, 1.0), 0.0)
    total = w.sum()
    mean = float(num.sum() / total) if total else 0.0
    floor = 1.0 - mean * mean if measure == "morale_balance" else mean * (1.0 - mean)
    return y, w, floor


def _volume_step(n: np.ndarray, a: int, tau: int, b: int) -> tuple[float, float, float, float]:
    """Mean posts a day before and after, and a Welch normal 95% interval of the step."""
    left, right = n[a:tau].astype(np.float64), n[tau:b].astype(np.float64)
    before, after = float(left.mean()), float(right.mean())
    se = math.sqrt(left.var(ddof=1) / left.size + right.var(ddof=1) / right.size)
    delta = after - before
    return before, after, delta - 1.96 * se, delta + 1.96 * se


def _r(x: float) -> float | None:
    return None if not np.isfinite(x) else round(float(x), 6)


def nearest_event(day: date, events: list[Event]) -> dict[str, Any] | None:
    """Return the event nearest to ``day`` (``days`` = day minus event date), or None."""
    if not events:
        return None
    i = min(range(len(events)), key=lambda j: (abs((day - events[j].date).days), j))
    ev = events[i]
    return {
        "event": i + 1,
        "date": ev.date.isoformat(),
        "place": ev.place,
        "type": ev.type,
        "days": (day - ev.date).days,
    }


def scan(
    table: DayTable, events: list[Event], *, min_n: int = 20, measures: tuple[str, ...] = ()
) -> tuple[list[dict], list[dict]]:
    """Find the change points of every stance's daily series; return ``(rows, scans)``.

    ``scans`` says, per stance and measure, how many days were searched, the noise variance,
    the penalty and the number of changes, or why the series was skipped (fewer than
    ``2 * MIN_SIZE`` days with data, fewer than ``min_n`` posts in all, or a constant series
    such as a share of 0 where no post carries the label).
    """
    rows: list[dict] = []
    scans: list[dict] = []
    for stance in table.stances():
        group = table.group("stance", stance)
        if group.first < 0:
            continue
        a0, b0 = group.first, group.last + 1
        counts = {k: v[a0:b0] for k, v in group.counts.items()}
        for measure in measures or CHANGE_MEASURES:
            y, w, floor = daily_series(counts, measure)
            info: dict[str, Any] = {"stance": stance, "measure": measure,
                                    "days": int(np.count_nonzero(w > 0))}  # fmt: skip
            if info["days"] < 2 * MIN_SIZE or counts["n"].sum() < min_n or w.sum() < min_n:
                scans.append({**info, "skipped": "too few posts or days"})
                continue
            if measure != "volume" and np.ptp(y[w > 0]) == 0:
                scans.append({**info, "skipped": "the same value on every day"})
                continue
            changes, sigma2, pen = detect(y, w, floor=floor)
            scans.append({**info, "sigma2": _r(sigma2), "penalty": _r(pen),
                          "changes": len(changes)})  # fmt: skip
            for ch in changes:
                if measure == "volume":
                    before, after, lo, hi = _volume_step(counts["n"], ch.start, ch.index, ch.end)
                    delta = after - before
                else:
                    before, after, delta, lo, hi = ch.before, ch.after, ch.delta, ch.delta_lo, \
                        ch.delta_hi  # fmt: skip
                day = table.date_of(a0 + ch.index)
                rows.append(
                    {
                        "stance": stance,
                        "measure": measure,
                        "date": day.isoformat(),
                        "date_ci": [
                            table.date_of(a0 + ch.lo).isoformat(),
                            table.date_of(a0 + ch.hi).isoformat(),
                        ],
                        "before": _r(before),
                        "after": _r(after),
                        "delta": _r(delta),
                        "ci": [_r(lo), _r(hi)],
                        "n_before": int(counts["n"][ch.start : ch.index].sum()),
                        "n_after": int(counts["n"][ch.index : ch.end].sum()),
                        "days_before": ch.index - ch.start,
                        "days_after": ch.end - ch.index,
                        "nearest_event": nearest_event(day, events),
                    }
                )
    return rows, scans
