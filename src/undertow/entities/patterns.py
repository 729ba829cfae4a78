"""Alias patterns: how one gazetteer alias is spelled as regex units, and many as one trie regex.

Aliases are matched against the analysis text of :mod:`undertow.text.normalize` (lower case,
Arabic diacritics and tatweel removed, hamza/alef forms, teh marbuta and alef maksura folded), so
each alias is first passed through the same :func:`~undertow.text.normalize.normalize`.

An alias becomes a sequence of *units*, each a small regex fragment:

- a literal character;
- ``SEP``: between words, any run of spaces, hyphens, dashes or underscores (``Deir ez-Zor``,
  ``Deir_ez_Zor``, ``#ولاية_الرقة``);
- ``SEP_OPT``: the same, optional, after a Latin article (``al-Bab`` / ``albab``) and before an
  Arabic word with the article (``دير الزور`` / ``ديرالزور``, ``ولايةالرقة``);
- ``ART``: a Latin transliterated article inside a name (``al``, ``ez``, ``ash``...), matched as
  any of them (``Deir ez-Zor`` = ``Deir al-Zor`` = ``Deir az Zawr``); ``ART_START`` at the
  start of an alias, where the article must be written with a hyphen (``at-Tanf``, not the
  preposition in "at Tanf") unless it is ``al`` or ``el``;
- ``APOS``: an optional apostrophe of any kind where the alias has one (``al-Qa'im`` = ``al-Qaim``
  = ``al-Qa’im``).

All aliases of one script are merged into a trie, written out as nested non-capturing groups,
so that Python's regex engine tries at each position only the branches that begin with the
character found there. At each node the longer continuation is tried first, so the longest
alias starting at a position wins.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from undertow.text.normalize import normalize

__all__ = [
    "APOSTROPHES",
    "ARABIC_LETTER",
    "alias_units",
    "arabic_split",
    "ascii_fold",
    "is_arabic",
    "key",
    "trie_regex",
]

#: Characters read as an apostrophe (and ignored in keys): ASCII, typographic, modifier letters.
APOSTROPHES = "'’‘ʼʻ`´"
_DASHES = "\\-\u2010-\u2015"
SEP = f"[\\s{_DASHES}_]+"
SEP_OPT = f"[\\s{_DASHES}_]?"
SEP_AR_OPT = f"[\\s{_DASHES}_]*"
APOS = f"[{APOSTROPHES}]?"
ART = "(?:[ae](?:l|d|r|s|sh|t|th|z|n|dh)|u[ld])"
#: An article that begins an alias, with its separator. The ones that are also English words
#: (at, as, an, et, en) need a hyphen or underscore or no separator: "at-Tanf", "attanf",
#: but not "at Tanf", which is the preposition followed by the name.
ART_START = f"(?:(?:a[lrdz]|el|ash|ath|adh|u[ld]|e[zdsr]){SEP_OPT}|(?:a[tsn]|e[tn])[{_DASHES}_]?)"
#: Transliterated articles: ``ART`` inside an alias; at its start only when written with a hyphen
#: (``al`` / ``el`` always), since "at", "as", "an" begin English phrases too.
_ARTICLE_WORDS = "al el ad ar as ash at az an ath adh ed ez es er et ud ul"
ARTICLES = frozenset(_ARTICLE_WORDS.split())

ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_WORD_SPLIT = re.compile(f"([\\s{_DASHES}_]+)")
_NON_KEY = re.compile(f"[\\W_{APOSTROPHES}]+")
_AR_ARTICLE = "\u0627\u0644"  # ال


def is_arabic(text: str) -> bool:
    """Whether ``text`` contains an Arabic-script letter."""
    return ARABIC_LETTER.search(text) is not None


def key(text: str) -> str:
    """The lookup key of a name: its analysis text without separators, punctuation, apostrophes."""
    return _NON_KEY.sub("", normalize(text))


def ascii_fold(text: str) -> str:
    """``text`` with Latin accents removed (``Kobanî`` -> ``Kobani``); other scripts unchanged."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c) or ord(c) > 0x36F)
    )


def arabic_split(norm_alias: str) -> tuple[bool, str]:
    """``(has_article, stem)``: an Arabic alias whose first word starts with ال, and the rest."""
    first = norm_alias.split(" ", 1)[0]
    if first.startswith(_AR_ARTICLE) and len(first) > 3:
        return True, norm_alias[2:]
    return False, norm_alias


def _latin_word(word: str) -> list[str]:
    return [APOS if ch in APOSTROPHES else re.escape(ch) for ch in word]


def alias_units(alias: str) -> list[str]:
    """The regex units of one alias (already without flag characters), in order.

    An Arabic alias with the article is returned without it: the matcher puts the article
    and the proclitics before it (see :mod:`undertow.entities.matcher`).
    """
    norm = normalize(alias).strip()
    if is_arabic(norm):
        return _arabic_units(norm)
    parts = _WORD_SPLIT.split(norm)
    words, seps = parts[0::2], parts[1::2]
    units: list[str] = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        hyphen_after = not last and "-" in seps[i]
        if not last and word in ARTICLES and (i > 0 or hyphen_after or word in ("al", "el")):
            units.extend([ART, SEP_OPT] if i > 0 else [ART_START])
            continue
        units.extend(_latin_word(word))
        if not last:
            units.append(SEP)
    return units


def _arabic_units(norm: str) -> list[str]:
    _, stem = arabic_split(norm)
    parts = _WORD_SPLIT.split(stem)
    words = parts[0::2]
    units: list[str] = []
    for i, word in enumerate(words):
        if i:
            units.append(SEP_AR_OPT if word.startswith(_AR_ARTICLE) else SEP)
        units.extend(re.escape(ch) if not is_arabic(ch) else ch for ch in word)
    return units


class _Node:
    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.end = False


def trie_regex(sequences: Iterable[list[str]]) -> str:
    """One regex source matching any of the unit sequences, written as a trie.

    Returns ``"(?!)"`` (never matches) when there are no sequences.
    """
    root = _Node()
    for units in sequences:
        if not units:
            continue
        node = root
        for unit in units:
            node = node.children.setdefault(unit, _Node())
        node.end = True
    if not root.children:
        return "(?!)"
    return _emit(root)


def _emit(node: _Node) -> str:
    # Literal branches first (the engine skips them on one character comparison), classes after.
    items = sorted(node.children.items(), key=lambda kv: (len(kv[0]) > 2, kv[0]))
    alts = [unit + _emit(child) for unit, child in items]
    if not alts:
        return ""
    if len(alts) == 1 and not node.end:
        return alts[0]
    body = "(?:" + "|".join(alts) + ")"
    return body + "?" if node.end else body
