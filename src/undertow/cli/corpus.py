"""Commands about the corpus: create a workspace, ingest, inspect, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from undertow.cli import main
from undertow.errors import InputError
from undertow.post import STANCES

MAP_KEYS = ("text", "time", "author", "id", "thread", "reply_to", "lang")


@main.command()
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option("--name", help="A display name for the workspace (default: the folder name).")
def init(workspace: Path, name: str | None) -> None:
    """Create an empty workspace folder."""
    from undertow.workspace import Workspace

    ws = Workspace.create(workspace, name=name)
    click.echo(f"Created workspace {ws.path}")


def _parse_map(items: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or key not in MAP_KEYS or not value:
            raise InputError(
                f"--map {item!r} must look like FIELD=COLUMN with FIELD one of "
                f"{', '.join(MAP_KEYS)}."
            )
        out[key] = value
    return out


@main.command()
@click.argument("workspace", type=click.Path(path_type=Path))
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--source", required=True, help="Name of the source (a forum, channel, account set).")
@click.option("--stance", required=True, type=click.Choice(STANCES), help="Stance of the source.")
@click.option(
    "--format",
    "fmt",
    default="auto",
    show_default=True,
    help="Reader: auto (sniffed from the content), jsonl, csv, tweets-csv, telegram-json, "
    "telegram-scraper-csv, text.",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Column map for jsonl/csv, e.g. --map text=message --map time=date.",
)
@click.option(
    "--tz", default="UTC", show_default=True, help="Time zone of times given without one."
)
@click.option("--encoding", default="utf-8", show_default=True, help="Text encoding of the files.")
@click.option(
    "--jobs",
    type=int,
    default=None,
    help="Parser processes for big inputs [default: one per core above 16 MB; 1 = none].",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(
    workspace: Path,
    path: Path,
    source: str,
    stance: str,
    fmt: str,
    mapping: tuple[str, ...],
    tz: str,
    encoding: str,
    jobs: int | None,
    quiet: bool,
) -> None:
    """Ingest a file or folder of exports into a workspace as one batch."""
    from undertow.ingest import ingest as run_ingest
    from undertow.progress import bar
    from undertow.readers import ReaderOptions
    from undertow.workspace import Workspace

    ws = Workspace.open(workspace)
    options = ReaderOptions(column_map=_parse_map(mapping), default_tz=tz, encoding=encoding)
    shown = 0

    def on_reject(rej) -> None:
        nonlocal shown
        shown += 1
        if shown <= 20:
            click.echo(f"Rejected {rej}", err=True)

    with bar(f"Ingesting {path.name}", quiet=quiet) as update:
        result = run_ingest(
            ws,
            path,
            source=source,
            stance=stance,
            fmt=fmt,
            options=options,
            progress=lambda n: update(n),
            on_reject=on_reject,
            jobs=jobs,
        )
    if result.rejected > 20:
        click.echo(
            f"... and {result.rejected - 20:,} more rejected records; all are listed in "
            f"{ws.rejects_dir / (result.batch + '.jsonl')}",
            err=True,
        )
    click.echo(result.summary())
    if result.rejected:
        sys.exit(3)


@main.command()
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(workspace: Path, as_json: bool) -> None:
    """Print what a workspace holds."""
    from undertow.stats import workspace_stats
    from undertow.workspace import Workspace

    s = workspace_stats(Workspace.open(workspace))
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{s['posts']:,} posts from {len(s['sources'])} sources, {s['first']} to {s['last']}"
    )
    for src in s["sources"]:
        click.echo(f"  {src['source']:<24} {src['stance']:<10} {src['posts']:>10,}")
    click.echo("Languages: " + ", ".join(f"{k} {v:,}" for k, v in s["languages"].items()))
    for key, n in s["coded"].items():
        click.echo(f"Coded by {key}: {n:,}")


@main.command()
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    default=None,
    help="Output format (required unless --corrections).",
)
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path))
@click.option(
    "--corrections",
    is_flag=True,
    help="Write the analysts' corrected posts as gold JSONL (for retraining/evaluation).",
)
def export(workspace: Path, fmt: str | None, out: Path, corrections: bool) -> None:
    """Export one row per post with its labels (corrections applied)."""
    from undertow.export import export as run_export
    from undertow.export import export_corrections
    from undertow.store import label_keys
    from undertow.workspace import Workspace

    ws = Workspace.open(workspace)
    if corrections:
        n = export_corrections(ws, out)
        click.echo(f"Wrote {n:,} corrected posts as gold to {out}")
        return
    if fmt is None:
        raise InputError("Give --format jsonl, csv or parquet (or --corrections).")
    n = run_export(ws, out, fmt=fmt, analyzers=label_keys(ws))
    click.echo(f"Wrote {n:,} posts to {out}")
