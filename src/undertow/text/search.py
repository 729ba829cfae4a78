"""Search terms: normalised, tokenised and stemmed text for a full-text index.

The same function analyses stored posts and queries, so that مُتَظاهِرونَ, المتظاهرين and
متظاهر, or "protesters" and "protester", meet on one term. The index itself (SQLite FTS5 with
the plain ``unicode61`` tokenizer over space-joined terms) belongs to the store.

Snowball's Arabic stemmer reads teh marbuta and hamza forms to find prefixes and suffixes, so
tokens are stemmed *before* letter forms are unified (``normalize(..., fold_letters=False)``),
with two folds it needs: alef maksura / farsi yeh to yeh, keheh to kaf, and a final heh to teh
marbuta (the common spelling ساحه for ساحة, except in words ending in لله). The stems are
then folded with :func:`undertow.text.normalize.fold_letters`, so terms live in the same
letter space as the analysis text.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from undertow.text.normalize import fold_letters, normalize

__all__ = ["LANG_ALGORITHMS", "search_terms"]

#: ISO 639-1 code -> Snowball algorithm used for tokens not in Arabic script.
LANG_ALGORITHMS: dict[str, str] = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
    "sv": "swedish",
    "da": "danish",
    "no": "norwegian",
    "fi": "finnish",
    "hu": "hungarian",
    "ro": "romanian",
    "tr": "turkish",
    "id": "indonesian",
    "ca": "catalan",
    "ru": "russian",
    "el": "greek",
    "sr": "serbian",
}

_TOKEN_RE = re.compile(r"[^\W_]+")  # \w+ without underscores: #Caliphate_News is two words
_ARABIC_SCRIPT_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_LATIN_RE = re.compile("[a-z\u00c0-\u024f\u1e00-\u1eff]")
_PRE_STEM = str.maketrans({"\u0649": "\u064a", "\u06cc": "\u064a", "\u06a9": "\u0643"})

_local = threading.local()  # Stemmer objects are not safe to share between threads


def _stemmer(algorithm: str) -> Any:
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(algorithm)
    if stemmer is None:
        import Stemmer

        stemmer = stemmers[algorithm] = Stemmer.Stemmer(algorithm)
    return stemmer


def _arabic_stem(token: str) -> str:
    token = token.translate(_PRE_STEM)
    if len(token) >= 4 and token.endswith("\u0647") and not token.endswith("\u0644\u0644\u0647"):
        token = token[:-1] + "\u0629"
    return fold_letters(_stemmer("arabic").stemWord(token))


def search_terms(text: str, lang: str | None = None) -> list[str]:
    """Return the search terms of ``text``, in order (a query is analysed the same way).

    Arabic-script tokens are stemmed with Snowball ``arabic``. Other tokens are stemmed with
    the Snowball algorithm of ``lang`` (an ISO 639-1 code, see :data:`LANG_ALGORITHMS`) when
    it has one, else Latin-script tokens with ``english``; tokens of other scripts, and
    numbers, are kept as they are.
    """
    other = LANG_ALGORITHMS.get(lang or "", "english")
    terms: list[str] = []
    for token in _TOKEN_RE.findall(normalize(text, fold_letters=False)):
        if _ARABIC_SCRIPT_RE.search(token):
            terms.append(_arabic_stem(token))
        elif other != "english" or _LATIN_RE.search(token):
            terms.append(fold_letters(_stemmer(other).stemWord(token)))
        else:
            terms.append(fold_letters(token))
    return terms
