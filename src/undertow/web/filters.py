"""The posts filter: parsed from query parameters, turned into SQL over the snapshot.

Query parameters (all optional; repeat ``label``, ``stance``, ``source``, ``lang`` for several
values, which are ORed; different parameters are ANDed):

``label`` (a codebook label, or ``none`` for posts with no label), ``stance``, ``source``,
``lang``, ``author`` (a handle, or its pseudonym), ``thread``, ``from`` and ``to`` (dates,
inclusive, UTC), ``event`` (the number of an event in the events list) with ``window`` (days
before and after it, default 14), ``entity`` (a canonical entity id), ``q`` (full-text search,
English and Arabic, normalised and stemmed), ``page``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from undertow.analyzers.base import LABELS
from undertow.errors import InputError
from undertow.events import Event

PER_PAGE = 50
MAX_QUERY = 300
MAX_WINDOW = 365
MULTI = ("label", "stance", "source", "lang")


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{name}={value[:30]!r} is not a date; write it as YYYY-MM-DD.") from None


def _int(value: str | None, name: str, default: int | None, lo: int, hi: int) -> int | None:
    if value is None or value == "":
        return default
    try:
        n = int(value)
    except ValueError:
        raise InputError(f"{name}={value[:30]!r} is not a whole number.") from None
    if not lo <= n <= hi:
        raise InputError(f"{name} must be between {lo} and {hi}, not {n}.")
    return n


@dataclass(slots=True)
class PostFilter:
    """Which posts to list, count and export."""

    label: list[str] = field(default_factory=list)
    stance: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    lang: list[str] = field(default_factory=list)
    author: str = ""
    thread: str = ""
    date_from: date | None = None
    date_to: date | None = None
    event: int | None = None
    window: int = 14
    entity: str = ""
    q: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, params: QueryParams) -> PostFilter:
        """Parse the query parameters of a request; raise InputError for bad values."""
        f = cls()
        for name in MULTI:
            values = [v.strip() for v in params.getlist(name) if v.strip()]
            setattr(f, name, list(dict.fromkeys(values)))
        bad = [v for v in f.label if v not in LABELS and v != "none"]
        if bad:
            raise InputError(
                f"Unknown label {bad[0][:40]!r}; use one of {', '.join(LABELS)} or none."
            )
        f.author = (params.get("author") or "").strip()
        f.thread = (params.get("thread") or "").strip()
        f.entity = (params.get("entity") or "").strip()
        f.q = (params.get("q") or "").strip()[:MAX_QUERY]
        f.date_from = _date(params.get("from"), "from")
        f.date_to = _date(params.get("to"), "to")
        f.event = _int(params.get("event"), "event", None, 1, 100_000)
        f.window = _int(params.get("window"), "window", 14, 0, MAX_WINDOW) or 0
        f.page = _int(params.get("page"), "page", 1, 1, 1_000_000) or 1
        return f

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        """Return the filter as query parameters (``changes`` replace fields first)."""
        f = replace(self, **changes) if changes else self
        out: list[tuple[str, str]] = []
        for name in MULTI:
            out += [(name, v) for v in getattr(f, name)]
        for name, value in (
            ("author", f.author),
            ("thread", f.thread),
            ("from", f.date_from.isoformat() if f.date_from else ""),
            ("to", f.date_to.isoformat() if f.date_to else ""),
            ("event", str(f.event) if f.event else ""),
            ("window", str(f.window) if f.event and f.window != 14 else ""),
            ("entity", f.entity),
            ("q", f.q),
            ("page", str(f.page) if f.page > 1 else ""),
        ):
            if value:
                out.append((name, value))
        return out

    def query(self, **changes: Any) -> str:
        """Return the filter as a query string without the leading ``?``."""
        return urlencode(self.params(**changes))

    @property
    def active(self) -> bool:
        """True when anything but the page is set."""
        return bool(self.params(page=1))

    def date_range(self, events: list[Event]) -> tuple[date | None, date | None]:
        """Return the inclusive date range of ``from``/``to`` intersected with the event window."""
        lo, hi = self.date_from, self.date_to
        if self.event is not None:
            if self.event > len(events):
                raise InputError(
                    f"There is no event {self.event}: the events list has {len(events)}."
                )
            day = events[self.event - 1].date
            ev_lo, ev_hi = day - timedelta(days=self.window), day + timedelta(days=self.window)
            lo = max(lo, ev_lo) if lo else ev_lo
            hi = min(hi, ev_hi) if hi else ev_hi
        return lo, hi

    def where(
        self, events: list[Event], *, author: str | None = None, entity_ids: list[str] | None = None
    ) -> tuple[str, list[Any]]:
        """Return a SQL condition over ``meta m`` (and ``lab``) with its parameters.

        ``author`` replaces the author handle (a pseudonym resolved by the caller);
        ``entity_ids`` are the posts that mention the entity filtered on: the caller registers
        them as the table ``_entity_posts(id)``.
        """
        parts: list[str] = []
        params: list[Any] = []
        for name in ("stance", "source", "lang"):
            values = getattr(self, name)
            if values:
                parts.append(f"list_contains(?::varchar[], m.{name})")
                params.append(values)
        labels = [v for v in self.label if v != "none"]
        if labels or "none" in self.label:
            alts = []
            if labels:
                alts.append(
                    "m.id in (select post_id from lab where list_contains(?::varchar[], label))"
                )
                params.append(labels)
            if "none" in self.label:
                alts.append("m.id not in (select post_id from lab)")
            parts.append("(" + " or ".join(alts) + ")")
        who = author if author is not None else self.author
        if who:
            parts.append("m.author = ?")
            params.append(who)
        if self.thread:
            parts.append("m.thread = ?")
            params.append(self.thread)
        lo, hi = self.date_range(events)
        if lo:
            parts.append("m.created_at >= ?::timestamptz")
            params.append(f"{lo.isoformat()} 00:00:00+00")
        if hi:
            parts.append("m.created_at < ?::timestamptz")
            params.append(f"{(hi + timedelta(days=1)).isoformat()} 00:00:00+00")
        if entity_ids is not None:
            parts.append("m.id in (select id from _entity_posts)")  # registered by the caller
        return (" and ".join(parts) or "true"), params
