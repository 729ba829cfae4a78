"""The report's event study, change-point and placebo sections, from the measure result.

Per event: the effect of the event on each measure and stance (before, after, delta, 95%
interval, permutation p, placebo p, posts before and after, "too few posts"), and the posts
that moved the measure with the smallest p. Per measure: an interval plot of the effects of
all events. Then the table of change points and the placebo check of the tests' level.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from undertow.measure.digest import fmt, fmt_ci, kind, name
from undertow.measure.eventstudy import EVENT_MEASURES, GAP_MEASURE, PLACE_MEASURE
from undertow.measure.run import Analysis
from undertow.report.forest import ForestRow, forest_chart
from undertow.report.moved import moved_posts

FOREST_MEASURES = (*EVENT_MEASURES, PLACE_MEASURE, GAP_MEASURE)
MOVED_CAP = 3
LEVEL_WARNING = 0.10


def _p(p: float | None) -> str:
    if p is None:
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def effect_row(r: dict[str, Any]) -> dict[str, Any]:
    """One event effect, formatted for the event tables."""
    m = r["measure"]
    return {
        "stance": r["stance"],
        "measure": name(m),
        "before": fmt(r["before"], m),
        "after": fmt(r["after"], m),
        "delta": fmt(r["delta"], m, delta=True),
        "ci": fmt_ci(r["ci"], m),
        "p": _p(r["p"]),
        "p_placebo": _p(r.get("p_placebo")),
        "n": f"{r['n_before']:,} → {r['n_after']:,}",
        "days": f"{r['days_before']} / {r['days_after']}",
        "too_few": r["too_few"],
        "significant": r["p"] is not None and r["p"] < 0.05 and not r["too_few"],
    }


def _tip(r: dict[str, Any]) -> str:
    m = r["measure"]
    return (
        f"Event {r['event']}: {r['date']} {r['place']} — {r['stance']} {name(m)}: "
        f"{fmt(r['before'], m)} before, {fmt(r['after'], m)} after; change "
        f"{fmt(r['delta'], m, delta=True)}, 95% interval {fmt_ci(r['ci'], m)}; p {_p(r['p'])}; "
        f"posts {r['n_before']:,} before, {r['n_after']:,} after"
        + (" (too few posts)" if r["too_few"] else "")
    )


def forests(result: dict[str, Any], order: list[str]) -> list[dict[str, Any]]:
    """One interval plot per measure of the effects of every event and stance."""
    out = []
    for m in FOREST_MEASURES:
        rows = [r for r in result["events"] if r["measure"] == m and r["delta"] is not None]
        if not rows:
            continue
        frows = [
            ForestRow(
                label=f"{r['event']} {r['place']} · {r['stance']}",
                stance=r["stance"],
                delta=r["delta"],
                lo=r["ci"][0] if r["ci"] else None,
                hi=r["ci"][1] if r["ci"] else None,
                p=r["p"],
                n_before=r["n_before"],
                n_after=r["n_after"],
                too_few=r["too_few"],
                tip=_tip(r),
            )
            for r in rows
        ]
        k = "volume" if m == "volume" else ("balance" if kind(m) == "balance" else "share")
        out.append(
            {
                "measure": m,
                "name": name(m)[0].upper() + name(m)[1:],
                "svg": forest_chart(
                    frows,
                    chart_id=f"forest-{m}",
                    title=f"Event effects on the {name(m)}",
                    description="Each row: an event and a stance; the point is the value in "
                    f"the {result['meta']['window']} days after the event minus the same days "
                    "before, the line its 95% day-bootstrap interval; hollow grey rows have too "
                    "few posts.",
                    kind=k,
                    stance_order=[*order, "official-supporter"],
                ),
            }
        )
    return out


def event_sections(
    analysis: Analysis, posts: pa.Table, labels: pa.Table, *, window: int
) -> list[dict[str, Any]]:
    """Per event with effects: its rows, and the posts that moved its most telling measure."""
    result = analysis.result
    by_event: dict[int, list[dict]] = {}
    for r in result["events"]:
        by_event.setdefault(r["event"], []).append(r)
    sections = []
    for number, rows in sorted(by_event.items()):
        moved: list[dict[str, Any]] = []
        candidates = [
            r
            for r in rows
            if r["measure"] not in ("volume", GAP_MEASURE)
            and r["p"] is not None
            and r["delta"]
            and not r["too_few"]
        ]
        candidates.sort(key=lambda r: (r["p"], -abs(r["delta"])))
        for r in candidates[:1] + [c for c in candidates[1:] if c["measure"] == PLACE_MEASURE][:1]:
            side, cards = moved_posts(
                posts, labels, r, window=window, mentions=analysis.mentions, cap=MOVED_CAP
            )
            if cards:
                moved.append(
                    {
                        "what": f"{r['stance']} {name(r['measure'])} "
                        f"({fmt(r['delta'], r['measure'], delta=True)}, p {_p(r['p'])})",
                        "side": side,
                        "cards": cards,
                    }
                )
        first = rows[0]
        sections.append(
            {
                "event": number,
                "date": first["date"],
                "place": first["place"],
                "type": first["type"],
                "rows": [effect_row(r) for r in rows],
                "moved": moved,
            }
        )
    return sections


def change_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The change points, formatted for their table."""
    out = []
    for c in result["changepoints"]:
        m = c["measure"]
        near = c.get("nearest_event")
        out.append(
            {
                "date": c["date"],
                "dates": f"{c['date_ci'][0]} to {c['date_ci'][1]}",
                "stance": c["stance"],
                "measure": name(m),
                "before": fmt(c["before"], m),
                "after": fmt(c["after"], m),
                "delta": fmt(c["delta"], m, delta=True),
                "ci": fmt_ci(c["ci"], m),
                "n": f"{c['n_before']:,} → {c['n_after']:,}",
                "near": f"{near['place']} ({near['date']}, {near['days']:+d} days)"
                if near
                else "–",
            }
        )
    return out


def _spread(sd: float | None, measure: str) -> str:
    if sd is None:
        return "–"
    k = kind(measure)
    if k == "share":
        return f"{100 * sd:.1f} pts"
    return f"{sd:.2f}" if k == "balance" else f"{sd:.1f}"


def placebo_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The placebo check per stance and measure, with a warning where the test over-rejects."""
    out = []
    for p in result["placebo"]:
        rate = p["rejection_rate"]
        out.append(
            {
                "stance": p["stance"],
                "measure": name(p["measure"]),
                "dates": p["dates"],
                "sd": _spread(p["delta_sd"], p["measure"]),
                "rate": "–" if rate is None else f"{100 * rate:.1f}%",
                "warn": rate is not None and rate > LEVEL_WARNING,
            }
        )
    return out
