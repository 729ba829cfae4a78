"""The benchmark command: a synthetic corpus of any size, and figures against floors."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from undertow.benchmark import run_bench, watch
from undertow.cli import main
from undertow.errors import InputError
from undertow.store import read_labels, read_posts
from undertow.synth import write_corpus
from undertow.workspace import Workspace


def test_synthetic_corpus_has_the_size_asked_and_is_reproducible(tmp_path: Path) -> None:
    a = write_corpus(tmp_path / "a", 1_001, seed=3)
    b = write_corpus(tmp_path / "b", 1_001, seed=3)
    assert a.posts == 1_001 and [f[3] for f in a.files] == [801, 100, 100]
    for (fa, *_), (fb, *_) in zip(a.files, b.files, strict=True):
        assert fa.read_bytes() == fb.read_bytes()
    rows = [json.loads(line) for line in a.files[0][0].read_text(encoding="utf-8").splitlines()]
    assert len({r["id"] for r in rows}) == 801
    assert all(r["text"] and r["created_at"].endswith("Z") for r in rows)
    labels = pq.read_table(a.labels)
    assert labels.num_rows > 100 and set(labels.column("label").to_pylist()) >= {"despair"}
    with pytest.raises(InputError):
        write_corpus(tmp_path / "c", 0)


@pytest.mark.slow
def test_watch_reports_wall_time_and_the_memory_of_the_process_tree() -> None:
    child = "x = bytearray(100 << 20); import time; time.sleep(0.5)"
    code = "import subprocess; b = bytearray(200 << 20); "
    code += f"subprocess.run(['python3', '-c', {child!r}])"
    run = watch(["python3", "-c", code])
    assert run["seconds"] >= 0.5
    assert run["peak_bytes"] > 280 << 20  # parent and child together


@pytest.mark.slow
def test_bench_ingests_plants_and_measures_a_small_corpus(tmp_path: Path) -> None:
    result = run_bench(800, workdir=tmp_path / "b", stages=("ingest", "measure"), keep=True)
    stages = {s["stage"]: s for s in result["stages"]}
    assert set(stages) == {"ingest", "measure"}
    for s in stages.values():
        assert s["posts"] == 800 and s["seconds"] > 0 and s["peak_bytes"] > 0
        assert s["ratio"] == pytest.approx(s["posts_per_s"] / s["floor_posts_per_s"], rel=0.01)
    ws = Workspace.open(tmp_path / "b" / "workspace")
    assert read_posts(ws).num_rows == 800
    assert ws.meta["label_source"] == "bench.planted@1"
    assert read_labels(ws, ["bench.planted@1"]).num_rows > 0


def test_bench_command_rejects_bad_options(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["bench", "--workers", "two"])
    assert res.exit_code != 0 and "--workers takes whole numbers" in res.output
    res = runner.invoke(main, ["bench", "--stages", "ingest,fly", "--dir", str(tmp_path / "x")])
    assert res.exit_code != 0 and "Unknown stage(s) fly" in res.output
