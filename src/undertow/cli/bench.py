"""The benchmark command: posts/second and peak memory of every stage against its floor."""

from __future__ import annotations

import json
from pathlib import Path

import click

from undertow.cli import main


@main.command()
@click.option("--posts", default=100_000, show_default=True, help="Synthetic posts to generate.")
@click.option(
    "--input",
    "input_file",
    type=click.Path(path_type=Path),
    help="Benchmark on this JSON Lines file of posts instead of a synthetic corpus.",
)
@click.option(
    "--analyze-posts",
    default=5_000,
    show_default=True,
    help="Posts coded in the analyze stage (coding is ~1,000x slower than ingest).",
)
@click.option(
    "--workers",
    default="1,2",
    show_default=True,
    help="Analyze in one process (1) and on local Dask clusters of N workers, e.g. 1,2 or 2.",
)
@click.option(
    "--analyzer",
    default="codebook.model.v1",
    show_default=True,
    help="Analyzer of the analyze stage (the model embeds posts, like its floor).",
)
@click.option(
    "--stages",
    default="ingest,analyze,measure,queries",
    show_default=True,
    help="Stages to run, comma-separated.",
)
@click.option("--dir", "workdir", type=click.Path(path_type=Path), help="Work folder (new).")
@click.option("--keep", is_flag=True, help="Keep the work folder (corpus and workspaces).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def bench(
    posts: int,
    input_file: Path | None,
    analyze_posts: int,
    workers: str,
    analyzer: str,
    stages: str,
    workdir: Path | None,
    keep: bool,
    as_json: bool,
) -> None:
    """Time ingest, analyze, measure and the dashboard on a corpus, each against its floor."""
    from undertow.benchmark import rows_of, run_bench
    from undertow.errors import InputError

    try:
        counts = tuple(int(w) for w in workers.split(",") if w.strip())
    except ValueError:
        raise InputError(
            f"--workers takes whole numbers separated by commas, not {workers!r}."
        ) from None
    result = run_bench(
        posts,
        workdir=workdir,
        input_file=input_file,
        analyze_posts=analyze_posts,
        workers=counts,
        analyzer=analyzer,
        stages=[s.strip() for s in stages.split(",") if s.strip()],
        keep=keep,
        progress=None if as_json else lambda m: click.echo(f"... {m}", err=True),
    )
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    meta = result["meta"]
    click.echo(
        f"{meta['posts']:,} posts ({meta['corpus']}), {meta['cores']} cores, {meta['machine']}"
    )
    head = ["stage", "posts", "seconds", "posts/s", "peak MB", "floor posts/s", "ratio"]
    rows = [head, *rows_of(result)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for r in rows:
        click.echo(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    click.echo(
        "ratio: posts/s over the floor's posts/s (for the dashboard pages: scan time over page "
        "time). Floors: ingest = json.loads of every line; analyze = the bare embedding model; "
        "measure and pages = a plain Parquet scan."
    )
