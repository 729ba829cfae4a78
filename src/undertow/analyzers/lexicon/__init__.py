"""Bilingual cue lexicon of the codebook analyzer: phrase lists compiled into one regex per signal.

The cue data live beside this module in ``en.cues`` and ``ar.cues``: for each *signal*
(``admission``, ``incite.call``, ``cause.air_power``...), weighted phrases. A signal is evidence
for a label, not the label itself: :mod:`undertow.analyzers.cues` combines signals into labels by
the codebook's decision rules. The files are read and compiled once per process, on first use,
into one regex per signal and language, matched against the analysis text of
:mod:`undertow.text.normalize`.

File format (UTF-8, ``#`` starts a comment line)::

    @CITY:                          a list macro: alternatives, " | " between them,
        mosul | raqq?a | al bab     on indented lines
    @AP = [’']                      a one-line macro (a regex fragment)
    [admission]                     a signal, then its phrases, one per line,
    0.8 loss of {CITY}              each with its weight; {NAME} inserts a macro

Phrase notation:

- words are separated by single spaces and match across any run of non-word characters
  (spaces, punctuation, the ``_`` of hashtags: ``#Islamic_State``); spaces inside parentheses
  are part of the word (``(we are|we're) still``), and ``(the )?`` standing alone is an
  optional word;
- each word is a regex fragment (``retreat(ed|s)?``); groups are made non-capturing;
- ``~N`` skips up to N words (between words only, never inside parentheses); ``?word`` is an
  optional word;
- a phrase starting with ``!`` contains its own negation ("no hope", "we will never surrender"),
  so the negation check does not apply to it;
- Arabic words take optional proclitics (و ف then ب ك ل س and the article: وبالفلوجة,
  وسنعود, للدولة) and optional pronoun or inflection suffixes (خسرناها, تراجعت), unless
  the word contains ``=`` (exact: short function words such as ``=ان``, ``(=لا|=ما)``);
- Arabic is written in its ordinary spelling: each run of Arabic letters of a pattern is passed
  through :func:`undertow.text.normalize.normalize`, so ``الدولة`` matches the analysis text
  ``الدوله`` and hamza forms need not be spelled out.

Word boundaries are "no letter or digit on either side", which works for Arabic as well as
Latin (Python's ``\\b`` treats ``_`` as a letter, which breaks hashtags).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType

from undertow.errors import AnalyzerError
from undertow.text.normalize import normalize

__all__ = ["GATES", "Hit", "Lexicon", "Signal", "alt", "compile_phrase", "lexicon", "parse_cues"]

L = r"(?<![^\W_])"
R = r"(?![^\W_])"
SEP = r"[\W_]+"
WORD = r"[^\W_]+"
AR_PRE = r"(?:[وف]?(?:لل|[بكل]?ال|[بكلس])?)"
AR_SUF = r"(?:ها|هم|هما|هن|ه|نا|كم|كن|ك|ني|ي|وا|ون|ين|ان|ات|ت|تم|تنا|تها|ته|تهم|تموه)?"

_ARABIC_RUN = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
_CAPTURING = re.compile(r"(?<!\\)\((?!\?)")
_NESTED_GAP = re.compile(r"\(.*~\d")
_EXACT = re.compile(r"(?<![?<])=")
_OPTIONAL_GROUP = re.compile(r"^\(([^()]*) \)\?$")  # "(the )?" standing alone: an optional word

Tiers = Sequence[tuple[float, Sequence[str]]]


@dataclass(frozen=True, slots=True)
class Hit:
    """One match of a signal in an analysis text: its weight and span in that text."""

    weight: float
    start: int
    end: int
    negatable: bool


@dataclass(frozen=True, slots=True)
class Signal:
    """The compiled regex of one signal in one language, and the meaning of its groups."""

    regex: re.Pattern[str]
    groups: tuple[tuple[float, bool], ...]  # per capturing group: (weight, negatable)

    def hits(self, text: str) -> Iterator[Hit]:
        """Yield every (non-overlapping) hit of this signal in ``text``."""
        groups = self.groups
        for m in self.regex.finditer(text):
            weight, negatable = groups[m.lastindex - 1]  # type: ignore[operator]
            yield Hit(weight, m.start(), m.end(), negatable)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The compiled signals of one language, and the gates of signal groups.

    A gate is one regex that matches wherever any signal of its group matches: a text it does
    not match has no hit of any of them, so they need not be scanned one by one (most posts
    have none of the rarer cues).
    """

    lang: str
    signals: Mapping[str, Signal]
    gates: Mapping[str, re.Pattern[str]]

    def hits(self, name: str, text: str) -> list[Hit]:
        """Every hit of the signal ``name`` in ``text`` (none if the language lacks it)."""
        signal = self.signals.get(name)
        return list(signal.hits(text)) if signal is not None else []

    def opens(self, gate: str, text: str) -> bool:
        """Whether any signal of the group ``gate`` may match ``text``."""
        regex = self.gates.get(gate)
        return regex is not None and regex.search(text) is not None


