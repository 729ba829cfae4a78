"""Measures built on the labels: weekly (daily, monthly) series per stance, with intervals.

See the codebook, "Measures built on the labels". Every figure carries the number of posts
behind it and an interval; a figure over too few posts is flagged, never dropped silently.
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
