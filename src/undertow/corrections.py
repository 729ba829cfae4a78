"""Analyst corrections of labels, with an audit trail that is never rewritten.

An analyst decides that a post has (``present=True``) or has not (``present=False``) a label.
Every decision is a new row of ``WS/corrections.sqlite`` (SQLite, WAL): rows are never updated
or deleted (triggers refuse it), so reverting a correction is one more correction. The latest
decision on a (post, label) pair wins over every model, everywhere: :func:`undertow.store.connect`
and :func:`undertow.store.read_labels` apply :func:`current_table`, so exports, measures and
reports agree. ``docs/corrections.md`` describes the rules.

The same database holds the incitement triage state of :mod:`undertow.review`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from undertow.analyzers.base import CAUSES, INCITEMENT_FORMS, LABELS
from undertow.errors import InputError, WorkspaceError
from undertow.workspace import Workspace

__all__ = [
    "CORRECTIONS_SCHEMA",
    "Correction",
    "analyst_db",
    "check_analyst",
    "current",
    "current_table",
    "history",
    "post_text",
    "set_label",
]

DB_NAME = "corrections.sqlite"
MAX_ANALYST = 80

_SCHEMA_SQL = """
create table if not exists corrections (
  id integer primary key autoincrement,
  post_id text not null, label text not null,
  old integer not null, new integer not null,
  analyst text not null, at text not null, note text not null default '',
  spans text, detail text
);
create index if not exists corrections_post on corrections(post_id, label, id);
create table if not exists reviews (
  id integer primary key autoincrement,
  post_id text not null, reviewed integer not null,
  analyst text not null, at text not null, note text not null default ''
);
create index if not exists reviews_post on reviews(post_id, id);
create trigger if not exists corrections_keep before update on corrections
  begin select raise(abort, 'corrections are append-only; add a new correction'); end;
create trigger if not exists corrections_keep_del before delete on corrections
  begin select raise(abort, 'corrections are append-only; add a new correction'); end;
create trigger if not exists reviews_keep before update on reviews
  begin select raise(abort, 'reviews are append-only; mark the post again'); end;
create trigger if not exists reviews_keep_del before delete on reviews
  begin select raise(abort, 'reviews are append-only; mark the post again'); end;
