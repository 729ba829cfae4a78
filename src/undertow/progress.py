"""Progress bars for long work, on stderr, silent when stderr is not a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

_console = Console(stderr=True)


@contextmanager
def bar(
    description: str, *, total: int | None = None, quiet: bool = False
) -> Iterator[Callable[..., None]]:
    """Yield ``update(done, total=None)``; shows "Processed 12,000/40,000 posts" style progress."""
    disable = quiet or not _console.is_terminal
    columns = [SpinnerColumn(), TextColumn("[bold]{task.description}")]
    columns += [BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=_console, transient=True, disable=disable) as progress:
        task = progress.add_task(description, total=total)

        def update(done: int, new_total: int | None = None) -> None:
            if new_total is not None:
                progress.update(task, total=new_total)
            progress.update(task, completed=done)

        yield update
