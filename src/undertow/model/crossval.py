"""Cross-validated evaluation: every gold post is coded by a model that never saw it.

The gold file is split into stratified folds (by language, first label and stance). For each
fold, a model is trained from scratch (:func:`undertow.model.train.fit_model`, with its own
inner cross-validation for ``C``, calibration and thresholds) on the project's own training
sets plus the other folds, and codes the held-out fold through the same path as
:func:`undertow.model.coding.code_posts`. Training records whose text is also a gold text are
dropped first, and the split is asserted: no scored post id or text was trained on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from undertow.evaluate.report import evaluate
from undertow.model.cache import EmbeddingCache
from undertow.model.coding import Coder
from undertow.model.corpus import read_gold, training_records
from undertow.model.linear import stratified_folds
from undertow.model.train import fit_model, posts_of

__all__ = ["crossval", "split_check"]

Progress = Callable[[str], None]


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def split_check(train: list[dict[str, Any]], scored: list[dict[str, Any]]) -> None:
    """Raise ``AssertionError`` if a scored post (by id or text) is among the training ones."""
    ids = {str(r["id"]) for r in train}
    texts = {_key(r["text"]) for r in train}
    for r in scored:
        assert str(r["id"]) not in ids, f"post {r['id']} is scored and trained on"
        assert _key(r["text"]) not in texts, f"the text of post {r['id']} is trained on"


def crossval(
    gold_path: str | Path,
    *,
    folds: int = 5,
    seed: int = 0,
    reps: int = 1000,
    training: list[dict[str, Any]] | None = None,
    cache_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Code every post of ``gold_path`` by a model trained without its fold; evaluate.

    ``training`` replaces the project's own training records (default: ``training/*.jsonl``).
    Returns the predictions (gold order, the ``code_posts`` format) and the
    :func:`~undertow.evaluate.evaluate` report with a ``cv`` section added.
    """
    gold = read_gold(gold_path)
    gold_texts = {_key(r["text"]) for r in gold}
    pool = [r for r in (training if training is not None else training_records())]
    dropped = sum(1 for r in pool if _key(r["text"]) in gold_texts)
    pool = [r for r in pool if _key(r["text"]) not in gold_texts]
    cache = EmbeddingCache(cache_dir)
    E_pool = cache.embed([r["text"] for r in pool])
    E_gold = cache.embed([r["text"] for r in gold])
    strata = [f"{r.get('lang')}|{(r.get('labels') or ['none'])[0]}|{r.get('stance')}" for r in gold]
    fold_of = stratified_folds(strata, folds, seed)
    preds: list[dict[str, Any] | None] = [None] * len(gold)
    say = progress or (lambda _msg: None)
    for f in range(folds):
        test = np.where(fold_of == f)[0]
        train_idx = np.where(fold_of != f)[0]
        train = pool + [gold[i] for i in train_idx]
        scored = [gold[i] for i in test]
        split_check(train, scored)
        say(f"Fold {f + 1}/{folds}: training on {len(train):,} records, coding {len(test)}")
        E_train = np.vstack([E_pool, E_gold[train_idx]])
        coder = Coder(fit_model(train, E_train, seed=seed), embed_fn=cache.embed)
        for i, result in zip(test, coder.code(posts_of(scored), E_gold[test]), strict=True):
            preds[i] = result
    out = [p for p in preds if p is not None]
    assert len(out) == len(gold), "every gold post is coded exactly once"
    report = evaluate(gold, out, reps=reps, seed=seed)
    report["cv"] = {
        "gold": Path(gold_path).name,
        "folds": folds,
        "seed": seed,
        "training_records": len(pool),
        "training_dropped_as_duplicates_of_gold": dropped,
    }
    return out, report
