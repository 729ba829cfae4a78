"""Scenarios of the simulator: a timeline of events, base rates per stance, planted shifts.

Every scenario runs 336 days (48 weeks) from Monday 2016-01-04 with six events seven weeks
apart at the fictional towns of the demo world (:mod:`undertow.demo.world`), so that the 14-day
windows of two events never overlap and every segment between shifts is at least six weeks long.

* ``default``: supporter distress share rises by 4, 7 and 10 points after three losses and
  falls by 7 points after the gain; one loss moves nothing (a null event inside the scenario);
  supporter volume (180 posts a day) falls by 35% after one loss and rises by 40% after the
  last; the official channel's output (40 posts a day) falls by 40% after each of two losses,
  while its voice (every label rate) stays the same. Every event's town is named more often
  for three weeks after it (a transient).
* ``null``: the same events, and nothing changes at any of them (not even the mentions of the
  event's town).
* ``lagged``: the shifts of ``default``, each starting 2 to 6 days after its event (the lag is
  drawn per shift from the seed).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from undertow.errors import InputError

START = date(2016, 1, 4)
DAYS = 336
EVENT_OFFSETS = (42, 91, 140, 189, 238, 287)


@dataclass(frozen=True, slots=True)
class StanceSpec:
    """The base of one stance: posts a day and the probability of each label on a post.

    ``distress`` is the probability that a post is coded despair or worry (``despair_part`` of
    them despair, the rest worry); the other rates are per label. ``mention`` is the chance
    that a post names the place of the last event on the event day, decaying with ``e``-fold
    time ``mention_days`` (``mention_base`` on any day, naming a random town).
    """

    volume: float
    sources: tuple[tuple[str, float, int], ...]  # (source, share of posts, authors)
    distress: float
    defiance: float
    triumphalism: float
    admission: float
    incitement: float
    consolation: float
    rebuke: float
    failure_analysis: float
    despair_part: float = 0.4
    arabic: float = 0.3
    mention: float = 0.08
    mention_days: float = 7.0
    mention_base: float = 0.002


@dataclass(frozen=True, slots=True)
class Shift:
    """A planted step: at an event (1-based), from ``lag`` days after it, for one stance.

    ``measure`` is ``distress_share`` (``size`` added to the probability) or ``volume``
    (posts a day multiplied by ``factor``). ``lag`` is ``(lo, hi)``: drawn per seed, inclusive.
    """

    event: int
    stance: str
    measure: str
    size: float = 0.0
    factor: float = 1.0
    lag: tuple[int, int] = (0, 0)


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named scenario (see the module doc)."""

    name: str
    description: str
    events: tuple[tuple[int, str, str], ...]  # (day offset, place key, event type)
    stances: dict[str, StanceSpec] = field(default_factory=dict)
    shifts: tuple[Shift, ...] = ()
    start: date = START
    days: int = DAYS
    dispersion: float = 30.0  # negative binomial shape of daily volume (variance mu + mu^2/k)
    day_noise: float = 0.1  # sd of each rate's day effect on the logit scale


SUPPORTER = StanceSpec(
    volume=180.0,
    sources=(("sim-forum", 0.6, 300), ("sim-channel", 0.4, 90)),
    distress=0.10,
    defiance=0.14,
    triumphalism=0.14,
    admission=0.04,
    incitement=0.03,
    consolation=0.04,
    rebuke=0.02,
    failure_analysis=0.03,
)
OFFICIAL = StanceSpec(
    volume=40.0,
    sources=(("sim-official", 1.0, 2),),
    distress=0.01,
    defiance=0.10,
    triumphalism=0.35,
    admission=0.01,
    incitement=0.12,
    consolation=0.02,
    rebuke=0.0,
    failure_analysis=0.005,
    arabic=0.5,
    mention=0.15,
)
EVENTS = tuple(
    zip(
        EVENT_OFFSETS,
        (
            "qasr_al_nahr",
            "jisr_al_ghurab",
            "bir_al_qamar",
            "dayr_al_sanabil",
            "suq_al_hajar",
            "hamrat_al_wadi",
        ),
        ("isis_loss", "isis_loss", "isis_gain", "isis_loss", "isis_loss", "isis_loss"),
        strict=True,
    )
)
DEFAULT_SHIFTS = (
    Shift(1, "supporter", "distress_share", size=0.04),
    Shift(2, "supporter", "distress_share", size=0.07),
    Shift(2, "supporter", "volume", factor=0.65),
    Shift(3, "supporter", "distress_share", size=-0.07),
    Shift(5, "supporter", "distress_share", size=0.10),
    Shift(5, "official", "volume", factor=0.6),
    Shift(6, "official", "volume", factor=0.6),
    Shift(6, "supporter", "volume", factor=1.4),
)
_BASE = {"supporter": SUPPORTER, "official": OFFICIAL}

SCENARIOS: dict[str, Scenario] = {
    "default": Scenario(
        "default",
        "Six events; supporter distress shifts of +4, +7, -7 and +10 points at four of them; "
        "supporter volume -35% and +40%; official output -40% twice; official voice stable.",
        EVENTS,
        _BASE,
        DEFAULT_SHIFTS,
    ),
    "null": Scenario(
        "null",
        "Six events and no shift at any of them: every rate, volume and mention rate constant.",
        EVENTS,
        {k: replace(v, mention=0.0) for k, v in _BASE.items()},
        (),
    ),
    "lagged": Scenario(
        "lagged",
        "The shifts of the default scenario, each starting 2 to 6 days after its event.",
        EVENTS,
        _BASE,
        tuple(replace(s, lag=(2, 6)) for s in DEFAULT_SHIFTS),
    ),
}


def get_scenario(name: str | Scenario) -> Scenario:
    """Return a scenario by name (or the scenario itself)."""
    if isinstance(name, Scenario):
        return name
    if name not in SCENARIOS:
        raise InputError(f"Unknown scenario {name!r}; use one of: {', '.join(SCENARIOS)}.")
    return SCENARIOS[name]
