"""Units of analysis work: a slice of one posts part file, coded by one analyzer.

A task reads only its slice (posts of one Parquet part whose id hashes to it), codes the posts
that the analyzer has not coded yet, and writes one annotations file named after the task, by
writing a temporary file and renaming it. Running a task twice (a retried task on a cluster)
therefore leaves the same single file: nothing is lost or duplicated.

The same function runs in-process and on Dask workers; on a worker the analyzer is built once
per process from its registered name and parameters (:func:`worker_analyzer`).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from undertow.analyzers.base import Analyzer, Annotation, PostView
from undertow.errors import AnalyzerError
from undertow.store import ANNOTATION_SCHEMA, connect, iter_batches
from undertow.workspace import Workspace

TASK_ROWS = 10_000
BATCH = 1024
_worker_cache: dict[tuple[str, str], Analyzer] = {}


@dataclass(frozen=True, slots=True)
class Task:
    """Code the posts of ``part`` whose id hashes to ``slice`` of ``slices``."""

    part: str
    slice: int
    slices: int
    pending: int

    @property
    def out_name(self) -> str:
        digest = hashlib.sha1(self.part.encode("utf-8")).hexdigest()[:12]
        return f"part-{digest}-{self.slice:04d}of{self.slices:04d}.parquet"


def _lit(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


def plan(ws: Workspace, key: str, *, task_rows: int = TASK_ROWS) -> list[Task]:
    """The tasks that code every post of ``ws`` not yet coded by analyzer ``key``."""
    files = ws.part_files("posts")
    if not files:
        return []
    con = connect(ws)
    try:
        rows = con.execute(
            "select filename, count(*) from read_parquet(["
            + ", ".join(_lit(str(f)) for f in files)
            + "], filename=true) p where not exists (select 1 from annotations a "
            "where a.post_id = p.id and a.analyzer = ?) group by filename order by filename",
            [key],
        ).fetchall()
    finally:
        con.close()
    tasks: list[Task] = []
    for filename, pending in rows:
        slices = max(1, -(-pending // task_rows))
        for k in range(slices):
            # the share of each slice is an estimate until the task counts its own posts
            tasks.append(Task(str(filename), k, slices, -(-pending // slices)))
    return tasks


def run_task(
    ws_path: str, task: Task, analyzer: Analyzer, run_dir: str, run_id: str
) -> tuple[int, int]:
    """Code one task with ``analyzer``; write its annotations file; return (posts, labels)."""
    ws = Workspace.open(ws_path)
    con = connect(ws)
    sql = (
        f"select p.id, p.text, p.lang, p.stance from read_parquet({_lit(task.part)}) p "
        "where hash(p.id) % ? = ? and not exists (select 1 from annotations a "
        "where a.post_id = p.id and a.analyzer = ?) order by p.id"
    )
    tables = []
    coded = labels = 0
    try:
        for batch in iter_batches(con, sql, [task.slices, task.slice, analyzer.key], BATCH):
            table, n_labels = code_batch(analyzer, batch, run_id)
            tables.append(table)
            coded += batch.num_rows
            labels += n_labels
    finally:
        con.close()
    if tables:
        target = Path(run_dir) / task.out_name
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        pq.write_table(pa.concat_tables(tables), tmp, compression="zstd")
        os.replace(tmp, target)
    return coded, labels


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


def worker_analyzer(name: str, params: dict[str, Any]) -> Analyzer:
    """The analyzer registered as ``name`` with ``params``, built once per worker process."""
    key = (name, json.dumps(params, sort_keys=True, default=str))
    if key not in _worker_cache:
        from undertow.analyzers.registry import available

        _worker_cache[key] = available()[name](**params)
    return _worker_cache[key]


def run_task_on_worker(
    ws_path: str, task: Task, name: str, params: dict[str, Any], run_dir: str, run_id: str
) -> tuple[int, int]:
    """:func:`run_task` with the analyzer looked up (and cached) in the worker process."""
    return run_task(ws_path, task, worker_analyzer(name, params), run_dir, run_id)
