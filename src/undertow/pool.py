"""The pool of parser processes that ingest uses for big inputs.

:func:`blocks` yields the parsed blocks of every piece in input order, whether the pieces are
parsed here (``jobs=1``) or by ``jobs`` worker processes. At most ``2 * jobs`` pieces are in
flight, so memory stays bounded whatever the input size. Workers are started with ``spawn``
(the parent may hold DuckDB and model threads, which ``fork`` would copy half-alive), ignore
Ctrl-C (the parent handles it and stops them), and are stopped when anything fails; a worker
that dies (killed, out of memory) fails the batch with an error instead of hanging it.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections import deque
from collections.abc import Generator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from undertow.errors import UndertowError
from undertow.parse import Block, Piece, parse, parse_all

__all__ = ["blocks", "can_spawn"]


def can_spawn() -> bool:
    """Return True when worker processes can be started here: ``spawn`` re-imports the main
    module, which a program read from standard input does not have."""
    main = sys.modules.get("__main__")
    if getattr(getattr(main, "__spec__", None), "name", None):
        return True
    file = getattr(main, "__file__", None)
    return file is None or Path(file).is_file()


def blocks(
    pieces: Sequence[Piece], rows: int, *, jobs: int = 1
) -> Generator[tuple[Piece, Block], None, None]:
    """Yield ``(piece, block)`` for every block of every piece, in order."""
    if jobs <= 1 or len(pieces) < 2 or not can_spawn():
        for piece in pieces:
            for block in parse(piece, rows):
                yield piece, block
        return
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_quiet)
    pending: deque[tuple[Piece, Future[list[Block]]]] = deque()
    todo = iter(pieces)
    ok = False
    try:
        for piece in todo:
            pending.append((piece, pool.submit(parse_all, piece, rows)))
            if len(pending) >= 2 * jobs:
                break
        while pending:
            piece, job = pending.popleft()
            try:
                done = job.result()
            except BrokenProcessPool:
                raise UndertowError(
                    f"A parser process died while reading {piece.path} (out of memory, or "
                    "killed); nothing was stored. Run again, with --jobs 1 to use no workers."
                ) from None
            nxt = next(todo, None)
            if nxt is not None:
                pending.append((nxt, pool.submit(parse_all, nxt, rows)))
            for block in done:
                yield piece, block
        ok = True
    finally:
        if not ok:
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                proc.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def _quiet() -> None:
    """Worker start: leave Ctrl-C to the parent, which stops the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
