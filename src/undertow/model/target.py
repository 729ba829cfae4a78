"""The target of incitement: who or what the violence is aimed at, as written in the post.

The cue analyzer's target (the target phrase nearest its incitement cue) is used when it has
one. Otherwise the nearest phrase of the lexicon's ``target`` list (the enemy, groups, places:
``crusaders``, ``الروافض``, ``Paris``...) to the incitement evidence is taken, in the post's
own spelling. ``None`` when the post names no target the lists know.
"""

from __future__ import annotations

import re

from undertow.analyzers.lexicon import lexicon
from undertow.model.features import CueView
from undertow.text.normalize import analysis_text, orig_span

__all__ = ["find_target"]

_SCRIPTS = (("en", re.compile(r"[a-z]{2}")), ("ar", re.compile(r"[\u0621-\u064a]")))


def find_target(text: str, view: CueView, evidence: list[tuple[int, int]]) -> str | None:
    """The incitement target of a post, or ``None`` when none is found."""
    cue = view.detail.get("incitement", {}).get("target")
    if isinstance(cue, str) and cue.strip():
        return cue
    norm, offsets = analysis_text(text)
    hits = []
    for lang, script in _SCRIPTS:
        if script.search(norm):
            hits.extend(lexicon(lang).hits("target", norm))
    if not hits:
        return None
    anchor = evidence[0][0] if evidence else 0
    spans = [orig_span(offsets, h.start, h.end, len(text)) for h in hits]
    spans = [(s, e) for s, e in spans if s < e]
    if not spans:
        return None
    start, end = min(spans, key=lambda se: (abs(se[0] - anchor), se[0]))
    return text[start:end]
