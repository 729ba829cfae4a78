"""Dated events (territorial gains and losses) that measures are read against.

An events file is a CSV with the columns ``date, place, type, description, source`` (extra
columns are kept in ``extra``). ``builtin:NAME`` loads a catalogue shipped with the package
(``builtin:isis-territory``: 35 territorial events 2014–2019 with the citation of each date).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from undertow.errors import EventsError

EVENT_TYPES: tuple[str, ...] = (
    "isis_gain",
    "isis_loss",
    "isis_loss_partial",
    "offensive_start",
    "declared_defeat",
    "other",
)
BUILTIN: dict[str, str] = {"isis-territory": "isis_territory_events.csv"}
REQUIRED = ("date", "place")


@dataclass(slots=True, frozen=True)
class Event:
    """One dated event."""

    date: date
    place: str
    type: str = "other"
    description: str = ""
    source: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_loss(self) -> bool:
        """True for events in which the movement lost ground."""
        return self.type in ("isis_loss", "isis_loss_partial", "declared_defeat")


def load_events(spec: str | Path) -> list[Event]:
    """Load events from a CSV path or a ``builtin:NAME`` catalogue, sorted by date."""
    text_spec = str(spec)
    if text_spec.startswith("builtin:"):
        name = text_spec.split(":", 1)[1]
        if name not in BUILTIN:
            known = ", ".join(f"builtin:{k}" for k in BUILTIN)
            raise EventsError(f"Unknown events catalogue {text_spec!r}; use one of: {known}.")
        ref = resources.files("undertow.data").joinpath(BUILTIN[name])
        with ref.open("r", encoding="utf-8") as fh:
            return _parse(fh, text_spec)
    path = Path(spec)
    if not path.is_file():
        raise EventsError(
            f"Events file {path} does not exist; pass a CSV or builtin:isis-territory."
        )
    with path.open("r", encoding="utf-8-sig", newline="") as fh:
        return _parse(fh, str(path))


def _parse(fh, name: str) -> list[Event]:
    reader = csv.DictReader(fh)
    cols = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise EventsError(
            f"{name}: the events CSV lacks the column(s) {', '.join(missing)}; "
            "it needs at least date,place (and optionally type,description,source)."
        )
    events: list[Event] = []
    for lineno, row in enumerate(reader, start=2):
        raw_date = (row.get("date") or "").strip()
        try:
            day = date.fromisoformat(raw_date)
        except ValueError:
            raise EventsError(
                f"{name}, line {lineno}: date {raw_date!r} is not YYYY-MM-DD; fix that line."
            ) from None
        etype = (row.get("type") or row.get("event_type") or "other").strip() or "other"
        known = {"date", "place", "type", "event_type", "description", "source"}
        events.append(
            Event(
                date=day,
                place=(row.get("place") or "").strip(),
                type=etype if etype in EVENT_TYPES else "other",
                description=(row.get("description") or "").strip(),
                source=(row.get("source") or "").strip(),
                extra={k: v for k, v in row.items() if k not in known and k and v},
            )
        )
    events.sort(key=lambda e: e.date)
    return events
