"""The overview's figures: the measures per stance over time, with events, as linked charts.

The numbers are those of ``undertow measure`` (:func:`undertow.measure.run.measure` over the
workspace, whose labels are the *effective* ones: analyst corrections applied): weekly series
per stance with intervals, event effects, change points and the propaganda gap. The series are
drawn with the report's SVG charts (:func:`undertow.report.charts.line_chart`); every point is
wrapped in a link to the posts it counts. The whole-period figures per stance are computed as
:func:`undertow.measure.headline.headline` computes them (the lines ``undertow demo`` prints).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import numpy as np
import pyarrow as pa
from markupsafe import Markup, escape

from undertow.events import Event
from undertow.measure import digest
from undertow.measure.intervals import bootstrap_balance, wilson
from undertow.measure.run import measure as run_measure
from undertow.measure.run import summarize
from undertow.measure.series import SeriesPoint, label_flags
from undertow.post import STANCES
from undertow.report.charts import EventMark, fmt_value, line_chart, next_period
from undertow.web.state import Snapshot

MIN_N = 20
WINDOW = 14
#: (measure, title, kind, labels behind a point, description)
CHARTS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    (
        "distress_share",
        "Distress share",
        "share",
        ("despair", "worry"),
        "Share of posts coded despair or worry.",
    ),
    (
        "morale_balance",
        "Morale balance",
        "balance",
        ("defiance", "triumphalism", "despair", "worry"),
        "(P - N) / (P + N): P posts coded defiance or triumphalism, N despair or worry.",
    ),
    (
        "admission_rate",
        "Admission rate",
        "share",
        ("admission",),
        "Share of posts coded admission (the movement's own losses acknowledged).",
    ),
    (
        "incitement_rate",
        "Incitement rate",
        "share",
        ("incitement",),
        "Share of posts coded incitement.",
    ),
)
_SERIES_RE = re.compile(r'(<g class="series" data-stance="([^"]*)">)(.*?)(</g>)', re.S)
_CIRCLE_RE = re.compile(r"<circle\b.*?</circle>", re.S)


@dataclass(slots=True)
class StanceFigures:
    """Whole-period figures of one stance (as ``undertow measure`` prints them)."""

    stance: str
    n: int
    distress_k: int
    distress: str
    distress_ci: str
    pos: int
    neg: int
    balance: str
    balance_ci: str
    admission_k: int
    incitement_k: int


@dataclass(slots=True)
class Overview:
    """Everything the overview page shows."""

    posts: int
    timed: int
    first: date | None
    last: date | None
    stances: list[str]
    figures: list[StanceFigures]
    by_stance_label: dict[str, dict[str, int]]
    charts: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    untimed: int = 0
    summary: list[str] = field(default_factory=list)
    effects: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    gap: list[dict[str, Any]] = field(default_factory=list)


def stance_order(present: list[str]) -> list[str]:
    """Stances in the codebook's order, unknown ones after, alphabetically."""
    return [s for s in STANCES if s in present] + sorted(s for s in present if s not in STANCES)


def event_kind(event: Event) -> str:
    """``loss``, ``gain`` or ``other``, for the colour of an event marker."""
    if event.is_loss:
        return "loss"
    return "gain" if event.type == "isis_gain" else "other"


def posts_href(stance: str, start: date, end: date, labels: tuple[str, ...] = ()) -> str:
    """Return the posts page URL of one stance between two dates (inclusive), some labels."""
    params = [("stance", stance), ("from", start.isoformat()), ("to", end.isoformat())]
    params += [("label", label) for label in labels]
    return "/posts?" + urlencode(params)


def link_points(svg: Markup, by_stance: dict[str, list[SeriesPoint]], href) -> Markup:
    """Wrap every point of a :func:`line_chart` SVG in a link given by ``href(point)``.

    The chart draws, per stance, a ``<g class="series">`` whose circles are its points with a
    value, in time order; a group whose circles do not match is left without links.
    """

    def one_series(m: re.Match[str]) -> str:
        head, stance_attr, body, tail = m.group(1), m.group(2), m.group(3), m.group(4)
        stance = next((s for s in by_stance if str(escape(s)) == stance_attr), None)
        if stance is None:
            return m.group(0)
        points = [p for p in by_stance[stance] if p.value is not None]
        circles = _CIRCLE_RE.findall(body)
        if len(circles) != len(points):
            return m.group(0)
        it = iter(points)

        def wrap(c: re.Match[str]) -> str:
            return f'<a class="pt" href="{escape(href(next(it)))}">{c.group(0)}</a>'

        return head + _CIRCLE_RE.sub(wrap, body) + tail

    return Markup(_SERIES_RE.sub(one_series, str(svg)))


