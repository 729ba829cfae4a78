"""Quoted evidence is found in the original text: exactly, then tolerantly, or not at all."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from undertow.llm.evidence import Locator, fold
from undertow.text.normalize import normalize


def _found(text: str, quote: str) -> list[str] | None:
    spans = Locator(text).find(quote)
    return None if spans is None else [text[s:e] for s, e in spans]


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        ("We lost the city. We lost.", "We lost the city", ["We lost the city"]),
        ("They said: we lost   the\ncity!", "“we lost the city”", ["we lost   the\ncity"]),
        ("Don’t despair, brothers", "don't despair", ["Don’t despair"]),
        (
            "We lost Mosul, but the war is long.",
            "We lost ... the war is long",
            ["We lost", "the war is long"],
        ),
        ("We lost Mosul, but the war is long.", "We lost … the peace", None),
        ("the war is long", "he war", ["he war"]),  # exact: accepted as it stands
        ("The War is long", "he war", None),  # tolerant matches need word boundaries
        ("the war is long", "war is short", None),
        ("the war is long", "a", None),  # too short to prove anything
        ("الـــ", "ـــ", None),  # tatweel is not a letter once normalised
        ("…", "…", None),
        # Arabic: harakat, tatweel, hamza forms and teh marbuta in the post, not in the quote
        ("قالوا: إنّ الدولـــة باقيةٌ", "ان الدوله باقيه", ["إنّ الدولـــة باقيةٌ"]),
        ("\u202bالدولة\u202c باقية", "الدولة باقية", ["الدولة\u202c باقية"]),
        ("سقطت ٣ مدن", "سقطت 3 مدن", ["سقطت ٣ مدن"]),
    ],
)
def test_quotes_are_located(text: str, quote: str, expected: list[str] | None) -> None:
    assert _found(text, quote) == expected


def test_a_quote_that_is_not_a_string_is_rejected() -> None:
    assert Locator("we lost").find(None) is None  # type: ignore[arg-type]


_WORD = st.text(
    alphabet=st.sampled_from("abcdefgh ABC,.!\n\u0627\u0644\u062f\u0648\u0629\u064e\u0640\u200f"),
    min_size=1,
    max_size=60,
)


@given(text=_WORD, data=st.data())
def test_a_substring_is_found_exactly(text: str, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(text) - 1))
    b = data.draw(st.integers(a + 1, len(text)))
    quote = text[a:b]
    spans = Locator(text).find(quote)
    core = quote.strip("\"'`“”‘’«»„‚‹› \t\r\n")
    if sum(c.isalnum() for c in normalize(core)) < 2:
        assert spans is None
    else:
        assert spans is not None and len(spans) == 1
        s, e = spans[0]
        assert text[s:e] == core


@given(text=_WORD, quote=_WORD)
def test_every_span_is_inside_the_text_and_matches_the_quote(text: str, quote: str) -> None:
    spans = Locator(text).find(quote)
    if spans is None:
        return
    folded_quote = fold(normalize(quote))[0]
    for s, e in spans:
        assert 0 <= s < e <= len(text)
        folded_span = fold(normalize(text[s:e]))[0]
        assert folded_span and folded_span in folded_quote
