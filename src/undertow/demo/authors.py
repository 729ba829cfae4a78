"""The demo's forum authors: who they are, how they write and how their mood moves.

Each author has an archetype (the steadfast, the worrier, the analyst who blames causes, the
rebuker, the consoler, the news-sharer, the hothead, the doomer, the pious, the casual, the
spammer), an activity weight, the days they are active, how strongly losses move them
(``sensitivity``) and how much the accumulated losses wear them down (``drift``), and a
:class:`Voice`: the habits the voice modules apply to every post (typos, case, punctuation,
emoji, hashtags, code-switching, signature, Arabic letter forms and dialect).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from undertow.demo.world import END, EVENTS, START

__all__ = ["ARCHETYPE_MIX", "Author", "Voice", "make_authors"]

#: How many authors of each archetype a forum of 40 (English) or 25 (Arabic) has.
ARCHETYPE_MIX: dict[str, dict[str, int]] = {
    "en": {
        "steadfast": 6,
        "worrier": 5,
        "analyst": 4,
        "rebuker": 4,
        "consoler": 4,
        "news": 4,
        "hothead": 4,
        "doomer": 3,
        "pious": 3,
        "casual": 2,
        "spammer": 1,
    },
    "ar": {
        "steadfast": 3,
        "worrier": 3,
        "analyst": 3,
        "rebuker": 3,
        "consoler": 3,
        "news": 2,
        "hothead": 3,
        "doomer": 2,
        "pious": 2,
        "spammer": 1,
    },
}

_EN_HANDLES = (
    "Abu_Layth88",
    "abu.hafs.algharib",
    "UmmSafiyya",
    "WaitingForDawn",
    "SilentWatcher_",
    "Ghareeb1437",
    "LionOfTheValley",
    "just_a_muslim",
    "Ibn_Nahr",
    "AbuTalha_Shimali",
    "servant.of.ar-rahman",
    "DesertRose99",
    "Muhajir_Ahmad",
    "AbuZubayr",
    "ummkhadija_",
    "TheAnalystAkh",
    "truthseeker777",
    "BrotherFromTheWest",
    "abu_dujana_2",
    "Qamari_Lion",
    "ShadowOfWadi",
    "AbuMuadh.B",
    "sabr_is_key",
    "ummsumayya",
    "Hamza_Reports",
    "Khattab313",
    "AbuAyyub.al.Sahrawi",
    "NewsFromTheFront",
    "al_Gharib_Online",
    "yahya_akh",
    "AbuBara_UK",
    "IronWill_akh",
    "pen_of_the_ummah",
    "AbuSalih.Writes",
    "rafiq_al_darb",
    "StayFirmAkhi",
    "AbuAnas_Notes",
    "Ubayda.Voice",
    "Suhayb.x",
    "CheapDeals4U",
    "nightwatch_akh",
    "Ibn_al_Qamar",
    "AbuYusuf_99",
    "ummusama_",
    "thebrotherwhowaits",
)
_AR_HANDLES = (
    "أبو_البراء",
    "غريب_الديار",
    "abu_albaraa",
    "أبو_عبيدة_الشمالي",
    "أم_صفية",
    "ناصر_الدولة",
    "أبو_حفص_النهري",
    "مهاجر_إلى_الله",
    "abu_hamza_iq",
    "صقر_الصحراء",
    "أبو_طلحة",
    "عاشق_الجنان",
    "أبو_معاذ_الشامي",
    "الأسيف",
    "أبو_أيوب",
    "أخبار_الجبهة",
    "حفيد_الصحابة",
    "أبو_سياف_الغاضب",
    "ابن_الوادي",
    "أبو_يحيى_الجزراوي",
    "صامد٤٤",
    "أبو_الليث",
    "أم_حمزة",
    "عروض_مميزة",
    "قلم_الأنصار",
    "المراقب_الصامت",
    "أبو_مصعب_الحربي",
    "راجي_عفو_ربه",
)
_EN_SIGNATURES = (
    "~ a brother",
    "stay firm ☝️",
    "(from my phone)",
    "— the akh",
    "sabr.",
    "dua for me pls",
    "wassalam",
    "the Dawn will come",
)
_AR_SIGNATURES = (
    "أخوكم في الله",
    "لا تنسونا من دعائكم",
    "والسلام",
    "محبكم",
    "دعواتكم",
    "(من الجوال)",
    "اللهم اغفر لي",
)


@dataclass(frozen=True, slots=True)
class Voice:
    """An author's writing habits; rates are per post unless said per word."""

    lowercase: bool = False
    typo_rate: float = 0.0  # per word
    textspeak: bool = False
    caps_rate: float = 0.0  # per word
    shout: float = 0.0
    ending: str = "."
    ellipsis: bool = False
    emoji_rate: float = 0.0
    hashtag_rate: float = 0.0
    code_switch: float = 0.0
    signature: str | None = None
    signature_rate: float = 0.0
    verbosity: float = 0.3  # mean number of filler sentences
    greet_rate: float = 0.1
    spelling: int = 0  # preferred spelling of place names
    dialect: str = "msa"
    dialect_rate: float = 0.0
    harakat: float = 0.0
    strip_harakat: bool = False
    tatweel: float = 0.0
    hamza_drop: float = 0.0
    taa_h: float = 0.0
    yaa_swap: float = 0.0
    elongate: float = 0.0
    eastern_digits: bool = False
    latin_punct: bool = False


@dataclass(frozen=True, slots=True)
class Author:
    """A forum author."""

    handle: str
    lang: str
    archetype: str
    activity: float
    joined: date
    left: date
    sensitivity: float
    drift: float
    voice: Voice

    def active(self, d: date) -> bool:
        """True when the author posts on day ``d``."""
        return self.joined <= d <= self.left


