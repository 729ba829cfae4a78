"""The planted truth: day paths of every stance's rates, and the list of shifts written out.

``truth.json`` lists two kinds of shifts:

* ``planted``: the steps the scenario puts in (supporter distress share, posts a day);
* ``implied``: the steps that follow from them by definition, so that a correct measurement
  must find them too: the supporters' morale balance moves whenever their distress share
  does (N grows while P stays), and with it the propaganda gap. The expected balance is
  ``(P - N) / (P + N)`` from the probabilities of a positive and a negative post;
* ``transient``: the mentions of the event's town, raised on the event day and decaying over
  three weeks (``size`` is the raised chance on the event day): an event effect, not a step.

Sizes are expected values (probabilities, posts a day, balances), not what a seed realised.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np

from undertow.events import Event
from undertow.simulate.scenario import Scenario, StanceSpec

GENERATOR = "undertow.simulate.v1"
MENTION_SPAN = 21  # days after an event during which its town is mentioned more


def _balance(spec: StanceSpec, distress: float) -> float:
    pos = 1.0 - (1.0 - spec.defiance) * (1.0 - spec.triumphalism)
    return (pos - distress) / (pos + distress)


def day_paths(
    sc: Scenario, events: list[Event], rng: np.random.Generator
) -> tuple[dict[str, dict[str, np.ndarray]], list[dict[str, Any]]]:
    """Return per stance the daily expected volume, distress and mention paths, and the shifts.

    Each shift's lag is drawn here (uniform in its ``lag`` range); the step applies from the
    event's day offset plus the lag to the end.
    """
    offsets = [off for off, _, _ in sc.events]
    paths: dict[str, dict[str, np.ndarray]] = {}
    for stance, spec in sc.stances.items():
        paths[stance] = {
            "volume": np.full(sc.days, spec.volume),
            "distress": np.full(sc.days, spec.distress),
        }
    shifts: list[dict[str, Any]] = []
    for sh in sc.shifts:
        lag = int(rng.integers(sh.lag[0], sh.lag[1] + 1))
        at = offsets[sh.event - 1] + lag
        path = paths[sh.stance]["volume" if sh.measure == "volume" else "distress"]
        before = float(path[at])
        if sh.measure == "volume":
            path[at:] *= sh.factor
        else:
            path[at:] += sh.size
        after = float(path[at])
        ev = events[sh.event - 1]
        common = {
            "event": sh.event,
            "event_date": ev.date.isoformat(),
            "place": ev.place,
            "date": (sc.start + timedelta(days=at)).isoformat(),
            "lag": lag,
            "stance": sh.stance,
        }
        shifts.append({**common, "measure": sh.measure, "before": round(before, 6),
                       "after": round(after, 6), "size": round(after - before, 6),
                       "kind": "planted"})  # fmt: skip
        if sh.measure == "distress_share":
            spec = sc.stances[sh.stance]
            b0, b1 = _balance(spec, before), _balance(spec, after)
            shifts.append({**common, "measure": "morale_balance", "before": round(b0, 6),
                           "after": round(b1, 6), "size": round(b1 - b0, 6),
                           "kind": "implied"})  # fmt: skip
            if "official" in sc.stances and sh.stance == "supporter":
                o = sc.stances["official"]
                g = _balance(o, o.distress)
                shifts.append({**common, "stance": "official-supporter",
                               "measure": "propaganda_gap", "before": round(g - b0, 6),
                               "after": round(g - b1, 6), "size": round(b0 - b1, 6),
                               "kind": "implied"})  # fmt: skip
    for i, ev in enumerate(events, start=1):
        for stance, spec in sc.stances.items():
            if spec.mention > 0:
                shifts.append({"event": i, "event_date": ev.date.isoformat(), "place": ev.place,
                               "date": ev.date.isoformat(), "lag": 0, "stance": stance,
                               "measure": "place_mentions", "size": spec.mention,
                               "kind": "transient"})  # fmt: skip
    day = np.arange(sc.days)
    last = np.searchsorted(np.asarray(offsets), day, side="right") - 1
    since = day - np.asarray(offsets)[np.maximum(last, 0)]
    recent = (last >= 0) & (since < MENTION_SPAN)
    for stance, spec in sc.stances.items():
        bump = np.where(recent, spec.mention * np.exp(-since / spec.mention_days), 0.0)
        paths[stance]["mention_event"] = np.minimum(bump, 1.0)
        paths[stance]["mention_place"] = np.maximum(last, 0)
        paths[stance]["mention_base"] = np.full(sc.days, spec.mention_base)
    return paths, shifts


def truth_dict(
    sc: Scenario, seed: int, events: list[Event], shifts: list[dict[str, Any]], posts: int
) -> dict[str, Any]:
    """Return the content of ``truth.json``."""
    return {
        "generator": GENERATOR,
        "synthetic": True,
        "scenario": sc.name,
        "description": sc.description,
        "seed": seed,
        "start": sc.start.isoformat(),
        "end": (sc.start + timedelta(days=sc.days - 1)).isoformat(),
        "posts": posts,
        "labels_analyzer": "simulate.planted@1",
        "events": [
            {"event": i, "date": e.date.isoformat(), "place": e.place, "type": e.type}
            for i, e in enumerate(events, start=1)
        ],
        "shifts": shifts,
        "base": {
            stance: {
                "posts_per_day": spec.volume,
                "distress_share": spec.distress,
                "morale_balance": round(_balance(spec, spec.distress), 6),
                "admission_rate": spec.admission,
                "incitement_rate": spec.incitement,
                "sources": [s[0] for s in spec.sources],
            }
            for stance, spec in sc.stances.items()
        },
        "noise": {
            "volume": f"negative binomial, shape {sc.dispersion:g}",
            "rates": f"independent logit-normal day effect per rate, sd {sc.day_noise:g}",
        },
        "mentions": "posts name the town of the last event with a chance decaying from the "
        f"event day for {MENTION_SPAN} days; a random town, rarely, otherwise",
    }
