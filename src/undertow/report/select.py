"""Choose the posts a report shows, and render their text with the evidence highlighted.

Only the chosen rows are taken out of the posts table, so a report over millions of posts
reads a few hundred texts. Every piece of post text is escaped here: :func:`highlight` splits
the original text at the evidence span boundaries, escapes each piece and wraps the evidence
pieces in ``<mark>``; nothing else of a post is ever marked safe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from markupsafe import Markup, escape

from undertow.measure.causes import parse_detail
from undertow.measure.table import ROW, column, with_post_rows

MAX_CHARS = 1500
CONTEXT = 240
_CANDIDATES = 400
_FIELDS = (
    "id",
    "source",
    "stance",
    "author",
    "created_at",
    "time_precision",
    "lang",
    "text",
    "file",
    "record",
)


@dataclass(slots=True)
class PostCard:
    """One post as the report shows it: escaped text with marks, labels and provenance."""

    id: str
    source: str | None
    stance: str | None
    author: str | None
    created_at: datetime | None
    time_precision: str | None
    lang: str
    file: str | None
    record: str | None
    text_html: Markup
    label: str
    score: float
    analyzer: str | None
    detail: dict[str, Any] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)

    @property
    def when(self) -> str:
        """Return the post time at the precision the source gave, or an empty string."""
        if self.created_at is None:
            return ""
        fmt = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d", "hour": "%Y-%m-%d %H:00"}
        return self.created_at.strftime(fmt.get(self.time_precision or "", "%Y-%m-%d %H:%M")) + (
            "" if self.time_precision in ("year", "month", "day") else " UTC"
        )

    @property
    def is_arabic(self) -> bool:
        """True when the post's language is Arabic (rendered right to left)."""
        return self.lang.split("-")[0].lower() == "ar"


def merge_spans(spans: Any, length: int) -> list[tuple[int, int]]:
    """Return the valid spans clipped to ``[0, length)``, sorted, overlapping ones merged."""
    clean: list[tuple[int, int]] = []
    for span in spans or ():
        try:
            start, end = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError):
            continue
        start, end = max(0, start), min(length, end)
        if start < end:
            clean.append((start, end))
    clean.sort()
    merged: list[tuple[int, int]] = []
    for start, end in clean:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _windows(spans: list[tuple[int, int]], length: int, max_chars: int) -> list[tuple[int, int]]:
    """Return the parts of a long text to show: the evidence with some context around it."""
    if length <= max_chars:
        return [(0, length)]
    if not spans:
        return [(0, max_chars)]
    out: list[tuple[int, int]] = []
    for start, end in spans:
        lo, hi = max(0, start - CONTEXT), min(length, end + CONTEXT)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def highlight(text: str, spans: Any, *, max_chars: int = MAX_CHARS) -> Markup:
    """Return ``text`` escaped, with the evidence ``spans`` (``[start, end)``) in ``<mark>``.

    Texts longer than ``max_chars`` are cut to the evidence and its context, the cuts shown
    as an ellipsis. The text itself is never altered beyond escaping.
    """
    text = text or ""
    merged = merge_spans(spans, len(text))
    parts: list[str] = []
    windows = _windows(merged, len(text), max_chars)
    for w_start, w_end in windows:
        if w_start > 0:
            parts.append('<span class="cut">[…] </span>')
        pos = w_start
        for start, end in merged:
            if end <= w_start or start >= w_end:
                continue
            start, end = max(start, w_start), min(end, w_end)
            if start > pos:
                parts.append(str(escape(text[pos:start])))
            parts.append(f"<mark>{escape(text[start:end])}</mark>")
            pos = end
        if pos < w_end:
            parts.append(str(escape(text[pos:w_end])))
    if windows and windows[-1][1] < len(text):
        parts.append('<span class="cut"> […]</span>')
    return Markup("".join(parts))


def _best_rows(posts: pa.Table, labels: pa.Table, label: str) -> pa.Table:
    """Return the label rows of one label, one per post (highest score), with post row index."""
    lab = with_post_rows(posts, labels)
    lab = lab.filter(pc.fill_null(pc.equal(column(lab, "label"), label), False))
    score = pc.fill_null(column(lab, "score").cast(pa.float64()), 0.0).to_numpy()
    order = np.lexsort((np.arange(lab.num_rows), -score))
    row_np = lab[ROW].to_numpy()[order]
    _, first = np.unique(row_np, return_index=True)
    return lab.take(pa.array(order[np.sort(first)]))


