"""The fictional world of the demo: places, actors and a scripted timeline of events.

Everything here is invented. "The State" (الدولة) is a fictional insurgent movement holding
fictional towns in a fictional region; its enemies are a fictional coalition, army and militia.
The timeline runs 14 months (2016-01-01 to 2017-02-28) with seven dated events: one gain early
on, two offensives each followed by the loss of the town, a third loss after a siege, and the
declared defeat of the whole region late. :func:`day_state` turns the timeline into the mood
drivers the generator reads for any day (shock after losses, threat during offensives, the
afterglow of the gain, erosion as losses add up).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

__all__ = [
    "ACTORS",
    "END",
    "EVENTS",
    "PLACES",
    "START",
    "Actor",
    "DayState",
    "Place",
    "TimelineEvent",
    "day_state",
    "days",
]

START = date(2016, 1, 1)
END = date(2017, 2, 28)


@dataclass(frozen=True, slots=True)
class Place:
    """A fictional town or region with its English spellings and Arabic names."""

    key: str
    kind: str
    en: tuple[str, ...]
    ar: tuple[str, ...]
    region: str | None = None

    @property
    def name(self) -> str:
        """The canonical English name."""
        return self.en[0]


@dataclass(frozen=True, slots=True)
class Actor:
    """A fictional armed actor: neutral names (observers) and hostile names (supporters)."""

    key: str
    kind: str
    en: tuple[str, ...]
    ar: tuple[str, ...]
    en_hostile: tuple[str, ...]
    ar_hostile: tuple[str, ...]

    @property
    def name(self) -> str:
        """The canonical English name."""
        return self.en[0]


PLACES: dict[str, Place] = {
    p.key: p
    for p in (
        Place(
            "qasr_al_nahr",
            "town",
            ("Qasr al-Nahr", "Qasr an-Nahr", "Kasr al-Nahr", "Qasr Alnahr"),
            ("قصر النهر",),
        ),
        Place(
            "jisr_al_ghurab",
            "town",
            ("Jisr al-Ghurab", "Jisr al-Ghorab", "Jisr el-Ghurab", "Jisr Ghurab"),
            ("جسر الغراب",),
        ),
        Place(
            "bir_al_qamar",
            "town",
            ("Bir al-Qamar", "Bir el-Qamar", "Beer al-Qamar", "Bir Alqamar"),
            ("بئر القمر", "بير القمر"),
        ),
        Place(
            "dayr_al_sanabil",
            "town",
            ("Dayr al-Sanabil", "Deir al-Sanabil", "Deir es-Sanabil", "Dair Sanabil"),
            ("دير السنابل",),
            "marj_al_ramad",
        ),
        Place(
            "suq_al_hajar",
            "town",
            ("Suq al-Hajar", "Souq al-Hajar", "Suk el-Hajar", "Souk Alhajar"),
            ("سوق الحجر",),
            "marj_al_ramad",
        ),
        Place(
            "hamrat_al_wadi",
            "town",
            ("Hamrat al-Wadi", "Hamrat el-Wadi", "Hamra al-Wadi", "Hamrat Alwadi"),
            ("حمرة الوادي", "حمرة الواد"),
        ),
        Place(
            "marj_al_ramad",
            "region",
            ("Marj al-Ramad", "Marj ar-Ramad", "Marj el-Ramad"),
            ("مرج الرماد",),
        ),
    )
}

ACTORS: dict[str, Actor] = {
    a.key: a
    for a in (
        Actor(
            "coalition",
            "coalition",
            ("the Coalition", "Coalition forces"),
            ("التحالف", "قوات التحالف"),
            (
                "the crusader coalition",
                "the crusaders",
                "the coalition of nations",
                "the Coalition",
            ),
            ("التحالف الصليبي", "الصليبيين", "تحالف الصليب", "التحالف"),
        ),
        Actor(
            "federal_army",
            "army",
            ("the Federal Army", "government forces"),
            ("الجيش الاتحادي", "القوات الحكومية"),
            (
                "the apostate army",
                "the Federal Army",
                "the murtadd army",
                "the army of the tyrants",
            ),
            ("الجيش المرتد", "جيش الردة", "المرتدين", "الجيش الاتحادي"),
        ),
        Actor(
            "valley_brigades",
            "militia",
            ("the Valley Brigades", "Saraya al-Wadi"),
            ("سرايا الوادي",),
            (
                "the Valley Brigades",
                "the Saraya al-Wadi militia",
                "the militia of the Valley",
                "the Valley militia dogs",
            ),
            ("سرايا الوادي", "ميليشيا الوادي", "ميليشيات الوادي", "كلاب سرايا الوادي"),
        ),
        Actor(
            "sawaiq_battalion",
            "own_unit",
            ("the Sawaiq Battalion", "Katibat al-Sawaiq"),
            ("كتيبة الصواعق",),
            ("the Sawaiq Battalion", "the lions of the Sawaiq Battalion", "Katibat al-Sawaiq"),
            ("كتيبة الصواعق", "أسود كتيبة الصواعق"),
        ),
        Actor(
            "ghadab_brigade",
            "own_unit",
            ("the Ghadab Brigade", "Liwa al-Ghadab"),
            ("لواء الغضب",),
            ("the Ghadab Brigade", "the lions of Liwa al-Ghadab", "Liwa al-Ghadab"),
            ("لواء الغضب", "أسود لواء الغضب"),
        ),
    )
}

ENEMIES: tuple[str, ...] = ("coalition", "federal_army", "valley_brigades")
OWN_UNITS: tuple[str, ...] = ("sawaiq_battalion", "ghadab_brigade")


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One scripted event; ``causes`` are the failure causes supporters will blame most."""

    date: date
    place: str
    type: str
    description: str
    amplitude: float = 0.0
    causes: tuple[str, ...] = ()


