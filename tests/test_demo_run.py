"""``undertow demo`` end to end on the small corpus: ingest, analyse, report, headline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from undertow.demo.run import run_demo
from undertow.errors import InputError
from undertow.stats import workspace_stats
from undertow.workspace import Workspace


def test_small_demo_builds_a_safe_report(tmp_path: Path) -> None:
    result = run_demo(tmp_path / "demo", size="small", quiet=True)
    html = result.report.read_text(encoding="utf-8")
    assert "Synthetic demo data" in html
    # no external reference of any kind: no URL scheme in attributes, no CSS url(), no @import
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "url(" not in html and "@import" not in html
    stats = workspace_stats(Workspace.open(result.workspace))
    assert stats["posts"] == result.posts > 100
    assert {"supporter", "official", "internal", "observer"} <= set(stats["stances"])
    assert stats["coded"] and all(n == result.posts for n in stats["coded"].values())
    lines = result.lines()
    assert lines[0].startswith("Report: ") and any(line.startswith("supporter:") for line in lines)
    assert any("Propaganda gap" in line for line in lines)


def test_demo_rebuilds_in_place_but_spares_other_folders(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    first = run_demo(out, size="small", quiet=True)
    second = run_demo(out, size="small", quiet=True)
    assert second.posts == first.posts
    other = tmp_path / "thesis"
    other.mkdir()
    (other / "chapter1.docx").write_text("precious")
    with pytest.raises(InputError, match="does not hold an earlier demo"):
        run_demo(other, size="small", quiet=True)
    assert (other / "chapter1.docx").read_text() == "precious"
