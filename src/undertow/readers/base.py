"""What every reader shares: its options, its signature, and the small value cleaners.

A reader is a function ``read(path, options)`` that yields :class:`~undertow.post.RawPost`,
:class:`~undertow.post.BadRecord` or :class:`~undertow.post.Skipped` one at a time. It never
raises for one bad record; it raises :class:`~undertow.errors.FormatError` only when the whole
file cannot be used, and :class:`~undertow.errors.InputError` when its options cannot be.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeAlias

from undertow.errors import InputError
from undertow.post import BadRecord, RawPost, Skipped
from undertow.timeparse import parse_time, resolve_tz

__all__ = [
    "DEFAULT_CANDIDATES",
    "FIELDS",
    "Item",
    "ReaderFn",
    "ReaderOptions",
    "clean_id",
    "clean_lang",
    "clean_str",
    "is_blank",
    "join_text",
    "read_time",
    "scalar_extra",
    "validate_options",
]

#: The post fields a column map may name.
FIELDS: tuple[str, ...] = ("text", "time", "author", "id", "thread", "reply_to", "lang")

#: Where the generic readers look for each field when no column map names it, first match wins.
DEFAULT_CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("text", "message", "body", "content", "full_text", "tweet"),
    "time": ("created_at", "date", "time", "timestamp"),
    "author": ("author", "user", "username", "from"),
    "id": ("id", "post_id", "message_id", "id_str"),
    "thread": ("thread", "thread_id", "topic"),
    "reply_to": ("reply_to", "in_reply_to", "reply_to_message_id", "parent_id"),
    "lang": ("lang", "language"),
}


@dataclass(slots=True)
class ReaderOptions:
    """How to read one file.

    ``column_map`` maps post fields (keys of :data:`FIELDS`) to the file's column or field
    names; it is used by the ``jsonl``, ``csv`` and ``tweets-csv`` readers and ignored by the
    others, whose layouts are fixed. ``encoding`` is any Python codec name ("utf-8" also
    accepts a byte-order mark). ``default_tz`` is the IANA zone of times that carry none.
    """

    column_map: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    default_tz: str = "UTC"


Item: TypeAlias = RawPost | BadRecord | Skipped
ReaderFn: TypeAlias = Callable[[Path, ReaderOptions], Iterator[Item]]


def validate_options(options: ReaderOptions) -> None:
    """Raise InputError when the options themselves cannot be used (before any file is read)."""
    unknown = sorted(set(options.column_map) - set(FIELDS))
    if unknown:
        raise InputError(
            f"Unknown field(s) in the column map: {', '.join(unknown)}. "
            f"Map only {', '.join(FIELDS)}, e.g. --map text=tweet_text."
        )
    empty = sorted(k for k, v in options.column_map.items() if not str(v).strip())
    if empty:
        raise InputError(
            f"The column map gives no column for {', '.join(empty)}; write --map FIELD=COLUMN."
        )
    try:
        codecs.lookup(options.encoding)
    except LookupError:
        raise InputError(
            f"Unknown encoding {options.encoding!r}; pass a Python codec name such as "
            "utf-8, utf-16, cp1256 or latin-1 with --encoding."
        ) from None
    try:
        resolve_tz(options.default_tz)
    except ValueError as err:
        raise InputError(f"Cannot use the default time zone: {err}.") from None


def is_blank(value: object) -> bool:
    """Return True for None, "" and whitespace-only strings."""
    return value is None or (isinstance(value, str) and not value.strip())


_FLOAT_INT = re.compile(r"-?\d+\.0+")
_COUNT = re.compile(r"0|[1-9]\d{0,14}")  # counts such as followers; not ids with leading zeros


def clean_id(value: object) -> str | None:
    """Turn an id cell into a string; None when empty.

    Whole floats, which spreadsheet and pandas exports make of integer ids ("86191.0"), lose
    their ".0"; other values are kept as written (stripped).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s:
        return None
    if _FLOAT_INT.fullmatch(s):
        return s.split(".", 1)[0]
    return s


def clean_str(value: object) -> str | None:
    """Turn a cell into a stripped string; None when empty or not a scalar."""
    if value is None or isinstance(value, dict | list):
        return None
    s = value.strip() if isinstance(value, str) else str(value)
    return s or None


def clean_lang(value: object) -> str | None:
    """Keep a source's language code, lower-cased; None when empty or "und" (undetermined)."""
    code = clean_str(value)
    if code is None:
        return None
    code = code.lower()
    return None if code in ("und", "unknown", "none", "null") else code


def join_text(value: object) -> str | None:
    """Return a text value as one string: a string as is, or a Telegram-style list of strings
    and entity objects (``{"type": "bold", "text": "..."}``) joined; None for anything else.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts: list[str] = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
            else:
                return None
        return "".join(parts)
    return None


def read_time(value: object, options: ReaderOptions) -> tuple[datetime | None, str]:
    """Parse a time cell; ``(None, "none")`` when it is empty. Raises ValueError when bad."""
    if is_blank(value):
        return None, "none"
    if not isinstance(value, str | int | float):
        raise ValueError(f"the time is a {type(value).__name__}, not a string or number")
    return parse_time(value, default_tz=options.default_tz)


def scalar_extra(record: Mapping[str, Any], used: set[str]) -> dict[str, Any]:
    """Return the non-empty scalar fields of ``record`` not in ``used``, digits as ints."""
    extra: dict[str, Any] = {}
    for key, value in record.items():
        if key in used or key is None or is_blank(value) or isinstance(value, dict | list):
            continue
        if isinstance(value, str) and _COUNT.fullmatch(value):
            extra[key] = int(value)
        else:
            extra[key] = value
    return extra
