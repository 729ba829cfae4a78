"""Append-only Parquet storage of posts and annotations, and DuckDB queries over it.

Writers go through :class:`FolderWriter`: record batches are written as ``part-NNNNN.parquet``
files into a folder under ``WS/.tmp`` and the whole folder is renamed into place on
:meth:`FolderWriter.commit`. Readers see only committed folders.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from undertow.post import POST_SCHEMA
from undertow.workspace import Workspace

ANNOTATION_SCHEMA = pa.schema(
    [
        pa.field("post_id", pa.string(), nullable=False),
        pa.field("analyzer", pa.string(), nullable=False),
        # null label = the post was coded by this analyzer and got no label
        pa.field("label", pa.string()),
        pa.field("score", pa.float64()),
        pa.field("spans", pa.list_(pa.list_(pa.int32()))),
        pa.field("detail", pa.string()),
        pa.field("run", pa.string(), nullable=False),
    ]
)


class FolderWriter:
    """Write Parquet parts into a temporary folder; commit renames it into ``dest_root``."""

    def __init__(self, ws: Workspace, dest_root: Path, folder_id: str, schema: pa.Schema) -> None:
        self.tmp = ws.tmp_dir / folder_id
        self.dest = dest_root / folder_id
        self.schema = schema
        self.parts = 0
        self.rows = 0
        self.tmp.mkdir(parents=True)

    def write(self, table: pa.Table) -> None:
        """Write one part (skipped when empty)."""
        if table.num_rows == 0:
            return
        table = table.cast(self.schema) if table.schema != self.schema else table
        target = self.tmp / f"part-{self.parts:05d}.parquet"
        pq.write_table(table, target, compression="zstd")
        self.parts += 1
        self.rows += table.num_rows

    def commit(self) -> bool:
        """Make the folder visible in one rename; return False (and clean up) when it is empty."""
        if self.parts == 0:
            self.abort()
            return False
        for f in self.tmp.iterdir():
            fd = os.open(f, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        os.rename(self.tmp, self.dest)
        dfd = os.open(self.dest.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
        return True

    def abort(self) -> None:
        """Throw the uncommitted folder away."""
        shutil.rmtree(self.tmp, ignore_errors=True)


def _list_sql(files: list[Path]) -> str:
    return "[" + ", ".join("'" + str(f).replace("'", "''") + "'" for f in files) + "]"


def connect(ws: Workspace) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with views ``posts``, ``annotations`` and ``labels``.

    ``labels`` holds the label rows (no null-label markers) of every analyzer.
    """
    con = duckdb.connect(":memory:")
    con.execute("set preserve_insertion_order=true")
    for name, kind, schema in (
        ("posts", "posts", POST_SCHEMA),
        ("annotations", "annotations", ANNOTATION_SCHEMA),
    ):
        files = ws.part_files(kind)
        if files:
            con.execute(
                f"create view {name} as select * from read_parquet({_list_sql(files)}, "
                "union_by_name=true)"
            )
        else:
            con.register(f"_{name}_empty", schema.empty_table())
            con.execute(f"create view {name} as select * from _{name}_empty")
    con.execute("create view labels as select * from annotations where label is not null")
    return con


def read_posts(ws: Workspace, columns: list[str] | None = None) -> pa.Table:
    """All posts of the workspace as one Arrow table (for reports on modest corpora)."""
    files = ws.part_files("posts")
    if not files:
        table = POST_SCHEMA.empty_table()
        return table.select(columns) if columns else table
    tables = [pq.read_table(f, columns=columns) for f in files]
    return pa.concat_tables(tables, promote_options="default")


def label_keys(ws: Workspace) -> list[str]:
    """The analyzer keys whose labels measures, reports and exports of ``ws`` read.

    A workspace may name them in its metadata (``"label_source": ["name@version", ...]``, as
    the simulator does for its planted labels); otherwise the default analyzers' current keys.
    """
    source = ws.meta.get("label_source")
    if source:
        return [source] if isinstance(source, str) else list(source)
    from undertow.analyzers.registry import current_keys

    return current_keys()


def read_labels(ws: Workspace, analyzers: list[str] | None = None) -> pa.Table:
    """Label rows (post_id, label, score, spans, detail, analyzer) of the given analyzer keys."""
    con = connect(ws)
    where = "label is not null"
    params: list[Any] = []
    if analyzers is not None:
        if not analyzers:
            return ANNOTATION_SCHEMA.empty_table().drop(["run"])
        where += " and analyzer in (" + ", ".join("?" for _ in analyzers) + ")"
        params = list(analyzers)
    return con.sql(
        f"select post_id, label, score, spans, detail, analyzer from annotations where {where}",
        params=params,
    ).to_arrow_table()


def iter_batches(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None, size: int = 2048
) -> Iterator[pa.RecordBatch]:
    """Stream the result of a query as Arrow record batches of about ``size`` rows."""
    reader = con.sql(sql, params=params or None).to_arrow_reader(size)
    yield from reader
