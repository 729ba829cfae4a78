"""Inline SVG interval ("forest") plots of event effects: one row an event and stance.

Each row shows the effect (after minus before) as a point and its 95% bootstrap interval as a
line, against a dashed zero line; the p-value and the posts before and after are written at
the right. Rows over too few posts are drawn hollow and grey. Every piece of text is escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from undertow.report.charts import FONT, stance_style

W, LEFT, RIGHT, TOP, ROW, BOTTOM = 760, 250, 170, 26, 20, 34
_TEXT = 'font-size="11" fill="#3c4043"'
_TICK = 'class="tick" font-size="11" fill="#5f6368"'


@dataclass(slots=True, frozen=True)
class ForestRow:
    """One effect: its label, stance, delta and interval, p, n before/after, tooltip."""

    label: str
    stance: str
    delta: float | None
    lo: float | None
    hi: float | None
    p: float | None
    n_before: int
    n_after: int
    too_few: bool
    tip: str


def _scale(rows: list[ForestRow]) -> float:
    top = max(
        (abs(v) for r in rows for v in (r.delta, r.lo, r.hi) if v is not None and math.isfinite(v)),
        default=0.0,
    )
    if top <= 0:
        return 1.0
    mag = 10.0 ** math.floor(math.log10(top))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= top)


def _tick(v: float, kind: str) -> str:
    if abs(v) < 1e-12:
        return "0"
    if kind == "share":
        return f"{100 * v:+g} pts"
    if kind == "volume":
        return f"{v:+g}"
    return f"{v:+.2g}"


def forest_chart(
    rows: list[ForestRow],
    *,
    chart_id: str,
    title: str,
    description: str,
    kind: str,
    stance_order: list[str],
) -> Markup:
    """Return the SVG of the effects; ``kind`` is ``share``, ``balance`` or ``volume``."""
    height = TOP + ROW * max(len(rows), 1) + BOTTOM
    top = _scale(rows)
    x0, x1 = LEFT + 8, W - RIGHT - 8

    def sx(v: float) -> float:
        return x0 + (max(min(v, top), -top) + top) / (2 * top) * (x1 - x0)

    cid = escape(chart_id)
    out = [
        f'<svg class="chart forest" viewBox="0 0 {W} {height}" role="img" font-family="{FONT}" '
        f'aria-labelledby="{cid}-t {cid}-d" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{cid}-t">{escape(title)}</title>',
        f'<desc id="{cid}-d">{escape(description)}</desc>',
        f'<text x="{W - RIGHT + 6}" y="{TOP - 10}" {_TICK}>p · posts before → after</text>',
    ]
    base = TOP + ROW * max(len(rows), 1)
    for i in range(5):
        v = -top + i * top / 2
        x = sx(v)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP - 4}" y2="{base}" stroke="#ecece7"/>'
            f'<text x="{x:.1f}" y="{base + 15}" text-anchor="middle" {_TICK}>'
            f"{escape(_tick(v, kind))}</text>"
        )
    zero = sx(0.0)
    out.append(
        f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{TOP - 4}" y2="{base}" stroke="#8a8a85" '
        'stroke-dasharray="4 3"/>'
    )
    for i, r in enumerate(rows):
        y = TOP + ROW * i + ROW / 2
        colour = "#9a9a95" if r.too_few else stance_style(r.stance, stance_order)[0]
        label = r.label if len(r.label) <= 40 else r.label[:39] + "…"
        p = "p –" if r.p is None else ("p < 0.001" if r.p < 0.001 else f"p {r.p:.3f}")
        right = f"{p} · {r.n_before:,} → {r.n_after:,}" + (" · too few" if r.too_few else "")
        out.append(f'<g class="effect{" few" if r.too_few else ""}"><title>{escape(r.tip)}</title>')
        if i % 2 == 0:
            out.append(
                f'<rect x="0" y="{y - ROW / 2:.1f}" width="{W}" height="{ROW}" fill="#f6f6f3"/>'
            )
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" {_TEXT}>'
                   f"{escape(label)}</text>")  # fmt: skip
        if r.lo is not None and r.hi is not None:
            out.append(
                f'<line x1="{sx(r.lo):.1f}" x2="{sx(r.hi):.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
        if r.delta is not None:
            fill = "#ffffff" if r.too_few else colour
            out.append(
                f'<circle cx="{sx(r.delta):.1f}" cy="{y:.1f}" r="3.6" fill="{fill}" '
                f'stroke="{colour}" stroke-width="1.4"/>'
            )
        out.append(f'<text x="{W - RIGHT + 6}" y="{y + 4:.1f}" {_TEXT}>{escape(right)}</text></g>')
    out.append("</svg>")
    return Markup("".join(out))
