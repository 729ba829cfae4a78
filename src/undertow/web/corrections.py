"""Corrections: an analyst sets or removes a label on a post; the audit trail of all of them.

Writes go through :func:`undertow.corrections.set_label`, which records who, when, the old and
the new value; the store applies the latest decision everywhere (measures, exports, reports),
so the next page the analyst opens is computed from the corrected labels.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Query
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from undertow.corrections import history, set_label
from undertow.web.deps import snapshot, state
from undertow.web.posts import post_context
from undertow.web.render import page, path_id

router = APIRouter()
MAX_NOTE = 2000
PER_PAGE = 100


@router.post("/corrections")
def correct(
    request: Request,
    post_id: str = Form(...),
    label: str = Form(...),
    present: str = Form(...),
    note: str = Form(""),
    form: str = Form(""),
    target: str = Form(""),
) -> Response:
    """Set (``present=1``) or remove (``present=0``) a label on a post, as this analyst."""
    detail = None
    if label == "incitement" and present == "1" and form:
        detail = {"form": form, "target": target.strip() or None}
    change = set_label(
        request.app.state.ws,
        post_id,
        label,
        present=present == "1",
        analyst=request.app.state.analyst,
        note=note[:MAX_NOTE],
        detail=detail,
    )
    state(request).invalidate()
    if request.headers.get("hx-request") == "true":
        verb = "Set" if change.new else "Removed"
        return page(
            request,
            "_labels.html",
            **post_context(snapshot(request), post_id),
            message=f"{verb} {label.replace('_', ' ')}: every measure now counts it so.",
        )
    return RedirectResponse(f"/posts/{path_id(post_id)}#labels", status_code=303)


@router.get("/corrections", response_class=HTMLResponse)
def corrections_page(request: Request, page_no: int = Query(1, alias="page", ge=1)) -> HTMLResponse:
    """The audit trail: every correction, newest first."""
    trail = list(reversed(history(request.app.state.ws)))
    pages = max(1, -(-len(trail) // PER_PAGE))
    page_no = min(max(page_no, 1), pages)
    rows = trail[(page_no - 1) * PER_PAGE : page_no * PER_PAGE]
    return page(
        request, "corrections.html", rows=rows, total=len(trail), page_no=page_no, pages=pages
    )
