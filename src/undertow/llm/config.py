"""Configuration of the LLM coder, resolved when it is first needed, never at construction.

Parameters given in Python win; otherwise the environment is read: ``UNDERTOW_LLM_URL`` (the
base URL of an OpenAI-compatible server, usually ending in ``/v1``), ``UNDERTOW_LLM_MODEL``
(the model name that server serves) and ``UNDERTOW_LLM_ON_INVALID`` (``raise`` or ``skip``).
The API key, when the server needs one, is read from the environment variable named by
``api_key_env`` at each request and is never stored.

Only ``http`` and ``https`` URLs are accepted, without user name or password in them (a URL
is recorded in the run ledger; keys belong in the environment).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from undertow.errors import AnalyzerError

__all__ = [
    "DEFAULT_KEY_ENV",
    "ENV_MODEL",
    "ENV_ON_INVALID",
    "ENV_URL",
    "LLMConfig",
    "default_cache_path",
    "endpoint_url",
    "resolve",
]

ENV_URL = "UNDERTOW_LLM_URL"
ENV_MODEL = "UNDERTOW_LLM_MODEL"
ENV_ON_INVALID = "UNDERTOW_LLM_ON_INVALID"
DEFAULT_KEY_ENV = "UNDERTOW_LLM_API_KEY"
ON_INVALID = ("raise", "skip")

NOT_CONFIGURED = (
    "The LLM analyzer is not configured: set {url} to the base URL of your own "
    "OpenAI-compatible model server (for example http://127.0.0.1:8080/v1) and {model} to the "
    "model name it serves, or pass base_url= and model=; see docs/llm.md."
)


@dataclass(frozen=True, slots=True)
class LLMConfig:
    """Everything one coding run needs, checked."""

    endpoint: str  # the full chat-completions URL
    model: str
    api_key_env: str
    timeout: float
    temperature: float
    cache_path: Path | None
    concurrency: int
    retries: int
    on_invalid: str

    def api_key(self) -> str | None:
        """The API key from the environment (read now, never kept)."""
        return os.environ.get(self.api_key_env) or None


def endpoint_url(base_url: str) -> str:
    """The chat-completions URL of ``base_url``; raise AnalyzerError for an unusable URL.

    ``http://host:8080/v1`` becomes ``http://host:8080/v1/chat/completions``; a URL that
    already ends in ``/chat/completions`` is kept as it is.
    """
    raw = base_url.strip()
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise AnalyzerError(
            f"The LLM server URL {raw!r} cannot be parsed ({exc}); give a URL such as "
            "http://127.0.0.1:8080/v1."
        ) from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise AnalyzerError(
            f"The LLM server URL {raw!r} is not an http(s) URL; give the base URL of your "
            "OpenAI-compatible server, such as http://127.0.0.1:8080/v1."
        )
    if parts.username is not None or parts.password is not None:
        raise AnalyzerError(
            "The LLM server URL contains a user name or password; remove it and put the key "
            f"in the environment variable {DEFAULT_KEY_ENV} (or the one named by api_key_env)."
        )
    if parts.fragment:
        raise AnalyzerError(f"The LLM server URL {raw!r} has a #fragment; remove it.")
    path = parts.path.rstrip("/")
    if not path.endswith("/chat/completions"):
        path += "/chat/completions"
    return urlunsplit((parts.scheme.lower(), parts.netloc, path, parts.query, ""))


def default_cache_path(cache_dir: str | None) -> Path:
    """``cache_dir/llm.sqlite``; by default under ``$XDG_CACHE_HOME/undertow`` or ``~/.cache``."""
    if cache_dir:
        base = Path(cache_dir).expanduser()
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "undertow"
    return base / "llm.sqlite"


def _positive(name: str, value: float, *, integer: bool = False) -> None:
    bad = isinstance(value, bool) or not isinstance(value, int | float) or not value > 0
    if not bad and integer and not isinstance(value, int):
        bad = True
    if bad or (isinstance(value, float) and math.isinf(value)):
        kind = "a positive whole number" if integer else "a positive number"
        raise AnalyzerError(f"The LLM analyzer's {name} is {value!r}; give {kind}.")


def resolve(
    *,
    base_url: str | None,
    model: str | None,
    api_key_env: str,
    timeout: float,
    cache_dir: str | None,
    temperature: float,
    concurrency: int,
    retries: int,
    on_invalid: str | None,
    cache: bool,
) -> LLMConfig:
    """Check the parameters, fill the missing ones from the environment, return the config."""
    url = base_url or os.environ.get(ENV_URL, "").strip()
    name = (model or os.environ.get(ENV_MODEL, "")).strip()
    if not url or not name:
        raise AnalyzerError(NOT_CONFIGURED.format(url=ENV_URL, model=ENV_MODEL))
    endpoint = endpoint_url(url)
    _positive("timeout", timeout)
    _positive("concurrency", concurrency, integer=True)
    if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
        raise AnalyzerError(f"The LLM analyzer's retries is {retries!r}; give 0 or more.")
    if (
        isinstance(temperature, bool)
        or not isinstance(temperature, int | float)
        or not 0 <= temperature <= 2
    ):
        raise AnalyzerError(
            f"The LLM analyzer's temperature is {temperature!r}; give a number from 0 to 2 "
            "(0 for reproducible coding)."
        )
    policy = (on_invalid or os.environ.get(ENV_ON_INVALID, "") or "raise").strip().lower()
    if policy not in ON_INVALID:
        raise AnalyzerError(
            f"The LLM analyzer's on_invalid ({ENV_ON_INVALID}) is {policy!r}; give 'raise' or "
            "'skip'."
        )
    if not isinstance(api_key_env, str) or not api_key_env:
        raise AnalyzerError(
            "The LLM analyzer's api_key_env is empty; name an environment variable."
        )
    return LLMConfig(
        endpoint=endpoint,
        model=name,
        api_key_env=api_key_env,
        timeout=float(timeout),
        temperature=float(temperature),
        cache_path=default_cache_path(cache_dir) if cache else None,
        concurrency=int(concurrency),
        retries=retries,
        on_invalid=policy,
    )
