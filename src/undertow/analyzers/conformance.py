"""The conformance check every registered analyzer must pass.

:func:`check_analyzer` runs one analyzer through the contract of
:mod:`undertow.analyzers.base` and returns the problems it finds, as sentences (an empty list
means conformant); it never raises. :func:`check_all` runs it over every analyzer registered
in the ``undertow.analyzers`` entry-point group, built-in and third-party alike.

What is checked:

- ``name`` and ``version`` are non-empty strings and ``name`` has no ``@``;
  ``produces`` is a subset of :data:`~undertow.analyzers.base.LABELS`;
- ``get_params()`` round-trips: the class built again from it reports the same parameters;
- ``analyze([])`` returns ``[]``;
- on a fixed probe batch (English, Arabic, a near-empty text, a 5,000-character text, bidi
  controls, markup), every result is an :class:`~undertow.analyzers.base.Annotation` of a post of
  the batch, with a label the analyzer produces, a score in [0, 1], at least one non-empty
  span inside the post's text, causes from :data:`~undertow.analyzers.base.CAUSES` and an
  incitement form from :data:`~undertow.analyzers.base.INCITEMENT_FORMS`;
- determinism (the same batch twice gives the same output), batch independence (post by post,
  together, or in reverse order, each post gets the same annotations) and no state kept
  between batches (no public attribute changes across calls).
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from undertow.analyzers.base import (
    CAUSES,
    INCITEMENT_FORMS,
    LABELS,
    Analyzer,
    Annotation,
    PostView,
)

__all__ = ["GROUP", "PROBES", "check_all", "check_analyzer"]

GROUP = "undertow.analyzers"

_LONG = " ".join(
    ["The brothers held the line in the city for another week, and the reports kept coming."] * 60
)[:5000]

#: The fixed probe batch every analyzer is run on.
PROBES: tuple[PostView, ...] = (
    PostView("probe:en", "We lost the city, but the war is long. Do not despair.", "en", None),
    PostView("probe:ar", "وإن خسرنا الفلوجة فالحرب طويلة، لا تحزنوا يا إخوة", "ar", "supporter"),
    PostView("probe:empty", "…", "und", None),
    PostView("probe:long", _LONG, "en", "observer"),
    PostView(
        "probe:bidi", "\u202bالدولة\u202c باقية \u2066we remain\u2069\u200f!", "ar", "official"
    ),
    PostView(
        "probe:markup",
        "<script>alert('x')</script> <b>they will never</b> &amp; kill them all",
        "en",
        "opponent",
    ),
)

_Canonical = tuple[str, str, float, tuple[tuple[int, int], ...], str]


def _canonical(annotations: list[Any]) -> list[_Canonical]:
    """A comparable form of a list of annotations (order kept)."""
    out: list[_Canonical] = []
    for a in annotations:
        spans = tuple((int(s), int(e)) for s, e in a.spans)
        detail = json.dumps(a.detail, sort_keys=True, default=repr, ensure_ascii=False)
        out.append((a.post_id, a.label, float(a.score), spans, detail))
    return out


def _public_state(analyzer: Analyzer) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for key, value in vars(analyzer).items():
        if key.startswith("_"):
            continue
        try:
            state[key] = copy.deepcopy(value)
        except Exception:  # an attribute that cannot be copied is compared by its repr
            state[key] = repr(value)
    return state


def _check_annotation(a: Any, texts: dict[str, str], produces: tuple[str, ...]) -> list[str]:
    """Problems of one returned object against the Annotation contract."""
    if not isinstance(a, Annotation):
        return [f"analyze() returned {type(a).__name__}, not an Annotation"]
    where = f"annotation {a.label!r} of post {a.post_id!r}"
    problems: list[str] = []
    if a.post_id not in texts:
        return [f"{where}: the post id is not in the batch"]
    if a.label not in LABELS:
        problems.append(f"{where}: the label is not a codebook label")
    elif a.label not in produces:
        problems.append(f"{where}: the label is not in produces {produces}")
    score = a.score
    if (
        isinstance(score, bool)
        or not isinstance(score, int | float)
        or math.isnan(score)
        or not 0.0 <= score <= 1.0
    ):
        problems.append(f"{where}: score {score!r} is not a number in [0, 1]")
    text = texts[a.post_id]
    if not isinstance(a.spans, list | tuple) or not a.spans:
        problems.append(f"{where}: no evidence span")
    else:
        for span in a.spans:
            ok = (
                isinstance(span, list | tuple)
                and len(span) == 2
                and all(isinstance(x, int) and not isinstance(x, bool) for x in span)
                and 0 <= span[0] < span[1] <= len(text)
            )
            if not ok:
                problems.append(
                    f"{where}: span {span!r} is not a non-empty (start, end) inside the text "
                    f"of {len(text)} characters"
                )
    detail = a.detail if isinstance(a.detail, dict) else None
    if detail is None:
        problems.append(f"{where}: detail is not a dict")
    elif a.label == "failure_analysis":
        causes = detail.get("causes")
        if not isinstance(causes, list) or not set(causes) <= set(CAUSES):
            problems.append(f"{where}: causes {causes!r} are not a list of values from CAUSES")
    elif a.label == "incitement":
        form = detail.get("form")
        if form not in INCITEMENT_FORMS:
            problems.append(f"{where}: form {form!r} is not one of {INCITEMENT_FORMS}")
        target = detail.get("target")
        if target is not None and not isinstance(target, str):
            problems.append(f"{where}: target {target!r} is neither a string nor None")
    return problems


def _by_post(annotations: list[_Canonical]) -> dict[str, list[_Canonical]]:
    out: dict[str, list[_Canonical]] = {}
    for a in annotations:
        out.setdefault(a[0], []).append(a)
    return {k: sorted(v) for k, v in out.items()}


def _guard(problems: list[str], what: str, step: Callable[[], None]) -> None:
    try:
        step()
    except Exception as exc:  # the check collects problems, it never raises
        problems.append(f"{what} raised {type(exc).__name__}: {exc}")


def check_analyzer(analyzer: Analyzer) -> list[str]:
    """Return the problems found in ``analyzer`` (an empty list means it conforms)."""
    problems: list[str] = []
    cls = type(analyzer)
    name, version = getattr(cls, "name", ""), getattr(cls, "version", "")
    if not isinstance(name, str) or not name:
        problems.append("name is not set: give the class a versioned name such as 'x.cues.v1'")
    elif "@" in name:
        problems.append(f"name {name!r} contains '@', which separates name and version in keys")
    if not isinstance(version, str) or not version:
        problems.append("version is not set: give the class a version string such as '1.0.0'")
    produces = tuple(getattr(cls, "produces", ()) or ())
    unknown = sorted(set(produces) - set(LABELS))
    if unknown:
        problems.append(f"produces labels outside the codebook: {unknown}")

    def round_trip() -> None:
        params = analyzer.get_params()
        again = cls(**params).get_params()
        if again != params:
            problems.append(f"get_params() does not round-trip: {params!r} became {again!r}")

    _guard(problems, "get_params() round trip", round_trip)

    def empty() -> None:
        result = analyzer.analyze([])
        if result != []:
            problems.append(f"analyze([]) returned {result!r}, not []")

    _guard(problems, "analyze([])", empty)

    batch = list(PROBES)
    texts = {p.id: p.text for p in batch}
    before = _public_state(analyzer)
    try:
        first = analyzer.analyze(batch)
    except Exception as exc:
        problems.append(f"analyze() on the probe batch raised {type(exc).__name__}: {exc}")
        return problems
    if not isinstance(first, list):
        problems.append(f"analyze() returned {type(first).__name__}, not a list")
        return problems
    for a in first:
        problems.extend(_check_annotation(a, texts, produces))

    def stable() -> None:
        reference = _canonical(first)
        if _canonical(analyzer.analyze(batch)) != reference:
            problems.append("analyze() is not deterministic: the same batch gave another output")
        together = _by_post(reference)
        alone = _by_post([a for p in batch for a in _canonical(analyzer.analyze([p]))])
        if alone != together:
            problems.append("analyze() depends on the batch: posts coded one by one differ")
        if _by_post(_canonical(analyzer.analyze(batch[::-1]))) != together:
            problems.append("analyze() depends on the order of the posts in the batch")
        if _public_state(analyzer) != before:
            problems.append("analyze() changed public attributes: keep no state between batches")

    _guard(problems, "the stability checks", stable)
    return problems


def probe_instance(cls: type[Analyzer]) -> Analyzer:
    """An instance to check: analyzers that need configuration (``requires_config``, such as
    the LLM backend) provide one wired to an in-process fake, so checking never reaches out."""
    if getattr(cls, "requires_config", False):
        return cls.conformance_instance()  # type: ignore[attr-defined]
    return cls()


def check_all() -> dict[str, list[str]]:
    """Check every analyzer registered in the ``undertow.analyzers`` entry-point group."""
    results: dict[str, list[str]] = {}
    for ep in entry_points(group=GROUP):
        try:
            analyzer = probe_instance(ep.load())
        except Exception as exc:
            results[ep.name] = [
                f"could not load and build {ep.value}: {type(exc).__name__}: {exc}; "
                "reinstall the package that provides it"
            ]
            continue
        results[ep.name] = check_analyzer(analyzer)
    return results
