"""The dashboard reads a workspace that other processes write: snapshots, filters, helpers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup
from starlette.datastructures import QueryParams
from starlette.testclient import TestClient

from undertow.analyzers.base import LABELS
from undertow.ingest import ingest
from undertow.web import create_app
from undertow.web.filters import PostFilter
from undertow.web.overview import link_points
from undertow.web.render import show_controls, text_dir
from undertow.workspace import Workspace
from web_corpus import ARABIC_ID, workspace_copy

LOCAL = "http://127.0.0.1"


def _lines(prefix: str, n: int, word: str) -> str:
    return "".join(
        json.dumps(
            {
                "id": f"{prefix}-{i}",
                "author": f"writer{i % 7}",
                "created_at": f"2016-04-{1 + i % 28:02d}T12:00:00Z",
                "text": f"{word} number {i}: the brothers hold the line",
                "lang": "en",
            }
        )
        + "\n"
        for i in range(n)
    )


def healthz(client: TestClient) -> int:
    return client.get("/healthz").json()["posts"]


def test_new_batches_and_corrections_appear_without_restart(tmp_path: Path) -> None:
    ws_path, _ = workspace_copy(tmp_path)
    client = TestClient(create_app(ws_path), base_url=LOCAL)
    before = healthz(client)
    assert client.get("/posts", params={"q": "zebrafish"}).text.count('class="open"') == 0
    extra = tmp_path / "more.jsonl"
    extra.write_text(_lines("more", 5, "zebrafish"), encoding="utf-8")
    ingest(Workspace.open(ws_path), extra, source="late-source", stance="supporter", fmt="jsonl")
    assert healthz(client) == before + 5
    html = client.get("/posts", params={"q": "zebrafish"}).text
    assert re.search(r'<strong id="total">5</strong>', html)
    assert "late-source" in client.get("/posts").text


def test_filter_round_trips_through_the_query_string() -> None:
    f = PostFilter.from_query(
        QueryParams(
            "label=despair&label=none&stance=official&source=a&lang=ar&author=x&thread=t"
            "&from=2016-01-01&to=2016-02-01&event=2&window=3&entity=place:mosul&q=%D8%B3&page=3"
        )
    )
    assert f.label == ["despair", "none"] and f.window == 3 and f.page == 3
    assert PostFilter.from_query(QueryParams(f.query())) == f
    assert "page" not in f.query(page=1)


@given(
    labels=st.lists(st.sampled_from([*LABELS, "none"]), max_size=4, unique=True),
    stances=st.lists(
        st.text(min_size=1, max_size=8).map(str.strip).filter(bool), max_size=3, unique=True
    ),
    q=st.text(max_size=40).map(str.strip),
    author=st.text(max_size=12).map(str.strip),
    day=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1))),
    page=st.integers(min_value=1, max_value=10_000),
)
def test_any_filter_round_trips(labels, stances, q, author, day, page) -> None:
    f = PostFilter(label=labels, stance=stances, q=q, author=author, date_from=day, page=page)
    assert PostFilter.from_query(QueryParams(f.query())) == f


def test_event_window_intersects_dates() -> None:
    from undertow.events import Event

    events = [Event(date(2016, 3, 27), "Palmyra", "isis_loss")]
    f = PostFilter(event=1, window=10, date_from=date(2016, 3, 25))
    assert f.date_range(events) == (date(2016, 3, 25), date(2016, 4, 6))


def test_bidi_controls_are_shown_not_obeyed() -> None:
    assert show_controls("a\u202eb\u2066c\u2069") == "a⟦RLO⟧b⟦LRI⟧c⟦PDI⟧"
    marked = show_controls(Markup("<mark>x\u202e</mark>"))
    assert isinstance(marked, Markup) and str(marked) == "<mark>x⟦RLO⟧</mark>"
    assert show_controls("عربي\u200f") == "عربي\u200f"  # marks that reorder nothing stay
    assert show_controls(3) == 3


def test_text_direction() -> None:
    assert text_dir("ar") == "rtl" and text_dir("fa-IR") == "rtl"
    assert (
        text_dir("en") == "auto"
        and text_dir('ar" onload="x') == "auto"
        and text_dir(None) == "auto"
    )


def test_link_points_leaves_a_mismatched_chart_alone() -> None:
    svg = Markup(
        '<g class="series" data-stance="official"><circle cx="1"><title>t</title></circle></g>'
    )
    assert link_points(svg, {"official": []}, lambda p: "/x") == svg


@pytest.mark.slow
def test_serving_while_another_process_ingests_and_analyses(tmp_path: Path) -> None:
    ws_path, _ = workspace_copy(tmp_path)
    client = TestClient(create_app(ws_path, analyst="night-shift"), base_url=LOCAL)
    before = healthz(client)
    batches, per = 4, 200
    for b in range(batches):
        (tmp_path / f"in{b}.jsonl").write_text(_lines(f"b{b}", per, f"kingfisher{b}"), "utf-8")
    script = f"""
import sys
from pathlib import Path
from undertow.analyzers.registry import load
from undertow.ingest import ingest
from undertow.runner import run_analyzer
from undertow.search_index import SearchIndex
from undertow.workspace import Workspace
ws = Workspace.open({str(ws_path)!r})
for b in range({batches}):
    ingest(ws, Path({str(tmp_path)!r}) / f"in{{b}}.jsonl", source="bulk", stance="supporter",
           fmt="jsonl")
    for analyzer in load():
        run_analyzer(ws, analyzer)
    SearchIndex.open(ws).update(ws)
"""
    proc = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE)
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)
    statuses: list[int] = []
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        for url in ("/", "/posts?q=kingfisher0", "/posts?stance=supporter&page=2", "/queue"):
            statuses.append(client.get(url).status_code)
        statuses.append(client.get("/healthz").status_code)
        r = client.post(
            "/corrections",
            data={"post_id": ARABIC_ID, "label": "worry", "present": str(len(statuses) % 2),
                  "csrf_token": token},
            follow_redirects=False,
        )  # fmt: skip
        statuses.append(r.status_code)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    assert set(statuses) <= {200, 303}, statuses
    assert healthz(client) == before + batches * per
    for b in range(batches):
        html = client.get("/posts", params={"q": f"kingfisher{b}"}).text
        assert re.search(rf'<strong id="total">{per}</strong>', html), b


def test_empty_and_uncoded_workspaces(tmp_path: Path) -> None:
    empty = Workspace.create(tmp_path / "empty")
    client = TestClient(create_app(empty.path), base_url=LOCAL)
    for url in ("/", "/posts", "/posts?q=anything", "/authors", "/queue", "/corrections"):
        assert client.get(url).status_code == 200, url
    assert "has no posts yet" in client.get("/").text
    assert client.get("/export?fmt=csv").text.startswith("id,source,stance")
    raw = Workspace.create(tmp_path / "raw")
    src = tmp_path / "raw.jsonl"
    src.write_text(_lines("raw", 30, "heron"), encoding="utf-8")
    ingest(raw, src, source="raw", stance="supporter", fmt="jsonl")
    client = TestClient(create_app(raw.path), base_url=LOCAL)
    for url in ("/", "/posts?label=none", "/posts/raw%3Araw-1", "/authors/writer1", "/queue"):
        assert client.get(url).status_code == 200, url
    assert re.search(r'<strong id="total">30</strong>', client.get("/posts?label=none").text)
