"""Write docs/cli.md from the ``--help`` of every command (run: make docs)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from undertow.cli import main

HEADER = """# Command reference

Generated from `--help` by `make docs` (tools/gen_cli_docs.py); a test fails when it is stale.
"""


def render() -> str:
    """The whole reference as Markdown."""
    parts = [HEADER]
    ctx = click.Context(
        main,
        info_name="undertow",
        terminal_width=100,
        max_content_width=100,
        **main.context_settings,
    )
    parts.append("## undertow\n\n```\n" + main.get_help(ctx).rstrip() + "\n```\n")
    for name in sorted(main.commands):
        cmd = main.commands[name]
        sub = click.Context(
            cmd, info_name=name, parent=ctx, terminal_width=100, max_content_width=100
        )
        parts.append(f"## undertow {name}\n\n```\n" + cmd.get_help(sub).rstrip() + "\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/cli.md")
    target.write_text(render(), encoding="utf-8")
    print(f"Wrote {target}")
