"""The dashboard in a real browser: Playwright driving Debian's Chromium (no downloads).

The app runs with uvicorn in a background thread on 127.0.0.1 and a free port. Every page
is watched: a request to any other origin, a JavaScript dialog or a Content-Security-Policy
violation fails the test. Screenshots of each page go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from undertow.errors import InputError
from undertow.pdf import CHROMIUM_ARGS, find_chromium
from web_corpus import ARABIC_ID, ARABIC_TEXT, HOSTILE_ID, workspace_copy

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
try:
    CHROMIUM = find_chromium()
except InputError:
    CHROMIUM = ""
ARGS = list(CHROMIUM_ARGS)


def _need_chromium() -> None:
    if CHROMIUM:
        return
    reason = "Chromium is not installed (make test installs it: apt-get install chromium)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


class _Server:
    """uvicorn serving an app in a daemon thread on an already bound socket."""

    def __init__(self, app) -> None:
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _need_chromium()
    from undertow.web import create_app

    ws, events = workspace_copy(tmp_path_factory.mktemp("browser"))
    app = create_app(ws, analyst="browser-test", events=events)
    with _Server(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser(origin: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watch:
    """What a page did that it must not: foreign requests, dialogs, CSP violations."""

    def __init__(self, page, origin: str) -> None:
        self.origin = origin
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.csp: list[str] = []
        self.requests = 0
        page.on("request", self._request)
        page.on("dialog", self._dialog)
        page.on("console", self._console)

    def _request(self, request) -> None:
        self.requests += 1
        url = request.url
        if not (url.startswith(self.origin + "/") or url.startswith("data:")):
            self.foreign.append(url)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, msg) -> None:
        if "Content Security Policy" in msg.text or "Content-Security-Policy" in msg.text:
            self.csp.append(msg.text)

    def check(self) -> None:
        assert self.foreign == [], f"requests left the page: {self.foreign}"
        assert self.dialogs == [], f"a dialog opened: {self.dialogs}"
        assert self.csp == [], f"CSP violations: {self.csp}"


@pytest.fixture
def page(browser, origin: str) -> Iterator[tuple[object, Watch]]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    watch = Watch(pg, origin)
    yield pg, watch
    watch.check()
    context.close()


def shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _figure(pg, stance: str) -> int:
    text = pg.locator(f'tr[data-stance="{stance}"] td.distress .k').inner_text()
    return int(re.sub(r"\D", "", text))


def test_overview_shows_measures_with_linked_points(page, origin: str) -> None:
    pg, _ = page
    pg.goto(origin + "/")
    assert pg.locator("h1").inner_text() == "Overview"
    assert pg.locator("svg.chart").count() == 4
    points = pg.locator("svg.chart a.pt")
    assert points.count() > 10
    assert pg.locator("svg.chart g.event").count() > 0  # event markers
    shot(pg, "overview")
    points.first.click()
    pg.wait_for_url(re.compile(r"/posts\?stance="))
    assert int(pg.locator("#total").inner_text().replace(",", "")) > 0


def test_filter_and_search_in_arabic(page, origin: str) -> None:
    pg, watch = page
    pg.goto(origin + "/posts")
    total = int(pg.locator("#total").inner_text().replace(",", ""))
    pg.locator('select[name="stance"]').select_option("official")
    pg.locator("#filters button[type=submit]").click()
    pg.wait_for_url(re.compile(r"stance=official"))
    official = int(pg.locator("#total").inner_text().replace(",", ""))
    assert 0 < official < total
    assert pg.locator("li.post .chip.stance").all_inner_texts() == ["official"] * min(official, 50)
    shot(pg, "posts-filtered")

    pg.goto(origin + "/posts")
    pg.locator('input[name="q"]').fill("مُتَظاهِرونَ")
    before = watch.requests
    pg.locator("#filters button[type=submit]").click()
    pg.wait_for_url(re.compile(r"q="))
    pg.wait_for_function("document.getElementById('total').textContent === '1'")
    assert watch.requests > before
    item = pg.locator("li.post .post-text")
    assert item.get_attribute("dir") == "rtl"
    assert "المتظاهرين" in item.inner_text()
    shot(pg, "posts-search-arabic")


def test_post_view_highlights_evidence(page, origin: str) -> None:
    pg, _ = page
    pg.goto(origin + "/posts?label=defiance&lang=ar")
    pg.locator("li.post a.open").first.click()
    pg.wait_for_url(re.compile(r"/posts/"))
    text = pg.locator("#post-text")
    assert text.get_attribute("dir") == "rtl"
    marks = pg.locator('section.evidence[data-label="defiance"] mark')
    assert marks.count() >= 1
    assert marks.first.is_visible()
    shot(pg, "post-arabic")


def test_correcting_a_label_changes_the_measure(page, origin: str) -> None:
    pg, _ = page
    pg.goto(origin + "/")
    before = _figure(pg, "supporter")
    pg.goto(origin + "/posts/" + quote(ARABIC_ID, safe=""))
    assert ARABIC_TEXT in pg.locator("#post-text").inner_text()
    row = pg.locator('tr[data-label="despair"]')
    assert row.locator("td.state").inner_text().startswith("no")
    row.locator('input[name="note"]').fill("reads as despair in context")
    row.locator("button").click()
    pg.wait_for_selector("#labels .flash")
    assert pg.locator('tr[data-label="despair"] td.state').inner_text().startswith("yes")
    assert pg.locator("#labels table.history tbody tr").count() == 1
    shot(pg, "post-corrected")
    pg.goto(origin + "/")
    assert _figure(pg, "supporter") == before + 1
    pg.goto(origin + "/corrections")
    assert "reads as despair in context" in pg.locator("table.history").inner_text()
    shot(pg, "corrections")


def test_incitement_queue_marks_reviewed(page, origin: str) -> None:
    pg, _ = page
    pg.goto(origin + "/queue")
    items = pg.locator("li.queue-item")
    assert items.count() > 0

    def to_review() -> int:  # the tab's count: the page itself shows at most one page of posts
        return int(pg.locator('a[href="/queue?show=todo"] .n').inner_text().replace(",", ""))

    n = to_review()
    assert "Target:" in items.first.inner_text() and "Form:" in items.first.inner_text()
    shot(pg, "queue")
    marked = items.first.get_attribute("data-post")
    items.first.locator("button").click()
    pg.wait_for_selector("li.queue-item .review-state.done")
    done = pg.locator(".review-state.done .what").first.inner_text()
    assert done.startswith("Reviewed by browser-test at ")
    pg.goto(origin + "/queue")
    assert to_review() == n - 1
    assert pg.locator(f'li.queue-item[data-post="{marked}"]').count() == 0


def test_hostile_post_renders_inert(page, origin: str) -> None:
    pg, watch = page
    pg.goto(origin + "/posts/" + quote(HOSTILE_ID, safe=""))
    text = pg.locator("#post-text")
    shown = text.inner_text()
    assert "<script>alert('xss')</script>" in shown
    assert "<img src=x onerror=alert(1)>" in shown
    assert "javascript:alert(document.cookie)" in shown
    assert "⟦RLO⟧" in shown and "\u202e" not in shown
    assert text.locator("*").count() == 0  # nothing but text inside
    assert pg.locator("img, iframe, video, audio, object, embed").count() == 0
    assert pg.locator('a[href^="javascript:"]').count() == 0
    assert pg.locator("script").count() == 2  # htmx and app.js, nothing else
    assert pg.locator('script:not([src^="/static/"])').count() == 0
    pg.locator("details summary").click()
    shot(pg, "post-hostile")
    # the same post in the list, the search results and the author page
    pg.goto(origin + "/posts?q=onerror")
    assert pg.locator("#total").inner_text() == "1"
    assert pg.locator("li.post img").count() == 0
    pg.locator("li.post bdi.author a, li.post a.open").first.click()
    pg.wait_for_url(re.compile(r"/posts/"))
    pg.goto(origin + "/authors")
    assert pg.locator("table.authors img").count() == 0
    shot(pg, "authors")
    pg.goto(origin + "/authors?source=test-hostile")
    pg.locator("table.authors a bdi.author").first.click()
    pg.wait_for_url(re.compile(r"/authors/"))
    assert pg.locator("figure.bars svg").count() == 1
    shot(pg, "author")
    watch.check()
