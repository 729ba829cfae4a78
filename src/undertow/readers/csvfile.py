"""The ``csv`` reader: any CSV (or TSV, ;- or |-separated) file with one post per row.

Columns are found by the column map, else by :data:`~undertow.readers.base.DEFAULT_CANDIDATES`
(case-insensitive). The text column is required. Rows are located as ``"row N"`` (see
:mod:`undertow.readers.table`). A row whose text is empty, or whose time cell is non-empty
but unreadable, is a :class:`BadRecord`; every other column that is not mapped goes, when
non-empty, into ``extra`` (whole numbers as ints).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from undertow.post import BadRecord, RawPost
from undertow.readers.base import (
    DEFAULT_CANDIDATES,
    Item,
    ReaderOptions,
    clean_id,
    clean_lang,
    clean_str,
    is_blank,
    read_time,
    scalar_extra,
    validate_options,
)
from undertow.readers.table import open_table, resolve_columns

__all__ = ["read", "read_rows"]


def read(path: Path, options: ReaderOptions) -> Iterator[Item]:
    """Read a generic CSV file; see the module docstring."""
    yield from read_rows(path, options, fmt="csv", candidates=DEFAULT_CANDIDATES)


def read_rows(
    path: Path,
    options: ReaderOptions,
    *,
    fmt: str,
    candidates: Mapping[str, tuple[str, ...]],
) -> Iterator[Item]:
    """Read a CSV file whose columns are found among ``candidates`` (or the column map)."""
    validate_options(options)
    table = open_table(path, options.encoding)
    if table is None:
        return
    cols = resolve_columns(path, table.columns, candidates, options.column_map, fmt=fmt)
    text_col = cols["text"]
    assert text_col is not None  # resolve_columns requires it
    time_col = cols.get("time")
    used = {c for c in cols.values() if c is not None}
    for row in table.rows:
        if row.cells is None:
            yield BadRecord(row.record, row.problem or "unreadable row")
            continue
        cells = row.cells
        text = cells[text_col]
        if is_blank(text):
            yield BadRecord(row.record, f"the text (column {text_col!r}) is empty")
            continue
        try:
            created_at, precision = read_time(cells[time_col] if time_col else None, options)
        except ValueError as err:
            yield BadRecord(row.record, f"unreadable time in column {time_col!r}: {err}")
            continue
        yield RawPost(
            text=text,
            record=row.record,
            native_id=_cell(cells, cols.get("id"), clean_id),
            author=_cell(cells, cols.get("author"), clean_str),
            created_at=created_at,
            time_precision=precision,
            thread=_cell(cells, cols.get("thread"), clean_id),
            reply_to=_cell(cells, cols.get("reply_to"), clean_id),
            lang=_cell(cells, cols.get("lang"), clean_lang),
            extra=scalar_extra(cells, used),
        )


def _cell(
    cells: Mapping[str, str], column: str | None, clean: Callable[[object], str | None]
) -> str | None:
    return None if column is None else clean(cells[column])
