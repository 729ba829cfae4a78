"""Entity linking: find gazetteer aliases in a text and return them as :class:`Entity` spans.

The text is normalised once (:func:`undertow.text.normalize.analysis_text`); two compiled trie
regexes, one per script, are run over the analysis text and every match is mapped back to the
original text with :func:`~undertow.text.normalize.orig_span`:

- **Latin**: case-insensitive on the lower-cased analysis text, with "no letter or digit on
  either side" as word boundaries (so ``Mosul's``, ``#Mosul``, ``#Caliphate_News`` match);
- **Arabic**: optional proclitics before the name: و or ف, then the article forms ``ال``,
  ``بال``, ``كال``, ``لل`` for aliases written with the article (وبالفلوجة, للرقة), or ب ك ل for
  aliases without it (بحلب). An alias written with the article matches only with it (الرمادي,
  never رمادي "grey").

Two extra passes read hashtags: a whole hashtag whose letters spell an alias without separators
(``#DeirEzzor``, ``#WilayatNinawa``), and Latin hashtags split at their capitals
(``#PrayForPalmyra``). Matches inside @handles and URLs are dropped. Overlaps are resolved by
position, longest first. Aliases flagged case-sensitive, context-bound or hashtag-only are
then checked (:mod:`undertow.entities.context`); the stop phrases of ``stopphrases.txt``
(common phrases that contain a name-like word, e.g. اللون الرمادي) win the overlap and vanish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import NamedTuple
from weakref import WeakKeyDictionary

from undertow.entities.context import has_context, is_shouting
from undertow.entities.gazetteer import Alias, Gazetteer, Record
from undertow.entities.gazetteer import gazetteer as packaged_gazetteer
from undertow.entities.patterns import (
    APOSTROPHES,
    alias_units,
    arabic_split,
    is_arabic,
    key,
    trie_regex,
)
from undertow.text.normalize import analysis_text, normalize, orig_span

__all__ = ["Entity", "Matcher", "link", "matcher", "stop_phrases", "surface_matches"]

_L = r"(?<![^\W_])"
_R = r"(?![^\W_])"
_AR_CLITIC = "[\u0648\u0641]?"  # و ف
_AR_WITH_ARTICLE = "(?:[\u0628\u0643]?\u0627\u0644|\u0644\u0644)"  # ال بال كال لل
_AR_BARE = "[\u0628\u0643\u0644]?"  # ب ك ل
_LAM = "\u0644"
_MASK = re.compile(r"@\w[\w.]*|https?://\S+|www\.\S+")  # @handles and URLs
_HASHTAG = re.compile(r"#([^\W_]+(?:_[^\W_]+)*)")
_LATIN_HASHTAG = re.compile(r"[A-Za-z0-9\u00c0-\u024f_]+")
_CAMEL = re.compile(  # where a Latin hashtag is split: aB, a1, 1a
    r"(?<=[a-z\u00df-\u00ff])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])"
)
_HAS_LATIN = re.compile("[a-z]")
_HAS_ARABIC = re.compile("[\u0600-\u06ff]")
_NON_KEY = re.compile(f"[\\W_{APOSTROPHES}]+")  # as in patterns.key, on analysis text
_CACHE_LIMIT = 50_000
_UNSEEN = object()
_Rel = tuple[int, int, str, bool]  # a hit inside a hashtag: start, end, alias key, whole


def _maybe_masked(norm: str) -> bool:
    return "@" in norm or "http" in norm or "www." in norm


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention of a gazetteer entity in a text."""

    id: str
    kind: str
    subkind: str
    name: str
    name_ar: str
    span: tuple[int, int]  # [start, end) in the original text
    surface: str  # the original text of the span, proclitics included
    alias: str  # the gazetteer alias it matched
    register: str  # "", "movement" (the movement's own word) or "hostile" (its opponents')


class _Hit(NamedTuple):
    """A candidate match in the analysis text (a tuple: cheap to make by the thousand)."""

    start: int
    end: int
    alias_key: str
    name_start: int  # where the alias begins after Arabic proclitics
    whole_hashtag: bool = False


