"""Summary figures of a workspace (``undertow stats``)."""

from __future__ import annotations

from typing import Any

from undertow.store import connect
from undertow.workspace import Workspace


def workspace_stats(ws: Workspace) -> dict[str, Any]:
    """Posts, sources, stances, languages, first and last time, batches and coding progress."""
    con = connect(ws)
    try:
        # through Arrow: DuckDB's own conversion of timestamptz to Python needs pytz
        row = (
            con.sql(
                "select count(*) as n, min(created_at) as first, max(created_at) as last, "
                "count(*) - count(created_at) as untimed from posts"
            )
            .to_arrow_table()
            .to_pylist()[0]
        )
        n, first, last, untimed = row["n"], row["first"], row["last"], row["untimed"]
        sources = [
            {"source": s, "stance": st, "posts": c}
            for s, st, c in con.execute(
                "select source, any_value(stance), count(*) from posts "
                "group by source order by source"
            ).fetchall()
        ]
        langs = dict(
            con.execute(
                "select lang, count(*) from posts group by lang order by count(*) desc, lang"
            ).fetchall()
        )
        stances = dict(
            con.execute(
                "select stance, count(*) from posts group by stance order by stance"
            ).fetchall()
        )
        coded = dict(
            con.execute(
                "select analyzer, count(distinct post_id) from annotations group by analyzer "
                "order by analyzer"
            ).fetchall()
        )
        labels = dict(
            con.execute(
                "select label, count(distinct post_id) from labels group by label order by label"
            ).fetchall()
        )
    finally:
        con.close()
    with ws.ledger() as db:
        batches = db.execute("select count(*) from batches").fetchone()[0]
    return {
        "workspace": str(ws.path),
        "posts": n,
        "sources": sources,
        "stances": stances,
        "languages": langs,
        "first": first.isoformat() if first else None,
        "last": last.isoformat() if last else None,
        "untimed": untimed,
        "batches": batches,
        "coded": coded,
        "labels": labels,
    }
