"""A tiny grammar for the demo's phrase banks: alternatives, optional parts and named slots.

Syntax of one phrase::

    {a|b|c}   one of the alternatives, each itself a phrase (so they nest)
    [text]    the text or nothing, at even odds
    <slot>    the value of a slot given at render time (a string, or a callable returning one)

A bank is written as a block of lines, one phrase a line. A line may start with tags, upper-case
codes separated by commas and closed by ``| `` (``A,L| we lost <lost>``); :func:`bank` reads
them into :class:`Entry` objects. The tags the generator knows are listed in
``undertow.demo.compose``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

__all__ = ["Entry", "Slots", "bank", "compile_phrase", "render"]

Slots = Mapping[str, "str | Callable[[], str]"]
_Node = "str | tuple"
_SPECIAL = "{}|[]<>"
_TAGS = re.compile(r"([A-Z]{1,3}(?:,[A-Z]{1,3})*)\| ")
_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE = re.compile(r" +([,.;:!?،؛؟])")


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a bank: its phrase and its tags."""

    text: str
    tags: frozenset[str] = frozenset()


def bank(block: str) -> tuple[Entry, ...]:
    """Read a block of phrases, one a line, blank lines skipped; compile each to check it."""
    entries = []
    for raw in block.splitlines():
        line = raw.strip()
        if not line:
            continue
        tags: frozenset[str] = frozenset()
        m = _TAGS.match(line)
        if m:
            tags = frozenset(m.group(1).split(","))
            line = line[m.end() :]
        compile_phrase(line)
        entries.append(Entry(line, tags))
    return tuple(entries)


@cache
def compile_phrase(src: str) -> tuple:
    """Compile a phrase to a tree of nodes; raise ValueError on unbalanced brackets."""
    seq, i = _parse(src, 0, "")
    if i != len(src):
        raise ValueError(f"Unbalanced {src[i]!r} at {i} in phrase {src!r}; fix the phrase bank.")
    return seq


def _parse(src: str, i: int, stops: str) -> tuple[tuple, int]:
    nodes: list = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            nodes.append("".join(buf))
            buf.clear()

    while i < len(src):
        c = src[i]
        if c in stops:
            break
        if c == "{":
            flush()
            alts = []
            i += 1
            while True:
                sub, i = _parse(src, i, "|}")
                alts.append(sub)
                if i >= len(src):
                    raise ValueError(f"Unclosed '{{' in phrase {src!r}; fix the phrase bank.")
                if src[i] == "}":
                    i += 1
                    break
                i += 1
            nodes.append(("alt", tuple(alts)))
        elif c == "[":
            flush()
            sub, i = _parse(src, i + 1, "]")
            if i >= len(src):
                raise ValueError(f"Unclosed '[' in phrase {src!r}; fix the phrase bank.")
            nodes.append(("opt", sub))
            i += 1
        elif c == "<":
            flush()
            end = src.find(">", i)
            if end < 0:
                raise ValueError(f"Unclosed '<' in phrase {src!r}; fix the phrase bank.")
            nodes.append(("slot", src[i + 1 : end]))
            i = end + 1
        elif c in _SPECIAL:
            raise ValueError(f"Stray {c!r} at {i} in phrase {src!r}; fix the phrase bank.")
        else:
            buf.append(c)
            i += 1
    flush()
    return tuple(nodes), i


def render(src: str, rng: random.Random, slots: Slots) -> str:
    """Render a phrase: pick alternatives and optional parts with ``rng``, fill the slots."""
    out: list[str] = []
    _emit(compile_phrase(src), rng, slots, out)
    text = _SPACES.sub(" ", "".join(out)).strip()
    return _SPACE_BEFORE.sub(r"\1", text)


def _emit(seq: tuple, rng: random.Random, slots: Slots, out: list[str]) -> None:
    for node in seq:
        if isinstance(node, str):
            out.append(node)
        elif node[0] == "alt":
            _emit(node[1][rng.randrange(len(node[1]))], rng, slots, out)
        elif node[0] == "opt":
            if rng.random() < 0.5:
                _emit(node[1], rng, slots, out)
        else:
            try:
                value = slots[node[1]]
            except KeyError:
                raise KeyError(f"No value for slot <{node[1]}>; add it to the slots.") from None
            out.append(value() if callable(value) else value)
