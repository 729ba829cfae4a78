"""Incitement triage: which incitement posts an analyst has reviewed, and the queue of them.

Review marks live in ``WS/corrections.sqlite`` beside the corrections (table ``reviews``), one
row per mark, never rewritten: the latest mark of a post is its state, and un-marking is a new
row with ``reviewed=False``. Marking a post reviewed does not change its labels; to say a post
is not incitement, correct the label (:func:`undertow.corrections.set_label`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from undertow.corrections import analyst_db, check_analyst, post_text
from undertow.errors import InputError
from undertow.store import connect, label_keys
from undertow.workspace import Workspace

__all__ = ["ReviewState", "incitement_queue", "mark_reviewed", "reviewed"]

_STATE_SCHEMA = pa.schema(
    [
        pa.field("post_id", pa.string()),
        pa.field("reviewed", pa.bool_()),
        pa.field("analyst", pa.string()),
        pa.field("at", pa.timestamp("us", tz="UTC")),
        pa.field("note", pa.string()),
    ]
)

_QUEUE_SQL = """
with inc as (
  select post_id, arg_max(detail, score) as detail, max(score) as score,
         arg_max(spans, score) as spans, string_agg(distinct analyzer, ',') as analyzer
  from effective_labels(?::varchar[]) where label = 'incitement' group by post_id
)
select p.id, p.source, p.stance, p.author, p.created_at, p.time_precision, p.lang,
       p.thread, p.reply_to, p.text,
       json_extract_string(inc.detail, '$.target') as target,
       json_extract_string(inc.detail, '$.form') as form,
       inc.score, inc.spans, inc.analyzer,
       coalesce(r.reviewed, false) as reviewed,
       r.analyst as reviewed_by, r.at as reviewed_at, r.note as review_note
from inc join posts p on p.id = inc.post_id
left join _reviews r on r.post_id = inc.post_id
where ?::boolean is null or coalesce(r.reviewed, false) = ?::boolean
"""


@dataclass(slots=True, frozen=True)
class ReviewState:
    """The latest review mark of one post (``time`` in UTC)."""

    post_id: str
    reviewed: bool
    analyst: str
    time: datetime
    note: str


def mark_reviewed(
    ws: Workspace, post_id: str, *, analyst: str, reviewed: bool = True, note: str = ""
) -> ReviewState:
    """Mark ``post_id`` reviewed (or, with ``reviewed=False``, back to unreviewed)."""
    name = check_analyst(analyst)
    post_text(ws, post_id)  # raises InputError for an unknown post
    at = datetime.now(UTC)
    with analyst_db(ws) as db:
        assert db is not None
        db.execute(
            "insert into reviews (post_id, reviewed, analyst, at, note) values (?,?,?,?,?)",
            (post_id, int(bool(reviewed)), name, at.isoformat(), note or ""),
        )
    return ReviewState(post_id, bool(reviewed), name, at, note or "")


def reviewed(ws: Workspace) -> dict[str, ReviewState]:
    """The latest review mark of every post that has one, by post id."""
    return _states(ws)


def _states(ws: Workspace) -> dict[str, ReviewState]:
    with analyst_db(ws, create=False) as db:
        rows = (
            []
            if db is None
            else db.execute(
                "select post_id, reviewed, analyst, at, note from reviews where id in "
                "(select max(id) from reviews group by post_id) order by id"
            ).fetchall()
        )
    return {
        r[0]: ReviewState(r[0], bool(r[1]), r[2], datetime.fromisoformat(r[3]), r[4]) for r in rows
    }


def _state_table(states: dict[str, ReviewState]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {"post_id": s.post_id, "reviewed": s.reviewed, "analyst": s.analyst,
             "at": s.time, "note": s.note}
            for s in states.values()
        ],
        schema=_STATE_SCHEMA,
    )  # fmt: skip


def incitement_queue(
    ws: Workspace, *, reviewed: bool | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Posts with an effective incitement label, newest first, and how many there are in all.

    ``reviewed`` keeps only reviewed (True) or unreviewed (False) posts; None keeps all. Each
    row has the post's fields (``id, source, stance, author, created_at, time_precision, lang,
    thread, reply_to, text``), the incitement's ``target``, ``form``, ``score``, ``spans`` and
    ``analyzer`` (``correction@<analyst>`` when an analyst decided it), and the review state
    (``reviewed, reviewed_by, reviewed_at, review_note``).
    """
    if limit < 0 or offset < 0:
        raise InputError("Give a limit and an offset of 0 or more.")
    params = [label_keys(ws), reviewed, reviewed]
    con = connect(ws)
    try:
        con.register("_reviews", _state_table(_states(ws)))
        rows = (
            con.sql(
                f"select *, count(*) over () as _total from ({_QUEUE_SQL}) "
                "order by created_at desc nulls last, id limit ? offset ?",
                params=[*params, int(limit), int(offset)],
            )
            .to_arrow_table()
            .to_pylist()
        )
        if rows:
            total = rows[0]["_total"]
        else:  # an empty page (limit 0, or past the end): count alone
            total = con.sql(f"select count(*) from ({_QUEUE_SQL})", params=params).fetchall()[0][0]
    finally:
        con.close()
    for row in rows:
        del row["_total"]
        row["spans"] = [tuple(s) for s in row["spans"] or []]
    return rows, int(total)
