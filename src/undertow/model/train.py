"""Fit the learned coder and rebuild the shipped artifact bit for bit.

:func:`fit_model` turns gold-format records and their embeddings into an
:class:`~undertow.model.artifact.Artifact`: one calibrated logistic regression per label
(:mod:`undertow.model.linear`; ``C`` and thresholds by inner cross-validation on the training
records only), a logistic regression per cause (trained on the ``failure_analysis`` records)
and a three-class model of the incitement form (trained on the ``incitement`` records).

:func:`build` rebuilds ``src/undertow/models/codebook-model-1.0.0``: it reads the project's own
training sets and, when ``../shared/data`` is beside the checkout, the dev gold sets, sorts
them, embeds each text alone (single-threaded, cached), fits with fixed seeds and
deterministic solvers and writes rounded float32 arrays, so the same inputs give the same
bytes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from undertow.analyzers.base import CAUSES, INCITEMENT_FORMS, LABELS, PostView
from undertow.embed import DIM, MODEL_NAME
from undertow.evaluate.annotations import post_views
from undertow.model.artifact import MODEL_VERSION, Artifact, default_model_dir
from undertow.model.cache import EmbeddingCache
from undertow.model.corpus import file_sha256, read_gold, training_dir
from undertow.model.features import SIGNALS, cue_views, feature_matrix, feature_names
from undertow.model.linear import fit_binary, fit_labels, stratified_folds

__all__ = [
    "CS",
    "DEV_GOLD",
    "build",
    "design",
    "fit_model",
    "label_matrix",
    "posts_of",
    "shared_gold_dir",
]

CS: tuple[float, ...] = (1.0, 3.0, 10.0)
INNER_FOLDS = 5
INCITEMENT_MIN_RECALL = 0.95
CAUSE_C = 10.0  # chosen on the training sets: train on one language, score the other
DEV_GOLD: tuple[str, ...] = ("dev_en.gold.jsonl", "dev_ar.gold.jsonl")
Progress = Callable[[str], None]


def shared_gold_dir() -> Path:
    """``../shared/data/gold`` beside the source checkout (or ``$UNDERTOW_SHARED_DATA/gold``)."""
    env = os.environ.get("UNDERTOW_SHARED_DATA")
    root = Path(env) if env else Path(__file__).resolve().parents[4] / "shared" / "data"
    return root / "gold"


def posts_of(records: list[dict[str, Any]]) -> list[PostView]:
    """Post views of gold-format records (missing language: ``und``)."""
    return post_views(records)


def design(records: list[dict[str, Any]], embeddings: np.ndarray) -> np.ndarray:
    """The feature matrix of records whose embeddings are given."""
    posts = posts_of(records)
    return feature_matrix(posts, embeddings, cue_views(posts))


def label_matrix(records: list[dict[str, Any]]) -> np.ndarray:
    """The (n, 9) 0/1 matrix of gold labels."""
    return np.array([[label in r.get("labels", []) for label in LABELS] for r in records], int)


def _sub_columns() -> np.ndarray:
    """Columns read by the cause and form models: the embedding and the lexicon signals."""
    names = feature_names()
    signal_cols = [names.index(f"signal.{s}") for s in SIGNALS]
    return np.array(list(range(DIM)) + signal_cols, dtype=np.int64)


def _strata(records: list[dict[str, Any]]) -> list[str]:
    return [
        f"{r.get('lang')}|{(r.get('labels') or ['none'])[0]}|{r.get('stance')}" for r in records
    ]


def fit_model(
    records: list[dict[str, Any]],
    embeddings: np.ndarray,
    *,
    seed: int = 0,
    Cs: tuple[float, ...] = CS,
    X: np.ndarray | None = None,
    incitement_recall: float | None = INCITEMENT_MIN_RECALL,
) -> Artifact:
    """Fit every part of the model on ``records`` (gold format) and return the artifact.

    ``incitement_recall``: the out-of-fold recall the incitement threshold must keep
    (``None``: the F1-optimal threshold, as for the other labels).
    """
    if X is None:
        X = design(records, embeddings)
    Y = label_matrix(records)
    folds = stratified_folds(_strata(records), INNER_FOLDS, seed)
    fits = fit_labels(
        X,
        Y,
        folds,
        Cs=Cs,
        seed=seed,
        recall_labels=(
            {LABELS.index("incitement"): incitement_recall} if incitement_recall else None
        ),
    )
    sub = _sub_columns()
    Xs = X[:, sub]
    fa = np.array(["failure_analysis" in r.get("labels", []) for r in records])
    cause_coef = np.zeros((len(sub), len(CAUSES)))
    cause_intercept = np.full(len(CAUSES), -8.0)
    for k, cause in enumerate(CAUSES):
        y = np.array([cause in (r.get("causes") or []) for r in records], int)[fa]
        if fa.sum() and y.any():
            cause_coef[:, k], cause_intercept[k] = fit_binary(Xs[fa], y, CAUSE_C, seed)
    form_coef, form_intercept = _fit_forms(records, Xs)
    arrays = {
        "label_coef": np.stack([f.coef for f in fits], axis=1),
        "label_intercept": np.array([f.intercept for f in fits]),
        "platt_a": np.array([f.platt_a for f in fits]),
        "platt_b": np.array([f.platt_b for f in fits]),
        "threshold": np.array([f.threshold for f in fits]),
        "cause_coef": cause_coef,
        "cause_intercept": cause_intercept,
        "form_coef": form_coef,
        "form_intercept": form_intercept,
        "sub_columns": sub.astype(np.float32),
    }
    card = {
        "labels": {
            label: {
                "C": f.C,
                "threshold": round(f.threshold, 2),
                "inner_cv_f1": round(f.oof_f1, 3),
                "positives": int(Y[:, j].sum()),
            }
            for j, (label, f) in enumerate(zip(LABELS, fits, strict=True))
        },
        "records": len(records),
        "features": len(feature_names()),
    }
    return Artifact(arrays, card)


def _fit_forms(records: list[dict[str, Any]], Xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rows = [
        (i, INCITEMENT_FORMS.index(r["incitement"]["form"]))
        for i, r in enumerate(records)
        if "incitement" in r.get("labels", [])
        and isinstance(r.get("incitement"), dict)
        and r["incitement"].get("form") in INCITEMENT_FORMS
    ]
    coef = np.zeros((Xs.shape[1], len(INCITEMENT_FORMS)))
    intercept = np.zeros(len(INCITEMENT_FORMS))
    ys = np.array([y for _, y in rows], int)
    if len(set(ys.tolist())) < 2:
        if len(ys):
            intercept[ys[0]] = 1.0
        return coef, intercept
    model = LogisticRegression(C=1.0, solver="lbfgs", max_iter=3000)
    model.fit(Xs[[i for i, _ in rows]], ys)
    for k, cls in enumerate(model.classes_):
        coef[:, cls] = model.coef_[k] if len(model.classes_) > 2 else 0.0
        intercept[cls] = model.intercept_[k] if len(model.classes_) > 2 else 0.0
    if len(model.classes_) == 2:  # binary case: one coefficient vector for the second class
        coef[:, model.classes_[1]] = model.coef_[0]
        intercept[model.classes_[1]] = model.intercept_[0]
    return coef, intercept


def _sources(gold_dir: Path | None) -> list[Path]:
    paths = [training_dir() / "en.jsonl", training_dir() / "ar.jsonl"]
    if gold_dir is not None:
        paths += [gold_dir / name for name in DEV_GOLD if (gold_dir / name).is_file()]
    return paths


def build(
    out_dir: str | Path | None = None,
    *,
    seed: int = 0,
    gold_dir: str | Path | None = None,
    cache_dir: str | Path | None = None,
    cv: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> Path:
    """Train on the project's training sets (+ dev gold when present) and write the artifact.

    ``out_dir`` defaults to the shipped model folder; ``gold_dir`` to ``../shared/data/gold``;
    ``cv`` is the cross-validation summary to record in the card (``None``: not measured in
    this build). Returns the folder written.
    """
    from threadpoolctl import threadpool_limits

    os.environ.setdefault("UNDERTOW_EMBED_THREADS", "1")
    out = Path(out_dir) if out_dir is not None else default_model_dir()
    gdir = Path(gold_dir) if gold_dir is not None else shared_gold_dir()
    paths = _sources(gdir if gdir.is_dir() else None)
    records: list[dict[str, Any]] = []
    data: list[dict[str, Any]] = []
    for path in paths:
        recs = read_gold(path)
        records.extend(recs)
        data.append({"file": path.name, "sha256": file_sha256(path), "records": len(recs)})
    records.sort(key=lambda r: (str(r["id"]), r["text"]))
    say = progress or (lambda _msg: None)
    say(f"Embedding {len(records):,} texts (cached)")
    with threadpool_limits(limits=1):
        embeddings = EmbeddingCache(cache_dir).embed([r["text"] for r in records])
        say("Fitting the label, cause and form models")
        artifact = fit_model(records, embeddings, seed=seed)
    artifact.card = {
        "name": "codebook.model",
        "version": MODEL_VERSION,
        "embedder": MODEL_NAME,
        "seed": seed,
        "label_order": list(LABELS),
        "causes": list(CAUSES),
        "forms": list(INCITEMENT_FORMS),
        "training_data": data,
        "languages": {
            "trained": ["en", "ar"],
            "note": "Other languages the embedder covers are coded with lower confidence: "
            "the cue features exist for English and Arabic only.",
        },
        "cv": cv,
        **artifact.card,
    }
    artifact.save(out)
    return out
