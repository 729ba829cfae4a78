"""Sentence splitting with character offsets into the original text.

Rule based, for English and Arabic posts. A sentence ends at a line break (tweets and forum
posts use single newlines as breaks), or after a run of ``. ! ? …`` or of the Arabic question
mark ``؟``, semicolon ``؛`` and Urdu full stop ``۔`` (with any closing quotes and brackets)
that is followed by white space or the end of the text. The Arabic comma ``،`` is a comma.
A single full stop does not end a sentence after a known abbreviation ("Mr." "Dr." "e.g."),
a dotted acronym ("U.S."), a single letter (an initial) or a list number at the start of a
sentence; dots inside words, numbers ("3.5") and URLs never do, since they are not followed
by white space. Arabic is often written without a space after punctuation: a terminator
directly followed by an Arabic letter ends a sentence too.
"""

from __future__ import annotations

import re
import unicodedata

from undertow.text.normalize import REMOVED

__all__ = ["ABBREVIATIONS", "is_blank", "split_sentences"]

_ABBREVIATIONS = """
    mr mrs ms mx dr prof st jr sr rev fr hon gen col lt sgt capt cpl maj adm cmdr gov sen rep
    pres vs al approx dept vol fig figs eds pp cf ca jan feb apr jun jul aug sep sept oct nov
    dec tue thu fri inc ltd corp bros ave blvd rd mt ft
"""
#: Lower-cased words that a full stop follows without ending the sentence.
ABBREVIATIONS: frozenset[str] = frozenset(_ABBREVIATIONS.split())
# Left out on purpose, as they end sentences more often than not: etc, no, sun, sat, wed,
# mon, art, co, ed, mar, may, v, p.

# Invisible characters trimmed from sentence edges along with white space (they are also
# removed from the analysis text by undertow.text.normalize).
_INVISIBLE = frozenset(c for c in REMOVED if unicodedata.category(c) == "Cf")

_URL_RE = re.compile(r"(?:https?://|www\.)\S+?(?=[.,;:!?)\]}\"'»”’…]*(?:\s|$))", re.IGNORECASE)
_BREAK_RE = re.compile(
    r"(?P<nl>\r\n|[\n\r\x0b\x0c\x85\u2028\u2029])"
    r"|(?P<term>[.!?…؟؛۔\u203c\u2047-\u2049]+)(?P<close>[\"'”’»)\]}]*)"
)
_ARABIC_LETTER_RE = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]")
_ACRONYM_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # U.S, e.g, i.e (the last dot is the match)
_LIST_NUMBER_RE = re.compile(r"\d{1,3}|[ivxIVX]{1,4}")
_OPENERS = "\"'“‘«([{"


def is_blank(char: str) -> bool:
    """Whether ``char`` is trimmed from sentence edges: white space or an invisible control."""
    return char.isspace() or char in _INVISIBLE


def _no_break_after_stop(text: str, sentence_start: int, stop: int) -> bool:
    """Whether the single full stop at ``stop`` belongs to an abbreviation or list number."""
    begin = stop
    while begin > sentence_start and not text[begin - 1].isspace():
        begin -= 1
    word = text[begin:stop].lstrip(_OPENERS)
    if not word:
        return False
    if word.lower() in ABBREVIATIONS or _ACRONYM_RE.fullmatch(word):
        return True
    if len(word) == 1 and ((word.isupper() and word != "I") or _ARABIC_LETTER_RE.match(word)):
        return True  # an initial: "J. Smith", "د. أحمد"
    at_start = all(is_blank(c) for c in text[sentence_start:begin])
    return at_start and _LIST_NUMBER_RE.fullmatch(word) is not None


def _breaks(text: str) -> list[int]:
    """Positions at which a new sentence starts."""
    urls = [m.span() for m in _URL_RE.finditer(text)]
    cuts: list[int] = []
    last = 0
    for match in _BREAK_RE.finditer(text):
        if match.group("nl"):
            cuts.append(match.end())
            last = match.end()
            continue
        start, end = match.start(), match.end()
        if any(a <= start < b for a, b in urls):
            continue
        nxt = text[end] if end < len(text) else ""
        if not (nxt == "" or nxt.isspace() or _ARABIC_LETTER_RE.match(nxt)):
            continue
        if match.group("term") == "." and _no_break_after_stop(text, last, start):
            continue
        cuts.append(end)
        last = end
    return cuts


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the sentences of ``text`` as ``[start, end)`` spans into it.

    Spans are sorted and disjoint, trimmed of white space and invisible controls at both
    ends, and together cover every other character of the text exactly once.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*_breaks(text), len(text)]:
        a, b = start, cut
        while a < b and is_blank(text[a]):
            a += 1
        while b > a and is_blank(text[b - 1]):
            b -= 1
        if a < b:
            spans.append((a, b))
        start = cut
    return spans
