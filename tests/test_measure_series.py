"""Weekly measures with intervals: Wilson, bootstrap of the balance, series, summary, causes."""

from __future__ import annotations

import json
import math
import time
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undertow.analyzers.base import LABELS
from undertow.errors import InputError
from undertow.measure import MEASURES, bootstrap_balance, summary, weekly_series, wilson
from undertow.measure.causes import cause_counts
from undertow.measure.intervals import bootstrap_balance_counts, wilson_arrays

POST_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("stance", pa.string()),
        ("author", pa.string()),
        ("created_at", pa.timestamp("us", tz="UTC")),
        ("lang", pa.string()),
        ("text", pa.string()),
    ]
)
LABEL_SCHEMA = pa.schema(
    [
        ("post_id", pa.string()),
        ("label", pa.string()),
        ("score", pa.float64()),
        ("spans", pa.list_(pa.list_(pa.int32()))),
        ("detail", pa.string()),
        ("analyzer", pa.string()),
    ]
)


def make_posts(rows: list[tuple[str, str, datetime | None]], *, lang: str = "en") -> pa.Table:
    """Posts from (id, stance, created_at) triples."""
    return pa.Table.from_pylist(
        [
            {"id": pid, "source": f"src-{stance}", "stance": stance, "author": None,
             "created_at": when, "lang": lang, "text": f"post {pid}"}
            for pid, stance, when in rows
        ],
        schema=POST_SCHEMA,
    )  # fmt: skip


def make_labels(rows: list[tuple[str, str]] | list[tuple[str, str, str | None]]) -> pa.Table:
    """Labels from (post_id, label[, detail]) tuples."""
    return pa.Table.from_pylist(
        [
            {"post_id": r[0], "label": r[1], "score": 0.9, "spans": [[0, 4]],
             "detail": r[2] if len(r) > 2 else None, "analyzer": "test@1"}
            for r in rows
        ],
        schema=LABEL_SCHEMA,
    )  # fmt: skip


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def point(series, measure: str, stance: str, start: date):
    hits = [
        p for p in series if p.measure == measure and p.stance == stance and p.period_start == start
    ]
    assert len(hits) == 1, (measure, stance, start, hits)
    return hits[0]


# --- intervals ---------------------------------------------------------------------------


def test_wilson_matches_hand_computed_values():
    # 8/10, z = 1.96: centre (0.8 + 0.19208) / 1.38416 = 0.71674,
    # half 1.96 * sqrt(0.016 + 0.009604) / 1.38416 = 0.22658.
    lo, hi = wilson(8, 10)
    assert lo == pytest.approx(0.49016, abs=1e-4)
    assert hi == pytest.approx(0.94332, abs=1e-4)
    # 0/10: the interval starts at 0 and ends at 2 * 0.13877.
    lo, hi = wilson(0, 10)
    assert lo == pytest.approx(0.0, abs=1e-12)
    assert hi == pytest.approx(0.27753, abs=1e-4)


def test_wilson_edge_cases_and_vector_form():
    assert all(math.isnan(v) for v in wilson(0, 0))
    with pytest.raises(ValueError, match="0 <= k <= n"):
        wilson(5, 3)
    k, n = np.array([0, 3, 8, 10]), np.array([10, 7, 10, 10])
    lo, hi = wilson_arrays(k, n)
    for i in range(4):
        assert (lo[i], hi[i]) == pytest.approx(wilson(int(k[i]), int(n[i])))
    assert lo[3] < 1.0 == hi[3]


def test_bootstrap_balance_covers_true_value_at_nominal_rate():
    rng = np.random.default_rng(12345)
    p_pos, p_neg, n = 0.30, 0.18, 160
    true = (p_pos - p_neg) / (p_pos + p_neg)
    start = time.perf_counter()
    covered = 0
    for sim in range(200):
        pos = (rng.random(n) < p_pos).astype(int)
        neg = (rng.random(n) < p_neg).astype(int)
        lo, hi = bootstrap_balance(pos, neg, reps=1000, seed=sim)
        covered += lo <= true <= hi
    assert 0.88 <= covered / 200 <= 0.99
    assert time.perf_counter() - start < 3.0


def test_bootstrap_balance_undefined_and_degenerate():
    assert all(math.isnan(v) for v in bootstrap_balance(np.zeros(30), np.zeros(30)))
    assert bootstrap_balance(np.ones(10), np.zeros(10)) == (1.0, 1.0)
    pos = np.array([1, 1, 1, 0, 0, 0, 0, 1, 0, 1])
    neg = np.array([0, 0, 1, 1, 1, 0, 0, 0, 0, 0])
    lo, hi = bootstrap_balance(pos, neg, seed=3)
    observed = (5 - 3) / (5 + 3)
    assert -1.0 <= lo < observed < hi <= 1.0
    assert bootstrap_balance(pos, neg, seed=3) == (lo, hi)  # seeded: reproducible
    with pytest.raises(ValueError, match="same length"):
        bootstrap_balance(np.ones(3), np.ones(4))


