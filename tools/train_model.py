"""Rebuild the shipped learned model (run: python tools/train_model.py).

Trains ``codebook.model.v1`` on the project's own training sets (``training/*.jsonl``) and, when
``../shared/data/gold`` is beside the checkout, the dev gold sets; writes
``src/undertow/models/codebook-model-1.0.0/{weights.npz,card.json}``. With ``--cv`` (the
default) it first cross-validates on each dev gold set and records the figures in the card.
The build is deterministic: the same inputs and seed give the same bytes.

Usage::

    python tools/train_model.py                 # cross-validate, then rebuild the shipped model
    python tools/train_model.py --no-cv         # rebuild only (the card's "cv" is null)
    python tools/train_model.py --out /tmp/m    # write elsewhere
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

os.environ.setdefault("UNDERTOW_EMBED_THREADS", "1")

from undertow.evaluate import render
from undertow.model.crossval import crossval
from undertow.model.train import DEV_GOLD, build, shared_gold_dir


def _summary(report: dict[str, Any]) -> dict[str, Any]:
    overall = report["overall"]
    return {
        "folds": report["cv"]["folds"],
        "seed": report["cv"]["seed"],
        "posts": report["n"],
        "micro_f1": overall["micro"]["f1"],
        "micro_f1_ci": overall["micro"]["f1_ci"],
        "macro_f1": overall["macro"]["f1"],
        "labels": {
            label: {k: s[k] for k in ("support", "precision", "recall", "f1")}
            for label, s in overall["labels"].items()
            if s["support"] or s["predicted"]
        },
        "incitement_recall": overall["labels"]["incitement"]["recall"],
    }


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, cross-validate (optionally) and build."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="Output folder (default: the shipped model folder).")
    parser.add_argument("--seed", type=int, default=0, help="Seed of folds and solvers.")
    parser.add_argument("--no-cv", action="store_true", help="Skip the cross-validation.")
    args = parser.parse_args(argv)
    cv: dict[str, Any] | None = None
    gold = shared_gold_dir()
    if not args.no_cv and gold.is_dir():
        cv = {}
        for name in DEV_GOLD:
            print(f"Cross-validating on {name}", file=sys.stderr)
            _, report = crossval(gold / name, seed=args.seed, progress=print)
            print(render(report))
            cv[name] = _summary(report)
    out = build(args.out, seed=args.seed, cv=cv, progress=print)
    print(f"Wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
