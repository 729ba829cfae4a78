"""The ``tweets-csv`` reader: the common CSV layouts of collected tweets.

Two families are recognised (see :func:`looks_like_tweets`):

* the Fifth Tribe "How ISIS Uses Twitter" layout, columns ``name, username, description,
  location, followers, numberstatuses, time, tweets``, with ``time`` as ``M/D/YYYY H:MM``
  (precision minute). It has no tweet id, so ``native_id`` stays None and ingest hashes the
  content. ``name``, ``description``, ``location``, ``followers`` and ``numberstatuses`` go
  into ``extra``;
* layouts derived from the Twitter API and its scrapers (twint, snscrape, Hydrator): columns
  such as ``id``/``tweet_id``/``id_str``, ``created_at`` (``Wed Oct 10 20:19:24 +0000 2018``
  or ISO), ``text``/``full_text``/``tweet``, ``user_screen_name``/``screen_name``/
  ``username``, ``in_reply_to_status_id``, ``conversation_id`` (the thread) and ``lang``.

The column map overrides any of these choices. Everything else works as in the ``csv`` reader:
rows are ``"row N"``, empty text or an unreadable time is a BadRecord, other non-empty columns
go into ``extra``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from undertow.readers.base import Item, ReaderOptions
from undertow.readers.csvfile import read_rows

__all__ = ["TWEET_CANDIDATES", "looks_like_tweets", "read"]

TWEET_CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": ("tweets", "full_text", "text", "tweet", "tweet_text", "content"),
    "time": ("created_at", "time", "date", "timestamp", "tweet_created_at"),
    "author": (
        "username",
        "user_screen_name",
        "screen_name",
        "user_username",
        "author",
        "from_user",
        "user",
    ),
    "id": ("tweet_id", "id_str", "id", "status_id", "tweetid"),
    "thread": ("conversation_id", "conversation_id_str"),
    "reply_to": (
        "in_reply_to_status_id_str",
        "in_reply_to_status_id",
        "in_reply_to_tweet_id",
        "in_reply_to_tweetid",
        "reply_to",
    ),
    "lang": ("lang", "language", "tweet_language"),
}

_FIFTH_TRIBE = frozenset({"tweets", "username", "time"})
_TEXT_COLUMNS = frozenset({"text", "full_text", "tweet", "tweet_text"})
_MARKERS = frozenset(
    {
        "tweet_id",
        "id_str",
        "tweetid",
        "user_screen_name",
        "screen_name",
        "in_reply_to_status_id",
        "in_reply_to_status_id_str",
        "in_reply_to_screen_name",
        "in_reply_to_user_id",
        "retweet_count",
        "retweets_count",
        "favorite_count",
        "likes_count",
        "is_retweet",
        "retweeted_status_id",
        "quoted_status_id",
        "user_followers_count",
        "conversation_id",
        "tweet_language",
    }
)


def looks_like_tweets(columns: Iterable[str]) -> bool:
    """Return True when a CSV header is one of the tweet layouts this reader knows."""
    names = {c.strip().lower() for c in columns}
    if names >= _FIFTH_TRIBE:
        return True
    return bool(names & _TEXT_COLUMNS) and bool(names & _MARKERS)


def read(path: Path, options: ReaderOptions) -> Iterator[Item]:
    """Read a tweet CSV file; see the module docstring."""
    yield from read_rows(path, options, fmt="tweets-csv", candidates=TWEET_CANDIDATES)
