"""The few headline figures printed after a demo or a report: per stance, whole period."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from undertow.measure.intervals import bootstrap_balance, wilson

DISTRESS = ("despair", "worry")
POSITIVE = ("defiance", "triumphalism")


def _flags(ids: pa.Array, labels: pa.Table, which: tuple[str, ...]) -> np.ndarray:
    hit = labels.filter(pc.is_in(labels["label"], pa.array(which)))["post_id"].unique()
    return pc.is_in(ids, hit).to_numpy(zero_copy_only=False).astype(np.int8)


def headline(posts: pa.Table, labels: pa.Table) -> list[str]:
    """Lines such as ``supporter: 4,210 posts, distress 12.3% [11.3, 13.3], morale balance ...``."""
    lines: list[str] = []
    balances: dict[str, float] = {}
    for stance in sorted(set(posts["stance"].to_pylist())):
        ids = posts.filter(pc.equal(posts["stance"], stance))["id"]
        n = len(ids)
        neg = _flags(ids, labels, DISTRESS)
        pos = _flags(ids, labels, POSITIVE)
        k = int(neg.sum())
        lo, hi = wilson(k, n)
        p, q = int(pos.sum()), int(neg.sum())
        if p + q:
            bal = (p - q) / (p + q)
            blo, bhi = bootstrap_balance(pos, neg, reps=500, seed=0)
            balances[stance] = bal
            bal_txt = f"{bal:+.2f} [{blo:+.2f}, {bhi:+.2f}]"
        else:
            bal_txt = "undefined (no morale-bearing posts)"
        lines.append(
            f"{stance}: {n:,} posts; distress share {k / n:.1%} [{lo:.1%}, {hi:.1%}]; "
            f"morale balance {bal_txt}"
        )
    if "official" in balances and "supporter" in balances:
        gap = balances["official"] - balances["supporter"]
        lines.append(f"Propaganda gap (official minus supporter morale balance): {gap:+.2f}")
    return lines
