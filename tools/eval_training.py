"""Score both coders on the project's training sets (run: python tools/eval_training.py).

Two measures of how the coders generalise to text they were not built from:

``--cues``
    The cue coder ``codebook.cues.v1`` on every training record (it was written from the
    codebook, not from these files; where a cue was added from a file, that file's figure is
    circular, so the per-file table says which files to read with care).
``--lofo``
    Leave-one-file-out cross-validation of the learned model: for each source file
    ``training/<lang>/<file>.txt``, a model is trained on every other training file (both
    languages) plus the dev gold sets, and codes that file's records. The same writer's style
    therefore never leaks from training to scoring.

Figures: micro-F1 over the nine labels with a bootstrap interval, per language, per label, per
file (see :func:`undertow.evaluate.evaluate`). ``--json PATH`` writes the full summary.

``--card``
    The cue coder on the dev gold sets (in-sample: its lists were revised after reading their
    errors), written to ``src/undertow/analyzers/lexicon/accuracy.json``: the figures a
    workspace report states for ``codebook.cues`` (:mod:`undertow.accuracy`).

Usage::

    python tools/eval_training.py --cues
    python tools/eval_training.py --cues --files en-hard_contrasts en-official_media_2
    python tools/eval_training.py --lofo [--lang en] [--no-gold] [--cs 3]
    python tools/eval_training.py --card
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("UNDERTOW_EMBED_THREADS", "1")

import numpy as np

from undertow.analyzers.cues import CueAnalyzer
from undertow.evaluate import evaluate
from undertow.evaluate.annotations import predictions
from undertow.model.corpus import read_gold, training_records
from undertow.model.train import DEV_GOLD, posts_of, shared_gold_dir

CUES_CARD = Path(__file__).resolve().parents[1] / "src/undertow/analyzers/lexicon/accuracy.json"


def _file_of(record: dict[str, Any]) -> str:
    return str(record["id"]).rsplit("-", 1)[0]


def cue_predictions(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Code ``records`` with the cue coder; predictions in the ``evaluate`` format."""
    return predictions(CueAnalyzer(), records)


def write_cue_card(path: Path = CUES_CARD) -> dict[str, Any]:
    """Score the cue coder on each dev gold set; write (and return) the figures reports state."""
    gold = shared_gold_dir()
    if not gold.is_dir():
        raise SystemExit(f"{gold} is missing: the dev gold sets are needed for --card.")
    card: dict[str, Any] = {
        "analyzer": f"{CueAnalyzer.name}@{CueAnalyzer.version}",
        "command": "python tools/eval_training.py --card",
        "in_sample": True,
        "note": "The cue lists were revised after reading the errors on these sets.",
        "dev": {},
    }
    for name in DEV_GOLD:
        rows = read_gold(gold / name)
        ov = evaluate(rows, cue_predictions(rows), reps=1000, seed=0)["overall"]
        card["dev"][name] = {
            "posts": len(rows),
            "micro_f1": ov["micro"]["f1"],
            "micro_f1_ci": ov["micro"]["f1_ci"],
            "incitement_recall": ov["labels"]["incitement"]["recall"],
            "incitement_support": ov["labels"]["incitement"]["support"],
        }
    path.write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"Wrote {path}")
    return card


def lofo_predictions(
    records: list[dict[str, Any]],
    extra: list[dict[str, Any]],
    langs: set[str],
    say: Any,
    Cs: tuple[float, ...] | None = None,
) -> list[dict[str, Any]]:
    """Leave-one-file-out predictions of the learned model for the records of ``langs``.

    ``Cs``: the regularisation values searched by the inner cross-validation (default: those
    of the shipped build, :data:`undertow.model.train.CS`).
    """
    from threadpoolctl import threadpool_limits

    from undertow.model.cache import EmbeddingCache
    from undertow.model.coding import Coder
    from undertow.model.train import CS, fit_model

    cache = EmbeddingCache()
    E = cache.embed([r["text"] for r in records])
    E_extra = cache.embed([r["text"] for r in extra]) if extra else np.zeros((0, E.shape[1]))
    files = sorted({_file_of(r) for r in records if r["lang"] in langs})
    out: list[dict[str, Any]] = []
    with threadpool_limits(limits=1):
        for k, name in enumerate(files, 1):
            test = [i for i, r in enumerate(records) if _file_of(r) == name]
            train = [i for i, r in enumerate(records) if _file_of(r) != name]
            n_train = len(train) + len(extra)
            say(f"[{k}/{len(files)}] {name}: training on {n_train}, coding {len(test)}")
            recs = [records[i] for i in train] + extra
            art = fit_model(recs, np.vstack([E[train], E_extra]), seed=0, Cs=Cs or CS)
            coder = Coder(art, embed_fn=cache.embed)
            out.extend(coder.code(posts_of([records[i] for i in test]), E[test]))
    return out


