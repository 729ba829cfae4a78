"""The shipped model rebuilds bit for bit from the training sets and the dev gold sets."""

from __future__ import annotations

import json

import pytest

from undertow.model.artifact import default_model_dir
from undertow.model.corpus import file_sha256, training_dir
from undertow.model.train import build

pytestmark = [pytest.mark.slow, pytest.mark.shared]


def test_rebuild_is_bit_identical(shared, tmp_path) -> None:
    gold_dir = shared.path("gold")
    shipped = default_model_dir()
    card = json.loads((shipped / "card.json").read_text("utf-8"))
    for item in card["training_data"]:
        folder = training_dir() if item["file"] in ("en.jsonl", "ar.jsonl") else gold_dir
        if file_sha256(folder / item["file"]) != item["sha256"]:
            pytest.fail(
                f"{item['file']} changed since the shipped model was trained: rebuild it with "
                "'python tools/train_model.py' and commit src/undertow/models."
            )
    out = build(tmp_path / "model", gold_dir=gold_dir, cache_dir=tmp_path / "cache", cv=card["cv"])
    assert (out / "weights.npz").read_bytes() == (shipped / "weights.npz").read_bytes()
    assert (out / "card.json").read_bytes() == (shipped / "card.json").read_bytes()
