"""The learned coder on the real dev gold sets: evidence for every label, scores in [0, 1]."""

from __future__ import annotations

import json

import pytest

from undertow.analyzers.base import LABELS
from undertow.model.coding import code_posts

pytestmark = pytest.mark.shared


@pytest.mark.parametrize("name", ["dev_en.gold.jsonl", "dev_ar.gold.jsonl"])
def test_every_label_has_evidence_inside_the_text(shared, name) -> None:
    path = shared.path("gold", name)
    gold = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    posts = [{k: g[k] for k in ("id", "text", "lang", "stance")} for g in gold]
    out = code_posts(posts)
    assert len(out) == len(gold)
    labelled = 0
    for g, r in zip(gold, out, strict=True):
        assert r["id"] == g["id"]
        assert set(r["scores"]) == set(LABELS)
        assert all(0.0 <= s <= 1.0 for s in r["scores"].values())
        for label in r["labels"]:
            labelled += 1
            spans = r["evidence"][label]
            assert spans, (g["id"], label)
            assert all(0 <= s < e <= len(g["text"]) for s, e in spans), (g["id"], label)
            assert all(g["text"][s:e].strip() for s, e in spans)
    assert labelled > 0
