"""The analysis runner: code every post not yet coded by the current analyzer versions.

Batching, incrementality, progress and storage belong here, not in analyzers. Work is committed
in chunks (one annotations folder per chunk), so an interrupted run keeps what it finished and
the next run codes only what is left.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyarrow as pa

from undertow.analyzers.base import Analyzer, Annotation, PostView
from undertow.errors import AnalyzerError
from undertow.store import ANNOTATION_SCHEMA, FolderWriter, connect, iter_batches
from undertow.workspace import Workspace, new_id

BATCH = 1024
CHUNK = 100_000

ProgressFn = Callable[[int, int], None]  # (done, total)


@dataclass
class RunResult:
    """What one analyzer's run did."""

    analyzer: str
    coded: int = 0
    labels: int = 0
    runs: list[str] = field(default_factory=list)


_PENDING = (
    "from posts p where not exists "
    "(select 1 from annotations a where a.post_id = p.id and a.analyzer = ?)"
)


def pending_count(ws: Workspace, analyzer: Analyzer) -> int:
    """How many posts the analyzer has not coded yet."""
    con = connect(ws)
    try:
        return con.execute(f"select count(*) {_PENDING}", [analyzer.key]).fetchall()[0][0]
    finally:
        con.close()


def run_analyzer(
    ws: Workspace, analyzer: Analyzer, *, progress: ProgressFn | None = None
) -> RunResult:
    """Code every post of ``ws`` not yet coded by ``analyzer`` (same name and version)."""
    result = RunResult(analyzer=analyzer.key)
    with ws.write_lock():
        con = connect(ws)
        total = con.execute(f"select count(*) {_PENDING}", [analyzer.key]).fetchall()[0][0]
        if progress:
            progress(0, total)
        sql = f"select p.id, p.text, p.lang, p.stance {_PENDING} order by p.id"
        writer: FolderWriter | None = None
        in_chunk = 0
        try:
            for batch in iter_batches(con, sql, [analyzer.key], BATCH):
                if writer is None:
                    run_id = new_id("r")
                    writer = FolderWriter(ws, ws.annotations_dir, run_id, ANNOTATION_SCHEMA)
                table, n_labels = code_batch(analyzer, batch, writer.dest.name)
                writer.write(table)
                result.coded += batch.num_rows
                result.labels += n_labels
                in_chunk += batch.num_rows
                if progress:
                    progress(result.coded, total)
                if in_chunk >= CHUNK:
                    _commit(ws, writer, analyzer, in_chunk, result)
                    writer, in_chunk = None, 0
            if writer is not None:
                _commit(ws, writer, analyzer, in_chunk, result)
                writer = None
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        finally:
            con.close()
    return result


def code_batch(analyzer: Analyzer, batch: pa.RecordBatch, run: str) -> tuple[pa.Table, int]:
    """Run the analyzer on one batch and return its annotation rows (with coded markers)."""
    cols = batch.to_pydict()
    posts = [
        PostView(id=i, text=t, lang=lang or "und", stance=s)
        for i, t, lang, s in zip(
            cols["id"], cols["text"], cols["lang"], cols["stance"], strict=True
        )
    ]
    try:
        annotations = analyzer.analyze(posts)
    except Exception as exc:
        raise AnalyzerError(
            f"Analyzer {analyzer.key} failed on a batch starting at post {posts[0].id}: {exc}"
        ) from exc
    by_id = {p.id: p for p in posts}
    rows: dict[str, list] = {k: [] for k in ANNOTATION_SCHEMA.names}
    labelled: set[str] = set()
    for ann in annotations:
        _check(ann, by_id, analyzer)
        labelled.add(ann.post_id)
        _append(rows, ann.post_id, analyzer.key, ann, run)
    for p in posts:
        if p.id not in labelled:
            _append(rows, p.id, analyzer.key, None, run)
    return pa.table(rows, schema=ANNOTATION_SCHEMA), len(annotations)


def _append(
    rows: dict[str, list], post_id: str, key: str, ann: Annotation | None, run: str
) -> None:
    rows["post_id"].append(post_id)
    rows["analyzer"].append(key)
    rows["label"].append(ann.label if ann else None)
    rows["score"].append(float(ann.score) if ann else None)
    rows["spans"].append([[int(a), int(b)] for a, b in ann.spans] if ann else None)
    rows["detail"].append(
        json.dumps(ann.detail, ensure_ascii=False) if ann and ann.detail else None
    )
    rows["run"].append(run)


def _check(ann: Annotation, by_id: dict[str, PostView], analyzer: Analyzer) -> None:
    post = by_id.get(ann.post_id)
    if post is None:
        raise AnalyzerError(f"Analyzer {analyzer.key} annotated unknown post {ann.post_id!r}.")
    if not ann.spans or any(not 0 <= a < b <= len(post.text) for a, b in ann.spans):
        raise AnalyzerError(
            f"Analyzer {analyzer.key} gave post {ann.post_id} label {ann.label!r} without "
            f"valid evidence spans ({ann.spans}); it fails the conformance check."
        )


def _commit(
    ws: Workspace, writer: FolderWriter, analyzer: Analyzer, posts: int, result: RunResult
) -> None:
    started = writer.dest.name.split("-")[1]
    writer.commit()
    result.runs.append(writer.dest.name)
    with ws.ledger() as db:
        db.execute(
            "insert into runs values (?,?,?,?,?,?,?)",
            (
                writer.dest.name,
                analyzer.key,
                json.dumps(analyzer.get_params(), sort_keys=True, default=str),
                posts,
                writer.rows,
                started,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
