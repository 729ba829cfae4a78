"""Entity linking: spellings, proclitics, hashtags, longest match, ambiguous aliases, spans."""

from __future__ import annotations

import pytest

from undertow.entities import Entity, gazetteer, link


def ids(text: str, lang: str | None = None) -> list[str]:
    return [e.id for e in link(text, lang)]


def surfaces(text: str, entity_id: str) -> list[str]:
    return [e.surface for e in link(text) if e.id == entity_id]


# -- the Fallujah family ----------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["Fallujah", "Falluja", "Faluja", "FALLUJAH", "fallujah", "Fallouja", "Fallujah's"]
)
def test_english_spellings_of_fallujah(word: str) -> None:
    found = link(f"Clashes near {word} today")
    assert [e.id for e in found] == ["place:fallujah"]
    assert found[0].surface == word.removesuffix("'s")


@pytest.mark.parametrize(
    "word",
    [
        "الفلوجة",
        "الفلوجه",
        "وبالفلوجة",
        "فالفلوجة",
        "بالفلوجة",
        "للفلوجة",
        "وللفلوجة",
        "كالفلوجة",
        "فلوجة",
    ],
)
def test_arabic_spellings_and_proclitics_of_fallujah(word: str) -> None:
    text = f"معارك في {word} اليوم"
    found = link(text)
    assert [e.id for e in found] == ["place:fallujah"]
    assert found[0].surface == word  # the whole word, proclitics included
    assert found[0].span == (text.index(word), text.index(word) + len(word))


def test_arabic_span_keeps_harakat_and_tatweel() -> None:
    text = "مُحَمَّد في الفَلُّوجَةِ وبالفلـــوجة."
    found = link(text)
    assert [e.surface for e in found] == ["الفَلُّوجَةِ", "وبالفلـــوجة"]
    for e in found:
        assert text[e.span[0] : e.span[1]] == e.surface
    assert text[found[1].span[1]] == "."


def test_entity_fields() -> None:
    (e,) = link("#Fallujah")
    assert isinstance(e, Entity)
    assert (e.id, e.kind, e.subkind, e.name, e.name_ar) == (
        "place:fallujah",
        "place",
        "city",
        "Fallujah",
        "الفلوجة",
    )
    assert (e.span, e.surface, e.register) == ((1, 9), "Fallujah", "")


# -- Arabic article and stop phrases -----------------------------------------------------


def test_an_alias_with_the_article_needs_it() -> None:
    assert ids("الرمادي") == ["place:ramadi"]
    assert ids("والرمادي") == ["place:ramadi"]
    assert ids("قميص رمادي") == []  # "grey", not Ramadi


def test_stop_phrases_hide_look_alike_words() -> None:
    assert ids("قميص باللون الرمادي") == []
    assert ids("حفظه الله وحماه الله") == []
    assert ids("قصف على حماة") == ["place:hama"]


def test_lam_contraction_before_a_stem_starting_with_lam() -> None:
    assert ids("من اللاذقية إلى للاذقية") == ["place:latakia", "place:latakia"]


# -- hashtags ----------------------------------------------------------------------------


def test_hashtags_with_underscores_and_joined() -> None:
    assert ids("#ولاية_الرقة") == ["actor:wilayat_raqqa"]
    assert ids("#Wilayat_Ninawa #WilayatNinawa #wilayatninawa") == ["actor:wilayat_ninawa"] * 3
    assert ids("#Deir_ez_Zor #DeirEzzor #ديرالزور #دير_الزور") == ["place:deir_ez_zor"] * 4
    assert ids("#Caliphate_News") == ["actor:isis"]


def test_camel_case_hashtags_are_split() -> None:
    found = link("#PrayForPalmyra #Pray4Palmyra")
    assert [(e.id, e.surface) for e in found] == [("place:palmyra", "Palmyra")] * 2
    assert ids("#prayforpalmyra") == []  # no capitals: no word boundary to find


# -- longest match -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "surface"),
    [
        ("Deir ez-Zor", "place:deir_ez_zor", "Deir ez-Zor"),
        ("Deir Hafer", "place:deir_hafer", "Deir Hafer"),
        ("Bab al-Hawa crossing", "place:bab_al_hawa", "Bab al-Hawa crossing"),
        ("Tabqa Dam", "place:tabqa_dam", "Tabqa Dam"),
        ("Mosul Dam", "place:mosul_dam", "Mosul Dam"),
        ("Amiriyat al-Fallujah", "place:amiriyat_al_fallujah", "Amiriyat al-Fallujah"),
        ("Sinai Province", "actor:wilayat_sinai", "Sinai Province"),
        ("US-led coalition", "actor:coalition", "US-led coalition"),
        ("وكتائب حزب الله", "actor:kataib_hezbollah", "وكتائب حزب الله"),
        ("ولاية الرقة", "actor:wilayat_raqqa", "ولاية الرقة"),
        ("الحشد العشائري", "actor:tribal_mobilization", "الحشد العشائري"),
        ("الجيش الرافضي", "actor:isf", "الجيش الرافضي"),
    ],
)
def test_longest_match_wins(text: str, expected: str, surface: str) -> None:
    found = link(f"news: {text} today")
    assert [(e.id, e.surface) for e in found] == [(expected, surface)]


