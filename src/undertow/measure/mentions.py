"""Mentions of an event's place: which posts name it, through the entity links.

The event's place string (``"Palmyra (Tadmur)"``) is itself linked with
:func:`undertow.entities.link` (and, when that finds no place, ``"in <place>"``, so that names
which are also common words, such as Hit, get the place cue they need); the place entities
found (``place:palmyra``) are the event's place ids. A post mentions the place when linking its
text finds one of those ids, so every spelling and script the gazetteer knows counts
(``Palmyra``, ``Tadmur``, ``#PrayForPalmyra``, ``تدمر`` with its context rule).

Linking runs in Python, so only candidate posts are linked: the posts whose text matches a
loose pattern of the ids' aliases (any case, any separators, Arabic diacritics, tatweel and
letter variants allowed, article and proclitics optional), found with one vectorised regex
over the text column. The pattern is looser than the linker, never stricter, so the linker
has the last word.

When the entity linker knows none of the place string's names, the names written in it
(``Palmyra``, ``Tadmur``) are matched literally as whole words, ignoring case; the rows then
say ``"place_match": "literal"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from undertow.events import Event
from undertow.measure.daily import DayTable
from undertow.measure.table import column

_SPLIT = re.compile(r"\s*(?:[(),;/]|\band\b)\s*")
_NOT_NAMES = frozenset({"city", "city centre", "city center", "nationwide", "siege lifted",
                        "eastern half", "western half", "government complex"})  # fmt: skip
_ARTICLES = frozenset(
    "al el ad ar as ash at az an ath adh ed ez es er et ud ul".split()  # noqa: SIM905
)
_AR_MARKS = "[\u064b-\u065f\u0670\u0640]*"
_AR_CLASS = {
    "\u0627": "[\u0627\u0623\u0625\u0622\u0671]",  # alef and its hamza/madda forms
    "\u0623": "[\u0627\u0623\u0625\u0622\u0671]",
    "\u0625": "[\u0627\u0623\u0625\u0622\u0671]",
    "\u0622": "[\u0627\u0623\u0625\u0622\u0671]",
    "\u0647": "[\u0647\u0629\u06c1\u06be\u06d5]",  # heh / teh marbuta / Persian-Urdu heh
    "\u0629": "[\u0647\u0629\u06c1\u06be\u06d5]",
    "\u064a": "[\u064a\u0649\u0626\u06cc\u06d2]",  # yeh / alef maksura / Persian-Urdu yeh
    "\u0649": "[\u064a\u0649\u0626\u06cc\u06d2]",
    "\u0643": "[\u0643\u06a9]",  # kaf / keheh
    "\u0648": "[\u0648\u0624]",
}
_AR_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")

Linker = Callable[[str], list]


def _default_link(gazetteer: Any = None) -> tuple[Linker, Any] | None:
    try:
        from undertow.entities import gazetteer as packaged
        from undertow.entities import link
    except ImportError:
        return None
    gaz = gazetteer if gazetteer is not None else packaged()
    return (lambda text: link(text, gazetteer=gaz)), gaz


def literal_names(place: str) -> list[str]:
    """Return the names written in a place string: ``"Palmyra (Tadmur)"`` -> both names."""
    names = [p.strip() for p in _SPLIT.split(place) if p and p.strip()]
    return [n for n in names if n.lower() not in _NOT_NAMES and len(n) > 1]


def loose_pattern(aliases: list[str]) -> str:
    """Return a regex (RE2) matching every alias with looser spelling rules than the linker."""
    parts = []
    for alias in aliases:
        if re.search("[\u0600-\u06ff]", alias):
            words = _AR_DIACRITICS.sub("", alias).split()
            if words and words[0].startswith("\u0627\u0644") and len(words[0]) > 3:
                words[0] = words[0][2:]  # article optional (and proclitics: substring match)
            units = [
                "".join(_AR_CLASS.get(ch, re.escape(ch)) + _AR_MARKS for ch in word)
                for word in words
            ]
            parts.append("[\\s\\-_]*".join(units))
        else:
            words = [w for w in re.split(r"[\W_]+", alias) if w]
            units = [
                "(?:[aeu][a-z]{1,2})?" if w.lower() in _ARTICLES else re.escape(w) for w in words
            ]
            parts.append("[\\W_]*".join(units))
    return "(?i)(?:" + "|".join(p for p in parts if p) + ")"


class MentionIndex:
    """Finds, per event and stance, the daily counts of posts mentioning the event's place."""

    def __init__(
        self,
        posts: pa.Table,
        table: DayTable,
        *,
        gazetteer: Any = None,
        use_entities: bool = True,
    ) -> None:
        self.table = table
        found = _default_link(gazetteer) if use_entities else None
        self.link, self.gazetteer = found if found else (None, None)
        self.texts = column(posts, "text") if "text" in posts.column_names else None
        self._flags: dict[str, tuple[np.ndarray | None, dict]] = {}

    def place_ids(self, place: str) -> list[str]:
        """Return the ids of the place entities that the place string links to."""
        if self.link is None or not place:
            return []
        for text in (place, f"in {place}"):
            ids = sorted({e.id for e in self.link(text) if getattr(e, "kind", "") == "place"})
            if ids:
                return ids
        return []

    def _entity_flags(self, ids: list[str]) -> np.ndarray:
        assert self.texts is not None and self.link is not None
        aliases = [a.text for i in ids for a in self.gazetteer.aliases(i)]
        flags = np.zeros(len(self.texts), dtype=bool)
        cand = pc.fill_null(pc.match_substring_regex(self.texts, loose_pattern(aliases)), False)
        rows = np.flatnonzero(cand.to_numpy(zero_copy_only=False))
        if rows.size:
            wanted = set(ids)
            texts = self.texts.take(pa.array(rows)).to_pylist()
            for row, text in zip(rows.tolist(), texts, strict=True):
                if any(e.id in wanted for e in self.link(text or "")):
                    flags[row] = True
        return flags

    def flags(self, place: str) -> tuple[np.ndarray | None, dict]:
        """Return a boolean per post (True: mentions the place) and how it was matched."""
        if place in self._flags:
            return self._flags[place]
        result: tuple[np.ndarray | None, dict] = (None, {"place_ids": [], "place_match": "none"})
        ids = self.place_ids(place)
        if self.texts is None:
            pass
        elif ids:
            result = (self._entity_flags(ids), {"place_ids": ids, "place_match": "entity"})
        elif names := literal_names(place):
            pattern = "(?i)" + "|".join(
                rf"\b{re.escape(x)}\b" if x.isascii() else re.escape(x) for x in names
            )
            hit = pc.fill_null(pc.match_substring_regex(self.texts, pattern), False)
            result = (
                hit.to_numpy(zero_copy_only=False),
                {"place_ids": [], "place_names": names, "place_match": "literal"},
            )
        self._flags[place] = result
        return result

    def counts(self, event: Event, stance: str) -> tuple[np.ndarray | None, dict]:
        """Daily counts of the stance's posts mentioning the event's place (None: unknown)."""
        flags, info = self.flags(event.place)
        if flags is None:
            return None, info
        return self.table.count_flags(flags, stance), info
