"""Input readers: turn export files into :class:`~undertow.post.RawPost` records.

Each reader is a function ``read(path, options) -> Iterator[RawPost | BadRecord | Skipped]``
registered under its format name (the names are part of the CLI's ``--format``):

=========================  ==========================================  ===============
format                     what                                        record locator
=========================  ==========================================  ===============
``jsonl``                  JSON Lines with a column map                ``line N``
``csv``                    any CSV/TSV with a column map               ``row N``
``tweets-csv``             Fifth Tribe and Twitter-API tweet CSVs      ``row N``
``telegram-json``          Telegram Desktop ``result.json``            ``message ID``
``telegram-scraper-csv``   Telegram channel scraper CSV                ``row N``
``text``                   plain text / Markdown, one post a paragraph ``paragraph N``
=========================  ==========================================  ===============

Readers stream, keep every good record, report each bad one as a
:class:`~undertow.post.BadRecord` and raise :class:`~undertow.errors.FormatError` only when a
file as a whole cannot be read. :func:`sniff` picks the format from a file's content.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from undertow.errors import FormatError
from undertow.readers import csvfile, jsonl, telegram_csv, telegram_json, text, tweets
from undertow.readers.base import FIELDS, Item, ReaderFn, ReaderOptions
from undertow.readers.sniff import sniff

__all__ = [
    "FIELDS",
    "READERS",
    "Item",
    "ReaderFn",
    "ReaderOptions",
    "get_reader",
    "read_path",
    "sniff",
]

READERS: dict[str, ReaderFn] = {
    "jsonl": jsonl.read,
    "csv": csvfile.read,
    "tweets-csv": tweets.read,
    "telegram-json": telegram_json.read,
    "telegram-scraper-csv": telegram_csv.read,
    "text": text.read,
}


def get_reader(name: str) -> ReaderFn:
    """Return the reader registered as ``name``; FormatError listing the known names if none."""
    try:
        return READERS[name]
    except KeyError:
        raise FormatError(
            f"Unknown format {name!r}; pass --format with one of: {', '.join(READERS)}."
        ) from None


def read_path(
    path: Path, options: ReaderOptions | None = None, fmt: str | None = None
) -> Iterator[Item]:
    """Read ``path`` with the reader ``fmt``, sniffed from the content when None."""
    reader = get_reader(fmt or sniff(path))
    return reader(path, options or ReaderOptions())
