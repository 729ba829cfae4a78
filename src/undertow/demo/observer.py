"""The observer news wire: neutral English reports of the timeline, in the forum JSONL layout.

Each event gets a story (a thread) of a few reports around its date; routine reports (air
strikes, the group's unverified claims, refugees, prices, supporters' mood seen from outside)
come in between. Every report is intended ``none``: an observer reporting losses, claims or
supporters' dismay speaks no morale of the movement.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from undertow.demo.forum import ForumPost
from undertow.demo.phrases_observer import CONTEXT, LEADS, OUTLETS
from undertow.demo.template import render
from undertow.demo.world import ACTORS, END, EVENTS, PLACES, START, day_state, days

__all__ = ["generate_observer"]

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def generate_observer(rng: random.Random, scale: float) -> list[ForumPost]:
    """Return the wire's reports, sorted by time, with ids ``obs-000001`` ..."""
    drafts: list[tuple[datetime, str, str]] = []
    for n, ev in enumerate(EVENTS, 1):
        story = f"obs-story-{n:02d}"
        count = max(2, round(rng.uniform(8, 14) * scale))
        for _ in range(count):
            offset = (
                round(rng.triangular(-1, 10, 1))
                if ev.type != "offensive_start"
                else (rng.randrange(0, 8))
            )
            d = ev.date + timedelta(offset)
            kind = ev.type if rng.random() < 0.6 or offset <= 1 else "routine"
            drafts.append((_at(rng, d), story, _report(rng, kind, ev.place, d)))
    for d in days():
        if rng.random() < 0.3 * scale:
            state = day_state(d)
            place = rng.choice([*state.held, *([state.recent_loss] if state.recent_loss else [])])
            drafts.append((_at(rng, d), "", _report(rng, "routine", place, d)))
    drafts.sort(key=lambda t: t[0])
    posts = []
    for i, (at, story, text) in enumerate(drafts, 1):
        pid = f"obs-{i:06d}"
        posts.append(
            ForumPost(
                pid, story or f"obs-story-r{i:05d}", None, rng.choice(OUTLETS), at, text, "en", []
            )
        )
    return posts


def _at(rng: random.Random, d) -> datetime:
    d = min(max(d, START), END)
    return datetime.combine(d, time(0), UTC) + timedelta(seconds=rng.randrange(6 * 3600, 86000))


def _report(rng: random.Random, kind: str, place_key: str, d) -> str:
    place = PLACES[place_key]
    army = "valley_brigades" if place_key == "bir_al_qamar" else "federal_army"
    region = place if place.kind == "region" else PLACES["marj_al_ramad"]
    if place.kind == "region":
        place = PLACES[rng.choice(("dayr_al_sanabil", "suq_al_hajar"))]
    slots = {
        "place": lambda: place.en[0] if rng.random() < 0.7 else rng.choice(place.en),
        "region": region.en[0],
        "army": lambda: rng.choice(ACTORS[army].en),
        "militia": lambda: rng.choice(ACTORS["valley_brigades"].en),
        "coalition": "the Coalition",
        "n": lambda: str(rng.choice((2, 3, 4, 5, 6, 8, 11, 14, 17, 22, 31))),
        "weekday": _WEEKDAYS[d.weekday()],
    }
    sentences = [render(rng.choice(LEADS[kind]).text, rng, slots)]
    for entry in rng.sample(CONTEXT, rng.choice((0, 1, 1, 2))):
        sentences.append(render(entry.text, rng, slots))
    return " ".join(s[0].upper() + s[1:] + ("" if s.endswith(".") else ".") for s in sentences)