#: Groups of signals rare in most posts, scanned only when their gate opens.
GATES: dict[str, tuple[str, ...]] = {
    "morale": ("hedge", "despair", "grief", "worry", "consolation", "rebuke", "defiance"),
}


def _gate(signals: Mapping[str, Signal]) -> re.Pattern[str]:
    inner = [s.regex.pattern[len(L) :] for s in signals.values()]
    return re.compile(L + "(?:" + "|".join(inner) + ")")


def alt(*items: str) -> str:
    """One word of the notation matching any of ``items`` (spaces inside an item match SEP)."""
    return "(?:" + "|".join(item.replace(" ", SEP) for item in items) + ")"


def _fold_arabic(pattern: str) -> str:
    """Normalise every run of Arabic letters of a pattern as the analysis text is normalised."""
    return _ARABIC_RUN.sub(lambda m: normalize(m.group()), pattern)


def _tokens(phrase: str) -> list[str]:
    """Split a phrase on the spaces outside parentheses (spaces inside groups match SEP)."""
    tokens: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in phrase:
        if ch == " " and depth == 0:
            if current:
                tokens.append("".join(current))
            current = []
            continue
        depth += (ch == "(") - (ch == ")")
        current.append(ch)
    if current:
        tokens.append("".join(current))
    if depth:
        raise ValueError(f"unbalanced parentheses in cue phrase {phrase!r}")
    return tokens


def _takes_clitics(token: str, lang: str) -> bool:
    return lang == "ar" and _EXACT.sub("", token) == token


def _word(token: str, lang: str, pre: bool = True) -> str:
    token = _CAPTURING.sub("(?:", token).replace(" ", SEP)
    if lang != "ar":
        return f"(?:{token})"
    exact = _EXACT.sub("", token)
    if exact != token:
        return f"(?:{_fold_arabic(exact)})"
    return f"{AR_PRE if pre else ''}(?:{_fold_arabic(token)}){AR_SUF}"


def compile_phrase(phrase: str, lang: str, hoist: bool = False) -> tuple[str, bool, bool]:
    """Return the regex source of one phrase, whether it is negatable, and whether it was hoisted.

    The source has no left word boundary: :func:`compile_signal` puts one before all phrases.
    With ``hoist``, an Arabic phrase whose first word takes proclitics is returned without them
    (hoisted = True), so that the caller can match the proclitics once for many phrases.
    """
    negatable = not phrase.startswith("!")
    body = _tokens(phrase.lstrip("!"))
    if not body:
        raise ValueError(f"empty cue phrase {phrase!r}: write at least one word")
    parts: list[str] = []
    need_sep = False
    first = body[0]
    hoisted = hoist and _takes_clitics(first, lang) and not first.startswith(("~", "?"))
    hoisted = hoisted and not _OPTIONAL_GROUP.match(first)
    for index, token in enumerate(body):
        if _NESTED_GAP.search(token):
            raise ValueError(f"a ~N gap inside parentheses in cue phrase {phrase!r}: split it")
        if token.startswith("~") and token[1:].isdigit():
            lead = SEP if need_sep else ""
            parts.append(f"{lead}(?:{WORD}{SEP}){{0,{int(token[1:])}}}")
            need_sep = False
        elif (token.startswith("?") and len(token) > 1) or _OPTIONAL_GROUP.match(token):
            inner = _OPTIONAL_GROUP.match(token)
            word = _word(f"({inner.group(1)})" if inner else token[1:], lang)
            parts.append(f"(?:{SEP}{word})?" if need_sep else f"(?:{word}{SEP})?")
        else:
            word = _word(token, lang, pre=not (hoisted and index == 0))
            parts.append((SEP if need_sep else "") + word)
            need_sep = True
    return f"{''.join(parts)}{R}", negatable, hoisted


