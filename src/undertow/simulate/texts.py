"""Texts of simulated posts, rendered from the demo's phrase banks, with the evidence spans.

A pool of phrases is rendered once per seed for each language and label (and for each form of
incitement and each blamed cause); a post's text joins one phrase per planted label, plus a
clause naming a town when the post mentions one, or a label-neutral phrase when it has no
label. Place slots in the label phrases are filled with words such as "the town", so that the
only place names in a simulated corpus are the planted mentions. The labels are planted, not
read from the text: the texts are for people reading the report, and for checking a coder
against the planted labels.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from undertow.analyzers.base import CAUSES, INCITEMENT_FORMS
from undertow.demo.compose import BANKS
from undertow.demo.template import render
from undertow.demo.world import ACTORS, ENEMIES, PLACES

POOL = 30
LABEL_ORDER: tuple[str, ...] = (
    "admission",
    "failure_analysis",
    "despair",
    "worry",
    "consolation",
    "rebuke",
    "defiance",
    "triumphalism",
    "incitement",
)
_GENERIC = {
    "en": {"place": "the town", "people": "the brothers", "other": "them"},
    "ar": {"place": "المدينة", "people": "الإخوة", "other": "هم"},
}
_PLACE_SLOTS = {"lost", "target", "held", "gained", "place", "area", "region"}
_MENTION = {
    "en": ("news from {}", "what is happening in {}", "pray for {}", "about {}"),
    "ar": ("أخبار {}", "ما يجري في {}", "ادعوا لأهل {}", "عن {}"),
}


@dataclass(slots=True, frozen=True)
class Phrase:
    """A rendered phrase and what it carries (a cause or an incitement target and form)."""

    text: str
    detail: dict | None = None


class _Slots(Mapping[str, str]):
    """Slot values for rendering: generic place words, the demo's actors, a tracked target."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng, self.lang = rng, lang
        self.target: str | None = None
        self.cause: str | None = None

    def __getitem__(self, key: str) -> str:
        g = _GENERIC[self.lang]
        if key in _PLACE_SLOTS:
            return g["place"]
        if key in ("army", "coalition", "militia", "enemy", "tgt"):
            actor = ACTORS[self.rng.choice(ENEMIES)]
            names = actor.en_hostile if self.lang == "en" else actor.ar_hostile
            value = self.rng.choice(names)
            self.target = value
            return value
        if key == "cause":
            self.cause = self.rng.choice(CAUSES[:-1])
            return render(self.rng.choice(BANKS[self.lang].causes[self.cause]).text, self.rng, self)
        if key in ("n", "nn"):
            return str(self.rng.choice((3, 5, 7, 12, 20)))
        if key == "bro":
            return "brothers" if self.lang == "en" else "يا إخوة"
        if key == "state":
            return "the State" if self.lang == "en" else "الدولة"
        return g["other"]

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def _render(rng: random.Random, lang: str, entries: tuple, detail_of=None) -> list[Phrase]:
    out = []
    for _ in range(POOL):
        slots = _Slots(rng, lang)
        text = render(rng.choice(entries).text, rng, slots)
        out.append(Phrase(text, detail_of(slots) if detail_of else None))
    return out


def phrase_pools(seed: int) -> dict[tuple[str, str], list[Phrase]]:
    """Return pools keyed by ``(lang, key)``: every label, ``incitement:<form>``, ``none``."""
    pools: dict[tuple[str, str], list[Phrase]] = {}
    for lang in ("en", "ar"):
        rng = random.Random(f"{seed}:sim-texts:{lang}")
        banks = BANKS[lang]
        for label, entries in banks.labels.items():
            if label == "failure_analysis":
                pools[(lang, label)] = _render(
                    rng, lang, entries, lambda s: {"causes": [s.cause or "other"]}
                )
            else:
                pools[(lang, label)] = _render(rng, lang, entries)
        for form in INCITEMENT_FORMS:
            pools[(lang, f"incitement:{form}")] = _render(
                rng, lang, banks.incite[form], lambda s, f=form: {"target": s.target, "form": f}
            )
        none = [e for kind in banks.none.values() for e in kind]
        pools[(lang, "none")] = _render(rng, lang, tuple(none))
    return pools


def place_name(key: str, lang: str, pick: int) -> str:
    """Return one spelling of a demo town in a language (``pick`` chooses among spellings)."""
    place = PLACES[key]
    names = place.en if lang == "en" else place.ar
    return names[pick % len(names)]


def mention_clause(lang: str, name: str, pick: int) -> str:
    """Return a short clause naming a town."""
    forms = _MENTION[lang]
    return forms[pick % len(forms)].format(name)


def compose(parts: list[tuple[str | None, str]]) -> tuple[str, list[tuple[str, int, int]]]:
    """Join ``(label or None, phrase)`` parts into a text; return it and each label's span."""
    text = ""
    spans: list[tuple[str, int, int]] = []
    for label, phrase in parts:
        if text:
            text += ". " if not text.endswith((".", "!", "?", "؟")) else " "
        start = len(text)
        text += phrase
        if label is not None:
            spans.append((label, start, len(text)))
    return text, spans
