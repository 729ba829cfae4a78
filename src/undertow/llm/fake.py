"""An in-process stand-in for an OpenAI-compatible server: the test seam of the LLM coder.

:class:`FakeTransport` hands each request's JSON payload to a function and returns what it
gives: a string (the model's answer text, wrapped as a chat completion), a ``(status, body)``
pair or a :class:`~undertow.llm.transport.Response`. It records the payloads it received.

:func:`codebook_responder` is a deterministic toy "model" used by the conformance check
(``LLMAnalyzer.conformance_instance()``): it answers from a few cue words, quotes in the forms a
real model would (exact, with normalised Arabic letter forms, with an elision), and always adds
one quote that is not in the post, so that every path of the evidence checks runs.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from undertow.llm.prompt import post_of
from undertow.llm.transport import Request, Response

__all__ = ["FakeTransport", "Reply", "chat_completion", "codebook_responder"]

Reply = str | tuple[int, str | bytes | dict[str, Any]] | Response


def chat_completion(content: str, model: str = "fake") -> dict[str, Any]:
    """A minimal OpenAI chat-completions response whose answer text is ``content``."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
    }


def _body(value: str | bytes | dict[str, Any]) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


class FakeTransport:
    """A transport that answers with ``respond(payload)`` instead of the network."""

    def __init__(self, respond: Callable[[dict[str, Any]], Reply]) -> None:
        self.respond = respond
        self.payloads: list[dict[str, Any]] = []
        self.urls: list[str] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()

    def send(self, request: Request) -> Response:
        """Record the request and return ``respond``'s answer."""
        payload = json.loads(request.body.decode("utf-8"))
        with self._lock:
            self.payloads.append(payload)
            self.urls.append(request.url)
            self.headers.append(dict(request.headers))
        reply = self.respond(payload)
        if isinstance(reply, Response):
            return reply
        if isinstance(reply, str):
            return Response(200, _body(chat_completion(reply, payload.get("model", "fake"))))
        status, body = reply
        return Response(status, _body(body))


#: (word in the post, label, quote the toy model returns, detail fields)
_CUES: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("lost the city", "admission", "lost the city", {}),
    ("war is long", "defiance", "We lost ... the war is long", {}),
    ("Do not despair", "consolation", "“do not despair.”", {}),
    ("خسرنا", "admission", "وان خسرنا الفلوجه", {}),  # letter forms as a model may write them
    ("طويلة", "defiance", "فالحرب طويلة", {}),
    ("باقية", "triumphalism", "الدولة باقية", {}),  # bidi controls in the post, none in the quote
    ("kill them all", "incitement", "kill them all", {"form": "explicit_call", "target": None}),
    ("reports kept coming", "failure_analysis", "reports kept coming", {"causes": ["siege"]}),
)


def codebook_responder(payload: dict[str, Any]) -> str:
    """A deterministic toy answer for the post in ``payload`` (JSON text, as a model gives)."""
    text = post_of(payload)["text"]
    labels: list[dict[str, Any]] = []
    for cue, label, quote, detail in _CUES:
        if cue in text:
            labels.append(
                {
                    "label": label,
                    "evidence": [quote],
                    "confidence": "high",
                    "causes": detail.get("causes", []),
                    "target": detail.get("target"),
                    "form": detail.get("form"),
                }
            )
    labels.append(  # evidence that is not in the post: the coder must drop this label
        {
            "label": "despair",
            "evidence": ["this sentence is not in the post"],
            "confidence": "low",
            "causes": [],
            "target": None,
            "form": None,
        }
    )
    return json.dumps({"labels": labels}, ensure_ascii=False)
