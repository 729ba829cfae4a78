"""The default analyzer is the learned model; workspaces coded by another one still measure."""

from __future__ import annotations

import json
from pathlib import Path

from undertow.analyzers.registry import DEFAULT, current_keys, load
from undertow.ingest import ingest
from undertow.runner import run_analyzer
from undertow.store import label_keys
from undertow.workspace import Workspace


def _ws(tmp_path: Path) -> Workspace:
    src = tmp_path / "posts.jsonl"
    rows = [
        {"id": "1", "text": "We lost the city but the war is long, by God we will return."},
        {"id": "2", "text": "Good morning everyone, how is the weather?"},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ws = Workspace.create(tmp_path / "ws")
    ingest(ws, src, source="forum", stance="supporter")
    return ws


def test_default_is_the_learned_model() -> None:
    assert DEFAULT == ("codebook.model.v1",)
    assert current_keys() == ["codebook.model@1.0.0"]


def test_workspace_coded_only_by_another_analyzer_reads_its_labels(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    assert label_keys(ws) == current_keys()  # nothing coded yet: the default
    (cues,) = load(["codebook.cues.v1"])
    run_analyzer(ws, cues)
    assert label_keys(ws) == [cues.key]  # not the default's keys, which have no labels here
    (model,) = load()
    run_analyzer(ws, model)
    assert label_keys(ws) == current_keys()  # once the default has coded it, the default


def test_label_source_in_meta_wins(tmp_path: Path) -> None:
    ws = _ws(tmp_path)
    ws.update_meta(label_source="planted@1")
    assert label_keys(ws) == ["planted@1"]
