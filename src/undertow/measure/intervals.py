"""Confidence intervals for the measures: Wilson score for shares, bootstrap for the balance.

Shares (distress share, admission rate, label shares) get the Wilson score interval, which
behaves well at small n and near 0 or 1. The morale balance (P - N) / (P + N) is a ratio of two
correlated counts over the same posts (a post can be both positive and negative), so it gets a
percentile bootstrap that resamples posts. Resampling n posts with replacement is the same as
drawing the four post kinds (positive only, negative only, both, neither) from a multinomial
with the observed proportions, which is what the code does: the cost does not grow with n.
"""

from __future__ import annotations

import math

import numpy as np

DEFAULT_REPS = 1000
_CHUNK = 256


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Return the Wilson score interval for ``k`` successes in ``n`` trials.

    ``(nan, nan)`` when ``n == 0``. ``z = 1.96`` gives a 95% interval.
    """
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"wilson() needs 0 <= k <= n, got k={k}, n={n}.")
    if n == 0:
        return (math.nan, math.nan)
    lo, hi = wilson_arrays(np.asarray([k]), np.asarray([n]), z)
    return (float(lo[0]), float(hi[0]))


def wilson_arrays(k: np.ndarray, n: np.ndarray, z: float = 1.96) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised :func:`wilson`: element-wise intervals, NaN where ``n == 0``."""
    k = np.asarray(k, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        z2 = z * z
        denom = 1.0 + z2 / n
        centre = (p + z2 / (2.0 * n)) / denom
        half = z * np.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denom
        lo = np.clip(centre - half, 0.0, 1.0)
        hi = np.clip(centre + half, 0.0, 1.0)
    empty = n <= 0
    lo[empty] = np.nan
    hi[empty] = np.nan
    return lo, hi


def balance(pos: int, neg: int) -> float:
    """Return the morale balance (P - N) / (P + N), NaN when both are 0."""
    total = pos + neg
    return (pos - neg) / total if total else math.nan


def bootstrap_balance(
    pos: np.ndarray,
    neg: np.ndarray,
    *,
    reps: int = DEFAULT_REPS,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Return a percentile bootstrap interval of the morale balance, resampling posts.

    ``pos`` and ``neg`` hold 0/1 per post (positive: defiance or triumphalism; negative: despair
    or worry). Returns ``(nan, nan)`` when the balance is undefined (no positive and no negative
    post). Resamples in which the balance is undefined are left out of the percentiles.
    """
    pos_b = np.asarray(pos).astype(bool)
    neg_b = np.asarray(neg).astype(bool)
    if pos_b.shape != neg_b.shape:
        raise ValueError("bootstrap_balance() needs pos and neg of the same length.")
    both = int(np.count_nonzero(pos_b & neg_b))
    pos_only = int(np.count_nonzero(pos_b)) - both
    neg_only = int(np.count_nonzero(neg_b)) - both
    neither = pos_b.size - pos_only - neg_only - both
    lo, hi = bootstrap_balance_counts(
        np.asarray([pos_only]),
        np.asarray([neg_only]),
        np.asarray([both]),
        np.asarray([neither]),
        reps=reps,
        rng=np.random.default_rng(seed),
        level=level,
    )
    return (float(lo[0]), float(hi[0]))


def bootstrap_balance_counts(
    pos_only: np.ndarray,
    neg_only: np.ndarray,
    both: np.ndarray,
    neither: np.ndarray,
    *,
    reps: int = DEFAULT_REPS,
    rng: np.random.Generator | None = None,
    level: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised :func:`bootstrap_balance` over many groups given their four post-kind counts.

    Each argument is an integer array with one entry per group. Returns ``(lo, hi)`` arrays,
    NaN for groups whose balance is undefined.
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    tail = (1.0 - level) / 2.0
    n = np.asarray(pos_only).shape[0] if np.ndim(pos_only) else 1
    lo = np.full(n, np.nan)
    hi = np.full(n, np.nan)
    for start in range(0, n, _CHUNK):
        part = slice(start, start + _CHUNK)
        b = balance_draws(
            np.asarray(pos_only)[part],
            np.asarray(neg_only)[part],
            np.asarray(both)[part],
            np.asarray(neither)[part],
            reps=reps,
            rng=rng,
        )
        defined = ~np.all(np.isnan(b), axis=0)
        if defined.any():
            qs = np.nanquantile(b[:, defined], [tail, 1.0 - tail], axis=0)
            idx = np.arange(start, min(start + _CHUNK, n))[defined]
            lo[idx], hi[idx] = qs[0], qs[1]
    return lo, hi


def balance_draws(
    pos_only: np.ndarray,
    neg_only: np.ndarray,
    both: np.ndarray,
    neither: np.ndarray,
    *,
    reps: int = DEFAULT_REPS,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    """Return ``(reps, groups)`` bootstrap draws of the morale balance, resampling posts.

    NaN where a resample (or the group itself) has no positive and no negative post. Groups of
    the same draw are independent; used for the interval of a balance and, drawn for two
    stances, of their difference (the propaganda gap).
    """
    rng = rng if rng is not None else np.random.default_rng(0)
    counts = np.stack(
        [np.atleast_1d(np.asarray(a, dtype=np.int64)) for a in (pos_only, neg_only, both, neither)],
        axis=1,
    )
    n = counts.sum(axis=1)
    out = np.full((reps, n.size), np.nan)
    defined = (counts[:, 0] + counts[:, 1] + counts[:, 2]) > 0
    sel = np.flatnonzero(defined)
    if sel.size == 0:
        return out
    probs = counts[sel] / n[sel, None]
    draws = rng.multinomial(n[sel], probs, size=(reps, sel.size))  # (reps, groups, 4)
    p = draws[..., 0] + draws[..., 2]
    q = draws[..., 1] + draws[..., 2]
    with np.errstate(divide="ignore", invalid="ignore"):
        out[:, sel] = np.where(p + q > 0, (p - q) / (p + q), np.nan)
    return out