class Matcher:
    """The compiled regexes of one gazetteer; build once, call :meth:`link` many times."""

    def __init__(self, gaz: Gazetteer, stop_phrases: tuple[str, ...] = ()) -> None:
        self.gazetteer = gaz
        latin: list[list[str]] = []
        with_article: list[list[str]] = []
        lam_stems: list[list[str]] = []
        bare: list[list[str]] = []
        self._stops: set[str] = set()
        entries = [(a.text, False) for r in gaz for a in r.aliases]
        entries += [(phrase, True) for phrase in stop_phrases]
        for text, is_stop in entries:
            units = alias_units(text)
            if is_stop:
                self._stops.add(key(text))
            if not is_arabic(text):
                latin.append(units)
                continue
            has_article, stem = arabic_split(normalize(text))
            if has_article:
                with_article.append(units)
                if stem.startswith(_LAM):
                    lam_stems.append(units)
            else:
                bare.append(units)
        self.latin_re = re.compile(f"{_L}(?:{trie_regex(latin)}){_R}")
        self.arabic_re = re.compile(
            f"{_L}{_AR_CLITIC}(?:{_AR_WITH_ARTICLE}(?P<a>{trie_regex(with_article)})"
            f"|{_LAM}(?P<c>{trie_regex(lam_stems)})|{_AR_BARE}(?P<b>{trie_regex(bare)})){_R}"
        )
        self._resolved: dict[str, str | None] = {}
        self._hashtags: dict[tuple[str, str | None], tuple[_Rel, ...]] = {}
        self._latin_patterns: list[tuple[str, re.Pattern[str]]] | None = None

    # -- candidates ---------------------------------------------------------------------
    def _latin_hits(self, norm: str) -> list[_Hit]:
        hits = []
        resolve = self._latin_key
        for m in self.latin_re.finditer(norm):
            alias_key = resolve(m.group())
            if alias_key is not None:
                hits.append(_Hit(m.start(), m.end(), alias_key, m.start()))
        return hits

    def _latin_key(self, matched: str) -> str | None:
        """The key of the alias a Latin match spells (each distinct spelling resolved once)."""
        found = self._resolved.get(matched, _UNSEEN)
        if found is _UNSEEN:
            if len(self._resolved) > _CACHE_LIMIT:
                self._resolved.clear()
            found = self._resolved[matched] = self._resolve_latin(matched)
        return found  # type: ignore[return-value]

    def _resolve_latin(self, matched: str) -> str | None:
        k = _NON_KEY.sub("", matched)  # the match is analysis text already
        if k in self._stops or self.gazetteer.alias_for_key(k) is not None:
            return k
        if self._latin_patterns is None:  # compiled on the first flexible spelling met
            self._latin_patterns = [
                (a.key, _alias_pattern(a.text))
                for r in self.gazetteer
                for a in r.aliases
                if a.lang == "en"
            ]
        return next((k for k, rx in self._latin_patterns if rx.fullmatch(matched)), None)

    def _arabic_hits(self, norm: str) -> list[_Hit]:
        hits = []
        for m in self.arabic_re.finditer(norm):
            group = "a" if m.group("a") is not None else "c" if m.group("c") is not None else "b"
            stem = m.group(group)
            alias_key = _NON_KEY.sub("", ("\u0627\u0644" + stem) if group in "ac" else stem)
            name_start = m.start(group) - (2 if group == "a" else 1 if group == "c" else 0)
            hits.append(_Hit(m.start(), m.end(), alias_key, max(m.start(), name_start)))
        return hits

    def _hashtag_hits(self, text: str, norm: str, offsets: list[int], latin: bool) -> list[_Hit]:
        hits = []
        for m in _HASHTAG.finditer(norm):
            start, end = m.span(1)
            original = None
            if latin and _LATIN_HASHTAG.fullmatch(m.group(1)):
                first, last = offsets[start], offsets[end - 1]
                if last - first == end - 1 - start:  # one original character per character
                    original = text[first : last + 1]
            cache_key = (m.group(1), original)
            found = self._hashtags.get(cache_key)
            if found is None:
                if len(self._hashtags) > _CACHE_LIMIT:
                    self._hashtags.clear()
                found = self._hashtags[cache_key] = self._hashtag_body(m.group(1), original)
            hits += [_Hit(start + a, start + b, k, start + a, whole) for a, b, k, whole in found]
        return hits

    def _hashtag_body(self, body: str, original: str | None) -> tuple[_Rel, ...]:
        """Hits inside one hashtag body, relative to its start: whole, then split at capitals."""
        out: list[_Rel] = []
        body_key = _NON_KEY.sub("", body)
        if body_key in self._stops or self.gazetteer.alias_for_key(body_key):
            out.append((0, len(body), body_key, True))
        if original is None:
            return tuple(out)
        bounds = [0, *(b.start() for b in _CAMEL.finditer(original)), len(original)]
        if len(bounds) <= 2:
            return tuple(out)
        spaced, index = [], []
        for a, b in pairwise(bounds):
            if spaced:
                spaced.append(" ")
                index.append(-1)
            spaced.append(original[a:b].lower())
            index.extend(range(a, b))
        for hit in self._latin_hits("".join(spaced)):
            out.append((index[hit.start], index[hit.end - 1] + 1, hit.alias_key, False))
        return tuple(out)

    # -- linking ------------------------------------------------------------------------
    def link(self, text: str, lang: str | None = None) -> list[Entity]:
        """Entities mentioned in ``text``, in order of position (see :func:`link`)."""
        norm, offsets = analysis_text(text)
        do_latin = lang != "ar" and _HAS_LATIN.search(norm) is not None
        do_arabic = (lang is None or lang == "ar") and _HAS_ARABIC.search(norm) is not None
        hits: list[_Hit] = []
        if do_latin:
            hits += self._latin_hits(norm)
        if do_arabic:
            hits += self._arabic_hits(norm)
        if "#" in norm:
            for hit in self._hashtag_hits(text, norm, offsets, do_latin):
                if do_arabic if is_arabic(norm[hit.start : hit.end]) else do_latin:
                    hits.append(hit)
        if not hits:
            return []
        masked = [(m.start(), m.end()) for m in _MASK.finditer(norm)] if _maybe_masked(norm) else []
        out: list[Entity] = []
        taken_end = -1
        for hit in sorted(hits, key=lambda h: (h.start, h.start - h.end)):
            if hit.start < taken_end or any(a < hit.end and hit.start < b for a, b in masked):
                continue
            found = self.gazetteer.alias_for_key(hit.alias_key)
            if found is None:  # a stop phrase: it takes its place and yields nothing
                taken_end = hit.end
                continue
            record, alias = found
            if not self._allowed(alias, text, norm, offsets, hit):
                continue
            taken_end = hit.end
            start, end = orig_span(offsets, hit.start, hit.end, len(text))
            out.append(_entity(record, alias, text, start, end))
        return out

    def _allowed(self, alias: Alias, text: str, norm: str, offsets: list[int], hit: _Hit) -> bool:
        whole = hit.whole_hashtag or (
            hit.start > 0
            and norm[hit.start - 1] == "#"
            and (hit.end == len(norm) or not (norm[hit.end].isalnum() or norm[hit.end] == "_"))
        )
        if alias.hashtag_only and not whole:
            return False
        if alias.context and not whole and not has_context(norm, hit.start, hit.end):
            return False
        if alias.case_sensitive:
            start, end = orig_span(offsets, hit.name_start, hit.end, len(text))
            surface = text[start:end]
            if _cased_key(surface) != _cased_key(alias.text):
                return False
            if not whole and alias.text.isupper() and is_shouting(text, start, end):
                return False
        return True


