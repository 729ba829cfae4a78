"""Pages that belong to no noun of their own: the overview and the display settings."""

from __future__ import annotations

from fastapi import APIRouter, Form
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from undertow.analyzers.base import LABELS
from undertow.corrections import history
from undertow.web.deps import PSEUDO_COOKIE, events, snapshot
from undertow.web.overview import WINDOW, build_overview
from undertow.web.render import page

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request) -> HTMLResponse:
    """The measures per stance over time, with events; each point opens its posts."""
    snap = snapshot(request)
    evs = events(request)
    ov = snap.cached("overview", lambda: build_overview(snap, evs))
    corrections = len(history(snap.ws))
    return page(
        request,
        "overview.html",
        ov=ov,
        keys=snap.keys,
        labels_all=LABELS,
        corrections=corrections,
        window=WINDOW,
    )


def _safe_next(value: str) -> str:
    """A local path to go back to (never another site)."""
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


@router.post("/settings/pseudonyms")
def pseudonyms_setting(request: Request, on: str = Form("1"), next: str = Form("/")) -> Response:
    """Show account handles as pseudonyms (``on=1``) or as they are (``on=0``)."""
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(PSEUDO_COOKIE, "1" if on == "1" else "0", httponly=True, samesite="strict")
    return response


@router.get("/healthz")
def healthz(request: Request) -> dict[str, int]:
    """A cheap liveness probe: the number of posts in the current snapshot."""
    return {"posts": snapshot(request).posts}
