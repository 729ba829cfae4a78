"""Shared fixtures: the real data folder beside the repository, and small workspaces."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("UNDERTOW_SHARED_DATA", ROOT.parent / "shared" / "data"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data; skips the test with a reason when it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the real data sets live in ../shared/data beside the repo")
    return path


@pytest.fixture
def shared() -> type:
    """Access to ../shared/data as ``shared.path("corpora", ...)``."""

    class _Shared:
        root = SHARED_DATA
        path = staticmethod(shared_path)

    return _Shared
