"""The dashboard's security middleware: host check, token, CSRF and response headers.

One pure ASGI middleware wraps the whole app (static files and error pages included):

1. **Host check** (against DNS rebinding): the ``Host`` header must name a loopback address
   or the bound host; a server bound to a wildcard address (``0.0.0.0``, ``::``) has a token
   and accepts any host name.
2. **Token** (when the server has one): ``Authorization: Bearer T``, or the session cookie that
   ``?token=T`` sets once (HttpOnly, SameSite=Strict; the URL is then redirected without the
   token so it does not stay in the address bar). Anything else gets 401. Tokens are compared
   with :func:`hmac.compare_digest`.
3. **CSRF**: a random per-session token in a SameSite=Strict cookie; every request whose method
   is not GET, HEAD or OPTIONS must repeat it in the ``X-CSRF-Token`` header or in the form
   field ``csrf_token``, and must not come from another origin (``Origin``, ``Sec-Fetch-Site``).
4. **Headers** on every response: a strict Content-Security-Policy with no remote source,
   ``nosniff``, ``no-referrer``, no framing, and ``no-store`` for everything but static files.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs, parse_qsl, quote, urlencode, urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import cookie_parser

from undertow.errors import InputError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
MIN_TOKEN_CHARS = 12
MAX_FORM_BYTES = 1_000_000
_CSRF_RE = re.compile(r"[A-Za-z0-9_-]{32,128}")


def is_loopback(host: str) -> bool:
    """True when ``host`` is ``localhost`` or a loopback IP address (127.0.0.0/8, ::1)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve on a non-loopback ``host`` without a token of sensible length.

    Raises :class:`~undertow.errors.InputError` saying what to do instead.
    """
    if is_loopback(host):
        if token is not None and len(token) < MIN_TOKEN_CHARS:
            raise InputError(
                f"The token is shorter than {MIN_TOKEN_CHARS} characters; make one with: "
                'python -c "import secrets; print(secrets.token_urlsafe())"'
            )
        return
    if not token:
        raise InputError(
            f"Refusing to serve on {host}: the dashboard shows raw extremist content and "
            "analyst corrections, so any address other than 127.0.0.1 needs --token. Bind "
            "127.0.0.1 (the default), or pass --token with a long random value, e.g. from: "
            'python -c "import secrets; print(secrets.token_urlsafe())"'
        )
    if len(token) < MIN_TOKEN_CHARS:
        raise InputError(
            f"The token is shorter than {MIN_TOKEN_CHARS} characters; make one with: "
            'python -c "import secrets; print(secrets.token_urlsafe())"'
        )


def allowed_hosts_for(host: str) -> frozenset[str] | None:
    """Host names the server answers to when bound to ``host`` (None: any, for wildcards)."""
    name = host.strip().strip("[]").lower()
    if name in WILDCARD_HOSTS:
        return None
    return LOOPBACK_NAMES | {name}


def _host_name(value: str) -> str:
    """Return the host part of a ``Host`` header (``[::1]:8765`` -> ``::1``), lower case."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value


def session_value(token: str) -> str:
    """Return the cookie value that stands for ``token`` (a keyed hash, not the token itself)."""
    return hmac.new(token.encode("utf-8"), b"undertow-session-v1", hashlib.sha256).hexdigest()


def _same(a: str | None, b: str) -> bool:
    return a is not None and hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


class SecurityMiddleware:
    """Wrap an ASGI app with the host check, the token, CSRF and the security headers."""

    def __init__(
        self, app: ASGIApp, *, token: str | None = None, allowed_hosts: frozenset[str] | None
    ) -> None:
        self.app = app
        self.token = token or None
        self.allowed_hosts = allowed_hosts
        self._session = session_value(token) if token else ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if self.allowed_hosts is not None:
            host = _host_name(headers.get("host", ""))
            if host not in self.allowed_hosts:
                await _reply(send, 400, "Bad Host header: open the dashboard at 127.0.0.1.")
                return
        port = (scope.get("server") or (None, 0))[1] or 0
        token_cookie, csrf_cookie = f"undertow_token_{port}", f"undertow_csrf_{port}"
        cookies = cookie_parser(headers.get("cookie", ""))
        set_cookies: list[str] = []

        if self.token and not self._authorised(headers, cookies.get(token_cookie)):
            query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), True)
            given = [v for k, v in query if k == "token"]
            if given and _same(given[-1], self.token):
                rest = urlencode([(k, v) for k, v in query if k != "token"])
                raw = scope.get("raw_path") or quote(scope.get("path", "/")).encode()
                location = "/" + raw.decode("latin-1").lstrip("/") + (f"?{rest}" if rest else "")
                cookie = _cookie(token_cookie, self._session)
                await _reply(
                    send, 303, "Signed in.", [("location", location), ("set-cookie", cookie)]
                )
                return
            await _reply(
                send,
                401,
                "Unauthorised: open the URL that undertow serve printed (with ?token=...) or "
                "send the header Authorization: Bearer <token>.",
                [("www-authenticate", 'Bearer realm="undertow"')],
            )
            return

        csrf = cookies.get(csrf_cookie)
        had_csrf = csrf is not None and _CSRF_RE.fullmatch(csrf) is not None
        if not had_csrf:
            csrf = secrets.token_urlsafe(32)
            set_cookies.append(_cookie(csrf_cookie, csrf))
        scope.setdefault("state", {})["csrf"] = csrf

        if scope["method"] not in SAFE_METHODS:
            problem, receive = await self._check_write(scope, headers, receive, csrf, had_csrf)
            if problem:
                await _reply(send, 403, problem)
                return

        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    out[key] = value
                if not static:
                    out["Cache-Control"] = "no-store"
                for cookie in set_cookies:
                    out.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _authorised(self, headers: Headers, cookie: str | None) -> bool:
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer " and _same(auth[7:].strip(), self.token or ""):
            return True
        return _same(cookie, self._session)

    async def _check_write(
        self, scope: Scope, headers: Headers, receive: Receive, csrf: str, had_csrf: bool
    ) -> tuple[str, Receive]:
        """Return (problem or "", the receive callable to pass on) for a state-changing request."""
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return "Cross-site request refused.", receive
        origin = headers.get("origin")
        if origin and origin != "null":
            if urlsplit(origin).netloc.lower() != headers.get("host", "").lower():
                return "Cross-origin request refused.", receive
        elif origin == "null":
            return "Request from an opaque origin refused.", receive
        if not had_csrf:
            return "Missing CSRF cookie: reload the page and try again.", receive
        sent = headers.get(CSRF_HEADER)
        if sent is None:
            ctype = headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/x-www-form-urlencoded":
                body, too_big = await _read_body(receive)
                if too_big:
                    return "Form too large.", receive
                form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                sent = (form.get(CSRF_FIELD) or [None])[-1]
                receive = _replay(body, receive)
        if not _same(sent, csrf):
            return "Missing or wrong CSRF token: reload the page and try again.", receive
        return "", receive


def _cookie(name: str, value: str) -> str:
    return f"{name}={value}; Path=/; HttpOnly; SameSite=Strict"


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            return b"", True
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks), False


def _replay(body: bytes, receive: Receive) -> Receive:
    done = False

    async def again() -> Message:
        nonlocal done
        if not done:
            done = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return again


async def _reply(
    send: Send, status: int, text: str, extra: list[tuple[str, str]] | None = None
) -> None:
    body = (text + "\n").encode("utf-8")
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]
    headers += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    headers += [(k.encode(), v.encode("latin-1")) for k, v in extra or []]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
