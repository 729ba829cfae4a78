"""Ingest: read an export with a reader, give every post provenance, store it as one batch.

One call of :func:`ingest` is one batch: either every good record of every file lands in the
workspace, or (crash, Ctrl-C, an error) nothing does. Records already in the workspace (same
stable id) are counted as duplicates and not stored again; bad records are reported with their
file and locator, written to ``WS/rejects/<batch>.jsonl``, and skipped.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from undertow.errors import InputError
from undertow.idset import IdSet
from undertow.parse import DIGEST, Block, Piece, number_repeats
from undertow.pool import blocks
from undertow.post import POST_SCHEMA, STANCES
from undertow.readers import ReaderOptions, get_reader, sniff
from undertow.readers.base import validate_options
from undertow.readers.lines import split_lines, splittable
from undertow.store import FolderWriter, connect
from undertow.workspace import Workspace, new_id

PART_ROWS = 50_000  # posts per stored part (and per parsed block)
PIECE_BYTES = 8 << 20  # JSON Lines files are cut into runs of lines of about this size
PARALLEL_MIN_BYTES = 16 << 20  # smaller inputs are parsed in this process
MAX_JOBS = 8
_SOURCE_RE = re.compile(r"^[\w.\-]+$")


@dataclass
class Reject:
    """One record that was not ingested, and why."""

    file: str
    record: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, {self.record}: {self.reason}"


@dataclass
class IngestResult:
    """What one ingest batch did."""

    batch: str
    added: int = 0
    duplicates: int = 0
    rejected: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, format)
    rejects: list[Reject] = field(default_factory=list)

    def summary(self) -> str:
        """One line: added, duplicates, rejected (and skipped, when any)."""
        line = (
            f"Added {self.added:,} posts, {self.duplicates:,} duplicates, "
            f"{self.rejected:,} rejected"
        )
        if self.skipped:
            kinds = ", ".join(f"{n:,} {k}" for k, n in self.skipped.most_common(4))
            more = "" if len(self.skipped) <= 4 else ", …"
            line += f"; skipped {sum(self.skipped.values()):,} non-posts ({kinds}{more})"
        return line + f" [batch {self.batch}]"


ProgressFn = Callable[[int], None]


def list_files(path: Path) -> list[Path]:
    """The files to ingest under ``path`` (itself, or every non-hidden file below a folder)."""
    if path.is_file():
        return [path]
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        if not files:
            raise InputError(f"{path} holds no files to ingest.")
        return files
    raise InputError(f"{path} does not exist; check the path.")


def ingest(
    ws: Workspace,
    path: str | Path,
    *,
    source: str,
    stance: str,
    fmt: str = "auto",
    options: ReaderOptions | None = None,
    progress: ProgressFn | None = None,
    on_reject: Callable[[Reject], None] | None = None,
    jobs: int | None = None,
) -> IngestResult:
    """Ingest a file or a folder of files into ``ws`` as one batch; return what happened.

    ``jobs`` worker processes parse the input (None: one per core for inputs of more than
    :data:`PARALLEL_MIN_BYTES`, else none); the result is the same for any number.
    """
    if stance not in STANCES:
        raise InputError(f"Stance {stance!r} is not one of {', '.join(STANCES)}; pick one.")
    if not _SOURCE_RE.match(source):
        raise InputError(
            f"Source name {source!r} may hold only letters, digits, '_', '-' and '.'; rename it."
        )
    options = options or ReaderOptions()
    validate_options(options)
    files = list_files(Path(path))
    plan = [(f, sniff(f) if fmt == "auto" else fmt) for f in files]
    for _, name in plan:
        get_reader(name)  # an unknown --format fails before anything is read

    with ws.write_lock():
        con = connect(ws)
        known_stance = con.execute(
            "select any_value(stance) from posts where source = ?", [source]
        ).fetchall()[0][0]
        if known_stance is not None and known_stance != stance:
            con.close()
            raise InputError(
                f"Source {source!r} was ingested with stance {known_stance!r}; a source has one "
                "stance. Use that stance or a new source name."
            )
        seen = IdSet(_known_digests(con, source))
        con.close()

        result = IngestResult(batch=new_id("b"))
        result.files = [(str(f), n) for f, n in plan]
        pieces = _pieces(plan, options, source, stance, result.batch)
        writer = FolderWriter(ws, ws.posts_dir, result.batch, POST_SCHEMA)
        stream: Generator[tuple[Piece, Block], None, None] | None = None
        try:
            occurrences: Counter[str] = Counter()
            current: Path | None = None
            stream = blocks(pieces, PART_ROWS, jobs=_jobs(jobs, pieces))
            for piece, block in stream:
                if piece.path != current:
                    current, occurrences = piece.path, Counter()
                result.skipped.update(block.skipped)
                for record, reason in block.rejects:
                    _reject(result, Reject(str(piece.path), record, reason), on_reject)
                number_repeats(block, occurrences)
                new = seen.add(block.digests)
                added = int(new.sum())
                result.duplicates += len(new) - added
                if added:
                    writer.write(block.table if added == len(new) else block.table.filter(new))
                    result.added += added
                    if progress:
                        progress(result.added)
            _write_rejects(ws, result)
            writer.commit()
        except BaseException:
            if stream is not None:
                stream.close()  # stops the worker processes
            writer.abort()
            (ws.rejects_dir / f"{result.batch}.jsonl").unlink(missing_ok=True)
            raise
        with ws.ledger() as db:
            db.execute(
                "insert into batches values (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    result.batch,
                    source,
                    stance,
                    str(Path(path).resolve()),
                    ",".join(sorted({n for _, n in plan})),
                    result.added,
                    result.duplicates,
                    result.rejected,
                    sum(result.skipped.values()),
                    result.batch.split("-")[1],
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
    return result


def _known_digests(con: Any, source: str) -> Iterator[np.ndarray]:
    """The digests of the ids ``source`` already holds, computed by DuckDB, in Arrow batches."""
    reader = con.sql(
        "select unhex(md5(id)) as d from posts where source = ?", params=[source]
    ).to_arrow_reader(1 << 20)
    for batch in reader:
        col = pc.cast(batch.column(0), pa.binary(16))
        if len(col):
            data = col.buffers()[1]
            yield np.frombuffer(data, dtype=DIGEST, count=len(col), offset=col.offset * 16)


def _pieces(
    plan: list[tuple[Path, str]], options: ReaderOptions, source: str, stance: str, batch: str
) -> list[Piece]:
    """Cut the files into pieces: runs of lines for big JSON Lines files, else whole files."""
    out: list[Piece] = []
    for file, fmt in plan:
        if fmt == "jsonl" and splittable(options.encoding) and _size(file) > PIECE_BYTES:
            for span in split_lines(file, PIECE_BYTES):
                out.append(Piece(file, fmt, options, source, stance, batch, span))
        else:
            out.append(Piece(file, fmt, options, source, stance, batch))
    return out


def _jobs(jobs: int | None, pieces: list[Piece]) -> int:
    """Worker processes worth starting: none for small inputs (starting them costs a second)."""
    if jobs is not None:
        if jobs < 1:
            raise InputError(f"--jobs must be at least 1, not {jobs}.")
        return jobs if len(pieces) > 1 else 1
    total = sum(_size(p.path) if p.span is None else p.span[1] - p.span[0] for p in pieces)
    if len(pieces) < 2 or total < PARALLEL_MIN_BYTES:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_JOBS, len(pieces)))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _reject(result: IngestResult, rej: Reject, on_reject: Callable[[Reject], None] | None) -> None:
    result.rejected += 1
    if len(result.rejects) < 10_000:
        result.rejects.append(rej)
    if on_reject:
        on_reject(rej)


def _write_rejects(ws: Workspace, result: IngestResult) -> None:
    if not result.rejects:
        return
    lines: Iterable[str] = (
        json.dumps({"file": r.file, "record": r.record, "reason": r.reason}, ensure_ascii=False)
        for r in result.rejects
    )
    (ws.rejects_dir / f"{result.batch}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
