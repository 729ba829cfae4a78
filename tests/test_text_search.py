"""Search terms: variants of a word meet on one term."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undertow.text.normalize import LETTER_FORMS, REMOVED
from undertow.text.search import search_terms


@pytest.mark.parametrize(
    "variants",
    [
        ["مُتَظاهِرونَ", "المتظاهرين", "متظاهر", "المتظاهرون"],
        ["الساحة", "ساحة", "الساحه", "ساحه"],
        ["إبراهيم", "ابراهيم", "وإبراهيم"],
        ["أحمد", "احمد", "وأحمد"],
        ["الدولة", "دولة", "الدوله"],
        ["الفلوجة", "الفلوجـــة", "الفلوجه"],
        ["مستشفى", "المستشفى", "مستشفي"],
        ["protesters", "protester", "Protests", "PROTESTERS"],
    ],
)
def test_variants_share_one_term(variants: list[str]) -> None:
    terms = {tuple(search_terms(word)) for word in variants}
    assert len(terms) == 1, terms
    assert len(next(iter(terms))) == 1


def test_terms_of_a_post_in_order() -> None:
    assert search_terms("#Caliphate_News: المُتَظاهِرونَ في الساحة ٢٠١٦") == [
        "caliph",
        "news",
        "متظاهر",
        "في",
        "ساح",
        "2016",
    ]


def test_allah_is_not_mangled() -> None:
    assert search_terms("الله") == ["الله"]


def test_lang_selects_the_stemmer_of_other_scripts() -> None:
    assert search_terms("les manifestants", "fr") == ["le", "manifest"]
    assert search_terms("running fighters", None) == ["run", "fighter"]
    assert search_terms("running fighters", "xx") == ["run", "fighter"]
    assert search_terms("Бойцы ушли", "ru") == ["бойц", "ушл"]
    assert search_terms("Бойцы ушли") == ["бойцы", "ушли"]  # no stemmer without the language


def test_empty_and_punctuation_only() -> None:
    assert search_terms("") == []
    assert search_terms(" ... !!! 😀 ") == []


def test_stemmers_are_per_thread() -> None:
    results: list[list[str]] = []

    def work() -> None:
        results.append(search_terms("المتظاهرين protesters"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [["متظاهر", "protest"]] * 4


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.data())
def test_terms_are_clean_and_blind_to_marks_and_controls(text: str, data: st.DataObject) -> None:
    terms = search_terms(text)
    for term in terms:
        assert term and not any(c.isspace() or c == "_" for c in term)
        assert not REMOVED & set(term)
        assert not set(LETTER_FORMS) & set(term)
    marks = data.draw(
        st.lists(st.sampled_from(sorted(REMOVED)), min_size=len(text), max_size=len(text))
    )
    disguised = "".join(c + m for c, m in zip(text, marks, strict=True))
    assert search_terms(disguised) == terms
