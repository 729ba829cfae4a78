"""The ``telegram-scraper-csv`` reader: the CSV written by common Telegram channel scrapers.

Expected columns (others are ignored): ``channel_id``, ``channel_name``, ``msg_id``,
``message`` and/or ``cleaned_message``, ``date`` (``2021-05-28 02:53:44+00:00``), and when
present ``is_reply``, ``reply_to_msg_id``, ``is_forward``, ``forward_msg_from_peer_name``,
``views``, ``number_replies``, ``number_forwards``, ``media_type``, ``msg_link``, ``url``,
``msg_from_peer``, ``msg_from_id``.

Each row becomes a :class:`RawPost` whose text is ``message`` when it is non-empty, else
``cleaned_message``; ``native_id`` is ``"<channel_id>/<msg_id>"``; ``thread`` the channel name
(else its id); ``reply_to`` ``"<channel_id>/<reply_to_msg_id>"`` when ``is_reply``; ``author``
the sending peer when the scraper recorded one, else the channel name (a channel post's author
is the channel); time precision second. Ids written as floats ("86191.0") lose the ".0".
``extra`` keeps, when non-empty, ``channel_name``, ``is_forward``, ``forwarded_from`` (the
forward's source name), ``forwarded_from_id``, ``forward_date``, ``views``, ``number_replies``,
``number_forwards``, ``media_type``, ``msg_link`` and ``url``.

A row with no text at all is ``Skipped("media-only")`` (these are photos, documents and polls),
not a bad record. Rows are ``"row N"`` as in :mod:`undertow.readers.table`. The column map is
not used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from undertow.errors import FormatError
from undertow.post import BadRecord, RawPost, Skipped
from undertow.readers.base import (
    Item,
    ReaderOptions,
    clean_id,
    clean_str,
    is_blank,
    read_time,
    scalar_extra,
    validate_options,
)
from undertow.readers.table import open_table

__all__ = ["looks_like_telegram_csv", "read"]

#: extra key -> scraper column; names shared with the telegram-json reader where they exist
_EXTRA = {
    "channel_name": "channel_name",
    "is_forward": "is_forward",
    "forwarded_from": "forward_msg_from_peer_name",
    "forwarded_from_id": "forward_msg_from_peer_id",
    "forward_date": "forward_msg_date",
    "views": "views",
    "number_replies": "number_replies",
    "number_forwards": "number_forwards",
    "media_type": "media_type",
    "msg_link": "msg_link",
    "url": "url",
}
_TRUE = frozenset({"1", "1.0", "true", "True", "TRUE", "yes"})


def looks_like_telegram_csv(columns: Iterable[str]) -> bool:
    """Return True when a CSV header is the scraper layout this reader knows."""
    names = {c.strip().lower() for c in columns}
    return {"channel_id", "msg_id"} <= names and bool(names & {"message", "cleaned_message"})


def read(path: Path, options: ReaderOptions) -> Iterator[Item]:
    """Read a Telegram scraper CSV; see the module docstring."""
    validate_options(options)
    table = open_table(path, options.encoding)
    if table is None:
        return
    if not looks_like_telegram_csv(table.columns):
        raise FormatError(
            f"{path} is not a Telegram scraper CSV: it needs the columns channel_id, msg_id "
            f"and message or cleaned_message, and has {', '.join(table.columns[:20])}. "
            "Pass --format csv with --map for other layouts."
        )
    lower = {c.lower(): c for c in reversed(table.columns)}
    col = lower.get
    text_cols = [c for c in (col("message"), col("cleaned_message")) if c]
    extra_cols = [(key, col(name)) for key, name in _EXTRA.items() if col(name)]
    for row in table.rows:
        if row.cells is None:
            yield BadRecord(row.record, row.problem or "unreadable row")
            continue
        cells = row.cells

        def get(name: str, cells: dict[str, str] = cells) -> str:
            column = col(name)
            return cells[column] if column else ""

        text = next((cells[c] for c in text_cols if not is_blank(cells[c])), None)
        if text is None:
            yield Skipped(row.record, "media-only")
            continue
        channel = clean_id(get("channel_id"))
        msg_id = clean_id(get("msg_id"))
        if channel is None or msg_id is None:
            yield BadRecord(row.record, "the channel_id or msg_id is empty")
            continue
        try:
            created_at, precision = read_time(get("date"), options)
        except ValueError as err:
            yield BadRecord(row.record, f"unreadable date: {err}")
            continue
        reply = clean_id(get("reply_to_msg_id"))
        is_reply = get("is_reply").strip() in _TRUE or (not col("is_reply") and bool(reply))
        name = clean_str(get("channel_name"))
        yield RawPost(
            text=text,
            record=row.record,
            native_id=f"{channel}/{msg_id}",
            author=clean_str(get("msg_from_peer")) or clean_id(get("msg_from_id")) or name,
            created_at=created_at,
            time_precision=precision,
            thread=name or channel,
            reply_to=f"{channel}/{reply}" if is_reply and reply else None,
            extra=scalar_extra(
                {k: clean_id(cells[c]) if k.endswith("_id") else cells[c] for k, c in extra_cols},
                set(),
            ),
        )
