"""Small helpers over the workspace's Arrow tables: columns, required columns, post rows.

:func:`with_post_rows` joins labels to posts once (a hash lookup of every label's ``post_id``
among the posts' ``id``) and keeps the result in the column :data:`ROW`; every measure and
report function reuses that column when it is present, so a report over millions of posts
hashes the post ids once, not once per label.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from undertow.errors import InputError

ROW = "_post_row"


def require_columns(table: pa.Table, columns: tuple[str, ...], what: str) -> None:
    """Raise :class:`InputError` naming the columns of ``columns`` that ``table`` lacks."""
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise InputError(
            f"The {what} table lacks the column(s) {', '.join(missing)}; "
            "pass the table read from a workspace (see undertow.store)."
        )


def column(table: pa.Table, name: str) -> pa.Array:
    """Return one column as a single contiguous array, dictionary columns decoded.

    Large and view strings (as DuckDB or Polars may hand them over) become plain strings, so
    that lookups between tables compare like with like. Meant for the id, category and time
    columns, not for post text.
    """
    col = table[name]
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if pa.types.is_dictionary(arr.type):
        arr = arr.cast(arr.type.value_type)
    if pa.types.is_large_string(arr.type) or pa.types.is_string_view(arr.type):
        arr = arr.cast(pa.string())
    return arr


def with_post_rows(posts: pa.Table, labels: pa.Table) -> pa.Table:
    """Return the label rows whose post is in ``posts``, with the post's row index in :data:`ROW`.

    A table that already has :data:`ROW` is returned unchanged (compute it once, pass it on).
    """
    if ROW in labels.column_names:
        return labels
    require_columns(labels, ("post_id", "label"), "labels")
    require_columns(posts, ("id",), "posts")
    if labels.num_rows == 0 or posts.num_rows == 0:
        return labels.slice(0, 0).append_column(ROW, pa.array([], pa.int64()))
    rows = pc.index_in(column(labels, "post_id"), value_set=column(posts, "id"))
    keep = pc.is_valid(rows)
    return labels.filter(keep).append_column(ROW, rows.filter(keep).cast(pa.int64()))
