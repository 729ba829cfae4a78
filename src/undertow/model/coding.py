"""The coding API: code posts (dicts in, dicts out) and JSONL files, with the learned model.

Each post is embedded once (batched), analysed once by the cue lists, scored by the linear
models; sentences are embedded only for multi-sentence posts with a label that no cue
explains. Output per post (exactly these keys)::

    {"id", "lang", "labels": [...], "scores": {label: probability, all nine},
     "evidence": {label: [[start, end], ...]}, "causes": [...],
     "incitement": {"target", "form"} | null, "supporter": probability | null,
     "entities": [{"id", "kind", "span": [start, end]}, ...],
     "model": "codebook.model@1.0.0"}

``supporter`` is the probability that the post's author supports the movement, from the
shipped supporter model (:mod:`undertow.supporter`, ``undertow.supporter/isis@1.0.0``), scored
for the whole batch at once. It is reported for every post, **also when the input gives a
``stance``**: it is the model's view of the text, never a replacement for the stance the
analyst set (which the codebook model reads as a feature), and comparing the two is how its
errors are found. Read the limits in ``docs/supporter.md`` before using it: it is trained for
ISIS-era jihadism, its English head calls most ordinary English posts supporters', and it is
never a finding about a person. It is ``null`` for a post with no letter once the model's
preparation has removed links, @handles and a leading ``RT @user:`` (a bare link, a row of
handles, emoji only): the model has nothing to read and would return its English head's base
rate, about 0.9. It is also ``null`` when the :class:`Coder` was built without a
supporter model (``Coder(artifact)``, as cross-validation does: the shipped supporter model
was trained on the Arabic supporter dev set, so its scores there would be in-sample).
:func:`default_coder`, and so :func:`code_posts` and :func:`code_file`, load it once per
process. The ``codebook.model.v1`` analyzer shares the coder but its annotations carry labels
only, so it codes with ``extras=False`` and skips both.

``entities`` lists every place and actor the post names (:func:`undertow.entities.link`, the
packaged gazetteer, both scripts looked for), one entry per mention, ordered by start: the
canonical id (``place:fallujah``), its kind (``place`` or ``actor``) and its ``[start, end)``
span into the original text, proclitics included (``وبالفلوجة``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from undertow.analyzers.base import PostView
from undertow.embed import embed
from undertow.entities import link
from undertow.errors import InputError, RecordError
from undertow.model.artifact import MODEL_VERSION, Artifact
from undertow.model.evidence import assign_evidence, blank
from undertow.model.features import cue_views, feature_matrix
from undertow.model.predict import Predictor
from undertow.model.target import find_target
from undertow.text.langid import detect_lang

if TYPE_CHECKING:  # the supporter package imports scikit-learn: load it when coding, not here
    from undertow.supporter import SupporterModel

__all__ = ["MODEL_KEY", "Coder", "code_file", "code_posts", "default_coder"]

MODEL_KEY = f"codebook.model@{MODEL_VERSION}"
EmbedFn = Callable[[Sequence[str]], np.ndarray]
ProgressFn = Callable[[int, int], None]
_lock = threading.Lock()
_coders: dict[str, Coder] = {}


class Coder:
    """A loaded model, ready to code batches of posts.

    ``supporter`` is the supporter model that fills each result's ``supporter`` (or
    ``supporter_loader``, called the first time one is needed); without either, ``supporter``
    is null.
    """

    def __init__(
        self,
        artifact: Artifact,
        *,
        embed_fn: EmbedFn = embed,
        supporter: SupporterModel | None = None,
        supporter_loader: Callable[[], SupporterModel] | None = None,
    ) -> None:
        self.predictor = Predictor(artifact)
        self.embed_fn = embed_fn
        self._supporter = supporter
        # called on first use: the analyzer, which never asks for supporter, never pays for it
        self._loader = supporter_loader
        self._lock = threading.Lock()

    @property
    def supporter(self) -> SupporterModel | None:
        """The supporter model (loaded on first use when a loader was given), or None."""
        if self._supporter is None and self._loader is not None:
            with self._lock:
                if self._supporter is None and self._loader is not None:
                    self._supporter = self._loader()
        return self._supporter

    def code(
        self, posts: list[PostView], embeddings: np.ndarray | None = None, *, extras: bool = True
    ) -> list[dict[str, Any]]:
        """Code post views; ``embeddings`` (n, 512) may be given to skip embedding.

        ``extras=False`` leaves ``supporter`` null and ``entities`` empty (the analyzer, which
        stores labels only, saves their time)."""
        if not posts:
            return []
        texts = [p.text for p in posts]
        E = self.embed_fn(texts) if embeddings is None else embeddings
        views = cue_views(posts)
        X = feature_matrix(posts, E, views)
        preds = self.predictor.predict(posts, X, views)
        labels = [[] if blank(t) else p.labels for t, p in zip(texts, preds, strict=True)]
        evidence = assign_evidence(texts, labels, views, self.predictor.coef, self.embed_fn)
        supporter = self._supporter_scores(texts, E) if extras else [None] * len(texts)
        out: list[dict[str, Any]] = []
        for post, pred, assigned, ev, view, sup in zip(
            posts, preds, labels, evidence, views, supporter, strict=True
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
                    "supporter": sup,
                    "entities": _mentions(post.text) if extras else [],
                    "model": MODEL_KEY,
                }
            )
        return out

    def _supporter_scores(self, texts: list[str], embeddings: np.ndarray) -> list[float | None]:
        """The supporter probability of each text (the embeddings are passed on, not redone);
        None where the model would read no letter."""
        if self.supporter is None:
            return [None] * len(texts)
        from undertow.supporter.text import prepare

        proba = self.supporter.predict_proba(texts, embeddings=embeddings)
        return [
            float(p) if any(ch.isalpha() for ch in prepare(t)) else None
            for t, p in zip(texts, proba, strict=True)
        ]


def _mentions(text: str) -> list[dict[str, Any]]:
    """The places and actors ``text`` names: ``{"id", "kind", "span": [start, end]}`` each,
    one a mention, ordered by start; spans index ``text`` itself."""
    found = sorted(link(text), key=lambda e: e.span)
    return [{"id": e.id, "kind": e.kind, "span": [e.span[0], e.span[1]]} for e in found]


def default_coder(model_dir: str | Path | None = None) -> Coder:
    """The process-wide coder of a model folder (default: the shipped model), loaded once,
    with the shipped supporter model (loaded when first needed)."""
    key = str(model_dir or "")
    coder = _coders.get(key)
    if coder is None:
        with _lock:
            coder = _coders.get(key)
            if coder is None:
                coder = _coders[key] = Coder(
                    Artifact.load(model_dir), supporter_loader=_shipped_supporter
                )
    return coder


def _shipped_supporter() -> SupporterModel:
    from undertow.supporter import default_model

    return default_model()


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
