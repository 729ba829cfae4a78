"""Event studies: each measure in the W days after an event minus the W days before it.

For every event and stance, and every measure of :data:`EVENT_MEASURES` (plus the mentions of
the event's place), the value over the window after (the event day and the W - 1 days after
it) minus the value over the W days before, pooled over the posts of each window; a 95% day
bootstrap interval and a day-permutation p-value (:mod:`undertow.measure.resample`).

Placebo check: the same difference at up to :data:`PLACEBO_DATES` dates drawn at random among the
days at least W + 1 days away from every event whose windows lie wholly inside the stance's
data. ``p_placebo`` ranks an event's |delta| among the placebo |delta|s; the share of placebo
dates whose own permutation p is under 0.05 shows whether the test holds its level on this
corpus (it should be near 0.05).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from undertow.events import Event
from undertow.measure.daily import DayTable, Group
from undertow.measure.resample import (
    DEFAULT_PERMS,
    DEFAULT_REPS,
    DayResampler,
    Effects,
    take_days,
    window_days,
)

EVENT_MEASURES: tuple[str, ...] = (
    "volume",
    "distress_share",
    "morale_balance",
    "admission_rate",
    "incitement_rate",
)
PLACE_MEASURE = "place_mentions"
GAP_MEASURE = "propaganda_gap"
GAP_STANCE = "official-supporter"
PLACEBO_DATES = 200
PLACEBO_PERMS = 500
MIN_PLACEBO = 20

MentionCounts = Callable[[Event, str], "tuple[np.ndarray | None, dict]"]


@dataclass(slots=True, frozen=True)
class Parts:
    """A statistic as daily numerator and denominator components with coefficients."""

    num: list[np.ndarray]
    den: list[np.ndarray]
    coef: list[float]


def measure_parts(group: Group, measure: str) -> Parts:
    """Return the daily parts of a measure for one group (see :mod:`resample`)."""
    c = group.counts
    if measure == "volume":
        return Parts([c["n"]], [group.active().astype(np.int64)], [1.0])
    if measure == "morale_balance":
        return Parts([c["pos"] - c["neg"]], [c["pos"] + c["neg"]], [1.0])
    return Parts([c[measure]], [c["n"]], [1.0])


def _stack(arrays: list[np.ndarray], days: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Return ``(windows, components, 2W)`` values on the window days (0 on invalid days)."""
    out = np.stack([take_days(a, days) for a in arrays], axis=1)
    return out * valid[:, None, :]


def _r(x: float) -> float | None:
    return None if not np.isfinite(x) else round(float(x), 6)


def _sums(arr: np.ndarray, days: np.ndarray, valid: np.ndarray, half: int) -> tuple[int, int]:
    v = take_days(arr, days) * valid
    return int(v[:half].sum()), int(v[half:].sum())


class _Context:
    """One stance's windows: valid days, resampler and placebo resampler."""

    def __init__(
        self,
        valid_fn: Callable[[np.ndarray], np.ndarray],
        span: tuple[int, int],
        events: list[Event],
        table: DayTable,
        half: int,
        reps: int,
        perms: int,
        rng: np.random.Generator,
    ) -> None:
        centres = np.array([table.index_of(e.date) for e in events], dtype=np.int64)
        days = window_days(centres, half) if centres.size else np.zeros((0, 2 * half), np.int64)
        valid = valid_fn(days)
        keep = (valid[:, :half].any(axis=1)) & (valid[:, half:].any(axis=1))
        self.events = [e for e, k in zip(events, keep, strict=True) if k]
        self.days, self.valid = days[keep], valid[keep]
        self.half = half
        self.res = DayResampler(self.valid, half, reps=reps, perms=perms, rng=rng)
        # placebo dates: full windows inside the span, more than W days from every event
        first, last = span
        cand = np.arange(first + half, last - half + 2)
        if centres.size and cand.size:
            far = np.abs(cand[:, None] - centres[None, :]).min(axis=1) > half
            cand = cand[far]
        if cand.size > PLACEBO_DATES:
            cand = np.sort(rng.choice(cand, PLACEBO_DATES, replace=False))
        pdays = window_days(cand, half) if cand.size else np.zeros((0, 2 * half), np.int64)
        self.placebo_days = pdays
        self.placebo_valid = valid_fn(pdays)
        self.placebo = (
            DayResampler(self.placebo_valid, half, reps=0, perms=PLACEBO_PERMS, rng=rng)
            if cand.size >= MIN_PLACEBO
            else None
        )

    def effects(self, parts: Parts) -> tuple[Effects, Effects | None]:
        num = _stack(parts.num, self.days, self.valid)
        den = _stack(parts.den, self.days, self.valid)
        eff = self.res.effects(num, den, np.asarray(parts.coef))
        pl = None
        if self.placebo is not None:
            pnum = _stack(parts.num, self.placebo_days, self.placebo_valid)
            pden = _stack(parts.den, self.placebo_days, self.placebo_valid)
            pl = self.placebo.effects(pnum, pden, np.asarray(parts.coef))
        return eff, pl