def compile_signal(tiers: Tiers, lang: str) -> Signal:
    """Compile the tiers of one signal into one regex with one group per (weight, negatable).

    The left word boundary, and for Arabic the optional proclitics of the first word, are
    matched once per position before the phrases are tried (several times faster than
    repeating them in every phrase).
    """
    buckets: dict[tuple[bool, float, bool], list[str]] = {}
    for weight, phrases in sorted(tiers, key=lambda t: -t[0]):
        for phrase in phrases:
            source, negatable, hoisted = compile_phrase(phrase, lang, hoist=True)
            buckets.setdefault((not hoisted, weight, negatable), []).append(source)
    keys = sorted(buckets, key=lambda k: (k[0], -k[1]))
    hoisted = "|".join(f"({'|'.join(buckets[k])})" for k in keys if not k[0])
    plain = "|".join(f"({'|'.join(buckets[k])})" for k in keys if k[0])
    branches = [f"{AR_PRE}(?:{hoisted})"] if hoisted else []
    branches += [plain] if plain else []
    source = L + "(?:" + "|".join(branches) + ")"
    return Signal(re.compile(source), tuple((k[1], k[2]) for k in keys))


_MACRO_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
Cues = dict[str, list[tuple[float, list[str]]]]


def parse_cues(source: str, origin: str = "<cues>") -> Cues:
    """Parse a cue file into ``{signal: [(weight, [phrase, ...]), ...]}`` with macros expanded."""
    macros: dict[str, str] = {}
    tiers: dict[str, dict[float, list[str]]] = {}
    pending: tuple[str, list[str]] | None = None  # the list macro being read
    signal: str | None = None

    def fail(lineno: int, why: str) -> AnalyzerError:
        return AnalyzerError(f"{origin}, line {lineno}: {why}; fix the cue file and reload.")

    def expand(text: str, lineno: int) -> str:
        def sub(m: re.Match[str]) -> str:
            if m.group(1) not in macros:
                raise fail(lineno, f"unknown macro {{{m.group(1)}}} (define it above its use)")
            return macros[m.group(1)]

        return _MACRO_REF.sub(sub, text)

    def close() -> None:
        nonlocal pending
        if pending is not None:
            macros[pending[0]] = alt(*pending[1])
            pending = None

    for lineno, raw in enumerate(source.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if raw[0].isspace():
            if pending is None:
                raise fail(lineno, "an indented line outside a list macro")
            pending[1].extend(expand(item.strip(), lineno) for item in line.split(" | "))
            continue
        close()
        if line.startswith("@"):
            if line.endswith(":"):
                pending = (line[1:-1].strip(), [])
            else:
                name, sep, value = line[1:].partition(" = ")
                if not sep:
                    raise fail(lineno, "a macro is '@NAME = regex' or '@NAME:' and a list")
                macros[name.strip()] = expand(value.strip(), lineno)
            signal = None
        elif line.startswith("[") and line.endswith("]"):
            signal = line[1:-1].strip()
            tiers.setdefault(signal, {})
        else:
            weight, _, phrase = line.partition(" ")
            try:
                w = float(weight)
            except ValueError:
                raise fail(
                    lineno, f"a phrase line starts with its weight, not {weight!r}"
                ) from None
            if signal is None or not 0.0 <= w <= 1.0 or not phrase.strip():
                raise fail(lineno, "a phrase needs a [signal] above it and a weight in [0, 1]")
            tiers[signal].setdefault(w, []).append(expand(phrase.strip(), lineno))
    close()
    return {name: list(by_weight.items()) for name, by_weight in tiers.items()}


@cache
def lexicon(lang: str) -> Lexicon:
    """The compiled lexicon of ``lang`` ("en" or "ar"), read and compiled once per process."""
    if lang not in ("en", "ar"):
        raise AnalyzerError(f"No cue lexicon for language {lang!r}; use 'en' or 'ar'.")
    source = files(__name__).joinpath(f"{lang}.cues").read_text(encoding="utf-8")
    cues = parse_cues(source, f"{lang}.cues")
    signals: dict[str, Signal] = {}
    for name, tiers in cues.items():
        try:
            signals[name] = compile_signal(tiers, lang)
        except (ValueError, re.error) as exc:
            raise AnalyzerError(f"{lang}.cues, signal [{name}]: {exc}; fix the cue file.") from exc
    gates = {
        gate: _gate({name: signals[name] for name in members if name in signals})
        for gate, members in GATES.items()
    }
    return Lexicon(lang, MappingProxyType(signals), MappingProxyType(gates))
