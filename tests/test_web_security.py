"""Security of the dashboard: binding, token, host check, CSRF, response headers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from undertow.errors import InputError
from undertow.web import create_app, dashboard_url, serve
from undertow.web.security import CSP, check_bind, is_loopback, session_value
from web_corpus import workspace_copy

TOKEN = "s3cret-token-for-tests"
LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return workspace_copy(tmp_path_factory.mktemp("websec"))[0]


@pytest.fixture(scope="module")
def client(ws: Path) -> TestClient:
    return TestClient(create_app(ws), base_url=LOCAL)


@pytest.fixture(scope="module")
def guarded(ws: Path) -> TestClient:
    return TestClient(create_app(ws, token=TOKEN, host="0.0.0.0"), base_url=LOCAL)


def csrf_of(client: TestClient, url: str = "/corrections") -> str:
    page = client.get(url)
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', page.text)
    assert match
    return match.group(1)


# -- binding ----------------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2", "[::1]"])
def test_loopback_hosts_need_no_token(host: str) -> None:
    assert is_loopback(host)
    check_bind(host, None)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.2", "example.org", ""])
def test_other_hosts_are_refused_without_a_token(host: str) -> None:
    assert not is_loopback(host)
    with pytest.raises(InputError, match="--token"):
        check_bind(host, None)
    check_bind(host, TOKEN)


def test_short_tokens_are_refused() -> None:
    with pytest.raises(InputError, match="shorter"):
        check_bind("0.0.0.0", "abc")


def test_serve_refuses_before_building_anything(tmp_path: Path) -> None:
    # no workspace at all: the bind check comes first and names the fix
    with pytest.raises(InputError, match=r"Refusing to serve on 0\.0\.0\.0"):
        serve(tmp_path / "nowhere", host="0.0.0.0", port=8765)


def test_dashboard_url() -> None:
    assert dashboard_url("127.0.0.1", 8765) == "http://127.0.0.1:8765/"
    assert dashboard_url("0.0.0.0", 9000, "tok") == "http://127.0.0.1:9000/?token=tok"
    assert dashboard_url("::1", 80) == "http://[::1]:80/"


# -- headers ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url", ["/", "/posts", "/static/htmx.min.js", "/static/app.css", "/posts/nope", "/nope"]
)
def test_every_response_has_the_security_headers(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.headers["content-security-policy"] == CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"
    if not url.startswith("/static/"):
        assert r.headers["cache-control"] == "no-store"


def test_csp_has_no_remote_source() -> None:
    assert "http" not in CSP and "*" not in CSP and "unsafe" not in CSP
    assert "default-src 'none'" in CSP and "frame-ancestors 'none'" in CSP


def test_pages_load_nothing_from_elsewhere(client: TestClient) -> None:
    for url in ("/", "/posts", "/authors", "/queue", "/corrections"):
        html = client.get(url).text
        srcs = re.findall(r'(?:src|href)="([^"]*)"', html)
        assert all(s.startswith(("/", "#", "data:,")) and not s.startswith("//") for s in srcs), url
        assert "<script>" not in html and "style=" not in html and " on" + "click" not in html


# -- host check -------------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost", "[::1]:8765", "LOCALHOST:1"])
def test_loopback_host_headers_pass(client: TestClient, host: str) -> None:
    assert client.get("/healthz", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.evil.example"])
def test_other_host_headers_are_refused(client: TestClient, host: str) -> None:
    r = client.get("/healthz", headers={"host": host})
    assert r.status_code == 400
    assert r.headers["content-security-policy"] == CSP


def test_a_wildcard_bind_accepts_any_host_with_the_token(guarded: TestClient) -> None:
    r = guarded.get(
        "/healthz", headers={"host": "192.0.2.2:8765", "authorization": f"Bearer {TOKEN}"}
    )
    assert r.status_code == 200


# -- token ------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/", "/posts", "/static/htmx.min.js", "/healthz", "/export"])
def test_requests_without_the_token_get_401(guarded: TestClient, url: str) -> None:
    guarded.cookies.clear()
    r = guarded.get(url)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert r.headers["content-security-policy"] == CSP


def test_bearer_token(guarded: TestClient) -> None:
    guarded.cookies.clear()
    assert guarded.get("/healthz", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert (
        guarded.get("/healthz", headers={"authorization": "Bearer wrong-token-value"}).status_code
        == 401
    )
    assert guarded.get("/healthz", headers={"authorization": f"Basic {TOKEN}"}).status_code == 401


def test_token_in_the_url_sets_a_cookie_once(guarded: TestClient) -> None:
    guarded.cookies.clear()
    r = guarded.get(f"/posts?stance=official&token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/posts?stance=official"  # token gone from the URL
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert TOKEN not in cookie and session_value(TOKEN) in cookie
    assert guarded.get("/posts?stance=official").status_code == 200
    guarded.cookies.clear()
    assert guarded.get("/posts").status_code == 401


def test_wrong_token_in_the_url_is_refused(guarded: TestClient) -> None:
    guarded.cookies.clear()
    assert guarded.get("/?token=not-the-token", follow_redirects=False).status_code == 401


def test_token_redirect_stays_on_this_site(guarded: TestClient) -> None:
    guarded.cookies.clear()
    r = guarded.get(f"//evil.example/x?token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"].startswith("/") and not r.headers["location"].startswith("//")


# -- CSRF -------------------------------------------------------------------------------------
def _form(post_id: str = "test-hostile:ar-1") -> dict[str, str]:
    return {"post_id": post_id, "label": "worry", "present": "1", "note": "csrf test"}


def test_writes_without_csrf_token_are_refused(client: TestClient) -> None:
    csrf_of(client)  # the cookie is set
    r = client.post("/corrections", data=_form(), follow_redirects=False)
    assert r.status_code == 403
    r = client.post(
        "/corrections", data={**_form(), "csrf_token": "x" * 43}, follow_redirects=False
    )
    assert r.status_code == 403
    r = client.post("/queue/review", data={"post_id": "x"}, follow_redirects=False)
    assert r.status_code == 403
    r = client.post("/settings/pseudonyms", data={"on": "1"}, follow_redirects=False)
    assert r.status_code == 403


def test_writes_without_the_cookie_are_refused(ws: Path) -> None:
    fresh = TestClient(create_app(ws), base_url=LOCAL)
    r = fresh.post("/corrections", data={**_form(), "csrf_token": "a" * 43})
    assert r.status_code == 403


def test_write_with_form_field_and_with_header(client: TestClient) -> None:
    token = csrf_of(client)
    r = client.post("/corrections", data={**_form(), "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    r = client.post(
        "/corrections",
        data={**_form(), "present": "0"},
        headers={"x-csrf-token": token},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_cross_origin_writes_are_refused(client: TestClient) -> None:
    token = csrf_of(client)
    data = {**_form(), "csrf_token": token}
    for headers in (
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
    ):
        r = client.post("/corrections", data=data, headers=headers, follow_redirects=False)
        assert r.status_code == 403, headers
    ok = client.post(
        "/corrections",
        data=data,
        headers={"origin": LOCAL, "sec-fetch-site": "same-origin"},
        follow_redirects=False,
    )
    assert ok.status_code == 303


def test_csrf_cookie_is_strict_and_http_only(ws: Path) -> None:
    fresh = TestClient(create_app(ws), base_url=LOCAL)
    cookie = fresh.get("/").headers["set-cookie"]
    assert cookie.startswith("undertow_csrf_")
    assert "SameSite=Strict" in cookie and "HttpOnly" in cookie


def test_writes_need_the_token_too(guarded: TestClient) -> None:
    guarded.cookies.clear()
    r = guarded.post("/corrections", data=_form())
    assert r.status_code == 401


def test_settings_redirect_stays_on_this_site(client: TestClient) -> None:
    token = csrf_of(client)
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        r = client.post(
            "/settings/pseudonyms",
            data={"on": "1", "next": target, "csrf_token": token},
            follow_redirects=False,
        )
        assert r.status_code == 303
        assert r.headers["location"] == "/"


def test_a_busy_port_is_a_clear_error() -> None:
    from undertow.web import bind_socket

    first = bind_socket("127.0.0.1", 0)
    try:
        port = first.getsockname()[1]
        with pytest.raises(InputError, match="pick another --port"):
            bind_socket("127.0.0.1", port)
    finally:
        first.close()