def test_flexible_transliteration_inside_a_name() -> None:
    for text in ["Deir al-Zor", "Deir el Zor", "Deir-ez-Zor", "Deir ez Zor", "Deir_ez_Zor"]:
        assert ids(text) == ["place:deir_ez_zor"], text
    assert ids("al-Qa'im, al-Qa’im and al-Qaim") == ["place:qaim"] * 3


# -- ambiguous aliases -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "They took a hit on the convoy.",
        "Hit them hard, brothers.",
        "Knock on the bab of the house.",
        "Bab is a word.",
        "Nice work today.",
        "We ate turkey.",
        "GOD HELP US ALL",
        "THIS IS IT",
        "at Tanf is spelt with a capital",
    ],
)
def test_ambiguous_english_aliases_do_not_over_match(text: str) -> None:
    assert not {"place:hit", "place:al_bab", "place:nice", "place:turkey"} & set(ids(text))
    assert "place:united_states" not in ids(text) and "actor:isis" not in ids(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iraqi forces retook Hit yesterday", "place:hit"),
        ("#Hit", "place:hit"),
        ("the town of Hit, west of Ramadi", "place:hit"),
        ("Hit offensive", "place:hit"),
        ("airstrikes on al-Bab", "place:al_bab"),
        ("fighting in Bab today", "place:al_bab"),
        ("the attack in Nice", "place:nice"),
        ("Turkey closed the border", "place:turkey"),
        ("the US said", "place:united_states"),
        ("US jets struck", "actor:us"),
        ("IS fighters advanced", "actor:isis"),
        ("#IS", "actor:isis"),
    ],
)
def test_ambiguous_english_aliases_match_in_context(text: str, expected: str) -> None:
    assert expected in ids(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("فتح الباب على مصراعيه", []),
        ("قصف مدينة الباب", ["place:al_bab"]),
        ("الطائرات تدمر المنازل", []),
        ("اشتباكات في مدينة تدمر", ["place:palmyra"]),
        ("#تدمر", ["place:palmyra"]),
        ("سيارة حديثة", []),
        ("قرب حديثة غربي الأنبار", ["place:haditha", "place:anbar"]),
        ("حفظه الله عنه", []),
    ],
)
def test_ambiguous_arabic_aliases(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


# -- registers, masks, languages ---------------------------------------------------------


def test_registers_of_names() -> None:
    by_surface = {e.surface: e for e in link("Daesh, Dawla, the Islamic State, الروافض")}
    assert by_surface["Daesh"].register == "hostile"
    assert by_surface["Dawla"].register == "movement"
    assert by_surface["the Islamic State"].register == ""
    assert by_surface["الروافض"].id == "actor:pmu"
    assert by_surface["الروافض"].register == "movement"


def test_pejoratives_link_to_their_actor() -> None:
    assert ids("النظام النصيري") == ["actor:assad_government"]
    assert ids("التحالف الصليبي") == ["actor:coalition"]
    assert ids("Khawarij and داعش") == ["actor:isis", "actor:isis"]
    assert ids("Rafidah and الحشد الرافضي") == ["actor:pmu", "actor:pmu"]


def test_handles_and_urls_are_not_mentions() -> None:
    assert ids("@PalmyraRev1 and @jazrawi_tadmur say https://example.org/palmyra") == []
    assert ids("RT @PalmyraRev1: Palmyra shelled") == ["place:palmyra"]


def test_lang_chooses_the_script_of_the_aliases() -> None:
    text = "Mosul والموصل #Mosul #الموصل"
    assert [e.surface for e in link(text)] == ["Mosul", "والموصل", "Mosul", "الموصل"]
    assert [e.surface for e in link(text, lang="en")] == ["Mosul", "Mosul"]
    assert [e.surface for e in link(text, lang="ar")] == ["والموصل", "الموصل"]


@pytest.mark.parametrize("text", ["", "   ", "12345", "😀", "no names here at all"])
def test_texts_without_names(text: str) -> None:
    assert link(text) == []


def test_every_span_is_the_surface() -> None:
    text = "ISIS (Daesh) lost Manbij; قوات سوريا الديمقراطية دخلت منبج. #Raqqa"
    found = link(text)
    assert [e.id for e in found] == [
        "actor:isis",
        "actor:isis",
        "place:manbij",
        "actor:sdf",
        "place:manbij",
        "place:raqqa",
    ]
    for e in found:
        assert text[e.span[0] : e.span[1]] == e.surface
        assert gazetteer().matches(e.id, e.surface)


def test_the_docs_example() -> None:
    """docs/entities.md shows this output; keep the two in step."""
    found = link("Clashes near Falluja; الحشد الرافضي يتقدم نحو #الفلوجة")
    assert [(e.id, e.span, e.surface, e.register) for e in found] == [
        ("place:fallujah", (13, 20), "Falluja", ""),
        ("actor:pmu", (22, 35), "الحشد الرافضي", "movement"),
        ("place:fallujah", (47, 54), "الفلوجة", ""),
    ]
