"""PDF reports: printed offline by Chromium, Arabic in logical order, clear error without it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_corrections import make_ws
from undertow import pdf
from undertow.errors import InputError
from undertow.publish import write_report

ARABIC_TITLE = "تقرير المعنويات"
PAGE = f"""<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8"><body>
<h1>{ARABIC_TITLE}</h1>
<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60">
<text x="150" y="40" text-anchor="middle" font-size="24">الدولة باقية</text></svg>
<img src="http://192.0.2.1/tracker.png" alt="">
</body></html>"""


def _has_chromium() -> bool:
    try:
        pdf.find_chromium()
    except InputError:
        return False
    return True


needs_chromium = pytest.mark.skipif(not _has_chromium(), reason="Chromium is not installed")


def _text(path: Path) -> str | None:
    """The text of a PDF by poppler's pdftotext, or None when it is not installed."""
    if shutil.which("pdftotext") is None:
        return None
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


@pytest.mark.slow
@needs_chromium
def test_report_prints_to_pdf_with_arabic_in_logical_order(tmp_path: Path) -> None:
    ws = make_ws(tmp_path, [("p1", "المتظاهرون في الساحة"), ("p2", "we hold on")], [])
    out = write_report(ws, tmp_path / "report.pdf", title=ARABIC_TITLE, min_n=1)
    assert out == tmp_path / "report.pdf"
    assert out.read_bytes()[:5] == b"%PDF-"
    assert not list(tmp_path.glob(".*.part"))
    text = _text(out)
    if text is not None:  # poppler-utils may be absent; the PDF itself was checked above
        assert ARABIC_TITLE in text


@pytest.mark.slow
@needs_chromium
def test_render_pdf_with_the_chromium_command_line(tmp_path: Path, monkeypatch) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails: fallback
    out = pdf.render_pdf(page, tmp_path / "cli.pdf")
    assert out.read_bytes()[:5] == b"%PDF-"
    text = _text(out)
    if text is not None:
        assert ARABIC_TITLE in text and "الدولة باقية" in text


@pytest.mark.slow
@needs_chromium
def test_render_pdf_with_playwright_refuses_the_network(tmp_path: Path) -> None:
    pytest.importorskip("playwright.sync_api")
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    seen: list[str] = []
    original = pdf._offline_only

    def spy(route) -> None:
        seen.append(route.request.url)
        original(route)

    pdf._offline_only = spy
    try:
        out = pdf.render_pdf(page, tmp_path / "pw.pdf")
    finally:
        pdf._offline_only = original
    assert out.read_bytes()[:5] == b"%PDF-"
    assert "http://192.0.2.1/tracker.png" in seen


def test_missing_chromium_says_how_to_install_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("UNDERTOW_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(InputError, match="apt-get install chromium"):
        pdf.find_chromium()
    monkeypatch.delenv("UNDERTOW_CHROMIUM")
    monkeypatch.setattr(pdf, "_CANDIDATES", ("/nonexistent/chromium", "no-such-chromium-xyz"))
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    with pytest.raises(InputError, match="apt-get install chromium"):
        pdf.render_pdf(page, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_report_path_must_be_html_or_pdf(tmp_path: Path) -> None:
    ws = make_ws(tmp_path, [("p1", "text")], [])
    with pytest.raises(InputError, match=r"\.html or \.pdf"):
        write_report(ws, tmp_path / "report.docx")
    with pytest.raises(InputError, match="does not exist"):
        pdf.render_pdf(tmp_path / "missing.html", tmp_path / "x.pdf")
