"""Commands about coding posts: analyze a workspace, list and check analyzers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from undertow.cli import main


@main.command()
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option(
    "--analyzer",
    "names",
    multiple=True,
    help="Analyzer entry-point name (repeatable; default: codebook.model.v1, the learned model).",
)
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
@click.argument("in_path", metavar="IN.jsonl", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(path_type=Path),
    help="The JSONL file of results (labels, scores, evidence, causes, incitement, supporter "
    "probability, entities): one line per good input line, in the same order.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def code(in_path: Path, out: Path, quiet: bool) -> None:
    """Code a JSONL file of posts (id, text, lang, stance, ...) without a workspace."""
    from undertow.errors import RecordError
    from undertow.model.coding import code_file
    from undertow.progress import bar

    errors: list[RecordError] = []
    with bar(f"Coding {in_path.name}", quiet=quiet) as update:
        n = code_file(
            in_path, out, progress=lambda done, total=None: update(done, total), errors=errors
        )
    for err in errors[:20]:
        click.echo(f"Rejected {err}", err=True)
    click.echo(f"Coded {n:,} posts into {out}; {len(errors):,} lines rejected.")
    if errors:
        sys.exit(3)


@main.command()
@click.argument("gold", metavar="GOLD.jsonl", type=click.Path(path_type=Path))
@click.option(
    "--cv",
    "folds",
    type=int,
    default=0,
    help="Cross-validate with K folds: retrain without each fold (never scores a post "
    "the model was trained on). Without it, the shipped model is scored as it is, which "
    "is in-sample for the dev gold sets it was trained on.",
)
@click.option("--seed", default=0, show_default=True, help="Seed of folds and bootstrap.")
@click.option(
    "--analyzer",
    "name",
    default=None,
    help="Score this installed analyzer (e.g. codebook.cues.v1, a plug-in) instead of the "
    "learned model that 'undertow code' uses.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def evaluate(gold: Path, folds: int, seed: int, name: str | None, as_json: bool) -> None:
    """Score the coder against a gold file: per-label P/R/F1 with intervals, micro/macro F1."""
    from undertow.evaluate import crossval, render
    from undertow.evaluate import evaluate as run_evaluate
    from undertow.model.corpus import read_gold

    if name == "codebook.model.v1":
        name = None  # the learned model, by its entry-point name
    if folds and name:
        raise click.UsageError(
            f"--cv retrains the learned model; {name} is not trained here: drop --cv to score it."
        )
    if folds:
        _, report = crossval(gold, folds=folds, seed=seed)
    elif name:
        from undertow.analyzers.registry import load
        from undertow.evaluate.annotations import predictions

        records = read_gold(gold)
        report = run_evaluate(records, predictions(load([name])[0], records), seed=seed)
    else:
        from undertow.model.coding import code_posts

        records = read_gold(gold)
        report = run_evaluate(records, code_posts(records), seed=seed)
    click.echo(json.dumps(report, ensure_ascii=False, indent=1) if as_json else render(report))
