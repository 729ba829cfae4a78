"""Recovery and level of the measures on simulated corpora with planted shifts.

Run from the repository root::

    .venv/bin/python benchmarks/simulate_recovery.py                 # 20 seeds of each scenario
    .venv/bin/python benchmarks/simulate_recovery.py --seeds 5 --scenarios null
    .venv/bin/python benchmarks/simulate_recovery.py --json study.json

For each seed the simulator generates a corpus in memory (the same generator as
``undertow simulate``), the measures are computed on it (the same code as ``undertow measure``)
and compared with the planted truth (:mod:`undertow.simulate.check`). It prints, per scenario:
the share of planted shifts recovered (a change point within 3 days and an event effect of the
right sign whose 95% interval excludes 0), the share of event effects with p < 0.05 where
nothing was planted (the level of the test), and the seeds with change points away from any
shift. The figures are quoted in docs/measures.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from undertow.simulate.check import study, study_lines
from undertow.simulate.scenario import SCENARIOS


def main(argv: list[str] | None = None) -> int:
    """Run the study and print its figures; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=20, help="seeds per scenario (0 .. N-1)")
    parser.add_argument(
        "--scenarios", default="default,null,lagged", help="comma-separated scenario names"
    )
    parser.add_argument("--window", type=int, default=14, help="event window in days")
    parser.add_argument("--json", type=Path, help="also write the full results to this file")
    args = parser.parse_args(argv)
    names = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    unknown = [s for s in names if s not in SCENARIOS]
    if unknown:
        print(f"Unknown scenario(s): {', '.join(unknown)}; use {', '.join(SCENARIOS)}.")
        return 2
    started = time.perf_counter()
    results = {}
    for name in names:
        out = study(name, range(args.seeds), window=args.window)
        results[name] = out
        print("\n".join(study_lines(out)), flush=True)
    print(f"Total {time.perf_counter() - started:.1f} s.")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