def summary(records: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, Any]:
    """Per language: micro-F1 with interval, per-label P/R/F1, and micro-F1 per file."""
    out: dict[str, Any] = {}
    for lang in sorted({r["lang"] for r in records}):
        gold = [r for r in records if r["lang"] == lang]
        ids = {str(r["id"]) for r in gold}
        rep = evaluate(gold, [p for p in preds if str(p["id"]) in ids], reps=1000, seed=0)
        ov = rep["overall"]
        files: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in gold:
            files[_file_of(r)].append(r)
        per_file = {}
        for name, rows in sorted(files.items()):
            fid = {str(r["id"]) for r in rows}
            sub = evaluate(rows, [p for p in preds if str(p["id"]) in fid], reps=10, seed=0)
            per_file[name] = sub["overall"]["micro"]["f1"]
        out[lang] = {
            "posts": len(gold),
            "micro_f1": ov["micro"]["f1"],
            "micro_f1_ci": ov["micro"]["f1_ci"],
            "macro_f1": ov["macro"]["f1"],
            "labels": {
                k: {m: s[m] for m in ("support", "predicted", "precision", "recall", "f1")}
                for k, s in ov["labels"].items()
            },
            "evidence": rep["evidence"],
            "files": per_file,
        }
    return out


def _print(title: str, s: dict[str, Any]) -> None:
    for lang, b in s.items():
        ci = b["micro_f1_ci"]
        print(f"\n{title} {lang}: {b['posts']} posts, micro-F1 {b['micro_f1']} [{ci[0]}, {ci[1]}]")
        print(f"  macro-F1 {b['macro_f1']}")
        for label, m in b["labels"].items():
            print(
                f"  {label:17s} n={m['support']:4d} pred={m['predicted']:4d} "
                f"P {m['precision']}  R {m['recall']}  F1 {m['f1']}"
            )
        for name, f in b["files"].items():
            print(f"    {name:40s} {f}")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and print the requested figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cues", action="store_true", help="Score the cue coder.")
    parser.add_argument("--lofo", action="store_true", help="Leave-one-file-out CV of the model.")
    parser.add_argument("--lang", choices=("en", "ar"), help="Score one language only.")
    parser.add_argument(
        "--files",
        nargs="+",
        metavar="STEM",
        help="Score only these source files (e.g. en-hard_contrasts ar-02_worry); --cues only.",
    )
    parser.add_argument("--no-gold", action="store_true", help="Do not train on the dev gold.")
    parser.add_argument(
        "--cs",
        type=float,
        nargs="+",
        help="C values searched in each fold (default: the build's; one value is ~3x faster).",
    )
    parser.add_argument("--json", help="Write the summaries to this JSON file.")
    parser.add_argument(
        "--card",
        action="store_true",
        help="Score the cue coder on the dev gold sets and write the figures that reports "
        f"state into {CUES_CARD.relative_to(Path(__file__).resolve().parents[1])}.",
    )
    args = parser.parse_args(argv)
    records = training_records()
    langs = {args.lang} if args.lang else {"en", "ar"}
    result: dict[str, Any] = {}
    if args.card:
        write_cue_card()
    if args.cues:
        rows = [r for r in records if r["lang"] in langs]
        if args.files:
            rows = [r for r in rows if _file_of(r) in set(args.files)]
        result["cues"] = summary(rows, cue_predictions(rows))
        _print("cues", result["cues"])
    if args.lofo:
        extra: list[dict[str, Any]] = []
        gold = shared_gold_dir()
        if not args.no_gold and gold.is_dir():
            for name in DEV_GOLD:
                extra += read_gold(gold / name)
        say = lambda m: print(m, file=sys.stderr)  # noqa: E731
        cs = tuple(args.cs) if args.cs else None
        preds = lofo_predictions(records, extra, langs, say, cs)
        rows = [r for r in records if r["lang"] in langs]
        result["lofo"] = summary(rows, preds)
        _print("model leave-one-file-out", result["lofo"])
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
