"""``codebook.model.v1``: the learned codebook coder, as an analyzer.

It wraps :class:`undertow.model.coding.Coder`: one embedding a post (USE multilingual v3), the
transparent cue analyzer's scores and signals as features, a calibrated logistic regression per
label with thresholds chosen by inner cross-validation, the codebook's stance rule, causes and
incitement form and target. Every label carries evidence spans (cue clauses, or the sentence
that scores highest for the label). The trained weights ship in
``undertow/models/codebook-model-1.0.0`` (see its ``card.json``); ``model_dir`` points to
another trained folder (``python tools/train_model.py --out DIR``).
"""

from __future__ import annotations

from typing import Any

from undertow.analyzers.base import LABELS, Analyzer, Annotation, PostView
from undertow.model.coding import Coder, default_coder

__all__ = ["ModelAnalyzer"]


class ModelAnalyzer(Analyzer):
    """Code posts with the learned model; ``model_dir``: a trained model folder (default:
    the shipped model)."""

    name = "codebook.model"
    version = "1.0.0"
    produces = LABELS
    languages = ("en", "ar")

    def __init__(self, *, model_dir: str | None = None) -> None:
        self.model_dir = model_dir

    @property
    def coder_(self) -> Coder:
        """The loaded model (shared by every analyzer of the same folder in the process)."""
        return default_coder(self.model_dir)

    def analyze(self, posts: list[PostView]) -> list[Annotation]:
        """Code a batch of posts; return one annotation per assigned label, in label order."""
        if not posts:
            return []
        out: list[Annotation] = []
        for post, result in zip(posts, self.coder_.code(list(posts), extras=False), strict=True):
            for label in result["labels"]:
                detail: dict[str, Any] = {}
                if label == "failure_analysis":
                    detail = {"causes": list(result["causes"])}
                elif label == "incitement":
                    detail = dict(result["incitement"])
                spans = [(int(s), int(e)) for s, e in result["evidence"][label]]
                out.append(Annotation(post.id, label, result["scores"][label], spans, detail))
        return out
