"""Check a measure result against the planted truth, and run the many-seed study.

A shift is **recovered** when both hold:

* a change point of the same stance and measure lies within ``tolerance`` days (default 3) of
  the shift's date (asked only of the measures searched for change points: not of the
  mentions of a place, a transient, nor of the propaganda gap);
* the event effect of the shift's event, stance and measure has the sign of the shift and a
  95% interval that excludes 0.

False positives: event effects (not too few posts) with p < 0.05 for an (event, stance,
measure) that the truth does not list; change points not within ``tolerance`` days of a listed
shift of the same stance and measure ("spurious": mostly true shifts placed a few days off),
and among them those whose 95% date interval holds no listed shift ("false").
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from undertow.measure.changepoints import CHANGE_MEASURES
from undertow.simulate.generate import build
from undertow.simulate.places import sim_gazetteer
from undertow.simulate.scenario import get_scenario

TOLERANCE = 3


def _days(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def _sign(x: float | None) -> int:
    return 0 if not x else (1 if x > 0 else -1)


def evaluate(result: dict[str, Any], truth: dict[str, Any], *, tolerance: int = TOLERANCE) -> dict:
    """Return per shift whether it was recovered, and the false positives of the result."""
    by_event = {(r["event"], r["stance"], r["measure"]): r for r in result["events"]}
    rows = []
    for s in truth["shifts"]:
        cps = [
            c
            for c in result["changepoints"]
            if c["stance"] == s["stance"] and c["measure"] == s["measure"]
        ]
        near = [c for c in cps if _days(c["date"], s["date"]) <= tolerance]
        ev = by_event.get((s["event"], s["stance"], s["measure"]))
        ev_ok = bool(
            ev
            and ev["ci"]
            and _sign(ev["delta"]) == _sign(s["size"])
            and (ev["ci"][0] > 0 or ev["ci"][1] < 0)
        )
        cp_ok = bool(near) if s["measure"] in CHANGE_MEASURES else None
        rows.append(
            {
                **{k: s[k] for k in ("event", "date", "stance", "measure", "size", "kind")},
                "changepoint": near[0]["date"] if near else None,
                "changepoint_ok": cp_ok,
                "event_delta": ev["delta"] if ev else None,
                "event_ci": ev["ci"] if ev else None,
                "event_ok": ev_ok,
                "recovered": ev_ok and cp_ok is not False,
            }
        )
    listed = {(s["event"], s["stance"], s["measure"]) for s in truth["shifts"]}
    null_rows = [
        r
        for r in result["events"]
        if (r["event"], r["stance"], r["measure"]) not in listed
        and not r["too_few"]
        and r["p"] is not None
    ]
    steps = [s for s in truth["shifts"] if s["measure"] in CHANGE_MEASURES]
    spurious = [
        c
        for c in result["changepoints"]
        if not any(
            s["stance"] == c["stance"]
            and s["measure"] == c["measure"]
            and _days(s["date"], c["date"]) <= tolerance
            for s in steps
        )
    ]
    unexplained = [
        c
        for c in spurious
        if not any(
            s["stance"] == c["stance"]
            and s["measure"] == c["measure"]
            and c["date_ci"][0] <= s["date"] <= c["date_ci"][1]
            for s in steps
        )
    ]
    return {
        "shifts": rows,
        "null_effects": len(null_rows),
        "null_rejections": sum(1 for r in null_rows if r["p"] < 0.05),
        "null_intervals_excluding_0": sum(
            1 for r in null_rows if r["ci"] and (r["ci"][0] > 0 or r["ci"][1] < 0)
        ),
        "changepoints": len(result["changepoints"]),
        "spurious_changepoints": len(spurious),
        "false_changepoints": len(unexplained),
    }


def study(scenario: str, seeds: range | list[int], *, window: int = 14) -> dict[str, Any]:
    """Simulate each seed in memory, measure it and evaluate it; return the totals.

    The same generator and the same measure code as ``undertow simulate`` and ``undertow
    measure`` (without writing the workspace: see ``tests/test_simulate.py`` for the check that
    both paths give the same result).
    """
    from undertow.measure.run import analyse

    sc = get_scenario(scenario)
    gaz = sim_gazetteer()
    per_seed = []
    started = time.perf_counter()
    for seed in seeds:
        data = build(seed, sc)
        res = analyse(data.posts, data.labels, data.events, window=window, gazetteer=gaz).result
        ev = evaluate(res, data.truth)
        per_seed.append({"seed": seed, **ev})
    out: dict[str, Any] = {"scenario": sc.name, "seeds": len(per_seed), "window": window}
    for kind in ("planted", "implied", "transient"):
        shifts = [r for s in per_seed for r in s["shifts"] if r["kind"] == kind]
        out[kind] = {
            "shifts": len(shifts),
            "changepoint_asked": sum(r["changepoint_ok"] is not None for r in shifts),
            "recovered": sum(r["recovered"] for r in shifts),
            "changepoint_found": sum(bool(r["changepoint_ok"]) for r in shifts),
            "event_effect_found": sum(r["event_ok"] for r in shifts),
        }
    effects = sum(s["null_effects"] for s in per_seed)
    rejections = sum(s["null_rejections"] for s in per_seed)
    out["null_effects"] = effects
    out["null_rejections"] = rejections
    out["null_rejection_rate"] = rejections / effects if effects else None
    out["null_intervals_excluding_0"] = sum(s["null_intervals_excluding_0"] for s in per_seed)
    out["seeds_with_spurious_changepoints"] = sum(s["spurious_changepoints"] > 0 for s in per_seed)
    out["spurious_changepoints"] = sum(s["spurious_changepoints"] for s in per_seed)
    out["false_changepoints"] = sum(s["false_changepoints"] for s in per_seed)
    out["seeds_with_false_changepoints"] = sum(s["false_changepoints"] > 0 for s in per_seed)
    out["seconds"] = round(time.perf_counter() - started, 1)
    out["per_seed"] = per_seed
    return out


def study_lines(out: dict[str, Any]) -> list[str]:
    """Return a readable account of a study (what ``benchmarks/simulate_recovery.py`` prints)."""
    lines = [f"Scenario {out['scenario']}: {out['seeds']} seeds, window {out['window']} days, "
             f"{out['seconds']} s."]  # fmt: skip
    for kind in ("planted", "implied", "transient"):
        k = out[kind]
        if k["shifts"]:
            lines.append(
                f"  {kind} shifts: {k['recovered']}/{k['shifts']} recovered "
                f"({100 * k['recovered'] / k['shifts']:.1f}%); change point within "
                f"{TOLERANCE} days: {k['changepoint_found']}/{k['changepoint_asked']}; event "
                f"effect of the right sign with an interval excluding 0: "
                f"{k['event_effect_found']}/{k['shifts']}"
            )
    rate = out["null_rejection_rate"]
    lines.append(
        f"  event effects where nothing was planted: {out['null_rejections']}/"
        f"{out['null_effects']} with p < 0.05 ("
        + (f"{100 * rate:.1f}%" if rate is not None else "n/a")
        + f"); with a 95% interval excluding 0: {out['null_intervals_excluding_0']}"
    )
    lines.append(
        f"  change points more than {TOLERANCE} days from a planted or implied shift: "
        f"{out['spurious_changepoints']} (in {out['seeds_with_spurious_changepoints']}/"
        f"{out['seeds']} seeds); of these, with no shift inside their date interval: "
        f"{out['false_changepoints']} (in {out['seeds_with_false_changepoints']}/{out['seeds']} "
        "seeds)"
    )
    return lines
