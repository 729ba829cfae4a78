"""Rebuild the shipped supporter model (run: python tools/train_supporter.py).

Trains ``undertow.supporter`` 1.0.0 from the data in ``../shared/data`` (or
``$UNDERTOW_SHARED_DATA``) and the project's ``training/en.jsonl``, and writes
``src/undertow/models/supporter-1.0.0/{model.json,weights.npz}``. With ``--evaluate`` it also
measures the model and writes ``card.json`` (nested CV on the Arabic dev set, grouped CV and
leave-source-out on the English sources, out-of-source checks). The build is deterministic:
the same inputs, seed and library versions give the same bytes.

What each head learns from (chosen under cross-validation, see docs/supporter.md):

* ``ar`` -- ``gold/supporter_dev_ar.jsonl`` (992 tweets, labelled by account). The project's
  ``training/ar.jsonl`` is *not* used: its non-supporters are all about the movement while the
  dev set's are ordinary tweets, and adding it lowered the dev F1 (0.977 -> 0.94-0.97); it is
  kept as an out-of-source test.
* ``en`` -- Fifth Tribe tweets (pro-ISIS accounts; each account weighs at most
  ``FT_ACCOUNT_CAP`` tweets, so a few prolific news-like accounts do not dominate) against the
  "about ISIS" contrast tweets, plus ``training/en.jsonl``. Only Latin-script rows are used.

Usage::

    python tools/train_supporter.py               # rebuild model.json and weights.npz
    python tools/train_supporter.py --evaluate    # ... and measure it into card.json (slow)
    python tools/train_supporter.py --out /tmp/m  # write elsewhere
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import scipy
import sklearn

from undertow.supporter.artifact import sha256_file, write_json
from undertow.supporter.crossval import crossval, label_of, scores
from undertow.supporter.head import DEFAULT_GRID
from undertow.supporter.model import MODEL_VERSION, SupporterModel, default_model_dir
from undertow.supporter.text import prepare, script_of
from undertow.supporter.training import train

ROOT = Path(__file__).resolve().parents[1]
SEED = 0
FOLDS = 5
FT_ACCOUNT_CAP = 20

DEV = "gold/supporter_dev_ar.jsonl"
FIFTH = "corpora/fifthtribe_isis_twitter/tweets.csv"
CONTRAST = "corpora/about_isis_contrast/about_isis_validation_tail_3480.csv"
TRAIN_EN = "training/en.jsonl"
TRAIN_AR = "training/ar.jsonl"
DEV_GOLD = "gold/dev_ar.gold.jsonl"
ASTD = "affect/astd_arabic_sentiment/Tweets.txt"
SEMEVAL = "affect/semeval2018_ec_english/2018-E-c-En-train.txt"


def shared_dir() -> Path:
    """The shared data folder (``$UNDERTOW_SHARED_DATA`` or ``../shared/data``)."""
    return Path(os.environ.get("UNDERTOW_SHARED_DATA", ROOT.parent / "shared" / "data"))


class Source:
    """One input set: texts, labels, group keys and where they came from."""

    def __init__(
        self,
        name: str,
        base: Path,
        rel: str,
        texts: list[str],
        y: list[int],
        groups: list[str] | None = None,
    ) -> None:
        self.name, self.base, self.rel, self.path = name, base, rel, base / rel
        self.texts, self.y = texts, np.asarray(y, dtype=np.int64)
        self.groups = groups or [f"t:{prepare(t)}" for t in texts]
        self.file_rows = len(texts)

    def only(self, keep: list[bool]) -> Source:
        """The rows where ``keep`` is true."""
        idx = [i for i, k in enumerate(keep) if k]
        out = Source(
            self.name,
            self.base,
            self.rel,
            [self.texts[i] for i in idx],
            self.y[idx].tolist(),
            [self.groups[i] for i in idx],
        )
        out.file_rows = self.file_rows
        return out

    def provenance(self, used: int) -> dict[str, Any]:
        """Path, hash and rows of this input for the model card."""
        return {
            "name": self.name,
            "path": self.rel,
            "sha256": sha256_file(self.path),
            "rows": self.file_rows,
            "rows_used": used,
        }


def _jsonl(name: str, base: Path, rel: str) -> Source:
    texts, y = [], []
    for line in (base / rel).read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            label = label_of(rec)
            if label is not None:
                texts.append(rec["text"])
                y.append(label)
    return Source(name, base, rel, texts, y)


def _csv(name: str, base: Path, rel: str, column: str, label: int, group: str | None) -> Source:
    with (base / rel).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    groups = [f"{name}:{r[group]}" for r in rows] if group else None
    return Source(name, base, rel, [r[column] for r in rows], [label] * len(rows), groups)


def _latin(src: Source) -> Source:
    return src.only([script_of(prepare(t)) == "en" for t in src.texts])


def load_sources(shared: Path) -> dict[str, Source]:
    """The training inputs, read by path (nothing is copied)."""
    fifth = _csv("fifthtribe", shared, FIFTH, "tweets", 1, "username")
    return {
        "dev_ar": _jsonl("supporter_dev_ar", shared, DEV),
        "fifthtribe_en": _latin(fifth),
        "contrast_en": _latin(_csv("about_isis_contrast", shared, CONTRAST, "text", 0, None)),
        "training_en": _jsonl("training_en", ROOT, TRAIN_EN),
    }


def _weights(src: Source) -> np.ndarray:
    if src.name != "fifthtribe":
        return np.ones(len(src.texts))
    per = Counter(src.groups)
    return np.array([min(1.0, FT_ACCOUNT_CAP / per[g]) for g in src.groups])


def _concat(sources: list[Source]) -> tuple[list[str], np.ndarray, np.ndarray, list[str]]:
    texts = [t for s in sources for t in s.texts]
    y = np.concatenate([s.y for s in sources])
    w = np.concatenate([_weights(s) for s in sources])
    g = [k for s in sources for k in s.groups]
    return texts, y, w, g


def build(out: Path, shared: Path, seed: int = SEED) -> SupporterModel:
    """Train on every training input and write the model folder ``out``."""
    sources = load_sources(shared)
    texts, y, w, g = _concat(list(sources.values()))
    provenance = {
        "inputs": [s.provenance(len(s.texts)) for s in sources.values()],
        "paths_relative_to": {"training_en": "repository", "others": "shared data folder"},
        "labels": {
            "supporter_dev_ar": "gold_label pro-ISIS = 1, not-ISIS = 0 (by account)",
            "fifthtribe": "all 1 (pro-ISIS accounts, noisy); Latin-script tweets only",
            "about_isis_contrast": "all 0 (tweets about ISIS by others); Latin-script only",
            "training_en": "stance supporter/official/internal = 1, opponent/observer = 0",
        },
        "routing": "each post trains and is scored by the head of its script (ar / en)",
        "seed": seed,
        "folds": FOLDS,
        "grid": {k: list(v) for k, v in DEFAULT_GRID.items()},
        "fifthtribe_account_cap": FT_ACCOUNT_CAP,
        "libraries": {
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
        },
        "tool": "tools/train_supporter.py",
    }
    model = train(texts, y, weights=w, groups=g, folds=FOLDS, seed=seed, training=provenance)
    model.save(out)
    return model


def _rate(model: SupporterModel, texts: list[str]) -> dict[str, Any]:
    p = model.predict_proba(texts)
    return {"n": len(texts), "called_supporter": round(float(np.mean(p > 0.5)), 4)}


def _score(model: SupporterModel, src: Source) -> dict[str, Any]:
    s = scores(src.y, model.predict_proba(src.texts) > 0.5)
    return {
        "n": len(src.texts),
        **{k: round(v, 4) if isinstance(v, float) else v for k, v in s.items()},
    }


def _english_cv(sources: dict[str, Source], seed: int) -> dict[str, Any]:
    """Nested CV over the English inputs, Fifth Tribe accounts held out whole."""
    from sklearn.model_selection import StratifiedGroupKFold

    from undertow.supporter.lexicon import load_lexicons
    from undertow.supporter.training import FeatureCache, fit_rows

    parts = [sources["fifthtribe_en"], sources["contrast_en"], sources["training_en"]]
    texts, y, w, g = _concat(parts)
    origin = np.array([s.name for s in parts for _ in s.texts])
    cache = FeatureCache([prepare(t) for t in texts], lexicons=load_lexicons())
    groups = np.asarray(g, dtype=object)
    proba = np.zeros(len(y))
    split = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    for train_idx, test_idx in split.split(np.zeros(len(y)), y, groups):
        heads = fit_rows(cache, train_idx, y, weights=w, groups=groups, folds=FOLDS, seed=seed)
        model = SupporterModel(heads)
        proba[test_idx] = model.predict_prepared([cache.prepared[i] for i in test_idx])
    out: dict[str, Any] = {"folds": FOLDS, "held_out_whole": "Fifth Tribe accounts"}
    parts_of = {
        "fifthtribe+contrast": origin != "training_en",
        "training_en": origin == "training_en",
        "all": np.ones(len(y), dtype=bool),
    }
    for name, mask in parts_of.items():
        s = scores(y[mask], proba[mask] > 0.5)
        out[name] = {k: round(v, 4) if isinstance(v, float) else v for k, v in s.items()}
    return out


def _leave_source_out_en(sources: dict[str, Source], seed: int) -> dict[str, Any]:
    ft, ct, tr = sources["fifthtribe_en"], sources["contrast_en"], sources["training_en"]
    out = {}
    texts, y, w, g = _concat([ft, ct])
    m = train(texts, y, weights=w, groups=g, folds=FOLDS, seed=seed)
    out["fifthtribe+contrast -> training_en"] = _score(m, tr)
    texts, y, w, g = _concat([tr])
    m = train(texts, y, weights=w, groups=g, folds=FOLDS, seed=seed)
    both = Source("ft+ct", ft.base, ft.rel, ft.texts + ct.texts, [*ft.y, *ct.y])
    out["training_en -> fifthtribe+contrast"] = _score(m, both)
    return out


def evaluate(model: SupporterModel, shared: Path, seed: int = SEED) -> dict[str, Any]:
    """The figures of the model card (slow: several minutes)."""
    sources = load_sources(shared)
    cv = crossval(shared / DEV, folds=FOLDS, seed=seed)
    dev_texts = set(sources["dev_ar"].texts)
    gold = _jsonl("dev_ar_gold", shared, DEV_GOLD)
    gold = gold.only([t not in dev_texts for t in gold.texts])
    fifth_ar = _csv("fifthtribe", shared, FIFTH, "tweets", 1, "username")
    fifth_ar = [t for t in fifth_ar.texts if script_of(prepare(t)) == "ar"]
    train_ar = _jsonl("training_ar", ROOT, TRAIN_AR)
    astd = [ln.rsplit("\t", 1)[0] for ln in (shared / ASTD).read_text("utf-8").splitlines()]
    sem = [ln.split("\t")[1] for ln in (shared / SEMEVAL).read_text("utf-8").splitlines()[1:]]
    return {
        "model": model.name,
        "threshold": 0.5,
        "arabic": {
            "nested_cv_supporter_dev_ar": {
                "overall": cv["overall"],
                "mean_fold_f1": cv["mean_fold_f1"],
                "folds": [
                    {k: v for k, v in f.items() if not k.endswith("_ids")} for f in cv["folds"]
                ],
                "settings": cv["settings"],
            },
            "out_of_source": {
                "training_ar (stance; never trained on)": _score(model, train_ar),
                "dev_ar.gold rows not in supporter_dev_ar (stance)": _score(model, gold),
                "fifthtribe Arabic-script tweets (noisy pro accounts)": _rate(model, fifth_ar),
                "ASTD general Arabic tweets (none pro; false-positive rate)": _rate(model, astd),
            },
        },
        "english": {
            "grouped_nested_cv": _english_cv(sources, seed),
            "leave_source_out": _leave_source_out_en(sources, seed),
            "out_of_domain": {
                "SemEval-2018 E-c English tweets (none pro; false-positive rate)": _rate(
                    model, sem
                ),
            },
        },
        "training": model.training,
    }


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build, and optionally evaluate."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        default=default_model_dir(),
        help=f"model folder (default: supporter-{MODEL_VERSION})",
    )
    parser.add_argument("--shared", type=Path, default=shared_dir(), help="shared data folder")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--evaluate", action="store_true", help="also write card.json (slow)")
    args = parser.parse_args(argv)
    if not (args.shared / DEV).is_file():
        print(f"error: {args.shared / DEV} not found; pass --shared DIR.", file=sys.stderr)
        return 2
    model = build(args.out, args.shared, args.seed)
    print(f"Wrote {args.out}/model.json and weights.npz ({model.name}).")
    if args.evaluate:
        card = evaluate(SupporterModel.load(args.out), args.shared, args.seed)
        write_json(args.out / "card.json", card)
        print(f"Wrote {args.out}/card.json.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
