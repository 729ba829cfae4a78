"""Analyst corrections: audit trail, validation, and corrected labels winning everywhere."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest

from undertow.corrections import current, history, set_label
from undertow.errors import InputError
from undertow.export import export, export_corrections
from undertow.measure.series import weekly_series
from undertow.post import POST_SCHEMA
from undertow.store import ANNOTATION_SCHEMA, FolderWriter, connect, read_labels, read_posts
from undertow.workspace import Workspace, new_id

KEY = "model@1"
MONDAY = datetime(2016, 3, 7, 12, tzinfo=UTC)


def make_ws(tmp_path: Path, posts: list[tuple[str, str]], labels: list[dict]) -> Workspace:
    """A workspace with (id, text) posts one hour apart and the given model label rows."""
    ws = Workspace.create(tmp_path / "ws")
    ws.update_meta(label_source=[KEY])
    rows = [
        {"id": pid, "source": "s", "stance": "supporter", "native_id": pid, "author": "a",
         "created_at": MONDAY + timedelta(hours=i), "time_precision": "second", "thread": None,
         "reply_to": None, "lang": "en", "text": text, "text_hash": "h", "batch": "b",
         "file": "f", "record": f"line {i}", "format": "jsonl", "extra": None}
        for i, (pid, text) in enumerate(posts)
    ]  # fmt: skip
    w = FolderWriter(ws, ws.posts_dir, new_id("b"), POST_SCHEMA)
    w.write(pa.Table.from_pylist(rows, schema=POST_SCHEMA))
    w.commit()
    if labels:
        full = [{"analyzer": KEY, "score": 0.7, "spans": [[0, 3]], "detail": None, "run": "r"} | x
                for x in labels]  # fmt: skip
        w = FolderWriter(ws, ws.annotations_dir, new_id("r"), ANNOTATION_SCHEMA)
        w.write(pa.Table.from_pylist(full, schema=ANNOTATION_SCHEMA))
        w.commit()
    return ws


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    posts = [("p1", "we are lost, all is over"), ("p2", "kill them all"), ("p3", "news today")]
    inc = json.dumps({"target": "them", "form": "explicit_call"})
    labels = [
        {"post_id": "p1", "label": "despair"},
        {"post_id": "p2", "label": "incitement", "detail": inc},
        {"post_id": "p3", "label": "worry", "analyzer": "other@2"},
    ]
    return make_ws(tmp_path, posts, labels)


def effective(ws: Workspace) -> set[tuple[str, str]]:
    return {(r["post_id"], r["label"]) for r in read_labels(ws, [KEY]).to_pylist()}


def test_correction_to_absent_and_present_changes_read_labels(ws: Workspace) -> None:
    assert effective(ws) == {("p1", "despair"), ("p2", "incitement")}
    c = set_label(ws, "p1", "despair", present=False, analyst="alice", note="sarcasm")
    assert (c.old, c.new, c.analyst, c.note, c.spans) == (True, False, "alice", "sarcasm", None)
    d = set_label(ws, "p3", "worry", present=True, analyst=" bob ")
    assert (d.old, d.new, d.analyst) == (False, True, "bob")  # other@2's worry is not a key
    assert d.spans == [(0, len("news today"))]  # whole text when no spans are given
    assert effective(ws) == {("p2", "incitement"), ("p3", "worry")}
    row = next(r for r in read_labels(ws, [KEY]).to_pylist() if r["post_id"] == "p3")
    assert (row["score"], row["analyzer"], row["spans"]) == (1.0, "correction@bob", [[0, 10]])
    assert current(ws) == {"p1": {"despair": False}, "p3": {"worry": True}}


def test_present_correction_keeps_model_detail_or_takes_its_own(ws: Workspace) -> None:
    set_label(ws, "p2", "incitement", present=True, analyst="alice", spans=[(0, 4)])
    (row,) = [r for r in read_labels(ws, [KEY]).to_pylist() if r["post_id"] == "p2"]
    assert json.loads(row["detail"]) == {"target": "them", "form": "explicit_call"}
    assert row["spans"] == [[0, 4]] and row["analyzer"] == "correction@alice"
    set_label(ws, "p2", "incitement", present=True, analyst="alice",
              detail={"target": None, "form": "threat"})  # fmt: skip
    (row,) = [r for r in read_labels(ws, [KEY]).to_pylist() if r["post_id"] == "p2"]
    assert json.loads(row["detail"]) == {"target": None, "form": "threat"}


def test_history_is_an_append_only_audit_trail(ws: Workspace) -> None:
    set_label(ws, "p1", "despair", present=False, analyst="alice")
    set_label(ws, "p1", "despair", present=True, analyst="bob", note="revert")
    set_label(ws, "p2", "worry", present=True, analyst="alice")
    trail = history(ws, "p1")
    assert [(c.old, c.new, c.analyst) for c in trail] == [
        (True, False, "alice"),
        (False, True, "bob"),
    ]
    assert trail[0].id < trail[1].id and trail[0].time <= trail[1].time
    assert trail[1].time.tzinfo is not None and trail[1].time.utcoffset() == timedelta(0)
    assert len(history(ws)) == 3
    assert effective(ws) >= {("p1", "despair"), ("p2", "worry")}
    db = sqlite3.connect(ws.path / "corrections.sqlite")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("delete from corrections")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("update corrections set new = 0")
    db.close()


def test_reading_a_workspace_without_corrections_creates_nothing(ws: Workspace) -> None:
    assert history(ws) == [] and current(ws) == {}
    read_labels(ws)
    connect(ws).close()
    assert not (ws.path / "corrections.sqlite").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("p1", "sadness"), "not one of"),
        (("nope", "despair"), "not in workspace"),
    ],
)
def test_bad_label_or_post_is_refused(ws: Workspace, args: tuple, message: str) -> None:
    with pytest.raises(InputError, match=message):
        set_label(ws, *args, present=True, analyst="alice")


def test_bad_analyst_spans_and_detail_are_refused(ws: Workspace) -> None:
    with pytest.raises(InputError, match="analyst"):
        set_label(ws, "p1", "despair", present=True, analyst="  ")
    with pytest.raises(InputError, match="outside"):
        set_label(ws, "p1", "despair", present=True, analyst="a", spans=[(0, 999)])
    with pytest.raises(InputError, match="form"):
        set_label(ws, "p2", "incitement", present=True, analyst="a", detail={"form": "rant"})
    with pytest.raises(InputError, match="Cause"):
        set_label(ws, "p1", "failure_analysis", present=True, analyst="a",
                  detail={"causes": ["weather"]})  # fmt: skip
    assert history(ws) == []


def test_connect_labels_view_and_export_agree_with_read_labels(
    ws: Workspace, tmp_path: Path
) -> None:
    set_label(ws, "p1", "despair", present=False, analyst="alice")
    set_label(ws, "p3", "despair", present=True, analyst="alice")
    con = connect(ws)
    view = set(con.execute("select post_id, label from labels").fetchall())
    raw = set(con.execute("select post_id, label from annotations").fetchall())
    con.close()
    assert view == {("p2", "incitement"), ("p3", "worry"), ("p3", "despair")}
    assert ("p1", "despair") in raw  # the model's output itself is untouched
    out = tmp_path / "all.jsonl"
    assert export(ws, out, fmt="jsonl", analyzers=[KEY]) == 3
    rows = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert rows["p1"]["labels"] == [] and rows["p3"]["labels"] == ["despair"]
    assert rows["p3"]["model"] == "correction@alice"
    assert rows["p2"]["incitement_form"] == "explicit_call"


def test_export_corrections_writes_gold_lines(ws: Workspace, tmp_path: Path) -> None:
    set_label(ws, "p2", "incitement", present=False, analyst="alice")
    set_label(ws, "p2", "failure_analysis", present=True, analyst="alice", spans=[(0, 4)],
              detail={"causes": ["betrayal"]})  # fmt: skip
    set_label(ws, "p1", "despair", present=True, analyst="bob")
    out = tmp_path / "gold.jsonl"
    assert export_corrections(ws, out) == 2
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["p1", "p2"]
    p2 = lines[1]
    assert p2["labels"] == ["failure_analysis"] and p2["causes"] == ["betrayal"]
    assert p2["incitement"] is None and p2["evidence"] == {"failure_analysis": [[0, 4]]}
    assert p2["decided"] == {"incitement": False, "failure_analysis": True}
    assert {"text", "lang", "stance", "source", "author", "created_at"} <= p2.keys()
    assert lines[0]["labels"] == ["despair"] and lines[0]["incitement"] is None
    with pytest.raises(InputError, match="does not exist"):
        export_corrections(ws, tmp_path / "missing" / "gold.jsonl")


def test_correcting_a_label_changes_the_weekly_measure(tmp_path: Path) -> None:
    posts = [(f"p{i}", f"post number {i}") for i in range(10)]
    labels = [{"post_id": f"p{i}", "label": "despair"} for i in range(4)]
    ws = make_ws(tmp_path, posts, labels)

    def distress() -> float:
        s = weekly_series(read_posts(ws), read_labels(ws, [KEY]), min_n=1, reps=50)
        (point,) = [p for p in s if p.measure == "distress_share"]
        return point.value

    assert distress() == pytest.approx(0.4)
    set_label(ws, "p0", "despair", present=False, analyst="alice")
    set_label(ws, "p1", "despair", present=False, analyst="alice")
    assert distress() == pytest.approx(0.2)
    set_label(ws, "p9", "worry", present=True, analyst="alice")
    assert distress() == pytest.approx(0.3)
