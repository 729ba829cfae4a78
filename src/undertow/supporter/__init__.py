"""Supporter detection: the probability that a post's author supports the movement.

For posts whose source stance is unknown (hashtag streams, mixed dumps), undertow estimates
from the text alone how likely its author is a supporter of the movement under study. The
shipped model (``undertow/models/supporter-1.0.0``) is trained for the ISIS-era jihadist
movement in Arabic and English; other movements get their own lexicon and training data.
See ``docs/supporter.md`` for how it was trained, its measured figures and its limits: the
training labels are account-level and a probability about a post is never a finding about
a person.

    >>> from undertow.supporter import SupporterModel
    >>> model = SupporterModel.load()
    >>> model.predict_proba(["..."])  # doctest: +SKIP
"""

from __future__ import annotations

from undertow.supporter.crossval import crossval, read_labelled
from undertow.supporter.model import (
    MODEL_VERSION,
    SupporterModel,
    default_model,
    default_model_dir,
)
from undertow.supporter.training import train

__all__ = [
    "MODEL_VERSION",
    "SupporterModel",
    "crossval",
    "default_model",
    "default_model_dir",
    "read_labelled",
    "train",
]
