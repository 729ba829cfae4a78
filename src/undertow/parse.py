"""Parse: turn one piece of an input file into blocks of post rows, ready to store.

A :class:`Piece` is a whole file or (for JSON Lines) one run of its lines. :func:`parse`
reads it with the file's reader and yields :class:`Block` objects of at most ``rows`` posts:
an Arrow table of :data:`~undertow.post.POST_SCHEMA` rows with the language identified, the
128-bit digests of the ids used to find duplicates, the bad records and the skipped ones.
Ingest runs this in worker processes for big inputs and in its own process otherwise; the
blocks are the same either way.

Posts without a native id get their id from their content, and the n-th repeat of the same
content in one file is a separate post (``<id>.<n>``). Counting repeats needs the whole file
in order, so here those rows carry the unnumbered id (``keyed`` is False) and ingest numbers
them with :func:`number_repeats` as the blocks arrive in order.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

import numpy as np
import pyarrow as pa

from undertow.post import POST_SCHEMA, BadRecord, RawPost, Skipped, post_id, qualify, text_hash
from undertow.readers import ReaderOptions, get_reader
from undertow.readers.jsonl import read_span
from undertow.readers.lines import Span
from undertow.text.langid import detect_many

__all__ = ["DIGEST", "Block", "Piece", "digest", "number_repeats", "parse", "parse_all"]

#: numpy dtype of an id digest (MD5 of the id's UTF-8 bytes: 128 bits)
DIGEST = np.dtype("S16")


@dataclass(frozen=True, slots=True)
class Piece:
    """What one parse call reads: a file, or one run of lines of a JSON Lines file."""

    path: Path
    fmt: str
    options: ReaderOptions
    source: str
    stance: str
    batch: str
    span: Span | None = None


@dataclass(slots=True)
class Block:
    """Up to ``rows`` posts of one piece, in file order, and what was not a post."""

    table: pa.Table
    keyed: np.ndarray  # bool per row: the id is final (a native id)
    digests: np.ndarray  # DIGEST per row (zeros where not keyed)
    rejects: list[tuple[str, str]] = field(default_factory=list)  # (record, reason)
    skipped: Counter[str] = field(default_factory=Counter)


def digest(post_ids: list[str]) -> np.ndarray:
    """Return the 128-bit digests of ``post_ids`` (what duplicates are found by)."""
    out = np.empty(len(post_ids), dtype=DIGEST)
    for i, pid in enumerate(post_ids):
        out[i] = hashlib.md5(pid.encode("utf-8"), usedforsecurity=False).digest()
    return out


def parse(piece: Piece, rows: int) -> Iterator[Block]:
    """Read ``piece`` and yield its posts in blocks of at most ``rows``."""
    if piece.span is not None:
        items = read_span(piece.path, piece.options, piece.span)
    else:
        items = get_reader(piece.fmt)(piece.path, piece.options)
    buffer: list[dict] = []
    keyed: list[bool] = []
    rejects: list[tuple[str, str]] = []
    skipped: Counter[str] = Counter()
    for item in items:
        if isinstance(item, Skipped):
            skipped[item.kind] += 1
        elif isinstance(item, BadRecord):
            rejects.append((item.record, item.reason))
        else:
            buffer.append(_row(item, piece))
            keyed.append(bool(item.native_id))
            if len(buffer) >= rows:
                yield _block(buffer, keyed, rejects, skipped)
                buffer, keyed, rejects, skipped = [], [], [], Counter()
    if buffer or rejects or skipped:
        yield _block(buffer, keyed, rejects, skipped)


def parse_all(piece: Piece, rows: int) -> list[Block]:
    """Return every block of ``piece`` (what a worker process sends back)."""
    return list(parse(piece, rows))


def number_repeats(block: Block, occurrences: Counter[str]) -> None:
    """Give the rows without a native id their final ids and digests, counting repeats of the
    same content across the file in ``occurrences`` (one Counter per file, blocks in order)."""
    rows = np.flatnonzero(~block.keyed)
    if rows.size == 0:
        return
    ids = block.table.column("id").to_pylist()
    for i in rows.tolist():
        base = ids[i]
        occurrences[base] += 1
        if occurrences[base] > 1:
            ids[i] = f"{base}.{occurrences[base]}"
    block.digests[rows] = digest([ids[i] for i in rows.tolist()])
    block.keyed[rows] = True
    index = block.table.schema.get_field_index("id")
    block.table = block.table.set_column(index, "id", pa.array(ids, pa.string()))


def _block(
    buffer: list[dict], keyed: list[bool], rejects: list[tuple[str, str]], skipped: Counter[str]
) -> Block:
    missing = [i for i, r in enumerate(buffer) if not r["lang"]]
    if missing:
        langs = detect_many(buffer[i]["text"] for i in missing)
        for i, lang in zip(missing, langs, strict=True):
            buffer[i]["lang"] = lang
    keys = np.array(keyed, dtype=bool)
    digests = np.zeros(len(buffer), dtype=DIGEST)
    if keys.any():
        rows = np.flatnonzero(keys).tolist()
        digests[rows] = digest([buffer[i]["id"] for i in rows])
    table = pa.Table.from_pylist(buffer, schema=POST_SCHEMA)
    return Block(table, keys, digests, rejects, skipped)


def _row(raw: RawPost, piece: Piece) -> dict:
    native = raw.native_id
    created = raw.created_at.astimezone(UTC) if raw.created_at else None
    return {
        "id": post_id(piece.source, native or None, raw),
        "source": piece.source,
        "stance": piece.stance,
        "native_id": native,
        "author": raw.author,
        "created_at": created,
        "time_precision": raw.time_precision if created else "none",
        "thread": qualify(piece.source, raw.thread),
        "reply_to": qualify(piece.source, raw.reply_to),
        "lang": raw.lang or "",
        "text": raw.text,
        "text_hash": text_hash(raw.text),
        "batch": piece.batch,
        "file": piece.path.name,
        "record": raw.record,
        "format": piece.fmt,
        "extra": json.dumps(raw.extra, ensure_ascii=False, default=str) if raw.extra else None,
    }