def test_bootstrap_counts_vectorised_gives_nan_only_where_undefined():
    lo, hi = bootstrap_balance_counts(
        np.array([0, 5]), np.array([0, 5]), np.array([0, 0]), np.array([10, 10])
    )
    assert math.isnan(lo[0]) and math.isnan(hi[0])
    assert lo[1] < 0 < hi[1]


# --- series --------------------------------------------------------------------------------

MON = date(2017, 1, 2)  # a Monday


def test_weekly_series_counts_values_and_flags():
    rows = [(f"s{i}", "supporter", at(MON + timedelta(days=i % 7))) for i in range(25)]
    rows += [(f"o{i}", "official", at(MON + timedelta(days=7 + i % 7))) for i in range(4)]
    rows += [("u1", "supporter", None), ("u2", "official", None)]
    labels = make_labels(
        [("s0", "despair"), ("s1", "worry"), ("s1", "despair"), ("s2", "defiance"),
         ("s3", "triumphalism"), ("s3", "worry"), ("s4", "admission"), ("s4", "admission"),
         ("o0", "triumphalism"), ("o1", "incitement"), ("zz", "despair"), ("u1", "despair")]
    )  # fmt: skip
    series = weekly_series(make_posts(rows), labels, min_n=20)
    assert series.untimed == 2
    assert {p.measure for p in series} == set(MEASURES)

    d = point(series, "distress_share", "supporter", MON)
    assert (d.n, d.k, d.too_few) == (25, 3, False)  # s0, s1 (twice coded), s3
    assert d.value == pytest.approx(3 / 25)
    assert (d.lo, d.hi) == pytest.approx(wilson(3, 25))

    b = point(series, "morale_balance", "supporter", MON)
    assert (b.pos, b.neg, b.k) == (2, 3, -1)
    assert b.value == pytest.approx(-1 / 5)
    assert b.lo is not None and b.lo <= b.value <= b.hi

    a = point(series, "admission_rate", "supporter", MON)
    assert a.k == 1  # a duplicate label row counts once
    assert point(series, "label:admission", "supporter", MON).k == 1

    o = point(series, "morale_balance", "official", MON + timedelta(days=7))
    assert (o.n, o.value, o.too_few) == (4, 1.0, True)
    assert point(series, "incitement_rate", "official", MON + timedelta(days=7)).k == 1
    assert not [p for p in series if p.stance == "official" and p.period_start == MON]


def test_undefined_balance_is_none():
    posts = make_posts([(f"p{i}", "observer", at(MON)) for i in range(3)])
    series = weekly_series(posts, make_labels([("p0", "admission")]), min_n=2)
    b = point(series, "morale_balance", "observer", MON)
    assert (b.value, b.lo, b.hi, b.too_few) == (None, None, None, False)


def test_week_boundaries_are_iso_mondays_in_utc_also_before_1970():
    sunday_night = datetime(2017, 1, 8, 23, 59, 59, tzinfo=UTC)
    monday = datetime(2017, 1, 9, 0, 0, 0, tzinfo=UTC)
    old = datetime(1969, 12, 31, 5, tzinfo=UTC)  # a Wednesday
    posts = make_posts([("a", "official", sunday_night), ("b", "official", monday),
                        ("c", "official", old)])  # fmt: skip
    starts = {p.period_start for p in weekly_series(posts, make_labels([]), min_n=1)}
    assert starts == {date(2017, 1, 2), date(2017, 1, 9), date(1969, 12, 29)}
    assert all(s.weekday() == 0 for s in starts)


def test_day_and_month_periods_and_bad_freq():
    posts = make_posts([("a", "official", at(date(2016, 2, 29))),
                        ("b", "official", at(date(2016, 3, 31))),
                        ("c", "official", at(date(2016, 3, 1)))])  # fmt: skip
    months = {p.period_start: p.n for p in weekly_series(posts, make_labels([]), freq="month")}
    assert months == {date(2016, 2, 1): 1, date(2016, 3, 1): 2}
    days = {p.period_start for p in weekly_series(posts, make_labels([]), freq="day")}
    assert days == {date(2016, 2, 29), date(2016, 3, 31), date(2016, 3, 1)}
    with pytest.raises(InputError, match="day, week, month"):
        weekly_series(posts, make_labels([]), freq="fortnight")


def test_series_of_untimed_or_empty_corpus_is_empty_but_counts():
    posts = make_posts([("a", "official", None)])
    series = weekly_series(posts, make_labels([("a", "despair")]))
    assert list(series) == [] and series.untimed == 1
    assert weekly_series(make_posts([]), make_labels([])).untimed == 0


