"""Inline SVG line charts for the report, written by hand (no library, nothing fetched).

One chart shows one measure: a line per stance, a shaded band for the interval, points over too
few posts hollow and grey and left out of the line (and of the band), vertical event markers
numbered as in the events table, month ticks, a legend, and a ``<title>`` tooltip on every
point giving its value, interval and n. Every piece of text is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from undertow.measure.series import SeriesPoint
from undertow.report.scales import next_period, x_labels, y_scale

W, ML, MR, MT, PH, MB, LEG = 760, 56, 18, 52, 210, 38, 40
H = MT + PH + MB + LEG
STANCE_STYLE: dict[str, tuple[str, str]] = {
    "official": ("#0072B2", ""),
    "supporter": ("#D55E00", ""),
    "internal": ("#CC79A7", "6 3"),
    "opponent": ("#009E73", "2 3"),
    "observer": ("#8C6D1F", "8 3 2 3"),
}
_FALLBACK = (("#56B4E9", "4 2"), ("#E69F00", "1 2"), ("#444444", "10 3"))
_EVENT_COLOUR = {"loss": "#9b2226", "gain": "#3a5a40", "other": "#6c757d"}
_CHAR_W = 6.6
_TICK = 'class="tick" font-size="11" fill="#5f6368"'
_YEAR = 'class="tick year" font-size="11" font-weight="600" fill="#3c4043"'
_EVLABEL = 'class="evlabel" font-size="10.5"'
_LEGTEXT = 'class="legend-text" font-size="11.5" fill="#3c4043"'
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, DejaVu Sans, sans-serif"
_LEGEND_CHAR_W = 7.0


@dataclass(slots=True, frozen=True)
class EventMark:
    """An event drawn on a chart: its number in the events table, date, place and kind."""

    number: int
    day: date
    place: str
    kind: str = "other"  # loss, gain or other
    type: str = "other"


@dataclass(slots=True, frozen=True)
class ChangeMark:
    """A change point drawn on a chart: a triangle on the axis and its 95% date interval."""

    stance: str
    day: date
    lo: date
    hi: date
    text: str


def stance_style(stance: str, order: list[str]) -> tuple[str, str]:
    """Return the (colour, dash pattern) of a stance; unknown stances get fallback styles."""
    if stance in STANCE_STYLE:
        return STANCE_STYLE[stance]
    extra = [s for s in order if s not in STANCE_STYLE]
    return _FALLBACK[extra.index(stance) % len(_FALLBACK)] if stance in extra else _FALLBACK[0]


def fmt_value(value: float | None, kind: str) -> str:
    """Format a measure value: a percentage for shares, a signed number for the balance.

    ``kind`` is ``share``, ``balance`` (and ``gap``, a difference of balances) or ``count``.
    """
    if value is None:
        return "undefined"
    if kind in ("balance", "gap"):
        return f"{value:+.2f}"
    if kind == "count":
        return f"{value:,.0f}"
    return f"{100 * value:.1f}%"


def point_tip(p: SeriesPoint, kind: str, freq: str, min_n: int) -> str:
    """Return the tooltip text of a point: stance, period, value, interval and n."""
    when = {"day": "day", "week": "week of", "month": "month of"}[freq]
    lines = [f"{p.stance}, {when} {p.period_start.isoformat()}", fmt_value(p.value, kind)]
    if p.lo is not None and p.hi is not None:
        lines[-1] += f" (95% interval {fmt_value(p.lo, kind)} to {fmt_value(p.hi, kind)})"
    if kind == "balance":
        lines.append(f"{p.pos} positive, {p.neg} negative of {p.n} posts")
    elif kind == "gap":
        lines.append(f"{p.pos} official and {p.neg} supporter posts")
    elif kind == "count":
        lines[-1] += " posts"
    else:
        lines.append(f"{p.k} of {p.n} posts")
    if p.too_few:
        lines.append(f"too few posts (under {min_n}): not drawn as data")
    return "\n".join(lines)


def line_chart(
    by_stance: dict[str, list[SeriesPoint]],
    *,
    chart_id: str,
    title: str,
    description: str,
    x_range: tuple[date, date],
    freq: str,
    kind: str,
    events: list[EventMark],
    min_n: int,
    stance_order: list[str],
    changes: tuple[ChangeMark, ...] | list[ChangeMark] = (),
) -> Markup:
    """Return an accessible inline SVG line chart of one measure, one line per stance.

    ``kind`` is ``share`` (0..max, percent), ``balance`` (-1..1), ``gap`` (a difference of
    balances) or ``count`` (posts). ``x_range`` is the first period start and the end of the
    last period, shared by all charts of a report. ``changes`` are drawn as triangles on the
    time axis with their 95% date interval as a band.
    """
    x0, x1 = x_range
    span = max((x1 - x0).days, 1)
    y0, y1, ystep = y_scale(by_stance, kind)
    cid = escape(chart_id)

    def sx(day: date, offset_days: float = 0.0) -> float:
        return ML + ((day - x0).days + offset_days) / span * (W - ML - MR)

    def sy(v: float) -> float:
        v = min(max(v, y0), y1)
        return MT + PH - (v - y0) / (y1 - y0) * PH

    def px(p: SeriesPoint) -> float:
        return sx(p.period_start, (next_period(p.period_start, freq) - p.period_start).days / 2)

    out = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" font-family="{FONT}" '
        f'aria-labelledby="{cid}-t {cid}-d" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{cid}-t">{escape(title)}</title>',
        f'<desc id="{cid}-d">{escape(description)}</desc>',
        f'<rect x="{ML}" y="{MT}" width="{W - ML - MR}" height="{PH}" fill="#fcfcfa" '
        'stroke="#d9d9d4"/>',
    ]
    # y grid and labels
    n_ticks = round((y1 - y0) / ystep)
    for i in range(n_ticks + 1):
        v = y0 + i * ystep
        y = sy(v)
        strong = kind in ("balance", "gap") and abs(v) < 1e-9
        colour, width = ("#8a8a85", 1.2) if strong else ("#e4e4df", 1)
        out.append(
            f'<line x1="{ML}" x2="{W - MR}" y1="{y:.1f}" y2="{y:.1f}" stroke="{colour}" '
            f'stroke-width="{width}"/>'
        )
        if not abs(v) > 1e-12:
            label = "0"
        elif kind in ("balance", "gap"):
            label = f"{v:+.1f}"
        elif kind == "count":
            label = f"{v:,.0f}" if v >= 1 or v == 0 else f"{v:g}"
        else:
            label = f"{100 * v:.0f}%"
        out.append(f'<text x="{ML - 6}" y="{y + 3.5:.1f}" text-anchor="end" {_TICK}>{label}</text>')
    # x ticks by month
    minor, labels = x_labels(x0, x1, by_stance)
    base = MT + PH
    for m in minor:
        x = sx(m)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{base}" y2="{base + 4}" stroke="#8a8a85"/>'
        )
    for day, top, year in labels:
        x = sx(day)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{MT}" y2="{base + 6}" stroke="#efefea"/>')
        out.append(f'<text x="{x:.1f}" y="{base + 17}" text-anchor="middle" {_TICK}>{top}</text>')
        if year:
            out.append(
                f'<text x="{x:.1f}" y="{base + 30}" text-anchor="middle" {_YEAR}>{year}</text>'
            )
    # events
    rows_end = [-1e9, -1e9, -1e9]
    for ev in events:
        if not x0 <= ev.day <= x1:
            continue
        x = sx(ev.day)
        colour = _EVENT_COLOUR.get(ev.kind, _EVENT_COLOUR["other"])
        tip = escape(f"Event {ev.number}: {ev.day.isoformat()}, {ev.place} ({ev.type})")
        out.append(
            f'<g class="event"><title>{tip}</title><line x1="{x:.1f}" x2="{x:.1f}" '
            f'y1="{MT - 6}" y2="{base}" stroke="{colour}" stroke-width="1" '
            'stroke-dasharray="3 3"/>'
        )
        place = ev.place if len(ev.place) <= 16 else ev.place[:15] + "…"
        for text in (f"{ev.number} {place}", str(ev.number)):
            width = len(text) * _CHAR_W
            anchor, left = ("start", x + 2) if x + 2 + width <= W - MR else ("end", x - 2 - width)
            row = next((r for r in range(3) if left > rows_end[r] + 4), None)
            if row is not None:
                rows_end[row] = left + width
                tx = x + 2 if anchor == "start" else x - 2
                out.append(
                    f'<text x="{tx:.1f}" y="{14 + 13 * row}" text-anchor="{anchor}" '
                    f'{_EVLABEL} fill="{colour}">{escape(text)}</text>'
                )
                break
        out.append("</g>")
    # series: bands, lines, points
    for stance in [s for s in stance_order if s in by_stance]:
        colour, dash = stance_style(stance, stance_order)
        points = [p for p in by_stance[stance] if p.value is not None]
        segments: list[list[SeriesPoint]] = []
        prev: SeriesPoint | None = None
        for p in points:
            if p.too_few:
                prev = None
                continue
            if prev is not None and next_period(prev.period_start, freq) == p.period_start:
                segments[-1].append(p)
            else:
                segments.append([p])
            prev = p
        out.append(f'<g class="series" data-stance="{escape(stance)}">')
        for seg in segments:
            banded = [p for p in seg if p.lo is not None and p.hi is not None]
            if len(banded) > 1:
                upper = " ".join(f"{px(p):.1f},{sy(p.hi):.1f}" for p in banded)
                lower = " ".join(f"{px(p):.1f},{sy(p.lo):.1f}" for p in reversed(banded))
                out.append(
                    f'<polygon points="{upper} {lower}" fill="{colour}" '
                    'fill-opacity="0.13" stroke="none"/>'
                )
            elif banded:
                p = banded[0]
                out.append(
                    f'<line x1="{px(p):.1f}" x2="{px(p):.1f}" y1="{sy(p.lo):.1f}" '
                    f'y2="{sy(p.hi):.1f}" stroke="{colour}" stroke-opacity="0.35" '
                    'stroke-width="3"/>'
                )
            if len(seg) > 1:
                line = " ".join(f"{px(p):.1f},{sy(p.value):.1f}" for p in seg)
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                out.append(
                    f'<polyline points="{line}" fill="none" stroke="{colour}" '
                    f'stroke-width="1.8" stroke-linejoin="round"{dash_attr}/>'
                )
        for p in points:
            tip = escape(point_tip(p, kind, freq, min_n))
            x, y = px(p), sy(p.value)
            if p.too_few:
                out.append(
                    f'<circle class="few" cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#ffffff" '
                    f'stroke="#9a9a95" stroke-width="1.2"><title>{tip}</title></circle>'
                )
            else:
                out.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.6" fill="{colour}">'
                    f"<title>{tip}</title></circle>"
                )
        out.append("</g>")
    for ch in changes:
        if not x0 <= ch.day <= x1:
            continue
        colour = stance_style(ch.stance, stance_order)[0]
        x, xl, xh = sx(ch.day), sx(max(ch.lo, x0)), sx(min(ch.hi, x1), 1.0)
        out.append(
            f'<g class="change"><title>{escape(ch.text)}</title>'
            f'<rect x="{xl:.1f}" y="{base - 7}" width="{max(xh - xl, 1.5):.1f}" height="7" '
            f'fill="{colour}" fill-opacity="0.25"/>'
            f'<path d="M{x:.1f},{base - 9} l-5,9 l10,0 z" fill="{colour}" stroke="#ffffff" '
            'stroke-width="0.8"/></g>'
        )
    out.append(
        _legend([s for s in stance_order if s in by_stance], stance_order, min_n, bool(changes))
    )
    out.append("</svg>")
    return Markup("".join(out))


def _legend(stances: list[str], order: list[str], min_n: int, changes: bool = False) -> str:
    """Return the legend: stance lines, the interval band, hollow points, events, changes."""
    items: list[tuple[str, str]] = []  # (symbol svg with {x} {y} placeholders, text)
    for stance in stances:
        colour, dash = stance_style(stance, order)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        items.append(
            (
                f'<line x1="{{x}}" x2="{{x22}}" y1="{{ym}}" y2="{{ym}}" stroke="{colour}" '
                f'stroke-width="2"{dash_attr}/>',
                stance,
            )
        )
    items.append(
        (
            '<rect x="{x}" y="{yt}" width="22" height="9" fill="#555" fill-opacity="0.13"/>',
            "95% interval",
        )
    )
    items.append(
        (
            '<circle cx="{xc}" cy="{ym}" r="3" fill="#fff" stroke="#9a9a95" stroke-width="1.2"/>',
            f"under {min_n} posts",
        )
    )
    items.append(
        (
            '<line x1="{xc}" x2="{xc}" y1="{yt}" y2="{yb}" stroke="#9b2226" '
            'stroke-dasharray="3 3"/>',
            "event",
        )
    )
    if changes:
        items.append(
            ('<path d="M{xc},{yt} l-5,9 l10,0 z" fill="#555"/>', "change point (95% dates)")
        )
    out = ['<g class="legend">']
    x, y = float(ML), H - LEG + 14
    for symbol, text in items:
        width = 30 + len(text) * _LEGEND_CHAR_W
        if x + width > W - MR and x > ML:
            x, y = float(ML), y + 16
        out.append(
            symbol.format(
                x=f"{x:.1f}", x22=f"{x + 22:.1f}", xc=f"{x + 11:.1f}", ym=y - 4, yt=y - 9, yb=y + 1
            )
        )
        out.append(f'<text x="{x + 27:.1f}" y="{y}" {_LEGTEXT}>{escape(text)}</text>')
        x += width + 12
    out.append("</g>")
    return "".join(out)
