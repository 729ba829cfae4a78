"""The day counter: sums per-post flags into daily counts per (stance, source), batch by batch.

Both ways of measuring count through it: :func:`undertow.measure.daily.day_table` adds a
whole Arrow table of posts as one batch, and :mod:`undertow.measure.stream` adds the record
batches of a workspace one after the other, keeping nothing of a batch but its counts. The
counts are held as one dense ``(key, pair, day)`` array that grows as new pairs and days
appear, so memory grows with the number of (stance, source) pairs and days, not of posts.

The finished :class:`~undertow.measure.daily.DayTable` lists its pairs sorted by (stance,
source), so the table (and every figure summed from it) does not depend on the order in which
posts or batches came.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from undertow.measure.table import column

if TYPE_CHECKING:
    from undertow.measure.daily import DayTable

US_PER_DAY = 86_400_000_000
_SEP = "\x1f"


@dataclass(slots=True, frozen=True)
class Batch:
    """Where the posts of one added batch fell: ``timed`` per post, pair and day per timed post."""

    timed: np.ndarray  # bool per post of the batch
    pair: np.ndarray  # counter's pair number per timed post
    day: np.ndarray  # day number (days since 1970-01-01, UTC) per timed post


def day_numbers(times: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(timed, day)``: a bool per post (has a time) and the UTC day number of each timed
    post (days since 1970-01-01)."""
    arr = times.combine_chunks() if isinstance(times, pa.ChunkedArray) else times
    if pa.types.is_timestamp(arr.type) and arr.type.unit != "us":
        arr = arr.cast(pa.timestamp("us", tz=arr.type.tz))
    timed = pc.is_valid(arr).to_numpy(zero_copy_only=False)
    micros = pc.cast(arr.filter(pa.array(timed)), pa.int64()).to_numpy(zero_copy_only=False)
    return timed, np.floor_divide(micros, US_PER_DAY)


class DayCounter:
    """Accumulates the posts (``n``) and the flagged posts of each key per pair and UTC day."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys: tuple[str, ...] = ("n", *keys)
        self.posts = 0
        self.untimed = 0
        self._pairs: dict[str, int] = {}
        self._day0 = 0
        self._counts = np.zeros((len(self.keys), 0, 0), dtype=np.int64)

    def add(
        self,
        stance: pa.Array | pa.ChunkedArray,
        source: pa.Array | pa.ChunkedArray | None,
        times: pa.Array | pa.ChunkedArray,
        flags: Mapping[str, np.ndarray],
    ) -> Batch:
        """Count one batch of posts: ``flags`` holds a bool per post for every key but ``n``.

        A null stance or source counts as ``unknown``; without a source column the stance
        stands for the source. Posts without a time are counted in :attr:`untimed` only.
        """
        timed, day = day_numbers(times)
        self.posts += int(timed.size)
        self.untimed += int(timed.size - np.count_nonzero(timed))
        pair = self._pair_numbers(stance, source, timed)
        if day.size:
            self._count(pair, day, {k: flags[k][timed] for k in self.keys[1:]})
        return Batch(timed, pair, day)

    def _pair_numbers(
        self,
        stance: pa.Array | pa.ChunkedArray,
        source: pa.Array | pa.ChunkedArray | None,
        timed: np.ndarray,
    ) -> np.ndarray:
        st = pc.fill_null(_plain(stance), "unknown")
        src = pc.fill_null(_plain(source), "unknown") if source is not None else st
        joined = pc.binary_join_element_wise(st, src, _SEP).filter(pa.array(timed))
        enc = pc.dictionary_encode(joined)
        lut = np.array(
            [self._pairs.setdefault(str(p), len(self._pairs)) for p in enc.dictionary.to_pylist()],
            dtype=np.int64,
        )
        return lut[enc.indices.to_numpy(zero_copy_only=False)] if lut.size else lut

    def _count(self, pair: np.ndarray, day: np.ndarray, sel: dict[str, np.ndarray]) -> None:
        lo, hi = int(day.min()), int(day.max())
        self._grow(lo, hi)
        span = hi - lo + 1
        size = len(self._pairs) * span
        code = pair * span + (day - lo)
        cols = slice(lo - self._day0, hi - self._day0 + 1)
        for k, key in enumerate(self.keys):
            hit = code if key == "n" else code[sel[key]]
            if hit.size:
                counts = np.bincount(hit, minlength=size).reshape(len(self._pairs), span)
                self._counts[k, :, cols] += counts

    def _grow(self, lo: int, hi: int) -> None:
        keys, pairs, days = self._counts.shape
        first = min(self._day0, lo) if days else lo
        last = max(self._day0 + days - 1, hi) if days else hi
        if pairs == len(self._pairs) and first == self._day0 and last - first + 1 == days:
            return
        grown = np.zeros((keys, len(self._pairs), last - first + 1), dtype=np.int64)
        at = self._day0 - first
        grown[:, :pairs, at : at + days] = self._counts
        self._counts, self._day0 = grown, first

    def _order(self) -> tuple[list[tuple[str, str]], np.ndarray]:
        names = [tuple(p.split(_SEP, 1)) for p in self._pairs]
        order = sorted(range(len(names)), key=lambda i: names[i])
        return [names[i] for i in order], np.asarray(order, dtype=np.int64)  # type: ignore[misc]

    def table(self, batch: Batch | None = None) -> DayTable:
        """Return the :class:`~undertow.measure.daily.DayTable` of everything added.

        Its counts hold every key of the counter. With ``batch`` (the only batch added, as
        :func:`~undertow.measure.daily.day_table` does) the table also keeps that batch's
        per-post ``code`` and ``timed``, for counting flags of single posts later
        (:meth:`DayTable.count_flags`); otherwise both are empty.
        """
        from undertow.measure.daily import DayTable

        names, order = self._order()
        days = self._counts.shape[2]
        code = np.zeros(0, np.int64)
        timed = np.zeros(0, bool)
        if batch is not None:
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            code = rank[batch.pair] * days + (batch.day - self._day0) if days else code
            timed = batch.timed
        if not days:
            return DayTable(0, 0, [], [], {}, code, timed, self.untimed)
        counts = {key: self._counts[k][order] for k, key in enumerate(self.keys)}
        return DayTable(
            day0=self._day0,
            days=days,
            pair_stance=[n[0] for n in names],
            pair_source=[n[1] for n in names],
            counts=counts,
            code=code,
            timed=timed,
            untimed=self.untimed,
        )


def _plain(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One contiguous plain-string array (dictionary, large or view strings decoded)."""
    arr = column(pa.table({"v": values}), "v")
    return arr.cast(pa.string()) if pa.types.is_null(arr.type) else arr
