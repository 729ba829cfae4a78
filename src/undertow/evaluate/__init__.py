"""Evaluate coded posts against gold: per-label scores with bootstrap intervals, and more.

:func:`evaluate` compares predictions (the output of :func:`undertow.model.coding.code_posts`)
with gold records (the gold JSONL format) and returns a JSON-ready dict; :func:`render` turns it
into a plain-text table; :func:`crossval` codes every post of a gold file by a model trained
without it and evaluates the result.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from undertow.evaluate.render import render
from undertow.evaluate.report import evaluate

__all__ = ["crossval", "evaluate", "render"]


def crossval(
    gold_path: str | Path,
    *,
    folds: int = 5,
    seed: int = 0,
    reps: int = 1000,
    training: list[dict[str, Any]] | None = None,
    cache_dir: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Cross-validate the learned coder on a gold file; return (predictions, report).

    See :func:`undertow.model.crossval.crossval` (imported lazily: it needs scikit-learn).
    """
    from undertow.model.crossval import crossval as _crossval

    return _crossval(
        gold_path,
        folds=folds,
        seed=seed,
        reps=reps,
        training=training,
        cache_dir=cache_dir,
        progress=progress,
    )
