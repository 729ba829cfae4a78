"""crossval() never scores a post it trained on; the linear helpers give known answers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from undertow.model import crossval as cv_module
from undertow.model.crossval import crossval, split_check
from undertow.model.linear import best_threshold, recall_threshold, stratified_folds

_TRI = [
    "Our soldiers destroyed {n} tanks of the army near the city today, praise be to God.",
    "The lions of the state stormed {n} positions and took the hill, the enemy fled.",
]
_ADM = [
    "We lost the {n}th district yesterday, the brothers withdrew from the city.",
    "The army entered the town after {n} days, our men had to retreat.",
]
_NONE = [
    "Good morning everyone, {n} cups of tea today.",
    "The weather is fine and the market opened at {n}.",
]


def _records(prefix: str, count: int) -> list[dict]:
    out = []
    for i in range(count):
        kind = i % 3
        template = (_TRI, _ADM, _NONE)[kind][i % 2]
        labels = (["triumphalism"], ["admission"], [])[kind]
        out.append(
            {
                "id": f"{prefix}{i}",
                "text": template.format(n=i + (1000 if prefix == "g" else 0)),
                "lang": "en",
                "stance": "supporter",
                "labels": labels,
                "causes": [],
                "incitement": None,
                "evidence": {},
            }
        )
    return out


def test_split_check_catches_overlap() -> None:
    train = _records("t", 6)
    with pytest.raises(AssertionError):
        split_check(train, [train[0]])
    with pytest.raises(AssertionError):  # same text under another id
        split_check(train, [{**train[1], "id": "other"}])
    split_check(train, _records("g", 3))


@pytest.mark.slow
def test_crossval_scores_every_post_once_never_trained_on(tmp_path, monkeypatch) -> None:
    gold = _records("g", 15)
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("\n".join(json.dumps(r) for r in gold) + "\n", encoding="utf-8")
    trained: list[set[str]] = []
    real_fit = cv_module.fit_model

    def spy(records, embeddings, **kw):
        trained.append({r["id"] for r in records})
        return real_fit(records, embeddings, Cs=(1.0,), **{k: v for k, v in kw.items()})

    monkeypatch.setattr(cv_module, "fit_model", spy)
    preds, report = crossval(
        gold_path, folds=3, reps=20, training=_records("t", 30), cache_dir=tmp_path / "cache"
    )
    assert [p["id"] for p in preds] == [g["id"] for g in gold]
    assert len(trained) == 3
    gold_ids = {g["id"] for g in gold}
    # every gold post is left out of exactly one training set, and scored then
    for g in gold_ids:
        assert sum(g not in ids for ids in trained) == 1
    assert all(len(ids & gold_ids) == 10 for ids in trained)
    assert report["cv"]["folds"] == 3 and report["n"] == 15
    assert report["overall"]["micro"]["f1"] is not None


def test_best_threshold_and_recall_threshold() -> None:
    p = np.array([0.1, 0.2, 0.35, 0.6, 0.8, 0.9])
    y = np.array([0, 0, 1, 0, 1, 1])
    t, f1 = best_threshold(p, y)
    assert 0.2 < t <= 0.35 and f1 == pytest.approx(6 / 7)
    assert recall_threshold(p, y, 1.0) == 0.35
    assert recall_threshold(p, y, 0.6) == 0.8


def test_stratified_folds_are_balanced_and_seeded() -> None:
    keys = ["a"] * 10 + ["b"] * 5 + ["c"]
    f = stratified_folds(keys, 5, 0)
    assert set(f.tolist()) == set(range(5))
    for i in range(5):  # the lone "c" is pooled with the commonest key
        assert sum(1 for k, x in zip(keys, f, strict=True) if k in "ac" and x == i) in (2, 3)
        assert sum(1 for k, x in zip(keys, f, strict=True) if k == "b" and x == i) == 1
    assert (f == stratified_folds(keys, 5, 0)).all()
