"""The report's charts over time, drawn from the measure result (the JSON of ``measure``).

Weekly series per stance with intervals and events, the change points of each measure on its
chart, the propaganda gap and the official output. Points are built from the result's rows, so
the report shows the very numbers ``undertow measure --json`` prints.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from undertow.measure.digest import fmt, fmt_ci, name
from undertow.measure.series import SeriesPoint
from undertow.report.charts import ChangeMark, EventMark, fmt_value, line_chart, next_period

SERIES_CHARTS: tuple[tuple[str, str, str, str], ...] = (
    ("volume", "Posts per week", "count",
     "Posts per stance and week: how much each voice says."),
    ("distress_share", "Distress share", "share",
     "Share of posts coded despair or worry, per stance and week."),
    ("morale_balance", "Morale balance", "balance",
     "(P - N) / (P + N) per stance and week: P posts coded defiance or triumphalism, "
     "N posts coded despair or worry; +1 all positive, -1 all negative."),
    ("admission_rate", "Admission rate", "share",
     "Share of posts coded admission (the movement's own losses acknowledged), per stance "
     "and week."),
    ("incitement_rate", "Incitement rate", "share",
     "Share of posts coded incitement, per stance and week."),
)  # fmt: skip
INTERVAL_TEXT = {
    "share": "95% Wilson score intervals",
    "balance": "95% percentile bootstrap intervals (1,000 resamples of the week's posts)",
    "gap": "95% percentile bootstrap intervals (the posts of each voice resampled)",
    "count": "no interval: a count of the posts held is not an estimate",
}


def points(series: list[dict], measure: str) -> dict[str, list[SeriesPoint]]:
    """Return the stance-level points of one measure, per stance in time order."""
    out: dict[str, list[SeriesPoint]] = {}
    for r in series:
        if r["by"] != "stance" or r["measure"] != measure:
            continue
        ci = r["ci"] or [None, None]
        out.setdefault(r["stance"], []).append(
            SeriesPoint(
                period_start=date.fromisoformat(r["period"]),
                stance=r["stance"],
                n=r["n"],
                measure=measure,
                value=r["value"],
                lo=ci[0],
                hi=ci[1],
                k=r["k"],
                too_few=r["too_few"],
                pos=r.get("pos", 0),
                neg=r.get("neg", 0),
            )
        )
    return out


def gap_points(gap: list[dict]) -> dict[str, list[SeriesPoint]]:
    """Return the propaganda gap as one line of points (``pos``/``neg`` hold the two n)."""
    pts = []
    for r in gap:
        ci = r["ci"] or [None, None]
        pts.append(
            SeriesPoint(date.fromisoformat(r["period"]), "official - supporter",
                        r["n_official"] + r["n_supporter"], "propaganda_gap", r["gap"], ci[0],
                        ci[1], 0, r["too_few"], r["n_official"], r["n_supporter"])
        )  # fmt: skip
    return {"official - supporter": pts} if pts else {}


def change_marks(changes: list[dict], measure: str, stances: set[str] | None = None) -> list:
    """Return the chart marks of the change points of one measure."""
    marks = []
    for c in changes:
        if c["measure"] != measure or (stances is not None and c["stance"] not in stances):
            continue
        near = c.get("nearest_event")
        text = (
            f"Change point: {c['stance']} {name(measure)} from {c['date']} (95% dates "
            f"{c['date_ci'][0]} to {c['date_ci'][1]}): {fmt(c['before'], measure)} -> "
            f"{fmt(c['after'], measure)}, step {fmt(c['delta'], measure, delta=True)} "
            f"{fmt_ci(c['ci'], measure)}; n {c['n_before']:,} -> {c['n_after']:,}"
            + (f"; nearest event {near['place']} ({near['days']:+d} days)" if near else "")
        )
        marks.append(
            ChangeMark(c["stance"], date.fromisoformat(c["date"]),
                       date.fromisoformat(c["date_ci"][0]), date.fromisoformat(c["date_ci"][1]),
                       text)
        )  # fmt: skip
    return marks


def table_rows(by_stance: dict[str, list[SeriesPoint]], kind: str, order: list[str]) -> list:
    """Rows of the data table under a chart: period, stance, n, count, value, interval, few."""
    rows = []
    for stance in [*order, *(s for s in by_stance if s not in order)]:
        for p in by_stance.get(stance, []):
            interval = (
                f"{fmt_value(p.lo, kind)} to {fmt_value(p.hi, kind)}"
                if p.lo is not None and p.hi is not None
                else "–"
            )
            count = f"{p.pos} / {p.neg}" if kind in ("balance", "gap") else str(p.k)
            rows.append(
                (p.period_start, stance, p.n, count, fmt_value(p.value, kind), interval, p.too_few)
            )
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows


def _chart(
    by_stance: dict[str, list[SeriesPoint]],
    *,
    measure: str,
    title: str,
    kind: str,
    about: str,
    x_range: tuple[date, date],
    marks: list[EventMark],
    changes: list[ChangeMark],
    min_n: int,
    order: list[str],
) -> dict[str, Any]:
    interval = INTERVAL_TEXT[kind]
    few = (
        ""
        if kind == "count"
        else f" Weeks with fewer than {min_n} posts are hollow grey points, not joined."
    )
    svg = line_chart(
        by_stance,
        chart_id=f"chart-{measure}",
        title=f"{title} per week",
        description=f"{about} Shaded bands: {interval}.{few} Dashed vertical lines mark "
        "events; triangles on the time axis mark change points.",
        x_range=x_range,
        freq="week",
        kind=kind,
        events=marks,
        min_n=min_n,
        stance_order=order + [s for s in by_stance if s not in order],
        changes=changes,
    )
    return {
        "measure": measure,
        "name": title,
        "about": about,
        "interval": interval,
        "kind": kind,
        "svg": svg,
        "rows": table_rows(by_stance, kind, order),
        "changes": len(changes),
    }


def x_range_of(series: list[dict]) -> tuple[date, date] | None:
    """The first period start and the end of the last period of the series."""
    starts = [date.fromisoformat(r["period"]) for r in series if r["by"] == "stance"]
    if not starts:
        return None
    return min(starts), next_period(max(starts), "week")


def series_charts(
    result: dict[str, Any], order: list[str], marks: list[EventMark], min_n: int
) -> list[dict[str, Any]]:
    """Return the weekly charts of the measures that are searched for change points."""
    span = x_range_of(result["series"])
    if span is None:
        return []
    return [
        _chart(points(result["series"], measure), measure=measure, title=title, kind=kind,
               about=about, x_range=span, marks=marks,
               changes=change_marks(result["changepoints"], measure), min_n=min_n, order=order)
        for measure, title, kind, about in SERIES_CHARTS
    ]  # fmt: skip


def gap_charts(
    result: dict[str, Any], order: list[str], marks: list[EventMark], min_n: int
) -> list[dict[str, Any]]:
    """Return the propaganda-gap chart and the official-output chart (when there is one)."""
    span = x_range_of(result["series"])
    if span is None:
        return []
    out = []
    gap = gap_points(result["gap"])
    if gap:
        out.append(
            _chart(gap, measure="propaganda_gap", title="Propaganda gap", kind="gap",
                   about="Official minus supporter morale balance, per week in which both "
                   "posted: how much rosier the official voice is than the supporters' own.",
                   x_range=span, marks=marks, changes=[], min_n=min_n,
                   order=["official - supporter"])
        )  # fmt: skip
    official = {k: v for k, v in points(result["series"], "volume").items() if k == "official"}
    if official:
        out.append(
            _chart(official, measure="official_volume", title="Official output", kind="count",
                   about="Posts of the official stance per week (a movement's official media "
                   "shrink as it loses ground).", x_range=span, marks=marks,
                   changes=change_marks(result["changepoints"], "volume", {"official"}),
                   min_n=min_n, order=order)
        )  # fmt: skip
    return out
