"""``measure``: the JSON of series, events, change points and gap; the summary; real data."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pyarrow as pa
import pytest

from undertow.errors import InputError
from undertow.events import Event
from undertow.measure.daily import day_table
from undertow.measure.periods import SERIES_MEASURES, period_codes, series_rows
from undertow.measure.run import compute, measure, summarize

D0 = date(2016, 1, 4)  # a Monday
POSTS = pa.schema(
    [("id", pa.string()), ("source", pa.string()), ("stance", pa.string()),
     ("created_at", pa.timestamp("us", tz="UTC")), ("text", pa.string())]
)  # fmt: skip
LABELS = pa.schema([("post_id", pa.string()), ("label", pa.string()), ("detail", pa.string())])


def corpus(days: int = 84, seed: int = 0, shift_day: int | None = 42):
    """Supporters on two sources (40 posts a day) and an official channel (8 a day)."""
    rng = np.random.default_rng(seed)
    posts, labels = [], []
    for d in range(days):
        when = datetime(D0.year, D0.month, D0.day, 9, tzinfo=UTC) + timedelta(days=d)
        for stance, n, src in (("supporter", 40, ("forum", "channel")), ("official", 8, ("amaq",))):
            for i in range(n):
                pid = f"{stance}-{d}-{i}"
                text = "about Mosul" if i == 0 else "x"
                posts.append({"id": pid, "source": src[i % len(src)], "stance": stance,
                              "created_at": when, "text": text})  # fmt: skip
                p_distress = 0.05 if stance == "official" else 0.1
                if stance == "supporter" and shift_day is not None and d >= shift_day:
                    p_distress = 0.3
                if rng.random() < p_distress:
                    labels.append({"post_id": pid, "label": "despair", "detail": None})
                if rng.random() < 0.4:
                    labels.append({"post_id": pid, "label": "defiance", "detail": None})
                if rng.random() < 0.05:
                    labels.append({"post_id": pid, "label": "failure_analysis",
                                   "detail": json.dumps({"causes": ["air_power"]})})  # fmt: skip
    return pa.Table.from_pylist(posts, schema=POSTS), pa.Table.from_pylist(labels, schema=LABELS)


EVENT = Event(D0 + timedelta(days=42), "Mosul", "isis_loss")


@pytest.fixture(scope="module")
def result() -> dict:
    p, lab = corpus()
    return compute(p, lab, [EVENT, Event(date(2010, 1, 1), "Before")], window=14)


def test_the_result_has_the_documented_shape_and_is_strict_json(result):
    assert {"meta", "series", "events", "changepoints", "gap", "placebo"} <= set(result)
    text = json.dumps(result, allow_nan=False)
    assert json.loads(text) == result
    ev = next(r for r in result["events"] if r["measure"] == "distress_share"
              and r["stance"] == "supporter")  # fmt: skip
    for key in ("date", "place", "stance", "measure", "before", "after", "delta", "ci", "p",
                "n_before", "n_after"):  # fmt: skip
        assert key in ev
    assert ev["delta"] == pytest.approx(0.2, abs=0.05) and ev["ci"][0] > 0 and ev["p"] < 0.01
    assert ev["n_before"] == ev["n_after"] == 14 * 40
    cp = next(c for c in result["changepoints"] if c["measure"] == "distress_share")
    assert {"date", "stance", "measure", "delta", "nearest_event"} <= set(cp)
    assert abs((date.fromisoformat(cp["date"]) - EVENT.date).days) <= 3
    assert cp["nearest_event"]["place"] == "Mosul"
    assert result["events_outside"] == [{"event": 2, "date": "2010-01-01", "place": "Before"}]


def test_series_rows_per_stance_and_source_with_intervals(result):
    rows = result["series"]
    stance_rows = [r for r in rows if r["by"] == "stance"]
    assert {r["measure"] for r in stance_rows} == set(SERIES_MEASURES)
    assert {r["source"] for r in rows if r["by"] == "source"} == {"forum", "channel"}  # not amaq
    week = next(r for r in stance_rows if r["stance"] == "supporter"
                and r["measure"] == "distress_share" and r["period"] == "2016-01-04")  # fmt: skip
    assert week["n"] == 280 and week["days"] == 7 and not week["too_few"]
    assert week["ci"][0] < week["value"] < week["ci"][1]
    vol = next(r for r in stance_rows if r["stance"] == "official" and r["measure"] == "volume")
    assert vol["value"] == 56 and vol["ci"] is None and not vol["too_few"]
    cause = next(r for r in stance_rows if r["measure"] == "cause:air_power")
    assert cause["k"] == cause["n"]  # every failure analysis names air power here
    assert result["official_volume"][0] == {"period": "2016-01-04", "n": 56, "days": 7}


def test_too_few_posts_are_marked_not_dropped():
    p, lab = corpus(days=14, shift_day=None)
    rows = compute(p, lab, freq="day", min_n=41)["series"]
    sup = [r for r in rows if r["by"] == "stance" and r["stance"] == "supporter"
           and r["measure"] == "distress_share"]  # fmt: skip
    assert len(sup) == 14 and all(r["too_few"] for r in sup)
    assert all(r["value"] is not None for r in sup)


def test_gap_rows_have_intervals(result):
    gap = result["gap"]
    assert len(gap) == 12
    g = gap[0]
    assert g["gap"] == pytest.approx(g["official"] - g["supporter"], abs=1e-6)
    assert g["ci"][0] <= g["gap"] <= g["ci"][1]
    assert g["n_official"] == 56 and g["n_supporter"] == 280


def test_periods_follow_iso_weeks_and_months():
    days = np.array([(date(2016, 3, d) - date(1970, 1, 1)).days for d in (6, 7, 13, 31)])
    weeks = period_codes(days, "week")
    assert [date(1970, 1, 1) + timedelta(int(w)) for w in weeks] == [
        date(2016, 2, 29), date(2016, 3, 7), date(2016, 3, 7), date(2016, 3, 28)
    ]  # fmt: skip
    months = period_codes(days, "month")
    assert len(set(months.tolist())) == 1
    p, lab = corpus(days=40, shift_day=None)
    rows = series_rows(day_table(p, lab), freq="month", rng=np.random.default_rng(0))
    assert {r["period"] for r in rows} == {"2016-01-01", "2016-02-01"}


def test_the_same_seed_gives_the_same_numbers_and_row_order_does_not_matter():
    p, lab = corpus(days=50)
    a = compute(p, lab, [EVENT], seed=3)
    b = compute(p.take(pa.array(np.random.default_rng(1).permutation(p.num_rows))), lab,
                [EVENT], seed=3)  # fmt: skip
    assert a == b


def test_bad_arguments_say_what_to_do():
    p, lab = corpus(days=3, shift_day=None)
    with pytest.raises(InputError, match="window"):
        compute(p, lab, window=1)
    with pytest.raises(InputError, match="period"):
        compute(p, lab, freq="year")
    with pytest.raises(InputError, match="min_n"):
        compute(p, lab, min_n=0)


def test_untimed_and_empty_corpora():
    p, lab = corpus(days=2, shift_day=None)
    untimed = p.set_column(3, "created_at", pa.nulls(p.num_rows, pa.timestamp("us", tz="UTC")))
    r = compute(untimed, lab, [EVENT])
    assert r["meta"]["untimed"] == p.num_rows and r["series"] == [] and r["events"] == []
    assert summarize(r)[0].startswith(f"Measured {p.num_rows:,} posts")


def test_summary_lines_name_effects_changes_and_gap(result):
    lines = summarize(result)
    text = "\n".join(lines)
    assert "Event effects:" in text and "Mosul, supporter: distress share" in text
    assert "95% CI" in text and "n 560 -> 560" in text
    assert "Change points:" in text and "Propaganda gap" in text
    assert "Placebo check" in text


@pytest.mark.slow
@pytest.mark.shared
def test_fifth_tribe_palmyra_event_in_under_30_seconds(tmp_path, shared):
    from undertow.analyzers.registry import load
    from undertow.ingest import ingest
    from undertow.runner import run_analyzer
    from undertow.workspace import Workspace

    csv = shared.path("corpora", "fifthtribe_isis_twitter", "tweets.csv")
    ws = Workspace.create(tmp_path / "ws")
    ingest(ws, csv, source="fifthtribe", stance="supporter")
    for analyzer in load():
        run_analyzer(ws, analyzer)
    started = time.perf_counter()
    r = measure(ws, events="builtin:isis-territory")
    elapsed = time.perf_counter() - started
    assert elapsed < 30, f"measure took {elapsed:.1f} s"
    assert r["meta"]["posts"] == 17_410
    palmyra = {e["measure"]: e for e in r["events"] if e["date"] == "2016-03-27"}
    assert {"admission_rate", "morale_balance", "place_mentions"} <= set(palmyra)
    for row in palmyra.values():
        assert row["n_before"] > 1000 and row["n_after"] > 1000 and row["ci"] is not None
    assert palmyra["place_mentions"]["place_ids"] == ["place:palmyra"]
    assert palmyra["place_mentions"]["k_before"] > 100


@pytest.mark.slow
@pytest.mark.shared
def test_official_video_releases_fall_with_change_points(tmp_path, shared):
    from undertow.ingest import ingest
    from undertow.readers import ReaderOptions
    from undertow.workspace import Workspace

    csv = shared.path("corpora", "isis_official_video_releases", "isis_video_releases_metadata.csv")
    ws = Workspace.create(tmp_path / "vids")
    options = ReaderOptions(column_map={"text": "title", "time": "date"})
    ingest(ws, csv, source="isis-videos", stance="official", fmt="csv", options=options)
    r = measure(ws, freq="month")
    monthly = {v["period"][:7]: v["n"] for v in r["official_volume"]}
    assert all(48 <= monthly[f"2015-{m:02d}"] <= 79 for m in range(1, 13))
    assert monthly["2016-12"] <= 12
    downs = [c for c in r["changepoints"] if c["measure"] == "volume" and c["delta"] < 0]
    assert any("2015-10" <= c["date"] <= "2016-03" for c in downs)
    assert any("2016-06" <= c["date"] <= "2016-12" for c in downs)
