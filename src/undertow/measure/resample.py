"""Day bootstrap and day permutation for before/after windows, vectorised over many windows.

A window pair is ``L = 2W`` days: ``W`` days before a date and ``W`` days from it on. Days are
the unit of resampling, never posts: posts of one day share the news of that day and are not
independent, so resampling days keeps that dependence inside each draw.

* **Bootstrap interval**: the days of the before half are drawn with replacement from its
  valid days, the after half likewise from its own; the statistic is recomputed on each draw;
  the 2.5% and 97.5% percentiles of the after-minus-before differences, widened around the
  estimate by ``sqrt(m / (m - 1))`` (``m`` days per window: a bootstrap of ``m`` units has
  ``(m - 1) / m`` of their variance), form the 95% interval.
* **Permutation p-value**: the valid days of both halves are shuffled between them (keeping
  their sizes); ``p = (1 + #{|delta*| >= |delta|}) / (1 + permutations)``, two-sided. Exact when
  the days of the two halves are exchangeable, i.e. when nothing changed at the date.

A statistic is a sum of ratios of day sums, ``sum_c coef_c * sum(num_c) / sum(den_c)``: a share
(posts with a label / posts), the morale balance ((P - N) / (P + N)), the volume (posts / days,
with ``den`` 1 per day) or the propaganda gap (official balance minus supporter balance). The
same day draws serve every statistic of a set of windows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DEFAULT_REPS = 1000
DEFAULT_PERMS = 2000


@dataclass(slots=True)
class Effects:
    """Before, after, delta, its 95% bootstrap interval and permutation p, one entry a window."""

    before: np.ndarray
    after: np.ndarray
    delta: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    p: np.ndarray


def _ratio(num: np.ndarray, den: np.ndarray, coef: np.ndarray) -> np.ndarray:
    """Sum over the last axis (components) of ``coef * num / den``; NaN where a den is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        parts = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    return (parts * coef).sum(axis=-1)


