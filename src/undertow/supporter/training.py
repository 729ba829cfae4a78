"""Training a supporter model from labelled posts: one head per script present.

:class:`FeatureCache` computes the hashed counts and lexicon features of a set of posts once,
so that cross-validation and hyper-parameter search slice them instead of recomputing.
:func:`fit_rows` trains the heads on a subset of the cached posts; :func:`train` is the plain
entry point (texts and labels in, :class:`SupporterModel` out).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from undertow.errors import InputError
from undertow.supporter.features import Hashing
from undertow.supporter.head import Head, select_and_fit
from undertow.supporter.lexicon import Lexicon, load_lexicons
from undertow.supporter.model import SupporterModel
from undertow.supporter.text import prepare_many, script_of

__all__ = ["FeatureCache", "fit_rows", "train"]


class FeatureCache:
    """Prepared texts with their script, hashed counts and lexicon features, computed once."""

    def __init__(
        self,
        prepared: Sequence[str],
        *,
        hashing: Hashing | None = None,
        lexicons: dict[str, Lexicon] | None = None,
    ) -> None:
        self.prepared = list(prepared)
        self.hashing = hashing or Hashing()
        self.lexicons = lexicons if lexicons is not None else load_lexicons()
        self.langs = np.array([script_of(p) for p in self.prepared], dtype=object)
        self.counts = self.hashing.counts(self.prepared)
        self.lex: dict[str, np.ndarray] = {}
        for lang, lexicon in self.lexicons.items():
            rows = np.flatnonzero(self.langs == lang)
            feats = np.zeros((len(self.prepared), len(lexicon.names_)))
            feats[rows] = lexicon.features([self.prepared[i] for i in rows])
            self.lex[lang] = feats

    def __len__(self) -> int:
        return len(self.prepared)


def fit_rows(
    cache: FeatureCache,
    rows: np.ndarray,
    y: np.ndarray,
    *,
    weights: np.ndarray | None = None,
    groups: np.ndarray | None = None,
    grid: dict[str, Sequence[float]] | None = None,
    folds: int = 5,
    seed: int = 0,
) -> dict[str, Head]:
    """Heads trained on the cached posts ``rows`` (labels, weights, groups: full-length arrays).

    A head is trained for every script that has a lexicon and at least ``folds`` posts of
    each class among ``rows``; posts of other scripts are left to the model's default head.
    """
    rows = np.asarray(rows)
    heads: dict[str, Head] = {}
    for lang in sorted(set(cache.langs[rows]) & set(cache.lexicons)):
        r = rows[cache.langs[rows] == lang]
        if np.bincount(y[r], minlength=2).min() < folds:
            continue
        heads[lang] = select_and_fit(
            cache.counts[r],
            cache.lex[lang][r],
            y[r],
            language=lang,
            hashing=cache.hashing,
            lexicon=cache.lexicons[lang],
            weights=None if weights is None else weights[r],
            groups=np.asarray([cache.prepared[i] for i in r]) if groups is None else groups[r],
            grid=grid,
            folds=folds,
            seed=seed,
        )
    if not heads:
        raise InputError(
            f"No head could be trained: every script needs at least {folds} supporter and "
            f"{folds} other posts. Add labelled posts of both kinds."
        )
    return heads


def train(
    texts: Sequence[str],
    labels: Sequence[int],
    *,
    weights: Sequence[float] | None = None,
    groups: Sequence[Any] | None = None,
    movement: str = "isis",
    grid: dict[str, Sequence[float]] | None = None,
    folds: int = 5,
    seed: int = 0,
    training: dict[str, Any] | None = None,
) -> SupporterModel:
    """Train a supporter model on labelled texts (label 1 = the author supports ``movement``).

    ``groups`` keeps posts of one key (an account, say) on one side of every internal split;
    by default identical prepared texts are grouped. ``training`` is stored in the model as
    its provenance.
    """
    if len(texts) != len(labels):
        raise InputError(f"Got {len(texts)} texts but {len(labels)} labels; give one label a text.")
    cache = FeatureCache(prepare_many(texts), lexicons=load_lexicons(movement))
    y = np.asarray(labels, dtype=np.int64)
    heads = fit_rows(
        cache,
        np.arange(len(y)),
        y,
        weights=None if weights is None else np.asarray(weights, dtype=np.float64),
        groups=None if groups is None else np.asarray(groups),
        grid=grid,
        folds=folds,
        seed=seed,
    )
    return SupporterModel(heads, movement=movement, training=training)
