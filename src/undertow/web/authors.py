"""Authors: volume, label mix over time, first and last seen; handles or pseudonyms.

With pseudonyms on (the header's switch, or ``?pseudo=1``), every handle is shown as the
workspace's keyed hash of it (:func:`undertow.pseudonym.pseudonymize`), in the list, on the
author's page and in its address, so screenshots and exports can be published.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse

from undertow.analyzers.base import LABELS
from undertow.web.deps import author_display, resolve_author, snapshot
from undertow.web.posts import NotFound
from undertow.web.render import page

router = APIRouter()
PER_PAGE = 50
BAR_W, BAR_GAP, CHART_H = 14, 4, 120

_LIST_SQL = """
select m.author, count(*) as posts, min(m.created_at) as first, max(m.created_at) as last,
       string_agg(distinct m.source, ', ' order by m.source) as sources,
       string_agg(distinct m.stance, ', ' order by m.stance) as stances
from meta m where m.author is not null and m.author <> '' {where}
group by m.author order by posts desc, m.author limit ? offset ?
"""


def _label_mix(cur, authors: list[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for author, label, n in cur.execute(
        "select m.author, l.label, count(distinct l.post_id) from lab l join meta m "
        "on m.id = l.post_id where list_contains(?::varchar[], m.author) group by all",
        [authors],
    ).fetchall():
        out.setdefault(author, {})[label] = int(n)
    return out


@router.get("/authors", response_class=HTMLResponse)
def authors_page(
    request: Request,
    source: str = Query(""),
    page_no: int = Query(1, alias="page", ge=1),
) -> HTMLResponse:
    """List authors by volume, with their label mix and first and last post."""
    snap = snapshot(request)
    cur = snap.cursor()
    where, params = ("and m.source = ?", [source]) if source else ("", [])
    total = int(
        cur.execute(
            "select count(distinct author) from meta m where author is not null "
            f"and author <> '' {where}",
            params,
        ).fetchall()[0][0]
    )
    pages = max(1, -(-total // PER_PAGE))
    page_no = min(page_no, pages)
    rows = (
        cur.sql(_LIST_SQL.format(where=where), params=[*params, PER_PAGE, (page_no - 1) * PER_PAGE])
        .to_arrow_table()
        .to_pylist()
    )
    mix = _label_mix(cur, [r["author"] for r in rows])
    for r in rows:
        r["labels"] = mix.get(r["author"], {})
    sources = [r[0] for r in cur.execute("select distinct source from meta order by 1").fetchall()]
    return page(
        request,
        "authors.html",
        rows=rows,
        total=total,
        page_no=page_no,
        pages=pages,
        source=source,
        sources=sources,
        labels_all=LABELS,
        who=author_display(request, snap),
    )


def _months(cur, handle: str) -> list[dict[str, Any]]:
    counts = {
        m: {"month": m, "posts": int(n), "labels": {}}
        for m, n in cur.execute(
            "select strftime(timezone('UTC', created_at), '%Y-%m') as month, count(*) "
            "from meta where author = ? and created_at is not null group by 1 order by 1",
            [handle],
        ).fetchall()
    }
    for month, label, n in cur.execute(
        "select strftime(timezone('UTC', m.created_at), '%Y-%m'), l.label, "
        "count(distinct l.post_id) from lab l join meta m on m.id = l.post_id "
        "where m.author = ? and m.created_at is not null group by all",
        [handle],
    ).fetchall():
        counts[month]["labels"][label] = int(n)
    return list(counts.values())


def _bars(months: list[dict[str, Any]]) -> dict[str, Any]:
    """Geometry of the monthly chart: one bar a month, its labelled posts stacked inside."""
    top = max((m["posts"] for m in months), default=0) or 1
    bars = []
    for i, m in enumerate(months):
        x = i * (BAR_W + BAR_GAP)
        height = m["posts"] / top * CHART_H
        segments, y = [], CHART_H
        for label in LABELS:
            k = m["labels"].get(label, 0)
            if k:
                h = k / top * CHART_H
                y -= h
                segments.append({"label": label, "y": round(y, 1), "h": round(h, 1), "k": k})
        bars.append(
            {
                "x": x,
                "y": round(CHART_H - height, 1),
                "h": round(height, 1),
                "m": m,
                "segments": segments,
            }
        )
    return {"bars": bars, "width": max(len(months) * (BAR_W + BAR_GAP), 1), "height": CHART_H,
            "bar_w": BAR_W}  # fmt: skip


@router.get("/authors/{key:path}", response_class=HTMLResponse)
def author_page(request: Request, key: str) -> HTMLResponse:
    """One author: volume and label mix per month, first and last seen, sources."""
    snap = snapshot(request)
    handle = resolve_author(snap, key)
    cur = snap.cursor()
    row = (
        cur.sql(
            "select count(*) as posts, min(created_at) as first, max(created_at) as last, "
            "string_agg(distinct source, ', ' order by source) as sources, "
            "string_agg(distinct stance, ', ' order by stance) as stances "
            "from meta where author = ?",
            params=[handle],
        )
        .to_arrow_table()
        .to_pylist()[0]
    )
    if not row["posts"]:
        raise NotFound("No author of that name (or pseudonym) in this workspace.")
    months = _months(cur, handle)
    totals = _label_mix(cur, [handle]).get(handle, {})
    return page(
        request,
        "author.html",
        handle=handle,
        info=row,
        months=months,
        chart=_bars(months),
        totals=totals,
        labels_all=LABELS,
        who=author_display(request, snap),
    )
