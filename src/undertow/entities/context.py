"""Context rules for ambiguous aliases: the words that make a common word read as a name.

Some place names are also common words: English "Hit" and "Nice", Arabic حديثة ("modern"),
الباب ("the door"), تدمر ("she destroys"), الطبقة ("the layer"), الميادين ("the squares").
In the gazetteer such aliases carry the ``~`` flag and match only when

- the alias is a whole hashtag (``#Hit``, ``#تدمر``), or
- the word before it is a place cue (:data:`EN_BEFORE`, :data:`AR_BEFORE`: "in", "near",
  "retook", مدينة, ريف, قرب, شمال...), or
- the word after it is one (:data:`EN_AFTER`, :data:`AR_AFTER`: "city", "offensive", شرقي,
  بريف...).

Arabic cue words are compared after removing one or two proclitics (و ف ب ل), so بمدينة and
وريف count. The Latin case-sensitive flag (``=``) is a separate rule, applied by the matcher;
so is the "shouting" rule for case-sensitive all-capital aliases such as ``US`` and ``IS``,
which do not match when a neighbouring word is written in capitals too ("GOD HELP US").
"""

from __future__ import annotations

import re

from undertow.text.normalize import normalize

__all__ = ["AR_AFTER", "AR_BEFORE", "EN_AFTER", "EN_BEFORE", "has_context", "is_shouting"]

_EN_BEFORE = """in at near from to into of around outside inside toward towards across through via
    within beyond retake retook retaken recapture recaptured recapturing liberate liberated
    liberating liberation capture captured seize seized seizing entered enter entering storm stormed
    besieged besiege siege battle fall city town village district province outskirts
    countryside northern southern eastern western north south east west attack attacks attacked
    bombed shelling shelled airstrikes airstrike"""
_EN_AFTER = """city town district province governorate countryside area region front frontline
    frontlines offensive battle dam airport airbase base outskirts center centre suburbs north
    south east west northeast northwest southeast southwest iraq syria anbar aleppo raqqa homs
    libya france attack attacks bombing bombings massacre operation siege axis"""
_AR_BEFORE = """مدينة بلدة قرية منطقة ريف قضاء ناحية محافظة مطار حقل سد جبهة جبهات معركة معارك
    محيط أطراف مشارف داخل قرب حول شمال جنوب شرق غرب شمالي جنوبي شرقي غربي مدخل مداخل تحرير
    اقتحام حصار أحياء سقوط مدينتي"""
_AR_AFTER = """شمال جنوب شرق غرب شمالي جنوبي شرقي غربي ريف وريفها وريفه ومحيطها
    المحاصرة"""
EN_BEFORE = frozenset(_EN_BEFORE.split())
EN_AFTER = frozenset(_EN_AFTER.split())
AR_BEFORE = frozenset(normalize(w) for w in _AR_BEFORE.split())
AR_AFTER = frozenset(normalize(w) for w in _AR_AFTER.split())

_WORD_BEFORE = re.compile(r"([^\W_]+)[\s\-\u2010-\u2015,]*$")
_WORD_AFTER = re.compile(r"[\s\-\u2010-\u2015,:]*([^\W_]+)")
_AR_PROCLITIC = re.compile("^[\u0648\u0641]?[\u0628\u0644]?")  # optional و/ف then ب/ل
_WINDOW = 40


def _ar_forms(word: str) -> set[str]:
    stripped = _AR_PROCLITIC.sub("", word)
    return {word, stripped, word[1:]} if stripped else {word, word[1:]}


def _is_cue(word: str, en: frozenset[str], ar: frozenset[str]) -> bool:
    if word.isascii():
        return word in en
    return any(form in ar for form in _ar_forms(word))


def has_context(norm: str, start: int, end: int) -> bool:
    """Whether the alias at ``norm[start:end]`` (analysis text) has a context cue around it."""
    if start > 0 and norm[start - 1] == "#" and (end == len(norm) or not _word_char(norm[end])):
        return True
    before = _WORD_BEFORE.search(norm, max(0, start - _WINDOW), start)
    if before and _is_cue(before.group(1), EN_BEFORE, AR_BEFORE):
        return True
    after = _WORD_AFTER.match(norm, end, min(len(norm), end + _WINDOW))
    return bool(after and _is_cue(after.group(1), EN_AFTER, AR_AFTER))


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_CAPS_BEFORE = re.compile(r"([A-Za-z]+)[^A-Za-z]*$")
_CAPS_AFTER = re.compile(r"[^A-Za-z]*([A-Za-z]+)")


def is_shouting(text: str, start: int, end: int) -> bool:
    """Whether a word next to ``text[start:end]`` (original text) is in capitals too."""
    before = _CAPS_BEFORE.search(text, max(0, start - _WINDOW), start)
    after = _CAPS_AFTER.match(text, end, min(len(text), end + _WINDOW))
    return any(m and len(m.group(1)) >= 2 and m.group(1).isupper() for m in (before, after))
