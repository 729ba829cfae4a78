"""The demo's mood model: which labels a supporter's post carries, given who and when.

A post's labels are drawn in three steps. A primary label (or ``none``) comes from the
author's archetype weights, each scaled by the timeline: after a loss the distress labels,
failure analysis, admission, consolation, rebuke, defiance and calls for revenge rise for about
three weeks and triumphalism falls; the gain brings a wave of triumphalism; accumulated losses
wear the sensitive down. A reply leans on what it answers (despair draws consolation and
rebuke). Secondary labels then join by a co-occurrence table ("we lost X, but the war is long"
is admission + defiance), and labels the codebook keeps apart are dropped (triumphalism never
sits with an acknowledged setback).
"""

from __future__ import annotations

import random

from undertow.analyzers.base import CAUSES
from undertow.demo.authors import Author
from undertow.demo.world import DayState

__all__ = ["LABEL_ORDER", "NONE_KINDS", "choose_causes", "choose_labels", "choose_none_kind"]

#: The order in which a post's clauses are written.
LABEL_ORDER: tuple[str, ...] = (
    "admission",
    "failure_analysis",
    "despair",
    "worry",
    "triumphalism",
    "rebuke",
    "consolation",
    "defiance",
    "incitement",
)
_DISTRESS = ("despair", "worry")

_BASE: dict[str, dict[str, float]] = {
    "steadfast": dict(
        none=3.0,
        defiance=2.2,
        triumphalism=3.0,
        consolation=1.2,
        rebuke=0.6,
        incitement=0.5,
        admission=0.6,
        worry=0.3,
        failure_analysis=0.3,
        despair=0.05,
    ),
    "worrier": dict(
        none=2.5,
        worry=2.5,
        despair=1.0,
        admission=0.8,
        consolation=0.3,
        failure_analysis=0.4,
        triumphalism=1.0,
        defiance=0.4,
        incitement=0.1,
    ),
    "analyst": dict(
        none=2.0,
        failure_analysis=2.5,
        admission=1.2,
        worry=0.5,
        defiance=0.7,
        triumphalism=0.8,
        despair=0.3,
        rebuke=0.3,
        consolation=0.2,
        incitement=0.1,
    ),
    "rebuker": dict(
        none=2.0,
        rebuke=2.2,
        defiance=1.6,
        triumphalism=1.2,
        consolation=0.4,
        incitement=0.6,
        admission=0.3,
        worry=0.1,
    ),
    "consoler": dict(
        none=2.5,
        consolation=2.8,
        defiance=1.2,
        triumphalism=0.9,
        rebuke=0.3,
        worry=0.3,
        admission=0.4,
    ),
    "news": dict(none=4.0, admission=1.2, triumphalism=2.5, worry=0.3, failure_analysis=0.1),
    "hothead": dict(
        none=1.5,
        incitement=2.2,
        triumphalism=2.5,
        defiance=1.6,
        rebuke=0.6,
        admission=0.2,
        despair=0.05,
    ),
    "doomer": dict(
        none=1.5,
        despair=2.2,
        worry=1.2,
        admission=1.2,
        failure_analysis=0.7,
        triumphalism=0.5,
        defiance=0.1,
    ),
    "pious": dict(
        none=4.0, consolation=1.8, defiance=0.7, triumphalism=0.7, failure_analysis=0.3, rebuke=0.4
    ),
    "casual": dict(none=6.0, triumphalism=0.9, worry=0.3, defiance=0.3, despair=0.1),
    "spammer": dict(none=1.0),
}

# (label added, probability) after a primary label.
_CO: dict[str, tuple[tuple[str, float], ...]] = {
    "admission": (
        ("failure_analysis", 0.25),
        ("despair", 0.2),
        ("worry", 0.15),
        ("defiance", 0.35),
        ("consolation", 0.1),
        ("incitement", 0.08),
    ),
    "despair": (("admission", 0.45), ("worry", 0.2)),
    "worry": (("admission", 0.25), ("failure_analysis", 0.1)),
    "failure_analysis": (("admission", 0.4), ("defiance", 0.2), ("worry", 0.15), ("despair", 0.08)),
    "consolation": (("defiance", 0.35), ("admission", 0.2)),
    "defiance": (("admission", 0.35), ("incitement", 0.12), ("consolation", 0.1)),
    "rebuke": (("defiance", 0.4), ("consolation", 0.15), ("admission", 0.08)),
    "incitement": (("defiance", 0.25), ("admission", 0.15), ("triumphalism", 0.1)),
    "triumphalism": (("incitement", 0.15),),
}
# Pairs the codebook (or plain sense) keeps apart: the first one wins when it is primary.
_EXCLUSIVE = (
    ("triumphalism", "admission"),
    ("triumphalism", "despair"),
    ("triumphalism", "worry"),
    ("triumphalism", "failure_analysis"),
    ("triumphalism", "consolation"),
    ("triumphalism", "rebuke"),
    ("triumphalism", "defiance"),
    ("despair", "defiance"),
    ("despair", "consolation"),
    ("despair", "rebuke"),
    ("despair", "incitement"),
    ("despair", "triumphalism"),
)

