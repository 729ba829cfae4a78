"""Full-text search index: Arabic and English stems, safe queries, incremental updates, WAL."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undertow.errors import InputError
from undertow.post import POST_SCHEMA
from undertow.search_index import INDEX_FILE, SearchIndex, match_expression
from undertow.store import FolderWriter
from undertow.workspace import Workspace, new_id

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"

POSTS = [
    ("ar1", "مُتَظاهِرونَ في الساحة", "ar"),
    ("ar2", "المتظاهرين أمام المبنى", "ar"),
    ("ar3", "متظاهر واحد", "ar"),
    ("ar4", "الدولة باقية", "ar"),
    ("en1", "The protesters gathered", "en"),
    ("en2", "one protester, protester again", "en"),
    ("en3", "a long post about the protester and many other unrelated things said here", "en"),
    ("en4", "Palmyra news", "en"),
]


def add_batch(ws: Workspace, posts: list[tuple[str, str, str]]) -> None:
    """Commit one batch of (id, text, lang) posts."""
    rows = [
        {"id": pid, "source": "s", "stance": "supporter", "native_id": pid, "author": None,
         "created_at": datetime(2016, 1, 1, tzinfo=UTC), "time_precision": "day", "thread": None,
         "reply_to": None, "lang": lang, "text": text, "text_hash": "h", "batch": "b",
         "file": "f", "record": "r", "format": "jsonl", "extra": None}
        for pid, text, lang in posts
    ]  # fmt: skip
    w = FolderWriter(ws, ws.posts_dir, new_id("b"), POST_SCHEMA)
    w.write(pa.Table.from_pylist(rows, schema=POST_SCHEMA))
    w.commit()


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    ws = Workspace.create(tmp_path / "ws")
    add_batch(ws, POSTS)
    return ws


@pytest.fixture
def index(ws: Workspace) -> SearchIndex:
    idx = SearchIndex.open(ws)
    assert idx.update(ws) == len(POSTS)
    return idx


@pytest.mark.parametrize("query", ["مُتَظاهِرونَ", "المتظاهرين", "متظاهر", "المتظاهرون"])
def test_arabic_forms_meet_on_one_stem(index: SearchIndex, query: str) -> None:
    ids, total = index.search(query)
    assert set(ids) == {"ar1", "ar2", "ar3"} and total == 3


def test_english_stems_and_bm25_rank(index: SearchIndex) -> None:
    ids, total = index.search("protesters")
    assert total == 3 and ids[0] == "en2"  # twice in a short post beats once in a long one
    assert ids[-1] == "en3"
    assert index.search("PALMYRA") == (["en4"], 1)
    assert index.count("protester gathered") == 1  # every term must occur


def test_limit_offset_ids_and_count(index: SearchIndex) -> None:
    every, total = index.search("protester")
    assert index.search("protester", limit=1, offset=1) == (every[1:2], total)
    assert index.search("protester", offset=5) == ([], 3)
    assert index.search("protester", ids={"en1", "en3", "ar1"}) == (["en1", "en3"], 2)
    assert index.search("protester", ids=set()) == ([], 0)
    assert index.count("protester") == 3 and index.count("") == 0
    with pytest.raises(InputError):
        index.search("x", limit=-1)


@pytest.mark.parametrize(
    "query", ['"', "NEAR(", "*", "AND", "a OR", "NOT x", "terms:x", "^x", "-x", "(", "'", '"a" "']
)
def test_fts_syntax_in_queries_is_searched_as_words(index: SearchIndex, query: str) -> None:
    ids, total = index.search(query)
    assert len(ids) == total == index.count(query)


@pytest.fixture(scope="module")
def module_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    ws = Workspace.create(tmp_path_factory.mktemp("hyp") / "ws")
    add_batch(ws, POSTS)
    idx = SearchIndex.open(ws)
    idx.update()
    return idx


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_no_query_raises(module_index: SearchIndex, query: str) -> None:
    ids, total = module_index.search(query)
    assert len(ids) <= total == module_index.count(query)
    expr = match_expression(query)
    assert expr is None or expr.startswith('"')


def test_update_is_incremental_by_batch_and_id(ws: Workspace, index: SearchIndex) -> None:
    assert index.update() == 0
    add_batch(ws, [("en9", "fresh protesters", "en"), ("en1", "a duplicate id", "en")])
    assert index.update() == 1  # en1 is indexed already
    assert index.count("protester") == 4 and index.count("duplicate") == 0
    assert index.indexed() == len(POSTS) + 1
    again = SearchIndex.open(Workspace.open(ws.path))
    assert again.update() == 0 and again.count("fresh") == 1


def test_other_languages_are_found_with_and_without_lang(ws: Workspace) -> None:
    add_batch(ws, [("fr1", "les manifestations continuent", "fr")])
    idx = SearchIndex.open(ws)
    idx.update()
    assert idx.search("manifestations")[0] == ["fr1"]
    assert idx.search("manifestation", lang="fr")[0] == ["fr1"]


def test_a_new_analyser_rebuilds_the_index(ws: Workspace, index: SearchIndex) -> None:
    db = sqlite3.connect(ws.path / INDEX_FILE)
    db.execute("update meta set value = 'old' where key = 'analyser'")
    db.commit()
    db.close()
    assert index.update() == len(POSTS)
    assert index.count("protester") == 3


def test_index_is_a_wal_database(index: SearchIndex, ws: Workspace) -> None:
    db = sqlite3.connect(ws.path / INDEX_FILE)
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    db.close()


@pytest.mark.slow
def test_one_process_updates_while_another_searches(tmp_path: Path) -> None:
    ws = Workspace.create(tmp_path / "ws")
    n = 0
    for b in range(6):
        add_batch(ws, [(f"p{b}-{i}", f"morale report {b} item {i}", "en") for i in range(2000)])
        n += 2000
    idx = SearchIndex.open(ws)
    code = textwrap.dedent(f"""
        import undertow.search_index as si
        from undertow.workspace import Workspace
        si.CHUNK = 250
        print(si.SearchIndex.open(Workspace.open({str(ws.path)!r})).update())
    """)
    writer = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    seen = [0]
    deadline = time.monotonic() + 120
    while writer.poll() is None and time.monotonic() < deadline:
        ids, total = idx.search("morale", limit=10)
        assert total >= seen[-1] and len(ids) == min(10, total)
        seen.append(total)
    out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert int(out.strip()) == n
    assert idx.count("morale") == n
    assert any(0 < c < n for c in seen), "the search never ran during the update"


@pytest.mark.slow
@pytest.mark.shared
def test_real_tweets_index_in_seconds(tmp_path: Path) -> None:
    csv = SHARED / "corpora" / "fifthtribe_isis_twitter" / "tweets.csv"
    if not csv.exists():
        pytest.skip(f"{csv} is absent: the real data sets live in ../shared/data beside the repo")
    from undertow.ingest import ingest

    ws = Workspace.create(tmp_path / "ws")
    ingest(ws, csv, source="fifthtribe", stance="supporter")
    idx = SearchIndex.open(ws)
    start = time.perf_counter()
    assert idx.update() == 17_410
    assert time.perf_counter() - start < 30
    start = time.perf_counter()
    ids, total = idx.search("Palmyra")
    assert time.perf_counter() - start < 0.5
    assert total > 100 and len(ids) == 50