class DayResampler:
    """Bootstrap weights and permutation masks for windows, shared by windows of one pattern.

    ``valid`` is ``(windows, 2W)``: which days of each window hold data (inside the group's
    active range). Windows with the same pattern of valid days (typically all of them: full
    windows) share their bootstrap draws and their shuffles; each window's interval and p-value
    are still those of its own days. ``reps = 0`` skips the bootstrap; ``perms = 0`` the
    permutation test.
    """

    def __init__(
        self, valid: np.ndarray, half: int, *, reps: int, perms: int, rng: np.random.Generator
    ) -> None:
        self.valid = np.asarray(valid, dtype=bool)
        self.half = half
        if self.valid.shape[0]:
            patterns, inverse = np.unique(self.valid, axis=0, return_inverse=True)
        else:
            patterns, inverse = self.valid, np.zeros(0, dtype=np.int64)
        self.patterns, self.inverse = patterns, np.asarray(inverse).reshape(-1)
        self.boot = self._bootstrap(reps, rng) if reps else None  # (reps, patterns, 2W)
        self.perm = self._permutations(perms, rng) if perms else None  # 2 x (perms, patterns, 2W)

    def _bootstrap(self, reps: int, rng: np.random.Generator) -> np.ndarray:
        """Return ``(reps, patterns, 2W)`` multiplicities of each day in each bootstrap draw."""
        count, length = self.patterns.shape
        out = np.zeros((reps, count, length), dtype=np.float64)
        for offset in (0, self.half):
            part = self.patterns[:, offset : offset + self.half]
            v = part.sum(axis=1)
            order = np.argsort(~part, axis=1, kind="stable") + offset  # valid days first
            u = rng.random((reps, count, self.half))
            j = np.minimum((u * v[None, :, None]).astype(np.int64), self.half - 1)
            use = np.arange(self.half)[None, None, :] < v[None, :, None]
            day = np.take_along_axis(np.broadcast_to(order, (reps, *order.shape)), j, axis=2)
            flat = np.arange(reps)[:, None, None] * count + np.arange(count)[None, :, None]
            flat = flat * length + day
            counts = np.bincount(
                flat[np.broadcast_to(use, flat.shape)], minlength=reps * count * length
            )
            out += counts.reshape(reps, count, length)
        return out

    def _permutations(self, perms: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Return the before and after masks ``(perms, patterns, 2W)`` of shuffled days."""
        keys = rng.random((perms, *self.patterns.shape))
        keys[:, ~self.patterns] = 2.0
        order = np.argsort(keys, axis=2)
        vb = self.patterns[:, : self.half].sum(axis=1)[None, :, None]
        va = self.patterns[:, self.half :].sum(axis=1)[None, :, None]
        position = np.arange(self.patterns.shape[1])[None, None, :]
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.broadcast_to(position, order.shape), axis=2)
        return (rank < vb).astype(np.float64), ((rank >= vb) & (rank < vb + va)).astype(np.float64)

    def _sums(self, weights: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Return ``(draws, windows, components)``: each draw's weighted day sums per window.

        ``weights`` is ``(draws, patterns, 2W)``, ``values`` ``(windows, components, 2W)``.
        """
        draws = weights.shape[0]
        windows, comps, length = values.shape
        out = np.empty((draws, windows, comps))
        for u in range(self.patterns.shape[0]):
            idx = np.flatnonzero(self.inverse == u)
            if idx.size == 0:
                continue
            block = values[idx].reshape(idx.size * comps, length)
            # einsum, not matmul: these products are tiny, and a threaded BLAS is slow on them
            sums = np.einsum("dl,bl->db", weights[:, u, :], block)
            out[:, idx, :] = sums.reshape(draws, idx.size, comps)
        return out

    def effects(self, num: np.ndarray, den: np.ndarray, coef: np.ndarray) -> Effects:
        """Compute the statistic's before, after, delta, interval and p for every window.

        ``num`` and ``den`` are ``(windows, components, 2W)``; invalid days must hold 0.
        """
        num = np.asarray(num, dtype=np.float64)
        den = np.asarray(den, dtype=np.float64)
        coef = np.asarray(coef, dtype=np.float64)
        h = self.half
        before = _ratio(num[:, :, :h].sum(axis=2), den[:, :, :h].sum(axis=2), coef)
        after = _ratio(num[:, :, h:].sum(axis=2), den[:, :, h:].sum(axis=2), coef)
        delta = after - before
        nan = np.full(delta.shape, np.nan)
        lo, hi, p = nan.copy(), nan.copy(), nan.copy()
        if self.boot is not None and num.shape[0]:
            half_mask = (np.arange(num.shape[2]) < h).astype(np.float64)
            wb, wa = self.boot * half_mask, self.boot * (1.0 - half_mask)
            boot_delta = _ratio(self._sums(wa, num), self._sums(wa, den), coef) - _ratio(
                self._sums(wb, num), self._sums(wb, den), coef
            )
            ok = (np.isfinite(boot_delta).mean(axis=0) >= 0.5) & np.isfinite(delta)
            if ok.any():
                q = np.nanquantile(boot_delta[:, ok], [0.025, 0.975], axis=0)
                # small-sample correction: a bootstrap of m days has variance (m - 1) / m of
                # the true one, so the percentiles are widened around the estimate
                days = self.patterns.sum(axis=1)[self.inverse][ok] / 2.0
                widen = np.sqrt(days / np.maximum(days - 1.0, 1.0))
                lo[ok] = delta[ok] + (q[0] - delta[ok]) * widen
                hi[ok] = delta[ok] + (q[1] - delta[ok]) * widen
        if self.perm is not None and num.shape[0]:
            mb, ma = self.perm
            null = _ratio(self._sums(ma, num), self._sums(ma, den), coef) - _ratio(
                self._sums(mb, num), self._sums(mb, den), coef
            )
            finite = np.isfinite(null)
            tol = 1e-9 * np.maximum(1.0, np.abs(delta))
            extreme = (np.abs(null) >= (np.abs(delta) - tol)[None, :]) & finite
            count = finite.sum(axis=0)
            with np.errstate(invalid="ignore", divide="ignore"):
                p = np.where(
                    np.isfinite(delta) & (count > 0),
                    (1.0 + extreme.sum(axis=0)) / (1.0 + count),
                    np.nan,
                )
        return Effects(before, after, delta, lo, hi, p)


def window_days(centres: np.ndarray, half: int) -> np.ndarray:
    """Return the ``(windows, 2W)`` day indices of windows centred on ``centres``.

    Day ``centre`` itself is the first day of the after half: before = ``[c - W, c)``, after =
    ``[c, c + W)``.
    """
    return np.asarray(centres, dtype=np.int64)[:, None] + np.arange(-half, half)[None, :]


def take_days(values: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Return ``values[days]`` with 0 wherever a day falls outside the array."""
    inside = (days >= 0) & (days < values.size)
    out = np.zeros(days.shape, dtype=np.float64)
    out[inside] = values[days[inside]]
    return out
