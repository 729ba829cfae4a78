"""The dashboard's pages through TestClient: overview, posts, post view, authors, queue."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from markupsafe import escape
from starlette.testclient import TestClient

from undertow.measure.run import measure, summarize
from undertow.web import create_app
from undertow.workspace import Workspace
from web_corpus import (
    ARABIC_AUTHOR,
    ARABIC_ID,
    HOSTILE_AUTHOR,
    HOSTILE_ID,
    REPLY_ID,
    workspace_copy,
)

LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def ws_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return workspace_copy(tmp_path_factory.mktemp("webpages"))[0]


@pytest.fixture(scope="module")
def client(ws_path: Path) -> TestClient:
    events = ws_path.parent / "events.csv"
    return TestClient(create_app(ws_path, events=events, analyst="tester"), base_url=LOCAL)


def total(html: str) -> int:
    match = re.search(r'<strong id="total">([\d,]+)</strong>', html)
    assert match, "no total on the page"
    return int(match.group(1).replace(",", ""))


def post_ids(html: str) -> list[str]:
    return [unescape(x) for x in re.findall(r'<a class="open" href="/posts/([^"]+)"', html)]


def count_posts(ws_path: Path, where: str) -> int:
    from undertow.store import connect

    con = connect(Workspace.open(ws_path))
    return con.execute(f"select count(*) from posts where {where}").fetchall()[0][0]


# -- overview ---------------------------------------------------------------------------------
def test_overview_has_the_charts_with_linked_points(client: TestClient) -> None:
    html = client.get("/").text
    assert html.count('<svg class="chart"') == 4
    links = re.findall(r'<a class="pt" href="([^"]+)">', html)
    assert len(links) > 20
    assert all(unescape(h).startswith("/posts?stance=") for h in links)
    assert 'class="event"' in html  # event markers drawn
    assert "Bands: 95% intervals" in html


def test_overview_numbers_are_the_measure_numbers(client: TestClient, ws_path: Path) -> None:
    events = ws_path.parent / "events.csv"
    result = measure(Workspace.open(ws_path), events=events, window=14, freq="week", min_n=20)
    rows = [
        r
        for r in result["series"]
        if r["by"] == "stance" and r["measure"] == "distress_share" and r["k"]
    ]
    html = client.get("/").text
    for r in rows:
        assert re.search(
            rf"<td><a href=\"[^\"]+\">{r['period']}</a></td><td>{r['stance']}</td>"
            rf"<td class=\"n\">{r['n']}</td><td class=\"n\">{r['k']}</td>"
            rf"<td class=\"n\">{100 * r['value']:.1f}%</td>",
            html,
        ), r
    for line in summarize(result):
        assert escape(line) in html


def test_a_point_opens_the_posts_it_counts(client: TestClient) -> None:
    html = client.get("/").text
    section = html[html.index('id="distress_share"') : html.index('id="morale_balance"')]
    rows = re.findall(
        r'<tr(?: class="few")?><td><a href="([^"]+)">[^<]+</a></td><td>(\w+)</td>'
        r'<td class="n">(\d+)</td><td class="n">(\d+)</td>',
        section,
    )
    href, _, _, k = next(r for r in rows if int(r[3]) > 0)
    page = client.get(unescape(href))
    assert total(page.text) == int(k)
    href0, _, n0, _ = next(r for r in rows if int(r[3]) == 0)
    assert total(client.get(unescape(href0)).text) == int(n0)


def test_events_link_to_their_window(client: TestClient) -> None:
    html = client.get("/").text
    assert '<a href="/posts?event=1">± 14 days</a>' in html
    page = client.get("/posts?event=1&window=3")
    assert page.status_code == 200
    assert "1. " in page.text


# -- posts ------------------------------------------------------------------------------------
def test_posts_filters(client: TestClient, ws_path: Path) -> None:
    all_posts = total(client.get("/posts").text)
    assert all_posts == count_posts(ws_path, "true")
    assert total(client.get("/posts?stance=official").text) == count_posts(
        ws_path, "stance = 'official'"
    )
    assert total(client.get("/posts?lang=ar").text) == count_posts(ws_path, "lang = 'ar'")
    both = total(client.get("/posts?stance=official&stance=internal").text)
    assert both == count_posts(ws_path, "stance in ('official', 'internal')")
    assert total(client.get("/posts?source=test-hostile").text) == 3
    dated = total(client.get("/posts?from=2016-03-03&to=2016-03-03&source=test-hostile").text)
    assert dated == 2
    assert total(client.get(f"/posts?author={quote(ARABIC_AUTHOR)}").text) == 1
    thread = total(client.get("/posts?thread=test-hostile%3At-ar").text)
    assert thread == 2


def test_label_filters_and_counts(client: TestClient) -> None:
    html = client.get("/posts?label=incitement").text
    n = total(html)
    assert n > 0
    assert re.search(rf'class="chip lab lab-incitement" href="[^"]+">incitement {n}</a>', html)
    none = total(client.get("/posts?label=none").text)
    labelled = total(client.get("/posts").text) - none
    any_label = "&".join(
        f"label={x}"
        for x in (
            "despair", "worry", "failure_analysis", "consolation", "defiance", "rebuke",
            "incitement", "triumphalism", "admission",
        )
    )  # fmt: skip
    assert total(client.get(f"/posts?{any_label}").text) == labelled


def test_arabic_search_is_normalised_and_stemmed(client: TestClient) -> None:
    for q in ("مُتَظاهِرونَ", "المتظاهرين", "متظاهر", "الساحه"):
        html = client.get("/posts", params={"q": q}).text
        assert quote(ARABIC_ID, safe="") in html, q
    html = client.get("/posts", params={"q": "مُتَظاهِرونَ", "stance": "official"}).text
    assert total(html) == 0


def test_search_combines_with_filters_and_ranks(client: TestClient) -> None:
    both = client.get("/posts", params={"q": "الساحة", "source": "test-hostile"}).text
    assert set(post_ids(both)) == {quote(ARABIC_ID, safe=""), quote(REPLY_ID, safe="")}
    english = client.get("/posts", params={"q": "onerror"}).text
    assert post_ids(english) == [quote(HOSTILE_ID, safe="")]


def test_posts_are_paged(client: TestClient) -> None:
    first = client.get("/posts").text
    second = client.get("/posts?page=2").text
    assert len(post_ids(first)) == 50 and post_ids(second)
    assert not set(post_ids(first)) & set(post_ids(second))
    assert 'rel="next"' in first and "page 2 of" in second


def test_htmx_requests_get_the_results_only(client: TestClient) -> None:
    r = client.get(
        "/posts?stance=official&author=&from=&window=14",
        headers={"hx-request": "true", "hx-target": "results"},
    )
    assert r.text.lstrip().startswith('<div id="results-inner">')
    assert "<html" not in r.text
    assert r.headers["hx-push-url"] == "/posts?stance=official"


@pytest.mark.parametrize(
    "query",
    ["label=bogus", "from=yesterday", "page=0", "event=99", "window=-1", "page=x"],
)
def test_bad_filters_say_what_is_wrong(client: TestClient, query: str) -> None:
    r = client.get(f"/posts?{query}")
    assert r.status_code == 400
    assert 'class="error"' in r.text


def test_entity_filter(client: TestClient, ws_path: Path) -> None:
    from undertow.entities import link
    from undertow.store import connect

    con = connect(Workspace.open(ws_path))
    expected = {
        pid
        for pid, text, lang in con.execute("select id, text, lang from posts").fetchall()
        if any(e.id == "place:mosul" for e in link(text, lang))
    }
    assert ARABIC_ID in expected
    html = client.get("/posts?entity=place:mosul").text
    assert total(html) == len(expected)
    assert total(client.get("/posts?entity=place:mosul&source=test-hostile").text) == 1
    assert total(client.get("/posts?entity=place:nowhere-at-all").text) == 0
    view = client.get(f"/posts/{quote(ARABIC_ID, safe='')}").text
    assert '<a href="/posts?entity=place%3Amosul">Mosul / <bdi>الموصل</bdi></a>' in view


# -- one post ---------------------------------------------------------------------------------
def test_post_view_shows_text_evidence_thread(client: TestClient) -> None:
    html = client.get(f"/posts/{quote(ARABIC_ID, safe='')}").text
    assert re.search(r'id="post-text" class="post-text full inert" dir="rtl" lang="ar"', html)
    assert 'section class="evidence' in html and "<mark>" in html
    assert f"/posts/{quote(REPLY_ID, safe='')}" in html  # the reply
    reply = client.get(f"/posts/{quote(REPLY_ID, safe='')}").text
    assert "In reply to" in reply and f"/posts/{quote(ARABIC_ID, safe='')}" in reply


def test_unknown_post_is_404(client: TestClient) -> None:
    r = client.get("/posts/no%3Asuch")
    assert r.status_code == 404 and "not in this workspace" in r.text


def test_hostile_post_is_escaped_everywhere(client: TestClient) -> None:
    pages = [
        client.get(f"/posts/{quote(HOSTILE_ID, safe='')}").text,
        client.get("/posts?source=test-hostile").text,
        client.get("/posts?q=onerror").text,
        client.get("/authors?source=test-hostile").text,
    ]
    for html in pages:
        assert "<script>alert" not in html and "<img" not in html and "<iframe" not in html
        assert "<svg onload" not in html and "<b>bold" not in html
        assert 'href="javascript:' not in html and "\u202e" not in html and "\u2067" not in html
    view = pages[0]
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in view
    assert "file⟦RLO⟧gnp.exe" in view and "⟦RLI⟧isolated⟦PDI⟧" in view
    assert "evil&lt;b&gt;bold&lt;/b&gt;⟦RLO⟧boss" in view
    assert "https://evil.example/pixel.gif" in view  # shown as text in the record fields
    assert HOSTILE_AUTHOR not in view


# -- authors ----------------------------------------------------------------------------------
def test_authors_list_and_page(client: TestClient) -> None:
    html = client.get("/authors?source=test-hostile").text
    assert "First seen" in html and ARABIC_AUTHOR in html
    assert "<strong>3</strong> authors" in html
    page = client.get(f"/authors/{quote(ARABIC_AUTHOR, safe='')}").text
    assert "Label mix per month" in page and "2016-03" in page


def test_pseudonyms_hide_handles(client: TestClient, ws_path: Path) -> None:
    from undertow.pseudonym import pseudonymize

    alias = pseudonymize(Workspace.open(ws_path), ARABIC_AUTHOR)
    html = client.get("/authors?pseudo=1&source=test-hostile").text
    assert alias in html and ARABIC_AUTHOR not in html
    page = client.get(f"/authors/{alias}?pseudo=1")
    assert page.status_code == 200 and ARABIC_AUTHOR not in page.text
    assert total(client.get(f"/posts?author={alias}&pseudo=1").text) == 1
    view = client.get(f"/posts/{quote(ARABIC_ID, safe='')}?pseudo=1").text
    assert alias in view and ARABIC_AUTHOR not in view


def test_pseudonym_setting_is_remembered(client: TestClient) -> None:
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)
    r = client.post(
        "/settings/pseudonyms",
        data={"on": "1", "next": "/authors", "csrf_token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/authors"
    assert ARABIC_AUTHOR not in client.get("/authors?source=test-hostile").text
    client.post("/settings/pseudonyms", data={"on": "0", "csrf_token": token})
    assert ARABIC_AUTHOR in client.get("/authors?source=test-hostile").text


def test_unknown_author_is_404(client: TestClient) -> None:
    assert client.get("/authors/nobody-at-all").status_code == 404
