"""The LLM analyzer's contract: off by default, lazy configuration, conformance, answer checks."""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Any

import pytest

from undertow.analyzers.base import CAUSES, INCITEMENT_FORMS, LABELS, PostView
from undertow.analyzers.conformance import PROBES, check_analyzer
from undertow.analyzers.llm import LLMAnalyzer
from undertow.errors import AnalyzerError
from undertow.llm.config import endpoint_url
from undertow.llm.fake import FakeTransport, codebook_responder
from undertow.llm.prompt import (
    RESPONSE_SCHEMA,
    build_messages,
    codebook_prompt,
    post_of,
)
from undertow.llm.response import LLMStats, annotations_from, extract_json


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("UNDERTOW_LLM_URL", "UNDERTOW_LLM_MODEL", "UNDERTOW_LLM_ON_INVALID"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the LLM analyzer touched the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_unconfigured_it_builds_and_analyze_says_how_to_configure(no_network: None) -> None:
    analyzer = LLMAnalyzer()
    assert analyzer.analyze([]) == []
    assert not analyzer.is_configured()
    with pytest.raises(AnalyzerError) as info:
        analyzer.analyze([PROBES[0]])
    message = str(info.value)
    assert "\n" not in message
    assert "UNDERTOW_LLM_URL" in message and "UNDERTOW_LLM_MODEL" in message
    assert "docs/llm.md" in message


def test_configuration_is_read_from_the_environment_when_needed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    analyzer = LLMAnalyzer(cache=False)
    monkeypatch.setenv("UNDERTOW_LLM_URL", "http://127.0.0.1:11434/v1/")
    monkeypatch.setenv("UNDERTOW_LLM_MODEL", "qwen2.5:7b")
    config = analyzer.config()
    assert config.endpoint == "http://127.0.0.1:11434/v1/chat/completions"
    assert config.model == "qwen2.5:7b" and config.cache_path is None
    assert analyzer.get_params()["base_url"] is None  # parameters are stored as given
    monkeypatch.setenv("UNDERTOW_LLM_API_KEY", "sk-secret")
    provenance = analyzer.provenance()
    assert provenance["model"] == "qwen2.5:7b" and provenance["codebook"] == "1.1"
    assert "sk-secret" not in json.dumps(provenance)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/v1",
        "localhost:8080/v1",
        "http:///v1",
        "http://user:secret@127.0.0.1:8080/v1",
        "http://127.0.0.1:99999/v1",
    ],
)
def test_non_http_urls_are_refused(url: str) -> None:
    with pytest.raises(AnalyzerError) as info:
        LLMAnalyzer(base_url=url, model="m").analyze([PROBES[0]])
    assert "secret" not in str(info.value)


def test_endpoint_url_appends_the_chat_path_once() -> None:
    assert (
        endpoint_url("https://llm.lab.example/v1") == "https://llm.lab.example/v1/chat/completions"
    )
    assert endpoint_url("HTTP://h:8000/v1/chat/completions/") == "http://h:8000/v1/chat/completions"
    assert (
        endpoint_url("http://h/openai?api-version=1")
        == "http://h/openai/chat/completions?api-version=1"
    )


@pytest.mark.parametrize(
    ("param", "value"),
    [("temperature", 5), ("concurrency", 0), ("timeout", -1), ("retries", -1), ("on_invalid", "x")],
)
def test_bad_parameters_are_reported(param: str, value: Any) -> None:
    analyzer = LLMAnalyzer(base_url="http://127.0.0.1:9/v1", model="m", **{param: value})
    with pytest.raises(AnalyzerError, match=param):
        analyzer.analyze([PROBES[0]])


def test_the_conformance_check_passes_with_the_fake_server(no_network: None) -> None:
    analyzer = LLMAnalyzer.conformance_instance()
    assert LLMAnalyzer.requires_config is True
    assert check_analyzer(analyzer) == []
    annotations = analyzer.analyze(list(PROBES))
    labels = {(a.post_id, a.label) for a in annotations}
    assert ("probe:ar", "admission") in labels and ("probe:bidi", "triumphalism") in labels
    assert ("probe:en", "despair") not in labels  # its quote is not in the post


def test_the_unconfigured_registered_instance_fails_the_check_only_for_configuration() -> None:
    problems = check_analyzer(LLMAnalyzer())
    assert len(problems) == 1 and "not configured" in problems[0]


def test_params_round_trip_and_hold_no_transport() -> None:
    analyzer = LLMAnalyzer.conformance_instance()
    params = analyzer.get_params()
    assert LLMAnalyzer(**params).get_params() == params
    assert "transport" not in json.dumps(params, default=str)


