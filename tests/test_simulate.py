"""The simulator: planted truth, the written workspace, and recovery over many seeds."""

from __future__ import annotations

import json
from dataclasses import replace

import pyarrow.compute as pc
import pytest

from undertow.errors import InputError
from undertow.events import load_events
from undertow.simulate import SCENARIOS, StanceSpec, get_scenario, simulate
from undertow.simulate.check import evaluate, study, study_lines
from undertow.simulate.generate import ANALYZER, build
from undertow.simulate.places import sim_gazetteer

SMALL = replace(
    SCENARIOS["default"],
    name="small",
    days=120,
    events=SCENARIOS["default"].events[:2],
    shifts=tuple(s for s in SCENARIOS["default"].shifts if s.event <= 2),
    stances={
        "supporter": replace(SCENARIOS["default"].stances["supporter"], volume=12.0),
        "official": StanceSpec(volume=3.0, sources=(("sim-official", 1.0, 1),), distress=0.01,
                               defiance=0.1, triumphalism=0.4, admission=0.0, incitement=0.1,
                               consolation=0.0, rebuke=0.0, failure_analysis=0.0),
    },
)  # fmt: skip


def test_build_is_deterministic_and_labels_point_into_their_texts():
    a, b = build(4, SMALL), build(4, SMALL)
    assert a.posts.equals(b.posts) and a.labels.equals(b.labels) and a.truth == b.truth
    assert not build(5, SMALL).posts.equals(a.posts)
    texts = dict(zip(a.posts["id"].to_pylist(), a.posts["text"].to_pylist(), strict=True))
    labelled = a.labels.filter(pc.is_valid(a.labels["label"]))
    for row in labelled.to_pylist()[:300]:
        ((start, end),) = row["spans"]
        assert 0 <= start < end <= len(texts[row["post_id"]])
    coded = set(a.labels["post_id"].to_pylist())
    assert coded == set(texts)  # every post coded: a label row or a null-label marker
    assert set(a.labels["analyzer"].to_pylist()) == {ANALYZER}


def test_truth_lists_planted_implied_and_transient_shifts():
    truth = build(0, SMALL).truth
    kinds = {s["kind"] for s in truth["shifts"]}
    assert kinds == {"planted", "implied", "transient"}
    planted = [s for s in truth["shifts"] if s["kind"] == "planted"]
    assert {(s["event"], s["stance"], s["measure"]) for s in planted} == {
        (1, "supporter", "distress_share"),
        (2, "supporter", "distress_share"),
        (2, "supporter", "volume"),
    }
    first = next(s for s in planted if s["event"] == 1)
    assert first["size"] == pytest.approx(0.04) and first["date"] == truth["events"][0]["date"]
    implied = [s for s in truth["shifts"] if s["kind"] == "implied"]
    balance = next(s for s in implied if s["measure"] == "morale_balance" and s["event"] == 1)
    assert balance["size"] < 0  # more distress, lower balance
    gap = next(s for s in implied if s["measure"] == "propaganda_gap" and s["event"] == 1)
    assert gap["size"] == pytest.approx(-balance["size"])


def test_null_has_no_shift_and_lagged_shifts_start_two_to_six_days_late():
    small = {"stances": SMALL.stances, "days": 300}
    null = replace(get_scenario("null"), **small)
    null = replace(null, stances={k: replace(v, mention=0.0) for k, v in null.stances.items()})
    assert build(0, null).truth["shifts"] == []
    lagged = build(1, replace(get_scenario("lagged"), **small)).truth["shifts"]
    lags = {s["lag"] for s in lagged if s["kind"] == "planted"}
    assert lags <= set(range(2, 7)) and len(lags) > 1
    assert all(s["lag"] == 0 for s in build(1, SMALL).truth["shifts"])