def _tables(snap: Snapshot) -> tuple[pa.Table, pa.Table]:
    cur = snap.cursor()
    posts = cur.sql("select id, stance, created_at from meta").to_arrow_table()
    labels = cur.sql("select post_id, label, score from lab").to_arrow_table()
    return posts, labels


def _figures(posts: pa.Table, labels: pa.Table, order: list[str]) -> list[StanceFigures]:
    flags = label_flags(posts, labels)
    stance = np.asarray(posts["stance"].to_pylist(), dtype=object)
    neg_all = flags["despair"] | flags["worry"]
    pos_all = flags["defiance"] | flags["triumphalism"]
    out = []
    for s in order:
        rows = stance == s
        n = int(rows.sum())
        k = int((neg_all & rows).sum())
        lo, hi = wilson(k, n)
        pos, neg = pos_all[rows].astype(np.int8), neg_all[rows].astype(np.int8)
        p, q = int(pos.sum()), int(neg.sum())
        if p + q:
            blo, bhi = bootstrap_balance(pos, neg, reps=500, seed=0)
            bal, bal_ci = f"{(p - q) / (p + q):+.2f}", f"{blo:+.2f} to {bhi:+.2f}"
        else:
            bal, bal_ci = "undefined", "no morale-bearing posts"
        out.append(
            StanceFigures(
                stance=s,
                n=n,
                distress_k=k,
                distress=f"{k / n:.1%}" if n else "–",
                distress_ci=f"{lo:.1%} to {hi:.1%}" if n else "–",
                pos=p,
                neg=q,
                balance=bal,
                balance_ci=bal_ci,
                admission_k=int((flags["admission"] & rows).sum()),
                incitement_k=int((flags["incitement"] & rows).sum()),
            )
        )
    return out


def series_points(rows: list[dict[str, Any]], measure: str) -> dict[str, list[SeriesPoint]]:
    """The weekly per-stance rows of one measure of a ``measure()`` result, as chart points."""
    out: dict[str, list[SeriesPoint]] = {}
    for r in rows:
        if r["by"] != "stance" or r["measure"] != measure:
            continue
        ci = r.get("ci") or (None, None)
        pos, neg = int(r.get("pos") or 0), int(r.get("neg") or 0)
        out.setdefault(r["stance"], []).append(
            SeriesPoint(
                period_start=date.fromisoformat(r["period"]),
                stance=r["stance"],
                n=int(r["n"]),
                measure=measure,
                value=r["value"],
                lo=ci[0],
                hi=ci[1],
                k=pos - neg if measure == "morale_balance" else int(r["k"]),
                too_few=bool(r["too_few"]),
                pos=pos,
                neg=neg,
            )
        )
    for points in out.values():
        points.sort(key=lambda p: p.period_start)
    return out


