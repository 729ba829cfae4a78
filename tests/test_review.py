"""Incitement triage: review marks and the queue of incitement posts."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_corrections import KEY, make_ws
from undertow.corrections import set_label
from undertow.errors import InputError
from undertow.review import incitement_queue, mark_reviewed, reviewed
from undertow.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    posts = [(f"p{i}", f"text of post {i}") for i in range(6)]
    inc = '{{"target": "t{0}", "form": "threat"}}'
    labels = [
        {"post_id": f"p{i}", "label": "incitement", "detail": inc.format(i)} for i in (1, 2, 4)
    ]
    labels.append({"post_id": "p3", "label": "incitement", "analyzer": "other@1"})
    labels.append({"post_id": "p5", "label": "despair"})
    return make_ws(tmp_path, posts, labels)


def test_queue_is_newest_first_with_target_form_and_post_fields(ws: Workspace) -> None:
    rows, total = incitement_queue(ws)
    assert total == 3 and [r["id"] for r in rows] == ["p4", "p2", "p1"]
    first = rows[0]
    assert (first["target"], first["form"], first["analyzer"]) == ("t4", "threat", KEY)
    assert first["text"] == "text of post 4" and first["stance"] == "supporter"
    assert first["created_at"].tzinfo is not None and first["spans"] == [(0, 3)]
    assert first["reviewed"] is False and first["reviewed_by"] is None


def test_paging_keeps_the_total(ws: Workspace) -> None:
    rows, total = incitement_queue(ws, limit=2, offset=1)
    assert [r["id"] for r in rows] == ["p2", "p1"] and total == 3
    assert incitement_queue(ws, limit=2, offset=10) == ([], 3)
    with pytest.raises(InputError):
        incitement_queue(ws, limit=-1)


def test_marks_filter_the_queue_and_unmarking_is_a_new_mark(ws: Workspace) -> None:
    state = mark_reviewed(ws, "p2", analyst="alice", note="passed to the team")
    assert (
        state.reviewed and state.analyst == "alice" and state.time.utcoffset().total_seconds() == 0
    )
    rows, total = incitement_queue(ws, reviewed=True)
    assert total == 1 and rows[0]["id"] == "p2" and rows[0]["reviewed_by"] == "alice"
    assert rows[0]["review_note"] == "passed to the team"
    assert [r["id"] for r in incitement_queue(ws, reviewed=False)[0]] == ["p4", "p1"]
    mark_reviewed(ws, "p2", analyst="bob", reviewed=False)
    assert reviewed(ws)["p2"].reviewed is False and reviewed(ws)["p2"].analyst == "bob"
    assert incitement_queue(ws, reviewed=True) == ([], 0)


def test_queue_follows_corrections(ws: Workspace) -> None:
    set_label(ws, "p4", "incitement", present=False, analyst="alice")
    set_label(ws, "p0", "incitement", present=True, analyst="alice",
              detail={"target": "police", "form": "explicit_call"})  # fmt: skip
    rows, total = incitement_queue(ws)
    assert [r["id"] for r in rows] == ["p2", "p1", "p0"] and total == 3
    assert (rows[-1]["form"], rows[-1]["analyzer"]) == ("explicit_call", "correction@alice")


def test_marking_needs_a_known_post_and_an_analyst(ws: Workspace) -> None:
    with pytest.raises(InputError, match="not in workspace"):
        mark_reviewed(ws, "zzz", analyst="alice")
    with pytest.raises(InputError, match="analyst"):
        mark_reviewed(ws, "p1", analyst="")
    assert reviewed(ws) == {}


def test_queue_total_with_an_empty_page(ws: Workspace) -> None:
    rows, total = incitement_queue(ws, limit=50)
    _, total0 = incitement_queue(ws, limit=0)
    assert total0 == total == len(rows)
