"""The shipped supporter model is rebuilt bit for bit by tools/train_supporter.py."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from undertow.supporter import default_model_dir

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def _tool() -> ModuleType:
    name = "train_supporter"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "train_supporter.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_rebuild_gives_the_same_bytes(shared, tmp_path) -> None:
    data = shared.path("gold", "supporter_dev_ar.jsonl").parents[1]
    shared.path("corpora", "fifthtribe_isis_twitter", "tweets.csv")
    _tool().build(tmp_path, data)
    for name in ("model.json", "weights.npz"):
        built = (tmp_path / name).read_bytes()
        shipped = (default_model_dir() / name).read_bytes()
        assert built == shipped, f"{name} differs from the shipped model: rerun the tool"
