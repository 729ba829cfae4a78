"""Series of the codebook's measures per period (day, ISO week, month) and stance.

Input are the workspace's two tables: ``posts`` (one row a post, ``created_at`` UTC or null) and
``labels`` (one row a label on a post; a post with no row is coded ``none``). Everything is
computed with pyarrow compute and numpy: the only Python loop is one per (period, stance) group.

Measures (codebook, "Measures built on the labels"):

* ``distress_share``: share of posts with ``despair`` or ``worry`` (Wilson interval);
* ``morale_balance``: (P - N) / (P + N), P = posts with ``defiance`` or ``triumphalism``,
  N = posts with ``despair`` or ``worry``; undefined (None) when both are 0 (bootstrap interval);
* ``admission_rate`` and ``incitement_rate``: share of posts with that label (Wilson);
* ``label:<name>``: share of posts with each label of :data:`LABELS` (Wilson).

Periods are computed in UTC; a week starts on Monday (ISO weeks). Posts without a time are left
out and counted (:attr:`Series.untimed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from undertow.analyzers.base import LABELS
from undertow.errors import InputError
from undertow.measure.intervals import DEFAULT_REPS, bootstrap_balance_counts, wilson_arrays
from undertow.measure.table import ROW, column, require_columns, with_post_rows

FREQS: tuple[str, ...] = ("day", "week", "month")
SHARE_MEASURES: dict[str, tuple[str, ...]] = {
    "distress_share": ("despair", "worry"),
    "admission_rate": ("admission",),
    "incitement_rate": ("incitement",),
    **{f"label:{name}": (name,) for name in LABELS},
}
MEASURES: tuple[str, ...] = (
    "distress_share",
    "morale_balance",
    "admission_rate",
    "incitement_rate",
    *(f"label:{name}" for name in LABELS),
)
POSITIVE: tuple[str, ...] = ("defiance", "triumphalism")
NEGATIVE: tuple[str, ...] = ("despair", "worry")
_EPOCH = date(1970, 1, 1)
_US_PER_DAY = 86_400_000_000


@dataclass(slots=True, frozen=True)
class SeriesPoint:
    """One measure for one stance in one period.

    ``n`` is the number of posts of the group and ``k`` the numerator: the posts counted by a
    share, or P - N for ``morale_balance`` (whose P and N are also in ``pos`` and ``neg``).
    ``value``, ``lo`` and ``hi`` are None where the measure is undefined. ``too_few`` is True
    when ``n`` is under the ``min_n`` rule: the value is still given, but a chart must not draw
    it as data.
    """

    period_start: date
    stance: str
    n: int
    measure: str
    value: float | None
    lo: float | None
    hi: float | None
    k: int
    too_few: bool
    pos: int = 0
    neg: int = 0


class Series(list[SeriesPoint]):
    """A list of :class:`SeriesPoint` that also tells how it was built.

    ``untimed`` counts the posts left out for lack of a time; ``freq`` and ``min_n`` are the
    arguments the series was computed with.
    """

    def __init__(self, points: list[SeriesPoint], *, untimed: int, freq: str, min_n: int):
        super().__init__(points)
        self.untimed = untimed
        self.freq = freq
        self.min_n = min_n

    def by_stance(self, measure: str) -> dict[str, list[SeriesPoint]]:
        """Return the points of one measure grouped by stance, each list in time order."""
        out: dict[str, list[SeriesPoint]] = {}
        for point in self:
            if point.measure == measure:
                out.setdefault(point.stance, []).append(point)
        for points in out.values():
            points.sort(key=lambda p: p.period_start)
        return out


def label_flags(posts: pa.Table, labels: pa.Table) -> dict[str, np.ndarray]:
    """Return, for each label of :data:`LABELS`, a boolean array over the rows of ``posts``.

    Label rows whose post is not in ``posts`` are ignored; duplicate rows (the same label from
    two analyzers) count once.
    """
    require_columns(posts, ("id",), "posts")
    n = posts.num_rows
    flags = {name: np.zeros(n, dtype=bool) for name in LABELS}
    lab = with_post_rows(posts, labels)
    if n == 0 or lab.num_rows == 0:
        return flags
    row_np = lab[ROW].to_numpy()
    label_arr = column(lab, "label")
    for name in LABELS:
        hit = pc.fill_null(pc.equal(label_arr, name), False).to_numpy(zero_copy_only=False)
        if hit.any():
            flags[name][row_np[hit]] = True
    return flags


def _period_codes(micros: np.ndarray, freq: str) -> np.ndarray:
    """Map UTC microseconds to an integer code per period (days or months since 1970)."""
    days = np.floor_divide(micros, _US_PER_DAY)
    if freq == "day":
        return days
    if freq == "week":
        return days - np.mod(days + 3, 7)  # 1970-01-01 was a Thursday: Monday = 0
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _period_start(code: int, freq: str) -> date:
    if freq == "month":
        return np.datetime64(int(code), "M").astype("datetime64[D]").astype(date)
    return _EPOCH + timedelta(days=int(code))


def _opt(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def weekly_series(
    posts: pa.Table,
    labels: pa.Table,
    *,
    freq: str = "week",
    min_n: int = 20,
    reps: int = DEFAULT_REPS,
    seed: int = 0,
) -> Series:
    """Compute every measure of :data:`MEASURES` per period and stance.

    ``freq`` is ``day``, ``week`` (ISO weeks, from Monday) or ``month``. Points whose group has
    fewer than ``min_n`` posts are flagged ``too_few``. Shares get 95% Wilson intervals; the
    morale balance a 95% percentile bootstrap over posts (``reps`` resamples, seeded by
    ``seed``). Posts without ``created_at`` are excluded and counted in ``Series.untimed``.
    """
    if freq not in FREQS:
        raise InputError(f"Unknown period {freq!r}; use one of: {', '.join(FREQS)}.")
    require_columns(posts, ("id", "stance", "created_at"), "posts")
    flags = label_flags(posts, labels)
    times = column(posts, "created_at")
    timed = pc.is_valid(times).to_numpy(zero_copy_only=False)
    untimed = int(timed.size - np.count_nonzero(timed))
    if not timed.any():
        return Series([], untimed=untimed, freq=freq, min_n=min_n)

    if pa.types.is_timestamp(times.type) and times.type.unit != "us":
        times = times.cast(pa.timestamp("us", tz=times.type.tz))
    micros = pc.cast(times.filter(pa.array(timed)), pa.int64()).to_numpy(zero_copy_only=False)
    period = _period_codes(micros, freq)
    stance_enc = pc.dictionary_encode(column(posts, "stance").filter(pa.array(timed)))
    stance_names = [str(s) for s in stance_enc.dictionary.to_pylist()]
    n_stances = max(len(stance_names), 1)
    stance_code = pc.fill_null(stance_enc.indices, -1).to_numpy(zero_copy_only=False)
    if (stance_code < 0).any():
        stance_names.append("unknown")
        stance_code = np.where(stance_code < 0, len(stance_names) - 1, stance_code)
        n_stances = len(stance_names)
    key = period.astype(np.int64) * n_stances + stance_code.astype(np.int64)
    keys, inverse = np.unique(key, return_inverse=True)
    groups = keys.size

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(inverse[mask[timed]], minlength=groups)

    n = np.bincount(inverse, minlength=groups)
    any_of = {
        measure: np.logical_or.reduce([flags[name] for name in names])
        for measure, names in SHARE_MEASURES.items()
    }
    share_k = {measure: count(mask) for measure, mask in any_of.items()}
    pos_mask = flags[POSITIVE[0]] | flags[POSITIVE[1]]
    neg_mask = flags[NEGATIVE[0]] | flags[NEGATIVE[1]]
    both = count(pos_mask & neg_mask)
    pos = count(pos_mask)
    neg = count(neg_mask)
    bal_lo, bal_hi = bootstrap_balance_counts(
        pos - both,
        neg - both,
        both,
        n - pos - neg + both,
        reps=reps,
        rng=np.random.default_rng(seed),
    )
    share_ci = {m: wilson_arrays(k, n) for m, k in share_k.items()}

    points: list[SeriesPoint] = []
    for g in range(groups):
        code, s = divmod(int(keys[g]), n_stances)
        size = int(n[g])
        base = {
            "period_start": _period_start(code, freq),
            "stance": stance_names[s],
            "n": size,
            "too_few": size < min_n,
        }
        for measure in MEASURES:
            if measure == "morale_balance":
                p, q = int(pos[g]), int(neg[g])
                value = (p - q) / (p + q) if p + q else None
                lo, hi = _opt(bal_lo[g]), _opt(bal_hi[g])
                points.append(
                    SeriesPoint(
                        **base, measure=measure, value=value, lo=lo, hi=hi, k=p - q, pos=p, neg=q
                    )
                )
                continue
            k = int(share_k[measure][g])
            lo_a, hi_a = share_ci[measure]
            points.append(
                SeriesPoint(
                    **base, measure=measure, value=k / size, lo=_opt(lo_a[g]), hi=_opt(hi_a[g]), k=k
                )
            )
    return Series(points, untimed=untimed, freq=freq, min_n=min_n)


def _counts(col: pa.Array) -> dict[str, int]:
    vc = pc.value_counts(col)
    pairs = [
        (str(v) if v is not None else "(none)", int(c))
        for v, c in zip(vc.field("values").to_pylist(), vc.field("counts").to_pylist(), strict=True)
    ]
    pairs.sort(key=lambda vc: (-vc[1], vc[0]))
    return dict(pairs)


def summary(posts: pa.Table, labels: pa.Table) -> dict[str, Any]:
    """Describe a corpus: counts per stance, source, language and label, first and last dates.

    Returns a dict with ``posts``, ``timed``, ``untimed``, ``labelled`` (posts with at least one
    label), ``first`` and ``last`` (dates, UTC, None without timed posts), ``by_stance``,
    ``by_source``, ``by_lang`` (value -> posts, largest first), ``by_label`` (label -> posts with
    it, every label of :data:`LABELS`) and ``by_stance_label`` (stance -> label -> posts).
    """
    require_columns(posts, ("id", "stance", "created_at"), "posts")
    out: dict[str, Any] = {"posts": posts.num_rows}
    times = column(posts, "created_at")
    timed = posts.num_rows - times.null_count
    out["timed"], out["untimed"] = timed, posts.num_rows - timed
    first = last = None
    if timed:
        mm = pc.min_max(times)
        first, last = mm["min"].as_py().date(), mm["max"].as_py().date()
    out["first"], out["last"] = first, last
    for col, key in (("stance", "by_stance"), ("source", "by_source"), ("lang", "by_lang")):
        out[key] = (
            _counts(column(posts, col)) if col in posts.column_names and posts.num_rows else {}
        )
    flags = label_flags(posts, labels)
    out["by_label"] = {name: int(np.count_nonzero(f)) for name, f in flags.items()}
    any_label = np.logical_or.reduce(list(flags.values())) if posts.num_rows else np.zeros(0, bool)
    out["labelled"] = int(np.count_nonzero(any_label))
    by_stance_label: dict[str, dict[str, int]] = {}
    if posts.num_rows:
        enc = pc.dictionary_encode(column(posts, "stance"))
        codes = pc.fill_null(enc.indices, -1).to_numpy(zero_copy_only=False)
        for i, stance in enumerate(enc.dictionary.to_pylist()):
            rows = codes == i
            by_stance_label[str(stance)] = {
                name: int(np.count_nonzero(f & rows)) for name, f in flags.items()
            }
    out["by_stance_label"] = by_stance_label
    return out
