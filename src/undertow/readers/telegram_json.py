"""The ``telegram-json`` reader: the ``result.json`` of a Telegram Desktop export.

Both layouts are read: one chat (``"messages"`` at the top) and a full account export
(``"chats": {"list": [...]}``, plus ``"left_chats"``). Channels, groups and private chats
read alike. The file is one JSON document, so it is loaded whole.

Each message becomes:

* a :class:`RawPost` when it has text. ``text`` may be a string or a list of strings and
  entity objects, joined to plain text. Time from ``date_unixtime`` (else ``date``, which is
  local time without a zone, taken in ``default_tz``), precision second. ``author`` is
  ``from`` (else ``from_id``). ``native_id`` is ``"<chat id>/<message id>"`` and ``reply_to``
  ``"<chat id>/<reply_to_message_id>"``: always qualified, because message ids restart in every
  chat, so two chats ingested into one source would otherwise collide. ``thread`` is the chat
  id. ``extra`` holds the chat's name and type and, when present, ``forwarded_from``,
  ``edited`` (ISO UTC), ``views``, ``media_type``, ``via_bot``, ``signature`` (a channel
  post's author) and ``from_id``;
* ``Skipped("service:<action>")`` for a service message (joins, pins, calls ...);
* ``Skipped("media-only")`` for a message without text but with media or an attachment
  (photo, file, sticker, poll, location, contact ...), ``Skipped("empty")`` when it has
  neither, and ``Skipped("<type>")`` for other types such as ``unsupported``.

Records are ``"message <id>"`` in a one-chat file and ``"message <chat id>/<id>"`` in a full
export. A message that is not an object, has no id, odd text or an unreadable date is a
:class:`BadRecord`. The column map is not used (the layout is fixed).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from undertow.errors import FormatError
from undertow.post import BadRecord, RawPost, Skipped
from undertow.readers.base import (
    Item,
    ReaderOptions,
    clean_id,
    clean_str,
    is_blank,
    join_text,
    read_time,
    validate_options,
)
from undertow.readers.lines import read_head
from undertow.timeparse import parse_time

__all__ = ["media_kind", "read"]

_ATTACHMENTS = (
    "photo",
    "file",
    "poll",
    "location_information",
    "place_name",
    "contact_information",
    "game_title",
    "invoice_information",
    "todo_list",
    "giveaway_information",
    "giveaway_results",
    "paid_stars_amount",
)
_EXTRA_KEYS = ("forwarded_from", "views", "via_bot", "from_id", "saved_from")


def media_kind(message: dict[str, Any]) -> str | None:
    """Return what a message carries besides text ("photo", "sticker", "poll" ...) or None."""
    media = clean_str(message.get("media_type"))
    if media:
        return media
    return next((key for key in _ATTACHMENTS if message.get(key) is not None), None)


def read(path: Path, options: ReaderOptions) -> Iterator[Item]:
    """Read a Telegram Desktop ``result.json``; see the module docstring."""
    validate_options(options)
    doc = _load(path, options.encoding)
    if doc is None:
        return
    chats, full = _chats(path, doc)
    for number, chat in enumerate(chats, start=1):
        if not isinstance(chat, dict) or not isinstance(chat.get("messages"), list):
            yield BadRecord(f"chat #{number}", "not a chat with a list of messages")
            continue
        chat_id = clean_id(chat.get("id")) or clean_str(chat.get("name")) or f"chat{number}"
        context = {"chat_name": clean_str(chat.get("name")), "chat_type": chat.get("type")}
        context = {k: v for k, v in context.items() if v is not None}
        for index, message in enumerate(chat["messages"]):
            yield _message(message, index, chat_id, full, context, options)


def _load(path: Path, encoding: str) -> Any:
    if not read_head(path, 4096).strip():
        return None
    data = path.read_bytes()
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        raise FormatError(
            f"{path} is not {encoding} text (undecodable byte at offset {err.start}); "
            "Telegram Desktop writes UTF-8, so the file may be damaged, or pass --encoding."
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise FormatError(
            f"{path} is not valid JSON ({err.msg} at line {err.lineno}, column {err.colno}). "
            "A Telegram Desktop export is the result.json of 'Export chat history' in JSON "
            "format; for one JSON object per line pass --format jsonl."
        ) from None


def _chats(path: Path, doc: Any) -> tuple[list[Any], bool]:
    if isinstance(doc, dict) and isinstance(doc.get("messages"), list):
        return [doc], False
    if isinstance(doc, dict) and isinstance(doc.get("chats"), dict):
        chats = list(doc["chats"].get("list") or [])
        left = doc.get("left_chats")
        if isinstance(left, dict):
            chats.extend(left.get("list") or [])
        return chats, True
    raise FormatError(
        f'{path} is JSON but not a Telegram Desktop export: it has neither "messages" nor '
        '"chats" at the top. Export with Telegram Desktop in JSON format, or pass '
        "--format jsonl for one object per line."
    )


def _message(
    m: Any, index: int, chat_id: str, full: bool, context: dict[str, Any], options: ReaderOptions
) -> Item:
    msg_id = clean_id(m.get("id")) if isinstance(m, dict) else None
    if msg_id is None:
        where = f"message #{index + 1}" + (f" of chat {chat_id}" if full else "")
        return BadRecord(where, "not a message object with an id")
    native_id = f"{chat_id}/{msg_id}"
    record = f"message {native_id}" if full else f"message {msg_id}"
    kind = m.get("type", "message")
    if kind == "service":
        return Skipped(record, f"service:{clean_str(m.get('action')) or 'unknown'}")
    if kind != "message":
        return Skipped(record, str(kind))
    raw_text = m.get("text")
    text = "" if raw_text is None else join_text(raw_text)
    if text is None:
        return BadRecord(record, "the text is neither a string nor a list of strings and entities")
    media = media_kind(m)
    if is_blank(text):
        return Skipped(record, "media-only" if media else "empty")
    try:
        if not is_blank(m.get("date_unixtime")):
            created_at, _ = read_time(m["date_unixtime"], options)
        else:
            created_at, _ = read_time(m.get("date"), options)
    except ValueError as err:
        return BadRecord(record, f"unreadable date: {err}")
    reply = clean_id(m.get("reply_to_message_id"))
    extra = dict(context)
    for key in _EXTRA_KEYS:
        value = m.get(key)
        if not is_blank(value):
            extra[key] = value
    if media:
        extra["media_type"] = media
    if not is_blank(m.get("author")):
        extra["signature"] = m["author"]
    edited = _edited(m)
    if edited:
        extra["edited"] = edited
    return RawPost(
        text=text,
        record=record,
        native_id=native_id,
        author=clean_str(m.get("from")) or clean_str(m.get("from_id")),
        created_at=created_at,
        time_precision="second" if created_at else "none",
        thread=chat_id,
        reply_to=f"{chat_id}/{reply}" if reply else None,
        extra=extra,
    )


def _edited(m: dict[str, Any]) -> str | None:
    """Return when a message was edited, as ISO UTC when the export gives a unix time."""
    unix = m.get("edited_unixtime")
    if not is_blank(unix) and isinstance(unix, str | int):
        try:
            return parse_time(unix)[0].isoformat()
        except ValueError:
            pass
    return clean_str(m.get("edited"))
