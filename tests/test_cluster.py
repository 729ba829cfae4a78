"""Distributed analysis on a local Dask cluster: same annotations as in-process, and a worker
killed mid-run changes nothing."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

import undertow.tasks as tasks_mod
from undertow.analyzers.registry import load
from undertow.cluster import open_cluster
from undertow.errors import InputError
from undertow.export import export
from undertow.ingest import ingest
from undertow.runner import run_analyzer
from undertow.workspace import Workspace

POSTS = 1200


def _workspace(path: Path, src: Path) -> Workspace:
    ws = Workspace.create(path)
    ingest(ws, src, source="forum", stance="supporter")
    return ws


@pytest.fixture(scope="module")
def forum(tmp_path_factory: pytest.TempPathFactory) -> Path:
    phrases = [
        "We lost the city, but the war is long and we will never give up.",
        "The planes never left the sky and we had no anti-tank shells, so the lines broke.",
        "Do not be sad, brothers, this is a test from Allah and the end belongs to the patient.",
        "Stop crying like women, where is your faith?",
        "It is over, the state is finished and nothing will bring it back.",
        "Good morning everyone, how is the weather?",
        "خسرنا المدينة لكن الحرب طويلة",
    ]
    path = tmp_path_factory.mktemp("src") / "forum.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(POSTS):
            text = f"{phrases[i % len(phrases)]} ({i})"
            fh.write(json.dumps({"id": str(i), "text": text, "author": f"u{i % 9}"}) + "\n")
    return path


def _annotations(ws: Workspace, out: Path) -> list[dict]:
    export(ws, out, fmt="jsonl", analyzers=[a.key for a in load(["codebook.cues.v1"])])
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return sorted(
        ({k: r[k] for k in ("id", "labels", "scores", "evidence", "causes")} for r in rows),
        key=lambda r: r["id"],
    )


@pytest.mark.slow
def test_cluster_run_matches_in_process_and_survives_a_killed_worker(
    forum: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tasks_mod, "TASK_ROWS", 100)  # many small tasks, so one is in flight
    (analyzer,) = load(["codebook.cues.v1"])  # the cluster's mechanics, with the fast coder
    serial = _workspace(tmp_path / "serial", forum)
    res = run_analyzer(serial, analyzer)
    assert res.coded == POSTS
    expected = _annotations(serial, tmp_path / "serial.jsonl")

    dist = _workspace(tmp_path / "dist", forum)
    killed: list = []
    with open_cluster("local:2") as client:
        pids = client.run(os.getpid)  # worker address -> process id

        def kill_one_worker(done: int, total: int | None = None) -> None:
            if done and not killed:  # after the first finished task, others are in flight
                victim = sorted(pids)[0]
                os.kill(pids[victim], signal.SIGKILL)
                killed.append((victim, pids[victim]))

        res = run_analyzer(
            dist, analyzer, client=client, name="codebook.cues.v1", progress=kill_one_worker
        )
        assert killed, "no kill was sent"
        old_pid = killed[0][1]
        deadline = time.monotonic() + 30
        while old_pid in client.run(os.getpid, on_error="ignore").values():  # nanny restarts it
            assert time.monotonic() < deadline, "the killed worker is still running"
            time.sleep(0.2)
    assert res.coded == POSTS
    assert _annotations(dist, tmp_path / "dist.jsonl") == expected
    # incremental: nothing is left to code, and nothing was coded twice
    assert run_analyzer(dist, analyzer).coded == 0
    leftovers = [p for p in dist.annotations_dir.rglob("*") if p.name.startswith(".")]
    assert not leftovers


def test_cluster_specs_are_checked() -> None:
    with pytest.raises(InputError, match="local:N or tcp://HOST:PORT"), open_cluster("spark://x"):
        pass
    with pytest.raises(InputError, match="between 1 and 256"), open_cluster("local:0"):
        pass
