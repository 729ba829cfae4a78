"""Gold and training files in the gold format, and their hashes for the model card.

A gold line holds ``id``, ``text``, ``lang``, ``stance``, ``labels``, ``causes``,
``incitement`` (``{"target", "form"}`` or null) and ``evidence`` (label -> spans).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from undertow.analyzers.base import LABELS
from undertow.errors import FormatError, InputError

__all__ = ["TRAINING_FILES", "file_sha256", "read_gold", "training_dir", "training_records"]

#: The project's own training sets, relative to the training folder.
TRAINING_FILES: tuple[str, ...] = ("en.jsonl", "ar.jsonl")


def training_dir() -> Path:
    """The ``training/`` folder of the source tree (the model is trained from a checkout)."""
    return Path(__file__).resolve().parents[3] / "training"


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read a gold JSONL file; raise :class:`FormatError` naming the first bad line."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"Gold file {path} does not exist: give the path of a .jsonl file.")
    records: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise FormatError(f"{path}, line {number}: not JSON ({exc.msg}).") from exc
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                raise FormatError(f"{path}, line {number}: a gold record needs a 'text' string.")
            labels = rec.get("labels") or []
            unknown = sorted(set(labels) - set(LABELS))
            if unknown:
                raise FormatError(
                    f"{path}, line {number}: unknown labels {unknown}; use codebook labels."
                )
            rec.setdefault("id", f"{path.stem}:{number}")
            rec["labels"] = [label for label in LABELS if label in labels]
            records.append(rec)
    return records


def training_records(folder: str | Path | None = None) -> list[dict[str, Any]]:
    """Every record of the project's own training sets (English then Arabic)."""
    base = Path(folder) if folder is not None else training_dir()
    out: list[dict[str, Any]] = []
    for name in TRAINING_FILES:
        path = base / name
        if not path.is_file():
            raise InputError(
                f"Training file {path} is missing: run 'python tools/build_training.py' in a "
                "source checkout."
            )
        out.extend(read_gold(path))
    return out
