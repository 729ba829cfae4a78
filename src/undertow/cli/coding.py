"""Commands about coding posts: analyze a workspace, list and check analyzers."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from undertow.cli import main


@main.command()
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option("--analyzer", "names", multiple=True, help="Analyzer entry-point name (repeatable).")
@click.option(
    "--cluster",
    help="Run on Dask: local:N (N worker processes on this machine) or tcp://HOST:PORT.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def analyze(workspace: Path, names: tuple[str, ...], cluster: str | None, quiet: bool) -> None:
    """Code every post not yet coded by the current analyzer versions."""
    from contextlib import nullcontext

    from undertow.analyzers.registry import DEFAULT, load
    from undertow.progress import bar
    from undertow.runner import run_analyzer
    from undertow.workspace import Workspace

    ws = Workspace.open(workspace)
    chosen = list(names or DEFAULT)
    if cluster:
        from undertow.cluster import open_cluster

        context = open_cluster(cluster)
    else:
        context = nullcontext(None)
    with context as client:
        for name, analyzer in zip(chosen, load(chosen), strict=True):
            with bar(f"Coding with {analyzer.key}", quiet=quiet) as update:
                res = run_analyzer(ws, analyzer, progress=update, client=client, name=name)
            click.echo(f"Coded {res.coded:,} posts with {res.analyzer}: {res.labels:,} labels.")


@main.command()
@click.option("--check", is_flag=True, help="Run the conformance check over every analyzer.")
def analyzers(check: bool) -> None:
    """List the installed analyzers (and check them)."""
    from undertow.analyzers.registry import available

    registry = available()
    failed = False
    for name, cls in sorted(registry.items()):
        click.echo(f"{name}\t{cls.name}@{cls.version}\t{', '.join(cls.produces)}")
        if check:
            from undertow.analyzers.conformance import check_analyzer, probe_instance

            problems = check_analyzer(probe_instance(cls))
            for p in problems:
                click.echo(f"  FAIL {p}")
            failed |= bool(problems)
            if not problems:
                click.echo("  conformance check passed")
    if failed:
        sys.exit(1)
