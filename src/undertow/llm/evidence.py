"""Find a model's quoted evidence in the original text of a post.

Language models quote well and count characters badly, so the model returns quotes and
:class:`Locator` finds them:

1. exactly, as a substring of the original text;
2. failing that, tolerantly: on the analysis text of :func:`undertow.text.normalize.analysis_text`
   (diacritics, tatweel, bidi controls and letter forms unified, lower case) with every run of
   spaces and punctuation read as one space, matched at word boundaries, and mapped back to
   the original through the analysis text's offsets.

A quote that elides a middle part (``"we lost ... the war is long"``) is split at the ellipsis
and each part is located on its own. A quote is rejected (``None``) when any part is not found
or has fewer than :data:`MIN_CHARS` letters or digits after normalisation (a one-letter
"quote" proves nothing).
"""

from __future__ import annotations

import re

from undertow.text.normalize import analysis_text, normalize, orig_span

__all__ = ["MIN_CHARS", "Locator", "fold"]

MIN_CHARS = 2
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\.\s*){3}\]|\(\s*(?:\.\s*){3}\)|\.{3,}|…+)\s*")
_WRAP = "\"'`“”‘’«»„‚‹› \t\r\n"


def fold(norm: str) -> tuple[str, list[int]]:
    """Letters and digits of ``norm`` kept, every other run made one space; with offsets.

    Returns the folded text (no leading or trailing space) and, per folded character, its index
    in ``norm``.
    """
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(norm):
        if ch.isalnum():
            out.append(ch)
            where.append(i)
        elif out and out[-1] != " ":
            out.append(" ")
            where.append(i)
    if out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def _alnum_count(text: str) -> int:
    """Letters and digits of ``text`` that survive normalisation (tatweel, marks do not)."""
    return sum(ch.isalnum() for ch in normalize(text))


class Locator:
    """Locates quotes in one post's original text (the analysis text is built on first need)."""

    __slots__ = ("_folded", "_norm_offsets", "_where", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: str | None = None
        self._where: list[int] = []
        self._norm_offsets: list[int] = []

    def _tolerant(self, part: str) -> tuple[int, int] | None:
        if self._folded is None:
            norm, self._norm_offsets = analysis_text(self.text)
            self._folded, self._where = fold(norm)
        folded, where = self._folded, self._where
        needle, _ = fold(normalize(part))
        if not needle:
            return None
        start = folded.find(needle)
        while start >= 0:
            end = start + len(needle)
            if (start == 0 or folded[start - 1] == " ") and (
                end == len(folded) or folded[end] == " "
            ):
                a, b = where[start], where[end - 1] + 1
                return orig_span(self._norm_offsets, a, b, len(self.text))
            start = folded.find(needle, start + 1)
        return None

    def _part(self, part: str) -> tuple[int, int] | None:
        i = self.text.find(part)
        if i >= 0:
            return i, i + len(part)
        return self._tolerant(part)

    def find(self, quote: str) -> list[tuple[int, int]] | None:
        """The spans of ``quote`` in the text (one per elided part), or None if not found."""
        if not isinstance(quote, str):
            return None
        quote = quote.strip(_WRAP)
        if _alnum_count(quote) < MIN_CHARS:
            return None
        exact = self.text.find(quote)
        if exact >= 0:
            return [(exact, exact + len(quote))]
        parts = [p.strip(_WRAP) for p in _ELLIPSIS.split(quote)]
        parts = [p for p in parts if p]
        if not parts or any(_alnum_count(p) < MIN_CHARS for p in parts):
            return None
        spans: list[tuple[int, int]] = []
        for part in parts:
            span = self._part(part)
            if span is None or span[0] >= span[1]:
                return None
            spans.append(span)
        return spans
