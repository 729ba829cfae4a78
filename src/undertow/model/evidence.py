"""Evidence spans for every label the model assigns.

A label the cue analyzer also saw keeps the cue spans (the clauses around its cues). A label
that only the model saw gets the sentence (:func:`undertow.text.sentences.split_sentences`)
whose own embedding scores highest on that label's embedding weights; a one-sentence post is
its own evidence. Sentences are embedded only for the posts that need it (several sentences
and a model-only label), in one batch. Every span is a non-empty ``[start, end)`` inside the
text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from undertow.analyzers.base import LABELS
from undertow.embed import DIM
from undertow.model.features import CueView
from undertow.text.sentences import split_sentences

__all__ = ["Need", "assign_evidence", "blank", "valid_spans"]

Span = tuple[int, int]
Need = tuple[int, str, list[Span]]  # (post index, label, candidate sentences)
EmbedFn = Callable[[Sequence[str]], np.ndarray]


def blank(text: str) -> bool:
    """Whether a text has no sentence at all (nothing could be evidence)."""
    return not split_sentences(text)


def valid_spans(spans: Sequence[Span], text: str) -> list[Span]:
    """The spans that are non-empty and inside ``text``, sorted and de-duplicated."""
    return sorted({(int(s), int(e)) for s, e in spans if 0 <= s < e <= len(text)})


def assign_evidence(
    texts: list[str],
    labels: list[list[str]],
    views: list[CueView],
    label_coef: np.ndarray,
    embed_fn: EmbedFn,
) -> list[dict[str, list[Span]]]:
    """Evidence of each assigned label of each post (label -> spans)."""
    out: list[dict[str, list[Span]]] = [{} for _ in texts]
    needs: list[Need] = []
    for i, (text, assigned, view) in enumerate(zip(texts, labels, views, strict=True)):
        sentences: list[Span] | None = None
        for label in assigned:
            spans = valid_spans(view.spans.get(label, []), text)
            if spans:
                out[i][label] = spans
                continue
            if sentences is None:
                sentences = split_sentences(text)
            if len(sentences) == 1:
                out[i][label] = [sentences[0]]
            elif sentences:
                needs.append((i, label, sentences))
    if needs:
        _by_sentence(texts, needs, out, label_coef, embed_fn)
    return out


def _by_sentence(
    texts: list[str],
    needs: list[Need],
    out: list[dict[str, list[Span]]],
    label_coef: np.ndarray,
    embed_fn: EmbedFn,
) -> None:
    """Pick, for each need, the sentence whose embedding scores highest for the label."""
    order: dict[tuple[int, Span], int] = {}
    for i, _, sentences in needs:
        for span in sentences:
            order.setdefault((i, span), len(order))
    pieces = [texts[i][s:e] for i, (s, e) in order]
    vectors = embed_fn(pieces)
    weights = label_coef[:DIM]
    for i, label, sentences in needs:
        j = LABELS.index(label)
        rows = [order[(i, span)] for span in sentences]
        scores = np.round(vectors[rows] @ weights[:, j], 4)
        out[i][label] = [sentences[int(np.argmax(scores))]]
