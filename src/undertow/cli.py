"""The ``undertow`` command: each sub-command parses, calls one library function, prints.

Errors raised on purpose (UndertowError) print one line and exit non-zero; a traceback is
shown only with ``--debug``.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

import click

from undertow import __version__
from undertow.errors import InputError, UndertowError
from undertow.post import STANCES

MAP_KEYS = ("text", "time", "author", "id", "thread", "reply_to", "lang")


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except UndertowError as exc:
            if ctx.params.get("debug"):
                traceback.print_exc()
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing of the unfinished step was kept.", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:
            if ctx.params.get("debug"):
                traceback.print_exc()
            click.echo(
                f"Internal error: {type(exc).__name__}: {exc}. Run again with --debug for the "
                "traceback and report it.",
                err=True,
            )
            sys.exit(70)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="undertow")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
def main(debug: bool) -> None:
    """Measure the morale of a movement's supporters against its official voice, offline."""


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


@main.command()
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="The HTML file to write.",
)
@click.option("--events", "events", help="Events CSV, or builtin:isis-territory.")
@click.option("--title", help="Report title.")
def report(workspace: Path, out: Path, events: str | None, title: str | None) -> None:
    """Write a self-contained HTML report of a workspace."""
    from undertow.publish import write_report
    from undertow.workspace import Workspace

    path = write_report(Workspace.open(workspace), out, events=events, title=title)
    click.echo(f"Wrote {path}")


@main.command()
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), required=True)
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path))
def export(workspace: Path, fmt: str, out: Path) -> None:
    """Export one row per post with its labels."""
    from undertow.export import export as run_export
    from undertow.store import label_keys
    from undertow.workspace import Workspace

    ws = Workspace.open(workspace)
    n = run_export(ws, out, fmt=fmt, analyzers=label_keys(ws))
    click.echo(f"Wrote {n:,} posts to {out}")


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
