"""Analysis text: the normalised form of a post that every analyzer matches against.

The stored original is never changed. :func:`normalize` returns the analysis text;
:func:`analysis_text` returns it together with an offset map from each of its characters back
to the original, and :func:`orig_span` turns a span of the analysis text into a span of the
original. What is normalised and why is described in ``docs/text-normalisation.md``.

The pipeline, in this order:

1. remove Arabic diacritics (harakat, Qur'anic marks), tatweel, and invisible / bidi control
   characters (see :data:`REMOVED`) -- before NFKC, so that a removed character never blocks
   a composition;
2. Unicode NFKC; if NFKC produced removed characters (presentation forms of harakat), remove
   them and compose once more;
3. capital sigma to small sigma (so that lower-casing is context free), then ``str.lower()``;
4. unify letter forms (:data:`LETTER_FORMS`) and map Arabic-Indic and Eastern Arabic-Indic
   digits to ASCII.

Offsets are kept per *cluster*: a character together with the characters that attach to it
(combining marks, removed characters, and the few starters that compose with what precedes
them). Every character of a cluster's output points at the cluster's first character.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from itertools import chain, compress, pairwise, repeat

__all__ = ["LETTER_FORMS", "REMOVED", "analysis_text", "fold_letters", "normalize", "orig_span"]


def _ranges(*pairs: tuple[int, int]) -> frozenset[str]:
    return frozenset(chr(cp) for lo, hi in pairs for cp in range(lo, hi + 1))


_REMOVED_RANGES: tuple[tuple[int, int], ...] = (
    (0x0610, 0x061A),  # Arabic honorific and Qur'anic signs above/below
    (0x064B, 0x065F),  # harakat: tanwin, fatha, damma, kasra, shadda, sukun, madda, hamza marks
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06ED),  # Qur'anic annotation signs
    (0x0640, 0x0640),  # tatweel (kashida)
    (0x200B, 0x200F),  # zero width space, ZWNJ, ZWJ, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2066, 0x2069),  # bidi isolates
    (0xFEFF, 0xFEFF),  # BOM / zero width no-break space
    (0x00AD, 0x00AD),  # soft hyphen
    (0x061C, 0x061C),  # Arabic letter mark
)

#: Characters removed from the analysis text: Arabic diacritics and Qur'anic annotation marks,
#: tatweel, zero-width and bidi control characters, BOM, soft hyphen, Arabic letter mark.
REMOVED: frozenset[str] = _ranges(*_REMOVED_RANGES)
_REMOVED_RE = re.compile(
    "[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in _REMOVED_RANGES) + "]+"
)

#: The one table of letter-form unification (after NFKC). Common information-retrieval
#: normalisation of Arabic: hamza carriers and alef variants fold to their bare letter, alef
#: maksura to yeh, teh marbuta to heh; Persian/Urdu keheh and farsi yeh to their Arabic forms.
LETTER_FORMS: dict[str, str] = {
    "\u0623": "\u0627",  # أ alef with hamza above -> ا
    "\u0625": "\u0627",  # إ alef with hamza below -> ا
    "\u0622": "\u0627",  # آ alef with madda above -> ا
    "\u0671": "\u0627",  # ٱ alef wasla -> ا
    "\u0649": "\u064a",  # ى alef maksura -> ي
    "\u0629": "\u0647",  # ة teh marbuta -> ه
    "\u0624": "\u0648",  # ؤ waw with hamza above -> و
    "\u0626": "\u064a",  # ئ yeh with hamza above -> ي
    "\u06a9": "\u0643",  # ک keheh (Persian/Urdu kaf) -> ك
    "\u06cc": "\u064a",  # ی farsi yeh -> ي
}

_DIGITS: dict[str, str] = {
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic ٠..٩
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Eastern Arabic-Indic ۰..۹
}

_LETTER_TABLE = str.maketrans({**LETTER_FORMS, **_DIGITS})

# Starters that canonically compose with the character before them (NFC_QC=Maybe), computed
# from the Unicode database of Python 3.11 (a test checks it still holds), plus Hangul
# conjoining vowels and trailing consonants (composed algorithmically).
_COMPOSES_BACKWARDS: frozenset[str] = frozenset(
    chr(cp)
    for cp in (
        0x09BE, 0x09D7, 0x0B3E, 0x0B56, 0x0B57, 0x0BBE, 0x0BD7, 0x0CC2, 0x0CD5, 0x0CD6,
        0x0D3E, 0x0D57, 0x0DCF, 0x0DDF, 0x0FB5, 0x0FB7, 0x102E, 0x1B35, 0x11127, 0x1133E,
        0x11357, 0x114B0, 0x114BA, 0x114BD, 0x115AF, 0x11930,
    )
) | _ranges((0x1161, 0x1175), (0x11A8, 0x11C2))  # fmt: skip

_nfkc = unicodedata.normalize
_combining = unicodedata.combining

_CACHE_LIMIT = 100_000  # clusters kept in the cache
_TABLE_LIMIT = 200_000  # code points kept in each lazily filled translate table
_piece_cache: dict[str, str] = {}  # cluster -> its normalised form


def normalize(text: str, *, fold_letters: bool = True) -> str:
    """Return the analysis text of ``text`` (the original is not modified).

    Same result as ``analysis_text(text)[0]``, without computing offsets. With
    ``fold_letters=False`` letter forms and digits are left as they are (step 4 skipped): for
    a stemmer that reads teh marbuta and hamza forms to find affixes, followed by
    :func:`fold_letters`.
    """
    if text.isascii():
        return text.lower()
    stripped = _REMOVED_RE.sub("", text)
    out = _nfkc("NFKC", stripped)
    if out != stripped:  # NFKC may produce removed characters (presentation forms of harakat)
        again = _REMOVED_RE.sub("", out)
        if again != out:  # compose what is now adjacent
            out = _nfkc("NFKC", again)
    out = out.replace("\u03a3", "\u03c3").lower()  # sigma first: lower() is then context free
    return out.translate(_LETTER_TABLE) if fold_letters else out


def fold_letters(text: str) -> str:
    """Unify letter forms (:data:`LETTER_FORMS`) and map Arabic-Indic digits to ASCII."""
    return text.translate(_LETTER_TABLE)


def _attaches(char: str, piece: str) -> bool:
    """Whether ``char`` (normalising to ``piece``) is normalised with the cluster before it."""
    return (
        not piece
        or _combining(char) != 0
        or _combining(piece[0]) != 0
        or piece[0] in _COMPOSES_BACKWARDS
    )


class _CharTable(dict[int, str]):
    """A ``str.translate`` table filled in the first time each code point is met."""

    __slots__ = ("_compute",)

    def __init__(self, compute: Callable[[str], str]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: int) -> str:
        if len(self) >= _TABLE_LIMIT:  # only adversarial input meets this many code points
            self.clear()
        value = self[key] = self._compute(chr(key))
        return value


def _code(char: str) -> str:
    """One character standing for how ``char`` normalises on its own.

    ``"\\x00"``: to nothing; ``"\\xff"``: to something, but it attaches to the character before it;
    otherwise ``chr(n)`` for a character that starts a cluster and normalises to n characters.
    """
    piece = normalize(char)
    if not piece:
        return "\x00"
    if _attaches(char, piece) or len(piece) >= 255:
        return "\xff"
    return chr(len(piece))


_PIECES = _CharTable(normalize)  # code point -> its analysis text on its own
_CODES = _CharTable(_code)
_ATTACHED = "\x00\xff"


def _by_char(text: str, norm: str, codes: str) -> list[int] | None:
    """Offsets when no character attaches to the one before it, except removed ones.

    The common case (Arabic with harakat and tatweel, ligatures, accented Latin, emoji) runs
    on ``str.translate`` and iterators, without a Python loop. None when it does not apply.
    """
    if "\xff" in codes or text.translate(_PIECES) != norm:
        return None
    n = len(text)
    if codes.count("\x01") == n:
        return list(range(n))
    counts = codes.encode("latin-1")
    if max(counts) == 1:
        return list(compress(range(n), counts))
    return list(chain.from_iterable(map(repeat, range(n), counts)))


def _piece(cluster: str) -> str:
    piece = _piece_cache.get(cluster)
    if piece is None:
        piece = normalize(cluster)
        if len(cluster) <= 8:
            if len(_piece_cache) >= _CACHE_LIMIT:
                _piece_cache.clear()
            _piece_cache[cluster] = piece
    return piece


def _by_cluster(text: str, codes: str) -> tuple[str, list[int]]:
    """Normalise cluster by cluster, keeping the offset of each cluster's first character."""
    bounds = [i for i, code in enumerate(codes) if i and code not in _ATTACHED]
    bounds.insert(0, 0)
    bounds.append(len(text))
    parts: list[str] = []
    offsets: list[int] = []
    for start, end in pairwise(bounds):
        piece = _piece(text[start:end])
        if piece:
            parts.append(piece)
            offsets.extend(repeat(start, len(piece)))
    return "".join(parts), offsets


