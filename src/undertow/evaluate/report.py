"""``evaluate(gold, pred)``: every accuracy figure of the coder, as one JSON-ready dict.

Posts are matched by ``id`` (a gold post with no prediction counts as coded ``none``). Figures:

- ``overall`` and ``by_lang``: per label support, predictions, TP/FP/FN, precision, recall and
  F1 with bootstrap 95% intervals; micro and macro F1 with intervals (macro: the mean over
  labels whose F1 is defined, i.e. with gold or predicted posts);
- ``confusion``: for each gold label, what was predicted on the posts where it was missed
  (``none`` when nothing was);
- ``evidence``: character overlap of predicted and gold spans on true-positive labels that have
  gold spans (precision, recall and F1 over characters, and the share with any overlap);
- ``causes``: micro precision, recall and F1 of (post, cause) pairs;
- ``incitement``: form accuracy and target match (case-folded, one containing the other) on
  true-positive incitement posts, and how often a target was given at all;
- ``supporter``: F1 of ``pro-ISIS`` when gold has ``gold_label`` and predictions ``supporter``
  (a probability; >= 0.5 means pro-ISIS); ``None`` otherwise.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from undertow.analyzers.base import LABELS
from undertow.evaluate.metrics import bootstrap_index, f1, interval, prf

__all__ = ["evaluate"]


def _r(x: float | np.floating) -> float | None:
    x = float(x)
    return None if np.isnan(x) else round(x, 4)


def _matrices(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> tuple[np.ndarray, ...]:
    by_id = {str(p.get("id")): p for p in pred}
    G = np.array([[label in (g.get("labels") or []) for label in LABELS] for g in gold], bool)
    P = np.array(
        [
            [label in (by_id.get(str(g.get("id")), {}).get("labels") or []) for label in LABELS]
            for g in gold
        ],
        bool,
    )
    return G.reshape(len(gold), len(LABELS)), P.reshape(len(gold), len(LABELS))


def _block(G: np.ndarray, P: np.ndarray, reps: int, seed: int) -> dict[str, Any]:
    tp, fp, fn = (G & P).astype(int), (~G & P).astype(int), (G & ~P).astype(int)
    T, F, N = tp.sum(0), fp.sum(0), fn.sum(0)
    precision, recall, f = prf(T, F, N)
    idx = bootstrap_index(len(G), reps, seed)
    bT, bF, bN = tp[idx].sum(1), fp[idx].sum(1), fn[idx].sum(1)  # (reps, 9)
    bp, br, bf = prf(bT, bF, bN)
    micro_b = f1(bT.sum(1), bF.sum(1), bN.sum(1))
    with np.errstate(all="ignore"):
        macro_b = np.array([np.nanmean(row) if np.isfinite(row).any() else np.nan for row in bf])
    defined = ~np.isnan(f)
    labels = {}
    for j, label in enumerate(LABELS):
        labels[label] = {
            "support": int(G[:, j].sum()),
            "predicted": int(P[:, j].sum()),
            "tp": int(T[j]),
            "fp": int(F[j]),
            "fn": int(N[j]),
            "precision": _r(precision[j]),
            "recall": _r(recall[j]),
            "f1": _r(f[j]),
            "precision_ci": interval(bp[:, j]),
            "recall_ci": interval(br[:, j]),
            "f1_ci": interval(bf[:, j]),
        }
    mp, mr, mf = prf(T.sum(), F.sum(), N.sum())
    return {
        "n": len(G),
        "micro": {
            "precision": _r(mp),
            "recall": _r(mr),
            "f1": _r(mf),
            "f1_ci": interval(micro_b),
        },
        "macro": {
            "f1": _r(np.mean(f[defined])) if defined.any() else None,
            "f1_ci": interval(macro_b),
            "labels": [label for j, label in enumerate(LABELS) if defined[j]],
        },
        "labels": labels,
    }


def _confusion(G: np.ndarray, P: np.ndarray) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for j, label in enumerate(LABELS):
        missed = np.where(G[:, j] & ~P[:, j])[0]
        if not missed.size:
            continue
        counts: dict[str, int] = {}
        for i in missed:
            instead = [LABELS[k] for k in np.where(P[i])[0]] or ["none"]
            for other in instead:
                counts[other] = counts.get(other, 0) + 1
        out[label] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return out


def _chars(spans: Any) -> set[int]:
    out: set[int] = set()
    for span in spans or []:
        if isinstance(span, list | tuple) and len(span) == 2:
            out.update(range(int(span[0]), int(span[1])))
    return out


def _evidence(gold: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    inter = pred_total = gold_total = pairs = touching = 0
    for g in gold:
        p = by_id.get(str(g.get("id")))
        if not p:
            continue
        for label in set(g.get("labels") or []) & set(p.get("labels") or []):
            gold_chars = _chars((g.get("evidence") or {}).get(label))
            if not gold_chars:
                continue
            pred_chars = _chars((p.get("evidence") or {}).get(label))
            pairs += 1
            common = len(gold_chars & pred_chars)
            touching += common > 0
            inter += common
            pred_total += len(pred_chars)
            gold_total += len(gold_chars)
    precision, recall, f = prf(
        np.array(inter), np.array(pred_total - inter), np.array(gold_total - inter)
    )
    return {
        "pairs": pairs,
        "char_precision": _r(precision),
        "char_recall": _r(recall),
        "char_f1": _r(f),
        "any_overlap": _r(touching / pairs) if pairs else None,
    }


def _causes(gold: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    tp = fp = fn = 0
    for g in gold:
        gc = set(g.get("causes") or [])
        pc = set((by_id.get(str(g.get("id"))) or {}).get("causes") or [])
        tp, fp, fn = tp + len(gc & pc), fp + len(pc - gc), fn + len(gc - pc)
    precision, recall, f = prf(np.array(tp), np.array(fp), np.array(fn))
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": _r(precision),
        "recall": _r(recall),
        "f1": _r(f),
    }


def _same_target(a: str, b: str) -> bool:
    a, b = a.casefold().strip(), b.casefold().strip()
    return bool(a and b) and (a in b or b in a)


def _incitement(gold: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    both = forms = with_target = given = matched = 0
    for g in gold:
        p = by_id.get(str(g.get("id"))) or {}
        gi, pi = g.get("incitement"), p.get("incitement")
        if "incitement" not in (g.get("labels") or []) or "incitement" not in (
            p.get("labels") or []
        ):
            continue
        both += 1
        gi, pi = gi or {}, pi or {}
        forms += gi.get("form") is not None and gi.get("form") == pi.get("form")
        given += bool(pi.get("target"))
        if gi.get("target"):
            with_target += 1
            matched += bool(pi.get("target")) and _same_target(gi["target"], pi["target"])
    return {
        "true_positives": both,
        "form_accuracy": _r(forms / both) if both else None,
        "target_given": _r(given / both) if both else None,
        "gold_with_target": with_target,
        "target_match": _r(matched / with_target) if with_target else None,
    }


def _supporter(
    gold: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]
) -> dict[str, Any] | None:
    pairs = [
        (g["gold_label"] == "pro-ISIS", float(by_id[str(g.get("id"))]["supporter"]) >= 0.5)
        for g in gold
        if g.get("gold_label") in ("pro-ISIS", "not-ISIS")
        and isinstance((by_id.get(str(g.get("id"))) or {}).get("supporter"), int | float)
    ]
    if not pairs:
        return None
    y = np.array([a for a, _ in pairs])
    p = np.array([b for _, b in pairs])
    precision, recall, f = prf(
        np.array((y & p).sum()), np.array((~y & p).sum()), np.array((y & ~p).sum())
    )
    return {
        "n": len(pairs),
        "precision": _r(precision),
        "recall": _r(recall),
        "f1": _r(f),
        "accuracy": _r((y == p).mean()),
    }


def evaluate(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]], *, reps: int = 1000, seed: int = 0
) -> dict[str, Any]:
    """Compare predictions with gold records; return every figure (see the module docstring)."""
    by_id = {str(p.get("id")): p for p in pred}
    G, P = _matrices(gold, pred)
    langs = sorted({str(g.get("lang") or "und") for g in gold})
    by_lang = {}
    for lang in langs:
        rows = np.array([str(g.get("lang") or "und") == lang for g in gold])
        by_lang[lang] = _block(G[rows], P[rows], reps, seed)
    return {
        "n": len(gold),
        "matched": sum(1 for g in gold if str(g.get("id")) in by_id),
        "reps": reps,
        "seed": seed,
        "overall": _block(G, P, reps, seed),
        "by_lang": by_lang,
        "confusion": _confusion(G, P),
        "evidence": _evidence(gold, by_id),
        "causes": _causes(gold, by_id),
        "incitement": _incitement(gold, by_id),
        "supporter": _supporter(gold, by_id),
    }
