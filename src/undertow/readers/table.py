"""A streamed CSV table: its header, then its data rows one at a time.

Shared by the ``csv``, ``tweets-csv`` and ``telegram-scraper-csv`` readers. Rows are located as
``"row N"``: the Nth data row, counting from 1 after the header and not counting blank lines
(a spreadsheet shows it as row N+1). Quoted fields may span lines; each line is decoded on its
own so that one undecodable row is reported and the rest are kept.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from undertow.errors import FormatError
from undertow.readers.lines import iter_lines

__all__ = ["DELIMITERS", "Row", "Table", "guess_delimiter", "open_table", "resolve_columns"]

DELIMITERS = ",\t;|"
_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)


def guess_delimiter(header_line: str, path: Path | None = None) -> str:
    """Return the delimiter of a CSV header line: the most frequent of , TAB ; | (else ,)."""
    if path is not None and path.suffix.lower() == ".tsv" and "\t" in header_line:
        return "\t"
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass(slots=True)
class Row:
    """One data row: its locator and either its cells or why it cannot be used."""

    record: str
    cells: dict[str, str] | None
    problem: str | None = None


@dataclass(slots=True)
class Table:
    """A CSV file opened for streaming: ``columns`` from its header, ``rows`` lazily."""

    path: Path
    columns: list[str]
    rows: Iterator[Row]


def open_table(path: Path, encoding: str = "utf-8") -> Table | None:
    """Open ``path`` as CSV; return None when the file has no header (is empty).

    Raises FormatError when the file cannot be opened or is not text in ``encoding``.
    """
    csv.field_size_limit(_FIELD_LIMIT)
    lines = iter_lines(path, encoding)
    dirty: set[int] = set()
    first: list[str] = []
    offset = 0  # blank physical lines before the header, which the csv reader never sees
    for number, line, ok in lines:
        if not ok:
            dirty.add(number)
        if line.strip():
            first.append(line)
            offset = number - 1
            break
    if not first:
        return None
    delimiter = guess_delimiter(first[0], path)

    def texts() -> Iterator[str]:
        yield first[0]
        for number, line, ok in lines:
            if not ok:
                dirty.add(number)
            yield line

    reader = csv.reader(texts(), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error as err:
        raise FormatError(f"{path}: cannot read the CSV header ({err}).") from None
    if dirty:
        raise FormatError(
            f"{path}: the CSV header cannot be decoded as {encoding}; pass --encoding."
        )
    columns = [name.strip().removeprefix("\ufeff").strip() for name in header]
    return Table(path, columns, _rows(reader, columns, dirty, offset, encoding))


def _rows(
    reader: Any, columns: list[str], dirty: set[int], offset: int, encoding: str
) -> Iterator[Row]:
    width = len(columns)
    index = {}
    for i, name in enumerate(columns):
        index.setdefault(name, i)
    pairs = list(index.items())
    number = 0
    last_line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            number += 1
            last_line = reader.line_num
            yield Row(f"row {number}", None, f"malformed CSV: {err}")
            continue
        first_line, last_line = last_line + 1, reader.line_num
        if not cells or (len(cells) == 1 and width > 1 and not cells[0].strip()):
            continue  # a blank line
        number += 1
        record = f"row {number}"
        if dirty and any(n + offset in dirty for n in range(first_line, last_line + 1)):
            yield Row(record, None, f"not valid {encoding} text; pass the right --encoding")
            continue
        if len(cells) != width and not (
            len(cells) > width and not any(c.strip() for c in cells[width:])
        ):
            yield Row(
                record,
                None,
                f"has {len(cells)} fields but the header has {width}; check the quoting",
            )
            continue
        yield Row(record, {name: cells[i] for name, i in pairs})


def resolve_columns(
    path: Path,
    columns: Iterable[str],
    candidates: Mapping[str, tuple[str, ...]],
    column_map: Mapping[str, str],
    *,
    fmt: str,
    required: tuple[str, ...] = ("text",),
) -> dict[str, str | None]:
    """Choose the column of each field: the mapped one, else the first candidate present.

    Names match case-insensitively. Raises FormatError when a mapped column is absent or a
    ``required`` field has no column, listing the columns and the ``--map`` to pass.
    """
    present = list(columns)
    lower = {}
    for name in present:
        lower.setdefault(name.lower(), name)
    shown = ", ".join(present) if len(present) <= 40 else ", ".join(present[:40]) + ", ..."
    chosen: dict[str, str | None] = {}
    for fieldname, names in candidates.items():
        if fieldname in column_map:
            wanted = column_map[fieldname]
            found = wanted if wanted in present else lower.get(wanted.lower())
            if found is None:
                raise FormatError(
                    f"{path} has no column {wanted!r} (from --map {fieldname}={wanted}); "
                    f"its columns are: {shown}."
                )
            chosen[fieldname] = found
        else:
            chosen[fieldname] = next((lower[n] for n in names if n in lower), None)
    for fieldname in required:
        if chosen.get(fieldname) is None:
            looked = ", ".join(candidates.get(fieldname, ()))
            raise FormatError(
                f"{path} has no {fieldname} column for the {fmt} format (looked for: {looked}); "
                f"its columns are: {shown}. Pass --map {fieldname}=COLUMN, or another --format."
            )
    return chosen
