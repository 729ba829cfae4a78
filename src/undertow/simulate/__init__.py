"""The simulator: a synthetic corpus with planted shifts, to test the measures against truth.

``simulate(outdir, seed=0, scenario="default")`` writes a ready workspace:

* ``OUTDIR/corpus/<source>.jsonl``: the generated posts, one file per source;
* ``OUTDIR/workspace``: those files ingested with :func:`undertow.ingest.ingest`, and the
  planted labels stored as the annotations of the analyzer ``simulate.planted@1`` (with
  evidence spans covering the phrase of each label); the workspace's metadata sets
  ``label_source`` to that key, so measures, reports and exports read the planted labels and
  not a coder's, and ``synthetic: true``; it also names ``gazetteer.tsv``, the fictional towns;
* ``OUTDIR/events.csv``: the events (for ``--events``);
* ``OUTDIR/truth.json``: the planted shifts (date, stance, measure, size) and the base rates.

Because the labels are planted, the measures of a simulated workspace can be checked against
the truth independently of any coder's accuracy (:mod:`undertow.simulate.check`). Run a coder
over the workspace (``undertow analyze``) to see how its errors move the same measures.
"""

from __future__ import annotations

from undertow.simulate.run import SimResult, simulate
from undertow.simulate.scenario import SCENARIOS, Scenario, Shift, StanceSpec, get_scenario

__all__ = ["SCENARIOS", "Scenario", "Shift", "SimResult", "StanceSpec", "get_scenario", "simulate"]
