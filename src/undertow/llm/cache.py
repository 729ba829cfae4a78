"""The answer cache of the LLM coder: SQLite, so that a re-run costs no request.

Each answer the model gave is stored raw (its text, before any checking), keyed by
:func:`cache_key` = sha256 of (model, prompt version and fingerprint, temperature, post text,
stance, language). Answers are checked again each time they are read, so a better evidence
locator applies to old answers too. Only answers that parsed as a JSON answer object are kept.
Several processes may share one cache file (WAL mode, a busy time-out).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from undertow.errors import AnalyzerError
from undertow.llm.prompt import PROMPT_VERSION, fingerprint

__all__ = ["ResponseCache", "cache_key"]

_SCHEMA = """
create table if not exists answers (
    key text primary key,
    model text not null,
    prompt text not null,
    created text not null,
    answer text not null
)
"""


def cache_key(model: str, temperature: float, text: str, stance: str | None, lang: str) -> str:
    """The cache key of one post's answer under one model and prompt."""
    blob = json.dumps(
        [model, PROMPT_VERSION, fingerprint(), float(temperature), text, stance, lang],
        ensure_ascii=False,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResponseCache:
    """Raw model answers by :func:`cache_key`, in a SQLite file (``None`` path: in memory)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._con = sqlite3.connect(str(path) if path else ":memory:", timeout=30)
            if path is not None:
                self._con.execute("pragma journal_mode=wal")
            self._con.execute(_SCHEMA)
            self._con.commit()
        except (OSError, sqlite3.Error) as exc:
            raise AnalyzerError(
                f"Could not open the LLM answer cache {path} ({exc}); pass another cache_dir= "
                "or delete the damaged file (it only holds cached answers)."
            ) from exc

    def get_many(self, keys: list[str]) -> dict[str, str]:
        """The cached answers among ``keys``."""
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(keys))
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._con.execute(
                f"select key, answer from answers where key in ({marks})", chunk
            ).fetchall()
            found.update(rows)
        return found

    def put(self, key: str, model: str, answer: str) -> None:
        """Store one answer (replacing any older one under the same key)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        prompt = f"{PROMPT_VERSION}:{fingerprint()}"
        try:
            with self._con:
                self._con.execute(
                    "insert or replace into answers values (?,?,?,?,?)",
                    (key, model, prompt, now, answer),
                )
        except sqlite3.Error as exc:
            raise AnalyzerError(
                f"Could not write to the LLM answer cache {self.path} ({exc}); check the disk "
                "or pass another cache_dir=."
            ) from exc

    def __len__(self) -> int:
        return int(self._con.execute("select count(*) from answers").fetchone()[0])

    def close(self) -> None:
        """Close the database."""
        self._con.close()

    def __enter__(self) -> ResponseCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
