"""The post query behind the posts page and the export: filter, search, page, count.

Structured filters run in DuckDB over the snapshot's ``meta`` and ``lab`` tables. A text
query goes to the workspace's full-text index (:class:`undertow.search_index.SearchIndex`),
whose ranked hits (at most :data:`MAX_HITS`) are joined back as a table, so the filters, the
counts and the paging are computed the same way with and without a search.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from undertow.events import Event
from undertow.search_index import MAX_LIMIT, SearchIndex
from undertow.web.filters import PER_PAGE, PostFilter
from undertow.web.state import Snapshot

MAX_HITS = MAX_LIMIT
_POST_COLUMNS = "m.id, m.source, m.stance, m.author, m.created_at, m.time_precision, m.lang"
_hits_lock = threading.Lock()
_hits_cache: OrderedDict[tuple[Any, ...], tuple[list[str], int]] = OrderedDict()


@dataclass(slots=True)
class Listing:
    """One page of posts with the counts of the whole result."""

    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int
    per_page: int
    hits_total: int | None = None  # posts matching the text query (before other filters)
    truncated: bool = False  # the text query matched more posts than are ranked
    by_label: dict[str, int] = field(default_factory=dict)
    by_stance: dict[str, int] = field(default_factory=dict)
    by_lang: dict[str, int] = field(default_factory=dict)


def search_hits(snap: Snapshot, q: str, ids: set[str] | None = None) -> tuple[list[str], int]:
    """Return the ranked post ids matching ``q`` (at most :data:`MAX_HITS`) and their total."""
    key = (
        snap.key,
        q,
        None if ids is None else len(ids),
        None if ids is None else hash(frozenset(ids)),
    )
    with _hits_lock:
        if key in _hits_cache:
            _hits_cache.move_to_end(key)
            return _hits_cache[key]
    found = SearchIndex.open(snap.ws).search(q, limit=MAX_HITS, ids=ids)
    with _hits_lock:
        _hits_cache[key] = found
        while len(_hits_cache) > 32:
            _hits_cache.popitem(last=False)
    return found


class PostQuery:
    """A filter applied to a snapshot: the SQL ``from ... where ...`` and its parameters."""

    def __init__(
        self,
        snap: Snapshot,
        f: PostFilter,
        events: list[Event],
        *,
        author: str | None = None,
        entity_ids: list[str] | None = None,
    ) -> None:
        self.snap = snap
        self.f = f
        self.cur = snap.cursor()
        if entity_ids is not None:
            self.cur.register("_entity_posts", pa.table({"id": pa.array(entity_ids, pa.string())}))
        where, self.params = f.where(events, author=author, entity_ids=entity_ids)
        self.hits_total: int | None = None
        self.truncated = False
        if f.q:
            ranked, total = search_hits(snap, f.q)
            if total > len(ranked) and where != "true":
                ids = {
                    r[0]
                    for r in self.cur.execute(
                        f"select m.id from meta m where {where}", self.params
                    ).fetchall()
                }
                ranked, total = search_hits(snap, f.q, ids)
            self.hits_total = total
            self.truncated = total > len(ranked)
            self.cur.register(
                "hits",
                pa.table(
                    {
                        "id": pa.array(ranked, pa.string()),
                        "rank": pa.array(range(len(ranked)), pa.int64()),
                    }
                ),
            )
            self.source = f"from meta m join hits h on h.id = m.id where {where}"
            self.order = "h.rank"
        else:
            self.source = f"from meta m where {where}"
            self.order = "m.created_at desc nulls last, m.id"

    def count(self) -> int:
        """How many posts the filter keeps."""
        return int(self.cur.execute(f"select count(*) {self.source}", self.params).fetchall()[0][0])

    def ids(self, limit: int | None = None, offset: int = 0) -> list[str]:
        """The ids of the kept posts in list order."""
        tail = " limit ? offset ?" if limit is not None else ""
        extra = [limit, offset] if limit is not None else []
        sql = f"select m.id {self.source} order by {self.order}{tail}"
        return [r[0] for r in self.cur.execute(sql, [*self.params, *extra]).fetchall()]

    def facet(self, column: str) -> dict[str, int]:
        """Posts of the result per value of a ``meta`` column, largest first."""
        rows = self.cur.execute(
            f"select coalesce(m.{column}, '(none)'), count(*) as n {self.source} "
            "group by all order by n desc, 1 limit 50",
            self.params,
        ).fetchall()
        return {str(k): int(n) for k, n in rows}

    def label_counts(self) -> dict[str, int]:
        """Posts of the result per effective label."""
        rows = self.cur.execute(
            f"select label, count(distinct post_id) from lab where post_id in "
            f"(select m.id {self.source}) group by label order by 2 desc, 1",
            self.params,
        ).fetchall()
        return {str(k): int(n) for k, n in rows}

    def page(self, page: int, per_page: int = PER_PAGE) -> Listing:
        """Return one page of the kept posts, with texts and labels, and the counts."""
        total = self.count()
        pages = max(1, -(-total // per_page))
        page = min(page, pages)
        ids = self.ids(per_page, (page - 1) * per_page)
        return Listing(
            rows=fetch_posts(self.cur, ids),
            total=total,
            page=page,
            pages=pages,
            per_page=per_page,
            hits_total=self.hits_total,
            truncated=self.truncated,
            by_label=self.label_counts() if total else {},
            by_stance=self.facet("stance") if total else {},
            by_lang=self.facet("lang") if total else {},
        )


def fetch_posts(cur: duckdb.DuckDBPyConnection, ids: list[str]) -> list[dict[str, Any]]:
    """Return the posts ``ids`` (in that order) with their text and effective labels."""
    if not ids:
        return []
    rows = (
        cur.sql(
            f"select {_POST_COLUMNS}, m.thread, m.reply_to, p.text "
            "from meta m join (select id, text from posts where list_contains(?::varchar[], id)) p "
            "on p.id = m.id",
            params=[ids],
        )
        .to_arrow_table()
        .to_pylist()
    )
    labels: dict[str, list[tuple[str, float]]] = {}
    for pid, label, score in cur.execute(
        "select post_id, label, max(score) from lab where list_contains(?::varchar[], post_id) "
        "group by all order by 1, 2",
        [ids],
    ).fetchall():
        labels.setdefault(pid, []).append((label, float(score or 0.0)))
    by_id = {r["id"]: r for r in rows}
    out = []
    for pid in ids:
        row = by_id.get(pid)
        if row is not None:
            row["labels"] = labels.get(pid, [])
            out.append(row)
    return out
