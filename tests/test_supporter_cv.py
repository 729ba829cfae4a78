"""Supporter model under nested cross-validation on the Arabic dev set (needs ../shared/data)."""

from __future__ import annotations

import json

import pytest

from undertow.supporter import crossval
from undertow.supporter.text import prepare

pytestmark = [pytest.mark.shared, pytest.mark.slow]

MIN_F1 = 0.97  # acceptance: issue 3, item 3


def test_nested_cv_f1_on_supporter_dev_ar(shared) -> None:
    path = shared.path("gold", "supporter_dev_ar.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    text_of = {r["id"]: prepare(r["text"]) for r in rows}
    report = crossval(path, folds=5, seed=0, n_boot=200)

    assert report["n"] == len(rows)
    seen: list[str] = []
    for fold in report["folds"]:
        train, test = set(fold["train_ids"]), set(fold["test_ids"])
        assert not train & test
        assert len(train) + len(test) == len(rows)
        # no test text (as the model reads it) occurs in the fold's training posts
        train_texts = {text_of[i] for i in train}
        assert not any(text_of[i] in train_texts for i in test)
        seen.extend(fold["test_ids"])
        assert set(fold["params"]) == {"ar"}
    assert sorted(seen) == sorted(text_of)  # every post scored exactly once, out of fold

    overall = report["overall"]
    lo, hi = overall["f1_ci"]
    assert lo <= overall["f1"] <= hi
    assert overall["f1"] >= MIN_F1, overall
