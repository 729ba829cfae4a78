"""Commands that publish results: the report and the demo."""

from __future__ import annotations

from pathlib import Path

import click

from undertow.cli import main


@main.command()
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="The HTML or PDF file to write (by its ending).",
)
@click.option("--events", "events", help="Events CSV, or builtin:isis-territory.")
@click.option("--title", help="Report title.")
def report(workspace: Path, out: Path, events: str | None, title: str | None) -> None:
    """Write a self-contained HTML (or PDF) report of a workspace."""
    from undertow.publish import write_report
    from undertow.workspace import Workspace

    path = write_report(Workspace.open(workspace), out, events=events, title=title)
    click.echo(f"Wrote {path}")


@main.command()
@click.argument("outdir", type=click.Path(path_type=Path))
@click.option("--seed", default=2016, show_default=True, help="Seed of the synthetic corpus.")
@click.option(
    "--size", type=click.Choice(["small", "default"]), default="default", show_default=True
)
@click.option("--quiet", is_flag=True, help="No progress bars.")
def demo(outdir: Path, seed: int, size: str, quiet: bool) -> None:
    """Build, analyse and report the bundled synthetic demo corpus into OUTDIR."""
    from undertow.demo.run import run_demo

    result = run_demo(outdir, seed=seed, size=size, quiet=quiet)
    for line in result.lines():
        click.echo(line)


if __name__ == "__main__":  # pragma: no cover
    main()
