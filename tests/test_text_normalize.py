"""Analysis text and its offsets back to the original."""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import undertow.text.normalize as nmod
from undertow.text.normalize import (
    LETTER_FORMS,
    REMOVED,
    analysis_text,
    fold_letters,
    normalize,
    orig_span,
)

ROOT = Path(__file__).resolve().parents[1]

# Characters that exercise every rule: Arabic letters with harakat, tatweel, hamza forms,
# presentation forms and ligatures, bidi and zero-width controls, combining Latin accents,
# Hangul jamo, half-width katakana voicing marks, Greek sigma, emoji with modifiers.
_SPECIAL = (
    "مُتَظاهِرونَـأإآٱىةؤئکیﻻﻷﷺﷲ\u0654\u0653\u0655\u0670ە\ufe71\ufcf2\ufc5e"
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2066\u2069\ufeff\u00ad\u061c"
    "e\u0301\u0300\u0327\u0323ΣσςİﬁＡ𝐇١٢۳ 각ㄱㅏカﾞ\u0f73\u0b47\u0b3e"
    "👍🏽\u2764\ufe0f👨\u200d👩\u200d👧 \n\t"
)
texts = st.text(
    alphabet=st.sampled_from(_SPECIAL)
    | st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
    | st.characters(min_codepoint=0x0300, max_codepoint=0x036F)
    | st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF)
    | st.characters(blacklist_categories=("Cs",)),
    max_size=40,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مُتَظاهِرونَ", "متظاهرون"),
        ("الفلوجـــة", "الفلوجه"),
        ("ﻻ", "لا"),
        ("Fallujah\u202e", "fallujah"),
        ("أحمد إلى آخر ٱلرحمن", "احمد الي اخر الرحمن"),
        ("مسؤول شاطئ", "مسوول شاطي"),
        ("کتاب فارسی", "كتاب فارسي"),
        ("عام ٢٠١٦ و۱۳۹۵", "عام 2016 و1395"),
        ("\u200fRT\u200b @X\ufeff", "rt @x"),
        ("ﷺ", "صلي الله عليه وسلم"),
        ("cafe\u0301 ΟΔΟΣ", "café οδοσ"),
        ("  two  spaces\n", "  two  spaces\n"),
    ],
)
def test_known_examples(text: str, expected: str) -> None:
    assert normalize(text) == expected
    assert analysis_text(text)[0] == expected


def test_original_is_not_modified() -> None:
    text = "المُتَظاهِرونَ"
    copy = str(text)
    normalize(text)
    analysis_text(text)
    assert text == copy


def test_word_maps_back_to_itself_with_its_harakat() -> None:
    text = "قال المُتَظاهِرونَ في الساحةِ"
    norm, offsets = analysis_text(text)
    for word, original in [("المتظاهرون", "المُتَظاهِرونَ"), ("الساحه", "الساحةِ"), ("في", "في")]:
        a = norm.index(word)
        start, end = orig_span(offsets, a, a + len(word), len(text))
        assert text[start:end] == original


def test_tatweel_and_controls_map_inside_the_word() -> None:
    text = "في الفلوجـــة\u200f اليوم"
    norm, offsets = analysis_text(text)
    a = norm.index("الفلوجه")
    start, end = orig_span(offsets, a, a + len("الفلوجه"), len(text))
    assert text[start:end] == "الفلوجـــة\u200f"  # a trailing control belongs to the last letter


def test_expansions_and_compositions_map_to_the_whole_source() -> None:
    text = "محمد ﷺ"
    norm, offsets = analysis_text(text)
    a = norm.index("الله")
    assert orig_span(offsets, a, a + 4, len(text)) == (5, 6)
    text = "ﻻ"
    norm, offsets = analysis_text(text)
    assert offsets == [0, 0]
    assert orig_span(offsets, 1, 2, len(text)) == (0, 1)
    text = "cafe\u0301 noir"
    norm, offsets = analysis_text(text)
    assert norm == "café noir"
    assert orig_span(offsets, 3, 4, len(text)) == (3, 5)
    assert orig_span(offsets, 0, 4, len(text)) == (0, 5)


def test_fallujah_with_override_keeps_its_control_in_the_span() -> None:
    text = "Fallujah\u202e"
    norm, offsets = analysis_text(text)
    assert (norm, offsets) == ("fallujah", list(range(8)))
    assert orig_span(offsets, 0, 8, len(text)) == (0, 9)
    assert orig_span(offsets, 0, 7, len(text)) == (0, 7)


