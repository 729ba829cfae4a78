"""An on-disk embedding cache for training: vectors keyed by the SHA-256 of the text.

Training embeds every text **one at a time** (:func:`canonical_embed`): the embedder's batched
matrix products differ in the last bits with the batch's composition, and a rebuild of the
shipped model must see the very same vectors whatever was cached before. The cache lives in a
git-ignored folder (default ``.cache/embeddings`` in the source tree, which gets its own
``.gitignore``); it is never shipped and never read at run time.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from undertow.embed import DIM, MODEL_NAME, embedder, prepare

__all__ = ["EmbeddingCache", "canonical_embed", "default_cache_dir", "text_key"]


def text_key(text: str) -> str:
    """The cache key of a text: SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def default_cache_dir() -> Path:
    """``$UNDERTOW_CACHE`` or ``.cache/embeddings`` at the root of the source tree."""
    env = os.environ.get("UNDERTOW_CACHE")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / ".cache" / "embeddings"


def canonical_embed(texts: Sequence[str]) -> np.ndarray:
    """Embed each text alone (batch-independent, so bit-stable), as unit float32 rows."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    if not texts:
        return out
    model = embedder()
    for i, text in enumerate(texts):
        out[i] = model.encode([prepare(text)])[0]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, np.where(norms == 0, 1, norms), out=out)
    return out


class EmbeddingCache:
    """Embeddings of texts, computed once (canonically) and kept in one ``.npz`` file."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else default_cache_dir()
        self.path = self.folder / f"{MODEL_NAME}.npz"
        self._vectors: dict[str, np.ndarray] | None = None

    def _load(self) -> dict[str, np.ndarray]:
        if self._vectors is None:
            self._vectors = {}
            if self.path.is_file():
                with np.load(self.path, allow_pickle=False) as z:
                    keys, vectors = z["keys"], z["vectors"]
                self._vectors = {str(k): v for k, v in zip(keys, vectors, strict=True)}
        return self._vectors

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """The (n, DIM) embeddings of ``texts``, embedding and saving only the missing ones."""
        vectors = self._load()
        keys = [text_key(t) for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in vectors}.items()
        )
        if missing:
            new = canonical_embed([t for _, t in missing])
            for (k, _), v in zip(missing, new, strict=True):
                vectors[k] = v
            self._save()
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.stack([vectors[k] for k in keys]).astype(np.float32)

    def _save(self) -> None:
        vectors = self._load()
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        keys = sorted(vectors)
        # a name of this process's own: two trainings filling the cache at once must not
        # move each other's half-written file (the last one to finish wins; both are valid)
        tmp = self.path.with_name(f".{self.path.stem}.{os.getpid()}.tmp.npz")
        np.savez(tmp, keys=np.array(keys), vectors=np.stack([vectors[k] for k in keys]))
        tmp.replace(self.path)
