"""The incitement queue: posts with an incitement label, newest first, marked reviewed.

The rows come from :func:`undertow.review.incitement_queue` (effective labels, so an analyst's
correction adds a post to the queue or takes it out); marks go through
:func:`undertow.review.mark_reviewed`, which records who and when.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from undertow.errors import InputError
from undertow.review import incitement_queue, mark_reviewed
from undertow.review import reviewed as review_marks
from undertow.web.deps import author_display, snapshot
from undertow.web.render import page

router = APIRouter()
PER_PAGE = 50
SHOW = {"todo": False, "done": True, "all": None}


@router.get("/queue", response_class=HTMLResponse)
def queue_page(
    request: Request,
    show: str = Query("todo"),
    page_no: int = Query(1, alias="page", ge=1),
) -> HTMLResponse:
    """List incitement posts, newest first: not yet reviewed (default), reviewed, or all."""
    if show not in SHOW:
        raise InputError(f"show={show[:20]!r} is not one of {', '.join(SHOW)}.")
    ws = request.app.state.ws
    rows, total = incitement_queue(
        ws, reviewed=SHOW[show], limit=PER_PAGE, offset=(page_no - 1) * PER_PAGE
    )
    counts = _counts(request)
    return page(
        request,
        "queue.html",
        rows=rows,
        total=total,
        counts=counts,
        show=show,
        page_no=page_no,
        pages=max(1, -(-total // PER_PAGE)),
        who=author_display(request, snapshot(request)),
    )


def _counts(request: Request) -> dict[str, int]:
    """Posts to review, reviewed, and all, from the snapshot's effective labels."""
    queued = {
        r[0]
        for r in snapshot(request)
        .cursor()
        .execute(
            "select distinct post_id from lab where label = 'incitement' "
            "and post_id in (select id from meta)"
        )
        .fetchall()
    }
    marks = review_marks(request.app.state.ws)
    done = sum(1 for pid in queued if pid in marks and marks[pid].reviewed)
    return {"todo": len(queued) - done, "done": done, "all": len(queued)}


@router.post("/queue/review")
def review(
    request: Request,
    post_id: str = Form(...),
    reviewed: str = Form("1"),
    note: str = Form(""),
    show: str = Form("todo"),
) -> Response:
    """Mark a queued post reviewed (``reviewed=1``) or back to be reviewed (``reviewed=0``)."""
    mark = mark_reviewed(
        request.app.state.ws,
        post_id,
        analyst=request.app.state.analyst,
        reviewed=reviewed == "1",
        note=note[:2000],
    )
    if request.headers.get("hx-request") == "true":
        return page(request, "_queue_mark.html", mark=mark, show=show)
    return RedirectResponse(f"/queue?show={show if show in SHOW else 'todo'}", status_code=303)
