"""tools/eval_training.py: the cue coder scored on training records, per language and per file.

The leave-one-file-out model run is too slow for the test suite (it trains one model per source
file); its pieces that do not train (file grouping, the summary) are tested here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    name = "eval_training_tool"
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "eval_training.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


RECORDS = [
    {
        "id": "en-forum-0001",
        "text": "Kill the crusaders wherever you find them.",
        "lang": "en",
        "stance": "supporter",
        "labels": ["incitement"],
        "evidence": {"incitement": [[0, 41]]},
    },
    {
        "id": "en-forum-0002",
        "text": "Eid mubarak to all the brothers and sisters.",
        "lang": "en",
        "stance": "supporter",
        "labels": [],
        "evidence": {},
    },
    {
        "id": "en-news-0001",
        "text": "The brothers withdrew from the city yesterday.",
        "lang": "en",
        "stance": "supporter",
        "labels": ["admission"],
        "evidence": {"admission": [[0, 46]]},
    },
]


def test_cue_predictions_have_the_evaluate_format_and_valid_spans(tool: ModuleType) -> None:
    preds = tool.cue_predictions(RECORDS)
    assert [p["id"] for p in preds] == [r["id"] for r in RECORDS]
    assert "incitement" in preds[0]["labels"] and preds[0]["incitement"]["form"]
    assert preds[1]["labels"] == []
    for p, r in zip(preds, RECORDS, strict=True):
        assert set(p["evidence"]) == set(p["labels"])
        for spans in p["evidence"].values():
            assert all(0 <= s < e <= len(r["text"]) for s, e in spans)


def test_summary_scores_each_language_and_each_source_file(tool: ModuleType) -> None:
    preds = tool.cue_predictions(RECORDS)
    out = tool.summary(RECORDS, preds)
    assert set(out) == {"en"}
    block = out["en"]
    assert block["posts"] == 3
    assert set(block["files"]) == {"en-forum", "en-news"}
    assert block["micro_f1"] == 1.0  # both labelled posts found, nothing on the greeting
    assert block["labels"]["incitement"]["support"] == 1


def test_file_of_strips_the_example_number(tool: ModuleType) -> None:
    assert tool._file_of({"id": "ar-22_forum_after_defeat_2-0007"}) == "ar-22_forum_after_defeat_2"
