"""Code a batch of posts with the model: cache first, then one request per post, in parallel.

:func:`code_posts` looks every post up in the answer cache, sends one request per remaining
distinct (text, stance, language) through a small thread pool, stores each usable answer as
soon as it arrives (an interrupted run keeps what it paid for), and turns the answers into
checked annotations (:mod:`undertow.llm.response`). An answer that is not a JSON answer object
is asked for once more; if it is still unusable the run stops with an AnalyzerError
(``on_invalid="raise"``) or the post is left without labels and counted (``"skip"``).
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from undertow.analyzers.base import Annotation, PostView
from undertow.errors import AnalyzerError
from undertow.llm.cache import ResponseCache, cache_key
from undertow.llm.client import ChatClient, InvalidResponse
from undertow.llm.config import ENV_ON_INVALID, LLMConfig
from undertow.llm.prompt import build_messages
from undertow.llm.response import LLMStats, annotations_from, extract_json
from undertow.llm.transport import Transport

__all__ = ["code_posts"]

ASKS = 2  # times a post is asked when its answer is unusable


@dataclass(slots=True)
class _Result:
    content: str | None
    requests: int
    error: InvalidResponse | None = None


def _ask(client: ChatClient, post: PostView) -> _Result:
    """The model's usable answer text for ``post`` (asked up to :data:`ASKS` times)."""
    requests = 0
    error: InvalidResponse | None = None
    for _ in range(ASKS):
        try:
            done = client.complete(build_messages(post))
        except InvalidResponse as exc:  # HTTP 400 without schema: asking again will not help
            return _Result(None, requests + 1, exc)
        requests += done.requests
        try:
            extract_json(done.content)
        except InvalidResponse as exc:
            error = exc
            continue
        return _Result(done.content, requests)
    return _Result(None, requests, error)


def _invalid(config: LLMConfig, post: PostView, error: InvalidResponse) -> AnalyzerError:
    return AnalyzerError(
        f"The LLM at {config.endpoint} gave no usable answer for post {post.id} ({error}); use "
        "a model or server that supports JSON schema output, or set "
        f"{ENV_ON_INVALID}=skip to leave such posts without labels."
    )


def _fetch(
    todo: dict[str, PostView],
    config: LLMConfig,
    transport: Transport,
    cache: ResponseCache,
    stats: LLMStats,
) -> tuple[dict[str, str], dict[str, InvalidResponse]]:
    """Ask the model about every post of ``todo`` (by cache key); cache each usable answer."""
    answers: dict[str, str] = {}
    errors: dict[str, InvalidResponse] = {}
    client = ChatClient(config, transport)
    pool = ThreadPoolExecutor(max_workers=min(config.concurrency, len(todo)))
    try:
        futures: dict[Future[_Result], str] = {
            pool.submit(_ask, client, post): key for key, post in todo.items()
        }
        for future in as_completed(futures):
            key = futures[future]
            result = future.result()  # an AnalyzerError (server down, 401...) stops the run
            stats.requests += result.requests
            if result.content is None:
                assert result.error is not None
                if config.on_invalid == "raise":
                    raise _invalid(config, todo[key], result.error)
                errors[key] = result.error
                continue
            answers[key] = result.content
            cache.put(key, config.model, result.content)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return answers, errors


def code_posts(
    posts: list[PostView], config: LLMConfig, transport: Transport
) -> tuple[list[Annotation], LLMStats]:
    """Code ``posts`` with the configured model; return the annotations and the run's counts."""
    stats = LLMStats(posts=len(posts))
    if not posts:
        return [], stats
    keys = [cache_key(config.model, config.temperature, p.text, p.stance, p.lang) for p in posts]
    with ResponseCache(config.cache_path) as cache:
        answers = cache.get_many(keys)
        stats.cached = sum(key in answers for key in keys)
        todo: dict[str, PostView] = {}
        for key, post in zip(keys, posts, strict=True):
            if key not in answers:
                todo.setdefault(key, post)
        errors: dict[str, InvalidResponse] = {}
        if todo:
            fetched, errors = _fetch(todo, config, transport, cache, stats)
            answers.update(fetched)
    out: list[Annotation] = []
    for key, post in zip(keys, posts, strict=True):
        if key in errors:
            stats.invalid += 1
            continue
        try:
            answer = extract_json(answers[key])
        except InvalidResponse as exc:  # a cache written by hand or by another version
            if config.on_invalid == "raise":
                raise _invalid(config, post, exc) from exc
            stats.invalid += 1
            continue
        out.extend(annotations_from(post, answer, stats))
    return out, stats
