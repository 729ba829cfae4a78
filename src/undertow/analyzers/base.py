"""The one extension interface: an analyzer codes a batch of posts.

An analyzer has a versioned ``name`` (``codebook.cues.v1``) and a ``version`` string, stores its
keyword-only constructor parameters unchanged (``get_params`` returns them), keeps learned state
in trailing-underscore attributes, reads only its arguments, and keeps no state between batches,
so the runner may send any batch to any worker.

``analyze(posts)`` takes a list of :class:`PostView` and returns one :class:`Annotation` per
label it assigns. Every annotation points at its post and carries at least one evidence span
``(start, end)`` into that post's **original** text (``0 <= start < end <= len(text)``).
A post that gets no label simply has no annotation; the runner records that it was coded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

LABELS: tuple[str, ...] = (
    "despair",
    "worry",
    "failure_analysis",
    "consolation",
    "defiance",
    "rebuke",
    "incitement",
    "triumphalism",
    "admission",
)
CAUSES: tuple[str, ...] = (
    "air_power",
    "enemy_numbers",
    "weapons_shortage",
    "underestimation",
    "fortification",
    "betrayal",
    "leadership",
    "siege",
    "popular_support",
    "divine_test",
    "other",
)
INCITEMENT_FORMS: tuple[str, ...] = ("explicit_call", "threat", "endorsement")


@dataclass(slots=True, frozen=True)
class PostView:
    """What an analyzer may read of a post."""

    id: str
    text: str
    lang: str
    stance: str | None = None


@dataclass(slots=True)
class Annotation:
    """One label on one post, with its evidence.

    ``detail`` carries label-specific codes: for ``failure_analysis`` ``{"causes": [...]}``
    (values from :data:`CAUSES`); for ``incitement`` ``{"target": str | None, "form": str}``
    (form from :data:`INCITEMENT_FORMS`).
    """

    post_id: str
    label: str
    score: float
    spans: list[tuple[int, int]]
    detail: dict[str, Any] = field(default_factory=dict)


class Analyzer:
    """Base class of analyzers. Subclasses set ``name``, ``version``, ``produces``."""

    name: ClassVar[str] = ""
    version: ClassVar[str] = ""
    produces: ClassVar[tuple[str, ...]] = ()
    languages: ClassVar[tuple[str, ...]] = ()

    def get_params(self) -> dict[str, Any]:
        """Return the constructor parameters exactly as given (for caching and provenance)."""
        return {
            k: v for k, v in vars(self).items() if not k.endswith("_") and not k.startswith("_")
        }

    @property
    def key(self) -> str:
        """The ``name@version`` recorded with every annotation this analyzer makes."""
        return f"{self.name}@{self.version}"

    def analyze(self, posts: list[PostView]) -> list[Annotation]:  # pragma: no cover - abstract
        """Code a batch of posts; return one annotation per assigned label."""
        raise NotImplementedError
