"""A workspace: the folder that holds one corpus, its annotations and its ledger.

Layout (format 1)::

    WS/undertow.json             format version, name, creation time
    WS/posts/b-<id>/part-*.parquet         one folder per ingest batch (append-only)
    WS/annotations/r-<id>/part-*.parquet   one folder per committed analysis chunk
    WS/ledger.sqlite             batches and runs (SQLite, WAL): small mutable state
    WS/rejects/b-<id>.jsonl      every record an ingest batch rejected, with its reason
    WS/.tmp/                     folders being written; renamed into place when complete

A batch folder appears by one ``rename`` of a complete temporary folder, so a crash or Ctrl-C
never leaves half a batch: what is under ``posts/`` and ``annotations/`` is always whole.
Writers hold an exclusive lock on ``WS/write.lock``; readers need no lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from undertow.errors import WorkspaceError

FORMAT = 1
META = "undertow.json"

_LEDGER_SQL = """
create table if not exists batches (
  id text primary key, source text, stance text, path text, format text,
  added integer, duplicates integer, rejected integer, skipped integer,
  started text, finished text
);
create table if not exists runs (
  id text primary key, analyzer text, params text, posts integer, labels integer,
  started text, finished text
);
"""


def new_id(prefix: str) -> str:
    """Return a time-sortable unique id such as ``b-20261123T124600-3fa9c2``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"{prefix}-{stamp}-{secrets.token_hex(3)}"


class Workspace:
    """An opened workspace folder. Create one with :meth:`create`, open with :meth:`open`."""

    def __init__(self, path: Path, meta: dict[str, Any]) -> None:
        self.path = path
        self.meta = meta

    # -- layout -------------------------------------------------------------------------------
    @property
    def posts_dir(self) -> Path:
        return self.path / "posts"

    @property
    def annotations_dir(self) -> Path:
        return self.path / "annotations"

    @property
    def rejects_dir(self) -> Path:
        return self.path / "rejects"

    @property
    def tmp_dir(self) -> Path:
        return self.path / ".tmp"

    @property
    def name(self) -> str:
        return str(self.meta.get("name") or self.path.name)

    # -- life cycle ---------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, *, name: str | None = None) -> Workspace:
        """Create a new empty workspace at ``path`` (which must not hold one already)."""
        p = Path(path)
        if (p / META).exists():
            raise WorkspaceError(
                f"{p} is already a workspace; ingest into it or pick another folder."
            )
        if p.exists() and any(p.iterdir()):
            raise WorkspaceError(
                f"{p} exists and is not empty; give a new folder for the workspace."
            )
        p.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": FORMAT,
            "name": name or p.name,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        for sub in ("posts", "annotations", "rejects", ".tmp"):
            (p / sub).mkdir(exist_ok=True)
        _atomic_write_text(p / META, json.dumps(meta, indent=2) + "\n")
        ws = cls(p, meta)
        with ws.ledger() as db:
            db.executescript(_LEDGER_SQL)
        return ws

    @classmethod
    def open(cls, path: str | Path) -> Workspace:
        """Open an existing workspace, or raise a WorkspaceError saying how to make one."""
        p = Path(path)
        meta_path = p / META
        if not meta_path.is_file():
            raise WorkspaceError(
                f"{p} is not an undertow workspace; create it first with: undertow init {p}"
            )
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise WorkspaceError(
                f"{meta_path} is damaged ({exc}); restore it from a backup."
            ) from None
        if meta.get("format") != FORMAT:
            raise WorkspaceError(
                f"{p} has workspace format {meta.get('format')!r}; this undertow reads format "
                f"{FORMAT}. Upgrade undertow or re-ingest into a new workspace."
            )
        for sub in ("posts", "annotations", "rejects", ".tmp"):
            (p / sub).mkdir(exist_ok=True)
        return cls(p, meta)

    def update_meta(self, **values: Any) -> None:
        """Set keys of ``undertow.json`` (written atomically), e.g. ``synthetic=True``."""
        self.meta.update(values)
        _atomic_write_text(self.path / META, json.dumps(self.meta, indent=2) + "\n")

    # -- state --------------------------------------------------------------------------------
    @contextmanager
    def ledger(self) -> Iterator[sqlite3.Connection]:
        """A connection to the ledger (SQLite, WAL); commits on success."""
        db = sqlite3.connect(self.path / "ledger.sqlite", timeout=30)
        try:
            db.execute("pragma journal_mode=wal")
            db.executescript(_LEDGER_SQL)
            yield db
            db.commit()
        finally:
            db.close()

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """Hold the workspace's single-writer lock; clear leftovers of crashed writers."""
        fh = (self.path / "write.lock").open("a+")
        try:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise WorkspaceError(
                    f"Another undertow process is writing to {self.path}; wait for it to finish."
                ) from None
            self._clear_tmp()
            yield
        finally:
            fh.close()

    def _clear_tmp(self) -> None:
        # Only called under the write lock: anything left in .tmp is from a crashed writer.
        for child in self.tmp_dir.iterdir():
            shutil.rmtree(child, ignore_errors=True)

    def part_files(self, kind: str) -> list[Path]:
        """Every committed Parquet part of ``posts`` or ``annotations``, in commit order."""
        root = self.posts_dir if kind == "posts" else self.annotations_dir
        prefix = "b-" if kind == "posts" else "r-"
        return sorted(
            f
            for d in root.iterdir()
            if d.is_dir() and d.name.startswith(prefix)
            for f in d.glob("part-*.parquet")
        )


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
