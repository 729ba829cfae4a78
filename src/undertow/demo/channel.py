"""The movement's official channel, as a Telegram Desktop export of one public channel.

Messages are English or Arabic (about 40/60). The official voice stays triumphant throughout:
combat bulletins, steadfastness, threats, release notices; never an admission or distress. Its
volume shrinks with the territory held: about eight messages a day at the height, about one a
day after the region is declared lost. Some messages carry Telegram entities (a hashtag header,
a bold first line, a link) and are exported as a list of strings and entity objects, the rest
as plain strings; a few ``pin_message`` service messages are mixed in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from undertow.demo.phrases_channel import BANKS, HEADERS, TITLES
from undertow.demo.template import render
from undertow.demo.world import ACTORS, ENEMIES, OWN_UNITS, PLACES, DayState, day_state, days

__all__ = ["CHANNEL_ID", "CHANNEL_NAME", "ChannelMessage", "generate_channel", "official_rate"]

CHANNEL_ID = 1600000001
CHANNEL_NAME = "Sada al-Dawla | صدى الدولة (synthetic demo)"
FROM_ID = f"channel{CHANNEL_ID}"


@dataclass(slots=True)
class ChannelMessage:
    """One channel message: its export object and what its generator intended."""

    id: int
    date: datetime
    pieces: list[tuple[str, str]]
    lang: str
    labels: list[str]
    incitement: dict[str, str] | None = None

    @property
    def flat_text(self) -> str:
        """The text as a reader joins it."""
        return "".join(t for _, t in self.pieces)

    def record(self) -> dict:
        """The message object of the export."""
        parts: list = []
        for kind, text in self.pieces:
            if kind == "plain":
                if parts and isinstance(parts[-1], str):
                    parts[-1] += text
                else:
                    parts.append(text)
            else:
                parts.append({"type": kind, "text": text})
        value = parts[0] if len(parts) == 1 and isinstance(parts[0], str) else parts
        return {
            "id": self.id,
            "type": "message",
            "date": self.date.strftime("%Y-%m-%dT%H:%M:%S"),
            "date_unixtime": str(int(self.date.timestamp())),
            "from": CHANNEL_NAME,
            "from_id": FROM_ID,
            "text": value,
        }


def official_rate(state: DayState) -> float:
    """Messages a day at full size: 1 + 7 x the share of territory held above the last town."""
    return 1.0 + 7.0 * min(1.0, max(0.0, state.territory - 0.2))


def generate_channel(rng: random.Random, scale: float) -> tuple[dict, list[ChannelMessage]]:
    """Return the export document and its messages (ids assigned, in time order)."""
    msgs: list[ChannelMessage] = []
    for d in days():
        state = day_state(d)
        lam = official_rate(state) * scale
        n = int(lam) + (1 if rng.random() < lam - int(lam) else 0)
        for _ in range(n):
            at = datetime.combine(d, time(0), UTC) + timedelta(
                seconds=rng.randrange(5 * 3600, 86399)
            )
            msgs.append(_message(rng, state, at))
    msgs.sort(key=lambda m: m.date)
    pins = sorted(rng.sample(range(len(msgs)), min(4, len(msgs))))
    out: list[dict] = []
    next_id = 1
    for i, m in enumerate(msgs):
        m.id = next_id
        next_id += 1
        out.append(m.record())
        if i in pins:
            at = m.date + timedelta(seconds=rng.randrange(60, 600))
            out.append(
                {
                    "id": next_id,
                    "type": "service",
                    "date": at.strftime("%Y-%m-%dT%H:%M:%S"),
                    "date_unixtime": str(int(at.timestamp())),
                    "actor": CHANNEL_NAME,
                    "actor_id": FROM_ID,
                    "action": "pin_message",
                    "message_id": m.id,
                    "text": "",
                }
            )
            next_id += 1
    export = {"name": CHANNEL_NAME, "type": "public_channel", "id": CHANNEL_ID, "messages": out}
    return export, msgs


def _message(rng: random.Random, state: DayState, at: datetime) -> ChannelMessage:
    lang = "ar" if rng.random() < 0.6 else "en"
    weights = {
        "triumphalism": 0.58,
        "defiance": 0.1 + 0.1 * min(state.shock, 1.0),
        "incitement": 0.05 + 0.04 * min(state.shock, 1.0),
        "none": 0.22,
    }
    kind = rng.choices(list(weights), list(weights.values()))[0]
    slots, target = _slots(rng, lang, state)
    labels = [] if kind == "none" else [kind]
    first = rng.choice(BANKS[(lang, kind)])
    clauses = [render(first.text, rng, slots)]
    threat = "T" in first.tags
    if kind == "triumphalism" and rng.random() < 0.25:
        clauses.append(render(rng.choice(BANKS[(lang, "triumphalism")]).text, rng, slots))
    if kind in ("triumphalism", "defiance") and rng.random() < 0.05:
        extra = rng.choice(BANKS[(lang, "incitement")])
        clauses.append(render(extra.text, rng, slots))
        labels.append("incitement")
        threat = "T" in extra.tags
    pieces: list[tuple[str, str]] = []
    if kind != "none" and rng.random() < 0.7:
        pieces += [("hashtag", rng.choice(HEADERS[lang])), ("plain", "\n")]
    sep = "، " if lang == "ar" else ". "
    if len(clauses) > 1 and rng.random() < 0.5:
        pieces += [("bold", clauses[0]), ("plain", "\n" + sep.join(clauses[1:]))]
    else:
        pieces.append(("plain", sep.join(clauses)))
    text = pieces[-1][1]
    if "https://" in text:
        head, _, url = text.rpartition(" ")
        pieces[-1] = ("plain", head + " ")
        pieces.append(("link", url))
    incitement = None
    if "incitement" in labels:
        incitement = {"target": target, "form": "threat" if threat else "explicit_call"}
    return ChannelMessage(0, at, pieces, lang, labels, incitement)


def _slots(rng: random.Random, lang: str, state: DayState) -> tuple[dict, str]:
    places = list(state.held) + ([state.recent_loss] if state.recent_loss else [])
    target_key = rng.choice(ENEMIES)
    actor = ACTORS[target_key]

    def place() -> str:
        p = PLACES[rng.choice(places)]
        return rng.choice(p.en if lang == "en" else p.ar)

    def hostile(keys):
        return lambda: rng.choice(
            ACTORS[rng.choice(keys)].en_hostile
            if lang == "en"
            else ACTORS[rng.choice(keys)].ar_hostile
        )

    return {
        "place": place,
        "army": hostile(("federal_army", "federal_army", "valley_brigades")),
        "coalition": hostile(("coalition",)),
        "unit": lambda: rng.choice(
            ACTORS[rng.choice(OWN_UNITS)].en if lang == "en" else ACTORS[rng.choice(OWN_UNITS)].ar
        ),
        "tgt": rng.choice(actor.en_hostile if lang == "en" else actor.ar_hostile),
        "n": lambda: str(rng.choice((2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 16, 19, 24, 35))),
        "title": lambda: render(TITLES[lang][0].text, rng, {}),
        "id": lambda: f"{rng.randrange(16**6):06x}",
    }, actor.name
