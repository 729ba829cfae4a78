"""The coding API: code posts (dicts in, dicts out) and JSONL files, with the learned model.

Each post is embedded once (batched), analysed once by the cue lists, scored by the linear
models; sentences are embedded only for multi-sentence posts with a label that no cue
explains. Output per post (exactly these keys)::

    {"id", "lang", "labels": [...], "scores": {label: probability, all nine},
     "evidence": {label: [[start, end], ...]}, "causes": [...],
     "incitement": {"target", "form"} | null, "supporter": null, "entities": [],
     "model": "codebook.model@1.0.0"}

``supporter`` and ``entities`` are left for the supporter and entity components to fill.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from undertow.analyzers.base import PostView
from undertow.embed import embed
from undertow.errors import InputError, RecordError
from undertow.model.artifact import MODEL_VERSION, Artifact
from undertow.model.evidence import assign_evidence, blank
from undertow.model.features import cue_views, feature_matrix
from undertow.model.predict import Predictor
from undertow.model.target import find_target
from undertow.text.langid import detect_lang

__all__ = ["MODEL_KEY", "Coder", "code_file", "code_posts", "default_coder"]

MODEL_KEY = f"codebook.model@{MODEL_VERSION}"
EmbedFn = Callable[[Sequence[str]], np.ndarray]
ProgressFn = Callable[[int, int], None]
_lock = threading.Lock()
_coders: dict[str, Coder] = {}


class Coder:
    """A loaded model, ready to code batches of posts."""

    def __init__(self, artifact: Artifact, *, embed_fn: EmbedFn = embed) -> None:
        self.predictor = Predictor(artifact)
        self.embed_fn = embed_fn

    def code(
        self, posts: list[PostView], embeddings: np.ndarray | None = None
    ) -> list[dict[str, Any]]:
        """Code post views; ``embeddings`` (n, 512) may be given to skip embedding."""
        if not posts:
            return []
        texts = [p.text for p in posts]
        E = self.embed_fn(texts) if embeddings is None else embeddings
        views = cue_views(posts)
        X = feature_matrix(posts, E, views)
        preds = self.predictor.predict(posts, X, views)
        labels = [[] if blank(t) else p.labels for t, p in zip(texts, preds, strict=True)]
        evidence = assign_evidence(texts, labels, views, self.predictor.coef, self.embed_fn)
        out: list[dict[str, Any]] = []
        for post, pred, assigned, ev, view in zip(
            posts, preds, labels, evidence, views, strict=True
        ):
            incitement = None
            if "incitement" in assigned:
                target = find_target(post.text, view, ev.get("incitement", []))
                incitement = {"target": target, "form": pred.form}
            out.append(
                {
                    "id": post.id,
                    "lang": post.lang,
                    "labels": list(assigned),
                    "scores": dict(pred.scores),
                    "evidence": {k: [[s, e] for s, e in ev[k]] for k in assigned},
                    "causes": list(pred.causes) if "failure_analysis" in assigned else [],
                    "incitement": incitement,
                    "supporter": None,
                    "entities": [],
                    "model": MODEL_KEY,
                }
            )
        return out


def default_coder(model_dir: str | Path | None = None) -> Coder:
    """The process-wide coder of a model folder (default: the shipped model), loaded once."""
    key = str(model_dir or "")
    coder = _coders.get(key)
    if coder is None:
        with _lock:
            coder = _coders.get(key)
            if coder is None:
                coder = _coders[key] = Coder(Artifact.load(model_dir))
    return coder


def _view(post: dict[str, Any], index: int) -> PostView:
    text = post.get("text")
    if not isinstance(text, str):
        raise ValueError("the post has no 'text' string")
    pid = post.get("id", index)
    lang = post.get("lang") or detect_lang(text)
    stance = post.get("stance")
    return PostView(str(pid), text, str(lang), stance if isinstance(stance, str) else None)


def code_posts(
    posts: list[dict[str, Any]], *, model_dir: str | Path | None = None
) -> list[dict[str, Any]]:
    """Code post dicts (``id``, ``text``, optional ``lang``, ``stance``, ``author``,
    ``created_at``); return one result dict per post, in order (see the module docstring)."""
    views = [_view(p, i) for i, p in enumerate(posts)]
    return default_coder(model_dir).code(views)


def _records(path: Path, errors: list[RecordError]) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                    raise ValueError("a post needs a JSON object with a 'text' string")
            except ValueError as exc:
                errors.append(RecordError(str(path), f"line {number}", str(exc)))
                continue
            yield number, rec


def code_file(
    in_path: str | Path,
    out_path: str | Path,
    *,
    batch_size: int = 512,
    progress: ProgressFn | None = None,
    errors: list[RecordError] | None = None,
    model_dir: str | Path | None = None,
) -> int:
    """Code a JSONL file of posts into a JSONL file of results, in the same order.

    Bad lines are skipped and reported as :class:`~undertow.errors.RecordError` (file and line
    number) appended to ``errors`` when given. ``progress(done, total)`` is called after each
    batch (``total`` is the number of non-empty lines). Returns the number of posts coded.
    """
    src, dst = Path(in_path), Path(out_path)
    if not src.is_file():
        raise InputError(f"Input file {src} does not exist: give a JSONL file of posts.")
    collected = errors if errors is not None else []
    with src.open(encoding="utf-8") as fh:
        total = sum(1 for line in fh if line.strip())
    coder = default_coder(model_dir)
    done = 0
    tmp = dst.with_name(dst.name + ".part")
    with tmp.open("w", encoding="utf-8") as out:
        batch: list[PostView] = []
        seen = 0

        def flush() -> None:
            nonlocal done
            for result in coder.code(batch):
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
            done += len(batch)
            batch.clear()
            if progress:
                progress(seen, total)

        for number, rec in _records(src, collected):
            seen += 1
            try:
                batch.append(_view(rec, number))
            except ValueError as exc:
                collected.append(RecordError(str(src), f"line {number}", str(exc)))
                continue
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        elif progress:
            progress(total, total)
    tmp.replace(dst)
    return done
