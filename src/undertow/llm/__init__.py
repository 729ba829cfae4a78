"""The optional LLM backend of the codebook coder: your own OpenAI-compatible model server.

Off by default and never required. When configured (``UNDERTOW_LLM_URL`` and
``UNDERTOW_LLM_MODEL``, or ``base_url=`` and ``model=``),
:class:`undertow.analyzers.llm.LLMAnalyzer` sends each post's text, stance and language, with
the codebook as the prompt, to that one URL and nowhere else. Modules, one noun each:

- :mod:`~undertow.llm.config`: the configuration, resolved lazily, URL checks;
- :mod:`~undertow.llm.prompt`: the codebook prompt, instructions and strict JSON schema;
- :mod:`~undertow.llm.transport`: the one-method transport (standard library HTTP);
- :mod:`~undertow.llm.client`: chat requests, retries, errors that say what to do;
- :mod:`~undertow.llm.evidence`: quoted evidence located in the original text;
- :mod:`~undertow.llm.response`: answers checked against the codebook, with counts;
- :mod:`~undertow.llm.cache`: the SQLite answer cache;
- :mod:`~undertow.llm.coder`: one batch, cache first, a small thread pool;
- :mod:`~undertow.llm.fake`: the in-process fake server used by tests and the conformance check.
"""

from __future__ import annotations

from undertow.llm.coder import code_posts
from undertow.llm.config import LLMConfig, resolve
from undertow.llm.fake import FakeTransport, codebook_responder
from undertow.llm.response import LLMStats
from undertow.llm.transport import Request, Response, Transport, UrllibTransport

__all__ = [
    "FakeTransport",
    "LLMConfig",
    "LLMStats",
    "Request",
    "Response",
    "Transport",
    "UrllibTransport",
    "code_posts",
    "codebook_responder",
    "resolve",
]
