"""Predictions in the ``evaluate`` format from any analyzer's annotations.

:func:`undertow.evaluate.evaluate` reads one prediction a post (``id``, ``labels``,
``evidence``, ``causes``, ``incitement``), as :func:`undertow.model.coding.code_posts` writes
them. An analyzer (the cue lists, the LLM backend, a plug-in) returns annotations instead, one
per assigned label; :func:`predictions` turns those into the same shape, so that
``undertow evaluate --analyzer NAME`` scores any installed analyzer.
"""

from __future__ import annotations

from typing import Any

from undertow.analyzers.base import Analyzer, PostView

__all__ = ["post_views", "predictions"]


def post_views(records: list[dict[str, Any]]) -> list[PostView]:
    """Post views of gold-format records (missing id: the row number; missing language: ``und``)."""
    return [
        PostView(str(r.get("id", i)), r["text"], r.get("lang") or "und", r.get("stance"))
        for i, r in enumerate(records)
    ]


def predictions(analyzer: Analyzer, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Code gold-format ``records`` with ``analyzer``; one prediction a record, same order."""
    views = post_views(records)
    by: dict[str, dict[str, Any]] = {
        v.id: {"id": v.id, "labels": [], "evidence": {}, "causes": [], "incitement": None}
        for v in views
    }
    for a in analyzer.analyze(views):
        p = by[a.post_id]
        p["labels"].append(a.label)
        p["evidence"][a.label] = [list(s) for s in a.spans]
        if a.label == "failure_analysis":
            p["causes"] = list(a.detail.get("causes", []))
        if a.label == "incitement":
            p["incitement"] = {"target": a.detail.get("target"), "form": a.detail.get("form")}
    return [by[v.id] for v in views]
