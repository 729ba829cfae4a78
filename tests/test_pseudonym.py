"""Pseudonyms: keyed, stable per workspace, different across workspaces, key kept private."""

from __future__ import annotations

import hashlib
import hmac
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undertow.errors import InputError, WorkspaceError
from undertow.pseudonym import (
    KEY_FILE,
    normalize_handle,
    pseudonymize,
    pseudonymizer,
    workspace_key,
)
from undertow.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace.create(tmp_path / "ws")


def test_pseudonym_is_a_keyed_hash_with_a_private_key(ws: Workspace) -> None:
    assert not (ws.path / KEY_FILE).exists()
    name = pseudonymize(ws, "SomeAccount")
    assert re.fullmatch(r"anon-[0-9a-f]{8}", name)
    key_path = ws.path / KEY_FILE
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    key = key_path.read_bytes()
    assert len(key) == 32
    expected = hmac.new(key, b"someaccount", hashlib.sha256).hexdigest()[:8]
    assert name == f"anon-{expected}"
    assert hashlib.sha256(b"someaccount").hexdigest()[:8] != expected  # not an unkeyed hash


def test_stable_in_a_workspace_and_different_across_workspaces(tmp_path: Path) -> None:
    a = Workspace.create(tmp_path / "a")
    b = Workspace.create(tmp_path / "b")
    first = pseudonymize(a, "@Caliphate_News")
    assert pseudonymize(Workspace.open(a.path), "caliphate_news") == first
    assert pseudonymize(a, "  @CALIPHATE_NEWS ") == first
    assert pseudonymize(b, "@Caliphate_News") != first
    assert pseudonymize(a, "other") != first
    assert workspace_key(a) != workspace_key(b)


def test_digits_and_bulk_function(ws: Workspace) -> None:
    long = pseudonymize(ws, "x", digits=16)
    assert len(long) == len("anon-") + 16 and long.startswith(pseudonymize(ws, "x"))
    anon = pseudonymizer(ws)
    assert anon("x") == pseudonymize(ws, "x")
    with pytest.raises(InputError):
        pseudonymize(ws, "x", digits=2)


def test_empty_handle_and_damaged_key_are_refused(ws: Workspace) -> None:
    with pytest.raises(InputError, match="empty"):
        pseudonymize(ws, " @ ")
    (ws.path / KEY_FILE).write_bytes(b"short")
    with pytest.raises(WorkspaceError, match="restore"):
        pseudonymize(ws, "x")


_HANDLE = st.text(min_size=1, max_size=20).filter(normalize_handle)


@pytest.fixture(scope="module")
def module_ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace.create(tmp_path_factory.mktemp("pseudonym") / "ws")


@settings(max_examples=50, deadline=None)
@given(st.lists(_HANDLE, min_size=2, max_size=20, unique_by=normalize_handle))
def test_distinct_handles_get_distinct_pseudonyms(module_ws: Workspace, handles: list[str]) -> None:
    anon = pseudonymizer(module_ws, digits=32)
    names = [anon(h) for h in handles]
    assert len(set(names)) == len(names)
    assert names == [pseudonymize(module_ws, h, digits=32) for h in handles]
