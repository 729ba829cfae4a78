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
from dataclasses import dataclass
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


@dataclass(slots=True, frozen=True)
class Plan:
    """How the posts mentioning one place string are found: a screening regex (RE2) and,
    for ``"entity"`` matches, the place ids the linker must find in a post's text."""

    pattern: str | None  # None: the place cannot be matched
    ids: tuple[str, ...]
    info: dict


class PlaceMatcher:
    """Decides which texts mention a place, on any array of texts (a column or one batch)."""

    def __init__(self, *, gazetteer: Any = None, use_entities: bool = True) -> None:
        found = _default_link(gazetteer) if use_entities else None
        self.link, self.gazetteer = found if found else (None, None)
        self._plans: dict[str, Plan] = {}

    def place_ids(self, place: str) -> list[str]:
        """Return the ids of the place entities that the place string links to."""
        if self.link is None or not place:
            return []
        for text in (place, f"in {place}"):
            ids = sorted({e.id for e in self.link(text) if getattr(e, "kind", "") == "place"})
            if ids:
                return ids
        return []

    def plan(self, place: str) -> Plan:
        """Return (and remember) how mentions of ``place`` are found."""
        if place in self._plans:
            return self._plans[place]
        ids = self.place_ids(place)
        if ids:
            aliases = [a.text for i in ids for a in self.gazetteer.aliases(i)]
            result = Plan(loose_pattern(aliases), tuple(ids),
                          {"place_ids": ids, "place_match": "entity"})  # fmt: skip
        elif names := literal_names(place):
            pattern = "(?i)" + "|".join(
                rf"\b{re.escape(x)}\b" if x.isascii() else re.escape(x) for x in names
            )
            result = Plan(pattern, (), {"place_ids": [], "place_names": names,
                                        "place_match": "literal"})  # fmt: skip
        else:
            result = Plan(None, (), {"place_ids": [], "place_match": "none"})
        self._plans[place] = result
        return result

    def screen(self, places: list[str]) -> str | None:
        """Return one regex matching every text that any of the places' patterns match."""
        patterns = [p.pattern for p in map(self.plan, places) if p.pattern is not None]
        if not patterns:
            return None
        assert all(p.startswith("(?i)") for p in patterns)
        return "(?i)" + "|".join(f"(?:{p[4:]})" for p in dict.fromkeys(patterns))

    def flags(self, texts: pa.Array, place: str) -> np.ndarray | None:
        """Return a bool per text (True: it mentions the place); None when it cannot be told."""
        return self.flags_many(texts, [place])[place]

    def flags_many(self, texts: pa.Array, places: list[str]) -> dict[str, np.ndarray | None]:
        """Return, per place, a bool per text (True: it mentions the place), None when the
        place cannot be matched.

        Each place's regex screens the texts; literal matches are the regex alone, entity
        matches need the linker to find one of the place's ids in the text. A text that is a
        candidate of several places, or that occurs several times, is linked once.
        """
        out: dict[str, np.ndarray | None] = {}
        hits: dict[str, np.ndarray] = {}
        for place in dict.fromkeys(places):
            plan = self.plan(place)
            if plan.pattern is None:
                out[place] = None
                continue
            hit = pc.fill_null(pc.match_substring_regex(texts, plan.pattern), False)
            out[place] = hits[place] = hit.to_numpy(zero_copy_only=False)
        linked = [p for p in hits if self.plan(p).ids]
        if not linked:
            return out
        assert self.link is not None
        rows = np.flatnonzero(np.logical_or.reduce([hits[p] for p in linked]))
        enc = pc.dictionary_encode(texts.take(pa.array(rows)))
        found = [{e.id for e in self.link(t or "")} for t in enc.dictionary.to_pylist()]
        codes = enc.indices.to_numpy(zero_copy_only=False)
        for place in linked:
            wanted = set(self.plan(place).ids)
            has = np.array([bool(ids & wanted) for ids in found], dtype=bool)
            flags = np.zeros(len(texts), dtype=bool)
            flags[rows] = has[codes] & hits[place][rows] if rows.size else False
            out[place] = flags
        return out


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
        self.matcher = PlaceMatcher(gazetteer=gazetteer, use_entities=use_entities)
        self.link, self.gazetteer = self.matcher.link, self.matcher.gazetteer
        self.texts = column(posts, "text") if "text" in posts.column_names else None
        self._flags: dict[str, tuple[np.ndarray | None, dict]] = {}

    def place_ids(self, place: str) -> list[str]:
        """Return the ids of the place entities that the place string links to."""
        return self.matcher.place_ids(place)

    def flags(self, place: str) -> tuple[np.ndarray | None, dict]:
        """Return a boolean per post (True: mentions the place) and how it was matched."""
        if place not in self._flags:
            if self.texts is None:
                self._flags[place] = (None, {"place_ids": [], "place_match": "none"})
            else:
                plan = self.matcher.plan(place)
                self._flags[place] = (self.matcher.flags(self.texts, place), plan.info)
        return self._flags[place]

    def counts(self, event: Event, stance: str) -> tuple[np.ndarray | None, dict]:
        """Daily counts of the stance's posts mentioning the event's place (None: unknown)."""
        flags, info = self.flags(event.place)
        if flags is None:
            return None, info
        return self.table.count_flags(flags, stance), info


@dataclass(slots=True)
class MentionCounts:
    """Mention counts gathered while streaming: per place, counts per (pair, day) of the table.

    Offers the same :meth:`counts` as :class:`MentionIndex`, without any per-post array.
    """

    table: DayTable
    per_place: dict[str, np.ndarray | None]
    info: dict[str, dict]

    def counts(self, event: Event, stance: str) -> tuple[np.ndarray | None, dict]:
        """Daily counts of the stance's posts mentioning the event's place (None: unknown)."""
        counts = self.per_place[event.place]
        if counts is None:
            return None, self.info[event.place]
        return self.table.stance_counts(counts, stance), self.info[event.place]