EVENTS: tuple[TimelineEvent, ...] = (
    TimelineEvent(
        date(2016, 2, 14),
        "suq_al_hajar",
        "isis_gain",
        "The State seizes Suq al-Hajar from the Valley Brigades militia.",
    ),
    TimelineEvent(
        date(2016, 3, 28),
        "qasr_al_nahr",
        "offensive_start",
        "The Federal Army, backed by Coalition air strikes, attacks Qasr al-Nahr.",
        0.35,
    ),
    TimelineEvent(
        date(2016, 4, 22),
        "qasr_al_nahr",
        "isis_loss",
        "The Federal Army retakes Qasr al-Nahr.",
        1.0,
        ("air_power", "enemy_numbers", "underestimation"),
    ),
    TimelineEvent(
        date(2016, 7, 4),
        "jisr_al_ghurab",
        "offensive_start",
        "The Federal Army and the Valley Brigades attack Jisr al-Ghurab.",
        0.35,
    ),
    TimelineEvent(
        date(2016, 7, 29),
        "jisr_al_ghurab",
        "isis_loss",
        "Jisr al-Ghurab is retaken by the Federal Army and the Valley Brigades.",
        1.1,
        ("betrayal", "weapons_shortage", "air_power"),
    ),
    TimelineEvent(
        date(2016, 10, 14),
        "bir_al_qamar",
        "isis_loss",
        "The Valley Brigades take Bir al-Qamar after a six-week siege.",
        1.0,
        ("siege", "popular_support", "fortification"),
    ),
    TimelineEvent(
        date(2017, 1, 24),
        "marj_al_ramad",
        "declared_defeat",
        "The government declares the Marj al-Ramad region cleared of the State.",
        1.4,
        ("leadership", "divine_test", "enemy_numbers"),
    ),
)

_LOSS_TYPES = ("isis_loss", "declared_defeat")
_INITIAL = ("qasr_al_nahr", "jisr_al_ghurab", "bir_al_qamar", "dayr_al_sanabil", "hamrat_al_wadi")


