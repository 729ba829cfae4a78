"""The docs prove themselves: the CLI reference is generated from --help and kept current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _render() -> str:
    spec = importlib.util.spec_from_file_location(
        "gen_cli_docs", ROOT / "tools" / "gen_cli_docs.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.render()


def test_cli_reference_is_current() -> None:
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == _render(), "docs/cli.md is stale: run `make docs`"


def test_every_command_is_in_the_readme_or_docs() -> None:
    from undertow.cli import main

    docs = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md") if p.name != "cli.md"
    )
    missing = [name for name in main.commands if f"undertow {name}" not in docs]
    assert not missing, f"commands without prose docs: {missing}"


def test_quick_start_is_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("make test")
