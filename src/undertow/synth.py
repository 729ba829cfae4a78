"""Synth: corpora of any size for benchmarks, drawn from the synthetic demo's posts.

The demo generator (:mod:`undertow.demo`) writes a few thousand varied English and Arabic
posts with the labels it intended. :func:`write_corpus` draws ``posts`` of them at random,
with new ids, authors and times spread over 2014-2017 (the years of the built-in events), and
writes JSON Lines files of three sources: supporters' forum posts (80 %), the official channel
(10 %) and observers' news (10 %). Beside them, ``labels.parquet`` holds the intended labels by
text hash, so that a benchmark can plant them and measure without coding ten million posts.
Everything is synthetic; the same seed gives the same files.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from undertow.errors import InputError

__all__ = ["SynthCorpus", "write_corpus"]

SHARES = (("forum", "supporter", 0.8), ("channel", "official", 0.1), ("news", "observer", 0.1))
START = np.datetime64("2014-06-01T00:00:00", "s")
END = np.datetime64("2017-12-31T00:00:00", "s")
CHUNK = 100_000


@dataclass(frozen=True)
class SynthCorpus:
    """The files written: ``(path, source, stance, posts)`` each, and the labels file."""

    files: list[tuple[Path, str, str, int]]
    labels: Path

    @property
    def posts(self) -> int:
        """Posts in all files."""
        return sum(f[3] for f in self.files)


def write_corpus(folder: str | Path, posts: int, *, seed: int = 0) -> SynthCorpus:
    """Write ``posts`` synthetic posts into ``folder`` (created); see the module docstring."""
    if isinstance(posts, bool) or not isinstance(posts, int) or posts < 1:
        raise InputError(f"The number of posts must be a whole number of at least 1: {posts!r}.")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    pools = _pools(seed)
    rng = np.random.default_rng(seed)
    files = []
    left = posts
    for i, (kind, stance, share) in enumerate(SHARES):
        n = left if i == len(SHARES) - 1 else round(posts * share)
        left -= n
        path = out / f"{kind}.jsonl"
        _write(path, pools[kind], n, rng, prefix=kind[0])
        files.append((path, f"synth-{kind}", stance, n))
    labels = out / "labels.parquet"
    _write_labels(labels, pools)
    return SynthCorpus(files, labels)


def _pools(seed: int) -> dict[str, list[dict]]:
    """The demo's posts by kind: text (pre-serialised as JSON), language, intended labels."""
    from undertow.demo.corpus import generate

    with tempfile.TemporaryDirectory(prefix="undertow-synth-") as tmp:
        root = Path(tmp)
        generate(root, seed=2016 + seed)
        intended = {}
        for line in (root / "intended_labels.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            intended[row["text_sha256"]] = (row["labels"], row["causes"])
        texts: dict[str, list[str]] = {"forum": [], "channel": [], "news": []}
        for name in ("forum_en.jsonl", "forum_ar.jsonl"):
            for line in (root / name).read_text(encoding="utf-8").splitlines():
                texts["forum"].append(json.loads(line)["text"])
        for line in (root / "observer_news.jsonl").read_text(encoding="utf-8").splitlines():
            texts["news"].append(json.loads(line)["text"])
        channel = json.loads((root / "official_channel.json").read_text(encoding="utf-8"))
        for msg in channel["messages"]:
            if msg.get("type") == "message" and isinstance(msg.get("text"), str) and msg["text"]:
                texts["channel"].append(msg["text"])
    pools: dict[str, list[dict]] = {}
    for kind, items in texts.items():
        pool = []
        for text in items:
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            labels, causes = intended.get(sha, ([], []))
            pool.append({"json": json.dumps(text, ensure_ascii=False), "sha": sha,
                         "labels": labels, "causes": causes})  # fmt: skip
        pools[kind] = pool
    return pools


def _write(path: Path, pool: list[dict], n: int, rng: np.random.Generator, prefix: str) -> None:
    span = int((END - START) / np.timedelta64(1, "s"))
    texts = [p["json"] for p in pool]
    with path.open("w", encoding="utf-8") as fh:
        for start in range(0, n, CHUNK):
            size = min(CHUNK, n - start)
            pick = rng.integers(0, len(texts), size)
            secs = np.sort(rng.integers(0, span, size))
            # times rise within each chunk of the file, as in an export of several channels
            times = np.datetime_as_string(START + secs.astype("timedelta64[s]"), unit="s")
            authors = rng.integers(0, max(50, n // 200), size)
            fh.write(
                "".join(
                    f'{{"id": "{prefix}{start + i}", "created_at": "{times[i]}Z", '
                    f'"author": "user{authors[i]}", "text": {texts[pick[i]]}}}\n'
                    for i in range(size)
                )
            )


def _write_labels(path: Path, pools: dict[str, list[dict]]) -> None:
    rows: dict[str, list] = {"text_hash": [], "label": [], "detail": []}
    seen: set[tuple[str, str]] = set()
    for pool in pools.values():
        for p in pool:
            for label in p["labels"]:
                if (p["sha"], label) in seen:
                    continue
                seen.add((p["sha"], label))
                rows["text_hash"].append(p["sha"])
                rows["label"].append(label)
                causes = p["causes"] if label == "failure_analysis" else []
                rows["detail"].append(json.dumps({"causes": causes}) if causes else None)
    pq.write_table(pa.table(rows), path)