@dataclass(frozen=True, slots=True)
class DayState:
    """What the timeline means for one day.

    ``shock`` rises within days of a loss and fades over about three weeks; ``threat`` is
    positive while an offensive is under way; ``gain`` is the afterglow of the gain; ``erosion``
    grows with each loss and never recovers; ``territory`` is the share of the initial towns
    still held (it may pass 1 after the gain).
    """

    day: date
    shock: float
    threat: float
    gain: float
    erosion: float
    territory: float
    held: tuple[str, ...]
    recent_loss: str | None
    days_since_loss: int | None
    target: str
    gained: str | None
    causes: tuple[str, ...]
    season: str | None


def days() -> list[date]:
    """Every day of the timeline, first to last."""
    return [START + timedelta(n) for n in range((END - START).days + 1)]


def _kernel(x: float) -> float:
    return 0.0 if x < 0 else (1.0 - math.exp(-x / 2.0)) * math.exp(-x / 10.0) * 1.6


def _lost_by(d: date) -> list[str]:
    lost: list[str] = []
    for ev in EVENTS:
        if ev.type in _LOSS_TYPES and ev.date <= d:
            lost.append(ev.place)
            region = PLACES[ev.place]
            if region.kind == "region":
                lost.extend(p.key for p in PLACES.values() if p.region == region.key)
    return lost


@lru_cache(maxsize=1024)
def day_state(d: date) -> DayState:
    """Return the mood drivers and the places in play on day ``d``."""
    shock = threat = gain = 0.0
    erosion = 0.0
    recent: TimelineEvent | None = None
    gained = None
    for i, ev in enumerate(EVENTS):
        x = (d - ev.date).days
        if ev.type in _LOSS_TYPES:
            shock += ev.amplitude * _kernel(x)
            if x >= 0:
                erosion += 0.18
                recent = ev
        elif ev.type == "offensive_start":
            end = next((e.date for e in EVENTS[i + 1 :] if e.place == ev.place), ev.date)
            if ev.date <= d < end:
                threat += ev.amplitude * min(1.0, (x + 3) / 10)
        elif ev.type == "isis_gain" and x >= 0:
            gain += math.exp(-x / 12.0)
            gained = ev.place
    lost = _lost_by(d)
    gains = [ev.place for ev in EVENTS if ev.type == "isis_gain" and ev.date <= d]
    held = tuple(p for p in (*_INITIAL, *gains) if p not in lost)
    future = [ev for ev in EVENTS if ev.type in ("isis_loss", "offensive_start") and ev.date > d]
    target = future[0].place if future else "hamrat_al_wadi"
    if PLACES[target].kind == "region" or target not in held:
        target = held[0] if held else "hamrat_al_wadi"
    return DayState(
        day=d,
        shock=shock,
        threat=threat,
        gain=gain if gained else 0.0,
        erosion=min(erosion, 0.8),
        territory=len([p for p in held if p in _INITIAL or p in gains]) / len(_INITIAL),
        held=held or ("hamrat_al_wadi",),
        recent_loss=recent.place if recent else None,
        days_since_loss=(d - recent.date).days if recent else None,
        target=target,
        gained=gained if gain > 0.05 and gained in held else None,
        causes=recent.causes if recent else ("air_power", "enemy_numbers"),
        season=_season(d),
    )


def _season(d: date) -> str | None:
    if date(2016, 6, 6) <= d <= date(2016, 7, 5):
        return "ramadan"
    if date(2016, 7, 6) <= d <= date(2016, 7, 9) or date(2016, 9, 11) <= d <= date(2016, 9, 14):
        return "eid"
    return None


def events_csv_rows() -> list[dict[str, str]]:
    """The timeline as rows of ``events.csv``."""
    return [
        {
            "date": ev.date.isoformat(),
            "place": PLACES[ev.place].name,
            "type": ev.type,
            "description": ev.description,
            "source": "synthetic demo timeline",
        }
        for ev in EVENTS
    ]
