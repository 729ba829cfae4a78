"""Corrections, the incitement queue and the export on the dashboard (TestClient)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from undertow.corrections import history
from undertow.review import incitement_queue
from undertow.web import create_app
from undertow.web.export import COLUMNS, csv_safe
from undertow.web.queue import PER_PAGE
from undertow.workspace import Workspace
from web_corpus import ARABIC_ID, HOSTILE_ID, workspace_copy

LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def ws_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return workspace_copy(tmp_path_factory.mktemp("webcorr"))[0]


@pytest.fixture(scope="module")
def client(ws_path: Path) -> TestClient:
    return TestClient(create_app(ws_path, analyst="Dana"), base_url=LOCAL)


def csrf(client: TestClient) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get("/corrections").text).group(
        1
    )


def supporter_distress(client: TestClient) -> int:
    html = client.get("/").text
    row = re.search(
        r'<tr data-stance="supporter">.*?<span class="muted k">\((\d+)\)</span>', html, re.S
    )
    assert row
    return int(row.group(1))


def label_state(client: TestClient, post_id: str, label: str) -> str:
    html = client.get(f"/posts/{quote(post_id, safe='')}").text
    row = re.search(rf'data-label="{label}">.*?<td class="state">(.*?)</td>', html, re.S)
    assert row
    return "yes" if "<strong>yes</strong>" in row.group(1) else "no"


def test_setting_a_label_changes_measures_and_is_audited(client: TestClient, ws_path: Path) -> None:
    before = supporter_distress(client)
    assert label_state(client, ARABIC_ID, "despair") == "no"
    r = client.post(
        "/corrections",
        data={"post_id": ARABIC_ID, "label": "despair", "present": "1", "note": "in context",
              "csrf_token": csrf(client)},
        headers={"hx-request": "true"},
    )  # fmt: skip
    assert r.status_code == 200 and r.text.lstrip().startswith('<section id="labels"')
    assert "every measure now counts it so" in r.text
    assert label_state(client, ARABIC_ID, "despair") == "yes"
    assert supporter_distress(client) == before + 1
    trail = history(Workspace.open(ws_path), ARABIC_ID)
    assert [(c.label, c.old, c.new, c.analyst, c.note) for c in trail] == [
        ("despair", False, True, "Dana", "in context")
    ]
    page = client.get("/corrections").text
    assert "in context" in page and "Dana" in page
    # and the export carries it
    rows = client.get("/export?fmt=jsonl&source=test-hostile").text.splitlines()
    exported = {json.loads(line)["id"]: json.loads(line) for line in rows}
    assert "despair" in exported[ARABIC_ID]["labels"]
    assert (
        exported[ARABIC_ID]["model"].startswith("correction@Dana")
        or "correction@Dana" in (exported[ARABIC_ID]["model"])
    )


def test_removing_a_label(client: TestClient) -> None:
    html = client.get("/posts?label=incitement").text
    post = re.search(r'<a class="open" href="/posts/([^"]+)"', html).group(1)
    from urllib.parse import unquote

    post_id = unquote(post)
    n = int(re.search(r'<strong id="total">(\d+)</strong>', html).group(1))
    r = client.post(
        "/corrections",
        data={
            "post_id": post_id,
            "label": "incitement",
            "present": "0",
            "csrf_token": csrf(client),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/posts/{post}#labels"
    assert label_state(client, post_id, "incitement") == "no"
    after = int(
        re.search(
            r'<strong id="total">(\d+)</strong>', client.get("/posts?label=incitement").text
        ).group(1)
    )
    assert after == n - 1


def test_setting_incitement_with_form_and_target(client: TestClient, ws_path: Path) -> None:
    client.post(
        "/corrections",
        data={"post_id": HOSTILE_ID, "label": "incitement", "present": "1", "form": "threat",
              "target": "<b>them</b>", "csrf_token": csrf(client)},
    )  # fmt: skip
    rows, _ = incitement_queue(Workspace.open(ws_path), limit=1000)
    at = next(i for i, r in enumerate(rows) if r["id"] == HOSTILE_ID)
    assert (rows[at]["form"], rows[at]["target"]) == ("threat", "<b>them</b>")
    html = client.get(f"/queue?show=all&page={at // PER_PAGE + 1}").text  # the post's page
    assert f'data-post="{HOSTILE_ID}"' in html
    assert "&lt;b&gt;them&lt;/b&gt;" in html and "<b>them" not in html


def test_bad_corrections_are_refused_with_a_reason(client: TestClient) -> None:
    token = csrf(client)
    r = client.post(
        "/corrections",
        data={"post_id": ARABIC_ID, "label": "bogus", "present": "1", "csrf_token": token},
    )
    assert r.status_code == 400 and "not one of" in r.text
    r = client.post(
        "/corrections",
        data={"post_id": "no:such", "label": "worry", "present": "1", "csrf_token": token},
    )
    assert r.status_code == 400 and "not in workspace" in r.text
    r = client.post("/corrections", data={"label": "worry", "csrf_token": token})
    assert r.status_code == 400


def test_queue_lists_newest_first_and_marks_reviewed(client: TestClient, ws_path: Path) -> None:
    html = client.get("/queue").text
    todo = re.search(r'To review <span class="n">([\d,]+)</span>', html).group(1)
    items = re.findall(r'<li class="queue-item" data-post="([^"]+)">', html)
    assert items and len(items) == min(int(todo.replace(",", "")), PER_PAGE)  # one page
    rows, total = incitement_queue(Workspace.open(ws_path), reviewed=False, limit=1000)
    assert total == int(todo.replace(",", ""))
    assert [r["id"] for r in rows][: len(items)] == items  # same order: newest first
    r = client.post(
        "/queue/review",
        data={"post_id": items[0], "csrf_token": csrf(client)},
        headers={"hx-request": "true"},
    )
    assert r.status_code == 200 and "Reviewed by" in r.text and "Dana" in r.text
    html = client.get("/queue").text
    assert items[0] not in re.findall(r'data-post="([^"]+)"', html)
    assert items[0] in client.get("/queue?show=done").text
    assert client.get("/queue?show=bogus").status_code == 400


# -- export -----------------------------------------------------------------------------------
def test_export_csv_of_the_current_filter(client: TestClient) -> None:
    r = client.get("/export?fmt=csv&stance=official&lang=ar")
    assert r.status_code == 200
    assert r.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert tuple(rows[0].keys()) == COLUMNS
    html = client.get("/posts?stance=official&lang=ar").text
    n = int(re.search(r'<strong id="total">([\d,]+)</strong>', html).group(1).replace(",", ""))
    assert len(rows) == n
    assert {row["stance"] for row in rows} == {"official"}


def test_export_jsonl_keeps_search_order(client: TestClient) -> None:
    lines = client.get("/export", params={"fmt": "jsonl", "q": "الساحة"}).text.splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    html = client.get("/posts", params={"q": "الساحة"}).text
    shown = [
        __import__("urllib.parse").parse.unquote(x)
        for x in re.findall(r'<a class="open" href="/posts/([^"]+)"', html)
    ]
    assert ids[: len(shown)] == shown


def test_export_guards_spreadsheet_formulas(client: TestClient) -> None:
    assert csv_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_safe("@SUM") == "'@SUM" and csv_safe("ok") == "ok" and csv_safe(3) == 3
    r = client.get("/export?fmt=xml")
    assert r.status_code == 400


def test_export_with_pseudonyms(client: TestClient) -> None:
    lines = client.get("/export?fmt=jsonl&source=test-hostile&pseudo=1").text.splitlines()
    authors = {json.loads(line)["author"] for line in lines}
    assert all(a.startswith("anon-") for a in authors)