def _cards(posts: pa.Table, labels: pa.Table, chosen: pa.Table, label: str) -> list[PostCard]:
    """Build cards for the chosen label rows; ``labels`` and ``chosen`` carry :data:`ROW`."""
    if chosen.num_rows == 0:
        return []
    cols = [c for c in _FIELDS if c in posts.column_names]
    taken = posts.select(cols).take(chosen[ROW]).to_pylist()
    all_labels: dict[str, list[str]] = {}
    others = labels.filter(pc.is_in(labels[ROW], value_set=column(chosen, ROW)))
    for pid, name in zip(others["post_id"].to_pylist(), others["label"].to_pylist(), strict=True):
        if name not in all_labels.setdefault(pid, []):
            all_labels[pid].append(name)
    lab = chosen.to_pylist()
    cards = []
    for post, row in zip(taken, lab, strict=True):
        cards.append(
            PostCard(
                id=post["id"],
                source=post.get("source"),
                stance=post.get("stance"),
                author=post.get("author"),
                created_at=post.get("created_at"),
                time_precision=post.get("time_precision"),
                lang=post.get("lang") or "und",
                file=post.get("file"),
                record=post.get("record"),
                text_html=highlight(post.get("text") or "", row.get("spans")),
                label=label,
                score=float(row.get("score") or 0.0),
                analyzer=row.get("analyzer"),
                detail=parse_detail(row.get("detail")),
                labels=sorted(all_labels.get(post["id"], [])),
            )
        )
    return cards


def telling_posts(
    posts: pa.Table, labels: pa.Table, label: str, *, per_lang: int = 5
) -> dict[str, list[PostCard]]:
    """Return, per language, up to ``per_lang`` of the most telling posts with ``label``.

    Highest score first, one post per author (authors keyed with their source; posts without
    author count as one author per source) before a second post of the same author is taken.
    """
    labels = with_post_rows(posts, labels)
    best = _best_rows(posts, labels, label)
    if best.num_rows == 0:
        return {}
    rows = column(best, ROW)
    enc = pc.dictionary_encode(pc.fill_null(column(posts, "lang").take(rows), "und"))
    codes = enc.indices.to_numpy(zero_copy_only=False)
    langs = [str(x) for x in enc.dictionary.to_pylist()]
    counts = np.bincount(codes, minlength=len(langs))

    def values(name: str, idx: np.ndarray) -> list[Any]:
        if name not in posts.column_names:
            return [None] * idx.size
        return column(posts, name).take(rows.take(pa.array(idx))).to_pylist()

    out: dict[str, list[PostCard]] = {}
    for code in sorted(range(len(langs)), key=lambda c: (-counts[c], langs[c])):
        cand = np.flatnonzero(codes == code)[:_CANDIDATES]  # label rows are in score order
        keys = list(zip(values("source", cand), values("author", cand), strict=True))
        seen: set[tuple[Any, Any]] = set()
        picked: list[int] = []
        for i, key in enumerate(keys):  # first pass: one post per author
            if key not in seen:
                seen.add(key)
                picked.append(i)
                if len(picked) == per_lang:
                    break
        for i in range(len(keys)):  # then fill up with the next best
            if len(picked) >= per_lang:
                break
            if i not in picked:
                picked.append(i)
        chosen = best.take(pa.array(cand[sorted(picked)]))
        out[langs[code]] = _cards(posts, labels, chosen, label)
    return out


def incitement_posts(
    posts: pa.Table, labels: pa.Table, *, cap: int = 200
) -> tuple[list[PostCard], int]:
    """Return the posts labelled ``incitement``, newest first (untimed last), and the rest.

    At most ``cap`` posts are returned; the second value counts the ones left out.
    """
    labels = with_post_rows(posts, labels)
    best = _best_rows(posts, labels, "incitement")
    if best.num_rows == 0:
        return [], 0
    times = column(posts, "created_at").take(best[ROW])
    timed = pc.is_valid(times).to_numpy(zero_copy_only=False)
    micros = pc.fill_null(pc.cast(times, pa.int64()), 0).to_numpy(zero_copy_only=False)
    order = np.lexsort((np.arange(best.num_rows), -micros, ~timed))
    chosen = best.take(pa.array(order[:cap]))
    return _cards(posts, labels, chosen, "incitement"), max(0, best.num_rows - cap)
