"""The scaling table of docs/scale.md: ``undertow bench`` at 1e4 to 1e7 posts (not a test).

Runs ``undertow bench --json`` once per size, one after the other, and prints a Markdown table
of every stage (posts/s, peak memory, floor, ratio), then the raw JSON into ``--out``.

    .venv/bin/python benchmarks/scaling.py --sizes 1e4,1e5,1e6,1e7 --out scaling.json

Coding is slower than ingest, so the analyze stage (every post, with the default analyzer, in
one process and on a local Dask cluster of 2 workers) runs up to ``--analyze-cap`` posts
(default 1e6), and the dashboard up to ``--queries-cap`` (default 1e6).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path


def _bench(size: int, args: argparse.Namespace, workdir: Path) -> dict:
    stages = ["ingest", "measure"]
    if size <= args.analyze_cap:
        stages.append("analyze")
    if size <= args.queries_cap:
        stages.append("queries")
    cmd = [
        sys.executable, "-m", "undertow", "bench", "--json", "--posts", str(size),
        "--analyze-posts", str(size), "--workers", "1,2",
        "--analyzer", args.analyzer, "--stages", ",".join(stages), "--dir", str(workdir),
    ]  # fmt: skip
    print("$", " ".join(cmd[1:]), flush=True)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def table(results: list[dict]) -> str:
    """A Markdown table of every stage of every run."""
    lines = [
        "| corpus | stage | posts | seconds | posts/s | peak MB | floor posts/s | ratio |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for res in results:
        for s in res["stages"]:
            rate = f"{s['posts_per_s']:,.0f}" if s.get("posts_per_s") else ""
            peak = f"{s['peak_bytes'] / 2**20:,.0f}" if s.get("peak_bytes") else ""
            floor = (
                f"{s['floor_posts_per_s']:,.0f}"
                if s.get("floor_posts_per_s")
                else s.get("floor_note", "")
            )
            ratio = f"{s['ratio']:.2f}" if s.get("ratio") is not None else ""
            lines.append(
                f"| {res['meta']['posts']:,} | {s['stage']} | {s['posts']:,} | "
                f"{s['seconds']:,.2f} | {rate} | {peak} | {floor} | {ratio} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e4,1e5,1e6,1e7")
    parser.add_argument("--analyze-cap", type=float, default=1e6)
    parser.add_argument("--queries-cap", type=float, default=1e6)
    parser.add_argument("--analyzer", default="codebook.cues.v1")
    parser.add_argument("--out", type=Path, default=Path("scaling.json"))
    args = parser.parse_args()
    args.analyze_cap = int(args.analyze_cap)
    args.queries_cap = int(args.queries_cap)
    results = []
    for size in (int(float(s)) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="undertow-scaling-") as tmp:
            results.append(_bench(size, args, Path(tmp) / "bench"))
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(table(results[-1:]), flush=True)
    print()
    print(table(results))


if __name__ == "__main__":
    main()