def _realign(joined: str, offsets: list[int], norm: str) -> list[int]:
    """Offsets for ``norm`` where cluster-wise normalisation gave ``joined`` instead.

    Happens only for sequences that compose across clusters in ways the cluster rule does not
    foresee. The common prefix and suffix keep their offsets; the differing middle points at
    the first differing cluster (coarse but in range and non-decreasing).
    """
    limit = min(len(joined), len(norm))
    p = 0
    while p < limit and joined[p] == norm[p]:
        p += 1
    s = 0
    while s < limit - p and joined[-1 - s] == norm[-1 - s]:
        s += 1
    mid = offsets[min(p, len(joined) - 1)] if joined else 0
    tail = offsets[len(joined) - s :] if s else []
    return offsets[:p] + [mid] * (len(norm) - p - s) + tail


def analysis_text(text: str) -> tuple[str, list[int]]:
    """Return the analysis text of ``text`` and, per character of it, its offset in ``text``.

    ``offsets[i]`` is the index in ``text`` of the first character of the cluster that
    produced character ``i`` of the analysis text; offsets never decrease. Pure-ASCII text
    takes a fast path (lower-casing only, offsets ``range(len(text))``).
    """
    if text.isascii():
        return text.lower(), list(range(len(text)))
    norm = normalize(text)
    codes = text.translate(_CODES)
    fast = _by_char(text, norm, codes)
    if fast is not None:
        return norm, fast
    joined, offsets = _by_cluster(text, codes)
    if joined != norm:
        offsets = _realign(joined, offsets, norm)
    return norm, offsets


def orig_span(offsets: list[int], a: int, b: int, length: int) -> tuple[int, int]:
    """Map the span ``[a, b)`` of an analysis text back to its original text.

    ``offsets`` comes from :func:`analysis_text` and ``length`` is ``len(original)``. The
    start is the offset of character ``a``; the end is the end of the original cluster that
    produced character ``b - 1``: the next larger offset, or ``length`` if there is none. A
    cluster includes the removed characters that follow it (harakat, tatweel, invisible
    controls), so a word maps back to itself with its diacritics. An empty span maps to an
    empty span. Raises ``ValueError`` if the span is not inside the analysis text.
    """
    if not 0 <= a <= b <= len(offsets):
        raise ValueError(
            f"span [{a}, {b}) is not inside an analysis text of {len(offsets)} characters; "
            "pass a span of the text analysis_text() returned with these offsets"
        )
    if a == b:
        point = offsets[a] if a < len(offsets) else length
        return point, point
    start = offsets[a]
    last = offsets[b - 1]
    nxt = bisect_right(offsets, last, lo=b)
    end = offsets[nxt] if nxt < len(offsets) else length
    return start, min(end, length)
