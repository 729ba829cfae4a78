"""Find analyzers through the ``undertow.analyzers`` entry-point group.

Built-in analyzers register exactly as third-party ones do, in their package's pyproject::

    [project.entry-points."undertow.analyzers"]
    "codebook.cues.v1" = "undertow.analyzers.cues:CueAnalyzer"
"""

from __future__ import annotations

from importlib.metadata import entry_points

from undertow.analyzers.base import Analyzer
from undertow.errors import AnalyzerError

GROUP = "undertow.analyzers"
DEFAULT = ("codebook.model.v1",)


def available() -> dict[str, type[Analyzer]]:
    """Every registered analyzer class by its entry-point name."""
    found: dict[str, type[Analyzer]] = {}
    for ep in entry_points(group=GROUP):
        try:
            cls = ep.load()
        except Exception as exc:  # a broken plug-in must not hide the others
            raise AnalyzerError(
                f"Analyzer {ep.name!r} ({ep.value}) failed to load: {exc}. "
                "Reinstall or remove the package that provides it."
            ) from exc
        found[ep.name] = cls
    return found


def load(names: list[str] | tuple[str, ...] | None = None) -> list[Analyzer]:
    """Instantiate the named analyzers (default: the built-in codebook analyzer)."""
    names = list(names or DEFAULT)
    registry = available()
    out: list[Analyzer] = []
    for name in names:
        if name not in registry:
            known = ", ".join(sorted(registry)) or "none"
            raise AnalyzerError(f"No analyzer named {name!r} is installed; installed: {known}.")
        out.append(registry[name]())
    return out


def current_keys(names: list[str] | tuple[str, ...] | None = None) -> list[str]:
    """The ``name@version`` keys of the analyzers that measures and exports read."""
    return [a.key for a in load(names)]
