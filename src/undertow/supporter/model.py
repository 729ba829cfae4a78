"""The supporter model: loads from its folder, routes each post to its script's head.

A model folder holds ``model.json`` (settings, lexicons, meta weights, training provenance),
``weights.npz`` (per head: the SVM weights over hashed n-grams and the idf vector, float32)
and usually ``card.json`` (how it was evaluated). Nothing is pickled. The model shipped with
undertow lives in ``undertow/models/supporter-<version>/`` and is what
:meth:`SupporterModel.load` reads by default.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from undertow.errors import AnalyzerError, InputError
from undertow.supporter.artifact import read_json, read_npz, sha256_file, write_json, write_npz
from undertow.supporter.features import Hashing
from undertow.supporter.head import Head
from undertow.supporter.lexicon import Lexicon
from undertow.supporter.text import prepare, script_of

__all__ = ["MODEL_NAME", "MODEL_VERSION", "SupporterModel", "default_model", "default_model_dir"]

MODEL_NAME = "undertow.supporter"
MODEL_VERSION = "1.0.0"
FORMAT = 1


def default_model_dir() -> Path:
    """The folder of the model shipped with undertow."""
    return Path(str(resources.files("undertow").joinpath("models", f"supporter-{MODEL_VERSION}")))


class SupporterModel:
    """Probability that a post's author supports the movement, from the post's text alone."""

    def __init__(
        self,
        heads: dict[str, Head],
        *,
        movement: str = "isis",
        version: str = MODEL_VERSION,
        training: dict[str, Any] | None = None,
    ) -> None:
        if not heads:
            raise AnalyzerError("A supporter model needs at least one head; train one first.")
        self.heads = heads
        self.movement = movement
        self.version = version
        self.training = training or {}
        self.default_head = max(heads, key=lambda k: (heads[k].info.get("n_train", 0), k))

    @property
    def name(self) -> str:
        """Versioned name, recorded with every output (``undertow.supporter/isis@1.0.0``)."""
        return f"{MODEL_NAME}/{self.movement}@{self.version}"

    # ----------------------------------------------------------------- prediction
    def predict_proba(
        self, texts: Sequence[str], embeddings: np.ndarray | None = None
    ) -> np.ndarray:
        """Probability (float64, in [0, 1]) that the author of each text supports the movement.

        ``embeddings`` may carry the texts' precomputed sentence embeddings (one row a text)
        so that a model that reads them need not embed again. Version 1.0.0 does not read
        them (under cross-validation they did not raise F1); their row count is checked all
        the same.
        """
        if isinstance(texts, str):
            raise InputError("predict_proba takes a list of texts, not one string: wrap it.")
        if embeddings is not None and np.shape(embeddings)[0] != len(texts):
            raise InputError(
                f"Got {np.shape(embeddings)[0]} embedding rows for {len(texts)} texts; pass "
                "one row a text, in the same order, or no embeddings."
            )
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise InputError(f"Text {i} is a {type(text).__name__}, not a string.")
        return self.predict_prepared([prepare(t) for t in texts])

    def predict_prepared(self, prepared: Sequence[str]) -> np.ndarray:
        """:meth:`predict_proba` for texts already passed through :func:`prepare`."""
        out = np.zeros(len(prepared), dtype=np.float64)
        routes: dict[str, list[int]] = {}
        for i, text in enumerate(prepared):
            lang = script_of(text)
            routes.setdefault(lang if lang in self.heads else self.default_head, []).append(i)
        for lang, idx in routes.items():
            out[idx] = self.heads[lang].predict_proba([prepared[i] for i in idx])
        return out

    # ----------------------------------------------------------------- files
    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> SupporterModel:
        """Load a model folder (default: the model shipped with undertow)."""
        folder = Path(path) if path is not None else default_model_dir()
        if not (folder / "model.json").is_file():
            raise InputError(
                f"No supporter model in {folder} (model.json is missing). Give the folder "
                "written by tools/train_supporter.py, or no path for the shipped model."
            )
        spec = read_json(folder / "model.json")
        if spec.get("name") != MODEL_NAME or spec.get("format") != FORMAT:
            raise AnalyzerError(
                f"{folder} holds a model of another kind or format "
                f"({spec.get('name')!r}, format {spec.get('format')!r}); this undertow reads "
                f"{MODEL_NAME!r} format {FORMAT}. Upgrade undertow or retrain the model."
            )
        arrays = read_npz(folder / spec["weights"]["file"])
        heads: dict[str, Head] = {}
        for lang, h in spec["heads"].items():
            try:
                heads[lang] = Head(
                    language=lang,
                    hashing=Hashing(**h["hashing"]),
                    lexicon=Lexicon(**h["lexicon"]),
                    idf=arrays[f"{lang}.idf"],
                    coef=arrays[f"{lang}.coef"],
                    intercept=float(h["intercept"]),
                    meta_coef=np.asarray(h["meta"]["coef"], dtype=np.float64),
                    meta_intercept=float(h["meta"]["intercept"]),
                    params=dict(h["params"]),
                    info=dict(h.get("info", {})),
                )
            except KeyError as exc:
                raise AnalyzerError(
                    f"The supporter model in {folder} is damaged: head {lang!r} lacks {exc}. "
                    "Rebuild it with tools/train_supporter.py."
                ) from exc
        return cls(
            heads,
            movement=spec["movement"],
            version=spec["version"],
            training=spec.get("training", {}),
        )

    def to_spec(self, weights_file: str = "weights.npz") -> dict[str, Any]:
        """The content of ``model.json`` (without the weights' hash)."""
        heads: dict[str, Any] = {}
        for lang in sorted(self.heads):
            h = self.heads[lang]
            heads[lang] = {
                "hashing": h.hashing.to_dict(),
                "params": h.params,
                "intercept": h.intercept,
                "meta": {
                    "features": ["svm_score", *(f"lexicon:{c}" for c in h.lexicon.names_)],
                    "coef": [float(np.float32(c)) for c in h.meta_coef],
                    "intercept": h.meta_intercept,
                },
                "lexicon": h.lexicon.to_dict(),
                "info": h.info,
            }
        return {
            "name": MODEL_NAME,
            "version": self.version,
            "format": FORMAT,
            "movement": self.movement,
            "output": "probability that the author of the post supports the movement",
            "uses_embeddings": False,
            "weights": {"file": weights_file},
            "heads": heads,
            "training": self.training,
        }

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write ``model.json`` and ``weights.npz`` into the folder ``path`` (created)."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {}
        for lang, h in self.heads.items():
            arrays[f"{lang}.idf"] = np.asarray(h.idf, dtype=np.float32)
            arrays[f"{lang}.coef"] = np.asarray(h.coef, dtype=np.float32)
        write_npz(folder / "weights.npz", arrays)
        spec = self.to_spec()
        spec["weights"]["sha256"] = sha256_file(folder / "weights.npz")
        write_json(folder / "model.json", spec)


@cache
def default_model() -> SupporterModel:
    """The shipped model, loaded once per process."""
    return SupporterModel.load()
