"""``codebook.llm.v1``: the codebook coded by your own LLM server (optional, off by default).

The analyzer sends each post's text, stance and language, with the codebook as the system
prompt, to an OpenAI-compatible ``/chat/completions`` endpoint that the user runs (llama.cpp's
server, vLLM, Ollama...), asks for a strict JSON answer whose evidence is quoted, locates each
quote in the post and drops every label whose evidence is not there (see
:mod:`undertow.llm`). Answers are cached in SQLite, so a re-run costs no request.

Constructing it reads nothing and touches no network, so the registry and the conformance check
can build it with no arguments; the configuration (parameters, else ``UNDERTOW_LLM_URL`` and
``UNDERTOW_LLM_MODEL``) is resolved at each :meth:`LLMAnalyzer.analyze`, which raises a one-line
AnalyzerError saying how to configure it when no server is set. ``requires_config = True`` tells
the conformance check to run :meth:`LLMAnalyzer.conformance_instance` (the same code against
an in-process fake server) when the registered instance is not configured.
"""

from __future__ import annotations

import warnings
from typing import Any, ClassVar

from undertow.analyzers.base import LABELS, Analyzer, Annotation, PostView
from undertow.errors import AnalyzerError
from undertow.llm.coder import code_posts
from undertow.llm.config import DEFAULT_KEY_ENV, ENV_ON_INVALID, LLMConfig, resolve
from undertow.llm.fake import FakeTransport, codebook_responder
from undertow.llm.prompt import CODEBOOK_VERSION, PROMPT_VERSION, fingerprint
from undertow.llm.response import LLMStats
from undertow.llm.transport import Transport, UrllibTransport

__all__ = ["LLMAnalyzer"]


class LLMAnalyzer(Analyzer):
    """Code posts by the codebook with an LLM on the user's own OpenAI-compatible server.

    ``base_url``: the server's base URL (``http://127.0.0.1:8080/v1``); default
    ``$UNDERTOW_LLM_URL``. ``model``: the model name it serves; default ``$UNDERTOW_LLM_MODEL``.
    ``api_key_env``: the environment variable holding the API key, if any (read at each
    request, never stored). ``timeout``: seconds per request. ``cache_dir``: folder of the
    answer cache ``llm.sqlite`` (default ``~/.cache/undertow``); ``cache=False`` keeps answers
    for one batch only. ``temperature``: 0 for reproducible coding. ``concurrency``: requests
    in flight. ``retries``: further attempts after a 429, a 5xx or a time-out.
    ``on_invalid``: ``"raise"`` (default, or ``$UNDERTOW_LLM_ON_INVALID``) stops the run when
    the model gives no usable JSON for a post even when asked twice; ``"skip"`` leaves that
    post without labels and warns.
    """

    name = "codebook.llm"
    version = "1.0.0"
    produces = LABELS
    languages = ("en", "ar")
    #: Needs a server to code anything: the conformance check uses :meth:`conformance_instance`.
    requires_config: ClassVar[bool] = True

    def __init__(
        self,
        *,
        base_url: str | None = None,
        model: str | None = None,
        api_key_env: str = DEFAULT_KEY_ENV,
        timeout: float = 60,
        cache_dir: str | None = None,
        temperature: float = 0.0,
        concurrency: int = 4,
        retries: int = 3,
        on_invalid: str | None = None,
        cache: bool = True,
    ) -> None:
        self.base_url = base_url
        self.model = model
        self.api_key_env = api_key_env
        self.timeout = timeout
        self.cache_dir = cache_dir
        self.temperature = temperature
        self.concurrency = concurrency
        self.retries = retries
        self.on_invalid = on_invalid
        self.cache = cache
        self._transport: Transport | None = None

    @classmethod
    def with_transport(cls, transport: Transport, **params: Any) -> LLMAnalyzer:
        """An analyzer that sends its requests through ``transport`` (a test seam)."""
        analyzer = cls(**params)
        analyzer._transport = transport
        return analyzer

    @classmethod
    def conformance_instance(cls) -> LLMAnalyzer:
        """A configured analyzer answering from an in-process fake server (no network, no disk)."""
        return cls.with_transport(
            FakeTransport(codebook_responder),
            base_url="http://127.0.0.1:9/v1",
            model="conformance-fake",
            cache=False,
        )

    def config(self) -> LLMConfig:
        """The checked configuration (parameters, else the environment); AnalyzerError if unset."""
        return resolve(
            base_url=self.base_url,
            model=self.model,
            api_key_env=self.api_key_env,
            timeout=self.timeout,
            cache_dir=self.cache_dir,
            temperature=self.temperature,
            concurrency=self.concurrency,
            retries=self.retries,
            on_invalid=self.on_invalid,
            cache=self.cache,
        )

    def is_configured(self) -> bool:
        """Whether a server URL and model are set and valid (nothing is sent)."""
        try:
            self.config()
        except AnalyzerError:
            return False
        return True

    def provenance(self) -> dict[str, str]:
        """What the annotations depend on beyond name@version: endpoint, model, prompt version.

        Resolved from the parameters and the environment (the API key is never included), for
        the runner to record beside ``get_params()``.
        """
        config = self.config()
        return {
            "endpoint": config.endpoint,
            "model": config.model,
            "prompt": f"{PROMPT_VERSION}:{fingerprint()}",
            "codebook": CODEBOOK_VERSION,
        }

    def analyze_with_stats(self, posts: list[PostView]) -> tuple[list[Annotation], LLMStats]:
        """Code a batch; return the annotations and what was cached, sent and rejected."""
        if not posts:
            return [], LLMStats()
        config = self.config()
        transport = self._transport if self._transport is not None else UrllibTransport()
        return code_posts(posts, config, transport)

    def analyze(self, posts: list[PostView]) -> list[Annotation]:
        """Code a batch of posts; return one annotation per accepted label, in label order."""
        annotations, stats = self.analyze_with_stats(posts)
        if stats.invalid:
            warnings.warn(
                f"Left {stats.invalid} of {stats.posts} posts without labels because the model "
                f"gave no usable JSON answer for them ({ENV_ON_INVALID}=skip); use a model or "
                "server with JSON schema output to code them.",
                UserWarning,
                stacklevel=2,
            )
        return annotations
