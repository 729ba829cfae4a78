"""The propaganda gap: official minus supporter morale balance over the same periods.

Per period (day, week or month) in which both stances posted: each stance's morale balance, the
gap, and a 95% percentile bootstrap interval of the gap (the posts of each stance resampled
independently, the two balances differenced draw by draw). ``too_few`` when either stance has
fewer than ``min_n`` posts in the period, or a balance is undefined. The official output
volume per period (a movement's official media shrink as it loses ground) is
:func:`official_volume`. The gap in windows around events is in the event study
(:func:`undertow.measure.eventstudy.gap_event_rows`).
"""

from __future__ import annotations

import numpy as np

from undertow.measure.daily import DayTable
from undertow.measure.intervals import DEFAULT_REPS, balance_draws
from undertow.measure.periods import period_starts


def _r(x: float) -> float | None:
    return None if not np.isfinite(x) else round(float(x), 6)


def gap_rows(
    table: DayTable,
    *,
    freq: str = "week",
    min_n: int = 20,
    rng: np.random.Generator,
    reps: int = DEFAULT_REPS,
) -> list[dict]:
    """Return one row per period in which both official and supporter posts exist."""
    if table.days == 0 or not {"official", "supporter"} <= set(table.stances()):
        return []
    cols, starts = period_starts(table, freq)
    sums = {}
    for stance in ("official", "supporter"):
        g = table.group("stance", stance)
        sums[stance] = {k: np.add.reduceat(g.counts[k], cols) for k in ("n", "pos", "neg", "both")}
    o, s = sums["official"], sums["supporter"]
    keep = np.flatnonzero((o["n"] > 0) & (s["n"] > 0))
    if keep.size == 0:
        return []

    def draws(c: dict[str, np.ndarray]) -> np.ndarray:
        n, pos, neg, both = (c[k][keep] for k in ("n", "pos", "neg", "both"))
        return balance_draws(pos - both, neg - both, both, n - pos - neg + both, reps=reps, rng=rng)

    diff = draws(o) - draws(s)
    rows = []
    for j, i in enumerate(keep):
        bal = {}
        for name, c in (("official", o), ("supporter", s)):
            p, q = int(c["pos"][i]), int(c["neg"][i])
            bal[name] = (p - q) / (p + q) if p + q else None
        gap = (
            bal["official"] - bal["supporter"]
            if bal["official"] is not None and bal["supporter"] is not None
            else None
        )
        col = diff[:, j]
        ok = np.isfinite(col)
        ci = None
        if gap is not None and ok.mean() >= 0.5:
            lo, hi = np.quantile(col[ok], [0.025, 0.975])
            ci = [_r(lo), _r(hi)]
        n_o, n_s = int(o["n"][i]), int(s["n"][i])
        rows.append(
            {
                "freq": freq,
                "period": starts[i].isoformat(),
                "official": _r(bal["official"]) if bal["official"] is not None else None,
                "supporter": _r(bal["supporter"]) if bal["supporter"] is not None else None,
                "gap": _r(gap) if gap is not None else None,
                "ci": ci,
                "n_official": n_o,
                "n_supporter": n_s,
                "too_few": bool(gap is None or min(n_o, n_s) < min_n),
            }
        )
    return rows


def official_volume(series: list[dict]) -> list[dict]:
    """Return the official stance's posts per period, taken from the series rows."""
    return [
        {"period": r["period"], "n": r["n"], "days": r["days"]}
        for r in series
        if r["by"] == "stance" and r["stance"] == "official" and r["measure"] == "volume"
    ]