"""

#: Columns of :func:`current_table` (registered as ``_corrections`` by ``store.connect``).
CORRECTIONS_SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64()),
        pa.field("post_id", pa.string()),
        pa.field("label", pa.string()),
        pa.field("present", pa.bool_()),
        pa.field("analyst", pa.string()),
        pa.field("at", pa.timestamp("us", tz="UTC")),
        pa.field("spans", pa.list_(pa.list_(pa.int32()))),
        pa.field("detail", pa.string()),
    ]
)


@dataclass(slots=True, frozen=True)
class Correction:
    """One analyst decision: ``old`` is what the post had before (model or an earlier
    correction), ``new`` what the analyst decided; ``time`` is UTC."""

    id: int
    post_id: str
    label: str
    old: bool
    new: bool
    analyst: str
    time: datetime
    note: str
    spans: list[tuple[int, int]] | None
    detail: dict[str, Any] | None


@contextmanager
def analyst_db(ws: Workspace, *, create: bool = True) -> Iterator[sqlite3.Connection | None]:
    """A connection to ``WS/corrections.sqlite`` (WAL); commits on success.

    With ``create=False`` a missing database yields None instead of creating the file, so
    readers leave a workspace untouched.
    """
    path = ws.path / DB_NAME
    if not create and not path.exists():
        yield None
        return
    try:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
    except sqlite3.Error as exc:
        raise WorkspaceError(f"Cannot open {path} ({exc}); check its permissions.") from None
    try:
        try:
            db.execute("pragma journal_mode=wal")
            db.executescript(_SCHEMA_SQL)
        except sqlite3.DatabaseError as exc:
            raise WorkspaceError(
                f"{path} is damaged ({exc}); restore it from a backup, it holds the audit trail."
            ) from None
        yield db
    finally:
        db.close()


def check_analyst(analyst: str) -> str:
    """Return the analyst name stripped, or raise InputError when it is empty or odd."""
    name = (analyst or "").strip()
    if not name:
        raise InputError("Give the analyst's name: every correction records who made it.")
    if len(name) > MAX_ANALYST or not name.isprintable():
        raise InputError(
            f"Analyst name {name[:20]!r} must be printable and at most {MAX_ANALYST} characters."
        )
    return name


def post_text(ws: Workspace, post_id: str) -> str:
    """The text of one post, or an InputError when the workspace has no such post."""
    return _lookup(ws, post_id, None)[0]


def _lookup(ws: Workspace, post_id: str, label: str | None) -> tuple[str, bool]:
    """The post's text and whether the workspace's label analyzers gave it ``label``."""
    from undertow.store import connect, label_keys

    con = connect(ws)
    try:
        rows = con.execute("select text from posts where id = ? limit 1", [post_id]).fetchall()
        if not rows:
            raise InputError(f"Post {post_id!r} is not in workspace {ws.name}; check the post id.")
        model = False
        if label is not None:
            model = (
                con.execute(
                    "select count(*) from annotations where post_id = ? and label = ? "
                    "and list_contains(?::varchar[], analyzer)",
                    [post_id, label, label_keys(ws)],
                ).fetchall()[0][0]
                > 0
            )
    finally:
        con.close()
    return rows[0][0], model


def _check_spans(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    out = []
    for span in spans:
        try:
            start, end = (int(v) for v in span)
        except (TypeError, ValueError):
            raise InputError(f"Span {span!r} is not a (start, end) pair of integers.") from None
        if not 0 <= start < end <= len(text):
            raise InputError(
                f"Span ({start}, {end}) is outside the post's text of {len(text)} characters; "
                "give 0 <= start < end <= length."
            )
        out.append((start, end))
    return out


def _check_detail(label: str, detail: dict[str, Any]) -> dict[str, Any]:
    if label == "incitement":
        form = detail.get("form")
        if form not in INCITEMENT_FORMS:
            raise InputError(
                f"Incitement form {form!r} is not one of {', '.join(INCITEMENT_FORMS)}."
            )
        target = detail.get("target")
        if target is not None and not isinstance(target, str):
            raise InputError("An incitement target must be text or None.")
        return {"target": target, "form": form}
    if label == "failure_analysis":
        causes = list(detail.get("causes") or [])
        bad = [c for c in causes if c not in CAUSES]
        if bad:
            raise InputError(f"Cause(s) {', '.join(map(str, bad))} not in {', '.join(CAUSES)}.")
        return {"causes": causes}
    raise InputError(f"Label {label!r} carries no detail; leave detail out.")


def set_label(
    ws: Workspace,
    post_id: str,
    label: str,
    *,
    present: bool,
    analyst: str,
    note: str = "",
    spans: list[tuple[int, int]] | None = None,
    detail: dict[str, Any] | None = None,
) -> Correction:
    """Record that ``post_id`` has (``present=True``) or has not ``label``; return the row.

    ``spans`` are the evidence (character offsets into the post's original text; the whole
    text when omitted). ``detail`` gives the codes of ``incitement`` (``{"target", "form"}``)
    or ``failure_analysis`` (``{"causes": [...]}``); when omitted the model's detail is kept.
    Confirming what the post already has is recorded too (``old == new``).
    """
    if label not in LABELS:
        raise InputError(f"Label {label!r} is not one of {', '.join(LABELS)}; pick one.")
    name = check_analyst(analyst)
    text, model = _lookup(ws, post_id, label)
    if present:
        spans = _check_spans(spans, text) if spans else [(0, len(text))]
        detail = _check_detail(label, detail) if detail else None
    else:
        spans, detail = None, None
    at = datetime.now(UTC)
    with analyst_db(ws) as db:
        assert db is not None
        db.execute("begin immediate")
        try:
            row = db.execute(
                "select new from corrections where post_id = ? and label = ? "
                "order by id desc limit 1",
                (post_id, label),
            ).fetchone()
            old = bool(row[0]) if row else model
            cur = db.execute(
                "insert into corrections (post_id, label, old, new, analyst, at, note, spans, "
                "detail) values (?,?,?,?,?,?,?,?,?)",
                (
                    post_id,
                    label,
                    int(old),
                    int(bool(present)),
                    name,
                    at.isoformat(),
                    note or "",
                    json.dumps(spans) if spans is not None else None,
                    json.dumps(detail, ensure_ascii=False) if detail is not None else None,
                ),
            )
            db.execute("commit")
        except BaseException:
            db.execute("rollback")
            raise
    return Correction(
        id=int(cur.lastrowid or 0),
        post_id=post_id,
        label=label,
        old=old,
        new=bool(present),
        analyst=name,
        time=at,
        note=note or "",
        spans=spans,
        detail=detail,
    )


def _row(r: tuple) -> Correction:
    spans = json.loads(r[8]) if r[8] else None
    return Correction(
        id=r[0],
        post_id=r[1],
        label=r[2],
        old=bool(r[3]),
        new=bool(r[4]),
        analyst=r[5],
        time=datetime.fromisoformat(r[6]),
        note=r[7],
        spans=[(int(a), int(b)) for a, b in spans] if spans is not None else None,
        detail=json.loads(r[9]) if r[9] else None,
    )


_COLUMNS = "id, post_id, label, old, new, analyst, at, note, spans, detail"
_LATEST = (
    f"select {_COLUMNS} from corrections where id in "
    "(select max(id) from corrections group by post_id, label) order by id"
)


def history(ws: Workspace, post_id: str | None = None) -> list[Correction]:
    """The audit trail, oldest first: every correction, or those of one post."""
    with analyst_db(ws, create=False) as db:
        if db is None:
            return []
        if post_id is None:
            rows = db.execute(f"select {_COLUMNS} from corrections order by id").fetchall()
        else:
            rows = db.execute(
                f"select {_COLUMNS} from corrections where post_id = ? order by id", (post_id,)
            ).fetchall()
    return [_row(r) for r in rows]


def _latest(ws: Workspace) -> list[Correction]:
    with analyst_db(ws, create=False) as db:
        rows = [] if db is None else db.execute(_LATEST).fetchall()
    return [_row(r) for r in rows]


def current(ws: Workspace) -> dict[str, dict[str, bool]]:
    """The latest decision per (post, label): ``{post_id: {label: present}}``."""
    out: dict[str, dict[str, bool]] = {}
    for c in _latest(ws):
        out.setdefault(c.post_id, {})[c.label] = c.new
    return out


def current_table(ws: Workspace) -> pa.Table:
    """The latest decision per (post, label) as an Arrow table of :data:`CORRECTIONS_SCHEMA`."""
    rows = _latest(ws)
    return pa.Table.from_pylist(
        [
            {
                "id": c.id,
                "post_id": c.post_id,
                "label": c.label,
                "present": c.new,
                "analyst": c.analyst,
                "at": c.time,
                "spans": [list(s) for s in c.spans] if c.spans is not None else None,
                "detail": json.dumps(c.detail, ensure_ascii=False) if c.detail else None,
            }
            for c in rows
        ],
        schema=CORRECTIONS_SCHEMA,
    )
