"""Measures built on the labels: series, event studies, change points, the propaganda gap.

See the codebook, "Measures built on the labels", and docs/measures.md for every rule. Every
figure carries the number of posts behind it and an interval; a figure over too few posts is
flagged, never dropped silently.

Modules: :mod:`~undertow.measure.run` (``measure``, ``compute``, ``summarize``: the JSON of
``undertow measure``), :mod:`~undertow.measure.daily` (the day table every measure sums),
:mod:`~undertow.measure.counter` (the counts of the day table, batch by batch),
:mod:`~undertow.measure.stream` (a workspace read in batches into the day table),
:mod:`~undertow.measure.periods` (series per day, week, month), :mod:`~undertow.measure.eventstudy`
and :mod:`~undertow.measure.resample` (before/after windows, day bootstrap, permutation, placebo),
:mod:`~undertow.measure.changepoints` (PELT and its penalty rule), :mod:`~undertow.measure.gap`,
:mod:`~undertow.measure.mentions` (places named, through the entity links),
:mod:`~undertow.measure.series` (the weekly series and summary of the first reports),
:mod:`~undertow.measure.intervals` (Wilson, bootstrap of the balance).
"""

from __future__ import annotations

from undertow.measure.causes import cause_counts
from undertow.measure.intervals import bootstrap_balance, bootstrap_balance_counts, wilson
from undertow.measure.series import (
    FREQS,
    MEASURES,
    Series,
    SeriesPoint,
    label_flags,
    summary,
    weekly_series,
)
from undertow.measure.table import with_post_rows

__all__ = [
    "FREQS",
    "MEASURES",
    "Series",
    "SeriesPoint",
    "bootstrap_balance",
    "bootstrap_balance_counts",
    "cause_counts",
    "label_flags",
    "summary",
    "weekly_series",
    "wilson",
    "with_post_rows",
]
