"""The ``jsonl`` reader: JSON Lines, one JSON object (one post) per line.

Fields are found by the column map, else by the first present of
:data:`~undertow.readers.base.DEFAULT_CANDIDATES`. A mapped name may be a dotted path into
nested objects (``--map author=user.screen_name``); an author that is an object (as in
tweets' ``"user": {...}``) gives its ``screen_name``, ``username``, ``name`` or ``id``. The
text may be a string or a Telegram-style list of strings and entities.

Records are located as ``"line N"``, the 1-based physical line. Blank lines are skipped
silently. Broken JSON, a line that is not an object, a missing or empty text and a non-empty
but unreadable time are each a :class:`BadRecord`. Top-level scalar fields not used for the
post go into ``extra``.

When none of the first :data:`PROBE_LINES` non-blank lines is an object with a text field, the
file as a whole is unusable and a :class:`FormatError` says why (not JSON Lines at all, or
which ``--map text=...`` to pass) before anything is yielded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from undertow.errors import FormatError
from undertow.post import BadRecord, RawPost
from undertow.readers.base import (
    DEFAULT_CANDIDATES,
    Item,
    ReaderOptions,
    clean_id,
    clean_lang,
    clean_str,
    is_blank,
    join_text,
    read_time,
    scalar_extra,
    validate_options,
)
from undertow.readers.lines import Span, iter_lines

__all__ = ["PROBE_LINES", "read", "read_span"]

PROBE_LINES = 20
MAX_SHAPES = 1000  # distinct key sets whose field names are remembered
_MISSING = object()
_AUTHOR_KEYS = ("screen_name", "username", "name", "id_str", "id")


def read(path: Path, options: ReaderOptions) -> Iterator[Item]:
    """Read a JSON Lines file; see the module docstring."""
    return read_span(path, options, None)


def read_span(path: Path, options: ReaderOptions, span: Span | None) -> Iterator[Item]:
    """Read one run of lines of a JSON Lines file (all of it when ``span`` is None).

    Runs come from :func:`~undertow.readers.lines.split_lines`; only the run at the start of
    the file checks that the file is JSON Lines at all (the others are read as records).
    """
    validate_options(options)
    names = {
        f: (options.column_map[f],) if f in options.column_map else cands
        for f, cands in DEFAULT_CANDIDATES.items()
    }
    probe: list[Item] = []
    first_problem = ""
    objects = 0
    fields_seen: dict[str, None] = {}
    decided = span is not None and span[0] > 0
    plans: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {}
    for number, line, ok in iter_lines(path, options.encoding, span):
        if not line.strip():
            continue
        record = f"line {number}"
        has_text = False
        if not ok:
            item: Item = BadRecord(record, f"not valid {options.encoding} text; pass --encoding")
        else:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                item = BadRecord(record, f"broken JSON: {err.msg} at column {err.colno}")
            else:
                if isinstance(obj, dict):
                    objects += 1
                    shape = tuple(obj)
                    present = plans.get(shape)
                    if present is None:
                        present = _present(names, shape)
                        if len(plans) < MAX_SHAPES:
                            plans[shape] = present
                    has_text, item = _post(obj, record, names, present, options)
                    if not decided:
                        fields_seen.update(dict.fromkeys(obj))
                else:
                    item = BadRecord(record, f"a JSON {_kind(obj)}, not an object")
        if decided:
            yield item
            continue
        probe.append(item)
        if isinstance(item, BadRecord) and not first_problem:
            first_problem = f"{item.record}: {item.reason}"
        if has_text:
            decided = True
            yield from probe
            probe.clear()
        elif len(probe) >= PROBE_LINES:
            break
    if not decided and probe:
        raise FormatError(_explain(path, len(probe), objects, first_problem, names, fields_seen))


def _present(
    names: Mapping[str, tuple[str, ...]], shape: tuple[str, ...]
) -> dict[str, tuple[str, ...]]:
    """The candidate names of each field that objects with these keys can have (dotted paths
    always: they depend on the nested objects). Most files have one or a few shapes."""
    keys = set(shape)
    return {f: tuple(n for n in ns if n in keys or "." in n) for f, ns in names.items()}


def _post(
    obj: dict[str, Any],
    record: str,
    names: Mapping[str, tuple[str, ...]],
    present: Mapping[str, tuple[str, ...]],
    options: ReaderOptions,
) -> tuple[bool, Item]:
    """Return (the object has a text field, the post or why it is bad)."""
    text_key, raw_text = _first(obj, present["text"])
    if text_key is None:
        return False, BadRecord(record, f"no text field (looked for {', '.join(names['text'])})")
    if is_blank(raw_text):
        return True, BadRecord(record, f"the text ({text_key!r}) is empty")
    text = join_text(raw_text)
    if text is None:
        return True, BadRecord(
            record, f"the text ({text_key!r}) is a {_kind(raw_text)}, not a string"
        )
    if is_blank(text):
        return True, BadRecord(record, f"the text ({text_key!r}) is empty")
    time_key, raw_time = _first(obj, present["time"])
    try:
        created_at, precision = read_time(raw_time, options)
    except ValueError as err:
        return True, BadRecord(record, f"unreadable time in field {time_key!r}: {err}")
    author_key, raw_author = _first(obj, present["author"])
    id_key, raw_id = _first(obj, present["id"])
    thread_key, raw_thread = _first(obj, present["thread"])
    reply_key, raw_reply = _first(obj, present["reply_to"])
    lang_key, raw_lang = _first(obj, present["lang"])
    used = {text_key, time_key, author_key, id_key, thread_key, reply_key, lang_key}
    post = RawPost(
        text=text,
        record=record,
        native_id=clean_id(raw_id),
        author=_author(raw_author),
        created_at=created_at,
        time_precision=precision,
        thread=clean_id(raw_thread),
        reply_to=clean_id(raw_reply),
        lang=clean_lang(raw_lang),
        extra=scalar_extra(obj, {k.split(".", 1)[0] for k in used if k}),
    )
    return True, post


def _first(obj: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    """Return the first name present with a value that is not null (else the first present)."""
    found: tuple[str | None, Any] = (None, None)
    for name in names:
        value = _lookup(obj, name)
        if value is _MISSING:
            continue
        if value is not None:
            return name, value
        if found[0] is None:
            found = (name, None)
    return found


def _lookup(obj: Mapping[str, Any], name: str) -> Any:
    if name in obj:
        return obj[name]
    if "." not in name:
        return _MISSING
    value: Any = obj
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _author(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in _AUTHOR_KEYS:
            found = clean_str(value.get(key))
            if found:
                return found
        return None
    return clean_str(value)


def _kind(value: Any) -> str:
    return {
        list: "array",
        dict: "object",
        str: "string",
        bool: "boolean",
        int: "number",
        float: "number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _explain(
    path: Path,
    lines: int,
    objects: int,
    first_problem: str,
    names: Mapping[str, tuple[str, ...]],
    fields_seen: Mapping[str, None],
) -> str:
    if objects == 0:
        return (
            f"{path} does not look like JSON Lines: none of its first {lines} non-blank lines "
            f"is a JSON object ({first_problem}). Pass the right --format (telegram-json, "
            "csv, text ...) or convert it to one JSON object per line."
        )
    seen = ", ".join(list(fields_seen)[:30])
    return (
        f"{path}: none of the first {objects} JSON objects has a text field (looked for "
        f"{', '.join(names['text'])}); fields seen: {seen}. Pass --map text=FIELD."
    )
