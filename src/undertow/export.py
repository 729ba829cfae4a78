"""Export posts with their labels, one row per post, as JSONL, CSV or Parquet.

Labels are the effective ones: analyst corrections win over the models (see
:mod:`undertow.corrections`); a corrected label names ``correction@<analyst>`` in ``model``.
:func:`export_corrections` writes the corrected posts as a gold JSONL file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from undertow.errors import InputError
from undertow.store import connect, iter_batches, label_keys, limit_memory
from undertow.workspace import Workspace

FORMATS = ("jsonl", "csv", "parquet")
EXPORT_MEMORY = "1GB"  # DuckDB's cap while exporting; the sort spills to a temporary folder

_SQL = """
with lab as (
  select post_id,
         list(label order by label) as labels,
         json_group_object(label, round(score, 4)) as scores,
         json_group_object(label, spans) as evidence,
         max(case when label = 'failure_analysis' then detail end) as fa_detail,
         max(case when label = 'incitement' then detail end) as inc_detail,
         string_agg(distinct analyzer, ',') as model
  from effective_labels({keys}) group by post_id
)
select p.id, p.source, p.stance, p.author, p.created_at, p.time_precision, p.lang,
       p.thread, p.reply_to, p.text, p.file, p.record, p.batch,
       coalesce(lab.labels, []::varchar[]) as labels,
       coalesce(lab.scores, '{{}}') as scores,
       coalesce(lab.evidence, '{{}}') as evidence,
       coalesce(json_extract_string(lab.fa_detail, '$.causes[*]'), []::varchar[]) as causes,
       json_extract_string(lab.inc_detail, '$.target') as incitement_target,
       json_extract_string(lab.inc_detail, '$.form') as incitement_form,
       lab.model
from posts p left join lab on lab.post_id = p.id
order by p.created_at nulls last, p.id
"""


def export(ws: Workspace, out: str | Path, *, fmt: str, analyzers: list[str]) -> int:
    """Write every post with its labels to ``out``; return the number of rows written.

    The file is written under a temporary name and renamed when complete.
    """
    if fmt not in FORMATS:
        raise InputError(f"Export format {fmt!r} is not one of {', '.join(FORMATS)}.")
    out = Path(out)
    if not out.parent.is_dir():
        raise InputError(f"Folder {out.parent} does not exist; create it or pick another -o path.")
    keys = _keys_sql(analyzers)
    con = connect(ws)
    tmp = out.with_name(f".{out.name}.part")
    spill = tempfile.TemporaryDirectory(prefix="undertow-export-")
    n = 0
    try:
        # the sort by time spills beyond this instead of holding the corpus in memory
        limit_memory(con, EXPORT_MEMORY, spill.name)
        batches = iter_batches(con, _SQL.format(keys=keys), size=10_000)
        if fmt == "parquet":
            n = _write_parquet(batches, tmp)
        elif fmt == "csv":
            n = _write_csv(batches, tmp)
        else:
            n = _write_jsonl(batches, tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
        con.close()
        spill.cleanup()
    return n


def _write_parquet(batches, tmp: Path) -> int:
    writer = None
    n = 0
    for b in batches:
        if writer is None:
            writer = pq.ParquetWriter(tmp, b.schema, compression="zstd")
        writer.write_batch(b)
        n += b.num_rows
    if writer is None:
        return 0
    writer.close()
    return n


def _flat(b: pa.RecordBatch) -> pa.RecordBatch:
    cols = b.to_pydict()
    for key in ("labels", "causes"):
        cols[key] = [";".join(v or []) for v in cols[key]]
    return pa.RecordBatch.from_pydict(cols)


def _write_csv(batches, tmp: Path) -> int:
    writer = None
    n = 0
    with tmp.open("wb") as fh:
        for b in batches:
            flat = _flat(b)
            if writer is None:
                writer = pacsv.CSVWriter(fh, flat.schema)
            writer.write_batch(flat)
            n += b.num_rows
        if writer is not None:
            writer.close()
    return n


def _write_jsonl(batches, tmp: Path) -> int:
    n = 0
    with tmp.open("w", encoding="utf-8") as fh:
        for b in batches:
            for row in b.to_pylist():
                row["created_at"] = row["created_at"].isoformat() if row["created_at"] else None
                for key in ("scores", "evidence"):
                    row[key] = json.loads(row[key]) if row[key] else {}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    return n


def _keys_sql(analyzers: list[str]) -> str:
    """A DuckDB list literal of analyzer keys, for ``effective_labels(...)``."""
    return "[" + ", ".join("'" + k.replace("'", "''") + "'" for k in analyzers) + "]::varchar[]"


_GOLD_SQL = """
with lab as (
  select post_id,
         list(label order by label) as labels,
         json_group_object(label, spans) as evidence,
         max(case when label = 'failure_analysis' then detail end) as fa_detail,
         max(case when label = 'incitement' then detail end) as inc_detail
  from effective_labels({keys}) group by post_id
),
decided as (
  select post_id, json_group_object(label, present) as decided
  from corrections group by post_id
)
select p.id, p.text, p.lang, p.stance, p.source, p.author, p.created_at,
       coalesce(lab.labels, []::varchar[]) as labels,
       coalesce(lab.evidence, '{{}}') as evidence,
       lab.fa_detail, lab.inc_detail, decided.decided
from posts p join decided on decided.post_id = p.id left join lab on lab.post_id = p.id
order by p.created_at nulls last, p.id
"""


def _gold_row(row: dict) -> dict:
    fa = json.loads(row["fa_detail"]) if row["fa_detail"] else {}
    inc = json.loads(row["inc_detail"]) if row["inc_detail"] else None
    labels = list(row["labels"] or [])
    return {
        "id": row["id"],
        "text": row["text"],
        "lang": row["lang"],
        "stance": row["stance"],
        "source": row["source"],
        "author": row["author"],
        "created_at": row["created_at"].isoformat() if row["created_at"] else None,
        "labels": labels,
        "causes": list(fa.get("causes") or []) if "failure_analysis" in labels else [],
        "incitement": (
            {"target": (inc or {}).get("target"), "form": (inc or {}).get("form")}
            if "incitement" in labels
            else None
        ),
        "evidence": json.loads(row["evidence"]) if row["evidence"] else {},
        "decided": json.loads(row["decided"]) if row["decided"] else {},
    }


def export_corrections(ws: Workspace, out: str | Path) -> int:
    """Write every post an analyst corrected as a gold JSONL line; return the number written.

    A line has the gold fields (``id, text, lang, stance, source, author, created_at, labels,
    causes, incitement, evidence``) with the effective labels of the workspace's label
    analyzers, plus ``decided``: the labels an analyst decided, ``{label: present}``. The
    other labels of the line are the model's: see docs/corrections.md before scoring on them.
    """
    out = Path(out)
    if not out.parent.is_dir():
        raise InputError(f"Folder {out.parent} does not exist; create it or pick another -o path.")
    con = connect(ws)
    tmp = out.with_name(f".{out.name}.part")
    n = 0
    try:
        sql = _GOLD_SQL.format(keys=_keys_sql(label_keys(ws)))
        with tmp.open("w", encoding="utf-8") as fh:
            for batch in iter_batches(con, sql, size=10_000):
                for row in batch.to_pylist():
                    fh.write(json.dumps(_gold_row(row), ensure_ascii=False) + "\n")
                    n += 1
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
        con.close()
    return n
