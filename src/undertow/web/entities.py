"""Entities on the dashboard: the places and actors a post mentions, and the entity filter.

Linking is :func:`undertow.entities.link`'s job (a gazetteer matcher); this module only calls
it. Posts never change once ingested, so the index "entity -> posts" is built once per ingest
batch and kept for the life of the server: a new batch is linked when it appears, a correction
costs nothing. The first build runs in a background thread (seconds for tens of thousands of
posts), so the posts page does not wait for it; filtering on an entity waits when it must.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from undertow.workspace import Workspace

log = logging.getLogger("undertow.web")


def _link(text: str, lang: str | None) -> list[Any]:
    from undertow.entities import link

    return link(text or "", lang)


def post_entities(text: str, lang: str | None) -> list[dict[str, Any]]:
    """The entities linked in one post: ``id``, ``name``, ``name_ar``, ``kind``, ``surface``."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for m in _link(text, lang):
        out.setdefault(
            (m.id, m.surface),
            {"id": m.id, "name": m.name, "name_ar": m.name_ar, "kind": m.kind,
             "surface": m.surface},
        )  # fmt: skip
    return list(out.values())


def _link_folder(folder: Path) -> dict[str, list[str]]:
    """Entity id -> ids of the posts of one batch folder that mention it."""
    out: dict[str, list[str]] = {}
    for part in sorted(folder.glob("part-*.parquet")):
        for batch in pq.ParquetFile(part).iter_batches(4096, columns=["id", "text", "lang"]):
            cols = batch.to_pydict()
            for pid, text, lang in zip(cols["id"], cols["text"], cols["lang"], strict=True):
                for eid in {m.id for m in _link(text, lang)}:
                    out.setdefault(eid, []).append(pid)
    return out


class EntityIndex:
    """Entity id -> post ids over every committed batch of a workspace, built incrementally."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._lock = threading.Lock()
        self._folders: dict[str, dict[str, list[str]]] = {}
        self._merged: dict[str, list[str]] = {}
        self._thread: threading.Thread | None = None

    def _pending(self) -> list[Path]:
        return sorted(
            d
            for d in self.ws.posts_dir.iterdir()
            if d.is_dir() and d.name.startswith("b-") and d.name not in self._folders
        )

    def build(self) -> dict[str, list[str]]:
        """Link the batches not linked yet; return the whole index."""
        with self._lock:
            pending = self._pending()
            for folder in pending:
                self._folders[folder.name] = _link_folder(folder)
            if pending or not self._merged:
                merged: dict[str, list[str]] = {}
                for name in sorted(self._folders):
                    for eid, ids in self._folders[name].items():
                        merged.setdefault(eid, []).extend(ids)
                self._merged = merged
            return self._merged

    def build_in_background(self) -> None:
        """Start linking new batches in a daemon thread (once at a time)."""
        if self._thread is not None and self._thread.is_alive():
            return

        def run() -> None:
            try:
                self.build()
            except Exception as exc:  # a broken batch must not take the server down
                log.warning("Entity linking failed (%s); the entity filter is unavailable.", exc)

        self._thread = threading.Thread(target=run, name="undertow-entities", daemon=True)
        self._thread.start()

    def ready(self) -> bool:
        """True when every committed batch is linked."""
        return not self._pending() and not self._lock.locked()

    def posts(self, entity: str) -> list[str]:
        """The ids of the posts that mention ``entity`` (waits for the index when needed)."""
        return list(self.build().get(entity, []))

    def options(self) -> list[tuple[str, str]] | None:
        """(id, "Name (posts)") of the entities mentioned, most mentioned first; None while
        the index is still being built."""
        if not self.ready():
            self.build_in_background()
            return None
        index = self._merged
        from undertow.entities import gazetteer

        gaz = gazetteer()

        def name(eid: str) -> str:
            record = gaz.get(eid)
            return f"{record.name} / {record.name_ar}" if record else eid

        ranked = sorted(index, key=lambda e: (-len(index[e]), e))[:300]
        return [(eid, f"{name(eid)} ({len(index[eid]):,})") for eid in ranked]
