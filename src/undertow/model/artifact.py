"""The shipped model: ``weights.npz`` (float32 arrays, no pickle) and ``card.json``.

The folder ``src/undertow/models/codebook-model-<version>/`` holds both. Arrays are rounded
(:data:`DECIMALS`) before they are cast to float32, and the ``.npz`` is written with fixed zip
timestamps, so the same training gives the same bytes. Loading uses ``numpy.load`` with
``allow_pickle=False`` and :mod:`json` only.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from undertow.errors import AnalyzerError

__all__ = ["ARRAYS", "DECIMALS", "MODEL_VERSION", "Artifact", "default_model_dir"]

MODEL_VERSION = "1.0.0"
DECIMALS = 5
#: The arrays of ``weights.npz``.
ARRAYS: tuple[str, ...] = (
    "label_coef",  # (d, 9)
    "label_intercept",  # (9,)
    "platt_a",  # (9,)
    "platt_b",  # (9,)
    "threshold",  # (9,)
    "cause_coef",  # (d_sub, 11)
    "cause_intercept",  # (11,)
    "form_coef",  # (d_sub, 3)
    "form_intercept",  # (3,)
    "sub_columns",  # (d_sub,) feature columns the cause and form models read (as float32)
)


def default_model_dir() -> Path:
    """The folder of the shipped model inside the installed package."""
    return Path(str(files("undertow.models").joinpath(f"codebook-model-{MODEL_VERSION}")))


@dataclass(slots=True)
class Artifact:
    """The weights and the card of a trained model."""

    arrays: dict[str, np.ndarray]
    card: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.arrays[name]

    @staticmethod
    def rounded(a: np.ndarray) -> np.ndarray:
        """An array as stored: rounded to :data:`DECIMALS` and cast to float32."""
        return np.round(np.asarray(a, dtype=np.float64), DECIMALS).astype(np.float32)

    def save(self, folder: str | Path) -> Path:
        """Write ``weights.npz`` and ``card.json`` into ``folder`` (created if needed)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name in ARRAYS:
                arr = io.BytesIO()
                np.lib.format.write_array(arr, self.rounded(self.arrays[name]), allow_pickle=False)
                info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, arr.getvalue())
        (folder / "weights.npz").write_bytes(buf.getvalue())
        card = json.dumps(self.card, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        (folder / "card.json").write_text(card, encoding="utf-8")
        return folder

    @classmethod
    def load(cls, folder: str | Path | None = None) -> Artifact:
        """Read a model folder; raise :class:`AnalyzerError` if it is missing or damaged."""
        folder = Path(folder) if folder is not None else default_model_dir()
        weights, card_path = folder / "weights.npz", folder / "card.json"
        if not weights.is_file() or not card_path.is_file():
            raise AnalyzerError(
                f"No trained model in {folder} (weights.npz and card.json are needed): "
                "reinstall undertow or rebuild it with 'python tools/train_model.py'."
            )
        try:
            with np.load(weights, allow_pickle=False) as z:
                arrays = {name: z[name] for name in ARRAYS}
            card = json.loads(card_path.read_text(encoding="utf-8"))
        except (KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
            raise AnalyzerError(
                f"The model in {folder} is damaged ({exc}): rebuild it with "
                "'python tools/train_model.py' or reinstall undertow."
            ) from exc
        return cls(arrays, card)
