"""What the dashboard reads: a snapshot of the workspace, rebuilt when the workspace changes.

A :class:`Snapshot` is one in-memory DuckDB database built from the committed Parquet parts of
the workspace and its analyst corrections: a table ``meta`` (every post's fields but its text),
a table ``lab`` (the *effective* labels: the workspace's label analyzers with corrections
applied, exactly what measures and exports read), a table ``model`` (what those analyzers said
before any correction) and the view ``posts`` over the Parquet parts (for texts). Requests
read it through their own cursor, so nothing is locked.

The snapshot is keyed on the set of part files and on the last correction id; when another
process commits a batch or a run (a folder renamed into place), or an analyst corrects a
label, the next request builds a new snapshot. The old one stays valid for the requests
still using it. Derived figures (the overview's measures, pseudonyms) are cached per snapshot.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import duckdb

from undertow.corrections import DB_NAME
from undertow.errors import UndertowError
from undertow.store import connect, label_keys
from undertow.web.entities import EntityIndex
from undertow.workspace import Workspace

log = logging.getLogger("undertow.web")
T = TypeVar("T")

_META_SQL = """
create table meta as
select id, source, stance, author, created_at, time_precision, lang, thread, reply_to
from posts
"""
_LAB_SQL = """
create table lab as
select post_id, label, score, spans, detail, analyzer from effective_labels(?::varchar[])
"""
_MODEL_SQL = """
create table model as
select post_id, label, max(score) as score from annotations
where label is not null and list_contains(?::varchar[], analyzer) group by all
"""


def correction_stamp(ws: Workspace) -> int:
    """Return the id of the last analyst correction of ``ws`` (0 when there is none)."""
    path = ws.path / DB_NAME
    if not path.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            row = db.execute("select max(id) from corrections").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return -1  # table not there yet, or a writer holds it: try again next request
    return int(row[0] or 0)


class Snapshot:
    """One consistent view of the workspace for the requests that use it."""

    def __init__(self, ws: Workspace, key: tuple[Any, ...]) -> None:
        self.key = key
        self.ws = ws
        self.built_at = time.time()
        self.keys = label_keys(ws)
        con = connect(ws)
        if not ws.part_files("posts"):  # an empty workspace: make the view visible to cursors
            con.execute("create table _no_posts as select * from posts")
            con.execute("drop view posts")
            con.execute("create view posts as select * from _no_posts")
        con.execute(_META_SQL)
        con.execute(_LAB_SQL, [self.keys])
        con.execute(_MODEL_SQL, [self.keys])
        con.execute("create index meta_id on meta(id)")
        self.con = con
        self.posts = int(con.execute("select count(*) from meta").fetchall()[0][0])
        self._cache: dict[str, Any] = {}
        self._lock = threading.RLock()  # a cached value may be built from another one

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own for one request (DuckDB cursors may run in parallel threads)."""
        return self.con.cursor()

    def cached(self, name: str, build: Callable[[], T]) -> T:
        """Return the value cached under ``name``, building it once per snapshot."""
        with self._lock:
            if name not in self._cache:
                self._cache[name] = build()
            return self._cache[name]


class WorkspaceState:
    """The dashboard's access to one workspace: the current snapshot and the search index."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._indexed: tuple[str, ...] | None = None
        self.entities = EntityIndex(ws)

    def _key(self) -> tuple[Any, ...]:
        posts = tuple(str(p.relative_to(self.ws.path)) for p in self.ws.part_files("posts"))
        runs = tuple(str(p.relative_to(self.ws.path)) for p in self.ws.part_files("annotations"))
        return posts, runs, correction_stamp(self.ws)

    def snapshot(self) -> Snapshot:
        """Return the snapshot of the workspace as it is now (rebuilt when it changed)."""
        key = self._key()
        with self._lock:
            snap = self._snapshot
            if snap is None or snap.key != key:
                snap = self._snapshot = Snapshot(self.ws, key)
                self._refresh_index(key[0])
                self.entities.build_in_background()
            return snap

    def invalidate(self) -> None:
        """Forget the snapshot (after a write made by this process)."""
        with self._lock:
            self._snapshot = None

    def close(self) -> None:
        """Close the current snapshot's database (when the server stops)."""
        with self._lock:
            if self._snapshot is not None:
                self._snapshot.con.close()
            self._snapshot = None

    def _refresh_index(self, posts: tuple[str, ...]) -> None:
        """Bring the full-text index up to date when posts were added since the last time."""
        if posts == self._indexed:
            return
        try:
            from undertow.search_index import SearchIndex

            added = SearchIndex.open(self.ws).update(self.ws)
        except (UndertowError, sqlite3.Error, OSError) as exc:
            log.warning("Could not update the search index (%s); searching the older index.", exc)
            return
        if added:
            log.info("Indexed %s new posts for search.", f"{added:,}")
        self._indexed = posts


def open_state(ws_path: str | Path) -> WorkspaceState:
    """Open the workspace at ``ws_path`` for the dashboard (raises WorkspaceError when absent)."""
    return WorkspaceState(Workspace.open(ws_path))
