"""Apply a trained :class:`~undertow.model.artifact.Artifact` to posts.

Per post: a calibrated probability for each of the nine labels (``sigmoid(a * (x.w + b) + c)``,
rounded to 3 decimals so that the embedder's last-bit noise across batch shapes does not leak
into the output), the labels at or above their thresholds, then the codebook's definitional
stance rule (an ``observer`` or ``opponent`` post is not the movement's voice: only
``failure_analysis`` and ``incitement`` can be coded for it; the other probabilities are set to
0), the causes of ``failure_analysis`` and the form of ``incitement``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from undertow.analyzers.base import CAUSES, INCITEMENT_FORMS, LABELS, PostView
from undertow.analyzers.cues import OUT_GROUP, OUT_GROUP_LABELS
from undertow.errors import AnalyzerError
from undertow.model.artifact import Artifact
from undertow.model.features import CueView, feature_names

__all__ = ["CAUSE_THRESHOLD", "Prediction", "Predictor", "sigmoid"]

CAUSE_THRESHOLD = 0.3  # chosen on the training sets (cross-language), not on dev
_FA = LABELS.index("failure_analysis")
_INC = LABELS.index("incitement")


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, clipped against overflow."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


@dataclass(slots=True)
class Prediction:
    """What the model says about one post (before evidence and target are attached)."""

    scores: dict[str, float]
    labels: list[str]
    causes: list[str] = field(default_factory=list)
    form: str | None = None


class Predictor:
    """The arrays of an artifact, ready to score feature matrices."""

    def __init__(self, artifact: Artifact) -> None:
        a = artifact.arrays
        width = len(feature_names())
        if a["label_coef"].shape[0] != width:
            raise AnalyzerError(
                f"The model reads {a['label_coef'].shape[0]} features but this undertow makes "
                f"{width}: rebuild it with 'python tools/train_model.py' or reinstall undertow."
            )
        self.coef = a["label_coef"].astype(np.float64)
        self.intercept = a["label_intercept"].astype(np.float64)
        self.platt_a = a["platt_a"].astype(np.float64)
        self.platt_b = a["platt_b"].astype(np.float64)
        self.threshold = np.round(a["threshold"].astype(np.float64), 3)
        self.cause_coef = a["cause_coef"].astype(np.float64)
        self.cause_intercept = a["cause_intercept"].astype(np.float64)
        self.form_coef = a["form_coef"].astype(np.float64)
        self.form_intercept = a["form_intercept"].astype(np.float64)
        self.sub = a["sub_columns"].astype(np.int64)
        self.card = artifact.card

    def probabilities(self, X: np.ndarray) -> np.ndarray:
        """Calibrated label probabilities, (n, 9), rounded to 3 decimals."""
        z = X @ self.coef + self.intercept
        return np.round(sigmoid(self.platt_a * z + self.platt_b), 3)

    def predict(
        self, posts: list[PostView], X: np.ndarray, views: list[CueView]
    ) -> list[Prediction]:
        """Labels, scores, causes and incitement form of each post."""
        if not posts:
            return []
        P = self.probabilities(X)
        sub = X[:, self.sub]
        cause_p = sigmoid(sub @ self.cause_coef + self.cause_intercept)
        form_z = sub @ self.form_coef + self.form_intercept
        out: list[Prediction] = []
        for i, (post, view) in enumerate(zip(posts, views, strict=True)):
            probs = P[i].copy()
            if post.stance in OUT_GROUP:
                for j, label in enumerate(LABELS):
                    if label not in OUT_GROUP_LABELS:
                        probs[j] = 0.0
            chosen = probs >= self.threshold
            labels = [label for j, label in enumerate(LABELS) if chosen[j] and probs[j] > 0]
            scores = {label: float(probs[j]) for j, label in enumerate(LABELS)}
            pred = Prediction(scores, labels)
            if chosen[_FA]:
                pred.causes = _causes(cause_p[i], view)
            if chosen[_INC]:
                pred.form = _form(form_z[i], view)
            out.append(pred)
        return out


def _causes(p: np.ndarray, view: CueView) -> list[str]:
    """Causes the cause model is sure of, plus those the cue lists name; else ``other``."""
    found = {c for k, c in enumerate(CAUSES) if p[k] >= CAUSE_THRESHOLD}
    found |= set(view.detail.get("failure_analysis", {}).get("causes", []))
    if len(found) > 1:
        found.discard("other")
    return [c for c in CAUSES if c in found] or ["other"]


def _form(z: np.ndarray, view: CueView) -> str:
    """The cue analyzer's form when its incitement cue fires, else the form model's choice."""
    cue = view.detail.get("incitement", {}).get("form")
    if cue in INCITEMENT_FORMS and view.scores.get("incitement", 0.0) >= 0.5:
        return str(cue)
    return INCITEMENT_FORMS[int(np.argmax(z))]
