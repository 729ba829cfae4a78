"""Events: the built-in catalogue and user CSV files."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from undertow.errors import EventsError
from undertow.events import load_events


def test_builtin_catalogue_has_the_dated_events() -> None:
    events = load_events("builtin:isis-territory")
    assert len(events) == 35
    by = {(e.date, e.place): e for e in events}
    palmyra = by[(date(2016, 3, 27), "Palmyra (Tadmur)")]
    assert palmyra.type == "isis_loss" and palmyra.is_loss
    assert palmyra.source  # each date carries its citation
    assert by[(date(2016, 6, 26), "Fallujah")].is_loss
    assert [e.date for e in events] == sorted(e.date for e in events)


@pytest.mark.shared
def test_builtin_catalogue_matches_the_shared_events_file(shared) -> None:
    path = shared.path("events", "isis_territorial_events_2014_2019.csv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    ours = {(e.date.isoformat(), e.place, e.type) for e in load_events("builtin:isis-territory")}
    assert ours == {(r["date"], r["place"], r["event_type"]) for r in rows}


def test_user_csv_and_its_errors(tmp_path: Path) -> None:
    good = tmp_path / "ev.csv"
    good.write_text("date,place,type,description,source\n2016-03-27,Palmyra,isis_loss,x,y\n")
    (ev,) = load_events(good)
    assert ev.date == date(2016, 3, 27) and ev.place == "Palmyra"
    bad = tmp_path / "bad.csv"
    bad.write_text("date,place\n2016-03-27,A\n27/03/2016,B\n")
    with pytest.raises(EventsError, match=r"bad.csv, line 3"):
        load_events(bad)
    with pytest.raises(EventsError, match="lacks the column"):
        (tmp_path / "nocol.csv").write_text("when,where\n")
        load_events(tmp_path / "nocol.csv")
    with pytest.raises(EventsError, match="builtin:isis-territory"):
        load_events("builtin:nope")
    with pytest.raises(EventsError, match="does not exist"):
        load_events(tmp_path / "missing.csv")
