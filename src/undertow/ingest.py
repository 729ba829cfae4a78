"""Ingest: read an export with a reader, give every post provenance, store it as one batch.

One call of :func:`ingest` is one batch: either every good record of every file lands in the
workspace, or (crash, Ctrl-C, an error) nothing does. Records already in the workspace (same
stable id) are counted as duplicates and not stored again; bad records are reported with their
file and locator, written to ``WS/rejects/<batch>.jsonl``, and skipped.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from undertow.errors import InputError
from undertow.post import (
    POST_SCHEMA,
    STANCES,
    BadRecord,
    RawPost,
    Skipped,
    post_id,
    qualify,
    text_hash,
)
from undertow.readers import ReaderOptions, get_reader, sniff
from undertow.readers.base import validate_options
from undertow.store import FolderWriter, connect
from undertow.text.langid import detect_many
from undertow.workspace import Workspace, new_id

PART_ROWS = 50_000
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
) -> IngestResult:
    """Ingest a file or a folder of files into ``ws`` as one batch; return what happened."""
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
    readers = {name: get_reader(name) for _, name in plan}

    with ws.write_lock():
        con = connect(ws)
        known_stance = con.execute(
            "select any_value(stance) from posts where source = ?", [source]
        ).fetchall()[0][0]
        if known_stance is not None and known_stance != stance:
            raise InputError(
                f"Source {source!r} was ingested with stance {known_stance!r}; a source has one "
                "stance. Use that stance or a new source name."
            )
        seen = {
            row[0]
            for row in con.execute("select id from posts where source = ?", [source]).fetchall()
        }
        con.close()

        result = IngestResult(batch=new_id("b"))
        writer = FolderWriter(ws, ws.posts_dir, result.batch, POST_SCHEMA)
        try:
            buffer: list[dict] = []
            for file, name in plan:
                result.files.append((str(file), name))
                occurrences: Counter[str] = Counter()
                for item in readers[name](file, options):
                    if isinstance(item, Skipped):
                        result.skipped[item.kind] += 1
                        continue
                    if isinstance(item, BadRecord):
                        _reject(result, Reject(str(file), item.record, item.reason), on_reject)
                        continue
                    row = _row(item, file, name, source, stance, result.batch, occurrences)
                    if row["id"] in seen:
                        result.duplicates += 1
                        continue
                    seen.add(row["id"])
                    buffer.append(row)
                    if len(buffer) >= PART_ROWS:
                        result.added += _flush(writer, buffer)
                        if progress:
                            progress(result.added)
                if buffer:
                    result.added += _flush(writer, buffer)
                    if progress:
                        progress(result.added)
            _write_rejects(ws, result)
            writer.commit()
        except BaseException:
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


def _reject(result: IngestResult, rej: Reject, on_reject: Callable[[Reject], None] | None) -> None:
    result.rejected += 1
    if len(result.rejects) < 10_000:
        result.rejects.append(rej)
    if on_reject:
        on_reject(rej)


def _row(
    raw: RawPost,
    file: Path,
    fmt: str,
    source: str,
    stance: str,
    batch: str,
    occurrences: Counter[str],
) -> dict:
    native = raw.native_id
    if not native:
        # posts without a native id are told apart by content; a repeat of the very same
        # content in one file is a separate post, so its occurrence number is part of the key
        base = post_id(source, None, raw)
        occurrences[base] += 1
        pid = base if occurrences[base] == 1 else f"{base}.{occurrences[base]}"
    else:
        pid = post_id(source, native, raw)
    created = raw.created_at.astimezone(UTC) if raw.created_at else None
    return {
        "id": pid,
        "source": source,
        "stance": stance,
        "native_id": native,
        "author": raw.author,
        "created_at": created,
        "time_precision": raw.time_precision if created else "none",
        "thread": qualify(source, raw.thread),
        "reply_to": qualify(source, raw.reply_to),
        "lang": raw.lang or "",
        "text": raw.text,
        "text_hash": text_hash(raw.text),
        "batch": batch,
        "file": file.name,
        "record": raw.record,
        "format": fmt,
        "extra": json.dumps(raw.extra, ensure_ascii=False, default=str) if raw.extra else None,
    }


def _flush(writer: FolderWriter, buffer: list[dict]) -> int:
    missing = [i for i, r in enumerate(buffer) if not r["lang"]]
    if missing:
        langs = detect_many(buffer[i]["text"] for i in missing)
        for i, lang in zip(missing, langs, strict=True):
            buffer[i]["lang"] = lang
    table = pa.Table.from_pylist(buffer, schema=POST_SCHEMA)
    writer.write(table)
    n = len(buffer)
    buffer.clear()
    return n


def _write_rejects(ws: Workspace, result: IngestResult) -> None:
    if not result.rejects:
        return
    lines: Iterable[str] = (
        json.dumps({"file": r.file, "record": r.record, "reason": r.reason}, ensure_ascii=False)
        for r in result.rejects
    )
    (ws.rejects_dir / f"{result.batch}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
