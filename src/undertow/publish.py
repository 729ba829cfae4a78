"""Publish a workspace as a self-contained HTML report, or as that report printed to PDF.

Labels are the effective ones: analyst corrections win over the models (see
:mod:`undertow.corrections`).
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from undertow.accuracy import accuracy_note
from undertow.errors import InputError
from undertow.events import Event, load_events
from undertow.measure.run import workspace_gazetteer
from undertow.pdf import find_chromium, render_pdf
from undertow.report.html import ReportMeta, render_report
from undertow.store import label_keys, read_labels, read_posts
from undertow.workspace import Workspace


def write_report(
    ws: Workspace,
    out: str | Path,
    *,
    events: str | Path | list[Event] | None = None,
    title: str | None = None,
    min_n: int = 20,
) -> Path:
    """Render the report of ``ws`` into ``out`` (written atomically) and return its path.

    An ``out`` ending in ``.pdf`` gets the HTML report printed by Chromium (:mod:`undertow.pdf`).
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise InputError(
            f"{out}: the report is HTML or PDF; give an output path ending in .html or .pdf."
        )
    if not out.parent.is_dir():
        raise InputError(f"Folder {out.parent} does not exist; create it or pick another -o path.")
    if suffix == ".pdf":
        find_chromium()  # say that Chromium is missing before the report is computed
    evs = load_events(events) if isinstance(events, str | Path) else list(events or [])
    keys = label_keys(ws)
    posts = read_posts(ws)
    labels = read_labels(ws, keys)
    meta = ReportMeta(
        workspace=ws.name,
        generated_at=datetime.now(UTC),
        analyzers=keys,
        accuracy_note=accuracy_note(keys),
        synthetic=bool(ws.meta.get("synthetic")),
        min_n=min_n,
    )
    html = render_report(
        posts,
        labels,
        evs,
        title=title or f"undertow report: {ws.name}",
        meta=meta,
        gazetteer=workspace_gazetteer(ws),
    )
    if suffix == ".pdf":
        with tempfile.TemporaryDirectory(prefix="undertow-report-") as folder:
            page = Path(folder) / "report.html"
            page.write_text(html, encoding="utf-8")
            return render_pdf(page, out)
    tmp = out.with_name(f".{out.name}.part")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    return out