NONE_KINDS: dict[str, dict[str, float]] = {
    "default": dict(
        greeting=2, religious=2, thanks=3, agree=2, offtopic=2, news_link=0.6, spam=0.1
    ),
    "news": dict(news_link=5, thanks=1, greeting=0.5, offtopic=0.5),
    "pious": dict(religious=5, thanks=2, greeting=1.5, agree=0.5),
    "spammer": dict(spam=1),
}


def _multipliers(author: Author, s: DayState) -> dict[str, float]:
    shock = s.shock * author.sensitivity
    wear = s.erosion * author.drift
    has_loss = s.recent_loss is not None
    return {
        "despair": 1 + 14 * shock + max(wear, 0),
        "worry": 1 + 8 * shock + 1.2 * s.threat + 0.8 * max(wear, 0),
        "failure_analysis": (0.3 + 6 * shock + 0.5 * wear) if has_loss else 0.1,
        "admission": (0.15 + 6 * shock + 1.5 * s.threat) if has_loss else 0.2 + 1.5 * s.threat,
        "consolation": 1 + 5 * shock,
        "rebuke": 1 + 5 * shock,
        "defiance": 0.8 + 3 * shock + 0.4 * s.erosion,
        "incitement": 1 + 3 * s.shock,
        "triumphalism": (1 + 3 * s.gain) * max(0.12, 1 - 0.8 * shock - 0.5 * s.erosion),
        "none": 1.9,
    }


def choose_labels(
    rng: random.Random, author: Author, state: DayState, parent: tuple[str, ...] = ()
) -> list[str]:
    """Return the labels of one supporter post (an empty list for a ``none`` post)."""
    base = _BASE[author.archetype]
    mult = _multipliers(author, state)
    weights = {k: v * mult[k] for k, v in base.items()}
    if any(p in _DISTRESS for p in parent):
        for k, f in (("consolation", 3.0), ("rebuke", 2.5)):
            if k in weights:
                weights[k] *= f
    elif "triumphalism" in parent:
        for k, f in (("triumphalism", 1.8), ("incitement", 1.5)):
            if k in weights:
                weights[k] *= f
    primary = _weighted(rng, weights)
    if primary == "none":
        return []
    labels = [primary]
    for label, p in _CO.get(primary, ()):
        boost = 0.4 + min(state.shock, 1.2) if label == "admission" else 1.0
        if rng.random() < p * boost:
            labels.append(label)
    for first, second in _EXCLUSIVE:
        if first in labels and second in labels:
            labels.remove(second if labels.index(first) < labels.index(second) else first)
    if state.recent_loss is None and "admission" in labels and "failure_analysis" in labels:
        labels.remove("failure_analysis")
    return [x for x in LABEL_ORDER if x in labels]


def choose_causes(rng: random.Random, author: Author, state: DayState) -> list[str]:
    """Return the one or two causes a failure analysis names."""
    weights = {c: 1.0 for c in CAUSES if c != "other"}
    for rank, c in enumerate(state.causes):
        weights[c] += 5.0 - rank
    if author.archetype == "pious":
        weights["divine_test"] += 6
    first = _weighted(rng, weights)
    if rng.random() < 0.25:
        weights.pop(first)
        return [first, _weighted(rng, weights)]
    return [first]


def choose_none_kind(rng: random.Random, author: Author, state: DayState) -> str:
    """Return the kind of a ``none`` post (greeting, religious, thanks ...)."""
    kinds = dict(NONE_KINDS.get(author.archetype, NONE_KINDS["default"]))
    if state.season and "religious" in kinds:
        kinds["religious"] *= 3
    return _weighted(rng, kinds)


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    total = sum(weights.values())
    x = rng.random() * total
    for key, w in weights.items():
        x -= w
        if x < 0:
            return key
    return key
