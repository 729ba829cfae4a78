"""The LLM analyzer against a fake OpenAI-compatible server on 127.0.0.1 (real HTTP, urllib)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from undertow.analyzers.base import PostView
from undertow.analyzers.llm import LLMAnalyzer
from undertow.errors import AnalyzerError
from undertow.llm import client as client_module
from undertow.llm.fake import chat_completion
from undertow.llm.prompt import post_of

# (status, body, headers); a str body is the model's answer text, wrapped as a completion
Answer = tuple[int, str | dict[str, Any], dict[str, str]]
Script = Callable[[dict[str, Any]], Answer]


class FakeServer:
    """An OpenAI-compatible /v1/chat/completions answering from a script; records requests."""

    def __init__(self) -> None:
        self.script: Script = lambda payload: (200, '{"labels": []}', {})
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.auth: list[str | None] = []
        self.delay = 0.0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.loads(self.rfile.read(length).decode("utf-8"))
                server.requests.append(payload)
                server.paths.append(self.path)
                server.auth.append(self.headers.get("Authorization"))
                if server.delay:
                    time.sleep(server.delay)
                status, body, headers = server.script(payload)
                if isinstance(body, str) and status == 200:
                    body = chat_completion(body)
                data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (time-out test)
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[FakeServer]:
    s = FakeServer()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    for var in ("UNDERTOW_LLM_URL", "UNDERTOW_LLM_MODEL", "UNDERTOW_LLM_ON_INVALID"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("UNDERTOW_LLM_API_KEY", raising=False)
    slept: list[float] = []
    monkeypatch.setattr(client_module, "_sleep", slept.append)
    return slept


def _item(label: str, *quotes: str, **detail: Any) -> dict[str, Any]:
    return {
        "label": label,
        "evidence": list(quotes),
        "confidence": "high",
        "causes": detail.get("causes", []),
        "target": detail.get("target"),
        "form": detail.get("form"),
    }


def _answer(*items: dict[str, Any]) -> str:
    return json.dumps({"labels": list(items)}, ensure_ascii=False)


EN = PostView(
    "en:1", "We lost Mosul because of the airstrikes, but the war is long.", "en", "supporter"
)
# with harakat, tatweel and hamza forms the model will not reproduce
AR = PostView("ar:1", "وإنْ خَسِرْنا المـوصل فالحربُ طويلةٌ يا إخوة", "ar", "supporter")

SCRIPT: dict[str, str] = {
    EN.text: _answer(
        _item("admission", "We lost Mosul"),
        _item("failure_analysis", "because of the airstrikes", causes=["air_power", "weather"]),
        _item("defiance", "the war is long"),
        _item("despair", "all is lost, the state is finished"),  # not in the post
    ),
    AR.text: _answer(
        _item("admission", "وان خسرنا الموصل"),  # no harakat, no tatweel, bare alef
        _item("defiance", "فالحرب طويلة"),
    ),
}


def _by_text(payload: dict[str, Any]) -> Answer:
    return 200, SCRIPT[post_of(payload)["text"]], {}


def _analyzer(server: FakeServer, tmp_path: Any, **params: Any) -> LLMAnalyzer:
    params.setdefault("cache_dir", str(tmp_path / "cache"))
    params.setdefault("model", "test-model")
    return LLMAnalyzer(base_url=server.url, **params)


def test_codes_english_and_arabic_with_spans_in_the_original(
    server: FakeServer, tmp_path: Any
) -> None:
    server.script = _by_text
    annotations, stats = _analyzer(server, tmp_path).analyze_with_stats([EN, AR])
    got = {
        (a.post_id, a.label): [{"en:1": EN, "ar:1": AR}[a.post_id].text[s:e] for s, e in a.spans]
        for a in annotations
    }
    assert got == {
        ("en:1", "failure_analysis"): ["because of the airstrikes"],
        ("en:1", "defiance"): ["the war is long"],
        ("en:1", "admission"): ["We lost Mosul"],
        ("ar:1", "defiance"): ["فالحربُ طويلةٌ"],
        ("ar:1", "admission"): ["وإنْ خَسِرْنا المـوصل"],
    }
    fa = next(a for a in annotations if a.label == "failure_analysis")
    assert fa.detail == {"causes": ["air_power"]} and fa.score == 0.9
    assert stats.rejected_labels == 1 and stats.dropped_causes == 1 and stats.requests == 2
    assert server.paths == ["/v1/chat/completions"] * 2


def test_the_request_holds_the_codebook_schema_and_only_the_post(
    server: FakeServer, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.script = _by_text
    monkeypatch.setenv("MY_KEY", "sk-secret")
    analyzer = _analyzer(server, tmp_path, api_key_env="MY_KEY")
    analyzer.analyze([EN])
    payload = server.requests[0]
    assert payload["model"] == "test-model" and payload["temperature"] == 0.0
    fmt = payload["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    system, user = payload["messages"]
    assert "codebook, version 1.1" in system["content"]
    assert json.loads(user["content"]) == {
        "post": {"text": EN.text, "stance": "supporter", "lang": "en"}
    }
    assert server.auth == ["Bearer sk-secret"]
    assert "sk-secret" not in json.dumps(analyzer.get_params())


def test_a_second_run_is_served_from_the_cache(server: FakeServer, tmp_path: Any) -> None:
    server.script = _by_text
    first = _analyzer(server, tmp_path).analyze([EN, AR])
    assert len(server.requests) == 2
    again, stats = _analyzer(server, tmp_path).analyze_with_stats([AR, EN])
    assert len(server.requests) == 2 and stats.cached == 2 and stats.requests == 0
    assert sorted(map(repr, again)) == sorted(map(repr, first))
    _analyzer(server, tmp_path, model="other-model").analyze([EN])  # another model: asked again
    assert len(server.requests) == 3


def test_a_server_error_is_retried_with_backoff(
    server: FakeServer, tmp_path: Any, _clean_env: list[float]
) -> None:
    answers: list[Answer] = [
        (500, {"error": {"message": "overloaded"}}, {}),
        (429, {"error": "slow down"}, {"Retry-After": "7"}),
    ]
    server.script = lambda p: answers.pop(0) if answers else _by_text(p)
    annotations = _analyzer(server, tmp_path).analyze([EN])
    assert {a.label for a in annotations} == {"admission", "defiance", "failure_analysis"}
    assert len(server.requests) == 3 and _clean_env == [0.5, 7.0]


def test_a_server_that_keeps_failing_stops_the_run(server: FakeServer, tmp_path: Any) -> None:
    server.script = lambda p: (503, {"error": {"message": "model loading"}}, {})
    with pytest.raises(AnalyzerError, match=r"kept failing \(HTTP 503: model loading\)"):
        _analyzer(server, tmp_path, retries=2).analyze([EN])
    assert len(server.requests) == 3


def test_401_names_the_url_and_the_key_variable(server: FakeServer, tmp_path: Any) -> None:
    server.script = lambda p: (401, {"error": {"message": "Invalid API key"}}, {})
    with pytest.raises(AnalyzerError) as info:
        _analyzer(server, tmp_path).analyze([EN])
    message = str(info.value)
    assert server.url in message and "UNDERTOW_LLM_API_KEY" in message and "\n" not in message
    assert len(server.requests) == 1


def test_404_says_how_to_set_the_url(server: FakeServer, tmp_path: Any) -> None:
    server.script = lambda p: (404, {"error": "model 'x' not found"}, {})
    with pytest.raises(AnalyzerError, match=r"answered 404 .*UNDERTOW_LLM_URL"):
        _analyzer(server, tmp_path).analyze([EN])


def test_a_refused_connection_names_the_url(tmp_path: Any) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    analyzer = LLMAnalyzer(base_url=url, model="m", cache_dir=str(tmp_path))
    with pytest.raises(AnalyzerError, match="connection refused"):
        analyzer.analyze([EN])


def test_a_slow_server_times_out(server: FakeServer, tmp_path: Any) -> None:
    server.delay = 0.5
    with pytest.raises(AnalyzerError, match=r"did not answer within 0\.1 s"):
        _analyzer(server, tmp_path, timeout=0.1, retries=0).analyze([EN])


def test_a_redirect_is_not_followed(server: FakeServer, tmp_path: Any) -> None:
    server.script = lambda p: (307, {}, {"Location": "http://127.0.0.1:9/elsewhere"})
    with pytest.raises(AnalyzerError, match="does not follow redirects"):
        _analyzer(server, tmp_path).analyze([EN])
    assert len(server.requests) == 1


def test_a_server_without_json_schema_gets_a_plain_prompt(
    server: FakeServer, tmp_path: Any
) -> None:
    def script(payload: dict[str, Any]) -> Answer:
        if "response_format" in payload:
            return 400, {"error": {"message": "response_format is not supported"}}, {}
        fenced = "Here is the coding:\n```json\n" + SCRIPT[post_of(payload)["text"]] + "\n```"
        return 200, fenced, {}

    server.script = script
    annotations = _analyzer(server, tmp_path, concurrency=1).analyze([EN, AR])
    assert len(annotations) == 5
    assert ["response_format" in p for p in server.requests] == [True, False, False]


def test_malformed_json_stops_the_run_with_the_post_id(server: FakeServer, tmp_path: Any) -> None:
    server.script = lambda p: (200, '{"labels": [ {"label": "worry", ', {})
    with pytest.raises(AnalyzerError, match=r"no usable answer for post en:1.*UNDERTOW_LLM_ON"):
        _analyzer(server, tmp_path).analyze([EN])
    assert len(server.requests) == 2  # asked twice


def test_malformed_json_can_be_skipped_with_a_warning(server: FakeServer, tmp_path: Any) -> None:
    server.script = lambda p: (
        (200, "I cannot help with that.", {}) if post_of(p)["lang"] == "en" else _by_text(p)
    )
    analyzer = _analyzer(server, tmp_path, on_invalid="skip")
    with pytest.warns(UserWarning, match="Left 1 of 2 posts without labels"):
        annotations = analyzer.analyze([EN, AR])
    assert {a.post_id for a in annotations} == {"ar:1"}
    _, stats = analyzer.analyze_with_stats([EN, AR])  # the bad answer was not cached
    assert stats.cached == 1 and stats.invalid == 1
