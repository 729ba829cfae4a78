"""Compose one supporter post from its labels: clauses from the phrase banks, glue, voice.

For each intended label the composer picks a phrase from that label's bank, fills its slots
(places in the author's preferred spelling, hostile names of the enemy, the author's own units,
numbers) and orders the clauses as people write them: the setback first, then its analysis or
the grief, then the answer to it, with a contrast word between a setback and the answer. It
adds label-neutral glue (openers, filler sentences, closers, an @mention in replies) by the
author's habits and hands the sentences to the language's voice module.

Tags of bank lines (see :mod:`undertow.demo.template`):

``A``
    the phrase also acknowledges a loss: admission joins the post's labels;
``L``
    the phrase needs a town already lost;
``G``
    the phrase needs a fresh gain;
``IQ``, ``LV``, ``GF``
    Iraqi, Levantine or Gulf dialect, used only by authors writing it;
``RAM``, ``EID``
    only in Ramadan, only on the Eid days;
``CO``, ``TR``
    an endorsement whose target must be the coalition (an attack in its own land) or the
    traitors (their punishment), so that it is incitement and not a combat report.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from types import SimpleNamespace

from undertow.demo import (
    phrases_ar,
    phrases_ar_misc,
    phrases_ar_morale,
    phrases_en,
    phrases_en_misc,
    phrases_en_morale,
    voice_ar,
    voice_en,
)
from undertow.demo.authors import Author
from undertow.demo.mood import LABEL_ORDER, choose_causes, choose_none_kind
from undertow.demo.template import Entry, render
from undertow.demo.world import ACTORS, ENEMIES, OWN_UNITS, PLACES, DayState

__all__ = ["Composed", "compose", "incitement_targets"]

_DIALECTS = frozenset({"IQ", "LV", "GF"})
_SETBACK = ("admission", "failure_analysis", "despair", "worry")
_ANSWER = ("consolation", "defiance", "rebuke", "incitement")


def _banks(main, morale, misc) -> SimpleNamespace:
    return SimpleNamespace(
        labels={
            "admission": main.ADMISSION,
            "despair": main.DESPAIR,
            "worry": main.WORRY,
            "failure_analysis": main.FA_FRAME,
            "consolation": morale.CONSOLATION,
            "defiance": morale.DEFIANCE,
            "rebuke": morale.REBUKE,
            "triumphalism": morale.TRIUMPHALISM,
        },
        minor=main.ADMISSION_MINOR,
        causes=main.CAUSES,
        incite={
            "explicit_call": morale.INCITE_CALL,
            "threat": morale.INCITE_THREAT,
            "endorsement": morale.INCITE_ENDORSE,
        },
        none=misc.NONE,
        filler=misc.FILLER,
        opener=misc.OPENER,
        closer=misc.CLOSER,
        contrast=misc.CONTRAST,
    )


BANKS = {
    "en": _banks(phrases_en, phrases_en_morale, phrases_en_misc),
    "ar": _banks(phrases_ar, phrases_ar_morale, phrases_ar_misc),
}
_VOICES = {"en": voice_en, "ar": voice_ar}
_BRO = {
    "en": ("brothers", "akhi", "ya ikhwa", "my brothers", "bro", "ikhwa", "brother"),
    "ar": ("يا إخوة", "يا إخوان", "إخواني", "يا أخي", "أحبتي"),
}
_BRO_DIALECT = {
    "IQ": ("خوية", "يا جماعة"),
    "LV": ("يا شباب", "يا جماعة"),
    "GF": ("يا خوي", "يا ربع"),
}
_STATE = {
    "en": ("the State", "al-Dawla", "the Dawla", "our State"),
    "ar": ("الدولة", "دولة الإسلام", "دولتنا"),
}
_OTHER_TARGETS = {
    "the traitors": ("the traitors", "the spies", "the informers"),
    "الخونة": ("الخونة", "الجواسيس"),
}


@dataclass(slots=True)
class Composed:
    """A composed post: its text and what its generator intended."""

    text: str
    labels: list[str]
    causes: list[str] = field(default_factory=list)
    incitement: dict[str, str] | None = None


def incitement_targets() -> list[str]:
    """The canonical names incitement in the demo may target (all fictional)."""
    return [ACTORS[k].name for k in ENEMIES] + ["the traitors"]


def compose(
    rng: random.Random,
    author: Author,
    labels: list[str],
    state: DayState,
    *,
    reply_to_handle: str | None = None,
) -> Composed:
    """Write one post of ``author`` carrying ``labels`` on the day of ``state``."""
    lang = author.lang
    banks = BANKS[lang]
    slots = _slots(rng, author, state)
    dialect = author.voice.dialect.upper()
    fresh = state.days_since_loss is not None and (
        state.days_since_loss <= 40 or rng.random() < 0.2
    )
    ok = _Fit(
        state,
        dialect,
        dialect in _DIALECTS and rng.random() < author.voice.dialect_rate,
        "triumphalism" in labels,
        fresh,
    )
    out = Composed("", list(labels))
    sentences: list[str] = []
    if not labels:
        kind = choose_none_kind(rng, author, state)
        sentences.append(_say(rng, banks.none[kind], ok, slots))
        mood = "pious" if kind == "religious" else "neutral"
    else:
        for i, label in enumerate(labels):
            clause, tags = _clause(rng, banks, label, author, state, slots, ok, out)
            if "A" in tags and "admission" not in out.labels:
                out.labels.append("admission")
            if i and label in _ANSWER and labels[i - 1] in _SETBACK and rng.random() < 0.55:
                clause = _say(rng, banks.contrast, ok, slots) + " " + clause
            sentences.append(clause)
        mood = _mood(labels)
        if rng.random() < author.voice.verbosity / 3:
            pos = rng.choice((0, len(sentences)))
            sentences.insert(pos, _say(rng, banks.filler, ok, slots))
    if rng.random() < author.voice.greet_rate:
        opener = _say(rng, banks.opener, ok, slots)
        sentences[0] = opener + " " + sentences[0]
    if reply_to_handle and rng.random() < 0.2:
        sentences[0] = f"@{reply_to_handle} " + sentences[0]
    if rng.random() < 0.12 + (0.15 if author.archetype == "pious" else 0):
        sentences.append(_say(rng, banks.closer, ok, slots))
    out.labels = [x for x in LABEL_ORDER if x in out.labels]
    tags = _hashtags(lang, state, author)
    out.text = _VOICES[lang].apply(rng, author.voice, sentences, mood=mood, tags=tags)
    return out


def _clause(
    rng: random.Random,
    banks: SimpleNamespace,
    label: str,
    author: Author,
    state: DayState,
    slots: dict,
    ok: _Fit,
    out: Composed,
) -> tuple[str, frozenset[str]]:
    if label == "admission":
        entries = banks.labels["admission"] if ok.loss_ok else banks.minor
    elif label == "failure_analysis":
        entries = banks.labels["failure_analysis"]
        out.causes = choose_causes(rng, author, state)
        texts = [_say(rng, banks.causes[c], ok, slots) for c in out.causes]
        joiner = rng.choice(
            (" and ", ", and on top of that ", " plus ")
            if author.lang == "en"
            else (" و", "، ثم ", "، وفوق ذلك ")
        )
        slots = {**slots, "cause": joiner.join(texts)}
    elif label == "incitement":
        form = rng.choices(("explicit_call", "threat", "endorsement"), (0.45, 0.4, 0.15))[0]
        entry = _pick(rng, banks.incite[form], ok)
        if "TR" in entry.tags:
            target_key = "traitors"
        elif "CO" in entry.tags:
            target_key = "coalition"
        else:
            target_key = rng.choice((*ENEMIES, *ENEMIES, "traitors"))
        if target_key == "traitors":
            canon = "the traitors"
            names = _OTHER_TARGETS["the traitors" if author.lang == "en" else "الخونة"]
        else:
            actor = ACTORS[target_key]
            canon = actor.name
            names = actor.en_hostile if author.lang == "en" else actor.ar_hostile
        out.incitement = {"target": canon, "form": form}
        return render(entry.text, rng, {**slots, "tgt": rng.choice(names)}), entry.tags
    else:
        entries = banks.labels[label]
    entry = _pick(rng, entries, ok)
    return render(entry.text, rng, slots), entry.tags


@dataclass(frozen=True, slots=True)
class _Fit:
    """Which bank entries suit this post (loss, gain, season, dialect)."""

    state: DayState
    dialect: str
    use_dialect: bool
    no_admission: bool
    loss_ok: bool

    def allows(self, entry: Entry, *, dialect_pass: bool) -> bool:
        t = entry.tags
        if not t:
            return not dialect_pass
        if ("L" in t and not self.loss_ok) or ("G" in t and self.state.gained is None):
            return False
        if ("A" in t and self.no_admission) or ("RAM" in t and self.state.season != "ramadan"):
            return False
        if "EID" in t and self.state.season != "eid":
            return False
        d = t & _DIALECTS
        return d == {self.dialect} if dialect_pass else not d


def _say(rng: random.Random, entries: tuple[Entry, ...], fit: _Fit, slots: dict) -> str:
    return render(_pick(rng, entries, fit).text, rng, slots)


def _pick(rng: random.Random, entries: tuple[Entry, ...], fit: _Fit) -> Entry:
    if fit.use_dialect:
        pool = [e for e in entries if fit.allows(e, dialect_pass=True)]
        if pool:
            return rng.choice(pool)
    pool = [e for e in entries if fit.allows(e, dialect_pass=False)]
    if not pool:
        raise ValueError("No phrase fits this post; every bank needs untagged phrases.")
    return rng.choice(pool)


def _slots(rng: random.Random, author: Author, state: DayState) -> dict:
    lang = author.lang
    pref = author.voice.spelling

    def place(key_fn):
        def fill() -> str:
            p = PLACES[key_fn()]
            names = p.en if lang == "en" else p.ar
            if lang == "en" and rng.random() < 0.03:
                names = p.ar
            return names[pref % len(names)] if rng.random() < 0.8 else rng.choice(names)

        return fill

    def actor(keys, hostile=True):
        def fill() -> str:
            a = ACTORS[rng.choice(keys)]
            if lang == "en":
                return rng.choice(a.en_hostile if hostile else a.en)
            return rng.choice(a.ar_hostile if hostile else a.ar)

        return fill

    bro = _BRO[lang]
    if author.voice.dialect.upper() in _BRO_DIALECT and rng.random() < author.voice.dialect_rate:
        bro = _BRO_DIALECT[author.voice.dialect.upper()]
    return {
        "lost": place(lambda: state.recent_loss or state.target),
        "target": place(lambda: state.target),
        "held": place(lambda: rng.choice(state.held)),
        "gained": place(lambda: state.gained or state.held[0]),
        "coalition": actor(("coalition",)),
        "army": actor(("federal_army", "federal_army", "valley_brigades")),
        "militia": actor(("valley_brigades",)),
        "enemy": actor(ENEMIES),
        "unit": actor(OWN_UNITS, hostile=False),
        "state": lambda: rng.choice(_STATE[lang]),
        "bro": lambda: rng.choice(bro),
        "n": lambda: str(rng.choice((2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 15, 17, 20, 23, 30))),
        "nn": lambda: str(rng.randrange(50, 500, 10)),
        "id": lambda: f"{rng.randrange(16**6):06x}",
    }


def _hashtags(lang: str, state: DayState, author: Author) -> list[str]:
    keys = [k for k in (state.recent_loss, state.target, state.gained) if k]
    tags = []
    for k in keys:
        p = PLACES[k]
        if lang == "en":
            name = p.en[author.voice.spelling % len(p.en)]
            tags.append(
                "#" + "".join(w[:1].upper() + w[1:] for w in name.replace("-", " ").split())
            )
        else:
            tags.append("#" + p.ar[0].replace(" ", "_"))
    return tags


def _mood(labels: list[str]) -> str:
    if "despair" in labels or "worry" in labels:
        return "sad"
    if "consolation" in labels:
        return "pious"
    if {"triumphalism", "incitement", "defiance"} & set(labels):
        return "strong"
    return "neutral"
