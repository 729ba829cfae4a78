"""Small request helpers shared by the routers: the snapshot, the events, author display."""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request

from undertow.errors import InputError
from undertow.events import Event
from undertow.pseudonym import PREFIX, pseudonymizer
from undertow.web.state import Snapshot, WorkspaceState

PSEUDO_COOKIE = "undertow_pseudo"


def state(request: Request) -> WorkspaceState:
    """The workspace state of the app serving ``request``."""
    return request.app.state.ws_state


def snapshot(request: Request) -> Snapshot:
    """The current snapshot of the workspace (rebuilt when the workspace changed)."""
    return state(request).snapshot()


def events(request: Request) -> list[Event]:
    """The events the dashboard reads measures against (may be empty)."""
    return request.app.state.events


def pseudonyms(snap: Snapshot) -> dict[str, str]:
    """Handle -> pseudonym for every author of the snapshot (creates the workspace key once)."""

    def build() -> dict[str, str]:
        names = [
            r[0]
            for r in snap.cursor()
            .execute("select distinct author from meta where author is not null and author <> ''")
            .fetchall()
        ]
        make = pseudonymizer(snap.ws)
        out = {}
        for name in names:
            try:
                out[name] = make(name)
            except InputError:
                continue
        return out

    return snap.cached("pseudonyms", build)


def resolve_author(snap: Snapshot, value: str) -> str:
    """Return the handle for an author filter value that may be a pseudonym."""
    if not value or not value.startswith(PREFIX):
        return value
    known = snap.cached(
        "handles",
        lambda: {
            r[0] for r in snap.cursor().execute("select distinct author from meta").fetchall()
        },
    )
    if value in known:
        return value
    reverse = snap.cached("pseudonym_owner", lambda: {v: k for k, v in pseudonyms(snap).items()})
    return reverse.get(value, value)


def pseudo_on(request: Request) -> bool:
    """True when handles are to be shown as pseudonyms (``?pseudo=1``, or the setting)."""
    asked = request.query_params.get("pseudo")
    if asked in ("0", "1"):
        return asked == "1"
    return request.cookies.get(PSEUDO_COOKIE) == "1"


def author_display(request: Request, snap: Snapshot) -> Callable[[str | None], str]:
    """A function that shows an author as the page asks: the handle, or its pseudonym."""
    if not pseudo_on(request):
        return lambda handle: handle or ""
    table = pseudonyms(snap)
    return lambda handle: table.get(handle or "", "") if handle else ""
