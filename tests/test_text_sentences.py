"""Sentence spans into the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undertow.text.sentences import is_blank, split_sentences


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four… Five", ["One.", "Two!", "Three?", "Four…", "Five"]),
        ("Really?! Yes...  No", ["Really?!", "Yes...", "No"]),
        ("Mr. Smith met Dr. Jones in the U.S. last week.", None),
        ("Use tools, e.g. hammers. Then stop.", ["Use tools, e.g. hammers.", "Then stop."]),
        ("It cost 3.5 million. More later", ["It cost 3.5 million.", "More later"]),
        (
            "See https://example.com/a.b?c=1. Then https://t.co/x…",
            ["See https://example.com/a.b?c=1.", "Then https://t.co/x…"],
        ),
        ("www.site.org is down. Back soon", ["www.site.org is down.", "Back soon"]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ("So do I. Then we went", ["So do I.", "Then we went"]),
        ("J. R. Smith wrote it. Good", ["J. R. Smith wrote it.", "Good"]),
        ("1. First point. 2. Second point.", ["1. First point.", "2. Second point."]),
        ("line one\nline two\n\nparagraph", ["line one", "line two", "paragraph"]),
        ("a\r\nb\rc", ["a", "b", "c"]),
        (
            "اصبروا، فإن النصر قريب. هل تصدقون؟ نعم",
            ["اصبروا، فإن النصر قريب.", "هل تصدقون؟", "نعم"],
        ),
        ("قالوا؛ ثم انصرفوا", ["قالوا؛", "ثم انصرفوا"]),
        ("یہ جملہ ہے۔ دوسرا", ["یہ جملہ ہے۔", "دوسرا"]),
        ("انتهى.بدأ", ["انتهى.", "بدأ"]),
        ("هل تصدقون؟نعم", ["هل تصدقون؟", "نعم"]),
        ("د. أحمد قال ذلك.", ["د. أحمد قال ذلك."]),
        ("\u200f  الحمد لله\u200f\n", ["الحمد لله"]),
        ("", []),
        ("  \n\t\u200b ", []),
    ],
)
def test_splits(text: str, expected: list[str] | None) -> None:
    assert _sentences(text) == (expected if expected is not None else [text])


def test_spans_index_the_original() -> None:
    text = "  First one.  Second one!\n"
    assert split_sentences(text) == [(2, 12), (14, 25)]


_ALPHABET = st.sampled_from(
    [*"ab Ab.!?…؟؛۔،\n\r\t \"')»", "Mr.", "U.S.", "3.5", "https://x.co/a.b ", "\u200f", "ال"]
)
texts = st.lists(_ALPHABET, max_size=40).map("".join) | st.text(max_size=60)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_spans_are_sorted_disjoint_trimmed_and_cover_the_text(text: str) -> None:
    spans = split_sentences(text)
    covered = [False] * len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not is_blank(text[start]) and not is_blank(text[end - 1])
        for i in range(start, end):
            covered[i] = True
        previous_end = end
    assert all(covered[i] or is_blank(char) for i, char in enumerate(text))
