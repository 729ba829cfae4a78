"""Character n-gram features without a vocabulary: hashed counts, then sublinear tf-idf.

Counts come from scikit-learn's :class:`~sklearn.feature_extraction.text.HashingVectorizer`
(MurmurHash3 of each n-gram, so no vocabulary file has to ship). The idf vector is learned
from the training texts and stored with the model; a hashed column never seen in training
gets idf 0, so unseen n-grams neither score nor dilute the length normalisation of a
post (as they would if they kept the largest idf).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

__all__ = ["Hashing", "fit_idf", "tfidf"]


@dataclass(frozen=True)
class Hashing:
    """How prepared texts become hashed n-gram counts (stored in the model as is)."""

    analyzer: str = "char_wb"
    ngram_min: int = 1
    ngram_max: int = 5
    n_features: int = 2**18

    @cached_property
    def vectorizer(self) -> HashingVectorizer:
        """The (stateless) vectorizer these settings describe."""
        return HashingVectorizer(
            analyzer=self.analyzer,
            ngram_range=(self.ngram_min, self.ngram_max),
            n_features=self.n_features,
            alternate_sign=False,
            norm=None,
            lowercase=False,
            dtype=np.float64,
        )

    def counts(self, prepared: Sequence[str]) -> sparse.csr_matrix:
        """Hashed n-gram counts of prepared texts, one row a text.

        With ``char_wb`` every n-gram lies inside one whitespace-separated word, so the
        counts of a text are the sum of its words' counts: each distinct word of the batch
        is hashed once (the same matrix as hashing every text, several times faster).
        """
        if self.analyzer != "char_wb":
            return self.vectorizer.transform(prepared).tocsr()
        vocab: dict[str, int] = {}
        indptr = [0]
        indices: list[int] = []
        for text in prepared:
            for word in text.split():
                indices.append(vocab.setdefault(word, len(vocab)))
            indptr.append(len(indices))
        if not vocab:
            return sparse.csr_matrix((len(prepared), self.n_features), dtype=np.float64)
        words = sparse.csr_matrix(
            (np.ones(len(indices)), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
            shape=(len(prepared), len(vocab)),
        )
        hashed = self.vectorizer.transform(list(vocab)).tocsr()
        out = (words @ hashed).tocsr()
        out.sort_indices()
        return out

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON data."""
        return asdict(self)


def fit_idf(counts: sparse.csr_matrix) -> np.ndarray:
    """Smoothed idf of each hashed column (``ln((1+n)/(1+df)) + 1``), 0 where df is 0."""
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.where(df > 0, np.log((1.0 + n) / (1.0 + df)) + 1.0, 0.0)
    return idf.astype(np.float32)


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear tf (``1 + ln tf``) times idf, each row scaled to unit length."""
    out = counts.astype(np.float64, copy=True).tocsr()
    out.data = 1.0 + np.log(out.data)
    out.data *= idf.astype(np.float64)[out.indices]
    out.eliminate_zeros()
    norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ out
