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
        files = list(self.tmp.glob("part-*.parquet"))
        if not files:
            self.abort()
            return False
        for f in files:
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


# Effective labels: model rows of the analyzers ``keys`` (all when null), minus every
# (post, label) an analyst decided, plus one row per label an analyst decided present.
_EFFECTIVE_MACRO = """
create macro effective_labels(keys) as table
with model as (
  select * from annotations
  where label is not null and (keys is null or list_contains(keys, analyzer))
),
model_detail as (
  select post_id, label, arg_max(detail, score) as detail
  from model where detail is not null group by post_id, label
)
select m.post_id, m.analyzer, m.label, m.score, m.spans, m.detail, m.run
from model m
where not exists (select 1 from _corrections c where c.post_id = m.post_id and c.label = m.label)
union all
select c.post_id, 'correction@' || c.analyst, c.label, 1.0::double, c.spans,
       coalesce(c.detail, d.detail), 'c-' || c.id::varchar
from _corrections c
left join model_detail d on d.post_id = c.post_id and d.label = c.label
where c.present
"""


def connect(ws: Workspace) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with views ``posts``, ``annotations`` and ``labels``.

    ``annotations`` is what the analyzers stored. ``labels`` holds the *effective* label rows
    of every analyzer: analyst corrections (:mod:`undertow.corrections`) win over the models,
    a label decided present appearing once with analyzer ``correction@<analyst>``. The table
    macro ``effective_labels(keys)`` gives the same for the analyzer keys of a list (``null``
    for all); the view ``corrections`` holds the latest decision per (post, label).
    """
    from undertow.corrections import current_table

    con = duckdb.connect(":memory:")
    con.execute("set preserve_insertion_order=true")
    con.execute("set enable_progress_bar=false")  # it would print into --json output
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
    con.register("_corrections", current_table(ws))
    con.execute("create view corrections as select * from _corrections")
    con.execute(_EFFECTIVE_MACRO)
    con.execute("create view labels as select * from effective_labels(null)")
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
    the simulator does for its planted labels); otherwise the default analyzers' current keys,
    unless none of them has coded the workspace while another analyzer has (a workspace
    coded before the default changed, or only with ``--analyzer``): then the analyzer of the
    latest run, so that its measures do not turn empty.
    """
    source = ws.meta.get("label_source")
    if source:
        return [source] if isinstance(source, str) else list(source)
    from undertow.analyzers.registry import current_keys

    keys = current_keys()
    with ws.ledger() as db:
        ran = [row[0] for row in db.execute("select analyzer from runs order by finished, id")]
    if ran and not set(keys) & set(ran):
        return [ran[-1]]
    return keys


def read_labels(ws: Workspace, analyzers: list[str] | None = None) -> pa.Table:
    """Effective label rows (post_id, label, score, spans, detail, analyzer) of the given keys.

    The model rows of the analyzer keys ``analyzers`` (every analyzer when None), with analyst
    corrections applied: labels corrected to absent are dropped, labels corrected to present
    come once with score 1.0 and analyzer ``correction@<analyst>`` (see :func:`connect`).
    """
    con = connect(ws)
    try:
        return con.sql(
            "select post_id, label, score, spans, detail, analyzer "
            "from effective_labels(?::varchar[])",
            params=[None if analyzers is None else list(analyzers)],
        ).to_arrow_table()
    finally:
        con.close()


def iter_batches(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None, size: int = 2048
) -> Iterator[pa.RecordBatch]:
    """Stream the result of a query as Arrow record batches of about ``size`` rows."""
    reader = con.sql(sql, params=params or None).to_arrow_reader(size)
    yield from reader


def limit_memory(
    con: duckdb.DuckDBPyConnection, memory_limit: str, temp_directory: str | Path
) -> None:
    """Cap the memory DuckDB uses on ``con``; beyond it, joins, aggregates and sorts spill
    their data to files in ``temp_directory``.

    ``memory_limit`` is a DuckDB size such as ``"1GB"`` or ``"512MB"``. The cap covers
    DuckDB's own buffers, not the Arrow batches a caller holds.
    """
    con.execute("set memory_limit = ?", [memory_limit])
    con.execute("set temp_directory = ?", [str(temp_directory)])
