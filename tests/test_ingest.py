"""Ingest: provenance, idempotence, bad records, stance rules and crash safety of a batch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from undertow.errors import InputError, WorkspaceError
from undertow.ingest import ingest
from undertow.stats import workspace_stats
from undertow.store import read_posts
from undertow.workspace import Workspace


def _jsonl(path: Path, rows: list[object]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _posts(n: int, start: int = 0) -> list[dict]:
    return [
        {
            "id": f"m{i}",
            "text": f"post number {i} of the forum, the brothers are steadfast",
            "author": f"user{i % 7}",
            "created_at": f"2016-03-{1 + i % 28:02d}T10:00:00Z",
            "thread": f"t{i // 10}",
            "reply_to": f"m{i - 1}" if i % 10 else None,
        }
        for i in range(start, start + n)
    ]


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace.create(tmp_path / "ws")


def test_ingest_keeps_provenance_and_is_idempotent(ws: Workspace, tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "forum.jsonl", _posts(30))
    first = ingest(ws, src, source="forum", stance="supporter")
    assert (first.added, first.duplicates, first.rejected) == (30, 0, 0)
    again = ingest(ws, src, source="forum", stance="supporter")
    assert (again.added, again.duplicates) == (0, 30)
    table = read_posts(ws)
    assert table.num_rows == 30
    row = next(r for r in table.to_pylist() if r["id"] == "forum:m11")
    assert row["source"] == "forum" and row["stance"] == "supporter"
    assert row["thread"] == "forum:t1" and row["reply_to"] == "forum:m10"
    assert row["created_at"].isoformat() == "2016-03-12T10:00:00+00:00"
    assert row["file"] == "forum.jsonl" and row["record"] == "line 12"
    assert row["batch"] == first.batch and row["lang"] == "en"
    assert workspace_stats(ws)["posts"] == 30


def test_original_text_is_stored_untouched(ws: Workspace, tmp_path: Path) -> None:
    text = "\u202eمُتَظاهِرونَ   في   الفلوجـــة\u200f <b>x</b>\r\n"
    src = _jsonl(tmp_path / "a.jsonl", [{"id": "1", "text": text}])
    ingest(ws, src, source="s", stance="supporter")
    stored = read_posts(ws).to_pylist()[0]
    assert stored["text"] == text and stored["lang"] == "ar"


def test_broken_third_line_is_named_and_the_rest_kept(ws: Workspace, tmp_path: Path) -> None:
    rows: list[object] = _posts(5)
    rows[2] = '{"id": "m2", "text": "broken'
    src = _jsonl(tmp_path / "broken.jsonl", rows)
    seen = []
    res = ingest(ws, src, source="forum", stance="supporter", on_reject=seen.append)
    assert (res.added, res.rejected) == (4, 1)
    assert seen[0].record == "line 3" and seen[0].file.endswith("broken.jsonl")
    assert "line 3" in str(seen[0])
    rejects = (ws.rejects_dir / f"{res.batch}.jsonl").read_text(encoding="utf-8")
    assert json.loads(rejects)["record"] == "line 3"
    assert read_posts(ws).num_rows == 4


def test_a_source_keeps_one_stance(ws: Workspace, tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "a.jsonl", _posts(3))
    ingest(ws, src, source="forum", stance="supporter")
    with pytest.raises(InputError, match="stance 'supporter'"):
        ingest(ws, _jsonl(tmp_path / "b.jsonl", _posts(3, 10)), source="forum", stance="official")
    with pytest.raises(InputError, match="Stance"):
        ingest(ws, src, source="x", stance="neutral")


def test_folder_ingest_is_one_batch(ws: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    folder.mkdir()
    _jsonl(folder / "a.jsonl", _posts(4))
    _jsonl(folder / "b.jsonl", _posts(4, 100))
    (folder / ".hidden.jsonl").write_text("not json\n", encoding="utf-8")
    res = ingest(ws, folder, source="dump", stance="observer")
    assert res.added == 8 and len(res.files) == 2
    assert len(list(ws.posts_dir.iterdir())) == 1


def test_same_content_twice_in_a_file_is_two_posts(ws: Workspace, tmp_path: Path) -> None:
    rows = [{"text": "Allahu akbar", "author": "a"}, {"text": "Allahu akbar", "author": "a"}]
    src = _jsonl(tmp_path / "dup.jsonl", rows)
    assert ingest(ws, src, source="s", stance="supporter").added == 2
    assert ingest(ws, src, source="s", stance="supporter").added == 0


def test_failure_mid_batch_keeps_nothing(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import undertow.ingest as mod

    monkeypatch.setattr(mod, "PART_ROWS", 10)
    src = _jsonl(tmp_path / "a.jsonl", _posts(50))

    def boom(done: int) -> None:
        if done >= 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest(ws, src, source="forum", stance="supporter", progress=boom)
    assert read_posts(ws).num_rows == 0
    assert list(ws.tmp_dir.iterdir()) == []
    assert ingest(ws, src, source="forum", stance="supporter").added == 50


KILLER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import undertow.ingest as mod
    from undertow.workspace import Workspace
    mod.PART_ROWS = 100
    marker = Path(sys.argv[3])
    def hang(done):
        if done >= 300:
            marker.write_text("parts written")
            time.sleep(60)
    ws = Workspace.open(sys.argv[1])
    mod.ingest(ws, Path(sys.argv[2]), source="forum", stance="supporter", progress=hang)
    """
)


