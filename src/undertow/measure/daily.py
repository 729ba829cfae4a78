"""The day table: every count the measures need, per (stance, source) and UTC day.

All measures (series per day, week or month; event studies; change points; the propaganda gap)
are sums of these daily counts, so the posts are read once and grouped once (one ``bincount``
per count over the timed posts); nothing after this step looks at single posts.

Counts (keys of :attr:`DayTable.counts`): ``n`` (posts), ``pos`` (posts coded defiance or
triumphalism), ``neg`` (despair or worry), ``both`` (pos and neg), the numerator of every share
measure (``distress_share``, ``admission_rate``, ``incitement_rate``, ``label:<name>``) and, for
the blamed causes, ``cause:<name>`` (failure-analysis posts naming that cause).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pyarrow as pa

from undertow.analyzers.base import CAUSES
from undertow.errors import InputError
from undertow.measure.causes import cause_flags
from undertow.measure.counter import DayCounter
from undertow.measure.series import NEGATIVE, POSITIVE, SHARE_MEASURES, label_flags
from undertow.measure.table import column, require_columns, with_post_rows
from undertow.post import STANCES

EPOCH = date(1970, 1, 1)


def day_number(d: date) -> int:
    """Return the number of days from 1970-01-01 to ``d``."""
    return (d - EPOCH).days


def day_date(number: int) -> date:
    """Return the date of a day number."""
    return EPOCH + timedelta(days=int(number))


@dataclass(slots=True)
class Group:
    """The daily counts of one stance or one source over the table's days."""

    kind: str  # "stance" or "source"
    name: str
    stance: str
    counts: dict[str, np.ndarray]
    first: int  # first and last day index (into the table) with posts; -1 when none
    last: int

    @property
    def n(self) -> np.ndarray:
        """Posts per day."""
        return self.counts["n"]

    def active(self) -> np.ndarray:
        """Boolean per day: inside the group's active range (its first to its last post)."""
        out = np.zeros(self.n.size, dtype=bool)
        if self.first >= 0:
            out[self.first : self.last + 1] = True
        return out


@dataclass(slots=True)
class DayTable:
    """Counts per (stance, source) pair and day, for days ``day0 .. day0 + days - 1``."""

    day0: int
    days: int
    pair_stance: list[str]
    pair_source: list[str]
    counts: dict[str, np.ndarray]  # key -> (pairs, days) int64
    code: np.ndarray  # per timed post: pair * days + day index (empty when streamed)
    timed: np.ndarray  # bool per post row: has a time (empty when streamed)
    untimed: int

    def stances(self) -> list[str]:
        """Stances present, in the codebook's order (others after, alphabetically)."""
        present = set(self.pair_stance)
        return [s for s in STANCES if s in present] + sorted(present - set(STANCES))

    def sources(self, stance: str) -> list[str]:
        """Sources of one stance, alphabetically."""
        return sorted(
            s for s, st in zip(self.pair_source, self.pair_stance, strict=True) if st == stance
        )

    def date_of(self, index: int) -> date:
        """The date of a day index of the table."""
        return day_date(self.day0 + index)

    def index_of(self, d: date) -> int:
        """The day index of a date (may fall outside ``0 .. days - 1``)."""
        return day_number(d) - self.day0

    def group(self, kind: str, name: str) -> Group:
        """Return the summed counts of a stance (``kind="stance"``) or a source."""
        names = self.pair_stance if kind == "stance" else self.pair_source
        rows = [i for i, v in enumerate(names) if v == name]
        counts = {k: a[rows].sum(axis=0) for k, a in self.counts.items()}
        nz = np.flatnonzero(counts["n"])
        first, last = (int(nz[0]), int(nz[-1])) if nz.size else (-1, -1)
        stance = self.pair_stance[rows[0]] if rows else ""
        return Group(kind, name, stance, counts, first, last)

    def stance_counts(self, counts: np.ndarray, stance: str) -> np.ndarray:
        """Return the daily counts of one stance from counts per (pair, day)."""
        rows = [i for i, v in enumerate(self.pair_stance) if v == stance]
        return counts[rows].sum(axis=0)

    def count_flags(self, flags: np.ndarray, stance: str) -> np.ndarray:
        """Return per-day counts of the posts of ``stance`` flagged in ``flags`` (per post row).

        Needs the per-post ``code`` and ``timed`` of a table built by :func:`day_table`; a
        table streamed from a workspace has none.
        """
        if flags.size != self.timed.size:
            raise InputError(
                "count_flags needs the per-post codes of a table built by day_table(); "
                "count the flags while streaming instead."
            )
        sel = flags[self.timed]
        hits = np.bincount(self.code[sel], minlength=len(self.pair_stance) * self.days)
        return self.stance_counts(hits.reshape(len(self.pair_stance), self.days), stance)


def flag_counts(labels: Mapping[str, np.ndarray], causes: Mapping[str, np.ndarray]) -> dict:
    """Return the flags the day table counts (every key of :data:`COUNT_KEYS` but ``n``).

    ``labels`` holds a bool per post for each label of the codebook, ``causes`` one for each
    cause (the post has a ``failure_analysis`` label naming it).
    """
    out: dict[str, np.ndarray] = {}
    for measure, names in SHARE_MEASURES.items():
        out[measure] = np.logical_or.reduce([labels[name] for name in names])
    pos = labels[POSITIVE[0]] | labels[POSITIVE[1]]
    neg = labels[NEGATIVE[0]] | labels[NEGATIVE[1]]
    out["pos"], out["neg"], out["both"] = pos, neg, pos & neg
    for cause in CAUSES:
        out[f"cause:{cause}"] = causes[cause] & labels["failure_analysis"]
    return out


def post_flags(posts: pa.Table, labels: pa.Table) -> dict[str, np.ndarray]:
    """Return the boolean flags per post that the day table counts (see the module doc)."""
    labels = with_post_rows(posts, labels)
    return flag_counts(label_flags(posts, labels), cause_flags(posts, labels))


COUNT_KEYS: tuple[str, ...] = (
    "n",
    "pos",
    "neg",
    "both",
    *SHARE_MEASURES,
    *(f"cause:{c}" for c in CAUSES),
)


def day_table(posts: pa.Table, labels: pa.Table) -> DayTable:
    """Group the posts by (stance, source) and UTC day and count every flag of the measures.

    The table keeps each post's ``code`` and ``timed``, so that flags of single posts can be
    counted later (:meth:`DayTable.count_flags`).
    """
    require_columns(posts, ("id", "stance", "created_at"), "posts")
    counter = DayCounter(COUNT_KEYS[1:])
    source = column(posts, "source") if "source" in posts.column_names else None
    batch = counter.add(
        column(posts, "stance"), source, column(posts, "created_at"), post_flags(posts, labels)
    )
    return counter.table(batch)
