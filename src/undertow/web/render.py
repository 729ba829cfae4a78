"""Rendering: the dashboard's Jinja environment and the helpers that keep post text inert.

Every value printed by a template goes through :func:`show_controls` (Jinja's ``finalize``)
and then autoescaping: bidi embedding, override and isolate characters of posts are replaced
by visible markers such as ``⟦RLO⟧`` (plain text, safe in attributes too), so a post cannot
reorder what the analyst reads. The only HTML built from post text is the evidence
highlighting of :func:`undertow.report.select.highlight` (escaped pieces in ``<mark>``).
Post text is never turned into links, images or media.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from undertow.report.select import highlight
from undertow.web.deps import pseudo_on

BIDI_CONTROLS: dict[int, str] = {
    0x202A: "LRE",
    0x202B: "RLE",
    0x202C: "PDF",
    0x202D: "LRO",
    0x202E: "RLO",
    0x2066: "LRI",
    0x2067: "RLI",
    0x2068: "FSI",
    0x2069: "PDI",
}
_SHOW = {cp: f"⟦{name}⟧" for cp, name in BIDI_CONTROLS.items()}
_RTL = frozenset({"ar", "fa", "ur", "he", "ps", "ckb", "yi", "dv", "sd", "ug"})
_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
TEMPLATES = Path(__file__).parent / "templates"


def show_controls(value: Any) -> Any:
    """Replace bidi control characters in a string by visible markers (Markup stays Markup)."""
    if isinstance(value, Markup):
        return Markup(str.translate(value, _SHOW))
    if isinstance(value, str):
        return value.translate(_SHOW)
    return value


def langtag(value: Any) -> str:
    """Return ``value`` when it is a well-formed language tag, else an empty string."""
    return value if isinstance(value, str) and _LANG_TAG.fullmatch(value) else ""


def text_dir(lang: Any) -> str:
    """Return ``rtl`` for right-to-left languages, else ``auto`` (the browser decides)."""
    base = langtag(lang).split("-")[0].lower()
    return "rtl" if base in _RTL else "auto"


def evidence(text: str, spans: Any, max_chars: int = 100_000) -> Markup:
    """Return the post text escaped, with ``spans`` marked, bidi controls made visible."""
    return show_controls(highlight(text or "", spans, max_chars=max_chars))


def snippet(text: str, chars: int = 320) -> str:
    """Return the start of a post text (plain; escaped by the template)."""
    text = text or ""
    return text if len(text) <= chars else text[: chars - 1] + "…"


def when(value: Any, precision: str | None = None) -> str:
    """Format a post time at the precision its source gave (UTC)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        fmt = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d", "hour": "%Y-%m-%d %H:00"}
        return value.strftime(fmt.get(precision or "", "%Y-%m-%d %H:%M"))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def path_id(value: str) -> str:
    """Quote a post id or handle for use as one path segment."""
    return quote(value, safe="")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=show_controls,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        langtag=langtag,
        textdir=text_dir,
        evidence=evidence,
        snippet=snippet,
        when=when,
        pathid=path_id,
        num=lambda v: f"{v:,}" if isinstance(v, int) else str(v),
        pct=lambda k, n: f"{100 * k / n:.1f}%" if n else "–",
        label_name=lambda v: str(v).replace("_", " "),
    )
    return env


templates = Jinja2Templates(env=_environment())


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with the context every page needs (CSRF token, workspace, flags)."""
    app_state = request.app.state
    base = {
        "csrf": request.scope.get("state", {}).get("csrf", ""),
        "workspace_name": app_state.workspace_name,
        "synthetic": app_state.synthetic,
        "analyst": app_state.analyst,
        "pseudo": pseudo_on(request),
        "path": request.url.path,
        "partial": request.headers.get("hx-request") == "true"
        and request.headers.get("hx-history-restore-request") != "true",
    }
    base.update(context)
    return templates.TemplateResponse(request, name, base, status_code=status_code)
