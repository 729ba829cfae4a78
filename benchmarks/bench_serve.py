"""Benchmark: the dashboard's posts page with a filter and an Arabic search, 17,410 tweets.

Run from the repository root::

    .venv/bin/python -m benchmarks.bench_serve            # 30 requests per URL
    .venv/bin/python -m benchmarks.bench_serve --reps 100 --workspace /path/to/ws

The first run builds a workspace of the Fifth Tribe tweets
(``../shared/data/corpora/fifthtribe_isis_twitter/tweets.csv``: ingested as one supporter
source and coded with the default analyzers) in ``.cache/bench-serve/`` (git-ignored) and
reuses it afterwards. The dashboard is served by uvicorn on 127.0.0.1 in a thread and asked
over HTTP; the numbers are wall-clock times of whole responses, the first (cold) request of a
URL reported apart from the median and the 90th percentile of the warm ones. The acceptance
target is a median under 300 ms for the posts page with a filter and an Arabic search.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
TWEETS = ROOT.parent / "shared" / "data" / "corpora" / "fifthtribe_isis_twitter" / "tweets.csv"
CACHE = ROOT / ".cache" / "bench-serve" / "workspace"
URLS = (
    ("posts, filter + Arabic search", "/posts?" + urlencode({"lang": "ar", "q": "الدولة"})),
    (
        "posts, filter + Arabic search (harakat)",
        "/posts?" + urlencode({"stance": "supporter", "q": "المُجاهِدين"}),
    ),
    ("posts, label + date filter", "/posts?label=triumphalism&from=2016-01-01&to=2016-03-31"),
    ("posts, first page", "/posts"),
    ("overview", "/"),
)


def build_workspace(path: Path) -> Path:
    """Ingest and code the tweets into ``path`` unless a finished workspace is there."""
    from undertow.analyzers.registry import load
    from undertow.ingest import ingest
    from undertow.runner import run_analyzer
    from undertow.workspace import Workspace

    if (path / "undertow.json").exists() and (path / ".bench-complete").exists():
        return path
    if not TWEETS.exists():
        raise SystemExit(f"{TWEETS} is absent: the real data sets live in ../shared/data.")
    shutil.rmtree(path, ignore_errors=True)
    ws = Workspace.create(path, name="fifthtribe tweets (benchmark)")
    started = time.perf_counter()
    res = ingest(ws, TWEETS, source="fifthtribe", stance="supporter", fmt="tweets-csv")
    for analyzer in load():
        run_analyzer(ws, analyzer)
    (path / ".bench-complete").touch()
    print(f"Built {path}: {res.added:,} posts in {time.perf_counter() - started:.1f} s")
    return path


def _get(port: int, url: str) -> tuple[int, float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    conn.request("GET", quote(url, safe="/?=&%"))
    resp = conn.getresponse()
    body = resp.read()
    elapsed = time.perf_counter() - started
    conn.close()
    return resp.status, elapsed, len(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=30, help="requests per URL (default 30)")
    parser.add_argument("--workspace", type=Path, help="an existing workspace to serve")
    args = parser.parse_args()

    from undertow.benchmark_stages import served
    from undertow.web import create_app

    ws = args.workspace or build_workspace(CACHE)
    started = time.perf_counter()
    app = create_app(ws)
    print(f"create_app (snapshot + search index): {time.perf_counter() - started:.2f} s")
    with served(app) as port:
        print(f"{'URL':<42} {'cold':>8} {'median':>8} {'p90':>8}  bytes")
        for name, url in URLS:
            status, cold, size = _get(port, url)
            if status != 200:
                raise SystemExit(f"{url} answered {status}")
            times = sorted(_get(port, url)[1] for _ in range(args.reps))
            p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
            print(
                f"{name:<42} {cold * 1000:7.0f}ms {statistics.median(times) * 1000:7.0f}ms "
                f"{p90 * 1000:7.0f}ms  {size:,}"
            )


if __name__ == "__main__":
    main()
