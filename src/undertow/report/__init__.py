"""Reports: the self-contained HTML report and the pieces it is built from."""

from __future__ import annotations

from undertow.report.html import ReportMeta, render_report

__all__ = ["ReportMeta", "render_report"]
