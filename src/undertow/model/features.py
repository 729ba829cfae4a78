"""The feature vector of a post, and the cue analysis it reuses as evidence.

Per post, in this order (:func:`feature_names` names every column):

1. the 512-d unit embedding of the post (USE multilingual v3);
2. the transparent cue analyzer's score of each of the nine labels (``codebook.cues``, run with
   no threshold and no stance rule) and its decision (score >= 0.5, stance rule applied);
3. the strongest weight of each non-morale cue signal (framing, triumph, incitement parts,
   causes...), from the same bilingual lexicon;
4. the stance (one-hot; unknown counts as ``supporter``, the in-group default) and the language
   (``en``, ``ar``, other);
5. the form of the post: a retweet, a link, hashtags, short (tweet length), and the cue
   decisions and scores again for short posts only (cue rules are sharper on tweets than on
   long forum posts, and the model may learn so).

Everything here is cheap next to the embedding: one cue analysis and one lexicon scan a post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from undertow.analyzers.base import LABELS, PostView
from undertow.analyzers.cues import OUT_GROUP, OUT_GROUP_LABELS, CueAnalyzer
from undertow.analyzers.lexicon import lexicon
from undertow.embed import DIM
from undertow.text.normalize import analysis_text

__all__ = [
    "SIGNALS",
    "STANCES",
    "CueView",
    "cue_views",
    "feature_matrix",
    "feature_names",
]

STANCES: tuple[str, ...] = ("official", "internal", "supporter", "opponent", "observer")
#: Lexicon signals used as features (the morale signals are summed up by the cue scores).
SIGNALS: tuple[str, ...] = (
    "admission",
    "attrib",
    "causal",
    "cause.air_power",
    "cause.betrayal",
    "cause.divine_test",
    "cause.enemy_numbers",
    "cause.fortification",
    "cause.leadership",
    "cause.popular_support",
    "cause.siege",
    "cause.underestimation",
    "cause.weapons_shortage",
    "failure",
    "framing",
    "incite.abroad",
    "incite.attack",
    "incite.call",
    "incite.civilian",
    "incite.enemy",
    "incite.execution",
    "incite.praise",
    "incite.threat",
    "lossctx",
    "neg",
    "subject",
    "target",
    "triumph",
)
SHORT = 160  # characters: a post this short reads as a tweet
_LATIN = re.compile(r"[a-z]{2}")
_ARABIC = re.compile(r"[\u0621-\u064a]")
_RT = re.compile(r"^\s*RT @", re.IGNORECASE)
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
_HASHTAG = re.compile(r"#[^\W_]")
_CUES = CueAnalyzer(min_score=0.0, use_stance=False)


@dataclass(slots=True)
class CueView:
    """The cue analyzer's view of one post: scores, spans and details of every label it saw."""

    scores: dict[str, float] = field(default_factory=dict)
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    detail: dict[str, dict[str, Any]] = field(default_factory=dict)
    signals: np.ndarray = field(default_factory=lambda: np.zeros(len(SIGNALS), np.float32))

    def decided(self, label: str, stance: str | None) -> bool:
        """The cue analyzer's own decision (threshold 0.5, out-group stance rule)."""
        if self.scores.get(label, 0.0) < 0.5:
            return False
        return stance not in OUT_GROUP or label in OUT_GROUP_LABELS


def _signals(text: str) -> np.ndarray:
    out = np.zeros(len(SIGNALS), np.float32)
    norm, _ = analysis_text(text)
    langs = [lang for lang, pat in (("en", _LATIN), ("ar", _ARABIC)) if pat.search(norm)]
    for lang in langs:
        signals = lexicon(lang).signals
        for j, name in enumerate(SIGNALS):
            signal = signals.get(name)
            if signal is None:
                continue
            for hit in signal.hits(norm):
                if hit.weight > out[j]:
                    out[j] = hit.weight
    return out


def cue_views(posts: list[PostView]) -> list[CueView]:
    """Run the cue analyzer (all scores, no stance rule) and the signal scan on each post."""
    views = [CueView() for _ in posts]
    for i, post in enumerate(posts):
        view = views[i]
        for ann in _CUES.analyze([PostView(str(i), post.text, post.lang, None)]):
            view.scores[ann.label] = float(ann.score)
            view.spans[ann.label] = [(int(s), int(e)) for s, e in ann.spans]
            if ann.detail:
                view.detail[ann.label] = dict(ann.detail)
        view.signals = _signals(post.text)
    return views


def feature_names() -> list[str]:
    """The name of every feature column, in order."""
    names = [f"emb{i}" for i in range(DIM)]
    names += [f"cue.score.{label}" for label in LABELS]
    names += [f"cue.decision.{label}" for label in LABELS]
    names += [f"signal.{s}" for s in SIGNALS]
    names += [f"stance.{s}" for s in STANCES]
    names += ["lang.en", "lang.ar", "lang.other"]
    names += ["form.retweet", "form.link", "form.hashtags", "form.short"]
    names += [f"short.decision.{label}" for label in LABELS]
    names += [f"short.score.{label}" for label in LABELS]
    return names


def feature_matrix(
    posts: list[PostView], embeddings: np.ndarray, views: list[CueView]
) -> np.ndarray:
    """The (n, len(feature_names())) float64 feature matrix of ``posts``."""
    n = len(posts)
    width = len(feature_names())
    X = np.zeros((n, width), dtype=np.float64)
    if n == 0:
        return X
    X[:, :DIM] = embeddings
    col = DIM
    k = len(LABELS)
    for i, (post, view) in enumerate(zip(posts, views, strict=True)):
        stance = post.stance if post.stance in STANCES else "supporter"
        scores = np.array([view.scores.get(label, 0.0) for label in LABELS])
        decisions = np.array([view.decided(label, stance) for label in LABELS], dtype=float)
        text = post.text
        short = float(len(text) <= SHORT)
        row = X[i]
        c = col
        row[c : c + k] = scores
        row[c + k : c + 2 * k] = decisions
        c += 2 * k
        row[c : c + len(SIGNALS)] = view.signals
        c += len(SIGNALS)
        row[c + STANCES.index(stance)] = 1.0
        c += len(STANCES)
        lang = post.lang if post.lang in ("en", "ar") else "other"
        row[c + ("en", "ar", "other").index(lang)] = 1.0
        c += 3
        row[c] = float(bool(_RT.search(text)))
        row[c + 1] = float(bool(_LINK.search(text)))
        row[c + 2] = min(len(_HASHTAG.findall(text)), 3) / 3.0
        row[c + 3] = short
        c += 4
        row[c : c + k] = decisions * short
        row[c + k : c + 2 * k] = scores * short
    return X
