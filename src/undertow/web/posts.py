"""Posts: the filtered, searchable, paged list (``/posts``) and one post (``/posts/<id>``)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import HTMLResponse

from undertow.analyzers.base import INCITEMENT_FORMS, LABELS
from undertow.corrections import history
from undertow.web.deps import author_display, events, resolve_author, snapshot, state
from undertow.web.entities import post_entities
from undertow.web.filters import PostFilter
from undertow.web.query import PostQuery, fetch_posts
from undertow.web.render import page
from undertow.web.state import Snapshot

router = APIRouter()
MAX_REPLIES = 50


class NotFound(Exception):
    """A page asked for something the workspace does not hold."""


def filter_options(snap: Snapshot) -> dict[str, list[str]]:
    """The values offered by the filter form: stances, sources and languages present."""

    def build() -> dict[str, list[str]]:
        cur = snap.cursor()
        return {
            col: [
                r[0]
                for r in cur.execute(
                    f"select distinct {col} from meta where {col} is not null order by 1"
                ).fetchall()
            ]
            for col in ("stance", "source", "lang")
        }

    return snap.cached("filter_options", build)


def entity_posts(request: Request, entity: str) -> list[str] | None:
    """The ids of the posts that mention ``entity`` (None: no entity filter)."""
    return state(request).entities.posts(entity) if entity else None


@router.get("/posts", response_class=HTMLResponse)
def posts_page(request: Request) -> HTMLResponse:
    """List the posts that pass the filter, newest first (best match first with ``q``)."""
    f = PostFilter.from_query(request.query_params)
    snap = snapshot(request)
    evs = events(request)
    query = PostQuery(
        snap,
        f,
        evs,
        author=resolve_author(snap, f.author),
        entity_ids=entity_posts(request, f.entity),
    )
    listing = query.page(f.page)

    partial = (
        request.headers.get("hx-request") == "true"
        and request.headers.get("hx-target") == "results"
        and request.headers.get("hx-history-restore-request") != "true"
    )
    response = page(
        request,
        "_results.html" if partial else "posts.html",
        f=f,
        listing=listing,
        options=filter_options(snap),
        events=evs,
        entities=state(request).entities.options(),
        labels_all=LABELS,
        who=author_display(request, snap),
    )
    if partial:  # the address bar shows the filter without the form's empty fields
        query = f.query()
        response.headers["HX-Push-Url"] = "/posts" + (f"?{query}" if query else "")
    return response


def post_context(snap: Snapshot, post_id: str) -> dict[str, Any]:
    """Everything the post view and its labels panel show of one post."""
    cur = snap.cursor()
    rows = cur.sql("select * from posts where id = ? limit 1", params=[post_id]).to_arrow_table()
    if rows.num_rows == 0:
        raise NotFound(f"Post {post_id!r} is not in this workspace.")
    post = rows.to_pylist()[0]
    effective = (
        cur.sql(
            "select label, score, spans, detail, analyzer from lab where post_id = ? "
            "order by label, score desc",
            params=[post_id],
        )
        .to_arrow_table()
        .to_pylist()
    )
    model = {
        r[0]: float(r[1] or 0.0)
        for r in cur.execute(
            "select label, score from model where post_id = ?",
            [post_id],
        ).fetchall()
    }
    trail = history(snap.ws, post_id)
    latest = {c.label: c for c in trail}
    by_label: dict[str, dict[str, Any]] = {}
    for r in effective:
        by_label.setdefault(r["label"], r)
    label_rows = []
    for label in LABELS:
        eff = by_label.get(label)
        decided = latest.get(label)
        label_rows.append(
            {
                "label": label,
                "present": eff is not None,
                "model": label in model,
                "score": eff["score"] if eff else model.get(label),
                "by_analyst": decided is not None,
                "analyst": decided.analyst if decided else "",
            }
        )
    evidence = [
        {
            "label": r["label"],
            "score": float(r["score"] or 0.0),
            "analyzer": r["analyzer"],
            "spans": r["spans"] or [],
            "detail": _detail(r["detail"]),
        }
        for r in by_label.values()
    ]
    return {
        "post": post,
        "label_rows": label_rows,
        "evidence": evidence,
        "history": trail,
        "incitement_forms": INCITEMENT_FORMS,
    }


def _detail(raw: str | None) -> dict[str, Any]:
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


@router.get("/posts/{post_id:path}", response_class=HTMLResponse)
def post_page(request: Request, post_id: str) -> HTMLResponse:
    """Show one post: its text, labels with evidence, corrections, entities and thread."""
    snap = snapshot(request)
    ctx = post_context(snap, post_id)
    post = ctx["post"]
    cur = snap.cursor()
    parent = fetch_posts(cur, [post["reply_to"]]) if post.get("reply_to") else []
    reply_ids = [
        r[0]
        for r in cur.execute(
            "select id from meta where reply_to = ? order by created_at nulls last, id limit ?",
            [post_id, MAX_REPLIES + 1],
        ).fetchall()
    ]
    replies_total = len(reply_ids)
    if replies_total > MAX_REPLIES:
        replies_total = int(
            cur.execute("select count(*) from meta where reply_to = ?", [post_id]).fetchall()[0][0]
        )
    thread_total = (
        int(
            cur.execute("select count(*) from meta where thread = ?", [post["thread"]]).fetchall()[
                0
            ][0]
        )
        if post.get("thread")
        else 0
    )
    extra = post.get("extra")
    return page(
        request,
        "post.html",
        **ctx,
        parent=parent[0] if parent else None,
        replies=fetch_posts(cur, reply_ids[:MAX_REPLIES]),
        replies_total=replies_total,
        replies_more=replies_total > MAX_REPLIES,
        thread_total=thread_total,
        entities=post_entities(post.get("text") or "", post.get("lang")),
        extra=_pretty(extra),
        who=author_display(request, snap),
    )


def _pretty(extra: str | None) -> str:
    if not extra:
        return ""
    try:
        return json.dumps(json.loads(extra), ensure_ascii=False, indent=2)
    except ValueError:
        return extra
