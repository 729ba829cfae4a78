"""How a request reaches the model server: one method, plain data in and out.

A :class:`Transport` has one method, ``send(Request) -> Response``. It returns every HTTP
answer, error statuses included, as a :class:`Response`, and raises ``OSError`` (connection
refused, time-out, unknown host) only when no answer came. :class:`UrllibTransport` speaks HTTP
with the standard library; :class:`undertow.llm.fake.FakeTransport` answers in-process and is
the test seam.

:class:`UrllibTransport` never follows a redirect (a 3xx is returned as it is): the configured
URL is the only address undertow ever sends anything to.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

__all__ = ["MAX_RESPONSE_BYTES", "Request", "Response", "Transport", "UrllibTransport"]

#: The largest answer read from the server (a chat completion is a few kilobytes).
MAX_RESPONSE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Request:
    """One POST to the model server."""

    url: str
    body: bytes
    headers: Mapping[str, str]
    timeout: float


@dataclass(frozen=True, slots=True)
class Response:
    """The server's answer; ``headers`` keys are lower case."""

    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


class Transport(Protocol):
    """Sends one request and returns the answer (raises ``OSError`` when none came)."""

    def send(self, request: Request) -> Response:
        """Send ``request``; return the server's answer, whatever its status."""
        ...


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse every redirect: urllib then raises HTTPError with the 3xx status."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _headers(items: object) -> dict[str, str]:
    try:
        return {str(k).lower(): str(v) for k, v in items.items()}  # type: ignore[attr-defined]
    except AttributeError:
        return {}


class UrllibTransport:
    """HTTP through ``urllib.request`` (standard library only, redirects never followed)."""

    def __init__(self) -> None:
        self._opener = urllib.request.build_opener(_NoRedirect)

    def send(self, request: Request) -> Response:
        """POST ``request.body`` to ``request.url``; return the answer (errors included)."""
        req = urllib.request.Request(
            request.url, data=request.body, headers=dict(request.headers), method="POST"
        )
        try:
            with self._opener.open(req, timeout=request.timeout) as resp:
                body = resp.read(MAX_RESPONSE_BYTES + 1)
                return Response(resp.status, body, _headers(resp.headers))
        except urllib.error.HTTPError as exc:
            try:
                body = exc.read(MAX_RESPONSE_BYTES + 1)
            except OSError:
                body = b""
            finally:
                exc.close()
            return Response(exc.code, body, _headers(exc.headers))
