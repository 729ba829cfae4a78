"""The stages of ``undertow bench``: each runs whole processes and its floor, in one folder.

See :mod:`undertow.benchmark` for what is timed against what.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import shutil
import socket
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from undertow.benchmark import FLOOR_EMBED, FLOOR_READ, FLOOR_SCAN, PLANTED, _cli, _py, watch
from undertow.errors import InputError

__all__ = ["QUERY_URLS", "Bench", "queries_probe", "served"]

QUERY_URLS = (
    (
        "posts: filter + Arabic search",
        "/posts?" + urlencode({"lang": "ar", "q": "الدولة"}),
        "lang = 'ar' and text like '%الدولة%'",
    ),
    (
        "posts: stance + date filter",
        "/posts?stance=supporter&from=2016-01-01&to=2016-03-31",
        "stance = 'supporter' and created_at >= '2016-01-01' and created_at < '2016-04-01'",
    ),
    ("overview", "/", "true"),
)
QUERY_REPS = 10
FLOOR_EMBED_POSTS = 20_000  # the embedding floor's rate is measured on up to this many posts


class Bench:
    """One benchmark run in ``root``: corpus, workspace, and the figures of each stage."""

    def __init__(self, root: Path, say: Callable[[str], None]) -> None:
        self.root = root
        self.say = say
        self.files: list[tuple[Path, str, str, int]] = []
        self.ws = root / "workspace"
        self.labels: Path | None = None
        self.env = {
            **os.environ,
            "UNDERTOW_EMBED_THREADS": os.environ.get("UNDERTOW_EMBED_THREADS", "1"),
        }

    @property
    def posts(self) -> int:
        return sum(f[3] for f in self.files)

    def corpus(self, posts: int, input_file: str | Path | None) -> None:
        """Write the synthetic corpus, or take ``input_file`` (JSON Lines) as one source."""
        if input_file is not None:
            path = Path(input_file)
            if not path.is_file():
                raise InputError(f"{path} does not exist; give a JSON Lines file of posts.")
            with path.open("rb") as fh:
                lines = sum(1 for line in fh if line.strip())
            self.files = [(path, "bench-input", "supporter", lines)]
            return
        from undertow.synth import write_corpus

        self.say(f"Writing {posts:,} synthetic posts")
        made = write_corpus(self.root / "corpus", posts)
        self.files, self.labels = list(made.files), made.labels

    def meta(self, analyzer: str) -> dict[str, Any]:
        """What ran where: posts, machine, analyzer."""
        return {
            "posts": self.posts,
            "corpus": "synthetic" if self.labels else str(self.files[0][0]),
            "cores": os.cpu_count(),
            "machine": f"{platform.system()} {platform.machine()}, Python "
            f"{platform.python_version()}",
            "analyzer": analyzer,
            "embed_threads": self.env["UNDERTOW_EMBED_THREADS"],
        }

    def ingest(self) -> dict[str, Any]:
        """Ingest every file into a new workspace; floor: json.loads of every line."""
        self.say("Ingest")
        watch(_cli("init", str(self.ws)))
        seconds, peak = 0.0, 0
        for path, source, stance, _n in self.files:
            run = watch(
                _cli(
                    "ingest",
                    str(self.ws),
                    str(path),
                    "--source",
                    source,
                    "--stance",
                    stance,
                    "--format",
                    "jsonl",
                    "--quiet",
                ),
                env=self.env,
            )
            seconds += run["seconds"]
            peak = max(peak, run["peak_bytes"])
        floor = watch(_py(FLOOR_READ, *(str(f[0]) for f in self.files)))
        if self.labels is not None:
            plant(self.ws, self.labels)
        return _figure("ingest", self.posts, seconds, peak, floor["seconds"], "json.loads")

    def analyze(self, limit: int, analyzer: str, workers: tuple[int, ...] | Any) -> list[dict]:
        """Code the first ``limit`` posts (of the files in turn, each as its own source) in
        one process and on Dask clusters; floor: the bare embedding model on the same texts
        (its rate on up to FLOOR_EMBED_POSTS of them, spread evenly)."""
        base = self.root / "analyze-base"
        watch(_cli("init", str(base)))
        n = 0
        subsets = []
        for i, (path, source, stance, _count) in enumerate(self.files):
            if n >= limit:
                break
            subset = self.root / f"analyze-{i}.jsonl"
            with path.open(encoding="utf-8") as src, subset.open("w", encoding="utf-8") as out:
                for line in src:
                    if n >= limit:
                        break
                    if line.strip():
                        out.write(line)
                        n += 1
            subsets.append(subset)
            watch(_cli("ingest", str(base), str(subset), "--source", source, "--stance", stance,
                       "--format", "jsonl", "--quiet"))  # fmt: skip
        sample = self.root / "floor.jsonl"
        m = min(n, FLOOR_EMBED_POSTS)
        step = n / m
        with sample.open("w", encoding="utf-8") as out:
            index, wanted, taken = 0, 0.0, 0
            for subset in subsets:
                with subset.open(encoding="utf-8") as src:
                    for line in src:
                        if index >= wanted and taken < m:
                            out.write(line)
                            taken += 1
                            wanted += step
                        index += 1
        self.say(f"Embedding floor ({m:,} of the {n:,} posts)")
        floor = watch(_py(FLOOR_EMBED, str(sample)), env=self.env)["seconds"] * n / m
        out_rows = []
        for w in sorted(set(workers)):
            ws = self.root / f"analyze-{w}"
            shutil.copytree(base, ws)
            args = ["analyze", str(ws), "--analyzer", analyzer, "--quiet"]
            if w > 1:
                args += ["--cluster", f"local:{w}"]
            self.say(f"Analyze with {analyzer}" + (f" on local:{w}" if w > 1 else ""))
            run = watch(_cli(*args), env=self.env)
            name = "analyze" if w == 1 else f"analyze, Dask local:{w}"
            row = _figure(name, n, run["seconds"], run["peak_bytes"], floor, "embedding")
            if w > 1 and out_rows and out_rows[0]["stage"] == "analyze":
                row["vs_single_process"] = round(out_rows[0]["seconds"] / run["seconds"], 3)
            out_rows.append(row)
            shutil.rmtree(ws, ignore_errors=True)
        return out_rows

    def measure(self) -> dict[str, Any]:
        """Measure the workspace with the built-in events; floor: a Parquet scan."""
        self.say("Measure")
        run = watch(
            _cli("measure", str(self.ws), "--events", "builtin:isis-territory", "--json"),
            env=self.env,
        )
        floor = watch(_py(FLOOR_SCAN, str(self.ws / "posts" / "*" / "*.parquet")))
        return _figure(
            "measure",
            self.posts,
            run["seconds"],
            run["peak_bytes"],
            floor["seconds"],
            "Parquet scan",
        )

    def queries(self) -> list[dict[str, Any]]:
        """Start the dashboard and time its main pages; floor: a Parquet scan, same filter."""
        self.say("Dashboard queries")
        run = watch(
            [
                *_py("import runpy; runpy.run_module('undertow.benchmark', run_name='__main__')"),
                str(self.ws),
            ],
            env=self.env,
        )
        probe = json.loads(run["stdout"].strip().splitlines()[-1])
        glob = str(self.ws / "posts" / "*" / "*.parquet")
        rows = [
            _figure("dashboard start", self.posts, probe["start_s"], run["peak_bytes"], None, "")
        ]
        for name, _url, where in QUERY_URLS:
            floor = watch(_py(FLOOR_SCAN, glob, where))["seconds"]
            median = probe["pages"][name]["median_s"]
            rows.append(
                {
                    "stage": name,
                    "posts": self.posts,
                    "seconds": median,
                    "posts_per_s": None,
                    "peak_bytes": None,
                    "cold_s": probe["pages"][name]["cold_s"],
                    "floor_seconds": round(floor, 4),
                    "floor_note": f"scan {floor:.2f}s",
                    "ratio": round(floor / median, 2) if median else None,
                }
            )
        return rows


def _figure(
    stage: str, posts: int, seconds: float, peak: int, floor_s: float | None, floor_name: str
) -> dict[str, Any]:
    rate = posts / seconds if seconds else None
    floor_rate = posts / floor_s if floor_s else None
    return {
        "stage": stage,
        "posts": posts,
        "seconds": round(seconds, 3),
        "posts_per_s": round(rate, 1) if rate else None,
        "peak_bytes": peak,
        "floor": floor_name,
        "floor_posts_per_s": round(floor_rate, 1) if floor_rate else None,
        "ratio": float(f"{rate / floor_rate:.4g}") if rate and floor_rate else None,
    }


def plant(ws_path: Path, labels: Path) -> int:
    """Store the synthetic corpus's intended labels as analyzer ``bench.planted@1`` and make
    them the workspace's labels; return the label rows written."""
    import duckdb
    import pyarrow as pa

    from undertow.store import ANNOTATION_SCHEMA, FolderWriter
    from undertow.workspace import Workspace, new_id

    ws = Workspace.open(ws_path)
    con = duckdb.connect()
    posts = str(ws.posts_dir / "*" / "*.parquet")
    written = 0
    with ws.write_lock():
        run = new_id("r")
        writer = FolderWriter(ws, ws.annotations_dir, run, ANNOTATION_SCHEMA)
        try:
            reader = con.sql(
                "select p.id as post_id, ? as analyzer, l.label, 1.0::double as score, "
                "[[0, length(p.text)::int]] as spans, l.detail, ? as run "
                "from read_parquet(?) p left join read_parquet(?) l on p.text_hash = l.text_hash",
                params=[PLANTED, run, posts, str(labels)],
            ).to_arrow_reader(200_000)
            for batch in reader:
                writer.write(pa.Table.from_batches([batch]).cast(ANNOTATION_SCHEMA))
                written += batch.num_rows
            writer.commit()
        except BaseException:
            writer.abort()
            raise
    ws.update_meta(label_source=PLANTED, synthetic=True)
    return written


@contextmanager
def served(app: Any) -> Iterator[int]:
    """Serve ``app`` with uvicorn on a free port of 127.0.0.1 in a thread; yield the port."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def queries_probe(ws_path: Path) -> dict[str, Any]:
    """Start the dashboard of ``ws_path`` in this process and time its main pages over HTTP."""
    from undertow.web import create_app

    started = time.perf_counter()
    app = create_app(ws_path)
    start_s = time.perf_counter() - started
    pages: dict[str, dict[str, float]] = {}
    with served(app) as port:
        for name, url, _where in QUERY_URLS:
            cold = _get(port, url)
            times = [_get(port, url) for _ in range(QUERY_REPS)]
            pages[name] = {"cold_s": round(cold, 4), "median_s": round(statistics.median(times), 4)}
    return {"start_s": round(start_s, 3), "pages": pages}


def _get(port: int, url: str) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request("GET", quote(url, safe="/?=&%"))
    resp = conn.getresponse()
    resp.read()
    conn.close()
    if resp.status != 200:
        raise RuntimeError(f"{url} answered {resp.status}")
    return time.perf_counter() - started
