"""The ``undertow`` command: each sub-command parses, calls one library function, prints.

Errors raised on purpose (UndertowError) print one line and exit non-zero; a traceback is
shown only with ``--debug``.
"""

from __future__ import annotations

import sys
import traceback

import click

from undertow import __version__
from undertow.errors import UndertowError


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


# The commands live in modules by noun; importing them registers them on ``main``.
from undertow.cli import bench, coding, corpus, measures, publishing, workbench  # noqa: E402,F401