def _row(
    event: Event, number: int, stance: str, measure: str, eff: Effects, i: int
) -> dict[str, object]:
    ci = [_r(eff.lo[i]), _r(eff.hi[i])]
    return {
        "event": number,
        "date": event.date.isoformat(),
        "place": event.place,
        "type": event.type,
        "stance": stance,
        "measure": measure,
        "before": _r(eff.before[i]),
        "after": _r(eff.after[i]),
        "delta": _r(eff.delta[i]),
        "ci": ci if None not in ci else None,
        "p": _r(eff.p[i]),
    }


def _placebo_p(delta: float, placebo: Effects | None) -> float | None:
    if placebo is None or not np.isfinite(delta):
        return None
    d = placebo.delta[np.isfinite(placebo.delta)]
    if d.size < MIN_PLACEBO:
        return None
    return _r((1.0 + np.count_nonzero(np.abs(d) >= abs(delta) - 1e-12)) / (1.0 + d.size))


def _placebo_summary(stance: str, measure: str, placebo: Effects | None) -> dict[str, object]:
    if placebo is None:
        return {"stance": stance, "measure": measure, "dates": 0, "delta_sd": None,
                "rejection_rate": None}  # fmt: skip
    ok = np.isfinite(placebo.delta) & np.isfinite(placebo.p)
    return {
        "stance": stance,
        "measure": measure,
        "dates": int(ok.sum()),
        "delta_sd": _r(float(np.std(placebo.delta[ok]))) if ok.sum() > 1 else None,
        "rejection_rate": _r(float(np.mean(placebo.p[ok] < 0.05))) if ok.any() else None,
    }


def event_study(
    table: DayTable,
    events: list[Event],
    *,
    window: int = 14,
    min_n: int = 20,
    rng: np.random.Generator,
    reps: int = DEFAULT_REPS,
    perms: int = DEFAULT_PERMS,
    mentions: MentionCounts | None = None,
) -> tuple[list[dict], list[dict]]:
    """Return ``(event rows, placebo rows)`` for every stance, event and measure.

    Events whose before or after window holds no day of a stance's data are left out for
    that stance. ``mentions(event, stance)`` returns the daily counts of the stance's posts
    mentioning the event's place (or None) and a dict describing the match (place ids).
    """
    rows: list[dict] = []
    placebo_rows: list[dict] = []
    numbers = {id(e): i for i, e in enumerate(events, start=1)}
    for stance in table.stances():
        group = table.group("stance", stance)
        if group.first < 0:
            continue
        active = group.active()

        def valid_fn(days: np.ndarray, active: np.ndarray = active) -> np.ndarray:
            return take_days(active.astype(np.float64), days) > 0

        ctx = _Context(valid_fn, (group.first, group.last), events, table, window, reps, perms, rng)
        n_before_after = [
            _sums(group.n, d, v, window) for d, v in zip(ctx.days, ctx.valid, strict=True)
        ]
        for measure in EVENT_MEASURES:
            parts = measure_parts(group, measure)
            eff, pl = ctx.effects(parts)
            placebo_rows.append(_placebo_summary(stance, measure, pl))
            for i, ev in enumerate(ctx.events):
                row = _row(ev, numbers[id(ev)], stance, measure, eff, i)
                nb, na = n_before_after[i]
                row.update(n_before=nb, n_after=na)
                d, v = ctx.days[i], ctx.valid[i]
                if measure == "morale_balance":
                    pb, pa_ = _sums(group.counts["pos"], d, v, window)
                    qb, qa = _sums(group.counts["neg"], d, v, window)
                    row.update(pos_before=pb, neg_before=qb, pos_after=pa_, neg_after=qa)
                elif measure != "volume":
                    kb, ka = _sums(group.counts[measure], d, v, window)
                    row.update(k_before=kb, k_after=ka)
                row.update(
                    days_before=int(v[:window].sum()),
                    days_after=int(v[window:].sum()),
                    p_placebo=_placebo_p(eff.delta[i], pl),
                    too_few=bool(nb < min_n or na < min_n),
                )
                rows.append(row)
        if mentions is not None:
            rows.extend(_mention_rows(ctx, group, mentions, numbers, window, min_n))
    rows.extend(gap_event_rows(table, events, window=window, min_n=min_n, rng=rng, reps=reps,
                               perms=perms, numbers=numbers))  # fmt: skip
    return rows, placebo_rows


