"""Commands that measure: event studies, change points, the propaganda gap, and the simulator."""

from __future__ import annotations

import json
from pathlib import Path

import click

from undertow.cli import main


@main.command()
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option("--events", help="Events CSV, or builtin:isis-territory.")
@click.option("--window", default=14, show_default=True, help="Days before and after each event.")
@click.option(
    "--freq",
    type=click.Choice(["day", "week", "month"]),
    default="week",
    show_default=True,
    help="Period of the series and the gap.",
)
@click.option(
    "--min-n",
    "min_n",
    default=20,
    show_default=True,
    help="Figures over fewer posts are marked too few.",
)
@click.option(
    "--seed", default=0, show_default=True, help="Seed of the bootstrap and permutations."
)
@click.option(
    "--memory-limit",
    default="1GB",
    show_default=True,
    help="DuckDB's memory cap while reading the workspace; beyond it, it spills to disk.",
)
@click.option(
    "--spill-dir",
    type=click.Path(path_type=Path),
    help="Folder for the spilled data [default: TMPDIR; give a disk folder where /tmp is in RAM].",
)
@click.option("--json", "as_json", is_flag=True, help="Print everything as JSON.")
def measure(
    workspace: Path,
    events: str | None,
    window: int,
    freq: str,
    min_n: int,
    seed: int,
    memory_limit: str,
    spill_dir: Path | None,
    as_json: bool,
) -> None:
    """Measure series, event effects, change points and the propaganda gap."""
    from undertow.measure.run import measure as run_measure
    from undertow.measure.run import summarize
    from undertow.workspace import Workspace

    result = run_measure(
        Workspace.open(workspace),
        events=events,
        window=window,
        freq=freq,
        min_n=min_n,
        seed=seed,
        memory_limit=memory_limit,
        spill_dir=spill_dir,
    )
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    for line in summarize(result):
        click.echo(line)


@main.command()
@click.argument("outdir", type=click.Path(path_type=Path))
@click.option("--seed", default=0, show_default=True, help="Seed of the simulation.")
@click.option(
    "--scenario",
    type=click.Choice(["default", "null", "lagged"]),
    default="default",
    show_default=True,
    help="Which shifts to plant.",
)
def simulate(outdir: Path, seed: int, scenario: str) -> None:
    """Write a workspace with planted shifts, its events and the truth, to test the measures."""
    from undertow.simulate import simulate as run_simulate

    result = run_simulate(outdir, seed=seed, scenario=scenario)
    for line in result.lines():
        click.echo(line)
