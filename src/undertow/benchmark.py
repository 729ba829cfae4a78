"""Benchmark: posts per second and peak memory of every stage, each against its floor.

:func:`run_bench` writes a synthetic corpus (:mod:`undertow.synth`) or takes a JSON Lines
file, then times whole ``undertow`` processes, as a user runs them:

=============  ==================================================  ==========================
stage          what is timed                                       floor (same texts, same run)
=============  ==================================================  ==========================
ingest         ``undertow ingest`` of every file                   read + ``json.loads`` every line
analyze        ``undertow analyze`` of the first ``analyze_posts``  the bare embedding model
               posts, for each of ``workers``: 1 is one process,   (its rate on up to
               N a local Dask cluster of N workers                 20,000 of those texts)
measure        ``undertow measure --events builtin:isis-territory`` a plain Parquet scan of the
                                                                   columns it reads
queries        the dashboard: start (snapshot + search index),     a plain Parquet scan with
               then the posts page with a filter and a search      the same filter
=============  ==================================================  ==========================

Each figure is reported with its floor and their ratio. Peak memory is the largest sum of the
resident memory of a stage's process and its children (sampled from ``/proc`` every 50 ms, so
Linux only: elsewhere it is reported as 0). Measure works on the
labels the synthetic generator intended (planted as analyzer ``bench.planted@1``), so that
ten million posts can be measured without coding them first.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from undertow.errors import InputError, UndertowError

__all__ = ["PLANTED", "run_bench", "watch"]

PLANTED = "bench.planted@1"
SAMPLE_S = 0.05
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def watch(cmd: Sequence[str], *, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd``; return its wall time, peak memory (process tree) and standard output."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_S):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        tail = (err.strip().splitlines() or ["(no message)"])[-1]
        what = " ".join(cmd[2:5]) if cmd[1] == "-m" else "a floor measurement"
        raise UndertowError(f"Benchmark step failed ({what} ...): {tail}")
    return {"seconds": wall, "peak_bytes": peak[0], "stdout": out}


def _tree_rss(root: int) -> int:
    """The resident bytes of ``root`` and all its descendants (0 without ``/proc``)."""
    try:
        children: dict[int, list[int]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as fh:
                    stat = fh.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
        total, todo = 0, [root]
        while todo:
            pid = todo.pop()
            todo.extend(children.get(pid, ()))
            try:
                with open(f"/proc/{pid}/statm", "rb") as fh:
                    total += int(fh.read().split()[1]) * _PAGE
            except OSError:
                continue
        return total
    except OSError:
        return 0


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "undertow", *args]


def _py(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


FLOOR_READ = """
import json, sys
n = 0
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as fh:
        for line in fh:
            json.loads(line); n += 1
print(n)
"""

FLOOR_EMBED = """
import json, sys
from undertow.embed import embed
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8")]
for i in range(0, len(texts), 512):
    embed(texts[i:i + 512])
print(len(texts))
"""

FLOOR_SCAN = """
import sys, duckdb
con = duckdb.connect()
q = "select count(*), sum(length(text)), count(distinct stance), min(created_at)::varchar "
q += "from read_parquet(?) where " + (sys.argv[2] if len(sys.argv) > 2 else "true")
print(con.execute(q, [sys.argv[1]]).fetchall()[0][0])
"""


def run_bench(
    posts: int = 100_000,
    *,
    workdir: str | Path | None = None,
    input_file: str | Path | None = None,
    analyze_posts: int = 5_000,
    workers: Sequence[int] = (1, 2),
    analyzer: str = "codebook.model.v1",
    stages: Sequence[str] = ("ingest", "analyze", "measure", "queries"),
    keep: bool = False,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run the benchmark and return its figures (see the module docstring)."""
    from undertow.benchmark_stages import Bench

    unknown = sorted(set(stages) - {"ingest", "analyze", "measure", "queries"})
    if unknown:
        raise InputError(
            f"Unknown stage(s) {', '.join(unknown)}; use ingest, analyze, measure, queries."
        )
    if analyze_posts < 1 or posts < 1:
        raise InputError("--posts and --analyze-posts must be at least 1.")
    if "analyze" in stages and (not workers or min(workers) < 1):
        raise InputError("--workers takes counts of at least 1 (1: one process, no Dask).")
    root = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="undertow-bench-"))
    if workdir and root.exists() and any(root.iterdir()):
        raise InputError(f"{root} is not empty; give a new folder for the benchmark.")
    root.mkdir(parents=True, exist_ok=True)
    try:
        bench = Bench(root, progress or (lambda _m: None))
        bench.corpus(posts, input_file)
        result: dict[str, Any] = {"meta": bench.meta(analyzer), "stages": []}
        if "ingest" in stages or "measure" in stages or "queries" in stages:
            result["stages"].append(bench.ingest())
        if "analyze" in stages:
            result["stages"].extend(bench.analyze(analyze_posts, analyzer, workers))
        if "measure" in stages:
            result["stages"].append(bench.measure())
        if "queries" in stages:
            result["stages"].extend(bench.queries())
        return result
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


def rows_of(result: dict[str, Any]) -> list[list[str]]:
    """The figures as table rows: stage, posts, seconds, posts/s, peak MB, floor, ratio."""
    rows = []
    for s in result["stages"]:
        rate = s.get("posts_per_s")
        floor = s.get("floor_posts_per_s")
        rows.append(
            [
                s["stage"],
                f"{s['posts']:,}",
                f"{s['seconds']:.2f}",
                f"{rate:,.0f}" if rate is not None else "",
                f"{s['peak_bytes'] / 2**20:,.0f}" if s.get("peak_bytes") else "",
                f"{floor:,.0f}" if floor is not None else s.get("floor_note", ""),
                f"{s['ratio']:.2f}" if s.get("ratio") is not None else "",
            ]
        )
    return rows


if __name__ == "__main__":  # pragma: no cover - the dashboard probe, run as a child process
    from undertow.benchmark_stages import queries_probe

    print(json.dumps(queries_probe(Path(sys.argv[1]))))
