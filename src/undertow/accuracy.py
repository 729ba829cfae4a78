"""The evaluated accuracy of each shipped analyzer, as a workspace report states it.

Figures are read from the files the measuring commands wrote, never typed in here:

* ``codebook.model``: the ``cv`` section of the shipped model card
  (``undertow/models/codebook-model-<version>/card.json``), written by ``make model``
  (``python tools/train_model.py``): 5-fold cross-validation on the dev gold sets, every post
  coded by a model trained without it;
* ``codebook.cues``: ``undertow/analyzers/lexicon/accuracy.json``, written by
  ``python tools/eval_training.py --card``: the cue coder on the same sets, in-sample (its lists
  were revised after reading their errors).

Any other analyzer (a plug-in, the LLM backend) has no shipped figure: the note says so and
names ``undertow evaluate``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib.resources import files
from typing import Any

__all__ = ["accuracy_note", "evaluated"]

_LANGS = (("dev_en.gold.jsonl", "English"), ("dev_ar.gold.jsonl", "Arabic"))
_RARE = (
    "Despair, worry, rebuke, consolation and failure analysis are rare in those sets, so "
    "their figures there say little; docs/accuracy.md gives the per-label figures."
)


def _read(package: str, *parts: str) -> dict[str, Any] | None:
    try:
        path = files(package).joinpath(*parts)
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, OSError, ValueError, ModuleNotFoundError):
        return None
    return data if isinstance(data, dict) else None


def evaluated(key: str) -> dict[str, Any] | None:
    """The shipped figures of the analyzer ``name@version`` (``None``: none shipped).

    Returns ``{"method": ..., "sets": {gold file: {"posts", "micro_f1", "micro_f1_ci",
    "incitement_recall", "incitement_support"}}}``.
    """
    name, _, version = key.partition("@")
    if name == "codebook.model":
        card = _read("undertow.models", f"codebook-model-{version}", "card.json")
        cv = (card or {}).get("cv")
        if not cv:
            return None
        sets = {
            gold: {
                "posts": s.get("posts"),
                "micro_f1": s.get("micro_f1"),
                "micro_f1_ci": s.get("micro_f1_ci"),
                "incitement_recall": s.get("incitement_recall"),
                "incitement_support": s.get("labels", {}).get("incitement", {}).get("support"),
            }
            for gold, s in cv.items()
        }
        return {
            "method": "5-fold cross-validated (never scored on posts it was trained on)",
            "sets": sets,
        }
    if name == "codebook.cues":
        card = _read("undertow.analyzers.lexicon", "accuracy.json")
        if not card or card.get("analyzer") != key:
            return None
        return {
            "method": "in-sample (its cue lists were revised after reading these sets' errors)",
            "sets": dict(card.get("dev", {})),
        }
    return None


def _ci(ci: Any) -> str:
    if isinstance(ci, list | tuple) and len(ci) == 2 and None not in ci:
        return f" [{ci[0]:.2f}, {ci[1]:.2f}]"
    return ""


def _one(key: str) -> str:
    found = evaluated(key)
    if found is None:
        return (
            f"{key}: no evaluated accuracy ships with it; score it on a coded sample with "
            "'undertow evaluate GOLD.jsonl'."
        )
    parts = []
    for gold, lang in _LANGS:
        s = found["sets"].get(gold)
        if s and s.get("micro_f1") is not None:
            parts.append(
                f"micro-F1 {s['micro_f1']:.2f}{_ci(s.get('micro_f1_ci'))} on {s['posts']} "
                f"{lang} tweets"
            )
    inc = [
        f"{s['incitement_recall']:.2f} ({lang}, {s['incitement_support']} posts)"
        for gold, lang in _LANGS
        if (s := found["sets"].get(gold))
        and s.get("incitement_recall") is not None
        and (s.get("incitement_support") or 0) >= 10
    ]
    text = f"{key}: " + " and ".join(parts) + f" of the dev gold sets, {found['method']}"
    if inc:
        text += "; incitement recall " + ", ".join(inc)
    return text + "."


def accuracy_note(keys: Sequence[str]) -> str:
    """One sentence per analyzer key, with the figures shipped for it, then the caveat."""
    if not keys:
        return "No analyzer has coded this workspace yet: run 'undertow analyze'."
    return " ".join([_one(k) for k in keys] + [_RARE])
