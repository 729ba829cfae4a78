"""The conformance check passes every registered analyzer and catches broken ones."""

from __future__ import annotations

from typing import ClassVar

from undertow.analyzers.base import Analyzer, Annotation, PostView
from undertow.analyzers.conformance import PROBES, check_all, check_analyzer


def test_every_registered_analyzer_conforms() -> None:
    results = check_all()
    assert "codebook.cues.v1" in results
    assert results == {name: [] for name in results}


class _Minimal(Analyzer):
    """A conformant analyzer: one worry label on posts that mention fear."""

    name = "test.minimal.v1"
    version = "0.1"
    produces: ClassVar[tuple[str, ...]] = ("worry",)

    def __init__(self, *, word: str = "fear") -> None:
        self.word = word

    def analyze(self, posts: list[PostView]) -> list[Annotation]:
        out = []
        for p in posts:
            i = p.text.find(self.word)
            if i >= 0:
                out.append(Annotation(p.id, "worry", 0.5, [(i, i + len(self.word))]))
        return out


class _Broken(Analyzer):
    """Spans out of range, a label outside the codebook, and a counter kept across batches."""

    name = "test.broken.v1"
    version = "0.1"
    produces: ClassVar[tuple[str, ...]] = ("worry", "panic")

    def __init__(self) -> None:
        self.calls = 0

    def analyze(self, posts: list[PostView]) -> list[Annotation]:
        if not posts:
            return []
        self.calls += 1
        return [Annotation(p.id, "panic", 1.5, [(0, len(p.text) + 5)]) for p in posts]


class _Crashing(Analyzer):
    name = "test@crash"
    version = ""

    def __init__(self, *, level: int = 1) -> None:
        self.level = level + 1  # stores a changed parameter: get_params does not round-trip

    def analyze(self, posts: list[PostView]) -> list[Annotation]:
        raise RuntimeError("boom")


def test_a_minimal_analyzer_conforms() -> None:
    assert check_analyzer(_Minimal()) == []


def test_a_broken_analyzer_is_caught() -> None:
    problems = " | ".join(check_analyzer(_Broken()))
    assert "outside the codebook: ['panic']" in problems
    assert "the label is not a codebook label" in problems
    assert "round trip raised TypeError" in problems  # `calls` is not a constructor parameter
    assert "score 1.5" in problems
    assert "inside the text" in problems
    assert "changed public attributes" in problems


def test_a_crashing_analyzer_is_reported_not_raised() -> None:
    problems = " | ".join(check_analyzer(_Crashing()))
    assert "contains '@'" in problems and "version is not set" in problems
    assert "does not round-trip" in problems
    assert "RuntimeError: boom" in problems


def test_batch_dependence_is_caught() -> None:
    class _BatchSized(_Minimal):
        def analyze(self, posts: list[PostView]) -> list[Annotation]:
            return [Annotation(p.id, "worry", 1 / len(posts), [(0, 1)]) for p in posts]

    problems = check_analyzer(_BatchSized())
    assert any("depends on the batch" in p for p in problems)


def test_the_probe_batch_covers_the_hard_cases() -> None:
    texts = [p.text for p in PROBES]
    assert any(len(t) == 5000 for t in texts)
    assert any("\u202b" in t for t in texts) and any("<script>" in t for t in texts)
    assert any(p.lang == "ar" for p in PROBES) and any(t == "…" for t in texts)
