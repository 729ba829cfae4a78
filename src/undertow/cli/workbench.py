"""Commands of the analyst's workbench: search, corrections (the dashboard is `undertow serve`)."""

from __future__ import annotations

from pathlib import Path

import click

from undertow.cli import main
from undertow.errors import InputError


@main.command()
@click.argument("workspace", type=click.Path(path_type=Path))
@click.argument("query")
@click.option("--limit", default=20, show_default=True, help="How many posts to show.")
@click.option("--offset", default=0, show_default=True, help="Skip this many first.")
@click.option("--lang", help="Only posts in this language (e.g. ar, en).")
def search(workspace: Path, query: str, limit: int, offset: int, lang: str | None) -> None:
    """Search posts in English and Arabic (normalised and stemmed)."""
    from undertow.search_index import SearchIndex
    from undertow.store import connect
    from undertow.workspace import Workspace

    ws = Workspace.open(workspace)
    index = SearchIndex.open(ws)
    added = index.update(ws)
    if added:
        click.echo(f"Indexed {added:,} new posts.", err=True)
    ids, total = index.search(query, limit=limit, offset=offset, lang=lang)
    click.echo(f"{total:,} posts match {query!r}.")
    if not ids:
        return
    con = connect(ws)
    try:
        rows = dict(
            con.execute(
                "select id, text from posts where id in (select unnest(?))", [ids]
            ).fetchall()
        )
    finally:
        con.close()
    for pid in ids:
        text = " ".join(rows.get(pid, "").split())
        click.echo(f"{pid}\t{text[:140]}")


def _span(value: str) -> tuple[int, int]:
    start, sep, end = value.partition(":")
    if not sep or not start.isdigit() or not end.isdigit():
        raise InputError(f"--span {value!r} must look like START:END (character offsets).")
    return int(start), int(end)


@main.command()
@click.argument("workspace", type=click.Path(path_type=Path))
@click.argument("post_id")
@click.argument("label")
@click.option("--present/--absent", required=True, help="Set the label on the post, or remove it.")
@click.option("--analyst", required=True, help="Who decides (kept in the audit trail).")
@click.option("--note", default="", help="Why (kept in the audit trail).")
@click.option(
    "--span",
    "spans",
    multiple=True,
    metavar="START:END",
    help="Evidence span of a label set present (repeatable).",
)
def correct(
    workspace: Path,
    post_id: str,
    label: str,
    present: bool,
    analyst: str,
    note: str,
    spans: tuple[str, ...],
) -> None:
    """Set or remove a label on a post; the correction wins over the model everywhere."""
    from undertow.corrections import set_label
    from undertow.workspace import Workspace

    ws = Workspace.open(workspace)
    c = set_label(
        ws,
        post_id,
        label,
        present=present,
        analyst=analyst,
        note=note,
        spans=[_span(s) for s in spans] or None,
    )
    click.echo(f"Recorded correction {c.id}: {post_id} {label} {c.old} -> {c.new} by {analyst}")


@main.command()
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option("--post", "post_id", help="Only this post's corrections.")
def corrections(workspace: Path, post_id: str | None) -> None:
    """Print the audit trail of corrections (who, when, old and new value)."""
    from undertow.corrections import history
    from undertow.workspace import Workspace

    rows = history(Workspace.open(workspace), post_id)
    if not rows:
        click.echo("No corrections.")
    for c in rows:
        note = f"  ({c.note})" if c.note else ""
        when = c.time.isoformat(timespec="seconds")
        click.echo(f"{when}  {c.analyst}  {c.post_id}  {c.label}: {c.old} -> {c.new}{note}")


@main.command()
@click.argument("workspace", type=click.Path(path_type=Path))
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; any other than loopback needs --token.",
)
@click.option("--port", default=8765, show_default=True, type=int, help="Port to bind.")
@click.option(
    "--token",
    envvar="UNDERTOW_TOKEN",
    help="Secret every request must carry (required off loopback; or UNDERTOW_TOKEN).",
)
@click.option(
    "--analyst",
    default="analyst",
    show_default=True,
    help="Name recorded with every correction and review mark.",
)
@click.option("--events", help="Events CSV, or builtin:isis-territory, drawn on the charts.")
def serve(
    workspace: Path, host: str, port: int, token: str | None, analyst: str, events: str | None
) -> None:
    """Open the local analyst dashboard of a workspace (read, search, triage, correct)."""
    from undertow.web import serve as run_server

    run_server(
        workspace,
        host=host,
        port=port,
        token=token,
        analyst=analyst,
        events=events,
        announce=lambda url: click.echo(f"Serving {workspace} at {url} (Ctrl-C to stop)"),
    )