def make_authors(rng: random.Random, lang: str) -> list[Author]:
    """Draw the roster of one forum (``lang`` "en" or "ar")."""
    mix = ARCHETYPE_MIX[lang]
    pool = list(_EN_HANDLES if lang == "en" else _AR_HANDLES)
    rng.shuffle(pool)
    # every dialect is written by several authors, whoever they are
    dialects = [("msa", "iq", "lv", "gf", "msa")[i % 5] for i in range(sum(mix.values()))]
    rng.shuffle(dialects)
    authors = []
    for archetype, count in mix.items():
        for _ in range(count):
            handle = _pick_handle(pool, archetype, lang)
            authors.append(_make(rng, handle, lang, archetype, dialects.pop()))
    return authors


def _pick_handle(pool: list[str], archetype: str, lang: str) -> str:
    spam = "CheapDeals4U" if lang == "en" else "عروض_مميزة"
    if archetype == "spammer":
        pool.remove(spam)
        return spam
    for h in pool:
        if h != spam:
            pool.remove(h)
            return h
    raise ValueError("The handle pool is too small for the archetype mix.")  # pragma: no cover


def _make(rng: random.Random, handle: str, lang: str, archetype: str, dialect: str) -> Author:
    span = (END - START).days
    joined, left = START, END
    if rng.random() < 0.25:
        joined = START + timedelta(rng.randrange(span // 2))
    if archetype == "doomer" and rng.random() < 0.5:
        # some of the despairing give up and go quiet after a later loss
        loss = rng.choice([e for e in EVENTS if e.type == "isis_loss"])
        left = loss.date + timedelta(rng.randrange(20, 60))
    elif rng.random() < 0.12:
        left = START + timedelta(rng.randrange(span // 2, span))
    if left <= joined + timedelta(60):
        left = min(END, joined + timedelta(60))
    activity = {"spammer": 0.15, "casual": 0.5}.get(archetype, 1.0) * rng.lognormvariate(0, 0.6)
    sensitivity = {"worrier": 1.4, "doomer": 1.6, "hothead": 0.8, "steadfast": 0.7}.get(
        archetype, 1.0
    ) * rng.uniform(0.7, 1.3)
    drift = (
        rng.uniform(-0.3, 1.5)
        if archetype in ("worrier", "doomer", "casual")
        else (rng.uniform(-0.5, 0.8))
    )
    voice = _voice_en(rng, archetype) if lang == "en" else _voice_ar(rng, archetype, dialect)
    return Author(handle, lang, archetype, activity, joined, left, sensitivity, drift, voice)


def _common(rng: random.Random, archetype: str) -> dict:
    loud = archetype in ("hothead", "rebuker")
    soft = archetype in ("worrier", "doomer", "consoler")
    return {
        "ending": rng.choice(("!!!", "!", "!!"))
        if loud
        else rng.choice(("...", ".", "", "..") if soft else (".", ".", "", "!")),
        "ellipsis": soft and rng.random() < 0.6,
        "emoji_rate": rng.choice((0.0, 0.0, 0.15, 0.4, 0.7)),
        "hashtag_rate": rng.choice((0.0, 0.05, 0.1, 0.3)) + (0.3 if archetype == "news" else 0),
        "signature_rate": rng.choice((0.0, 0.0, 0.1, 0.25)),
        "verbosity": rng.uniform(0.5, 2.0)
        if archetype in ("analyst", "consoler")
        else (rng.uniform(0.0, 0.8)),
        "greet_rate": rng.uniform(0.02, 0.3) + (0.2 if archetype == "pious" else 0),
        "spelling": rng.randrange(4),
    }


def _voice_en(rng: random.Random, archetype: str) -> Voice:
    c = _common(rng, archetype)
    careless = archetype in ("hothead", "casual", "doomer") or rng.random() < 0.3
    return Voice(
        lowercase=careless and rng.random() < 0.6,
        typo_rate=rng.uniform(0.01, 0.06) if careless else rng.uniform(0.0, 0.01),
        textspeak=careless and rng.random() < 0.5,
        caps_rate=rng.uniform(0.03, 0.12) if archetype in ("hothead", "rebuker") else 0.0,
        shout=0.15 if archetype == "hothead" else 0.0,
        code_switch=rng.choice((0.0, 0.1, 0.3, 0.5)),
        signature=rng.choice(_EN_SIGNATURES),
        **c,
    )


def _voice_ar(rng: random.Random, archetype: str, dialect: str) -> Voice:
    c = _common(rng, archetype)
    careless = archetype in ("hothead", "doomer") or rng.random() < 0.4
    return Voice(
        dialect=dialect,
        dialect_rate=0.0 if dialect == "msa" else rng.uniform(0.3, 0.7),
        harakat=rng.choice((0.0, 0.0, 0.2, 0.5)),
        strip_harakat=rng.random() < 0.35,
        tatweel=rng.choice((0.0, 0.0, 0.1, 0.3)),
        hamza_drop=rng.uniform(0.3, 0.9) if careless else rng.uniform(0.0, 0.2),
        taa_h=rng.uniform(0.2, 0.6) if careless else rng.choice((0.0, 0.05)),
        yaa_swap=rng.uniform(0.1, 0.5) if careless else 0.0,
        elongate=0.25 if archetype in ("hothead", "doomer") else rng.choice((0.0, 0.05)),
        eastern_digits=rng.random() < 0.4,
        latin_punct=rng.random() < 0.3,
        signature=rng.choice(_AR_SIGNATURES),
        **c,
    )
