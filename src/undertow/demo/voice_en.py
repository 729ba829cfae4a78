"""An English-writing author's voice: how a list of sentences becomes one post in their hand.

Applies, each by the author's own rates: sentence case or all lower case, typos and text-speak,
words in capitals for emphasis (or a whole post shouted), the author's habitual punctuation,
transliterated Arabic (code-switching), emoji fitting the mood, hashtags and a signature.
Links, hashtags and @mentions are never altered.
"""

from __future__ import annotations

import random
import re

from undertow.demo.authors import Voice
from undertow.demo.phrases_en_misc import EMOJI, HASHTAGS, SWITCH, SWITCH_AR

__all__ = ["apply"]

_WORD = re.compile(r"^([^\w']*)([\w']+)([^\w']*)$")
_MISSPELL = {
    "definitely": "definately",
    "because": "becuase",
    "believe": "beleive",
    "really": "realy",
    "until": "untill",
    "tomorrow": "tommorow",
    "beginning": "begining",
    "patience": "patiance",
    "weird": "wierd",
    "their": "there",
    "happened": "happend",
    "anymore": "any more",
    "nothing": "nothin",
    "going": "goin",
    "something": "somethin",
}
_TEXTSPEAK = {
    "you": "u",
    "your": "ur",
    "you're": "ur",
    "because": "bc",
    "people": "ppl",
    "please": "pls",
    "though": "tho",
    "brothers": "bros",
    "really": "rly",
    "are": "r",
    "and": "&",
    "before": "b4",
    "okay": "ok",
    "thanks": "thx",
    "tonight": "2nite",
}


def apply(
    rng: random.Random, voice: Voice, sentences: list[str], *, mood: str, tags: list[str]
) -> str:
    """Join ``sentences`` into a post written in ``voice``; ``mood`` picks the emoji set."""
    text = _join(rng, voice, sentences)
    text = _switch(rng, voice, text)
    text = " ".join(_word(rng, voice, w) for w in text.split(" "))
    if voice.lowercase:
        text = _protect(text, str.lower)
    if voice.shout and rng.random() < voice.shout:
        text = _protect(text, str.upper)
    extras: list[str] = []
    if voice.emoji_rate and rng.random() < voice.emoji_rate:
        pool = EMOJI.get(mood, EMOJI["neutral"])
        extras.append("".join(rng.choice(pool) for _ in range(rng.choice((1, 1, 2, 3)))))
    if voice.hashtag_rate and rng.random() < voice.hashtag_rate:
        pool = [*tags, *HASHTAGS]
        extras.append(" ".join(sorted({rng.choice(pool) for _ in range(rng.choice((1, 2)))})))
    if voice.code_switch and rng.random() < voice.code_switch * 0.3:
        extras.append(rng.choice(SWITCH_AR))
    if extras:
        text = text + " " + " ".join(extras)
    if voice.signature and rng.random() < voice.signature_rate:
        text = text + rng.choice(("\n", "\n\n", " ")) + voice.signature
    return text.strip()


def _join(rng: random.Random, voice: Voice, sentences: list[str]) -> str:
    parts = []
    for i, s in enumerate(sentences):
        s = s.strip()
        if not s:
            continue
        if s[0].islower() and not voice.lowercase:
            s = s[0].upper() + s[1:]
        last = i == len(sentences) - 1
        if s[-1] in ".!?,:":
            if last and s[-1] in ".," and voice.ending != ".":
                s = s[:-1] + voice.ending
        else:
            if last:
                end = voice.ending
            elif voice.ellipsis and rng.random() < 0.5:
                end = "..."
            elif voice.ending.startswith("!") and rng.random() < 0.4:
                end = voice.ending
            else:
                end = rng.choice((".", ".", ".", ",")) if voice.lowercase else "."
            s += end
        parts.append(s)
    return " ".join(parts)


def _switch(rng: random.Random, voice: Voice, text: str) -> str:
    if not voice.code_switch:
        return text
    for word, subs in SWITCH.items():
        if rng.random() < voice.code_switch and re.search(rf"\b{word}\b", text):
            text = re.sub(rf"\b{word}\b", rng.choice(subs), text, count=1)
    return text


def _word(rng: random.Random, voice: Voice, token: str) -> str:
    if not token or token[0] in "#@" or token.startswith("http") or not token.isascii():
        return token
    m = _WORD.match(token)
    if not m:
        return token
    pre, core, post = m.groups()
    low = core.lower()
    if voice.textspeak and low in _TEXTSPEAK and rng.random() < 0.6:
        core = _TEXTSPEAK[low]
    elif voice.typo_rate and len(core) >= 4 and rng.random() < voice.typo_rate:
        core = _typo(rng, core)
    if voice.caps_rate and len(core) >= 3 and rng.random() < voice.caps_rate:
        core = core.upper()
    return pre + core + post


def _typo(rng: random.Random, w: str) -> str:
    if w.lower() in _MISSPELL and rng.random() < 0.5:
        return _MISSPELL[w.lower()]
    i = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    if kind == 1:
        return w[:i] + w[i + 1 :]
    return w[:i] + w[i] + w[i:]


def _protect(text: str, fn) -> str:
    """Apply a case function to everything but links and @mentions."""
    return " ".join(t if t.startswith(("http", "@")) else fn(t) for t in text.split(" "))
