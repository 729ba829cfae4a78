"""The short human summary of a measure result, and how each measure's numbers are written."""

from __future__ import annotations

from typing import Any

MEASURE_NAMES: dict[str, str] = {
    "volume": "posts a day",
    "distress_share": "distress share",
    "morale_balance": "morale balance",
    "admission_rate": "admission rate",
    "incitement_rate": "incitement rate",
    "place_mentions": "mentions of the place",
    "propaganda_gap": "propaganda gap",
}
MAX_LINES = 12


def kind(measure: str) -> str:
    """Return how a measure is written: ``volume``, ``balance`` (signed) or ``share`` (%)."""
    if measure == "volume":
        return "volume"
    if measure in ("morale_balance", "propaganda_gap"):
        return "balance"
    return "share"


def fmt(value: float | None, measure: str, *, delta: bool = False) -> str:
    """Format a value of ``measure`` (a difference when ``delta``): 12.3%, +0.41, 35.2."""
    if value is None:
        return "undefined"
    k = kind(measure)
    if k == "share":
        return f"{100 * value:+.1f} pts" if delta else f"{100 * value:.1f}%"
    if k == "balance":
        return f"{value:+.2f}"
    return f"{value:+.1f}" if delta else f"{value:.1f}"


def fmt_ci(ci: list[float | None] | None, measure: str, *, delta: bool = True) -> str:
    """Format an interval as ``[lo, hi]``, or ``no interval``."""
    if not ci or ci[0] is None or ci[1] is None:
        return "no interval"
    if kind(measure) == "share" and delta:
        return f"[{100 * ci[0]:+.1f}, {100 * ci[1]:+.1f}]"
    return f"[{fmt(ci[0], measure, delta=delta)}, {fmt(ci[1], measure, delta=delta)}]"


def name(measure: str) -> str:
    """Return the readable name of a measure."""
    return MEASURE_NAMES.get(measure, measure.replace("_", " "))


def event_line(r: dict[str, Any]) -> str:
    """One event effect: place, stance, measure, before -> after, delta, interval, p, n."""
    m = r["measure"]
    p = "p n/a" if r["p"] is None else f"p = {r['p']:.3f}"
    few = " (too few posts)" if r.get("too_few") else ""
    return (
        f"{r['date']} {r['place']}, {r['stance']}: {name(m)} {fmt(r['before'], m)} -> "
        f"{fmt(r['after'], m)} ({fmt(r['delta'], m, delta=True)}, 95% CI {fmt_ci(r['ci'], m)}; "
        f"{p}; n {r['n_before']:,} -> {r['n_after']:,}){few}"
    )


def change_line(r: dict[str, Any]) -> str:
    """One change point: stance, measure, date and its interval, step, nearest event."""
    m = r["measure"]
    near = r.get("nearest_event")
    where = ""
    if near:
        where = f"; nearest event {near['date']} {near['place']} ({near['days']:+d} days)"
    return (
        f"{r['date']} [{r['date_ci'][0]} to {r['date_ci'][1]}] {r['stance']} {name(m)}: "
        f"{fmt(r['before'], m)} -> {fmt(r['after'], m)} ({fmt(r['delta'], m, delta=True)}, "
        f"95% CI {fmt_ci(r['ci'], m)}; n {r['n_before']:,} -> {r['n_after']:,}){where}"
    )


def summary_lines(result: dict[str, Any]) -> list[str]:
    """Return the summary printed by ``undertow measure`` without ``--json``."""
    meta = result["meta"]
    lines = [
        f"Measured {meta['posts']:,} posts ({meta['untimed']:,} without a time) from "
        f"{meta['first'] or '-'} to {meta['last'] or '-'}; window {meta['window']} days; "
        f"series per {meta['freq']}; bins under {meta['min_n']} posts marked too few."
    ]
    events = [r for r in result["events"] if r["p"] is not None]
    solid = [r for r in events if not r["too_few"]]
    hits = sorted((r for r in solid if r["p"] < 0.05), key=lambda r: (r["p"], r["date"]))
    if meta.get("events"):
        lines.append(
            f"Event effects: {len(events):,} computed over {meta['events']} events "
            f"({len(events) - len(solid):,} with too few posts); {len(hits):,} with p < 0.05 "
            f"(about {0.05 * len(solid):.0f} expected by chance)."
        )
        lines += ["  " + event_line(r) for r in hits[:MAX_LINES]]
        if len(hits) > MAX_LINES:
            lines.append(f"  ... and {len(hits) - MAX_LINES:,} more (see --json).")
        rates = [p["rejection_rate"] for p in result["placebo"] if p["rejection_rate"] is not None]
        dates = max((p["dates"] for p in result["placebo"]), default=0)
        if rates:
            rate = 100 * sum(rates) / len(rates)
            lines.append(
                f"Placebo check: at up to {dates} non-event dates, {rate:.1f}% of permutation "
                "tests had p < 0.05 (5% expected when the test holds its level)."
            )
        if result["events_outside"]:
            lines.append(
                f"{len(result['events_outside'])} events fall outside the posts' dates and are "
                "not measured."
            )
    changes = result["changepoints"]
    lines.append(f"Change points: {len(changes):,}.")
    lines += ["  " + change_line(r) for r in changes[:MAX_LINES]]
    if len(changes) > MAX_LINES:
        lines.append(f"  ... and {len(changes) - MAX_LINES:,} more (see --json).")
    gap = [g for g in result["gap"] if not g["too_few"] and g["gap"] is not None]
    if gap:
        last = gap[-1]
        mean = sum(g["gap"] for g in gap) / len(gap)
        lines.append(
            f"Propaganda gap (official minus supporter morale balance): mean {mean:+.2f} over "
            f"{len(gap)} periods; last {last['gap']:+.2f} {fmt_ci(last['ci'], 'propaganda_gap')} "
            f"({meta['freq']} of {last['period']}; n {last['n_official']:,} official, "
            f"{last['n_supporter']:,} supporter)."
        )
    elif result["gap"]:
        lines.append("Propaganda gap: every period has too few posts of one of the two voices.")
    return lines