def test_leading_removed_characters_are_not_in_the_span() -> None:
    text = "\u200f\u202bنصر"
    norm, offsets = analysis_text(text)
    assert norm == "نصر"
    assert orig_span(offsets, 0, 3, len(text)) == (2, 5)


def test_ascii_fast_path() -> None:
    text = "RT @Someone: Hello World"
    assert analysis_text(text) == (text.lower(), list(range(len(text))))


def test_empty_text_and_empty_spans() -> None:
    assert analysis_text("") == ("", [])
    assert normalize("") == ""
    assert orig_span([], 0, 0, 0) == (0, 0)
    norm, offsets = analysis_text("بَ ت")
    assert orig_span(offsets, 1, 1, 4) == (2, 2)
    assert orig_span(offsets, len(norm), len(norm), 4) == (4, 4)


@pytest.mark.parametrize(("a", "b"), [(-1, 1), (2, 1), (0, 4)])
def test_orig_span_rejects_spans_outside_the_text(a: int, b: int) -> None:
    with pytest.raises(ValueError, match="not inside an analysis text of 3 characters"):
        orig_span([0, 1, 2], a, b, 3)


def test_fold_letters_is_the_letter_table() -> None:
    assert fold_letters("أإآٱىةؤئکی٣۳") == "اااايهويكي33"


@settings(max_examples=400, deadline=None)
@given(texts)
def test_offsets_are_monotone_in_range_and_complete(text: str) -> None:
    norm, offsets = analysis_text(text)
    assert norm == normalize(text)
    assert len(offsets) == len(norm)
    assert all(0 <= o < len(text) for o in offsets)
    assert all(x <= y for x, y in pairwise(offsets))


@settings(max_examples=400, deadline=None)
@given(texts, st.data())
def test_any_span_maps_inside_the_original(text: str, data: st.DataObject) -> None:
    norm, offsets = analysis_text(text)
    a = data.draw(st.integers(0, len(norm)))
    b = data.draw(st.integers(a, len(norm)))
    start, end = orig_span(offsets, a, b, len(text))
    assert 0 <= start <= end <= len(text)
    if a < b:
        assert start < end
        assert norm[a:b] in normalize(text[start:end])


@settings(max_examples=400, deadline=None)
@given(texts)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert not REMOVED & set(once)
    assert not set(LETTER_FORMS) & set(once)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_cluster_path_agrees_with_whole_text(text: str) -> None:
    """The offset map never needs its coarse fallback on these characters."""
    norm, offsets = analysis_text(text)
    joined, cluster_offsets = nmod._by_cluster(text, text.translate(nmod._CODES))
    assert joined == norm
    assert cluster_offsets == offsets


def test_realign_is_in_range_and_monotone() -> None:
    assert nmod._realign("abXYcd", [0, 1, 2, 2, 4, 5], "abZcd") == [0, 1, 2, 4, 5]
    assert nmod._realign("ab", [0, 3], "abc") == [0, 3, 3]
    assert nmod._realign("", [], "x") == [0]


def test_backward_composing_starters_are_complete() -> None:
    """The hard-coded list still covers this Python's Unicode database."""
    expected = set()
    for cp in range(0x110000):
        decomposition = unicodedata.decomposition(chr(cp))
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            second = chr(int(parts[-1], 16))
            if len(parts) == 2 and unicodedata.combining(second) == 0:
                expected.add(second)
    assert expected <= nmod._COMPOSES_BACKWARDS


@pytest.mark.slow
def test_every_code_point_normalises_idempotently() -> None:
    bad = [
        hex(cp)
        for cp in range(0x110000)
        if not 0xD800 <= cp <= 0xDFFF and normalize(normalize(chr(cp))) != normalize(chr(cp))
    ]
    assert bad == []


def test_docs_table_is_the_code_table() -> None:
    doc = (ROOT / "docs" / "text-normalisation.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| \S+ \| U\+([0-9A-F]{4}) \| \S+ \| U\+([0-9A-F]{4}) \|", doc, re.M)
    table = {chr(int(src, 16)): chr(int(dst, 16)) for src, dst in rows}
    assert table == LETTER_FORMS
