"""Tell a file's format from its content (the first 64 KB), the extension only breaking ties.

Rules, in order:

1. compressed, PDF, database, Parquet and other binary or UTF-16 files are refused with what
   to do instead;
2. JSON: a first non-blank line that is a whole JSON object is ``jsonl``, unless it is the
   whole file and has ``"messages"`` or ``"chats"`` (a minified Telegram export); otherwise
   a document opening with ``{`` whose head has a ``"messages"``/``"chats"`` key is
   ``telegram-json`` (only the head is read, so a 100 MB export is not loaded to sniff it);
   JSON arrays and other JSON documents are refused with how to convert them;
3. a CSV header is ``tweets-csv`` for the tweet layouts, ``telegram-scraper-csv`` for the
   scraper layout, else ``csv`` when the file is ``.csv``/``.tsv`` or looks like a table:
   two or more distinct column names, each short, of at most three words and not ending a
   sentence, and the next row as wide (the next three rows for ``.txt``/``.md``, where
   prose with commas is the likelier reading);
4. any other text is ``text``. An empty file goes by its extension, else is refused.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from undertow.errors import FormatError
from undertow.readers.lines import HEAD_BYTES, read_head
from undertow.readers.table import guess_delimiter
from undertow.readers.telegram_csv import looks_like_telegram_csv
from undertow.readers.tweets import looks_like_tweets

__all__ = ["FORMAT_NAMES", "sniff"]

#: The reader names, for messages (the registry in ``undertow.readers`` is checked against it).
FORMAT_NAMES = ("jsonl", "csv", "tweets-csv", "telegram-json", "telegram-scraper-csv", "text")
_CHOICES = ", ".join(FORMAT_NAMES)

_MAGIC = {
    b"\x1f\x8b": "gzip-compressed; decompress it first (gunzip)",
    b"PK\x03\x04": "a ZIP archive (or an Office file); unpack it or export it as CSV",
    b"%PDF": "a PDF; extract its text first (e.g. pdftotext) and read that with --format text",
    b"BZh": "bzip2-compressed; decompress it first (bunzip2)",
    b"\xfd7zXZ": "xz-compressed; decompress it first (unxz)",
    b"SQLite format 3": "an SQLite database; export the table as CSV first",
    b"PAR1": "a Parquet file; undertow reads JSONL, CSV, Telegram JSON and text",
}
_TELEGRAM_KEY = re.compile(r'^\s{0,8}"(messages|chats)"\s*:\s*[\[{]', re.MULTILINE)
_TELEGRAM_FLAT = re.compile(r'"(messages|chats)"\s*:\s*[\[{]')
_BY_EXTENSION = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
    ".json": "telegram-json",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
}
_LONG_LINE_BYTES = 4 * 1024 * 1024
_TEXT_SUFFIXES = (".txt", ".md", ".markdown")
_MAX_HEADER_NAME = 64
_MAX_HEADER_WORDS = 3


def sniff(path: Path) -> str:
    """Return the name of the reader for ``path``, judged by content.

    Raises FormatError, naming the ``--format`` values, when the content does not tell.
    """
    head = read_head(path)
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise FormatError(f"{path} is {what}.")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        raise FormatError(
            f"{path} is binary or UTF-16/32 text; save it as UTF-8, or pass --encoding "
            f"(e.g. --encoding utf-16) and --format (one of {_CHOICES})."
        )
    text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
    body = text.lstrip()
    if not body:
        by_ext = _BY_EXTENSION.get(path.suffix.lower())
        if by_ext:
            return by_ext
        raise FormatError(
            f"{path} is empty, so its format cannot be told; remove it or pass --format "
            f"(one of {_CHOICES})."
        )
    if body[0] in "{[":
        if len(head) == HEAD_BYTES and "\n" not in body:
            head = read_head(path, _LONG_LINE_BYTES)  # a first JSON line longer than the head
            body = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace").lstrip()
        return _sniff_json(path, body, _truncated(path, head))
    return _sniff_table(path, text, _truncated(path, head)) or "text"


def _truncated(path: Path, head: bytes) -> bool:
    """Whether the file goes on beyond ``head``."""
    return len(head) < path.stat().st_size


def _sniff_json(path: Path, body: str, truncated: bool) -> str:
    first_line = body.split("\n", 1)[0]
    obj = _json_object(first_line)
    if obj is not None:
        rest = body[len(first_line) :].strip()
        if ("messages" in obj or "chats" in obj) and not rest and not truncated:
            return "telegram-json"  # a whole export on one line
        return "jsonl"
    if body[0] == "{" and (_TELEGRAM_KEY.search(body) or _TELEGRAM_FLAT.search(body[:4096])):
        return "telegram-json"
    if body[0] == "[":
        raise FormatError(
            f"{path} is a JSON array; convert it to JSON Lines (one object per line), "
            "e.g. jq -c '.[]' FILE > FILE.jsonl, and read that with --format jsonl."
        )
    raise FormatError(
        f"{path} starts like JSON but is neither JSON Lines (one object per line) nor a "
        f"Telegram Desktop export; convert it to one object per line (jq -c), or pass "
        f"--format (one of {_CHOICES})."
    )


def _json_object(line: str) -> dict[str, object] | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _sniff_table(path: Path, text: str, truncated: bool) -> str | None:
    body = text.lstrip("\r\n")
    if truncated and "\n" in body:
        body = body[: body.rindex("\n") + 1]  # drop the line cut by the sample's end
    delimiter = guess_delimiter(body.split("\n", 1)[0], path)
    try:
        rows = [row for row in csv.reader(io.StringIO(body), delimiter=delimiter) if row]
    except csv.Error:
        return None
    header = [name.strip() for name in rows[0]]
    if looks_like_tweets(header):
        return "tweets-csv"
    if looks_like_telegram_csv(header):
        return "telegram-scraper-csv"
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return "csv"
    # Elsewhere demand a real table: short names, and data rows as wide as the header
    # (three of them for .txt/.md, where prose with a comma in a line is the likelier reading).
    needed = 3 if suffix in _TEXT_SUFFIXES else 1
    data = rows[1 : 1 + needed]
    if len(header) < 2 or len(set(header)) < len(header):
        return None
    if not all(_header_like(name) for name in header):
        return None
    if len(data) < needed or any(len(row) != len(header) for row in data):
        return None
    return "csv"


def _header_like(name: str) -> bool:
    """A column name is short, has at most three words and does not end a sentence."""
    return (
        0 < len(name) <= _MAX_HEADER_NAME
        and len(name.split()) <= _MAX_HEADER_WORDS
        and name[-1] not in ".!?؟…"
    )
