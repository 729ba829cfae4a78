"""Nested cross-validation of the supporter model on a labelled JSONL file.

Every post is scored by a model that never saw it: the outer folds split the file (identical
prepared texts always fall in the same fold), and on each outer training part the model
chooses its own hyper-parameters by an inner cross-validation
(:func:`~undertow.supporter.head.select_and_fit`) before it is fitted. F1, precision and
recall are reported per fold and over all posts, with percentile bootstrap intervals of F1.

A labelled file is JSONL, one post a line, with a ``text`` and one of: ``supporter`` (true /
false or 1 / 0), ``gold_label`` (``"pro-…"`` / ``"not-…"``, as in ``supporter_dev_ar.jsonl``),
or ``stance`` (``supporter``, ``official`` and ``internal`` count as support; ``opponent`` and
``observer`` do not).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import StratifiedGroupKFold

from undertow.errors import InputError, RecordError
from undertow.supporter.lexicon import load_lexicons
from undertow.supporter.model import SupporterModel
from undertow.supporter.text import prepare_many
from undertow.supporter.training import FeatureCache, fit_rows

__all__ = ["bootstrap_f1", "crossval", "label_of", "read_labelled", "scores"]

PRO_STANCES = frozenset({"supporter", "official", "internal"})
NOT_STANCES = frozenset({"opponent", "observer"})


def label_of(record: dict[str, Any]) -> int | None:
    """1 (supporter), 0 (not) or None (no usable label) for one labelled record."""
    if "supporter" in record and record["supporter"] is not None:
        return int(bool(record["supporter"]))
    gold = record.get("gold_label")
    if isinstance(gold, str):
        gold = gold.strip().lower()
        if gold.startswith("pro"):
            return 1
        if gold.startswith("not") or gold.startswith("anti"):
            return 0
    stance = record.get("stance")
    if stance in PRO_STANCES:
        return 1
    if stance in NOT_STANCES:
        return 0
    return None


def read_labelled(path: str | os.PathLike[str]) -> tuple[list[str], np.ndarray, list[str]]:
    """Texts, labels (int array) and ids (``id`` or the line number) of a labelled JSONL file."""
    file = Path(path)
    if not file.is_file():
        raise InputError(f"{file} does not exist; give a labelled JSONL file.")
    texts: list[str] = []
    labels: list[int] = []
    ids: list[str] = []
    with file.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecordError(str(file), f"line {lineno}", f"not JSON ({exc.msg})") from exc
            label = label_of(record) if isinstance(record, dict) else None
            text = record.get("text") if isinstance(record, dict) else None
            if not isinstance(text, str) or label is None:
                raise RecordError(
                    str(file),
                    f"line {lineno}",
                    "needs a string 'text' and a label ('supporter', 'gold_label' pro-/not-, "
                    "or 'stance'); fix or remove the line",
                )
            texts.append(text)
            labels.append(label)
            ids.append(str(record.get("id", lineno)))
    if not texts:
        raise InputError(f"{file} holds no labelled posts.")
    return texts, np.asarray(labels, dtype=np.int64), ids


def scores(y: np.ndarray, pred: np.ndarray) -> dict[str, float | int]:
    """F1, precision and recall of boolean predictions ``pred`` against labels ``y``."""
    tp = int(np.sum((pred == 1) & (y == 1)))
    fp = int(np.sum((pred == 1) & (y == 0)))
    fn = int(np.sum((pred == 0) & (y == 1)))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"f1": f1, "precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn}


def bootstrap_f1(
    y: np.ndarray, pred: np.ndarray, *, n_boot: int = 1000, seed: int = 0, level: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap interval of F1 (posts resampled with replacement)."""
    rng = np.random.default_rng(seed)
    y = np.asarray(y, dtype=bool)
    pred = np.asarray(pred, dtype=bool)
    n = len(y)
    tp_v = (y & pred).astype(np.int64)
    err_v = (y ^ pred).astype(np.int64)  # fp + fn
    f1s = np.empty(n_boot)
    for b in range(n_boot):
        idx = rng.integers(0, n, n)
        tp = tp_v[idx].sum()
        err = err_v[idx].sum()
        f1s[b] = 2 * tp / (2 * tp + err) if tp else 0.0
    alpha = (1 - level) / 2
    lo, hi = np.quantile(f1s, [alpha, 1 - alpha])
    return float(lo), float(hi)


def _rounded(d: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in d.items()}


def crossval(
    path: str | os.PathLike[str],
    *,
    folds: int = 5,
    seed: int = 0,
    inner_folds: int = 5,
    grid: dict[str, Sequence[float]] | None = None,
    n_boot: int = 1000,
    movement: str = "isis",
) -> dict[str, Any]:
    """Nested cross-validation of the supporter model on the labelled JSONL file ``path``.

    Returns ``{"path", "n", "folds": [...], "overall": {...}, "mean_fold_f1", "ids",
    "proba"}``. Each fold records ``n_train``, ``n_test``, ``train_ids``, ``test_ids``, the
    hyper-parameters chosen on its training part and its F1, precision, recall and F1
    interval; ``overall`` scores all out-of-fold predictions together. A post is called a
    supporter when its probability exceeds 0.5.
    """
    texts, y, ids = read_labelled(path)
    prepared = prepare_many(texts)
    cache = FeatureCache(prepared, lexicons=load_lexicons(movement))
    per_class = np.bincount(y, minlength=2)
    if per_class.min() < folds:
        raise InputError(
            f"{path} has {per_class.min()} posts in its smaller class, fewer than {folds} "
            "folds; label more posts or ask for fewer folds."
        )
    groups = np.asarray(prepared, dtype=object)
    outer = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    proba = np.zeros(len(y))
    fold_reports: list[dict[str, Any]] = []
    for k, (train, test) in enumerate(outer.split(np.zeros(len(y)), y, groups)):
        heads = fit_rows(cache, train, y, grid=grid, folds=inner_folds, seed=seed)
        model = SupporterModel(heads, movement=movement)
        proba[test] = model.predict_prepared([prepared[i] for i in test])
        pred = proba[test] > 0.5
        lo, hi = bootstrap_f1(y[test], pred, n_boot=n_boot, seed=seed + k)
        fold_reports.append(
            {
                "fold": k,
                "n_train": len(train),
                "n_test": len(test),
                "params": {lang: h.params for lang, h in heads.items()},
                **_rounded(scores(y[test], pred)),
                "f1_ci": [round(lo, 4), round(hi, 4)],
                "train_ids": [ids[i] for i in train],
                "test_ids": [ids[i] for i in test],
            }
        )
    pred = proba > 0.5
    lo, hi = bootstrap_f1(y, pred, n_boot=n_boot, seed=seed)
    return {
        "path": str(path),
        "n": len(y),
        "n_supporter": int(y.sum()),
        "folds": fold_reports,
        "overall": {**_rounded(scores(y, pred)), "f1_ci": [round(lo, 4), round(hi, 4)]},
        "mean_fold_f1": round(float(np.mean([f["f1"] for f in fold_reports])), 4),
        "settings": {"folds": folds, "inner_folds": inner_folds, "seed": seed, "n_boot": n_boot},
        "ids": ids,
        "proba": [round(float(p), 6) for p in proba],
    }
