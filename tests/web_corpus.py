"""A small workspace for the dashboard's tests: the synthetic demo plus hostile and Arabic posts.

The demo (about 500 synthetic posts, analysed) is built once per test session in a temporary
folder; every test module gets its own copy (:func:`workspace_copy`), so corrections and
review marks made by one module are not seen by another.
"""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from pathlib import Path

SOURCE = "test-hostile"
HOSTILE_ID = f"{SOURCE}:hostile-1"
ARABIC_ID = f"{SOURCE}:ar-1"
REPLY_ID = f"{SOURCE}:ar-2"
HOSTILE_AUTHOR = "evil<b>bold</b>\u202eboss"
ARABIC_AUTHOR = "مراسل_الساحة"
HOSTILE_TEXT = (
    "<script>alert('xss')</script> Look <img src=x onerror=alert(1)> and click "
    'javascript:alert(document.cookie) or <a href="javascript:alert(2)">here</a> '
    "https://evil.example/track.png <iframe src=https://evil.example/></iframe> "
    "<svg onload=alert(3)></svg> <style>body{display:none}</style> "
    "file\u202egnp.exe \u2067isolated\u2069 end"
)
ARABIC_TEXT = "خرج المتظاهرين إلى الساحة الكبرى في الموصل اليوم رغم القصف، والإخوة صامدون"
REPLY_TEXT = "نسأل الله الثبات للإخوة في الساحة"
RECORDS = [
    {
        "id": "hostile-1",
        "author": HOSTILE_AUTHOR,
        "created_at": "2016-03-02T09:00:00Z",
        "text": HOSTILE_TEXT,
        "lang": "en",
        "media": "https://evil.example/pixel.gif",
        "link": "javascript:alert(4)",
    },
    {
        "id": "ar-1",
        "thread": "t-ar",
        "author": ARABIC_AUTHOR,
        "created_at": "2016-03-03T10:00:00Z",
        "text": ARABIC_TEXT,
        "lang": "ar",
    },
    {
        "id": "ar-2",
        "thread": "t-ar",
        "reply_to": "ar-1",
        "author": "أخ_في_الله",
        "created_at": "2016-03-03T11:00:00Z",
        "text": REPLY_TEXT,
        "lang": "ar",
    },
]


@functools.cache
def _template() -> Path:
    from undertow.analyzers.registry import load
    from undertow.demo.run import run_demo
    from undertow.ingest import ingest
    from undertow.runner import run_analyzer
    from undertow.workspace import Workspace

    root = Path(tempfile.mkdtemp(prefix="undertow-web-test-"))
    atexit.register(shutil.rmtree, root, True)
    run_demo(root / "demo", size="small", quiet=True)
    ws = Workspace.open(root / "demo" / "workspace")
    extra = root / "hostile.jsonl"
    extra.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8"
    )
    ingest(ws, extra, source=SOURCE, stance="supporter", fmt="jsonl")
    for analyzer in load():
        run_analyzer(ws, analyzer)
    return root


def workspace_copy(dest: Path) -> tuple[Path, Path]:
    """Copy the test workspace into ``dest``; return (workspace path, events CSV path)."""
    root = _template()
    ws = dest / "workspace"
    shutil.copytree(root / "demo" / "workspace", ws)
    events = dest / "events.csv"
    shutil.copy(root / "demo" / "corpus" / "events.csv", events)
    return ws, events
