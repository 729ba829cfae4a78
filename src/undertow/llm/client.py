"""A chat-completions client for the user's own OpenAI-compatible server.

:meth:`ChatClient.complete` sends one post's messages and returns the model's answer text. It
asks for a strict JSON schema (``response_format`` ``json_schema``) and, if the server answers
400 to that, asks once more without it (the prompt already says "JSON only", and the answer is
parsed leniently). 429 and 5xx answers and time-outs are retried with exponential back-off
(``Retry-After`` honoured, capped); 401/403, 404, redirects and refused connections stop at once
with an :class:`~undertow.errors.AnalyzerError` naming the URL and saying what to do.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
from dataclasses import dataclass
from typing import Any

from undertow.errors import AnalyzerError
from undertow.llm.config import LLMConfig
from undertow.llm.prompt import RESPONSE_SCHEMA
from undertow.llm.transport import MAX_RESPONSE_BYTES, Request, Response, Transport

__all__ = ["ChatClient", "Completion", "InvalidResponse"]

BACKOFF = 0.5  # seconds before the first retry; doubled each time
MAX_WAIT = 30.0  # the longest pause between two attempts
_sleep = time.sleep  # replaced in tests


class InvalidResponse(AnalyzerError):
    """The server answered, but not with a usable answer for this post."""


@dataclass(frozen=True, slots=True)
class Completion:
    """The model's answer text and how many HTTP requests it took."""

    content: str
    requests: int


def _server_message(resp: Response) -> str:
    """The error message in a server's answer, short and on one line."""
    text = resp.body[:2000].decode("utf-8", "replace")
    try:
        data = json.loads(text)
        err = data.get("error", data) if isinstance(data, dict) else data
        if isinstance(err, dict):
            text = str(err.get("message") or err)
        elif isinstance(err, str):
            text = err
    except ValueError:
        pass
    text = " ".join(text.split())
    return text[:200] or "no message"


def _wait(attempt: int, resp: Response | None) -> float:
    retry_after = resp.headers.get("retry-after") if resp is not None else None
    if retry_after is not None:
        try:
            return min(max(float(retry_after), 0.0), MAX_WAIT)
        except ValueError:
            pass
    return min(BACKOFF * 2**attempt, MAX_WAIT)


def _refused(exc: OSError) -> bool:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    return isinstance(reason, ConnectionRefusedError)


def _timed_out(exc: OSError) -> bool:
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    return isinstance(reason, TimeoutError | socket.timeout)


def content_of(resp: Response) -> str:
    """The answer text of a 200 chat-completions response; InvalidResponse if there is none."""
    if len(resp.body) > MAX_RESPONSE_BYTES:
        raise InvalidResponse(f"the answer is larger than {MAX_RESPONSE_BYTES} bytes")
    try:
        data = json.loads(resp.body.decode("utf-8"))
        message = data["choices"][0]["message"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise InvalidResponse(
            "the server's answer is not a chat completion (no choices[0].message)"
        ) from exc
    content = message.get("content") if isinstance(message, dict) else None
    if not isinstance(content, str) or not content.strip():
        refusal = message.get("refusal") if isinstance(message, dict) else None
        raise InvalidResponse(f"the model gave no answer text (refusal: {refusal!r})")
    return content


class ChatClient:
    """Sends chat requests to ``config.endpoint`` through ``transport``; one per coding run."""

    def __init__(self, config: LLMConfig, transport: Transport) -> None:
        self.config = config
        self.transport = transport
        self._structured = True  # falls to False for the run once the server refuses schemas
        self._lock = threading.Lock()

    def _request(self, messages: list[dict[str, str]], structured: bool) -> Request:
        cfg = self.config
        payload: dict[str, Any] = {
            "model": cfg.model,
            "messages": messages,
            "temperature": cfg.temperature,
            "stream": False,
        }
        if structured:
            payload["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": "codebook_labels",
                    "strict": True,
                    "schema": RESPONSE_SCHEMA,
                },
            }
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        key = cfg.api_key()
        if key:
            headers["Authorization"] = f"Bearer {key}"
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return Request(cfg.endpoint, body, headers, cfg.timeout)

    def complete(self, messages: list[dict[str, str]]) -> Completion:
        """Send ``messages``; return the answer text (AnalyzerError when the server fails)."""
        url = self.config.endpoint
        attempt = 0
        requests = 0
        while True:
            structured = self._structured
            requests += 1
            try:
                resp = self.transport.send(self._request(messages, structured))
            except OSError as exc:
                if _refused(exc):
                    raise AnalyzerError(
                        f"Could not connect to the LLM server at {url} (connection refused); "
                        "start the server or fix UNDERTOW_LLM_URL."
                    ) from exc
                if attempt < self.config.retries:
                    _sleep(_wait(attempt, None))
                    attempt += 1
                    continue
                if _timed_out(exc):
                    raise AnalyzerError(
                        f"The LLM server at {url} did not answer within {self.config.timeout:g} "
                        f"s ({attempt + 1} attempts); raise timeout= or check the server."
                    ) from exc
                raise AnalyzerError(
                    f"Could not reach the LLM server at {url} ({exc}); check UNDERTOW_LLM_URL "
                    "and that the server is running."
                ) from exc
            status = resp.status
            if status == 200:
                return Completion(content_of(resp), requests)
            if status == 400 and structured:
                with self._lock:
                    self._structured = False
                continue
            if (status == 429 or status >= 500) and attempt < self.config.retries:
                _sleep(_wait(attempt, resp))
                attempt += 1
                continue
            raise self._error(resp)

    def _error(self, resp: Response) -> AnalyzerError:
        url, status, says = self.config.endpoint, resp.status, _server_message(resp)
        if status in (401, 403):
            return AnalyzerError(
                f"The LLM server at {url} refused the request (HTTP {status}: {says}); put its "
                f"API key in the environment variable {self.config.api_key_env}."
            )
        if status == 404:
            return AnalyzerError(
                f"The LLM server at {url} answered 404 ({says}); set UNDERTOW_LLM_URL to the "
                "server's OpenAI-compatible base URL (usually ending in /v1) and "
                "UNDERTOW_LLM_MODEL to a model it serves."
            )
        if 300 <= status < 400:
            where = resp.headers.get("location", "another address")
            return AnalyzerError(
                f"The LLM server at {url} redirected to {where}; undertow does not follow "
                "redirects: set UNDERTOW_LLM_URL to the final address."
            )
        if status == 400:
            return InvalidResponse(f"the server refused this post (HTTP 400: {says})")
        if status == 429 or status >= 500:
            return AnalyzerError(
                f"The LLM server at {url} kept failing (HTTP {status}: {says}) after "
                f"{self.config.retries + 1} attempts; check the server, or lower concurrency."
            )
        return AnalyzerError(
            f"The LLM server at {url} answered HTTP {status} ({says}); check the server."
        )
