"""The workspace stream: the day table of a workspace, read in batches (``undertow measure WS``).

One DuckDB query joins every post (:func:`undertow.store.connect`'s ``posts``) with its
effective labels of the measured analyzers (``effective_labels``: analyst corrections applied),
aggregated per post into a bitmask of the codebook's labels and the distinct details of its
``failure_analysis`` labels, and hands the result over as Arrow record batches. Each batch
becomes the per-post flags of :func:`undertow.measure.daily.flag_counts` (and, when events are
given, one flag per event place: does the post's text mention it, found as
:class:`~undertow.measure.mentions.PlaceMatcher` finds it), which one
:class:`~undertow.measure.counter.DayCounter` sums; then the batch is dropped. Memory therefore
grows with the batch size and the number of days and (stance, source) pairs, not of posts.

DuckDB runs with a memory limit (:data:`MEMORY_LIMIT`) and spills the aggregate and the join to
a temporary folder beyond it. The counts are those of the in-memory path
(:func:`undertow.measure.daily.day_table` over :func:`undertow.store.read_posts` and
:func:`undertow.store.read_labels`), so both give the same JSON (tested).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from undertow.analyzers.base import LABELS
from undertow.errors import InputError
from undertow.measure.causes import detail_flags
from undertow.measure.counter import DayCounter
from undertow.measure.daily import COUNT_KEYS, DayTable, flag_counts
from undertow.measure.mentions import MentionCounts, PlaceMatcher

BATCH_ROWS = 65_536
MEMORY_LIMIT = "1GB"
assert len(LABELS) < 63, "the label bitmask of a post is one 64-bit integer"

_QUERY = """
with lab as (
  select post_id,
         bit_or(1::bigint << (list_position(?::varchar[], label) - 1)) as mask,
         list(distinct detail) filter (where label = 'failure_analysis'
                                       and detail is not null) as details
  from effective_labels(?::varchar[])
  group by post_id
)
select p.stance, p.source, p.created_at, coalesce(l.mask, 0)::bigint as mask,
       l.details{text}
from posts p left join lab l on l.post_id = p.id
"""


@dataclass(slots=True)
class Streamed:
    """What streaming a workspace gives: the day table, the number of posts, the mentions."""

    table: DayTable
    posts: int
    mentions: MentionCounts | None


def batch_flags(batch: pa.RecordBatch) -> dict[str, np.ndarray]:
    """Return the flags of :func:`~undertow.measure.daily.flag_counts` for one batch of the
    query (columns ``mask``: bit i set for ``LABELS[i]``; ``details``: list of strings)."""
    n = batch.num_rows
    mask = pc.fill_null(batch.column("mask"), 0).to_numpy(zero_copy_only=False)
    labels = {name: ((mask >> i) & 1) == 1 for i, name in enumerate(LABELS)}
    details = batch.column("details")
    flat = pc.list_flatten(details)
    rows = pc.list_parent_indices(details).to_numpy(zero_copy_only=False)
    valid = pc.is_valid(flat)
    flat, rows = flat.filter(valid), rows[valid.to_numpy(zero_copy_only=False)]
    causes = detail_flags(flat.cast(pa.string()), rows.astype(np.int64), n)
    return flag_counts(labels, causes)


class _Mentions:
    """Flags per batch of the posts mentioning each place, screened with one regex first."""

    def __init__(self, places: list[str], gazetteer: Any, use_entities: bool) -> None:
        self.places = list(dict.fromkeys(places))
        self.matcher = PlaceMatcher(gazetteer=gazetteer, use_entities=use_entities)
        self.plans = {p: self.matcher.plan(p) for p in self.places}
        self.matched = [p for p in self.places if self.plans[p].pattern is not None]
        self.screen = self.matcher.screen(self.matched)
        self.keys = [f"mention:{i}" for i in range(len(self.matched))]

    def flags(self, texts: pa.Array) -> dict[str, np.ndarray]:
        out = {k: np.zeros(len(texts), dtype=bool) for k in self.keys}
        if self.screen is None or len(texts) == 0:
            return out
        cand = pc.fill_null(pc.match_substring_regex(texts, self.screen), False)
        rows = np.flatnonzero(cand.to_numpy(zero_copy_only=False))
        if rows.size == 0:
            return out
        found = self.matcher.flags_many(texts.take(pa.array(rows)), self.matched)
        for key, place in zip(self.keys, self.matched, strict=True):
            hit = found[place]
            assert hit is not None
            out[key][rows] = hit
        return out

    def counts(self, table: DayTable) -> MentionCounts:
        per_place: dict[str, np.ndarray | None] = dict.fromkeys(self.places)
        for key, place in zip(self.keys, self.matched, strict=True):
            per_place[place] = table.counts.pop(key, None)  # None: no timed post
        info = {p: self.plans[p].info for p in self.places}
        return MentionCounts(table, per_place, info)


def stream_workspace(
    ws: Any,
    keys: list[str],
    *,
    places: list[str] | None = None,
    gazetteer: Any = None,
    use_entities: bool = True,
    batch_rows: int | None = None,
    memory_limit: str = MEMORY_LIMIT,
    spill_dir: str | Path | None = None,
) -> Streamed:
    """Read the posts and effective labels of ``ws`` in batches into a day table.

    ``keys`` are the analyzer keys whose labels count (:func:`undertow.store.label_keys`).
    ``places`` (the events' place strings) adds the place-mention counts, read from the
    posts' text batch by batch, ``batch_rows`` posts at a time (:data:`BATCH_ROWS` when None).
    DuckDB keeps under ``memory_limit`` and spills to a fresh
    temporary folder inside ``spill_dir`` (the system's temporary folder when None), removed
    afterwards.
    """
    from undertow.store import connect, limit_memory

    if spill_dir is not None and not Path(spill_dir).is_dir():
        raise InputError(f"The spill folder {spill_dir} does not exist; create it or give another.")
    mentions = _Mentions(places, gazetteer, use_entities) if places else None
    counter = DayCounter([*COUNT_KEYS[1:], *(mentions.keys if mentions else [])])
    text = ", p.text" if mentions else ""
    with tempfile.TemporaryDirectory(prefix="undertow-measure-", dir=spill_dir) as tmp:
        con = connect(ws)
        try:
            try:
                limit_memory(con, memory_limit, tmp)
            except duckdb.Error as exc:
                raise InputError(
                    f"The memory limit {memory_limit!r} is not a size DuckDB reads; give one "
                    "such as '1GB' or '512MB'."
                ) from exc
            con.execute("set preserve_insertion_order = false")
            con.execute("set enable_progress_bar = false")
            reader = con.sql(_QUERY.format(text=text), params=[list(LABELS), keys])
            for batch in reader.to_arrow_reader(batch_rows or BATCH_ROWS):
                flags = batch_flags(batch)
                if mentions:
                    flags.update(mentions.flags(batch.column("text")))
                counter.add(
                    batch.column("stance"), batch.column("source"),
                    batch.column("created_at"), flags,
                )  # fmt: skip
        finally:
            con.close()
    table = counter.table()
    return Streamed(table, counter.posts, mentions.counts(table) if mentions else None)
