"""The report's event study, change points, propaganda gap and official output sections."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pyarrow as pa
import pytest
from markupsafe import escape

from undertow.events import Event
from undertow.measure.digest import fmt, fmt_ci
from undertow.measure.run import analyse
from undertow.measure.series import SeriesPoint
from undertow.report import ReportMeta, render_report
from undertow.report.charts import ChangeMark, line_chart
from undertow.report.forest import ForestRow, forest_chart

D0 = date(2016, 1, 4)
POSTS = pa.schema(
    [("id", pa.string()), ("source", pa.string()), ("stance", pa.string()),
     ("author", pa.string()), ("created_at", pa.timestamp("us", tz="UTC")),
     ("lang", pa.string()), ("text", pa.string())]
)  # fmt: skip
LABELS = pa.schema(
    [("post_id", pa.string()), ("label", pa.string()), ("score", pa.float64()),
     ("spans", pa.list_(pa.list_(pa.int32()))), ("detail", pa.string()),
     ("analyzer", pa.string())]
)  # fmt: skip
EVENTS = [Event(D0 + timedelta(days=42), "Mosul", "isis_loss", "Fall of <b>Mosul</b>", "src")]


def _label(pid: str, name: str, score: float) -> dict:
    return {"post_id": pid, "label": name, "score": score, "spans": [[0, 4]], "detail": None,
            "analyzer": "t@1"}  # fmt: skip


def corpus(seed: int = 0, official_per_day: int = 8):
    rng = np.random.default_rng(seed)
    posts, labels = [], []
    for d in range(84):
        when = datetime(D0.year, D0.month, D0.day, 9, tzinfo=UTC) + timedelta(days=d)
        for stance, n in (("supporter", 40), ("official", official_per_day)):
            for i in range(n):
                pid = f"{stance}-{d}-{i}"
                text = "we lost Mosul, I fear the end" if i % 5 == 0 else "a post <i>here</i>"
                posts.append({"id": pid, "source": stance, "stance": stance, "author": f"u{i}",
                              "created_at": when, "lang": "en", "text": text})  # fmt: skip
                p = 0.35 if stance == "supporter" and d >= 42 else 0.08
                if rng.random() < p:
                    labels.append(_label(pid, "worry", rng.random()))
                if rng.random() < 0.4:
                    labels.append(_label(pid, "defiance", 0.5))
    return pa.Table.from_pylist(posts, schema=POSTS), pa.Table.from_pylist(labels, schema=LABELS)


def meta(**kw) -> ReportMeta:
    return ReportMeta(workspace="ws", generated_at=datetime(2026, 1, 1, tzinfo=UTC), **kw)


@pytest.fixture(scope="module")
def report() -> tuple[str, dict]:
    p, lab = corpus()
    analysis = analyse(p, lab, EVENTS, freq="week")
    html = render_report(p, lab, EVENTS, title="T", meta=meta(), analysis=analysis)
    return html, analysis.result


def test_event_study_section_states_effects_with_n_intervals_and_p(report):
    html, result = report
    section = html[html.index('id="effects"') : html.index('id="changes"')]
    row = next(r for r in result["events"] if r["measure"] == "distress_share"
               and r["stance"] == "supporter")  # fmt: skip
    assert fmt(row["delta"], "distress_share", delta=True) in section
    assert str(escape(fmt_ci(row["ci"], "distress_share"))) in section
    assert f"{row['n_before']:,} → {row['n_after']:,}" in section
    assert "forest-distress_share" in section and "day-bootstrap interval" in section
    assert "Placebo check" in section and "Posts that moved the supporter" in section
    assert "<b>Mosul</b>" not in html and "Fall of &lt;b&gt;Mosul&lt;/b&gt;" in html


def test_change_points_and_gap_sections(report):
    html, result = report
    changes = html[html.index('id="changes"') : html.index('id="gap"')]
    cp = next(c for c in result["changepoints"] if c["measure"] == "distress_share")
    assert cp["date"] in changes and "Mosul" in changes
    assert 'class="change"' in html  # triangles on the charts
    gap = html[html.index('id="gap"') : html.index('id="posts"')]
    assert "Propaganda gap" in gap and "Official output" in gap
    first = result["gap"][0]
    assert f"{first['gap']:+.2f}" in gap


def test_report_and_json_carry_the_same_series_numbers():
    p, lab = corpus(seed=1)
    html = render_report(p, lab, EVENTS, title="T", meta=meta())
    result = analyse(p, lab, EVENTS, freq="week").result
    for r in result["series"]:
        if r["by"] == "stance" and r["measure"] == "distress_share" and r["ci"]:
            assert f"{100 * r['value']:.1f}% (95% interval {100 * r['ci'][0]:.1f}%" in html
    assert json.dumps(result, allow_nan=False)


def test_thin_stances_are_marked_too_few_in_the_event_tables():
    p, lab = corpus(official_per_day=1)
    html = render_report(p, lab, EVENTS, title="T", meta=meta())
    section = html[html.index('id="effects"') : html.index('id="changes"')]
    assert "(too few posts)" in section and 'class="few"' in section
    assert 'class="effect few"' in section  # hollow rows of the interval plots


def test_without_events_the_sections_explain_themselves():
    p, lab = corpus()
    html = render_report(p, lab, [], title="T", meta=meta())
    assert "No events were given" in html
    supporter_only = p.filter(pa.compute.equal(p["stance"], "supporter"))
    html = render_report(supporter_only, lab, [], title="T", meta=meta())
    assert "needs both official and supporter posts" in html


def test_forest_chart_escapes_and_marks_too_few():
    rows = [
        ForestRow("1 <Raqqa> · supporter", "supporter", 0.05, 0.01, 0.09, 0.002, 500, 480,
                  False, "tip <x>"),
        ForestRow("1 <Raqqa> · official", "official", -0.02, None, None, None, 3, 4, True, "t"),
    ]  # fmt: skip
    svg = str(forest_chart(rows, chart_id="f", title="T", description="D", kind="share",
                           stance_order=["official", "supporter"]))  # fmt: skip
    assert "&lt;Raqqa&gt;" in svg and "<Raqqa>" not in svg and "tip &lt;x&gt;" in svg
    assert "p 0.002 · 500 → 480" in svg and "too few" in svg
    assert svg.count('class="effect few"') == 1
    assert ">+5 pts<" in svg and ">-10 pts<" in svg  # axis ticks of a share


def test_line_chart_draws_change_points_and_count_and_gap_scales():
    day = date(2016, 1, 4)
    pts = [SeriesPoint(day + timedelta(7 * i), "official", 100 - i, "volume", 100 - i, None,
                       None, 100 - i, False) for i in range(8)]  # fmt: skip
    mark = ChangeMark("official", day + timedelta(21), day + timedelta(19), day + timedelta(24),
                      "Change point <here>")  # fmt: skip
    svg = str(
        line_chart({"official": pts}, chart_id="c", title="t", description="d",
                   x_range=(day, day + timedelta(56)), freq="week", kind="count", events=[],
                   min_n=20, stance_order=["official"], changes=[mark])
    )  # fmt: skip
    assert 'class="change"' in svg and "Change point &lt;here&gt;" in svg
    assert ">100<" in svg and "change point (95% dates)" in svg
    gap = [SeriesPoint(day, "g", 10, "propaganda_gap", 1.3, 1.1, 1.5, 0, False, 4, 6)]
    svg = str(line_chart({"g": gap}, chart_id="g", title="t", description="d",
                         x_range=(day, day + timedelta(7)), freq="week", kind="gap", events=[],
                         min_n=20, stance_order=["g"]))  # fmt: skip
    assert ">+1.5<" in svg and "4 official and 6 supporter posts" in svg
