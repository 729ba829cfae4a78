"""The dashboard application: ``create_app`` builds it, ``serve`` runs it with uvicorn.

The app is a thin view over the library (FastAPI + Jinja + vendored HTMX, no CDN): it reads
the workspace through :mod:`undertow.web.state` and writes only through
:mod:`undertow.corrections` and :mod:`undertow.review`. :mod:`undertow.web.security` wraps
it: loopback only unless a token is given, a strict Content-Security-Policy, CSRF on writes.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from undertow.errors import InputError, UndertowError, WorkspaceError
from undertow.events import Event, load_events
from undertow.web import authors, corrections, export, pages, posts, queue
from undertow.web.posts import NotFound
from undertow.web.render import page
from undertow.web.security import SecurityMiddleware, allowed_hosts_for, check_bind
from undertow.web.state import open_state

log = logging.getLogger("undertow.web")
STATIC = Path(__file__).parent / "static"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def _events(ws_meta: dict, events: str | Path | list[Event] | None) -> list[Event]:
    if isinstance(events, list):
        return events
    spec = events if events is not None else ws_meta.get("events")
    return load_events(spec) if spec else []


def create_app(
    ws_path: Path,
    *,
    token: str | None = None,
    analyst: str = "analyst",
    host: str = DEFAULT_HOST,
    events: str | Path | list[Event] | None = None,
) -> FastAPI:
    """Build the dashboard app of the workspace at ``ws_path``.

    ``token`` (when given) is required on every request; ``analyst`` is the name recorded
    with every correction and review mark; ``host`` is the address the server binds, which
    the ``Host`` header of every request must name (a wildcard address accepts any name);
    ``events`` is an events CSV, ``builtin:NAME`` or a list of events (default: the
    workspace's ``events`` setting, if any). The search index is brought up to date here.
    """
    from undertow.corrections import check_analyst

    state = open_state(ws_path)
    app = FastAPI(title="undertow dashboard", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.ws_state = state
    app.state.ws = state.ws
    app.state.workspace_name = state.ws.name
    app.state.synthetic = bool(state.ws.meta.get("synthetic"))
    app.state.analyst = check_analyst(analyst)
    app.state.events = _events(state.ws.meta, events)
    for module in (pages, posts, authors, queue, corrections, export):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _error_pages(app)
    app.add_middleware(SecurityMiddleware, token=token, allowed_hosts=allowed_hosts_for(host))
    state.snapshot()  # fail early on a damaged workspace; build the search index
    return app


def _error_pages(app: FastAPI) -> None:
    def show(request: Request, status: int, title: str, message: str) -> Response:
        if request.headers.get("hx-request") == "true":
            return Response(message, status_code=status, media_type="text/plain")
        return page(request, "error.html", status_code=status, title=title, message=message)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return show(request, 400, "Cannot do that", str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return show(request, 404, "Not found", str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_params(request: Request, exc: RequestValidationError) -> Response:
        where = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return show(request, 400, "Cannot do that", f"Bad request ({where}).")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        title = "Not found" if exc.status_code == 404 else "Error"
        return show(request, exc.status_code, title, str(exc.detail))

    @app.exception_handler(WorkspaceError)
    async def broken(request: Request, exc: UndertowError) -> Response:
        return show(request, 500, "Workspace problem", str(exc))


def dashboard_url(host: str, port: int, token: str | None = None) -> str:
    """The URL to open: ``http://HOST:PORT/`` (with ``?token=`` when there is one)."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host == "::" else host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/" + (f"?token={token}" if token else "")


def serve(
    ws_path: Path,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
    analyst: str = "analyst",
    events: str | Path | None = None,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve the dashboard of ``ws_path`` until interrupted.

    Raises :class:`~undertow.errors.InputError` for a non-loopback ``host`` without a token.
    ``announce`` is called with the URL to open once the app is built.
    """
    import uvicorn

    check_bind(host, token)
    app = create_app(ws_path, token=token, analyst=analyst, host=host, events=events)
    sock = bind_socket(host, port)
    if announce:
        announce(dashboard_url(host, port, token))
    config = uvicorn.Config(
        app,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
        access_log=False,
    )
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        app.state.ws_state.close()


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind a listening TCP socket, or raise InputError saying why it cannot be."""
    try:
        family, kind, proto, _, addr = socket.getaddrinfo(
            host.strip("[]") or None, port, type=socket.SOCK_STREAM
        )[0]
        sock = socket.socket(family, kind, proto)
    except (OSError, UnicodeError) as exc:
        raise InputError(f"Cannot bind {host}: {exc}; give an address of this machine.") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(addr)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise InputError(
            f"Cannot listen on {host} port {port} ({exc.strerror or exc}); pick another --port."
        ) from None
    return sock
