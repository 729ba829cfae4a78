"""Full-text search over a workspace's posts: SQLite FTS5 in ``WS/search.sqlite`` (WAL).

Texts are analysed in Python by :func:`undertow.text.search.search_terms` (normalised, Arabic
and English stemmed), and the space-joined terms are stored in a contentless FTS5 table with the
plain ``unicode61`` tokenizer; a query goes through the same function, so مُتَظاهِرونَ finds
المتظاهرين and "protesters" finds "protester". Every query term is quoted, so FTS5 syntax in
user input (``"``, ``NEAR(``, ``*``, ``AND``) is searched as words, never run as syntax.
All terms of a query must occur in a post (AND); results are ranked by BM25.

:meth:`SearchIndex.update` is incremental: it indexes the posts of ingest batches it has not
finished, skipping post ids already indexed, and commits every few thousand posts, so an
interrupted update resumes where it stopped. Many processes may search while one updates.
Posts whose language has its own stemmer (French, say) are indexed under both that stemmer's
terms and the default ones, so a query finds them with or without ``lang``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq

from undertow.errors import InputError, WorkspaceError
from undertow.text.search import LANG_ALGORITHMS, search_terms
from undertow.workspace import Workspace

__all__ = ["ANALYSER", "INDEX_FILE", "SearchIndex", "doc_terms", "match_expression"]

INDEX_FILE = "search.sqlite"
#: Name of the text analysis the index was built with; another name rebuilds the index.
ANALYSER = "undertow.search_terms.v1"
CHUNK = 5_000  # posts per transaction of an update
MAX_LIMIT = 10_000

_SCHEMA_SQL = """
create table if not exists meta (key text primary key, value text not null);
create table if not exists docs (rowid integer primary key, post_id text not null unique);
create table if not exists batches (name text primary key, posts integer, finished text);
create virtual table if not exists fts using fts5(terms, content='', tokenize='unicode61');
"""


def doc_terms(text: str, lang: str | None) -> str:
    """The space-joined terms stored for a post (see the module docstring)."""
    terms = search_terms(text or "", lang)
    if lang and LANG_ALGORITHMS.get(lang, "english") != "english":
        seen = set(terms)
        terms += [t for t in search_terms(text or "", None) if t not in seen]
    return " ".join(terms)


def match_expression(query: str, lang: str | None = None) -> str | None:
    """The FTS5 MATCH expression of a user query (every term quoted), or None when it has none."""
    terms = list(dict.fromkeys(search_terms(query or "", lang)))
    if not terms:
        return None
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


class SearchIndex:
    """The search index of one workspace. Open it with :meth:`open`.

    Each call opens its own SQLite connection, so one object may serve many threads.
    """

    def __init__(self, ws: Workspace, path: Path) -> None:
        self.ws = ws
        self.path = path

    @classmethod
    def open(cls, ws: Workspace) -> SearchIndex:
        """Open (creating when missing) the index of ``ws``; call :meth:`update` to fill it."""
        index = cls(ws, ws.path / INDEX_FILE)
        with index._db(create=True) as db:
            db.execute("pragma journal_mode=wal")
        return index

    @contextmanager
    def _db(self, *, create: bool = False) -> Iterator[sqlite3.Connection]:
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise WorkspaceError(
                f"Cannot open {self.path} ({exc}); check its permissions."
            ) from None
        try:
            try:
                db.execute("pragma synchronous=normal")
                if create:
                    db.executescript(_SCHEMA_SQL)
            except sqlite3.DatabaseError as exc:
                raise WorkspaceError(
                    f"{self.path} is damaged ({exc}); delete it and run the update again."
                ) from None
            yield db
        finally:
            db.close()

    # -- writing ------------------------------------------------------------------------------
    def update(
        self, ws: Workspace | None = None, *, progress: Callable[[int], None] | None = None
    ) -> int:
        """Index the posts not indexed yet; return how many were added.

        ``progress`` is called with the running count after every committed chunk.
        """
        ws = ws or self.ws
        with self._db(create=True) as db:
            self._check_analyser(db)
            done = {r[0] for r in db.execute("select name from batches")}
            added = 0
            folders = sorted(
                d for d in ws.posts_dir.iterdir() if d.is_dir() and d.name.startswith("b-")
            )
            for folder in folders:
                if folder.name in done:
                    continue
                for ids, texts, langs in _chunks(folder):
                    rows = [
                        (i, doc_terms(t, lg)) for i, t, lg in zip(ids, texts, langs, strict=True)
                    ]
                    added += _insert(db, rows)
                    if progress:
                        progress(added)
                db.execute(
                    "insert or ignore into batches values (?, (select count(*) from docs), ?)",
                    (folder.name, datetime.now(UTC).isoformat(timespec="seconds")),
                )
        return added

    def _check_analyser(self, db: sqlite3.Connection) -> None:
        row = db.execute("select value from meta where key = 'analyser'").fetchone()
        if row and row[0] == ANALYSER:
            return
        db.execute("begin immediate")
        try:
            row = db.execute("select value from meta where key = 'analyser'").fetchone()
            if not row or row[0] != ANALYSER:
                # built by another analysis (or new): start again
                db.execute("delete from docs")
                db.execute("delete from batches")
                db.execute("insert into fts(fts) values ('delete-all')")
                db.execute("insert or replace into meta values ('analyser', ?)", (ANALYSER,))
            db.execute("commit")
        except BaseException:
            db.execute("rollback")
            raise

    # -- reading ------------------------------------------------------------------------------
    def indexed(self) -> int:
        """How many posts the index holds."""
        with self._db() as db:
            return db.execute("select count(*) from docs").fetchone()[0]

    def search(
        self,
        query: str,
        *,
        limit: int = 50,
        offset: int = 0,
        ids: set[str] | None = None,
        lang: str | None = None,
    ) -> tuple[list[str], int]:
        """Post ids matching every term of ``query``, best first (BM25), and the total count.

        ``ids`` keeps only those posts (e.g. a stance or a time window chosen elsewhere);
        ``lang`` stems the query's Latin-script words with that language's stemmer.
        """
        if not 0 <= limit <= MAX_LIMIT or offset < 0:
            raise InputError(f"Give a limit from 0 to {MAX_LIMIT} and an offset of 0 or more.")
        expr = match_expression(query, lang)
        if expr is None or (ids is not None and not ids):
            return [], 0
        with self._db() as db:
            where = _restrict(db, ids)
            total = db.execute(
                f"select count(*) from fts join docs d on d.rowid = fts.rowid "
                f"where fts match ?{where}",
                (expr,),
            ).fetchone()[0]
            if total == 0 or limit == 0:
                return [], total
            found = [
                r[0]
                for r in db.execute(
                    f"select d.post_id from fts join docs d on d.rowid = fts.rowid "
                    f"where fts match ?{where} order by fts.rank, fts.rowid limit ? offset ?",
                    (expr, limit, offset),
                )
            ]
        return found, total

    def count(self, query: str, *, lang: str | None = None) -> int:
        """How many posts match every term of ``query``."""
        expr = match_expression(query, lang)
        if expr is None:
            return 0
        with self._db() as db:
            return db.execute("select count(*) from fts where fts match ?", (expr,)).fetchone()[0]


def _restrict(db: sqlite3.Connection, ids: set[str] | None) -> str:
    """Load ``ids`` into a temporary table; return the SQL condition that keeps them."""
    if ids is None:
        return ""
    db.execute("create temp table if not exists keep (post_id text primary key)")
    db.execute("delete from temp.keep")
    db.executemany("insert or ignore into temp.keep values (?)", ((str(i),) for i in ids))
    return " and d.post_id in (select post_id from temp.keep)"


def _chunks(folder: Path) -> Iterator[tuple[list[str], list[str], list[str | None]]]:
    """The (ids, texts, langs) of a batch folder's posts, :data:`CHUNK` at a time."""
    for part in sorted(folder.glob("part-*.parquet")):
        reader = pq.ParquetFile(part)
        for batch in reader.iter_batches(batch_size=CHUNK, columns=["id", "text", "lang"]):
            cols = batch.to_pydict()
            yield cols["id"], cols["text"], cols["lang"]


def _insert(db: sqlite3.Connection, rows: list[tuple[str, str]]) -> int:
    """Index the (post id, terms) rows not indexed yet in one transaction; return the count."""
    added = 0
    db.execute("begin immediate")
    try:
        for post_id, terms in rows:
            cur = db.execute("insert or ignore into docs (post_id) values (?)", (post_id,))
            if cur.rowcount == 1:
                db.execute("insert into fts (rowid, terms) values (?, ?)", (cur.lastrowid, terms))
                added += 1
        db.execute("commit")
    except BaseException:
        db.execute("rollback")
        raise
    return added
