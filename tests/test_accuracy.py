"""The accuracy a report states, read from the files the measuring commands wrote."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from click.testing import CliRunner

from undertow.accuracy import accuracy_note, evaluated
from undertow.analyzers.cues import CueAnalyzer
from undertow.analyzers.model import ModelAnalyzer
from undertow.cli import main
from undertow.evaluate import evaluate
from undertow.evaluate.annotations import predictions

MODEL_KEY = ModelAnalyzer().key
CUES_KEY = CueAnalyzer().key


def _card() -> dict:
    path = files("undertow.models").joinpath(f"codebook-model-{ModelAnalyzer.version}", "card.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _cue_card() -> dict:
    path = files("undertow.analyzers.lexicon").joinpath("accuracy.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_model_note_states_the_cross_validated_figures_of_its_card() -> None:
    cv = _card()["cv"]
    note = accuracy_note([MODEL_KEY])
    assert "cross-validated" in note
    for name, lang in (("dev_en.gold.jsonl", "English"), ("dev_ar.gold.jsonl", "Arabic")):
        s = cv[name]
        assert f"micro-F1 {s['micro_f1']:.2f}" in note
        assert f"on {s['posts']} {lang} tweets" in note
    assert f"incitement recall {cv['dev_ar.gold.jsonl']['incitement_recall']:.2f}" in note


def test_cue_note_states_its_in_sample_figures() -> None:
    card = _cue_card()
    assert card["analyzer"] == CUES_KEY
    note = accuracy_note([CUES_KEY])
    assert "in-sample" in note
    assert f"micro-F1 {card['dev']['dev_en.gold.jsonl']['micro_f1']:.2f}" in note


def test_unknown_analyzer_and_empty_workspace() -> None:
    assert evaluated("someone.plugin@2.0") is None
    assert "no evaluated accuracy ships" in accuracy_note(["someone.plugin@2.0"])
    assert "undertow evaluate" in accuracy_note(["someone.plugin@2.0"])
    assert "No analyzer has coded" in accuracy_note([])
    # a version without a card says nothing rather than another version's figures
    assert evaluated("codebook.model@9.9.9") is None
    assert evaluated("codebook.cues@9.9.9") is None


def test_shipped_cue_figures_are_current(shared) -> None:
    """Stale figures fail here: rerun ``python tools/eval_training.py --card``."""
    card = _cue_card()
    for name, stored in card["dev"].items():
        rows = [
            json.loads(line)
            for line in shared.path("gold", name).read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        ov = evaluate(rows, predictions(CueAnalyzer(), rows), reps=1000, seed=0)["overall"]
        assert ov["micro"]["f1"] == stored["micro_f1"], name
        assert ov["micro"]["f1_ci"] == stored["micro_f1_ci"], name


def _gold_file(tmp_path: Path) -> Path:
    rows = [
        {
            "id": "1",
            "lang": "en",
            "text": "Our soldiers destroyed three tanks of the enemy, praise be to God.",
            "labels": ["triumphalism"],
            "evidence": {"triumphalism": [[0, 40]]},
        },
        {"id": "2", "lang": "en", "text": "Good morning everyone.", "labels": []},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_predictions_keep_order_and_every_post(tmp_path: Path) -> None:
    rows = [json.loads(x) for x in _gold_file(tmp_path).read_text().splitlines()]
    preds = predictions(CueAnalyzer(), rows)
    assert [p["id"] for p in preds] == ["1", "2"]
    assert preds[1]["labels"] == []
    for p in preds:
        assert set(p["labels"]) == set(p["evidence"])


def test_evaluate_cli_scores_a_named_analyzer(tmp_path: Path) -> None:
    gold = _gold_file(tmp_path)
    res = CliRunner().invoke(main, ["evaluate", str(gold), "--analyzer", "codebook.cues.v1"])
    assert res.exit_code == 0, res.output
    assert "micro-F1" in res.output
    res = CliRunner().invoke(
        main, ["evaluate", str(gold), "--analyzer", "codebook.cues.v1", "--cv", "5"]
    )
    assert res.exit_code == 2
    assert "drop --cv" in res.output