def _cased_key(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _entity(record: Record, alias: Alias, text: str, start: int, end: int) -> Entity:
    return Entity(
        id=record.id,
        kind=record.kind,
        subkind=record.subkind,
        name=record.name,
        name_ar=record.name_ar,
        span=(start, end),
        surface=text[start:end],
        alias=alias.text,
        register=alias.register,
    )


@cache
def stop_phrases() -> tuple[str, ...]:
    """The packaged stop phrases: common phrases that contain a name-like word."""
    raw = files("undertow.entities").joinpath("stopphrases.txt").read_text(encoding="utf-8")
    return tuple(
        line.split("#", 1)[0].strip() for line in raw.splitlines() if line.split("#", 1)[0].strip()
    )


_MATCHERS: WeakKeyDictionary[Gazetteer, Matcher] = WeakKeyDictionary()


def matcher(gaz: Gazetteer) -> Matcher:
    """The compiled matcher of ``gaz``, built on first use and kept while ``gaz`` lives."""
    found = _MATCHERS.get(gaz)
    if found is None:
        found = _MATCHERS[gaz] = Matcher(gaz, stop_phrases())
    return found


def link(text: str, lang: str | None = None, *, gazetteer: Gazetteer | None = None) -> list[Entity]:
    """Return the places and actors mentioned in ``text``, in order of position.

    ``lang`` chooses the aliases tried: ``"ar"`` Arabic-script aliases only, any other code
    Latin-script aliases only, None (the default) both -- posts often mix scripts (Arabic
    tweets with English hashtags), so leave it None unless you want one script. Pass
    ``gazetteer`` to link against another one (see :func:`load_gazetteer`). Spans are
    ``[start, end)`` into ``text``; an Arabic span includes the proclitics of its word.
    """
    return matcher(gazetteer or packaged_gazetteer()).link(text, lang)


def surface_matches(record: Record, surface: str) -> bool:
    """Whether ``surface`` spells one of ``record``'s aliases (a reference check, not fast).

    Latin: the alias pattern matches the whole surface, or the surface has the alias's key
    (a hashtag written without separators). Arabic: the surface is optional و/ف, then the
    article forms (ال بال كال لل) for an alias with the article or ب ك ل for one without, then
    the alias.
    """
    norm = normalize(surface).strip()
    for alias in record.aliases:
        pattern = _alias_pattern(alias.text)
        if alias.lang == "en":
            if pattern.fullmatch(norm) or key(surface) == alias.key:
                return True
        elif _arabic_surface(alias.text, pattern, norm):
            return True
    return False


@cache
def _alias_pattern(alias_text: str) -> re.Pattern[str]:
    return re.compile("".join(alias_units(alias_text)))


def _arabic_surface(alias_text: str, pattern: re.Pattern[str], norm: str) -> bool:
    has_article, stem = arabic_split(normalize(alias_text))
    prefixes = ("\u0627\u0644", "\u0628\u0627\u0644", "\u0643\u0627\u0644", "\u0644\u0644")
    if not has_article:
        prefixes = ("", "\u0628", "\u0643", "\u0644")
    for clitic in ("", "\u0648", "\u0641"):
        if not norm.startswith(clitic):
            continue
        body = norm[len(clitic) :]
        for prefix in prefixes:
            if body.startswith(prefix) and pattern.fullmatch(body[len(prefix) :]):
                return True
        lam_contracted = has_article and stem.startswith(_LAM) and body.startswith(_LAM)
        if lam_contracted and pattern.fullmatch(body[1:]):
            return True
    return False
