"""Marker lexicons: words a movement's supporters use and its opponents avoid (and the reverse).

A lexicon groups markers into a few *categories* (for ISIS: the state's own names, its leaders
and media, the slurs and takfir terms of its out-groups, jihad and martyrdom, violence,
sectarian words, and the opponents' names for the movement). The model never sees single
words from it: it sees how many tokens of a post fall into each category, and learns one
weight per category, so a marker that never occurred in training still counts.

Entries are written in ordinary spelling and compiled through
:func:`undertow.supporter.text.prepare`, so hamza forms, teh marbuta and alef maqsura fold as
the text does. An entry matches a token that starts with it, allowing up to ``suffix_budget``
more characters (``"مجاهد"`` matches ``"المجاهدين"``); a trailing ``=`` asks for the word
exactly (``"سبي="`` must not match ``"سبيل"``). Arabic tokens may carry the proclitics listed
in the lexicon (``و ف ب ل ك س ال``, combined). Entries of several words match consecutive
tokens. The movement's lexicon files live in ``undertow/supporter/lexicons/``; a model copies
the lexicon it was trained with into its own ``model.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np

from undertow.errors import InputError
from undertow.supporter.text import prepare

__all__ = ["Lexicon", "load_lexicons"]

_TOKEN = re.compile(r"[^\W_]+")
_APOSTROPHES = str.maketrans("", "", "'’`")

Word = tuple[str, bool]  # (stem, exact)
Entry = tuple[tuple[Word, ...], int]  # (words, category index)
_CACHE_LIMIT = 200_000  # tokens remembered per lexicon


def _compile_entry(raw: str) -> tuple[Word, ...]:
    words: list[Word] = []
    for part in raw.split():
        exact = part.endswith("=")
        stem = prepare(part.rstrip("=")).translate(_APOSTROPHES)
        for piece in _TOKEN.findall(stem):
            words.append((piece, False))
        if words and exact:
            words[-1] = (words[-1][0], True)
    return tuple(words)


@dataclass
class Lexicon:
    """The markers of one movement in one language, grouped in categories."""

    language: str
    categories: dict[str, list[str]]
    suffix_budget: int = 5
    proclitics: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.names_: list[str] = list(self.categories)
        self.proclitics_: list[str] = sorted(
            {prepare(p) for p in self.proclitics if p}, key=len, reverse=True
        )
        index: dict[str, list[Entry]] = {}
        for cat, (_, entries) in enumerate(self.categories.items()):
            for raw in entries:
                words = _compile_entry(raw)
                if not words:
                    raise InputError(
                        f"Lexicon entry {raw!r} ({self.language}) has no letters; "
                        "remove it from the lexicon file."
                    )
                index.setdefault(words[0][0], []).append((words, cat))
        self.index_ = index
        self._first_cache: dict[str, tuple[frozenset[int], tuple[Any, ...]]] = {}
        self._match_cache: dict[tuple[str, Word], bool] = {}

    def to_dict(self) -> dict[str, Any]:
        """The lexicon as plain JSON data (the inverse of ``Lexicon(**data)``)."""
        return {
            "language": self.language,
            "suffix_budget": self.suffix_budget,
            "proclitics": list(self.proclitics),
            "categories": {k: list(v) for k, v in self.categories.items()},
        }

    def _forms(self, token: str) -> list[str]:
        forms = [token]
        for p in self.proclitics_:
            if token.startswith(p) and len(token) - len(p) >= 2:
                forms.append(token[len(p) :])
        return forms

    def _word_matches(self, token: str, word: Word) -> bool:
        key = (token, word)
        hit = self._match_cache.get(key)
        if hit is None:
            stem, exact = word
            hit = any(
                form == stem
                or (
                    not exact
                    and form.startswith(stem)
                    and len(form) - len(stem) <= self.suffix_budget
                )
                for form in self._forms(token)
            )
            if len(self._match_cache) >= _CACHE_LIMIT:
                self._match_cache.clear()
            self._match_cache[key] = hit
        return hit

    def _first(self, token: str) -> tuple[frozenset[int], tuple[tuple[tuple[Word, ...], int], ...]]:
        """Categories of one-word entries matching ``token``, and longer entries it may start."""
        cached = self._first_cache.get(token)
        if cached is not None:
            return cached
        single: set[int] = set()
        multi: list[tuple[tuple[Word, ...], int]] = []
        budget = self.suffix_budget
        for form in self._forms(token):
            n = len(form)
            for k in range(max(1, n - budget), n + 1):
                for words, cat in self.index_.get(form[:k], ()):
                    if words[0][1] and k != n:
                        continue
                    if len(words) == 1:
                        single.add(cat)
                    elif (words[1:], cat) not in multi:
                        multi.append((words[1:], cat))
        result = (frozenset(single), tuple(multi))
        if len(self._first_cache) >= _CACHE_LIMIT:
            self._first_cache.clear()
        self._first_cache[token] = result
        return result

    def count(self, prepared: str) -> list[int]:
        """Tokens of ``prepared`` (a :func:`prepare`-d text) that fall in each category."""
        counts = [0] * len(self.names_)
        tokens = _TOKEN.findall(prepared.translate(_APOSTROPHES))
        for i, token in enumerate(tokens):
            single, multi = self._first(token)
            hits = set(single)
            for rest, cat in multi:
                if (
                    cat not in hits
                    and i + len(rest) < len(tokens)
                    and all(self._word_matches(tokens[i + 1 + j], w) for j, w in enumerate(rest))
                ):
                    hits.add(cat)
            for cat in hits:
                counts[cat] += 1
        return counts

    def features(self, prepared: Sequence[str]) -> np.ndarray:
        """``log1p`` of the category counts of each prepared text, as an (n, k) float64 array."""
        out = np.zeros((len(prepared), len(self.names_)), dtype=np.float64)
        for row, text in enumerate(prepared):
            out[row] = self.count(text)
        return np.log1p(out)


def load_lexicons(movement: str = "isis") -> dict[str, Lexicon]:
    """The lexicons shipped for ``movement``, by language (``lexicons/<movement>.json``)."""
    name = f"{movement}.json"
    path = resources.files("undertow.supporter").joinpath("lexicons", name)
    if not path.is_file():
        raise InputError(
            f"No marker lexicon for movement {movement!r}: add "
            f"undertow/supporter/lexicons/{name} (see docs/supporter.md)."
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    return {lang: Lexicon(**spec) for lang, spec in data["languages"].items()}
