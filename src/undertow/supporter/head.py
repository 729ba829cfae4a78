"""One head of the supporter model: the classifier for the posts of one script.

A head stacks two views of a post:

1. a linear SVM on character n-grams (:mod:`undertow.supporter.features`), which learns the
   style and vocabulary of the training posts;
2. the marker counts of the movement's lexicon (:mod:`undertow.supporter.lexicon`), one
   number per category, which carry to posts whose words never occurred in training.

A logistic regression (the *meta* model) reads the SVM score and the category counts and
returns the probability that the author supports the movement. It is trained on out-of-fold
SVM scores, so it learns how far to trust the SVM on posts it has not seen; that is also the
Platt calibration of the SVM score.

Hyper-parameters (the SVM's ``C`` and the meta model's ``C``) are chosen by cross-validation
on the training posts only (:func:`select_and_fit`), so a caller that holds test posts out
gets nested cross-validation.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.svm import LinearSVC

from undertow.errors import InputError
from undertow.supporter.features import Hashing, fit_idf, tfidf
from undertow.supporter.lexicon import Lexicon

__all__ = ["DEFAULT_GRID", "Head", "select_and_fit"]

#: Candidate values of the SVM's C and of the meta model's C, searched in this order (the
#: first best wins ties, so the more regularised setting is preferred).
DEFAULT_GRID: dict[str, tuple[float, ...]] = {
    "C": (0.3, 1.0, 3.0, 10.0),
    "meta_C": (0.1, 1.0, 10.0, 100.0),
}


def _f32(x: float) -> float:
    return float(np.float32(x))


@dataclass
class Head:
    """A fitted head: SVM weights over hashed n-grams, idf, lexicon and meta model."""

    language: str
    hashing: Hashing
    lexicon: Lexicon
    idf: np.ndarray
    coef: np.ndarray
    intercept: float
    meta_coef: np.ndarray
    meta_intercept: float
    params: dict[str, float] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    def svm_score(self, counts: sparse.csr_matrix) -> np.ndarray:
        """The SVM's decision value for hashed counts."""
        return tfidf(counts, self.idf) @ self.coef.astype(np.float64) + self.intercept

    def proba_from(self, counts: sparse.csr_matrix, lex: np.ndarray) -> np.ndarray:
        """Probabilities from precomputed counts and lexicon features."""
        z = np.column_stack([self.svm_score(counts), lex]) @ self.meta_coef + self.meta_intercept
        return 1.0 / (1.0 + np.exp(-z))

    def predict_proba(self, prepared: Sequence[str]) -> np.ndarray:
        """Probability that each prepared text's author supports the movement."""
        if not prepared:
            return np.zeros(0)
        return self.proba_from(self.hashing.counts(prepared), self.lexicon.features(prepared))


def _folds(
    y: np.ndarray, groups: np.ndarray, n_folds: int, seed: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    per_class = np.bincount(y, minlength=2)
    if per_class.min() < n_folds:
        raise InputError(
            f"Cannot cross-validate: {per_class.min()} posts in the smaller class, fewer than "
            f"the {n_folds} folds asked for. Label more posts or ask for fewer folds."
        )
    splitter = StratifiedGroupKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(y)), y, groups))


def _fit_svm(
    counts: sparse.csr_matrix, y: np.ndarray, w: np.ndarray, c: float
) -> tuple[np.ndarray, np.ndarray, float]:
    idf = fit_idf(counts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        svm = LinearSVC(C=c, max_iter=5000, random_state=0).fit(
            tfidf(counts, idf), y, sample_weight=w
        )
    return idf, svm.coef_.ravel().astype(np.float32), _f32(svm.intercept_[0])


def _score(counts: sparse.csr_matrix, idf: np.ndarray, coef: np.ndarray, b: float) -> np.ndarray:
    return tfidf(counts, idf) @ coef.astype(np.float64) + b


def _fit_meta(z: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    meta = LogisticRegression(C=c, solver="newton-cholesky", max_iter=1000)
    meta.fit(z, y, sample_weight=w)
    return meta.coef_.ravel().astype(np.float32).astype(np.float64), _f32(meta.intercept_[0])


def _proba(z: np.ndarray, coef: np.ndarray, b: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(z @ coef + b)))


def select_and_fit(
    counts: sparse.csr_matrix,
    lex: np.ndarray,
    y: Sequence[int] | np.ndarray,
    *,
    language: str,
    hashing: Hashing,
    lexicon: Lexicon,
    weights: np.ndarray | None = None,
    groups: Sequence[Any] | np.ndarray | None = None,
    grid: dict[str, Sequence[float]] | None = None,
    folds: int = 5,
    seed: int = 0,
) -> Head:
    """Choose C and meta C by cross-validation on these posts, then fit a head on all of them.

    ``counts`` and ``lex`` are the hashed counts and lexicon features of the training posts,
    ``y`` their labels (1 = supporter), ``weights`` optional sample weights, ``groups``
    optional group keys (posts of one group never fall on both sides of a split: use the
    account, or the prepared text to keep duplicates together). For each C the SVM is fitted
    ``folds`` times to get out-of-fold scores; each meta C is then scored by cross-validated
    F1 of the meta model on those scores. The chosen SVM is refitted on all posts and the
    meta model on all out-of-fold scores. Deterministic for a given ``seed``.
    """
    y = np.asarray(y, dtype=np.int64)
    n = len(y)
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    g = np.arange(n) if groups is None else np.asarray(groups)
    grid = grid or DEFAULT_GRID
    splits = _folds(y, g, folds, seed)
    table: list[dict[str, float]] = []
    best: tuple[float, float, float, np.ndarray] | None = None
    for c in grid["C"]:
        oof = np.zeros(n)
        for train, test in splits:
            idf, coef, b = _fit_svm(counts[train], y[train], w[train], c)
            oof[test] = _score(counts[test], idf, coef, b)
        z = np.column_stack([oof, lex])
        for mc in grid["meta_C"]:
            pred = np.zeros(n)
            for train, test in splits:
                coef_m, b_m = _fit_meta(z[train], y[train], w[train], mc)
                pred[test] = _proba(z[test], coef_m, b_m)
            f1 = float(f1_score(y, pred > 0.5, sample_weight=w, zero_division=0.0))
            table.append({"C": c, "meta_C": mc, "f1": round(f1, 6)})
            if best is None or f1 > best[0]:
                best = (f1, c, mc, z)
    assert best is not None
    f1, c, mc, z = best
    idf, coef, b = _fit_svm(counts, y, w, c)
    meta_coef, meta_b = _fit_meta(z, y, w, mc)
    return Head(
        language=language,
        hashing=hashing,
        lexicon=lexicon,
        idf=idf,
        coef=coef,
        intercept=b,
        meta_coef=meta_coef,
        meta_intercept=meta_b,
        params={"C": c, "meta_C": mc},
        info={
            "n_train": n,
            "n_supporter": int(y.sum()),
            "selection_folds": folds,
            "selection_f1": round(f1, 6),
            "selection": table,
        },
    )
