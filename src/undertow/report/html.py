"""The self-contained HTML report: one file, inline CSS and SVG, nothing fetched.

``render_report(posts, labels, events, title=..., meta=...)`` reads the workspace tables and
returns the HTML text. Sections: header (workspace, time, analyzers, evaluated accuracy,
synthetic banner), corpus summary, weekly charts with intervals, events and change points,
events table, event study (effects with intervals, placebo check, the posts that moved each
event's measure), change points, propaganda gap and official output, the most telling posts per
label, the incitement list, and the blamed causes of defeat.

Every number about measures comes from :func:`undertow.measure.run.analyse` (the result that
``undertow measure --json`` prints), computed here or passed in as ``analysis``.

All post-derived text goes through Jinja's autoescape; the only HTML built from post text is
the evidence highlighting of :func:`undertow.report.select.highlight`, made of escaped pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
import pyarrow as pa

from undertow.analyzers.base import CAUSES, LABELS
from undertow.events import Event
from undertow.measure.causes import cause_counts
from undertow.measure.run import Analysis, analyse
from undertow.measure.series import summary
from undertow.measure.table import with_post_rows
from undertow.post import STANCES
from undertow.report.charts import EventMark, stance_style
from undertow.report.effects import change_rows, event_sections, forests, placebo_rows
from undertow.report.select import incitement_posts, telling_posts
from undertow.report.timeline import gap_charts, series_charts

INCITEMENT_CAP = 200
PER_LANG = 5
LABEL_NOTES: dict[str, str] = {
    "despair": "hopelessness about the movement",
    "worry": "fear of losses or threats to come",
    "failure_analysis": "explains why a defeat happened",
    "consolation": "comforts fellow members",
    "defiance": "insists on victory despite setbacks",
    "rebuke": "criticises fellow members' despair or impatience",
    "incitement": "calls for, threatens or glorifies violence",
    "triumphalism": "boasts of victories with no setback in view",
    "admission": "acknowledges the movement's own loss",
}
LANG_NAMES: dict[str, str] = {
    "ar": "Arabic", "en": "English", "fr": "French", "de": "German", "tr": "Turkish",
    "ru": "Russian", "ur": "Urdu", "fa": "Persian", "ku": "Kurdish", "id": "Indonesian",
    "und": "Undetermined",
}  # fmt: skip
_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_LABEL_SCHEMA = pa.schema(
    [
        ("post_id", pa.string()),
        ("label", pa.string()),
        ("score", pa.float64()),
        ("spans", pa.list_(pa.list_(pa.int32()))),
        ("detail", pa.string()),
        ("analyzer", pa.string()),
    ]
)


@dataclass(slots=True)
class ReportMeta:
    """What the report says about itself: where it comes from and how far to trust it."""

    workspace: str
    generated_at: datetime
    analyzers: list[str] = field(default_factory=list)
    accuracy_note: str | None = None
    synthetic: bool = False
    min_n: int = 20
    window: int = 14
    seed: int = 0


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["langtag"] = lambda v: v if isinstance(v, str) and _LANG_TAG.fullmatch(v) else ""
    env.filters["num"] = lambda v: f"{v:,}"
    env.filters["plural"] = lambda n, word: f"{n:,} {word}{'' if n == 1 else 's'}"
    env.filters["pct"] = lambda k, n: f"{100 * k / n:.1f}%" if n else "–"
    return env


_ENV = _environment()


def _stance_order(present: list[str]) -> list[str]:
    return [s for s in STANCES if s in present] + sorted(s for s in present if s not in STANCES)


def _event_kind(event: Event) -> str:
    if event.is_loss:
        return "loss"
    return "gain" if event.type == "isis_gain" else "other"


def render_report(
    posts: pa.Table,
    labels: pa.Table | None,
    events: list[Event],
    *,
    title: str,
    meta: ReportMeta,
    analysis: Analysis | None = None,
    gazetteer: Any = None,
) -> str:
    """Return the report as one self-contained HTML document (no external resource at all).

    Only the posts shown are read in full (at most ~5 per label and language, up to 200
    incitement posts, a few per event), so the time grows little with the size of the corpus.
    ``analysis`` is the measure result to show (from :func:`undertow.measure.run.analyse` with
    ``freq="week"``); without it, it is computed here with the meta's window, min_n and seed
    (and ``gazetteer`` for the place mentions).
    """
    if labels is None or not {"post_id", "label", "score"} <= set(labels.column_names):
        labels = _LABEL_SCHEMA.empty_table()
    ctx: dict[str, Any] = {
        "title": title,
        "meta": meta,
        "generated": meta.generated_at.isoformat(timespec="minutes"),
        "empty": posts.num_rows == 0,
        "labels_all": LABELS,
        "label_notes": LABEL_NOTES,
        "causes_all": CAUSES,
        "incitement_cap": INCITEMENT_CAP,
        "per_lang": PER_LANG,
        "lang_names": LANG_NAMES,
    }
    numbered = list(enumerate(events, start=1))
    ctx["events"] = [
        {"n": n, "e": e, "kind": _event_kind(e), "in_range": False} for n, e in numbered
    ]
    if ctx["empty"]:
        return _ENV.get_template("report.html.j2").render(**ctx)

    labels = with_post_rows(posts, labels)  # join labels to posts once for every section
    summ = summary(posts, labels)
    order = _stance_order(list(summ["by_stance"]))
    if analysis is None:
        analysis = analyse(posts, labels, events, window=meta.window, freq="week",
                           min_n=meta.min_n, seed=meta.seed, gazetteer=gazetteer)  # fmt: skip
    result = analysis.result
    first: date | None = summ["first"]
    last: date | None = summ["last"]
    for row in ctx["events"]:
        row["in_range"] = first is not None and last is not None and first <= row["e"].date <= last
    marks = [
        EventMark(n, e.date, e.place, _event_kind(e), e.type)
        for (n, e), row in zip(numbered, ctx["events"], strict=True)
        if row["in_range"]
    ]
    ctx.update(
        summary=summ,
        stances=order,
        stance_colours={s: stance_style(s, order)[0] for s in order},
        charts=series_charts(result, order, marks, meta.min_n),
        gap_charts=gap_charts(result, order, marks, meta.min_n),
        gap_rows=result["gap"],
        forests=forests(result, order),
        event_sections=event_sections(analysis, posts, labels, window=meta.window),
        change_rows=change_rows(result),
        placebo=placebo_rows(result),
        measure_meta=result["meta"],
        telling={name: telling_posts(posts, labels, name, per_lang=PER_LANG) for name in LABELS},
        causes=cause_counts(posts, labels),
    )
    ctx["incitement"], ctx["incitement_rest"] = incitement_posts(posts, labels, cap=INCITEMENT_CAP)
    return _ENV.get_template("report.html.j2").render(**ctx)
