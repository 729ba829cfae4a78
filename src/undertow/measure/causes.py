"""Blamed causes of defeat: how often each cause of the codebook is named, per stance.

Reads the ``detail`` JSON of ``failure_analysis`` labels (``{"causes": [...]}``). Identical
detail strings are parsed once, so the cost grows with the number of distinct details, not of
posts.
"""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from undertow.analyzers.base import CAUSES
from undertow.measure.table import ROW, column, require_columns, with_post_rows


def parse_detail(raw: str | None) -> dict:
    """Return the detail JSON of a label row as a dict; ``{}`` when absent or unreadable."""
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def cause_counts(posts: pa.Table, labels: pa.Table) -> dict[str, dict[str, int]]:
    """Count, per stance, the posts coded ``failure_analysis`` that name each cause.

    Returns ``{stance: {"posts": n_failure_posts, cause: n, ...}}`` with every cause of
    :data:`CAUSES` present (0 when never named); causes outside the codebook count as
    ``other``. A post labelled twice (two analyzers) counts once per cause.
    """
    require_columns(posts, ("id", "stance"), "posts")
    lab = with_post_rows(posts, labels)
    if lab.num_rows == 0:
        return {}
    fa = lab.filter(pc.fill_null(pc.equal(column(lab, "label"), "failure_analysis"), False))
    if fa.num_rows == 0:
        return {}
    row_np = fa[ROW].to_numpy()
    stance = column(posts, "stance").take(pa.array(row_np))
    if "detail" in fa.column_names:
        detail = column(fa, "detail").cast(pa.string())
    else:
        detail = pa.nulls(fa.num_rows, pa.string())
    table = pa.table({"row": row_np, "stance": stance, "detail": detail})
    pairs = table.group_by(["row", "stance", "detail"], use_threads=False).aggregate([])
    out: dict[str, dict[str, int]] = {}
    posts_per_stance = pairs.group_by(["stance"], use_threads=False).aggregate(
        [("row", "count_distinct")]
    )
    for s, n in zip(
        posts_per_stance["stance"].to_pylist(),
        posts_per_stance["row_count_distinct"].to_pylist(),
        strict=True,
    ):
        out[str(s)] = {"posts": int(n), **dict.fromkeys(CAUSES, 0)}
    # Parse each distinct detail once, then join its causes back onto the posts.
    details = pairs["detail"].unique().to_pylist()
    d_col: list[str | None] = []
    c_col: list[str] = []
    for raw in details:
        causes = parse_detail(raw).get("causes") or []
        named = {c if c in CAUSES else "other" for c in causes if isinstance(c, str)}
        for cause in sorted(named) if isinstance(causes, list) else ():
            d_col.append(raw)
            c_col.append(cause)
    if not c_col:
        return out
    mapping = pa.table({"detail": pa.array(d_col, pa.string()), "cause": c_col})
    joined = pairs.filter(pc.is_valid(pairs["detail"])).join(mapping, "detail", join_type="inner")
    per_post = joined.group_by(["row", "stance", "cause"], use_threads=False).aggregate([])
    counts = per_post.group_by(["stance", "cause"], use_threads=False).aggregate([("row", "count")])
    for s, c, n in zip(
        counts["stance"].to_pylist(),
        counts["cause"].to_pylist(),
        counts["row_count"].to_pylist(),
        strict=True,
    ):
        out[str(s)][c] = int(n)
    return out


def named_causes(details: list[str | None]) -> dict[str, np.ndarray]:
    """Return, for each cause of :data:`CAUSES`, a bool per detail string: the detail names it.

    Causes outside the codebook count as ``other``; unreadable details name none.
    """
    named = {c: np.zeros(len(details), dtype=bool) for c in CAUSES}
    for i, raw in enumerate(details):
        causes = parse_detail(raw).get("causes") or []
        if isinstance(causes, list):
            for c in causes:
                if isinstance(c, str):
                    named[c if c in CAUSES else "other"][i] = True
    return named


def cause_flags(posts: pa.Table, labels: pa.Table) -> dict[str, np.ndarray]:
    """Return, for each cause of :data:`CAUSES`, a boolean array over the rows of ``posts``.

    A post is flagged for a cause when one of its ``failure_analysis`` labels names it (causes
    outside the codebook count as ``other``). Each distinct detail string is parsed once.
    """
    flags = {c: np.zeros(posts.num_rows, dtype=bool) for c in CAUSES}
    lab = with_post_rows(posts, labels)
    if lab.num_rows == 0 or "detail" not in lab.column_names:
        return flags
    fa = lab.filter(pc.fill_null(pc.equal(column(lab, "label"), "failure_analysis"), False))
    fa = fa.filter(pc.is_valid(fa["detail"]))
    if fa.num_rows == 0:
        return flags
    rows = fa[ROW].to_numpy()
    return detail_flags(column(fa, "detail").cast(pa.string()), rows, posts.num_rows)


def detail_flags(details: pa.Array, rows: np.ndarray, size: int) -> dict[str, np.ndarray]:
    """Return, for each cause, a bool over ``size`` posts: some detail of the post names it.

    ``details`` are failure-analysis detail strings and ``rows`` the post (0 .. size - 1) each
    belongs to. Each distinct detail is parsed once.
    """
    flags = {c: np.zeros(size, dtype=bool) for c in CAUSES}
    if len(details) == 0:
        return flags
    enc = pc.dictionary_encode(details)
    codes = enc.indices.to_numpy(zero_copy_only=False)
    named = named_causes(enc.dictionary.to_pylist())
    for cause, per_detail in named.items():
        if per_detail.any():
            flags[cause][rows[per_detail[codes]]] = True
    return flags