def test_missing_column_is_a_clear_error():
    with pytest.raises(InputError, match="created_at"):
        weekly_series(pa.table({"id": ["a"], "stance": ["official"]}), make_labels([]))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["official", "supporter", "internal"]),
            st.integers(min_value=0, max_value=60),
            st.sets(st.sampled_from(LABELS), max_size=3),
        ),
        max_size=60,
    )
)
def test_series_agrees_with_a_naive_count(rows):
    base = datetime(2018, 5, 1, tzinfo=UTC)
    posts = make_posts([(f"p{i}", s, base + timedelta(days=d)) for i, (s, d, _) in enumerate(rows)])
    labels = make_labels([(f"p{i}", name) for i, (_, _, ls) in enumerate(rows) for name in ls])
    series = weekly_series(posts, labels, min_n=5, reps=50)
    naive: dict[tuple[date, str], list[set[str]]] = {}
    for stance, d, ls in rows:
        day = (base + timedelta(days=d)).date()
        naive.setdefault((day - timedelta(days=day.weekday()), stance), []).append(ls)
    assert len(series) == len(naive) * len(MEASURES)
    for p in series:
        group = naive[(p.period_start, p.stance)]
        assert p.n == len(group) and p.too_few == (len(group) < 5)
        if p.measure == "distress_share":
            assert p.k == sum(bool(ls & {"despair", "worry"}) for ls in group)
        elif p.measure.startswith("label:"):
            assert p.k == sum(p.measure[6:] in ls for ls in group)
        elif p.measure == "morale_balance":
            assert p.pos == sum(bool(ls & {"defiance", "triumphalism"}) for ls in group)
            assert p.neg == sum(bool(ls & {"despair", "worry"}) for ls in group)
        if p.value is not None and p.lo is not None:
            assert p.lo - 1e-9 <= p.value <= p.hi + 1e-9


def test_series_is_vectorised_enough_for_large_corpora():
    n = 200_000
    rng = np.random.default_rng(0)
    micros = (1_450_000_000 + rng.integers(0, 3 * 365 * 86400, n)) * 1_000_000
    posts = pa.table(
        {
            "id": pa.array([f"p{i}" for i in range(n)]),
            "stance": pa.array(rng.choice(["official", "supporter", "observer"], n)),
            "created_at": pa.array(micros, pa.timestamp("us", tz="UTC")),
        }
    )
    pick = rng.choice(n, n // 3, replace=False)
    labels = pa.table(
        {
            "post_id": pa.array([f"p{i}" for i in pick]),
            "label": pa.array(rng.choice(list(LABELS), pick.size)),
            "score": pa.array(rng.random(pick.size)),
        }
    )
    start = time.perf_counter()
    series = weekly_series(posts, labels)
    assert time.perf_counter() - start < 5.0
    assert sum(p.n for p in series if p.measure == "distress_share") == n


# --- summary and causes --------------------------------------------------------------------


def test_summary_counts_everything():
    posts = make_posts([("a", "official", at(date(2016, 5, 3))), ("b", "supporter", None),
                        ("c", "supporter", at(date(2017, 1, 9)))])  # fmt: skip
    s = summary(posts, make_labels([("a", "despair"), ("c", "despair"), ("c", "worry")]))
    assert s["posts"] == 3 and s["untimed"] == 1 and s["timed"] == 2
    assert (s["first"], s["last"]) == (date(2016, 5, 3), date(2017, 1, 9))
    assert s["by_stance"] == {"supporter": 2, "official": 1}
    assert s["by_lang"] == {"en": 3}
    assert s["by_label"]["despair"] == 2 and s["by_label"]["incitement"] == 0
    assert s["labelled"] == 2
    assert s["by_stance_label"]["supporter"]["worry"] == 1
    empty = summary(make_posts([]), make_labels([]))
    assert empty["posts"] == 0 and empty["first"] is None and empty["by_stance"] == {}


def test_cause_counts_per_stance_tolerates_bad_detail():
    posts = make_posts([("a", "supporter", None), ("b", "supporter", None),
                        ("c", "official", None), ("d", "official", None)])  # fmt: skip
    labels = make_labels(
        [
            ("a", "failure_analysis", json.dumps({"causes": ["air_power", "betrayal"]})),
            ("a", "failure_analysis", json.dumps({"causes": ["air_power"]})),  # 2nd analyzer
            ("b", "failure_analysis", json.dumps({"causes": ["air_power", "aliens"]})),
            ("c", "failure_analysis", "{not json"),
            ("d", "failure_analysis", None),
            ("d", "despair", None),
        ]
    )
    counts = cause_counts(posts, labels)
    assert counts["supporter"]["posts"] == 2
    assert counts["supporter"]["air_power"] == 2  # post a counts once
    assert counts["supporter"]["betrayal"] == 1
    assert counts["supporter"]["other"] == 1
    assert counts["official"]["posts"] == 2 and sum(counts["official"].values()) == 2
    assert cause_counts(posts, make_labels([])) == {}
