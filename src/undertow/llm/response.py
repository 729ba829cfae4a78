"""Turn a model's answer into annotations, trusting nothing in it.

:func:`extract_json` finds the answer object (the whole text, or failing that the first JSON
object in it: models wrap JSON in prose or code fences when the server cannot enforce a
schema). :func:`annotations_from` checks every item against the codebook: a label outside
:data:`~undertow.analyzers.base.LABELS` is dropped; every quote is located in the post
(:class:`~undertow.llm.evidence.Locator`) and a label none of whose quotes is found is dropped;
causes outside :data:`~undertow.analyzers.base.CAUSES` are dropped; an incitement without a form
from :data:`~undertow.analyzers.base.INCITEMENT_FORMS` is dropped. Every drop is counted in
:class:`LLMStats`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

from undertow.analyzers.base import CAUSES, INCITEMENT_FORMS, LABELS, Annotation, PostView
from undertow.llm.client import InvalidResponse
from undertow.llm.evidence import Locator
from undertow.llm.prompt import CONFIDENCE

__all__ = ["MAX_SPANS", "LLMStats", "annotations_from", "extract_json"]

MAX_SPANS = 8
DEFAULT_SCORE = 0.5  # a label whose confidence is missing or not one of CONFIDENCE
MAX_TARGET = 200


@dataclass(slots=True)
class LLMStats:
    """What one coding run did and what it refused from the model."""

    posts: int = 0  # posts coded
    cached: int = 0  # answers taken from the cache
    requests: int = 0  # HTTP requests sent (retries included)
    labels: int = 0  # labels accepted
    rejected_labels: int = 0  # labels none of whose evidence was found in the text
    rejected_quotes: int = 0  # quotes not found in the text (their label may survive)
    unknown_labels: int = 0  # labels outside the codebook
    bad_details: int = 0  # incitements without a valid form
    dropped_causes: int = 0  # causes outside the codebook's list
    invalid: int = 0  # posts skipped because the answer was unusable (on_invalid="skip")

    def merge(self, other: LLMStats) -> None:
        """Add ``other``'s counts to these."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, int]:
        """The counts by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def extract_json(content: str) -> dict[str, Any]:
    """The answer object in ``content``; InvalidResponse when there is none.

    The object must have a ``labels`` list. The whole text is tried first, then each ``{`` in
    turn as the start of a JSON object.
    """
    text = content.strip()
    found: Any = None
    try:
        found = json.loads(text)
    except ValueError:
        decoder = json.JSONDecoder()
        start = text.find("{")
        while start >= 0:
            try:
                found, _ = decoder.raw_decode(text, start)
                if isinstance(found, dict) and "labels" in found:
                    break
            except ValueError:
                pass
            found = None
            start = text.find("{", start + 1)
    if not isinstance(found, dict) or not isinstance(found.get("labels"), list):
        snippet = " ".join(content.split())[:80]
        raise InvalidResponse(
            f'the model\'s answer is not a JSON object with a "labels" list: {snippet!r}'
        )
    return found


def _quotes(item: dict[str, Any]) -> list[str]:
    evidence = item.get("evidence")
    if isinstance(evidence, str):
        return [evidence]
    if isinstance(evidence, list):
        return [q for q in evidence if isinstance(q, str)]
    return []


def _detail(label: str, item: dict[str, Any], stats: LLMStats) -> dict[str, Any] | None:
    """The label's detail, or None when it is invalid (incitement without a form)."""
    if label == "failure_analysis":
        raw = item.get("causes")
        raw = raw if isinstance(raw, list) else []
        causes = [c for c in dict.fromkeys(c for c in raw if isinstance(c, str)) if c in CAUSES]
        stats.dropped_causes += len(raw) - len(causes)
        return {"causes": causes}
    if label == "incitement":
        form = item.get("form")
        if form not in INCITEMENT_FORMS:
            stats.bad_details += 1
            return None
        target = item.get("target")
        target = " ".join(target.split())[:MAX_TARGET] if isinstance(target, str) else ""
        return {"target": target or None, "form": form}
    return {}


def _score(item: dict[str, Any]) -> float:
    confidence = item.get("confidence")
    if isinstance(confidence, str):
        return CONFIDENCE.get(confidence.strip().lower(), DEFAULT_SCORE)
    return DEFAULT_SCORE


def _merge(old: Annotation, new: Annotation) -> None:
    """Fold a repeated label into the first one (spans, score, causes)."""
    old.spans = sorted(set(old.spans) | set(new.spans))[:MAX_SPANS]
    old.score = max(old.score, new.score)
    if old.label == "failure_analysis":
        causes = old.detail.get("causes", []) + new.detail.get("causes", [])
        old.detail["causes"] = list(dict.fromkeys(causes))


def annotations_from(post: PostView, answer: dict[str, Any], stats: LLMStats) -> list[Annotation]:
    """The annotations of ``post`` that survive the checks, in codebook label order."""
    locator = Locator(post.text)
    kept: dict[str, Annotation] = {}
    for item in answer.get("labels", []):
        if not isinstance(item, dict):
            stats.unknown_labels += 1
            continue
        label = item.get("label")
        if label not in LABELS:
            stats.unknown_labels += 1
            continue
        spans: set[tuple[int, int]] = set()
        for quote in _quotes(item):
            found = locator.find(quote)
            if found is None:
                stats.rejected_quotes += 1
            else:
                spans.update(found)
        if not spans:
            stats.rejected_labels += 1
            continue
        detail = _detail(label, item, stats)
        if detail is None:
            continue
        ann = Annotation(post.id, label, _score(item), sorted(spans)[:MAX_SPANS], detail)
        if label in kept:
            _merge(kept[label], ann)
        else:
            kept[label] = ann
    out = [kept[label] for label in LABELS if label in kept]
    stats.labels += len(out)
    return out
