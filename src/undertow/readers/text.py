"""The ``text`` reader: plain-text and Markdown documents, one post per paragraph.

Paragraphs are separated by blank (whitespace-only) lines. A Markdown ATX heading line
(``# Title`` up to ``###### Title``) is always a paragraph of its own, even without blank lines
around it, and gets ``extra["heading"] = level``. Nothing is stripped or rewritten:
``RawPost.text`` is the paragraph exactly as in the file, lines joined with their own line
endings, markers such as ``# `` included, only the ending of its last line left out.

Each paragraph is ``"paragraph N"`` (1-based), with ``native_id`` ``"<file stem>#p<N>"``,
``thread`` the file stem, no ``reply_to``, and ``extra["line"]`` its first physical line.

The document's time, precision day (or what the value gives), comes from optional metadata
at the very top, which is not itself a paragraph:

* front matter: a first line ``---``, then ``key: value`` lines, then ``---`` (or ``...``);
  ``date:`` gives the time, ``author:`` the author and ``title:`` ``extra["title"]``;
* or a first line ``Date: 2016-03-27``.

An unreadable date yields a :class:`BadRecord` for that line and the paragraphs are read
without a time. A paragraph with an undecodable line is a BadRecord. The column map is not used.
Directories are not read here: ingest calls this reader once per file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from itertools import chain
from pathlib import Path

from undertow.post import BadRecord, RawPost
from undertow.readers.base import Item, ReaderOptions, read_time, validate_options
from undertow.readers.lines import Line, iter_lines

__all__ = ["read"]

_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_META = re.compile(r"([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*")
_FENCES = ("---", "...")
_MAX_FRONT_MATTER = 60


def read(path: Path, options: ReaderOptions) -> Iterator[Item]:
    """Read a plain-text or Markdown document; see the module docstring."""
    validate_options(options)
    lines = iter_lines(path, options.encoding)
    meta, meta_line, rest = _metadata(lines)
    created_at: datetime | None = None
    precision = "none"
    if "date" in meta:
        try:
            created_at, precision = read_time(meta["date"], options)
        except ValueError as err:
            yield BadRecord(
                f"line {meta_line}", f"unreadable date {meta['date']!r}: {err}; read without time"
            )
    author = meta.get("author") or None
    base_extra = {"title": meta["title"]} if meta.get("title") else {}
    stem = path.stem
    number = 0
    for block, level in _paragraphs(rest):
        number += 1
        record = f"paragraph {number}"
        if not all(ok for _, _, ok in block):
            yield BadRecord(record, f"not valid {options.encoding} text; pass --encoding")
            continue
        text = "".join(line for _, line, _ in block)
        text = text.removesuffix("\n").removesuffix("\r")
        extra: dict[str, object] = {**base_extra, "line": block[0][0]}
        if level:
            extra["heading"] = level
        yield RawPost(
            text=text,
            record=record,
            native_id=f"{stem}#p{number}",
            author=author,
            created_at=created_at,
            time_precision=precision,
            thread=stem,
            extra=extra,
        )


def _metadata(lines: Iterator[Line]) -> tuple[dict[str, str], int, Iterator[Line]]:
    """Read front matter or a ``Date:`` first line; return (fields, its line, the rest)."""
    first = next(lines, None)
    if first is None:
        return {}, 0, iter(())
    number, line, _ = first
    stripped = line.strip()
    if stripped == "---":
        held: list[Line] = []
        for item in lines:
            held.append(item)
            if item[1].strip() in _FENCES:
                return _fields(held[:-1]), number, lines
            if len(held) > _MAX_FRONT_MATTER:
                break
        return {}, 0, chain([first], held, lines)  # no closing fence: ordinary text
    match = _META.fullmatch(stripped)
    if match and match.group(1).lower() == "date":
        return {"date": match.group(2)}, number, lines
    return {}, 0, chain([first], lines)


def _fields(block: list[Line]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for _, line, _ in block:
        match = _META.fullmatch(line.strip())
        if match:
            fields.setdefault(match.group(1).lower(), match.group(2).strip("\"'"))
    return fields


def _paragraphs(lines: Iterator[Line]) -> Iterator[tuple[list[Line], int]]:
    """Yield (the lines of a paragraph, its heading level or 0)."""
    block: list[Line] = []
    for item in lines:
        line = item[1]
        if not line.strip():
            if block:
                yield block, 0
                block = []
            continue
        heading = _HEADING.match(line)
        if heading:
            if block:
                yield block, 0
                block = []
            yield [item], len(heading.group(1))
            continue
        block.append(item)
    if block:
        yield block, 0