def _charts(
    rows: list[dict[str, Any]], freq: str, order: list[str], marks: list[EventMark]
) -> list[dict[str, Any]]:
    starts = [date.fromisoformat(r["period"]) for r in rows if r["by"] == "stance"]
    if not starts:
        return []
    x_range = (min(starts), next_period(max(starts), freq))
    charts = []
    for measure, name, kind, labels, about in CHARTS:
        by_stance = series_points(rows, measure)
        svg = line_chart(
            by_stance,
            chart_id=f"chart-{measure}",
            title=f"{name} per stance and {freq}",
            description=f"{about} Bands: 95% intervals. Hollow points: {freq}s under {MIN_N} "
            "posts. Dashed lines: events. Click a point to open the posts it counts.",
            x_range=x_range,
            freq=freq,
            kind=kind,
            events=marks,
            min_n=MIN_N,
            stance_order=order,
        )

        def href(p: SeriesPoint, labels: tuple[str, ...] = labels) -> str:
            """The posts a point counts; the whole group's when it counts none."""
            end = next_period(p.period_start, freq) - timedelta(days=1)
            counted = (p.pos + p.neg) if p.measure == "morale_balance" else p.k
            return posts_href(p.stance, p.period_start, end, labels if counted else ())

        points = [
            {
                "start": p.period_start,
                "stance": p.stance,
                "n": p.n,
                "count": f"{p.pos} / {p.neg}" if kind == "balance" else str(p.k),
                "value": fmt_value(p.value, kind),
                "interval": f"{fmt_value(p.lo, kind)} to {fmt_value(p.hi, kind)}"
                if p.lo is not None and p.hi is not None
                else "–",
                "few": p.too_few,
                "href": href(p),
            }
            for s in order
            for p in by_stance.get(s, [])
        ]
        points.sort(key=lambda r: (r["start"], order.index(r["stance"])))
        charts.append(
            {
                "measure": measure,
                "name": name,
                "about": about,
                "kind": kind,
                "svg": link_points(svg, by_stance, href),
                "rows": points,
            }
        )
    return charts


def _effects(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Event effects over enough posts, smallest p first (at most 30)."""
    rows = [r for r in result["events"] if not r["too_few"] and r["p"] is not None]
    rows.sort(key=lambda r: (r["p"], r["date"], r["stance"], r["measure"]))
    return [
        {
            **r,
            "before_s": digest.fmt(r["before"], r["measure"]),
            "after_s": digest.fmt(r["after"], r["measure"]),
            "delta_s": digest.fmt(r["delta"], r["measure"], delta=True),
            "ci_s": digest.fmt_ci(r["ci"], r["measure"]),
            "name": digest.name(r["measure"]),
        }
        for r in rows[:30]
    ]


def _changes(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            **r,
            "before_s": digest.fmt(r["before"], r["measure"]),
            "after_s": digest.fmt(r["after"], r["measure"]),
            "delta_s": digest.fmt(r["delta"], r["measure"], delta=True),
            "ci_s": digest.fmt_ci(r["ci"], r["measure"]),
            "name": digest.name(r["measure"]),
        }
        for r in result["changepoints"][:30]
    ]


def build_overview(snap: Snapshot, events: list[Event]) -> Overview:
    """Compute the overview of a snapshot (cache it: it does not change within a snapshot).

    The weekly series, event effects, change points and gap are those of ``undertow
    measure`` (:func:`undertow.measure.run.measure`, window 14 days, weeks, 20 posts at least).
    """
    result = run_measure(snap.ws, events=events or None, window=WINDOW, freq="week", min_n=MIN_N)
    meta = result["meta"]
    posts, labels = _tables(snap)
    order = stance_order(sorted({str(s) for s in posts["stance"].to_pylist()}))
    by_stance_label: dict[str, dict[str, int]] = {}
    for stance, label, n in (
        snap.cursor()
        .execute(
            "select m.stance, l.label, count(distinct l.post_id) from lab l join meta m "
            "on m.id = l.post_id group by all"
        )
        .fetchall()
    ):
        by_stance_label.setdefault(stance, {})[label] = int(n)
    first = date.fromisoformat(meta["first"]) if meta["first"] else None
    last = date.fromisoformat(meta["last"]) if meta["last"] else None
    rows, marks = [], []
    for number, e in enumerate(events, start=1):
        inside = first is not None and last is not None and first <= e.date <= last
        rows.append({"n": number, "e": e, "kind": event_kind(e), "inside": inside})
        if inside:
            marks.append(EventMark(number, e.date, e.place, event_kind(e), e.type))
    gap = [g for g in result["gap"] if not g["too_few"] and g["gap"] is not None]
    return Overview(
        posts=int(meta["posts"]),
        timed=int(meta["timed"]),
        untimed=int(meta["untimed"]),
        first=first,
        last=last,
        stances=order,
        figures=_figures(posts, labels, order),
        by_stance_label=by_stance_label,
        charts=_charts(result["series"], meta["freq"], order, marks),
        events=rows,
        summary=summarize(result),
        effects=_effects(result),
        changes=_changes(result),
        gap=gap[-12:],
    )
