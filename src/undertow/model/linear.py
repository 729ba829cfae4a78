"""Per-label logistic regressions with Platt calibration and thresholds chosen by inner CV.

For each label, the regularisation strength ``C`` is chosen from a small grid by the F1 it
reaches on out-of-fold predictions of the training data (inner cross-validation); the same
out-of-fold decision values then fit the Platt calibration (``p = sigmoid(a * z + b)``) and the
threshold on the calibrated probability: the one that maximises F1, except for incitement,
where it is the highest threshold that keeps out-of-fold recall at or above
``min_recall`` (recall matters more there). Solvers are deterministic (liblinear with a fixed
seed; lbfgs), so a rebuild gives the same numbers.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

__all__ = [
    "LabelFit",
    "best_threshold",
    "fit_binary",
    "fit_labels",
    "fit_platt",
    "recall_threshold",
    "stratified_folds",
]

GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


@dataclass(slots=True)
class LabelFit:
    """The fitted model of one label."""

    coef: np.ndarray  # (d,)
    intercept: float
    platt_a: float
    platt_b: float
    threshold: float
    C: float
    oof_f1: float


def stratified_folds(keys: list[str], folds: int, seed: int) -> np.ndarray:
    """A fold number per row, stratified by ``keys`` (keys rarer than ``folds`` pooled)."""
    counts: dict[str, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    pooled = [k if counts[k] >= folds else "~rare" for k in keys]
    if sum(1 for k in pooled if k == "~rare") < folds:
        pooled = [k if k != "~rare" else max(counts, key=lambda c: counts[c]) for k in pooled]
    out = np.zeros(len(keys), dtype=np.int64)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for i, (_, test) in enumerate(splitter.split(np.zeros(len(keys)), pooled)):
        out[test] = i
    return out


def fit_binary(
    X: np.ndarray, y: np.ndarray, C: float, seed: int, weight: np.ndarray | None = None
) -> tuple[np.ndarray, float]:
    """Fit an L2 logistic regression (liblinear); return (coef, intercept)."""
    if y.min() == y.max():  # one class only: a constant model
        return np.zeros(X.shape[1]), (8.0 if y[0] else -8.0)
    model = LogisticRegression(C=C, solver="liblinear", random_state=seed, max_iter=2000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y, sample_weight=weight)
    return model.coef_[0].copy(), float(model.intercept_[0])


def fit_platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling: (a, b) with p = sigmoid(a * z + b), fitted on out-of-fold values."""
    if y.min() == y.max():
        return 1.0, 0.0
    model = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    model.fit(z.reshape(-1, 1), y)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def _f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = int((y & pred).sum())
    denom = int(y.sum() + pred.sum())
    return 2 * tp / denom if denom else 0.0


def best_threshold(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The grid threshold maximising F1 (ties: the one nearest 0.5), and that F1."""
    y = y.astype(bool)
    best = (-1.0, 0.0, 0.5)
    for t in GRID:
        f = _f1(y, p >= t)
        key = (round(f, 9), -abs(t - 0.5))
        if key > best[:2]:
            best = (key[0], key[1], float(t))
    return best[2], max(best[0], 0.0)


def recall_threshold(p: np.ndarray, y: np.ndarray, min_recall: float) -> float:
    """The highest grid threshold whose recall is at least ``min_recall``."""
    y = y.astype(bool)
    if not y.any():
        return 0.5
    for t in GRID[::-1]:
        if (p[y] >= t).mean() >= min_recall:
            return float(t)
    return float(GRID[0])


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def fit_labels(
    X: np.ndarray,
    Y: np.ndarray,
    folds: np.ndarray,
    *,
    Cs: tuple[float, ...],
    seed: int,
    recall_labels: dict[int, float] | None = None,
    weight: np.ndarray | None = None,
) -> list[LabelFit]:
    """Fit one calibrated, thresholded logistic regression per column of ``Y``."""
    recall_labels = recall_labels or {}
    n_folds = int(folds.max()) + 1
    fits: list[LabelFit] = []
    for j in range(Y.shape[1]):
        y = Y[:, j].astype(int)
        best: tuple[float, float, np.ndarray] | None = None
        for C in Cs:
            z = np.zeros(len(y))
            for f in range(n_folds):
                train, test = folds != f, folds == f
                w = weight[train] if weight is not None else None
                coef, b = fit_binary(X[train], y[train], C, seed, w)
                z[test] = X[test] @ coef + b
            a, c = fit_platt(z, y)
            _, f1 = best_threshold(_sigmoid(a * z + c), y)
            if best is None or f1 > best[0] + 1e-9:
                best = (f1, C, z)
        assert best is not None
        f1, C, z = best
        a, c = fit_platt(z, y)
        p = _sigmoid(a * z + c)
        if j in recall_labels:
            threshold = recall_threshold(p, y, recall_labels[j])
        else:
            threshold, f1 = best_threshold(p, y)
        coef, b = fit_binary(X, y, C, seed, weight)
        fits.append(LabelFit(coef, b, a, c, threshold, C, f1))
    return fits
