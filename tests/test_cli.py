"""The command line: one line per error, exit codes, and the commands end to end on small data."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner

from undertow.cli import main


def _run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.stdout, res.stderr


def _forum(path: Path) -> Path:
    rows = [
        {
            "id": "1",
            "text": "We lost the city, but the war is long and we will never give up.",
            "author": "a",
            "created_at": "2016-03-28T10:00:00Z",
        },
        {"id": "2", "text": "الحمد لله", "author": "b", "created_at": "2016-03-29T10:00:00Z"},
        {
            "id": "3",
            "text": "<script>alert(1)</script> https://evil.example/x",
            "author": "c",
            "created_at": "2016-03-30T10:00:00Z",
        },
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    return path


def test_whole_path_on_a_small_forum(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    assert _run("init", ws)[0] == 0
    code, out, _ = _run(
        "ingest",
        ws,
        str(_forum(tmp_path / "f.jsonl")),
        "--source",
        "forum",
        "--stance",
        "supporter",
    )
    assert code == 0 and "Added 3 posts, 0 duplicates, 0 rejected" in out
    code, out, _ = _run(
        "ingest", ws, str(tmp_path / "f.jsonl"), "--source", "forum", "--stance", "supporter"
    )
    assert "Added 0 posts, 3 duplicates" in out
    code, out, _ = _run("stats", ws, "--json")
    stats = json.loads(out)
    assert stats["posts"] == 3 and stats["sources"][0]["source"] == "forum"
    assert set(stats) >= {"posts", "sources", "languages", "first", "last"}
    assert stats["first"].startswith("2016-03-28")
    code, out, _ = _run("analyze", ws, "--quiet")
    assert code == 0 and "Coded 3 posts" in out
    code, out, _ = _run("analyze", ws, "--quiet")
    assert "Coded 0 posts" in out  # incremental
    report = tmp_path / "r.html"
    code, out, err = _run("report", ws, "-o", str(report), "--events", "builtin:isis-territory")
    assert code == 0, err
    html = report.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    for fmt in ("jsonl", "csv", "parquet"):
        out_file = tmp_path / f"e.{fmt}"
        code, out, err = _run("export", ws, "--format", fmt, "-o", str(out_file))
        assert code == 0 and "Wrote 3 posts" in out, err
    rows = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    first = next(r for r in rows if r["id"] == "forum:1")
    assert first["labels"], "the admission + defiance post should carry labels"
    for label, spans in first["evidence"].items():
        assert label in first["labels"] and spans
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 3


def test_errors_are_one_line_with_exit_codes(tmp_path: Path) -> None:
    code, _, err = _run("stats", str(tmp_path / "none"))
    assert code == 1 and err.count("\n") == 1 and "undertow init" in err
    assert "Traceback" not in err
    ws = str(tmp_path / "ws")
    _run("init", ws)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "ok"}\n{"id": "2", "text": "ok too"}\n{broken\n')
    code, out, err = _run("ingest", ws, str(bad), "--source", "s", "--stance", "supporter")
    assert code == 3 and "line 3" in err and "Added 2 posts, 0 duplicates, 1 rejected" in out
    code, _, err = _run(
        "ingest", ws, str(tmp_path / "missing.jsonl"), "--source", "s", "--stance", "supporter"
    )
    assert code == 2 and "does not exist" in err
    code, _, err = _run(
        "ingest", ws, str(bad), "--source", "s", "--stance", "supporter", "--map", "nonsense"
    )
    assert code == 2 and "FIELD=COLUMN" in err


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    code, _, err = _run("--debug", "stats", str(tmp_path / "none"))
    assert code == 1 and "Traceback" in err


def test_analyzers_check_passes() -> None:
    code, out, _ = _run("analyzers", "--check")
    assert code == 0 and "codebook.cues.v1" in out and "conformance check passed" in out


def test_search_correct_and_export_corrections(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    _run("init", ws)
    _run(
        "ingest",
        ws,
        str(_forum(tmp_path / "f.jsonl")),
        "--source",
        "forum",
        "--stance",
        "supporter",
    )
    _run("analyze", ws, "--quiet")
    code, out, _ = _run("search", ws, "الحمد")
    assert code == 0 and "1 posts match" in out and "forum:2" in out
    code, out, _ = _run(
        "correct",
        ws,
        "forum:2",
        "consolation",
        "--present",
        "--analyst",
        "ana",
        "--span",
        "0:5",
        "--note",
        "comforting",
    )
    assert code == 0 and "consolation False -> True by ana" in out
    code, out, _ = _run("corrections", ws)
    assert "ana  forum:2  consolation: False -> True  (comforting)" in out
    gold = tmp_path / "gold.jsonl"
    code, out, _ = _run("export", ws, "--corrections", "-o", str(gold))
    assert code == 0 and "Wrote 1 corrected posts" in out
    row = json.loads(gold.read_text(encoding="utf-8"))
    assert row["id"] == "forum:2" and "consolation" in row["labels"]
    code, out, _ = _run("export", ws, "--format", "jsonl", "-o", str(tmp_path / "all.jsonl"))
    rows = [json.loads(x) for x in (tmp_path / "all.jsonl").read_text().splitlines()]
    assert "consolation" in next(r for r in rows if r["id"] == "forum:2")["labels"]
    code, _, err = _run("correct", ws, "forum:2", "nonsense", "--present", "--analyst", "ana")
    assert code != 0 and "Traceback" not in err and err.count("\n") == 1
    code, _, err = _run(
        "correct", ws, "forum:2", "worry", "--present", "--analyst", "a", "--span", "x"
    )
    assert code == 2 and "START:END" in err
