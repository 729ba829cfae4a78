"""Event studies: day bootstrap and permutation, event rows, placebo, gap and mentions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pyarrow as pa
import pytest

from undertow.events import Event
from undertow.measure.daily import day_table
from undertow.measure.eventstudy import event_study
from undertow.measure.mentions import MentionIndex, literal_names, loose_pattern
from undertow.measure.resample import DayResampler, take_days, window_days

D0 = date(2016, 1, 4)


def _table(days: int, per_day, labels_fn, stance="supporter", source="s", text_fn=None):
    """Posts (``per_day(d)`` a day) and labels (``labels_fn(d, i)`` -> list of labels)."""
    posts, labels = [], []
    for d in range(days):
        for i in range(per_day(d)):
            pid = f"{stance}-{d}-{i}"
            when = datetime(D0.year, D0.month, D0.day, 12, tzinfo=UTC) + timedelta(days=d)
            text = text_fn(d, i) if text_fn else "text"
            posts.append({"id": pid, "source": source, "stance": stance, "created_at": when,
                          "text": text, "author": f"a{i % 7}"})  # fmt: skip
            labels += [{"post_id": pid, "label": name} for name in labels_fn(d, i)]
    return posts, labels


def _arrow(posts, labels):
    p = pa.Table.from_pylist(
        posts,
        schema=pa.schema([("id", pa.string()), ("source", pa.string()), ("stance", pa.string()),
                          ("created_at", pa.timestamp("us", tz="UTC")), ("text", pa.string()),
                          ("author", pa.string())]),
    )  # fmt: skip
    lab = pa.Table.from_pylist(
        labels, schema=pa.schema([("post_id", pa.string()), ("label", pa.string())])
    )
    return p, lab


def test_permutation_p_holds_its_level_on_exchangeable_days():
    rng = np.random.default_rng(0)
    windows = 400
    n = rng.poisson(60, (windows, 28)).astype(float)
    k = rng.binomial(n.astype(int), 0.2).astype(float)
    res = DayResampler(np.ones((windows, 28), bool), 14, reps=0, perms=400, rng=rng)
    eff = res.effects(k[:, None, :], n[:, None, :], np.array([1.0]))
    rate = float(np.mean(eff.p < 0.05))
    assert 0.02 <= rate <= 0.09
    assert np.all((eff.p > 0) & (eff.p <= 1))


def test_bootstrap_interval_covers_a_planted_step_and_values_are_pooled():
    rng = np.random.default_rng(1)
    n = rng.poisson(100, 28).astype(float)
    p = np.r_[np.full(14, 0.10), np.full(14, 0.20)]
    k = rng.binomial(n.astype(int), p).astype(float)
    res = DayResampler(np.ones((1, 28), bool), 14, reps=500, perms=500, rng=rng)
    eff = res.effects(k[None, None, :], n[None, None, :], np.array([1.0]))
    assert eff.before[0] == pytest.approx(k[:14].sum() / n[:14].sum())
    assert eff.after[0] == pytest.approx(k[14:].sum() / n[14:].sum())
    assert eff.lo[0] < 0.10 < eff.hi[0]
    assert eff.lo[0] > 0 and eff.p[0] < 0.01


def test_invalid_days_are_left_out_of_the_resampling():
    rng = np.random.default_rng(2)
    n = np.full(28, 50.0)
    k = np.r_[np.full(14, 5.0), np.full(14, 10.0)]
    valid = np.ones((1, 28), bool)
    valid[0, :10] = False  # only 4 days of data before the event
    num, den = k * valid[0], n * valid[0]
    res = DayResampler(valid, 14, reps=200, perms=200, rng=rng)
    eff = res.effects(num[None, None, :], den[None, None, :], np.array([1.0]))
    assert eff.before[0] == pytest.approx(0.1) and eff.after[0] == pytest.approx(0.2)
    assert eff.lo[0] == pytest.approx(0.1) and eff.hi[0] == pytest.approx(0.1)  # no variance


def test_window_days_put_the_event_day_first_after():
    days = window_days(np.array([10]), 3)
    assert days.tolist() == [[7, 8, 9, 10, 11, 12]]
    assert take_days(np.arange(5.0), np.array([-1, 0, 4, 5])).tolist() == [0, 0, 4, 0]


def test_event_rows_report_before_after_n_and_too_few():
    posts, labels = _table(60, lambda d: 30, lambda d, i: ["worry"] if i < (3 if d < 30 else 9)
                           else [])  # fmt: skip
    p, lab = _arrow(posts, labels)
    table = day_table(p, lab)
    events = [Event(D0 + timedelta(days=30), "Nowhere", "isis_loss"),
              Event(D0 + timedelta(days=400), "Later", "isis_loss")]  # fmt: skip
    rows, placebo = event_study(table, events, window=14, min_n=20,
                                rng=np.random.default_rng(0), reps=200, perms=200)  # fmt: skip
    by = {r["measure"]: r for r in rows if r["event"] == 1}
    d = by["distress_share"]
    assert d["before"] == pytest.approx(0.1) and d["after"] == pytest.approx(0.3)
    assert d["delta"] == pytest.approx(0.2) and d["p"] < 0.01
    assert d["n_before"] == d["n_after"] == 420 and d["k_before"] == 42 and d["k_after"] == 126
    assert d["ci"][0] <= 0.2 <= d["ci"][1] and not d["too_few"]
    assert by["volume"]["before"] == by["volume"]["after"] == 30
    assert by["morale_balance"]["before"] == -1.0 and by["morale_balance"]["neg_after"] == 126
    assert all(r["event"] == 1 for r in rows)  # event 2 is outside the data
    assert {pl["measure"] for pl in placebo} >= {"volume", "distress_share"}
    # a thin stance is measured but marked
    posts2, labels2 = _table(60, lambda d: 1, lambda d, i: [])
    p2, lab2 = _arrow(posts2, labels2)
    rows2, _ = event_study(day_table(p2, lab2), events[:1], window=14, min_n=20,
                           rng=np.random.default_rng(0), reps=50, perms=50)  # fmt: skip
    assert rows2 and all(r["too_few"] for r in rows2)


def test_gap_rows_compare_official_with_supporter_over_the_same_days():
    sup, sup_l = _table(40, lambda d: 20, lambda d, i: ["despair"] if d >= 20 and i < 10
                        else ["defiance"])  # fmt: skip
    off, off_l = _table(40, lambda d: 10, lambda d, i: ["triumphalism"], stance="official",
                        source="o")  # fmt: skip
    p, lab = _arrow(sup + off, sup_l + off_l)
    rows, _ = event_study(day_table(p, lab), [Event(D0 + timedelta(days=20), "X")], window=10,
                          min_n=5, rng=np.random.default_rng(0), reps=100, perms=100)  # fmt: skip
    gap = [r for r in rows if r["measure"] == "propaganda_gap"]
    assert len(gap) == 1 and gap[0]["stance"] == "official-supporter"
    assert gap[0]["before"] == pytest.approx(0.0) and gap[0]["after"] == pytest.approx(1.0)
    assert gap[0]["n_official_before"] == 100 and gap[0]["n_supporter_after"] == 200


def test_mentions_are_counted_through_the_entity_links():
    texts = ["Battle near Palmyra today", "#PrayForPalmyra", "fighting in تدمر", "nothing here",
             "tadmur falls", "hit the road"]  # fmt: skip
    posts, labels = _table(30, lambda d: 6, lambda d, i: [], text_fn=lambda d, i: texts[i])
    p, lab = _arrow(posts, labels)
    table = day_table(p, lab)
    idx = MentionIndex(p, table)
    flags, info = idx.flags("Palmyra (Tadmur)")
    if info["place_match"] == "entity":
        assert info["place_ids"] == ["place:palmyra"]
        assert flags.reshape(30, 6)[0].tolist() == [True, True, True, False, True, False]
    counts, _ = idx.counts(Event(D0, "Palmyra (Tadmur)"), "supporter")
    assert counts.sum() == flags.sum()
    literal = MentionIndex(p, table, use_entities=False)
    lf, linfo = literal.flags("Palmyra (Tadmur)")
    assert linfo["place_match"] == "literal" and linfo["place_names"] == ["Palmyra", "Tadmur"]
    assert lf.reshape(30, 6)[0].tolist() == [True, False, False, False, True, False]


def test_place_strings_and_loose_patterns():
    assert literal_names("Ramadi (city centre)") == ["Ramadi"]
    assert literal_names("Tabqa (al-Thawrah) and Tabqa Dam") == ["Tabqa", "al-Thawrah", "Tabqa Dam"]
    pattern = loose_pattern(["Deir ez-Zor", "دير الزور", "الفلوجة"])
    arr = pa.array(["deir al zor", "DeirEzzor", "ديرالزور", "وبالفلوجه", "للفلوجة", "Raqqa"])
    import pyarrow.compute as pc

    hits = pc.match_substring_regex(arr, pattern).to_pylist()
    assert hits == [True, True, True, True, True, False]
