"""The Post record: what every reader produces and every stage consumes.

A reader yields :class:`RawPost` (what the file says) or :class:`BadRecord` / :class:`Skipped`
(what it could not or would not use). Ingest turns raw posts into rows of :data:`POST_SCHEMA`,
adding the source, the stance, stable ids, the language and the batch.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pyarrow as pa

STANCES: tuple[str, ...] = ("official", "internal", "supporter", "opponent", "observer")
TIME_PRECISIONS: tuple[str, ...] = ("second", "minute", "hour", "day", "month", "year", "none")


@dataclass(slots=True)
class RawPost:
    """One post as a reader found it.

    ``created_at`` is timezone-aware (UTC) or None; ``time_precision`` says how much of it the
    source gave. ``thread`` and ``reply_to`` are native ids within the same source.
    ``record`` locates the post in its file for error messages and provenance ("line 3",
    "row 17", "message 4521", "paragraph 2").
    """

    text: str
    record: str
    native_id: str | None = None
    author: str | None = None
    created_at: datetime | None = None
    time_precision: str = "none"
    thread: str | None = None
    reply_to: str | None = None
    lang: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, frozen=True)
class BadRecord:
    """A record the reader could not use: reported to the user with file and locator."""

    record: str
    reason: str


@dataclass(slots=True, frozen=True)
class Skipped:
    """A record deliberately not turned into a post (a Telegram service message, say)."""

    record: str
    kind: str


POST_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("stance", pa.string(), nullable=False),
        pa.field("native_id", pa.string()),
        pa.field("author", pa.string()),
        pa.field("created_at", pa.timestamp("us", tz="UTC")),
        pa.field("time_precision", pa.string(), nullable=False),
        pa.field("thread", pa.string()),
        pa.field("reply_to", pa.string()),
        pa.field("lang", pa.string(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("text_hash", pa.string(), nullable=False),
        pa.field("batch", pa.string(), nullable=False),
        pa.field("file", pa.string(), nullable=False),
        pa.field("record", pa.string(), nullable=False),
        pa.field("format", pa.string(), nullable=False),
        pa.field("extra", pa.string()),
    ]
)


def text_hash(text: str) -> str:
    """Return the SHA-256 hex digest of a post's original text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def post_id(source: str, native_id: str | None, raw: RawPost) -> str:
    """Return the stable id of a post: source + native id, or source + a content hash."""
    if native_id:
        return f"{source}:{native_id}"
    key = "\x1f".join(
        [
            raw.text,
            raw.author or "",
            raw.created_at.isoformat() if raw.created_at else "",
            raw.thread or "",
        ]
    )
    return f"{source}:h:{hashlib.sha256(key.encode('utf-8')).hexdigest()[:20]}"


def qualify(source: str, native: str | None) -> str | None:
    """Turn a native thread or reply id into a workspace-wide one."""
    return f"{source}:{native}" if native else None