def _mention_rows(
    ctx: _Context,
    group: Group,
    mentions: MentionCounts,
    numbers: dict[int, int],
    window: int,
    min_n: int,
) -> list[dict]:
    """Rows of the share of the stance's posts that mention each event's place."""
    found = [mentions(ev, group.name) for ev in ctx.events]
    if not any(counts is not None for counts, _ in found):
        return []
    zero = np.zeros_like(group.n)
    num = np.concatenate(
        [
            _stack([counts if counts is not None else zero], ctx.days[i : i + 1],
                   ctx.valid[i : i + 1])
            for i, (counts, _) in enumerate(found)
        ]
    )  # fmt: skip
    den = _stack([group.n], ctx.days, ctx.valid)
    eff = ctx.res.effects(num, den, np.asarray([1.0]))
    rows = []
    for i, ev in enumerate(ctx.events):
        counts, info = found[i]
        if counts is None:
            continue
        d, v = ctx.days[i], ctx.valid[i]
        row = _row(ev, numbers[id(ev)], group.name, PLACE_MEASURE, eff, i)
        nb, na = _sums(group.n, d, v, window)
        kb, ka = _sums(counts, d, v, window)
        row.update(
            n_before=nb,
            n_after=na,
            k_before=kb,
            k_after=ka,
            days_before=int(v[:window].sum()),
            days_after=int(v[window:].sum()),
            p_placebo=None,
            too_few=bool(nb < min_n or na < min_n),
            **info,
        )
        rows.append(row)
    return rows


def gap_event_rows(
    table: DayTable,
    events: list[Event],
    *,
    window: int,
    min_n: int,
    rng: np.random.Generator,
    reps: int,
    perms: int,
    numbers: dict[int, int],
) -> list[dict]:
    """Event rows of the propaganda gap (official minus supporter morale balance)."""
    stances = table.stances()
    if "official" not in stances or "supporter" not in stances:
        return []
    off, sup = table.group("stance", "official"), table.group("stance", "supporter")
    if off.first < 0 or sup.first < 0:
        return []
    both = off.active() & sup.active()
    if not both.any():
        return []

    def valid_fn(days: np.ndarray) -> np.ndarray:
        return take_days(both.astype(np.float64), days) > 0

    span = (max(off.first, sup.first), min(off.last, sup.last))
    ctx = _Context(valid_fn, span, events, table, window, reps, perms, rng)
    c_o, c_s = off.counts, sup.counts
    parts = Parts(
        [c_o["pos"] - c_o["neg"], c_s["pos"] - c_s["neg"]],
        [c_o["pos"] + c_o["neg"], c_s["pos"] + c_s["neg"]],
        [1.0, -1.0],
    )
    eff, pl = ctx.effects(parts)
    rows = []
    for i, ev in enumerate(ctx.events):
        row = _row(ev, numbers[id(ev)], GAP_STANCE, GAP_MEASURE, eff, i)
        d, v = ctx.days[i], ctx.valid[i]
        ob, oa = _sums(off.n, d, v, window)
        sb, sa = _sums(sup.n, d, v, window)
        row.update(
            n_before=ob + sb,
            n_after=oa + sa,
            n_official_before=ob,
            n_official_after=oa,
            n_supporter_before=sb,
            n_supporter_after=sa,
            days_before=int(v[:window].sum()),
            days_after=int(v[window:].sum()),
            p_placebo=_placebo_p(eff.delta[i], pl),
            too_few=bool(min(ob, oa, sb, sa) < min_n),
        )
        rows.append(row)
    return rows
