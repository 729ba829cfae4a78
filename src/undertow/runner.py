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
from typing import Any

import pyarrow.parquet as pq

from undertow.analyzers.base import Analyzer
from undertow.errors import AnalyzerError
from undertow.store import ANNOTATION_SCHEMA, FolderWriter, connect
from undertow.tasks import Task, plan, run_task, run_task_on_worker
from undertow.workspace import Workspace, new_id

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
    ws: Workspace,
    analyzer: Analyzer,
    *,
    progress: ProgressFn | None = None,
    client: Any = None,
    name: str | None = None,
) -> RunResult:
    """Code every post of ``ws`` not yet coded by ``analyzer`` (same name and version).

    With a Dask ``client`` the tasks run on its workers, which build the analyzer from its
    registered ``name`` and parameters once per worker; otherwise they run in this process.
    Either way the annotations are the same, committed in chunks of about CHUNK posts.
    """
    result = RunResult(analyzer=analyzer.key)
    if client is not None and name is None:
        raise AnalyzerError("A cluster run needs the analyzer's registered name.")
    with ws.write_lock():
        tasks = plan(ws, analyzer.key)
        total = sum(t.pending for t in tasks)
        if progress:
            progress(0, total)
        for chunk in _chunks(tasks):
            writer = FolderWriter(ws, ws.annotations_dir, new_id("r"), ANNOTATION_SCHEMA)
            try:
                if client is None:
                    for task in chunk:
                        coded, labels = run_task(
                            str(ws.path), task, analyzer, str(writer.tmp), writer.dest.name
                        )
                        _count(result, coded, labels, progress, total)
                else:
                    _run_on_cluster(
                        client, ws, chunk, analyzer, name, writer, result, progress, total
                    )
                posts = _commit(ws, writer, analyzer, result)
            except BaseException:
                writer.abort()
                raise
            if progress and posts:
                progress(result.coded, max(total, result.coded))
    return result


def _chunks(tasks: list[Task]) -> list[list[Task]]:
    chunks: list[list[Task]] = []
    size = CHUNK
    for task in tasks:
        if size + task.pending > CHUNK:
            chunks.append([])
            size = 0
        chunks[-1].append(task)
        size += task.pending
    return chunks


def _count(
    result: RunResult, coded: int, labels: int, progress: ProgressFn | None, total: int
) -> None:
    result.coded += coded
    result.labels += labels
    if progress:
        progress(result.coded, max(total, result.coded))


def _run_on_cluster(
    client: Any,
    ws: Workspace,
    chunk: list[Task],
    analyzer: Analyzer,
    name: str | None,
    writer: FolderWriter,
    result: RunResult,
    progress: ProgressFn | None,
    total: int,
) -> None:
    from distributed import as_completed

    params = analyzer.get_params()
    futures = [
        client.submit(
            run_task_on_worker,
            str(ws.path.resolve()),
            task,
            name,
            params,
            str(writer.tmp.resolve()),
            writer.dest.name,
            retries=3,
            pure=False,
        )
        for task in chunk
    ]
    for future in as_completed(futures):
        coded, labels = future.result()
        _count(result, coded, labels, progress, total)


def _commit(ws: Workspace, writer: FolderWriter, analyzer: Analyzer, result: RunResult) -> int:
    for leftover in writer.tmp.glob(".*.tmp"):  # a killed worker's unfinished file
        leftover.unlink(missing_ok=True)
    files = sorted(writer.tmp.glob("part-*.parquet"))
    if not files:
        writer.abort()
        return 0
    posts = labels = 0
    for f in files:
        meta = pq.read_metadata(f)
        posts += meta.num_rows
    table = pq.read_table(files, columns=["label"]) if files else None
    labels = table.num_rows - table.column("label").null_count if table is not None else 0
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
                labels,
                started,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
    return posts
