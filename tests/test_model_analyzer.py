"""The learned coder: conformance, output format, calibrated scores, determinism, files."""

from __future__ import annotations

import json

import pytest

from undertow.analyzers.base import LABELS, PostView
from undertow.analyzers.conformance import check_analyzer
from undertow.analyzers.model import ModelAnalyzer
from undertow.errors import AnalyzerError, RecordError
from undertow.model.artifact import Artifact
from undertow.model.coding import MODEL_KEY, code_file, code_posts

POSTS = [
    {"id": "a", "text": "We lost the city, but the war is long. Do not despair, brothers."},
    {"id": "b", "text": "Our soldiers destroyed three tanks of the army near Ramadi today."},
    {"id": "c", "text": "وإن خسرنا الفلوجة فالحرب طويلة، لا تحزنوا يا إخوة", "stance": "supporter"},
    {"id": "d", "text": "Good morning, the market opens at nine.", "lang": "en"},
    {
        "id": "e",
        "text": "Kill the crusaders wherever you find them. They deserve it.",
        "lang": "en",
    },
    {"id": "f", "text": "The army says it killed forty fighters.", "stance": "observer"},
]
KEYS = {
    "id",
    "lang",
    "labels",
    "scores",
    "evidence",
    "causes",
    "incitement",
    "supporter",
    "entities",
    "model",
}


def test_conformance() -> None:
    assert check_analyzer(ModelAnalyzer()) == []


def test_params_round_trip_and_bad_folder(tmp_path) -> None:
    assert ModelAnalyzer(model_dir=str(tmp_path)).get_params() == {"model_dir": str(tmp_path)}
    with pytest.raises(AnalyzerError, match="No trained model"):
        ModelAnalyzer(model_dir=str(tmp_path)).analyze([PostView("x", "text", "en")])


def test_code_posts_format_scores_and_evidence() -> None:
    out = code_posts(POSTS)
    assert [r["id"] for r in out] == [p["id"] for p in POSTS]
    for post, r in zip(POSTS, out, strict=True):
        assert set(r) == KEYS
        assert r["model"] == MODEL_KEY and 0.0 <= r["supporter"] <= 1.0
        for ent in r["entities"]:
            assert ent["kind"] in ("place", "actor") and 0 <= ent["span"][0] < ent["span"][1]
        assert set(r["scores"]) == set(LABELS)
        assert all(0.0 <= s <= 1.0 for s in r["scores"].values())
        assert set(r["evidence"]) == set(r["labels"])
        for label in r["labels"]:
            assert r["evidence"][label], label
            for s, e in r["evidence"][label]:
                assert 0 <= s < e <= len(post["text"])
        if "incitement" in r["labels"]:
            assert r["incitement"]["form"] in ("explicit_call", "threat", "endorsement")
        else:
            assert r["incitement"] is None
        if "failure_analysis" not in r["labels"]:
            assert r["causes"] == []
    by_id = {r["id"]: r for r in out}
    assert by_id["c"]["lang"] == "ar" and by_id["d"]["lang"] == "en"
    assert by_id["b"]["entities"] == [{"id": "place:ramadi", "kind": "place", "span": [52, 58]}]
    assert "incitement" in by_id["e"]["labels"]
    # the stance rule: an observer's report is not the movement's triumphalism
    assert by_id["f"]["scores"]["triumphalism"] == 0.0


def test_deterministic_and_batch_independent() -> None:
    first = code_posts(POSTS)
    assert code_posts(POSTS) == first
    alone = [code_posts([p])[0] for p in POSTS]
    assert [r["labels"] for r in alone] == [r["labels"] for r in first]


def test_code_file_streams_and_reports_bad_lines(tmp_path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [json.dumps(POSTS[0]), "{not json", json.dumps({"id": "x"}), "", json.dumps(POSTS[1])]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    errors: list[RecordError] = []
    seen: list[tuple[int, int]] = []
    n = code_file(
        src,
        tmp_path / "out.jsonl",
        batch_size=1,
        errors=errors,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert n == 2
    out = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert [r["id"] for r in out] == ["a", "b"]
    assert [e.locator for e in errors] == ["line 2", "line 3"]
    assert seen and seen[-1][1] == 4


def test_shipped_artifact_has_no_pickle_and_a_card() -> None:
    art = Artifact.load()
    assert art.card["name"] == "codebook.model" and art.card["version"] == "1.0.0"
    assert art.card["label_order"] == list(LABELS)
    assert art["label_coef"].shape[1] == len(LABELS)
    assert all(a.dtype.kind == "f" for a in art.arrays.values())


def test_artifact_save_is_byte_stable(tmp_path) -> None:
    art = Artifact.load()
    a = art.save(tmp_path / "one")
    b = art.save(tmp_path / "two")
    for name in ("weights.npz", "card.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
