"""Series rows: every measure per period (day, ISO week, month), per stance and per source.

Built from the day table (:mod:`undertow.measure.daily`) by summing its days into periods. One
row a (group, period, measure), for the periods between the group's first and last post:

* ``volume``: posts in the period (``value``; no interval and never ``too_few``: a count of
  the posts held is not an estimate), with ``days``, the days of the period inside the group's
  active range;
* shares (``distress_share``, ``admission_rate``, ``incitement_rate``, ``label:<name>``):
  ``k`` of ``n`` posts, 95% Wilson interval;
* ``morale_balance``: (P - N) / (P + N) with ``pos`` = P and ``neg`` = N, 95% percentile
  bootstrap interval resampling the period's posts; undefined (None) when P + N = 0;
* ``cause:<name>``: share of the period's failure-analysis posts (``n``) naming the cause.

``too_few`` is True when ``n`` is under ``min_n``: such a row is a figure over too few posts, to
be shown as such and never drawn as data. Per-source rows are given for stances with more than
one source (for a single source they would repeat the stance's rows).
"""

from __future__ import annotations

from datetime import date

import numpy as np

from undertow.analyzers.base import CAUSES, LABELS
from undertow.errors import InputError
from undertow.measure.daily import DayTable, Group, day_date
from undertow.measure.intervals import DEFAULT_REPS, bootstrap_balance_counts, wilson_arrays

FREQS: tuple[str, ...] = ("day", "week", "month")
SERIES_MEASURES: tuple[str, ...] = (
    "volume",
    "distress_share",
    "morale_balance",
    "admission_rate",
    "incitement_rate",
    *(f"label:{name}" for name in LABELS),
    *(f"cause:{c}" for c in CAUSES),
)


def period_codes(day_numbers: np.ndarray, freq: str) -> np.ndarray:
    """Map day numbers (days since 1970-01-01) to the first day number of their period."""
    if freq not in FREQS:
        raise InputError(f"Unknown period {freq!r}; use one of: {', '.join(FREQS)}.")
    days = np.asarray(day_numbers, dtype=np.int64)
    if freq == "day":
        return days
    if freq == "week":
        return days - np.mod(days + 3, 7)  # 1970-01-01 was a Thursday: Monday = 0
    months = days.astype("datetime64[D]").astype("datetime64[M]")
    return months.astype("datetime64[D]").astype(np.int64)


def period_starts(table: DayTable, freq: str) -> tuple[np.ndarray, list[date]]:
    """Return the first column of each period of the table and the period start dates."""
    codes = period_codes(table.day0 + np.arange(table.days), freq)
    change = np.flatnonzero(np.diff(codes)) + 1
    cols = np.concatenate([[0], change]).astype(np.int64)
    return cols, [day_date(int(c)) for c in codes[cols]]


def _r(x: float) -> float | None:
    return None if not np.isfinite(x) else round(float(x), 6)


def _sum(values: np.ndarray, cols: np.ndarray) -> np.ndarray:
    return np.add.reduceat(values, cols) if values.size else values


def group_rows(
    group: Group,
    cols: np.ndarray,
    starts: list[date],
    *,
    freq: str,
    min_n: int,
    rng: np.random.Generator,
    reps: int,
    source: str | None,
) -> list[dict]:
    """Return the series rows of one group (see the module doc)."""
    active = group.active()
    days = _sum(active.astype(np.int64), cols)
    keep = np.flatnonzero(days > 0)
    c = {k: _sum(v, cols)[keep] for k, v in group.counts.items()}
    n = c["n"]
    base = [
        {"freq": freq, "by": group.kind, "stance": group.stance, "source": source,
         "period": starts[i].isoformat(), "days": int(days[i])}
        for i in keep
    ]  # fmt: skip
    rows: list[dict] = []
    pos, neg, both = c["pos"], c["neg"], c["both"]
    bal_lo, bal_hi = bootstrap_balance_counts(
        pos - both, neg - both, both, n - pos - neg + both, reps=reps, rng=rng
    )
    cis = {}
    for measure in SERIES_MEASURES[1:]:
        if measure == "morale_balance":
            continue
        den = c["label:failure_analysis"] if measure.startswith("cause:") else n
        cis[measure] = (c[measure], den, *wilson_arrays(c[measure], den))
    for j, b in enumerate(base):
        nj = int(n[j])
        # a count of the posts held is exact: never "too few"
        rows.append({**b, "measure": "volume", "n": nj, "k": nj, "value": nj, "ci": None,
                     "too_few": False})  # fmt: skip
        for measure in SERIES_MEASURES[1:]:
            if measure == "morale_balance":
                p, q = int(pos[j]), int(neg[j])
                lo, hi = _r(bal_lo[j]), _r(bal_hi[j])
                rows.append(
                    {**b, "measure": measure, "n": nj, "k": p - q,
                     "value": _r((p - q) / (p + q)) if p + q else None,
                     "ci": [lo, hi] if lo is not None and hi is not None else None,
                     "pos": p, "neg": q, "too_few": nj < min_n}
                )  # fmt: skip
                continue
            k_arr, den, lo_a, hi_a = cis[measure]
            k, d = int(k_arr[j]), int(den[j])
            lo, hi = _r(lo_a[j]), _r(hi_a[j])
            rows.append(
                {**b, "measure": measure, "n": d, "k": k, "value": _r(k / d) if d else None,
                 "ci": [lo, hi] if lo is not None and hi is not None else None,
                 "too_few": d < min_n}
            )  # fmt: skip
    return rows


def series_rows(
    table: DayTable,
    *,
    freq: str = "week",
    min_n: int = 20,
    rng: np.random.Generator,
    reps: int = DEFAULT_REPS,
) -> list[dict]:
    """Return the series rows of every stance, and of every source of multi-source stances."""
    if table.days == 0:
        return []
    cols, starts = period_starts(table, freq)
    rows: list[dict] = []
    for stance in table.stances():
        group = table.group("stance", stance)
        rows += group_rows(group, cols, starts, freq=freq, min_n=min_n, rng=rng, reps=reps,
                           source=None)  # fmt: skip
        sources = table.sources(stance)
        if len(sources) > 1:
            for source in sources:
                g = table.group("source", source)
                rows += group_rows(g, cols, starts, freq=freq, min_n=min_n, rng=rng, reps=reps,
                                   source=source)  # fmt: skip
    return rows
