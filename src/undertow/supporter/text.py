"""The text the supporter model reads: a post with its platform artefacts removed.

A model that tells supporters from others must not learn *where* a post was collected: the
Fifth Tribe set shortens links to ``t.co``, the contrast set keeps whole URLs, retweets begin
with ``RT @user:``, and scraped tweets end cut short with ``…``. :func:`prepare` removes all of
these before anything is counted, then applies the project's analysis normalisation
(:func:`undertow.text.normalize.normalize`: Arabic diacritics, letter forms, NFKC, lower case).

:func:`script_of` routes a prepared text to the head of its script (``"ar"`` for Arabic
script, ``"en"`` for everything else), so that each head is trained and calibrated on texts
of one script.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from undertow.text.normalize import normalize

__all__ = ["prepare", "prepare_many", "script_of"]

_RT = re.compile(r"^\s*RT\s+@\w+\s*:?\s*")
_URL = re.compile(
    r"(?:https?://|www\.)\S*"  # links, also ones cut short
    r"|\b[\w.-]+\.(?:com|net|org|ly|me|co|fr|uk|de|gl|be|io|info)/\S*",  # bare domain/path
    re.IGNORECASE,
)
_TRUNCATED = re.compile(r"\S*…\s*$")  # a scraper's ellipsis and the half word before it
_HANDLE = re.compile(r"(?<!\w)[@＠]\w+")
_SPACE = re.compile(r"\s+")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06EE-\u06FF\u0750-\u077F]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")


def prepare(text: str) -> str:
    """Return the text the model reads: artefacts removed, then normalised.

    Removed: a leading ``RT @user:``, links, @handles, a trailing ``…`` with the half word
    it cuts, HTML entities (unescaped). Then :func:`~undertow.text.normalize.normalize` and
    whitespace folding.
    """
    text = html.unescape(text)
    text = _RT.sub("", text)
    text = _URL.sub(" ", text)
    text = _TRUNCATED.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    return _SPACE.sub(" ", normalize(text)).strip()


def prepare_many(texts: Iterable[str]) -> list[str]:
    """:func:`prepare` over many texts."""
    return [prepare(t) for t in texts]


def script_of(prepared: str) -> str:
    """``"ar"`` when Arabic-script letters outnumber Latin ones, else ``"en"``."""
    arabic = len(_ARABIC_LETTER.findall(prepared))
    return "ar" if arabic and arabic > len(_LATIN_LETTER.findall(prepared)) else "en"
