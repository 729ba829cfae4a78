"""Print an HTML report to PDF, offline, with Chromium.

Chromium shapes Arabic correctly everywhere, SVG charts included. The browser is driven through
Playwright when the ``playwright`` package is installed (no ``playwright install`` needed: it
launches the system Chromium), else through Chromium's own ``--print-to-pdf``. Every request
other than ``file:`` and ``data:`` URLs is refused, so printing never reaches the network.

The browser is found in ``$UNDERTOW_CHROMIUM``, then ``/usr/lib/chromium/chromium`` (Debian's
binary without its wrapper script), then ``chromium``, ``chromium-browser``, ``google-chrome``
on the ``PATH``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from undertow.errors import InputError

__all__ = ["CHROMIUM_ARGS", "find_chromium", "render_pdf"]

CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
)
_CANDIDATES = ("/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome")
TIMEOUT_S = 120
INSTALL_HINT = (
    "install it (Debian/Ubuntu: sudo apt-get install chromium) or set UNDERTOW_CHROMIUM to "
    "the browser's path"
)


def find_chromium() -> str:
    """The path of a Chromium binary, or an InputError saying how to install one."""
    env = os.environ.get("UNDERTOW_CHROMIUM")
    if env:
        if Path(env).is_file() and os.access(env, os.X_OK):
            return env
        raise InputError(f"UNDERTOW_CHROMIUM={env} is not an executable file; {INSTALL_HINT}.")
    for name in _CANDIDATES:
        found = name if Path(name).is_absolute() and os.access(name, os.X_OK) else None
        found = found or (None if Path(name).is_absolute() else shutil.which(name))
        if found:
            return found
    raise InputError(f"PDF output needs Chromium, which was not found; {INSTALL_HINT}.")


def render_pdf(html_path: Path, pdf_path: Path) -> Path:
    """Print ``html_path`` to ``pdf_path`` (A4, backgrounds on; written atomically)."""
    html_path, pdf_path = Path(html_path), Path(pdf_path)
    if not html_path.is_file():
        raise InputError(f"{html_path} does not exist; write the HTML report first.")
    if not pdf_path.parent.is_dir():
        raise InputError(
            f"Folder {pdf_path.parent} does not exist; create it or pick another -o path."
        )
    browser = find_chromium()
    tmp = pdf_path.with_name(f".{pdf_path.name}.part")
    try:
        try:
            _with_playwright(browser, html_path.resolve(), tmp)
        except (ImportError, InputError):
            tmp.unlink(missing_ok=True)  # no Playwright, or its driver failed: ask Chromium
            _with_cli(browser, html_path.resolve(), tmp)
        if not tmp.is_file() or tmp.read_bytes()[:5] != b"%PDF-":
            raise InputError(f"Chromium ({browser}) wrote no PDF for {html_path}; {INSTALL_HINT}.")
        os.replace(tmp, pdf_path)
    finally:
        tmp.unlink(missing_ok=True)
    return pdf_path


def _with_playwright(browser: str, html: Path, out: Path) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=browser, args=list(CHROMIUM_ARGS))
            try:
                page = chromium.new_page()
                page.route("**/*", _offline_only)
                page.goto(html.as_uri(), wait_until="load", timeout=TIMEOUT_S * 1000)
                page.pdf(path=str(out), format="A4", print_background=True)
            finally:
                chromium.close()
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"Chromium ({browser}) could not print {html.name}: {first}") from None


def _offline_only(route: Any) -> None:
    """Let local resources through and refuse everything else (a Playwright route handler)."""
    url = route.request.url
    if url.startswith(("file:", "data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort()


def _with_cli(browser: str, html: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="undertow-chromium-") as profile:
        cmd = [
            browser,
            *CHROMIUM_ARGS,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            html.as_uri(),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise InputError(
                f"Chromium took over {TIMEOUT_S} s to print {html.name}; try again or print "
                "the HTML report from a browser."
            ) from None
        except OSError as exc:
            raise InputError(
                f"Chromium ({browser}) could not start ({exc}); {INSTALL_HINT}."
            ) from None
        if done.returncode != 0 and not out.is_file():
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise InputError(f"Chromium ({browser}) failed to print {html.name}: {last}")