def test_identical_posts_in_a_batch_cost_one_request() -> None:
    fake = FakeTransport(codebook_responder)
    analyzer = LLMAnalyzer.with_transport(
        fake, base_url="http://127.0.0.1:9/v1", model="m", cache=False
    )
    twins = [PostView(f"p{i}", "We lost the city, but the war is long.", "en") for i in range(3)]
    annotations = analyzer.analyze(twins)
    assert len(fake.payloads) == 1
    assert [a.post_id for a in annotations if a.label == "admission"] == ["p0", "p1", "p2"]


def test_concurrent_answers_keep_the_batch_order() -> None:
    seen = threading.Semaphore(0)

    def slow_first(payload: dict[str, Any]) -> str:
        text = post_of(payload)["text"]
        if text.startswith("0 "):
            seen.acquire(timeout=2)  # answer post 0 only after another post was answered
        else:
            seen.release()
            time.sleep(0.01)
        return codebook_responder(payload)

    fake = FakeTransport(slow_first)
    analyzer = LLMAnalyzer.with_transport(
        fake, base_url="http://127.0.0.1:9/v1", model="m", cache=False, concurrency=3
    )
    posts = [PostView(f"p{i}", f"{i} We lost the city.", "en") for i in range(6)]
    assert [a.post_id for a in analyzer.analyze(posts)] == [p.id for p in posts]


# --- the prompt and the schema ---------------------------------------------------------------


def test_the_codebook_prompt_covers_the_codebook() -> None:
    text = codebook_prompt()
    assert "version 1.1" in text
    missing = [v for v in (*LABELS, *CAUSES, *INCITEMENT_FORMS) if f"`{v}`" not in text]
    assert not missing


def _objects(schema: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            found.append(schema)
        for value in schema.values():
            found.extend(_objects(value))
    elif isinstance(schema, list):
        for value in schema:
            found.extend(_objects(value))
    return found


def test_the_schema_meets_strict_structured_output_rules() -> None:
    objects = _objects(RESPONSE_SCHEMA)
    assert len(objects) == 2
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert sorted(obj["required"]) == sorted(obj["properties"])


def test_only_the_text_stance_and_language_are_sent() -> None:
    post = PostView("secret-id", "نص المنشور", "ar", None)
    messages = build_messages(post)
    assert "secret-id" not in json.dumps(messages, ensure_ascii=False)
    assert post_of({"messages": messages}) == {
        "text": "نص المنشور",
        "stance": "unknown",
        "lang": "ar",
    }


# --- checking the model's answer --------------------------------------------------------------

POST = PostView("p", "Kill the apostates in Raqqa! We lost because of spies.", "en", "supporter")


def _check(*items: dict[str, Any]) -> tuple[list[Any], LLMStats]:
    stats = LLMStats()
    return annotations_from(POST, {"labels": list(items)}, stats), stats


def test_labels_outside_the_codebook_and_bad_forms_are_dropped() -> None:
    annotations, stats = _check(
        {"label": "panic", "evidence": ["Kill the apostates"]},
        {"label": "incitement", "evidence": ["Kill the apostates"], "form": "hint"},
        "not an object",
    )
    assert annotations == [] and stats.unknown_labels == 2 and stats.bad_details == 1


def test_a_valid_answer_keeps_causes_target_and_merges_repeats() -> None:
    annotations, stats = _check(
        {
            "label": "incitement",
            "evidence": ["Kill the apostates in Raqqa"],
            "confidence": "medium",
            "target": "  the apostates\n in Raqqa ",
            "form": "explicit_call",
        },
        {"label": "failure_analysis", "evidence": "because of spies", "causes": ["betrayal", 3]},
        {"label": "failure_analysis", "evidence": ["We lost", "not here"], "causes": ["other"]},
    )
    failure, incitement = annotations
    assert incitement.detail == {"target": "the apostates in Raqqa", "form": "explicit_call"}
    assert incitement.score == 0.7 and failure.score == 0.5
    assert failure.detail == {"causes": ["betrayal", "other"]}
    assert [POST.text[s:e] for s, e in failure.spans] == ["We lost", "because of spies"]
    assert stats.dropped_causes == 1 and stats.rejected_quotes == 1 and stats.labels == 2


@pytest.mark.parametrize(
    "content",
    [
        '{"labels": []}',
        'Sure! {"note": 1} and then {"labels": []} done',
        '```json\n{"labels": []}\n```',
    ],
)
def test_the_answer_object_is_found_in_prose(content: str) -> None:
    assert extract_json(content) == {"labels": []}


@pytest.mark.parametrize("content", ["", "no", '{"labels": {}}', "[1, 2]", '{"label": "x"}'])
def test_an_answer_without_a_labels_list_is_invalid(content: str) -> None:
    with pytest.raises(AnalyzerError, match="labels"):
        extract_json(content)
