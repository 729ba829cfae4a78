"""Change points: PELT against ruptures, the penalty rule's null rate, intervals, the scan."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undertow.events import Event
from undertow.measure.changepoints import (
    MIN_SIZE,
    PENALTY_FACTOR,
    _Cumsums,
    daily_series,
    detect,
    nearest_event,
    noise_variance,
    pelt,
    penalty_for,
)


def _total(y: np.ndarray, w: np.ndarray, cps: list[int], pen: float) -> float:
    cs = _Cumsums(y, w)
    bounds = [0, *cps, y.size]
    return sum(float(cs.cost(a, b)) for a, b in pairwise(bounds)) + pen * len(cps)


def test_pelt_agrees_with_ruptures_on_a_fixed_signal():
    rpt = pytest.importorskip("ruptures")
    y = np.r_[np.zeros(30), np.full(25, 3.0), np.full(30, -1.0)]
    y = y + np.random.default_rng(0).normal(0, 1, y.size)
    expected = rpt.Pelt(model="l2", min_size=5, jump=1).fit(y).predict(pen=10.0)[:-1]
    assert pelt(y, np.ones(y.size), 10.0, 5) == expected == [30, 55]


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(30, 160),
    m=st.integers(1, 8),
    pen=st.floats(1.0, 30.0),
)
def test_pelt_finds_the_same_segmentation_as_ruptures(seed, n, m, pen):
    rpt = pytest.importorskip("ruptures")
    rng = np.random.default_rng(seed)
    y = rng.normal(0, 1, n)
    for c in sorted(rng.choice(np.arange(10, n - 10), size=int(rng.integers(0, 3)), replace=False)):
        y[c:] += rng.normal(0, 3)
    ours = pelt(y, np.ones(n), pen, m)
    theirs = rpt.Pelt(model="l2", min_size=m, jump=1).fit(y).predict(pen=pen)[:-1]
    # same optimum (ties between equal-cost segmentations may be broken differently)
    assert _total(y, np.ones(n), ours, pen) == pytest.approx(_total(y, np.ones(n), theirs, pen))


def test_pelt_respects_the_minimum_segment_length():
    y = np.r_[np.zeros(20), np.full(3, 50.0), np.zeros(20)]
    cps = pelt(y, np.ones(y.size), 1.0, 7)
    bounds = [0, *cps, y.size]
    assert all(b - a >= 7 for a, b in pairwise(bounds))


def test_weights_count_days_by_their_posts():
    # a day with weight 0 carries no information: the same result with it removed
    rng = np.random.default_rng(3)
    y = np.r_[rng.normal(0, 0.1, 40), rng.normal(1, 0.1, 40)]
    w = np.ones(80)
    w[10] = 0.0
    y[10] = 99.0  # ignored
    changes, _, _ = detect(y, w)
    assert [c.index for c in changes] == [40]


def test_a_clear_step_is_found_with_its_size_and_intervals():
    rng = np.random.default_rng(1)
    n = rng.poisson(150, 200)
    p = np.where(np.arange(200) < 120, 0.10, 0.16)
    k = rng.binomial(n, p)
    y, w, floor = daily_series({"n": n, "distress_share": k}, "distress_share")
    changes, sigma2, pen = detect(y, w, floor=floor)
    assert len(changes) == 1
    c = changes[0]
    assert abs(c.index - 120) <= 3
    assert c.lo <= 120 <= c.hi
    assert c.delta == pytest.approx(0.06, abs=0.015)
    assert c.delta_lo < 0.06 < c.delta_hi
    assert pen == pytest.approx(PENALTY_FACTOR * sigma2 * np.log(200))


def test_the_noise_estimate_ignores_a_step_and_respects_its_floor():
    rng = np.random.default_rng(2)
    y = np.r_[rng.normal(0, 1, 100), rng.normal(10, 1, 100)]
    assert noise_variance(y, np.ones(200)) == pytest.approx(1.0, rel=0.3)
    assert noise_variance(np.zeros(50), np.ones(50), floor=0.25) == 0.25
    assert penalty_for(2.0, 100) == pytest.approx(PENALTY_FACTOR * 2.0 * np.log(100))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "mu", "p"),
    [("share", 150, 0.1), ("share", 30, 0.01), ("volume", 150, None), ("volume", 4, None)],
)
def test_the_penalty_rule_keeps_null_series_almost_free_of_change_points(kind, mu, p):
    """Without any change, a 300-day series gets a change point in under ~3% of cases."""
    rng = np.random.default_rng(11)
    hits = 0
    runs = 150
    for _ in range(runs):
        n = rng.poisson(rng.gamma(30, mu / 30, 300))
        if kind == "volume":
            counts = {"n": n}
            measure = "volume"
        else:
            day_p = 1 / (1 + np.exp(-(np.log(p / (1 - p)) + rng.normal(0, 0.1, 300))))
            counts = {"n": n, "distress_share": rng.binomial(n, day_p)}
            measure = "distress_share"
        y, w, floor = daily_series(counts, measure)
        hits += bool(detect(y, w, floor=floor)[0])
    assert hits / runs <= 0.04


def test_series_too_short_for_two_segments_have_no_change():
    assert detect(np.r_[np.zeros(6), np.ones(6)], np.ones(12))[0] == []
    assert pelt(np.zeros(2 * MIN_SIZE - 1), np.ones(2 * MIN_SIZE - 1), 1.0) == []


def test_nearest_event_is_signed_in_days():
    d0 = date(2016, 3, 27)
    events = [Event(d0, "Palmyra (Tadmur)", "isis_loss"), Event(d0 + timedelta(30), "Hit")]
    near = nearest_event(d0 + timedelta(days=4), events)
    assert near == {
        "event": 1,
        "date": "2016-03-27",
        "place": "Palmyra (Tadmur)",
        "type": "isis_loss",
        "days": 4,
    }
    assert nearest_event(d0 - timedelta(days=2), events)["days"] == -2
    assert nearest_event(d0, []) is None