@pytest.mark.slow
def test_simulate_writes_a_ready_workspace(tmp_path, monkeypatch):
    monkeypatch.setattr("undertow.simulate.run.get_scenario", lambda name: SMALL)
    res = simulate(tmp_path / "sim", seed=2, scenario="small")
    from undertow.measure.run import analyse, measure
    from undertow.workspace import Workspace

    ws = Workspace.open(res.workspace)
    assert ws.meta["label_source"] == ANALYZER and ws.meta["synthetic"] is True
    assert (res.workspace / ws.meta["gazetteer"]).is_file()
    truth = json.loads(res.truth.read_text(encoding="utf-8"))
    assert truth["scenario"] == "small" and truth["seed"] == 2
    events = load_events(res.events)
    assert [e.date.isoformat() for e in events] == [e["date"] for e in truth["events"]]
    assert res.posts == truth["posts"] and "planted shifts" in "\n".join(res.lines())
    # the workspace path gives the very numbers of the in-memory path
    data = build(2, SMALL)
    on_disk = measure(ws, events=res.events)
    in_memory = analyse(data.posts, data.labels, data.events, gazetteer=sim_gazetteer()).result
    for key in ("series", "events", "changepoints", "gap", "placebo"):
        assert on_disk[key] == in_memory[key], key
    mentions = [r for r in on_disk["events"] if r["measure"] == "place_mentions"]
    assert mentions and all(r["place_match"] == "entity" for r in mentions)
    # a second run replaces the simulation; another folder is refused
    simulate(tmp_path / "sim", seed=3, scenario="small")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("x")
    with pytest.raises(InputError, match="does not hold an earlier simulation"):
        simulate(tmp_path / "other")


def test_bad_scenario_and_seed_are_refused(tmp_path):
    with pytest.raises(InputError, match="outside its 80 days"):
        build(0, replace(SMALL, days=80))
    with pytest.raises(InputError, match="Unknown scenario"):
        simulate(tmp_path / "a", scenario="sideways")
    with pytest.raises(InputError, match="seed"):
        simulate(tmp_path / "b", seed=-1)


def test_evaluate_counts_recoveries_and_false_positives():
    truth = {"shifts": [
        {"event": 1, "date": "2016-02-15", "stance": "supporter", "measure": "distress_share",
         "size": 0.04, "kind": "planted"},
        {"event": 2, "date": "2016-04-04", "stance": "supporter", "measure": "distress_share",
         "size": 0.07, "kind": "planted"},
    ]}  # fmt: skip
    result = {
        "changepoints": [
            {"stance": "supporter", "measure": "distress_share", "date": "2016-02-17",
             "date_ci": ["2016-02-14", "2016-02-20"]},
            {"stance": "supporter", "measure": "distress_share", "date": "2016-04-12",
             "date_ci": ["2016-04-01", "2016-04-14"]},
            {"stance": "official", "measure": "volume", "date": "2016-06-01",
             "date_ci": ["2016-05-30", "2016-06-02"]},
        ],
        "events": [
            {"event": 1, "stance": "supporter", "measure": "distress_share", "delta": 0.05,
             "ci": [0.02, 0.08], "p": 0.001, "too_few": False},
            {"event": 2, "stance": "supporter", "measure": "distress_share", "delta": 0.06,
             "ci": [0.03, 0.09], "p": 0.001, "too_few": False},
            {"event": 2, "stance": "official", "measure": "volume", "delta": 3.0,
             "ci": [1.0, 5.0], "p": 0.01, "too_few": False},
        ],
    }  # fmt: skip
    ev = evaluate(result, truth)
    assert [s["recovered"] for s in ev["shifts"]] == [True, False]  # second change 8 days off
    assert ev["null_effects"] == 1 and ev["null_rejections"] == 1
    assert ev["spurious_changepoints"] == 2 and ev["false_changepoints"] == 1


@pytest.mark.slow
def test_planted_shifts_are_recovered_and_the_null_holds_its_level():
    """The acceptance study: 20 seeds of default and of null (about a minute)."""
    default = study("default", range(20))
    null = study("null", range(20))
    print("\n".join(study_lines(default) + study_lines(null)))
    planted = default["planted"]
    assert planted["recovered"] / planted["shifts"] >= 0.90
    assert null["null_rejection_rate"] <= 0.10
    assert null["seeds_with_spurious_changepoints"] <= 10  # no change point in most seeds
    assert default["null_rejection_rate"] <= 0.10
