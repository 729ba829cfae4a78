"""An Arabic-writing author's voice: how a list of sentences becomes one post in their hand.

Applies, each by the author's own rates, the variation real Arabic posts show and an analyzer
must normalise: hamza dropped from alef (أ/إ/آ → ا), final taa marbuta written as haa (ة → ه),
final yaa and alef maqsura swapped (ي/ى), harakat added to common words or stripped, tatweel
stretching words (الدولـــة), letters repeated for emphasis (أكبررر), Eastern Arabic digits,
Arabic or Latin punctuation, emoji, hashtags and a signature. Links are never altered.
"""

from __future__ import annotations

import random
import re

from undertow.demo.authors import Voice
from undertow.demo.phrases_ar_misc import HASHTAGS, VOWELLED
from undertow.demo.phrases_en_misc import EMOJI

__all__ = ["HARAKAT", "apply"]

HARAKAT = re.compile("[\u064b-\u0652\u0670]")
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]{4,}$")
_NON_JOINING = set("اأإآدذرزوؤةءى")
_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_STRETCH = ("الله", "يا", "أكبر", "والله", "خلاص", "لا", "آمين")


def apply(
    rng: random.Random, voice: Voice, sentences: list[str], *, mood: str, tags: list[str]
) -> str:
    """Join ``sentences`` into a post written in ``voice``; ``mood`` picks the emoji set."""
    text = _join(rng, voice, sentences)
    if voice.strip_harakat:
        text = HARAKAT.sub("", text)
    elif voice.harakat:
        for plain, vowelled in VOWELLED.items():
            if plain in text and rng.random() < voice.harakat:
                text = text.replace(plain, vowelled, 1)
    words = [_word(rng, voice, w) for w in text.split(" ")]
    if voice.tatweel and rng.random() < voice.tatweel:
        _stretch_one(rng, words)
    if voice.elongate and rng.random() < voice.elongate:
        _elongate_one(rng, words)
    text = " ".join(words)
    if voice.eastern_digits:
        text = " ".join(
            w if w.startswith("http") else w.translate(_DIGITS) for w in text.split(" ")
        )
    extras: list[str] = []
    if voice.emoji_rate and rng.random() < voice.emoji_rate:
        pool = EMOJI.get(mood, EMOJI["neutral"])
        extras.append("".join(rng.choice(pool) for _ in range(rng.choice((1, 1, 2, 3)))))
    if voice.hashtag_rate and rng.random() < voice.hashtag_rate:
        pool = [*tags, *HASHTAGS]
        extras.append(" ".join(sorted({rng.choice(pool) for _ in range(rng.choice((1, 2)))})))
    if extras:
        text = text + " " + " ".join(extras)
    if voice.signature and rng.random() < voice.signature_rate:
        text = text + rng.choice(("\n", "\n\n", " - ")) + voice.signature
    return text.strip()


def _join(rng: random.Random, voice: Voice, sentences: list[str]) -> str:
    parts = []
    comma = "," if voice.latin_punct else "،"
    for i, s in enumerate(sentences):
        s = s.strip()
        if not s:
            continue
        if voice.latin_punct:
            s = s.replace("؟", "?").replace("،", ",")
        last = i == len(sentences) - 1
        if s[-1] not in ".!?؟:،,":
            if last:
                s += _ending(voice)
            elif voice.ellipsis and rng.random() < 0.5:
                s += "..."
            else:
                s += rng.choice((".", comma, comma))
        elif last and s[-1] in ".،," and voice.ending != ".":
            s = s[:-1] + _ending(voice)
        parts.append(s)
    return " ".join(parts)


def _ending(voice: Voice) -> str:
    return voice.ending.replace("?", "؟") if not voice.latin_punct else voice.ending


def _word(rng: random.Random, voice: Voice, w: str) -> str:
    if not w or w.startswith(("http", "#", "@")):
        return w
    if voice.hamza_drop and any(c in w for c in "أإآ") and rng.random() < voice.hamza_drop:
        w = w.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
    if voice.taa_h and w.endswith("ة") and rng.random() < voice.taa_h:
        w = w[:-1] + "ه"
    if voice.yaa_swap and len(w) > 2 and rng.random() < voice.yaa_swap:
        if w.endswith("ى"):
            w = w[:-1] + "ي"
        elif w.endswith("ي"):
            w = w[:-1] + "ى"
    return w


def _stretch_one(rng: random.Random, words: list[str]) -> None:
    """Insert tatweel into one longer word, after a letter that joins the next."""
    candidates = [i for i, w in enumerate(words) if _ARABIC_WORD.match(w)]
    if not candidates:
        return
    i = rng.choice(candidates)
    w = words[i]
    spots = [j for j in range(1, len(w) - 1) if w[j] not in _NON_JOINING]
    if spots:
        j = rng.choice(spots)
        words[i] = w[: j + 1] + "ـ" * rng.choice((1, 2, 3, 4)) + w[j + 1 :]


def _elongate_one(rng: random.Random, words: list[str]) -> None:
    """Repeat the last letter of an exclamation word, or of the last word."""
    idx = [i for i, w in enumerate(words) if w in _STRETCH]
    i = rng.choice(idx) if idx else len(words) - 1
    w = words[i]
    if w and "\u0621" <= w[-1] <= "\u064a":
        words[i] = w + w[-1] * rng.choice((2, 3, 4))
