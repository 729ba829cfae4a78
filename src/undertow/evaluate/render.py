"""A plain-text rendering of an :func:`~undertow.evaluate.evaluate` report, for analysts."""

from __future__ import annotations

from typing import Any

from undertow.analyzers.base import LABELS

__all__ = ["render"]


def _num(x: float | None) -> str:
    return "   -" if x is None else f"{x:.2f}"


def _ci(ci: list[float | None]) -> str:
    lo, hi = ci
    return "" if lo is None or hi is None else f"[{lo:.2f}, {hi:.2f}]"


def _block(title: str, block: dict[str, Any]) -> list[str]:
    micro, macro = block["micro"], block["macro"]
    lines = [
        f"{title} ({block['n']} posts): micro-F1 {_num(micro['f1'])} {_ci(micro['f1_ci'])}, "
        f"macro-F1 {_num(macro['f1'])} {_ci(macro['f1_ci'])}",
        f"  {'label':<17}{'gold':>5}{'pred':>5}{'TP':>5}{'FP':>5}{'FN':>5}"
        f"{'P':>7}{'R':>7}{'F1':>7}  F1 95% interval",
    ]
    for label in LABELS:
        s = block["labels"][label]
        if not (s["support"] or s["predicted"]):
            continue
        lines.append(
            f"  {label:<17}{s['support']:>5}{s['predicted']:>5}{s['tp']:>5}{s['fp']:>5}"
            f"{s['fn']:>5}{_num(s['precision']):>7}{_num(s['recall']):>7}{_num(s['f1']):>7}"
            f"  {_ci(s['f1_ci'])}"
        )
    return lines


def render(report: dict[str, Any]) -> str:
    """The report as text: overall and per-language tables, confusions and the details."""
    lines: list[str] = []
    if report.get("cv"):
        cv = report["cv"]
        lines.append(
            f"Cross-validation: {cv['folds']} folds (seed {cv['seed']}); each fold coded by a "
            f"model trained on {cv['training_records']:,} training records and the other folds."
        )
    lines += _block("All languages", report["overall"])
    for lang, block in report["by_lang"].items():
        if len(report["by_lang"]) > 1:
            lines += ["", *_block(f"Language {lang}", block)]
    if report["confusion"]:
        lines += ["", "Missed labels, and what was predicted instead:"]
        for label, counts in report["confusion"].items():
            instead = ", ".join(f"{k} {v}" for k, v in counts.items())
            lines.append(f"  {label:<17}{instead}")
    ev, ca, inc = report["evidence"], report["causes"], report["incitement"]
    lines += [
        "",
        f"Evidence (true-positive labels with gold spans: {ev['pairs']}): character "
        f"precision {_num(ev['char_precision'])}, recall {_num(ev['char_recall'])}, "
        f"F1 {_num(ev['char_f1'])}; any overlap {_num(ev['any_overlap'])}",
        f"Causes: precision {_num(ca['precision'])}, recall {_num(ca['recall'])}, "
        f"F1 {_num(ca['f1'])} (TP {ca['tp']}, FP {ca['fp']}, FN {ca['fn']})",
        f"Incitement ({inc['true_positives']} true positives): form accuracy "
        f"{_num(inc['form_accuracy'])}, target given {_num(inc['target_given'])}, target "
        f"matches gold {_num(inc['target_match'])} (of {inc['gold_with_target']} with a gold "
        "target)",
    ]
    sup = report.get("supporter")
    if sup:
        lines.append(
            f"Supporter detection ({sup['n']} posts): precision {_num(sup['precision'])}, "
            f"recall {_num(sup['recall'])}, F1 {_num(sup['f1'])}, accuracy {_num(sup['accuracy'])}"
        )
    lines.append(
        f"Intervals: bootstrap over posts, {report['reps']} resamples, seed {report['seed']}."
    )
    return "\n".join(lines)