@pytest.mark.slow
def test_killed_process_leaves_workspace_as_before(ws: Workspace, tmp_path: Path) -> None:
    ingest(
        ws, _jsonl(tmp_path / "first.jsonl", _posts(5, 10_000)), source="forum", stance="supporter"
    )
    src = _jsonl(tmp_path / "big.jsonl", _posts(1000))
    marker = tmp_path / "marker"
    proc = subprocess.Popen([sys.executable, "-c", KILLER, str(ws.path), str(src), str(marker)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "the ingest process ended before it was killed"
            assert time.monotonic() < deadline, "the ingest process never reached the kill point"
            time.sleep(0.05)
        assert any(ws.tmp_dir.rglob("part-*.parquet")), "parts should be written but not committed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert read_posts(ws).num_rows == 5  # as before the killed batch
    res = ingest(ws, src, source="forum", stance="supporter")  # a new writer clears the leftovers
    assert res.added == 1000 and list(ws.tmp_dir.iterdir()) == []
    assert read_posts(ws).num_rows == 1005


def test_second_writer_is_refused(ws: Workspace, tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "a.jsonl", _posts(3))
    with ws.write_lock(), pytest.raises(WorkspaceError, match="Another undertow process"):
        ingest(ws, src, source="forum", stance="supporter")


def test_workspace_errors_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="undertow init"):
        Workspace.open(tmp_path / "nowhere")
    Workspace.create(tmp_path / "w")
    with pytest.raises(WorkspaceError, match="already a workspace"):
        Workspace.create(tmp_path / "w")


@pytest.mark.shared
@pytest.mark.slow
def test_fifth_tribe_tweets_ingest_once(ws: Workspace, shared) -> None:
    path = shared.path("corpora", "fifthtribe_isis_twitter", "tweets.csv")
    first = ingest(ws, path, source="fifthtribe", stance="supporter")
    assert (first.added, first.rejected) == (17_410, 0)
    again = ingest(ws, path, source="fifthtribe", stance="supporter")
    assert (again.added, again.duplicates) == (0, 17_410)
    assert workspace_stats(ws)["posts"] == 17_410


@pytest.mark.shared
def test_every_telegram_export_and_the_scraper_csv_ingest(ws: Workspace, shared) -> None:
    folder = shared.path("formats", "telegram_desktop")
    for i, f in enumerate(sorted(folder.glob("*.json"))):
        res = ingest(ws, f, source=f"tg{i}", stance="supporter")
        assert res.added > 0 and res.rejected == 0
    csv_path = shared.path("corpora", "far_right_telegram_sample", "processed_part_274.csv")
    res = ingest(ws, csv_path, source="farright", stance="supporter")
    assert res.added + sum(res.skipped.values()) == 10_000 and res.rejected == 0
