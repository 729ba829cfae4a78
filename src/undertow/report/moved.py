"""The posts that moved a measure at an event, for the report's event sections.

For an event effect of a stance: when a share rose, the posts of the after window carrying the
measure's labels; when it fell, those of the before window (what fell away); for the morale
balance, the positive posts after a rise and the negative ones after a fall; for the mentions of
the place, the posts naming it (after a rise, before a fall), with the place highlighted. The
highest-scoring first, one per author first, at most ``cap``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from undertow.measure.mentions import MentionIndex
from undertow.measure.series import NEGATIVE, POSITIVE, SHARE_MEASURES
from undertow.measure.table import ROW, column
from undertow.report.select import PostCard, _cards

MENTION_ANALYZER = "undertow.entities"


def _window_rows(posts: pa.Table, stance: str, start: datetime, end: datetime) -> np.ndarray:
    """Rows of the stance's posts with a time in ``[start, end)``."""
    times = column(posts, "created_at")
    if pa.types.is_timestamp(times.type) and times.type.tz is None:
        start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
    mask = pc.and_(
        pc.and_(pc.greater_equal(times, pa.scalar(start, times.type)),
                pc.less(times, pa.scalar(end, times.type))),
        pc.equal(column(posts, "stance"), stance),
    )  # fmt: skip
    return np.flatnonzero(pc.fill_null(mask, False).to_numpy(zero_copy_only=False))


def _side(row: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """Which window ("before"/"after") and which labels moved the row's measure."""
    measure, delta = row["measure"], row["delta"] or 0.0
    if measure == "morale_balance":
        return "after", POSITIVE if delta > 0 else NEGATIVE
    return ("after" if delta > 0 else "before"), SHARE_MEASURES.get(measure, ())


def _pick(rows: np.ndarray, score: np.ndarray, authors: list[Any], cap: int) -> list[int]:
    """Indices of the best-scored rows, one per author first."""
    order = np.lexsort((np.arange(rows.size), -score))
    picked: list[int] = []
    seen: set[Any] = set()
    for i in order.tolist():
        if authors[i] not in seen:
            seen.add(authors[i])
            picked.append(i)
        if len(picked) == cap:
            return picked
    for i in order.tolist():
        if len(picked) == cap:
            break
        if i not in picked:
            picked.append(i)
    return picked


def moved_posts(
    posts: pa.Table,
    labels: pa.Table,
    row: dict[str, Any],
    *,
    window: int,
    mentions: MentionIndex | None = None,
    cap: int = 3,
) -> tuple[str, list[PostCard]]:
    """Return ``(which window, cards)`` of the posts that moved an event row's measure.

    ``labels`` must carry the post rows (:func:`undertow.measure.table.with_post_rows`).
    """
    day = datetime.fromisoformat(row["date"]).replace(tzinfo=UTC)
    side, names = _side(row)
    if side == "after":
        start, end = day, day + timedelta(days=window)
    else:
        start, end = day - timedelta(days=window), day
    rows = _window_rows(posts, row["stance"], start, end)
    if rows.size == 0:
        return side, []
    if row["measure"] == "place_mentions":
        return side, _mention_cards(posts, labels, rows, row, mentions, cap)
    if not names:
        return side, []
    lab = labels.filter(
        pc.and_(
            pc.is_in(labels[ROW], value_set=pa.array(rows)),
            pc.fill_null(pc.is_in(column(labels, "label"), value_set=pa.array(names)), False),
        )
    )
    if lab.num_rows == 0:
        return side, []
    score = pc.fill_null(column(lab, "score").cast(pa.float64()), 0.0).to_numpy()
    post_rows = lab[ROW].to_numpy()
    # one label row per post: the best-scored
    order = np.lexsort((np.arange(post_rows.size), -score))
    _, first = np.unique(post_rows[order], return_index=True)
    keep = order[np.sort(first)]
    lab, score, post_rows = lab.take(pa.array(keep)), score[keep], post_rows[keep]
    authors = (
        column(posts, "author").take(pa.array(post_rows)).to_pylist()
        if "author" in posts.column_names
        else list(range(post_rows.size))
    )
    cards: list[PostCard] = []
    for i in _pick(post_rows, score, authors, cap):
        chosen = lab.slice(i, 1)
        cards += _cards(posts, labels, chosen, chosen["label"][0].as_py())
    return side, cards


def _mention_cards(
    posts: pa.Table,
    labels: pa.Table,
    rows: np.ndarray,
    row: dict[str, Any],
    mentions: MentionIndex | None,
    cap: int,
) -> list[PostCard]:
    """Cards of posts naming the event's place, the place highlighted."""
    if mentions is None:
        return []
    flags, info = mentions.flags(row["place"])
    if flags is None:
        return []
    hit = rows[flags[rows]]
    if hit.size == 0:
        return []
    authors = (
        column(posts, "author").take(pa.array(hit)).to_pylist()
        if "author" in posts.column_names
        else list(range(hit.size))
    )
    chosen_rows = hit[_pick(hit, np.zeros(hit.size), authors, cap)]
    texts = column(posts, "text").take(pa.array(chosen_rows)).to_pylist()
    ids = set(info.get("place_ids") or [])
    spans = []
    for text in texts:
        found = mentions.link(text or "") if mentions.link is not None and ids else []
        spans.append([list(e.span) for e in found if e.id in ids])
    table = pa.table(
        {
            "post_id": column(posts, "id").take(pa.array(chosen_rows)),
            "label": pa.array(["place mention"] * len(texts), pa.string()),
            "score": pa.array([1.0] * len(texts), pa.float64()),
            "spans": pa.array(spans, pa.list_(pa.list_(pa.int32()))),
            "detail": pa.nulls(len(texts), pa.string()),
            "analyzer": pa.array([MENTION_ANALYZER] * len(texts), pa.string()),
            ROW: pa.array(chosen_rows, pa.int64()),
        }
    )
    cards: list[PostCard] = []
    for i in range(table.num_rows):
        cards += _cards(posts, labels, table.slice(i, 1), "place mention")
    return cards
