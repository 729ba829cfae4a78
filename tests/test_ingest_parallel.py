"""Ingest with worker processes stores exactly what ingest without them stores.

Files are cut into many small runs of lines (PIECE_BYTES patched down) so that repeats of the
same content, duplicates and bad lines fall into different pieces parsed by different workers.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import undertow.ingest as mod
import undertow.pool as pool
from undertow.errors import FormatError
from undertow.idset import IdSet
from undertow.ingest import ingest
from undertow.parse import digest
from undertow.readers.lines import iter_lines, split_lines
from undertow.store import read_posts
from undertow.workspace import Workspace


def _messy_file(path: Path, n: int, seed: int) -> Path:
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.05:
            lines.append("{broken")
        elif roll < 0.25:  # no native id: identified by content, repeats numbered per file
            lines.append(json.dumps({"text": f"repeat {rng.randrange(3)}", "author": "a"}))
        elif roll < 0.35:  # a native id seen before in the file: a duplicate
            lines.append(json.dumps({"id": f"m{rng.randrange(max(1, i))}", "text": "again"}))
        elif roll < 0.38:
            lines.append("")
        else:
            text = rng.choice(["the brothers are steadfast", "الدولة باقية وتتمدد", "ok"])
            lines.append(json.dumps({"id": f"m{i}", "text": f"{text} {i}"}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _stored(ws: Workspace) -> list[dict]:
    return read_posts(ws).drop_columns(["batch"]).to_pylist()


@pytest.mark.slow
def test_workers_store_the_same_posts_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mod, "PIECE_BYTES", 2_000)
    started: list[int] = []

    class Counted(pool.ProcessPoolExecutor):
        def __init__(self, *args: object, **kwargs: object) -> None:
            started.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pool, "ProcessPoolExecutor", Counted)
    files = tmp_path / "in"
    files.mkdir()
    _messy_file(files / "a.jsonl", 600, 1)
    _messy_file(files / "b.jsonl", 300, 2)
    results, stored, rejects = [], [], []
    for jobs in (1, 2):
        ws = Workspace.create(tmp_path / f"ws{jobs}")
        ingest(ws, files / "b.jsonl", source="s", stance="supporter", jobs=jobs)
        seen: list[str] = []
        res = ingest(
            ws,
            files,
            source="s",
            stance="supporter",
            jobs=jobs,
            on_reject=lambda r, seen=seen: seen.append(str(r)),
        )
        results.append((res.added, res.duplicates, res.rejected))
        stored.append(_stored(ws))
        rejects.append(seen)
    assert len(started) == 2  # the jobs=2 run used worker processes, twice
    assert len(mod._pieces([(files / "a.jsonl", "jsonl")], mod.ReaderOptions(), "s", "x", "b")) > 5
    assert results[0] == results[1] and results[0][1] > 0 and results[0][2] > 0
    assert stored[0] == stored[1]
    assert rejects[0] == rejects[1] and "a.jsonl, line " in rejects[0][0]
    ids = [r["id"] for r in stored[0]]
    assert len(ids) == len(set(ids))
    assert any(i.endswith(".3") for i in ids)  # a third repeat of one content, across pieces


def test_a_file_that_is_not_json_lines_fails_with_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mod, "PIECE_BYTES", 50)
    src = tmp_path / "notes.jsonl"
    src.write_text("just some words\n" * 40, encoding="utf-8")
    ws = Workspace.create(tmp_path / "ws")
    with pytest.raises(FormatError, match="does not look like JSON Lines"):
        ingest(ws, src, source="s", stance="supporter", jobs=2, fmt="jsonl")
    assert read_posts(ws).num_rows == 0 and list(ws.tmp_dir.iterdir()) == []


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(st.text(alphabet="ab\r\u00e9\u062a", max_size=12), max_size=12),
    size=st.integers(1, 40),
)
def test_runs_of_lines_cover_the_file_exactly_once(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], size: int
) -> None:
    path = tmp_path_factory.mktemp("lines") / "f.txt"
    path.write_bytes("\n".join(lines).encode("utf-8"))
    spans = split_lines(path, size)
    pieces = [line for span in spans for line in iter_lines(path, "utf-8", span)]
    assert pieces == list(iter_lines(path, "utf-8"))


def test_id_set_finds_repeats_within_and_across_blocks() -> None:
    ids = IdSet()
    first = ids.add(digest(["a", "b", "a", "c"]))
    assert first.tolist() == [True, True, False, True]
    for i in range(20):  # enough blocks to merge runs several times
        ids.add(digest([f"x{i}-{j}" for j in range(i + 1)]))
    assert ids.add(digest(["c", "x3-2", "new", "new"])).tolist() == [False, False, True, False]
    assert len(ids) == 3 + sum(range(1, 21)) + 1
    assert ids.add(np.zeros(0, dtype="S16")).tolist() == []
