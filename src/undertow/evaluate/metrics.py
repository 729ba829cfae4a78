"""Counting and bootstrap: precision, recall and F1 from per-post counts, with 95% intervals.

Intervals resample **posts** (with replacement, ``reps`` times, a seeded generator) and take the
2.5th and 97.5th percentiles of each statistic; a statistic undefined in a resample (no gold
and no predicted label) is left out of that percentile.
"""

from __future__ import annotations

import numpy as np

__all__ = ["bootstrap_index", "f1", "interval", "prf", "safe_div"]


def safe_div(a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    """``a / b`` with NaN where ``b`` is 0."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    out = np.full(np.broadcast(a, b).shape, np.nan)
    np.divide(a, b, out=out, where=b != 0)
    return out


def prf(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> tuple[np.ndarray, ...]:
    """Precision, recall and F1 (NaN where undefined) from counts."""
    precision = safe_div(tp, tp + fp)
    recall = safe_div(tp, tp + fn)
    return precision, recall, f1(tp, fp, fn)


def f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    """F1 = 2TP / (2TP + FP + FN); NaN when there is neither gold nor predicted."""
    tp = np.asarray(tp, dtype=float)
    return safe_div(2 * tp, 2 * tp + np.asarray(fp) + np.asarray(fn))


def bootstrap_index(n: int, reps: int, seed: int) -> np.ndarray:
    """A (reps, n) matrix of resampled post indices."""
    rng = np.random.default_rng(seed)
    return rng.integers(0, n, size=(reps, n)) if n else np.zeros((reps, 0), dtype=np.int64)


def interval(samples: np.ndarray) -> list[float | None]:
    """The 95% percentile interval of bootstrap samples (NaN samples left out)."""
    samples = np.asarray(samples, dtype=float)
    ok = samples[~np.isnan(samples)]
    if not ok.size:
        return [None, None]
    lo, hi = np.percentile(ok, [2.5, 97.5])
    return [round(float(lo), 4), round(float(hi), 4)]
