"""Export of the current filter: ``/export?fmt=csv|jsonl&<the posts page's filter>``.

One row per post, in the order of the list, with the columns of ``undertow export`` and the
effective labels (analyst corrections applied). With pseudonyms on, ``author`` holds the
pseudonym. In CSV, a cell that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, tab or carriage return) is prefixed with an apostrophe: posts are hostile
input. JSONL keeps every value exactly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import StreamingResponse

from undertow.errors import InputError
from undertow.web.deps import author_display, events, resolve_author, snapshot
from undertow.web.filters import PostFilter
from undertow.web.posts import entity_posts
from undertow.web.query import PostQuery
from undertow.web.state import Snapshot

router = APIRouter()
CHUNK = 2_000
COLUMNS = (
    "id", "source", "stance", "author", "created_at", "time_precision", "lang", "thread",
    "reply_to", "text", "file", "record", "batch", "labels", "scores", "evidence", "causes",
    "incitement_target", "incitement_form", "model",
)  # fmt: skip
_ROWS_SQL = """
with lab2 as (
  select post_id,
         list(distinct label order by label) as labels,
         json_group_object(label, round(score, 4)) as scores,
         json_group_object(label, spans) as evidence,
         max(case when label = 'failure_analysis' then detail end) as fa_detail,
         max(case when label = 'incitement' then detail end) as inc_detail,
         string_agg(distinct analyzer, ',') as model
  from lab where post_id in (select id from _ids) group by post_id
)
select p.id, p.source, p.stance, p.author, p.created_at, p.time_precision, p.lang,
       p.thread, p.reply_to, p.text, p.file, p.record, p.batch,
       coalesce(lab2.labels, []::varchar[]) as labels,
       coalesce(lab2.scores, '{}') as scores,
       coalesce(lab2.evidence, '{}') as evidence,
       coalesce(json_extract_string(lab2.fa_detail, '$.causes[*]'), []::varchar[]) as causes,
       json_extract_string(lab2.inc_detail, '$.target') as incitement_target,
       json_extract_string(lab2.inc_detail, '$.form') as incitement_form,
       lab2.model
from _ids i join posts p on p.id = i.id left join lab2 on lab2.post_id = p.id
order by i.ord
"""
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Prefix a string a spreadsheet would take for a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def export_rows(
    snap: Snapshot, ids: list[str], who: Callable[[str | None], str]
) -> Iterator[dict[str, Any]]:
    """Yield the export rows of the posts ``ids``, in that order, :data:`CHUNK` at a time."""
    cur = snap.cursor()
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        cur.register(
            "_ids",
            pa.table({"id": pa.array(part, pa.string()), "ord": pa.array(range(len(part)))}),
        )
        for row in cur.sql(_ROWS_SQL).to_arrow_table().to_pylist():
            row["author"] = who(row["author"]) or None
            created = row["created_at"]
            row["created_at"] = created.isoformat() if created else None
            row["scores"] = json.loads(row["scores"] or "{}")
            row["evidence"] = json.loads(row["evidence"] or "{}")
            yield row
        cur.unregister("_ids")


def _jsonl(rows: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    for row in rows:
        yield (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")


def _csv(rows: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    for n, row in enumerate(rows, start=1):
        row["labels"] = ";".join(row["labels"] or [])
        row["causes"] = ";".join(row["causes"] or [])
        row["scores"] = json.dumps(row["scores"], ensure_ascii=False)
        row["evidence"] = json.dumps(row["evidence"])
        writer.writerow([csv_safe(row[c]) for c in COLUMNS])
        if n % 500 == 0:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


@router.get("/export")
def export_filtered(request: Request, fmt: str = Query("csv")) -> StreamingResponse:
    """Download the posts of the current filter as CSV or JSONL."""
    if fmt not in ("csv", "jsonl"):
        raise InputError(f"Export format {fmt[:20]!r} is not csv or jsonl.")
    f = PostFilter.from_query(request.query_params)
    snap = snapshot(request)
    query = PostQuery(
        snap,
        f,
        events(request),
        author=resolve_author(snap, f.author),
        entity_ids=entity_posts(request, f.entity),
    )
    ids = query.ids()
    rows = export_rows(snap, ids, author_display(request, snap))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"undertow-posts-{stamp}.{fmt}"
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    body = _csv(rows) if fmt == "csv" else _jsonl(rows)
    return StreamingResponse(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
