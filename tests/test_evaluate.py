"""evaluate() and render() on hand-made gold and predictions with known answers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undertow.analyzers.base import LABELS
from undertow.evaluate import evaluate, render


def _gold() -> list[dict]:
    return [
        {
            "id": "1",
            "lang": "en",
            "text": "a" * 20,
            "labels": ["triumphalism"],
            "evidence": {"triumphalism": [[0, 10]]},
        },
        {
            "id": "2",
            "lang": "en",
            "text": "b" * 20,
            "labels": ["triumphalism", "admission"],
            "evidence": {"triumphalism": [[0, 4]], "admission": [[10, 20]]},
        },
        {"id": "3", "lang": "en", "text": "c" * 20, "labels": []},
        {
            "id": "4",
            "lang": "ar",
            "text": "d" * 20,
            "labels": ["incitement"],
            "incitement": {"target": "the Crusaders", "form": "threat"},
            "evidence": {"incitement": [[0, 20]]},
        },
        {
            "id": "5",
            "lang": "ar",
            "text": "e" * 20,
            "labels": ["failure_analysis"],
            "causes": ["air_power", "siege"],
            "evidence": {"failure_analysis": [[0, 5]]},
        },
    ]


def _pred() -> list[dict]:
    return [
        {"id": "1", "labels": ["triumphalism"], "evidence": {"triumphalism": [[5, 15]]}},
        {"id": "2", "labels": ["defiance"], "evidence": {"defiance": [[0, 3]]}},
        {"id": "3", "labels": ["triumphalism"], "evidence": {"triumphalism": [[0, 3]]}},
        {
            "id": "4",
            "labels": ["incitement"],
            "evidence": {"incitement": [[0, 10]]},
            "incitement": {"target": "crusaders", "form": "explicit_call"},
        },
        {
            "id": "5",
            "labels": ["failure_analysis"],
            "causes": ["air_power", "leadership"],
            "evidence": {"failure_analysis": [[0, 5]]},
        },
    ]


def test_counts_and_f1() -> None:
    rep = evaluate(_gold(), _pred(), reps=200)
    tri = rep["overall"]["labels"]["triumphalism"]
    assert (tri["tp"], tri["fp"], tri["fn"]) == (1, 1, 1)
    assert tri["precision"] == 0.5 and tri["recall"] == 0.5 and tri["f1"] == 0.5
    adm = rep["overall"]["labels"]["admission"]
    assert (adm["tp"], adm["fp"], adm["fn"], adm["recall"]) == (0, 0, 1, 0.0)
    # TP = tri 1 + inc 1 + fa 1 = 3; FP = tri 1 + defiance 1 = 2; FN = tri 1 + adm 1 = 2
    assert rep["overall"]["micro"]["f1"] == pytest.approx(6 / 10)
    # macro over labels with a defined F1: tri .5, adm 0, def 0, inc 1, fa 1
    assert rep["overall"]["macro"]["f1"] == pytest.approx(2.5 / 5)
    assert rep["by_lang"]["ar"]["micro"]["f1"] == 1.0
    assert rep["by_lang"]["en"]["micro"]["f1"] == pytest.approx(2 / 6, abs=1e-4)


def test_confusion_and_details() -> None:
    rep = evaluate(_gold(), _pred(), reps=50)
    assert rep["confusion"]["triumphalism"] == {"defiance": 1}
    assert rep["confusion"]["admission"] == {"defiance": 1}
    ev = rep["evidence"]
    # pairs: post 1 tri (gold 0-10, pred 5-15: 5 common), post 4 inc (20 vs 10), post 5 fa (5, 5)
    assert ev["pairs"] == 3
    assert ev["char_precision"] == pytest.approx(20 / 25)
    assert ev["char_recall"] == pytest.approx(20 / 35, abs=1e-4)
    assert ev["any_overlap"] == 1.0
    assert rep["causes"] == {
        "tp": 1,
        "fp": 1,
        "fn": 1,
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
    }
    inc = rep["incitement"]
    assert inc["true_positives"] == 1 and inc["form_accuracy"] == 0.0
    assert inc["target_match"] == 1.0 and inc["target_given"] == 1.0
    assert rep["supporter"] is None


def test_missing_prediction_counts_as_none() -> None:
    rep = evaluate(_gold(), _pred()[:1], reps=10)
    assert rep["matched"] == 1
    assert rep["overall"]["labels"]["incitement"]["fn"] == 1


def test_intervals_bracket_the_estimate_and_are_seeded() -> None:
    gold = _gold() * 8
    for i, g in enumerate(gold):
        gold[i] = {**g, "id": str(i)}
    pred = [{**p, "id": str(i)} for i, p in enumerate(_pred() * 8)]
    a = evaluate(gold, pred, reps=300, seed=1)
    b = evaluate(gold, pred, reps=300, seed=1)
    assert a == b
    lo, hi = a["overall"]["micro"]["f1_ci"]
    assert lo < a["overall"]["micro"]["f1"] < hi
    assert lo >= 0.0 and hi <= 1.0


def test_supporter_f1() -> None:
    gold = [
        {"id": "a", "text": "x", "labels": [], "gold_label": "pro-ISIS"},
        {"id": "b", "text": "x", "labels": [], "gold_label": "pro-ISIS"},
        {"id": "c", "text": "x", "labels": [], "gold_label": "not-ISIS"},
        {"id": "d", "text": "x", "labels": [], "gold_label": "not-ISIS"},
    ]
    pred = [
        {"id": "a", "labels": [], "supporter": 0.9},
        {"id": "b", "labels": [], "supporter": 0.2},
        {"id": "c", "labels": [], "supporter": 0.7},
        {"id": "d", "labels": [], "supporter": None},
    ]
    sup = evaluate(gold, pred, reps=10)["supporter"]
    assert sup["n"] == 3
    assert sup["precision"] == 0.5 and sup["recall"] == 0.5
    assert sup["accuracy"] == pytest.approx(1 / 3, abs=1e-4)


def test_no_labels_anywhere_is_undefined_not_zero() -> None:
    gold = [{"id": "1", "text": "x", "labels": []}]
    rep = evaluate(gold, [{"id": "1", "labels": []}], reps=10)
    assert rep["overall"]["micro"]["f1"] is None
    assert rep["overall"]["macro"]["f1"] is None
    assert "micro-F1    -" in render(rep)


def test_render_shows_the_table() -> None:
    text = render(evaluate(_gold(), _pred(), reps=20))
    assert "micro-F1 0.60" in text
    assert "triumphalism" in text and "Language ar" in text
    assert "admission        defiance 1" in text


_label_sets = st.lists(st.sets(st.sampled_from(LABELS)), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(_label_sets, st.randoms(use_true_random=False))
def test_perfect_and_empty_predictions(label_sets, rnd) -> None:
    gold = [{"id": str(i), "text": "x", "labels": sorted(s)} for i, s in enumerate(label_sets)]
    pred = [{"id": g["id"], "labels": list(g["labels"])} for g in gold]
    rnd.shuffle(pred)  # matched by id, not by order
    rep = evaluate(gold, pred, reps=20)
    has = any(label_sets)
    assert rep["overall"]["micro"]["f1"] == (1.0 if has else None)
    for label in LABELS:
        s = rep["overall"]["labels"][label]
        assert s["tp"] == s["support"] and s["fp"] == s["fn"] == 0
    empty = evaluate(gold, [], reps=20)
    assert empty["overall"]["micro"]["f1"] == (0.0 if has else None)
    assert empty["overall"]["micro"]["recall"] == (0.0 if has else None)
