"""Throughput of the learned coder against the bare embedding model (not a test).

Reads the 17,410 Fifth Tribe tweets from ``../shared/data`` (skips with a message when absent)
and times, in one process, (a) :func:`undertow.embed.embed` over every text and (b)
:func:`undertow.model.coding.code_posts` over the same texts (in batches of 512, language
detected, evidence included). Prints posts/s of each and their ratio (median of 3 runs each),
then the same as JSON. The acceptance bar is a ratio of at least 0.60.

Run: ``.venv/bin/python benchmarks/bench_code.py [--runs 3] [--limit N]``
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("UNDERTOW_EMBED_THREADS", "1")

TWEETS = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "corpora"
    / "fifthtribe_isis_twitter"
    / "tweets.csv"
)
BATCH = 512


def main(argv: list[str] | None = None) -> int:
    """Time both paths and print the figures."""
    parser = argparse.ArgumentParser(description="Time code_posts against bare embedding.")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="Use only the first N tweets.")
    args = parser.parse_args(argv)
    path = Path(os.environ.get("UNDERTOW_TWEETS", TWEETS))
    if not path.is_file():
        print(f"Skipped: {path} is absent (the real data lives in ../shared/data).")
        return 0
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as fh:
        texts = [row["tweets"] for row in csv.DictReader(fh)]
    if args.limit:
        texts = texts[: args.limit]
    from undertow.embed import embed
    from undertow.model.coding import code_posts, default_coder

    posts = [{"id": str(i), "text": t} for i, t in enumerate(texts)]
    embed(texts[:8])  # load the embedder
    default_coder()  # load the model
    code_posts(posts[:8])

    def bare() -> None:
        embed(texts)

    def full() -> None:
        for start in range(0, len(posts), BATCH):
            code_posts(posts[start : start + BATCH])

    rates: dict[str, float] = {}
    for name, fn in (("embed", bare), ("code_posts", full)):
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        rates[name] = len(texts) / statistics.median(times)
        print(f"{name:<11} {rates[name]:8.1f} posts/s (median of {args.runs})")
    ratio = rates["code_posts"] / rates["embed"]
    print(f"ratio       {ratio:8.3f} (bar: 0.60)")
    result = {
        "posts": len(texts),
        "runs": args.runs,
        "threads": os.environ.get("UNDERTOW_EMBED_THREADS"),
        "embed_posts_per_s": round(rates["embed"], 1),
        "code_posts_per_s": round(rates["code_posts"], 1),
        "ratio": round(ratio, 3),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
