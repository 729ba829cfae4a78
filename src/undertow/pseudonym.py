"""Pseudonyms for account handles: a keyed hash, stable within a workspace.

``pseudonymize(ws, "@SomeAccount")`` returns e.g. ``anon-3f9c2a1b``: the first hex digits of
HMAC-SHA256 of the normalised handle under a random 32-byte key kept in ``WS/secret.key``
(created on first use, mode 0600). The same handle always gets the same pseudonym in one
workspace and a different one in another.

Publishing pseudonyms is safe only while the key stays private: whoever holds the key can
hash a list of candidate handles and re-identify every account. Never publish, commit or share
``secret.key``; copying a workspace copies its key. Handles are compared case-insensitively and
without a leading ``@`` (as platforms do), so ``@Foo`` and ``foo`` are one account.

Eight hex digits (32 bits) keep pseudonyms short; among 10,000 accounts two share one with a
probability of about 1 %. Pass ``digits=12`` or more where that matters.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from undertow.errors import InputError, WorkspaceError
from undertow.workspace import Workspace

__all__ = [
    "KEY_FILE",
    "PREFIX",
    "normalize_handle",
    "pseudonymize",
    "pseudonymizer",
    "workspace_key",
]

KEY_FILE = "secret.key"
PREFIX = "anon-"
KEY_BYTES = 32


def _read_key(path: Path) -> bytes:
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise WorkspaceError(
            f"{path} holds {len(key)} bytes, not a {KEY_BYTES}-byte key; restore it from a "
            "backup (deleting it changes every pseudonym of the workspace)."
        )
    return key


def workspace_key(ws: Workspace) -> bytes:
    """The workspace's pseudonym key, created (mode 0600) on first use."""
    path = ws.path / KEY_FILE
    if path.exists():
        return _read_key(path)
    tmp = ws.path / f".{KEY_FILE}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(secrets.token_bytes(KEY_BYTES))
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):  # another process made the key first
            os.link(tmp, path)  # atomic, and never replaces an existing key
    finally:
        tmp.unlink(missing_ok=True)
    return _read_key(path)


def normalize_handle(handle: str) -> str:
    """The form of a handle that is hashed: stripped, without a leading ``@``, case-folded."""
    return (handle or "").strip().lstrip("@").strip().casefold()


def pseudonymizer(ws: Workspace, *, digits: int = 8) -> Callable[[str], str]:
    """A function handle -> pseudonym for ``ws`` that reads the key once (for many handles)."""
    if not 4 <= digits <= 64:
        raise InputError(f"Pseudonyms have 4 to 64 hex digits, not {digits}.")
    key = workspace_key(ws)

    def pseudonym(handle: str) -> str:
        name = normalize_handle(handle)
        if not name:
            raise InputError("The handle to pseudonymise is empty; pass an account name.")
        return PREFIX + hmac.new(key, name.encode("utf-8"), hashlib.sha256).hexdigest()[:digits]

    return pseudonym


def pseudonymize(ws: Workspace, handle: str, *, digits: int = 8) -> str:
    """Return the pseudonym of ``handle`` in ``ws``, such as ``anon-3f9c2a1b``."""
    return pseudonymizer(ws, digits=digits)(handle)
