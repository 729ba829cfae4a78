"""Publish a workspace as a self-contained HTML report."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from undertow.errors import InputError
from undertow.events import Event, load_events
from undertow.report.html import ReportMeta, render_report
from undertow.store import label_keys, read_labels, read_posts
from undertow.workspace import Workspace

ACCURACY_NOTE = (
    "Coded by transparent bilingual cue lists (codebook.cues.v1). Its accuracy on the "
    "project's dev gold sets is published in docs/accuracy.md; treat rare labels with care."
)


def write_report(
    ws: Workspace,
    out: str | Path,
    *,
    events: str | Path | list[Event] | None = None,
    title: str | None = None,
    min_n: int = 20,
) -> Path:
    """Render the report of ``ws`` into ``out`` (written atomically) and return its path."""
    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"{out}: the report is HTML; give an output path ending in .html.")
    if not out.parent.is_dir():
        raise InputError(f"Folder {out.parent} does not exist; create it or pick another -o path.")
    evs = load_events(events) if isinstance(events, str | Path) else list(events or [])
    keys = label_keys(ws)
    posts = read_posts(ws)
    labels = read_labels(ws, keys)
    meta = ReportMeta(
        workspace=ws.name,
        generated_at=datetime.now(UTC),
        analyzers=keys,
        accuracy_note=ACCURACY_NOTE,
        synthetic=bool(ws.meta.get("synthetic")),
        min_n=min_n,
    )
    html = render_report(
        posts, labels, evs, title=title or f"undertow report: {ws.name}", meta=meta
    )
    tmp = out.with_name(f".{out.name}.part")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    return out
