"""IdSet: the post ids a source already holds, kept as 128-bit digests in sorted numpy runs.

Ingest asks, block by block, which posts are new. A Python set of ten million id strings
takes well over a gigabyte; this takes 16 bytes an id. Digests are MD5 of the id's UTF-8
bytes (:func:`undertow.parse.digest`); two ids sharing one would take about 2**64 ids to
expect, far beyond any corpus. The runs are merged like a log-structured tree (each run at
least twice the size of the next), so adding n ids costs O(n log n) in all.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = ["IdSet"]


class IdSet:
    """A growing set of id digests (numpy ``S16``)."""

    def __init__(self, digests: Iterable[np.ndarray] = ()) -> None:
        self._runs: list[np.ndarray] = []
        for chunk in digests:
            self.add(chunk)

    def __len__(self) -> int:
        return sum(len(r) for r in self._runs)

    def add(self, digests: np.ndarray) -> np.ndarray:
        """Add ``digests``; return a bool per digest, True where it is new: not in the set
        before and not an earlier repeat within ``digests`` (the first occurrence wins)."""
        new = np.zeros(len(digests), dtype=bool)
        if len(digests) == 0:
            return new
        uniq, first = np.unique(digests, return_index=True)
        fresh = np.ones(len(uniq), dtype=bool)
        for run in self._runs:
            pos = np.searchsorted(run, uniq)
            pos[pos == len(run)] = len(run) - 1
            fresh &= run[pos] != uniq
        new[first[fresh]] = True
        if fresh.any():
            self._push(uniq[fresh])
        return new

    def _push(self, run: np.ndarray) -> None:
        self._runs.append(run)
        while len(self._runs) > 1 and len(self._runs[-2]) <= 2 * len(self._runs[-1]):
            last = self._runs.pop()
            self._runs[-1] = np.sort(np.concatenate([self._runs[-1], last]))
