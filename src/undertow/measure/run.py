"""``undertow measure``: series, event studies, change points and the propaganda gap as JSON.

:func:`measure` streams a workspace (the labels of :func:`undertow.store.label_keys`; see
:mod:`undertow.measure.stream`) and returns one dict; :func:`compute` does the same from Arrow
tables, with the same numbers; :func:`summarize` turns the dict into the few lines the command
prints without ``--json``. The HTML report renders the same dict
(:func:`undertow.report.html.render_report`), so the report and the JSON carry the same numbers.
Every rule (windows, resampling, penalty, "too few posts") is stated in docs/measures.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from undertow.errors import InputError
from undertow.events import Event, load_events
from undertow.measure import changepoints as cp
from undertow.measure.daily import DayTable, day_table
from undertow.measure.digest import summary_lines
from undertow.measure.eventstudy import event_study
from undertow.measure.gap import gap_rows, official_volume
from undertow.measure.mentions import MentionCounts, MentionIndex
from undertow.measure.periods import FREQS, series_rows
from undertow.measure.resample import DEFAULT_PERMS, DEFAULT_REPS
from undertow.measure.stream import MEMORY_LIMIT, stream_workspace
from undertow.measure.table import with_post_rows

VERSION = "undertow.measure.v1"
POST_COLUMNS = ["id", "source", "stance", "created_at", "text"]  # the columns compute() reads


@dataclass(slots=True)
class Analysis:
    """The result dict with what was built on the way (for the report)."""

    result: dict[str, Any]
    table: DayTable
    mentions: MentionIndex | MentionCounts | None
    events: list[Event]


def _events(events: str | Path | list[Event] | None) -> list[Event]:
    if events is None:
        return []
    if isinstance(events, str | Path):
        return load_events(events)  # sorted by date
    return list(events)  # numbered in the order given, as in the report


def _check(window: int, freq: str, min_n: int) -> None:
    if isinstance(window, bool) or not isinstance(window, int) or not 2 <= window <= 366:
        raise InputError(
            f"The window must be a whole number of days from 2 to 366, not {window!r}."
        )
    if freq not in FREQS:
        raise InputError(f"Unknown period {freq!r}; use one of: {', '.join(FREQS)}.")
    if isinstance(min_n, bool) or not isinstance(min_n, int) or min_n < 1:
        raise InputError(f"min_n must be a whole number of posts of at least 1, not {min_n!r}.")


def analyse(
    posts: pa.Table,
    labels: pa.Table,
    events: str | Path | list[Event] | None = None,
    *,
    window: int = 14,
    freq: str = "week",
    min_n: int = 20,
    seed: int = 0,
    reps: int = DEFAULT_REPS,
    perms: int = DEFAULT_PERMS,
    use_entities: bool = True,
    gazetteer: Any = None,
    meta: dict[str, Any] | None = None,
) -> Analysis:
    """Compute every measure from Arrow tables; see :func:`compute`.

    ``gazetteer`` (an :class:`undertow.entities.Gazetteer`) replaces the packaged one for the
    place mentions; ``use_entities=False`` matches place names literally instead.
    """
    _check(window, freq, min_n)
    evs = _events(events)
    labels = with_post_rows(posts, labels)
    table = day_table(posts, labels)
    mentions = (
        MentionIndex(posts, table, gazetteer=gazetteer, use_entities=use_entities) if evs else None
    )
    return _analysis(table, int(posts.num_rows), evs, mentions, window=window, freq=freq,
                     min_n=min_n, seed=seed, reps=reps, perms=perms, meta=meta)  # fmt: skip


def _analysis(
    table: DayTable,
    posts: int,
    evs: list[Event],
    mentions: MentionIndex | MentionCounts | None,
    *,
    window: int,
    freq: str,
    min_n: int,
    seed: int,
    reps: int,
    perms: int,
    meta: dict[str, Any] | None,
) -> Analysis:
    """Every measure from a day table (and the mention counts of the events' places)."""
    seeds = np.random.SeedSequence(seed).spawn(3)
    series = series_rows(table, freq=freq, min_n=min_n, rng=np.random.default_rng(seeds[0]),
                         reps=reps)  # fmt: skip
    ev_rows, placebo = event_study(
        table,
        evs,
        window=window,
        min_n=min_n,
        rng=np.random.default_rng(seeds[1]),
        reps=reps,
        perms=perms,
        mentions=mentions.counts if mentions else None,
    )
    changes, scans = cp.scan(table, evs, min_n=min_n)
    gap = gap_rows(table, freq=freq, min_n=min_n, rng=np.random.default_rng(seeds[2]), reps=reps)
    covered = {r["event"] for r in ev_rows}
    first = table.date_of(0).isoformat() if table.days else None
    last = table.date_of(table.days - 1).isoformat() if table.days else None
    result: dict[str, Any] = {
        "meta": {
            "version": VERSION,
            "posts": posts,
            "timed": posts - table.untimed,
            "untimed": table.untimed,
            "first": first,
            "last": last,
            "stances": table.stances(),
            "window": window,
            "freq": freq,
            "min_n": min_n,
            "seed": seed,
            "bootstrap": {"unit": "day", "reps": reps},
            "permutation": {"unit": "day", "perms": perms},
            "changepoint": {
                "method": "PELT, weighted squared error",
                "penalty": f"{cp.PENALTY_FACTOR:g} * sigma2 * log(days)",
                "min_size": cp.MIN_SIZE,
                "measures": list(cp.CHANGE_MEASURES),
            },
            "events": len(evs),
            **(meta or {}),
        },
        "series": series,
        "events": ev_rows,
        "placebo": placebo,
        "changepoints": changes,
        "changepoint_scans": scans,
        "gap": gap,
        "official_volume": official_volume(series),
        "events_outside": [
            {"event": i, "date": e.date.isoformat(), "place": e.place}
            for i, e in enumerate(evs, start=1)
            if i not in covered
        ],
    }
    return Analysis(result, table, mentions, evs)


def compute(
    posts: pa.Table,
    labels: pa.Table,
    events: str | Path | list[Event] | None = None,
    *,
    window: int = 14,
    freq: str = "week",
    min_n: int = 20,
    seed: int = 0,
) -> dict[str, Any]:
    """Return the measures of a posts table and its label rows as a JSON-ready dict.

    ``posts`` needs ``id``, ``stance`` and ``created_at`` (``source`` and ``text`` are used when
    present); ``labels`` needs ``post_id`` and ``label`` (``detail`` for the causes).
    """
    return analyse(posts, labels, events, window=window, freq=freq, min_n=min_n, seed=seed).result


def workspace_gazetteer(ws: Any) -> Any:
    """Return the gazetteer a workspace's place mentions use: the packaged one (None) or, when
    its metadata names extra gazetteer files (``"gazetteer": "gazetteer.tsv"``, relative to the
    workspace, as simulated workspaces do), the packaged one extended with them."""
    extra = ws.meta.get("gazetteer")
    if not extra:
        return None
    from undertow.entities import load_gazetteer

    files = [extra] if isinstance(extra, str) else list(extra)
    return load_gazetteer(*(ws.path / f for f in files))


def measure(
    ws: Any,
    *,
    events: str | Path | list[Event] | None = None,
    window: int = 14,
    freq: str = "week",
    min_n: int = 20,
    seed: int = 0,
    memory_limit: str = MEMORY_LIMIT,
    spill_dir: str | Path | None = None,
) -> dict[str, Any]:
    """Return every measure of a workspace as a JSON-ready dict (``undertow measure --json``).

    ``ws`` is a :class:`undertow.workspace.Workspace` or its path. ``events`` is a CSV path,
    ``builtin:isis-territory`` or a list of events. Keys: ``meta``, ``series``, ``events``,
    ``placebo``, ``changepoints``, ``changepoint_scans``, ``gap``, ``official_volume``,
    ``events_outside``; see docs/measures.md.

    The workspace is streamed (:mod:`undertow.measure.stream`): DuckDB stays under
    ``memory_limit`` and spills beyond it into a temporary folder inside ``spill_dir`` (the
    system's temporary folder when None); the numbers are those :func:`compute` gives on the
    same posts and labels read whole.
    """
    from undertow.store import label_keys
    from undertow.workspace import Workspace

    workspace = ws if isinstance(ws, Workspace) else Workspace.open(ws)
    keys = label_keys(workspace)
    _check(window, freq, min_n)
    evs = _events(events)
    streamed = stream_workspace(
        workspace,
        keys,
        places=[e.place for e in evs],
        gazetteer=workspace_gazetteer(workspace) if evs else None,
        memory_limit=memory_limit,
        spill_dir=spill_dir,
    )
    meta = {
        "workspace": workspace.name,
        "label_source": keys,
        "synthetic": bool(workspace.meta.get("synthetic")),
        "events_source": str(events) if isinstance(events, str | Path) else None,
    }
    return _analysis(
        streamed.table,
        streamed.posts,
        evs,
        streamed.mentions,
        window=window,
        freq=freq,
        min_n=min_n,
        seed=seed,
        reps=DEFAULT_REPS,
        perms=DEFAULT_PERMS,
        meta=meta,
    ).result


def summarize(result: dict[str, Any]) -> list[str]:
    """Return the short human summary that ``undertow measure`` prints without ``--json``."""
    return summary_lines(result)
