"""The jsonl reader: defaults, column map, bad lines named by number, whole-file errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from undertow.errors import FormatError, InputError
from undertow.post import BadRecord, RawPost
from undertow.readers import ReaderOptions, get_reader
from undertow.readers.jsonl import PROBE_LINES

read = get_reader("jsonl")
ARABIC = "\u202bباقية\u200f وتتمدد — الفلوجـــة صامدة، إن شاء الله\u202c"


def write_lines(path: Path, lines: list[object], *, bom: bool = False) -> Path:
    text = "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
    data = text.encode("utf-8") + b"\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def items(path: Path, **options: object) -> list[object]:
    return list(read(path, ReaderOptions(**options)))  # type: ignore[arg-type]


def test_broken_third_line_is_one_bad_record_and_the_rest_is_kept(tmp_path: Path) -> None:
    rows: list[object] = [{"id": i, "text": f"post {i}"} for i in range(1, 6)]
    rows[2] = '{"id": 3, "text": "broken'
    got = items(write_lines(tmp_path / "f.jsonl", rows))
    bad = [x for x in got if isinstance(x, BadRecord)]
    posts = [x for x in got if isinstance(x, RawPost)]
    assert [b.record for b in bad] == ["line 3"]
    assert "broken JSON" in bad[0].reason
    assert [p.record for p in posts] == ["line 1", "line 2", "line 4", "line 5"]
    assert [p.native_id for p in posts] == ["1", "2", "4", "5"]


def test_default_fields_are_found(tmp_path: Path) -> None:
    row = {
        "post_id": 77,
        "message": "the brothers are steadfast",
        "timestamp": "2016-03-27T10:05:00+03:00",
        "username": "abu_x",
        "thread_id": "t9",
        "in_reply_to": 76.0,
        "language": "EN",
        "likes": "12",
        "nested": {"ignored": True},
    }
    (post,) = items(write_lines(tmp_path / "a.jsonl", [row]))
    assert isinstance(post, RawPost)
    assert post.text == "the brothers are steadfast"
    assert post.native_id == "77" and post.author == "abu_x"
    assert post.created_at == datetime(2016, 3, 27, 7, 5, tzinfo=UTC)
    assert post.time_precision == "second"
    assert (post.thread, post.reply_to, post.lang) == ("t9", "76", "en")
    assert post.extra == {"likes": 12}


def test_first_candidate_wins_and_nested_author_objects_are_read(tmp_path: Path) -> None:
    row = {
        "id_str": "1001",
        "full_text": "long form",
        "text": "short",
        "created_at": "Wed Oct 10 20:19:24 +0000 2018",
        "user": {"screen_name": "sn", "name": "Display"},
        "lang": "und",
    }
    (post,) = items(write_lines(tmp_path / "t.jsonl", [row]))
    assert isinstance(post, RawPost)
    assert post.text == "short"  # "text" comes before "full_text" in the default order
    assert post.author == "sn" and post.native_id == "1001" and post.lang is None
    assert post.created_at == datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)


def test_column_map_and_dotted_paths(tmp_path: Path) -> None:
    row = {"body_text": "mapped", "when": "1/6/2015 21:07", "user": {"handle": "h1"}, "key": "k"}
    path = write_lines(tmp_path / "m.jsonl", [row])
    (post,) = items(
        path,
        column_map={"text": "body_text", "time": "when", "author": "user.handle", "id": "key"},
    )
    assert isinstance(post, RawPost)
    assert (post.text, post.author, post.native_id) == ("mapped", "h1", "k")
    assert post.time_precision == "minute"


def test_telegram_style_text_lists_are_joined(tmp_path: Path) -> None:
    row = {"id": 1, "text": ["Read ", {"type": "bold", "text": "this"}, "!"]}
    (post,) = items(write_lines(tmp_path / "t.jsonl", [row]))
    assert isinstance(post, RawPost) and post.text == "Read this!"


def test_each_bad_line_is_named(tmp_path: Path) -> None:
    lines: list[object] = [
        {"id": 1, "text": "good"},
        "",
        "[1, 2]",
        {"id": 4, "text": ""},
        {"id": 5, "body": "no text key but body is a candidate"},
        {"id": 6, "nothing": "here"},
        {"id": 7, "text": "bad time", "date": "yesterday"},
        {"id": 8, "text": 42},
        {"id": 9, "text": "empty time is fine", "date": ""},
        "   ",
        {"id": 11, "text": None},
    ]
    got = items(write_lines(tmp_path / "b.jsonl", lines))
    summary = [(x.record, type(x).__name__) for x in got]
    assert summary == [
        ("line 1", "RawPost"),
        ("line 3", "BadRecord"),
        ("line 4", "BadRecord"),
        ("line 5", "RawPost"),
        ("line 6", "BadRecord"),
        ("line 7", "BadRecord"),
        ("line 8", "BadRecord"),
        ("line 9", "RawPost"),
        ("line 11", "BadRecord"),
    ]
    reasons = {x.record: x.reason for x in got if isinstance(x, BadRecord)}
    assert "array, not an object" in reasons["line 3"]
    assert "empty" in reasons["line 4"] and "empty" in reasons["line 11"]
    assert "no text field" in reasons["line 6"]
    assert "unreadable time in field 'date'" in reasons["line 7"]
    assert "number, not a string" in reasons["line 8"]
    assert got[7].created_at is None  # type: ignore[union-attr]


def test_bom_and_arabic_pass_through_untouched(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "ar.jsonl", [{"id": "1", "text": ARABIC}], bom=True)
    (post,) = items(path)
    assert isinstance(post, RawPost)
    assert post.text == ARABIC and post.text.encode("utf-8") == ARABIC.encode("utf-8")


def test_empty_file_yields_nothing(tmp_path: Path) -> None:
    (tmp_path / "e.jsonl").write_bytes(b"")
    (tmp_path / "w.jsonl").write_bytes(b"\n  \n")
    assert items(tmp_path / "e.jsonl") == [] and items(tmp_path / "w.jsonl") == []


def test_a_file_that_is_not_jsonl_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_text("id,text\n1,hello\n2,world\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"does not look like JSON Lines.*--format"):
        items(path)


def test_objects_without_any_text_field_ask_for_a_map(tmp_path: Path) -> None:
    rows = [{"id": i, "tweet_text": "x"} for i in range(PROBE_LINES + 5)]
    path = write_lines(tmp_path / "n.jsonl", rows)
    with pytest.raises(FormatError, match=r"fields seen: id, tweet_text.*--map text=FIELD"):
        items(path)
    posts = items(path, column_map={"text": "tweet_text"})
    assert len(posts) == PROBE_LINES + 5


def test_a_text_field_after_a_few_textless_lines_keeps_them_as_bad(tmp_path: Path) -> None:
    rows = [{"id": 1, "x": 1}, {"id": 2, "x": 2}, {"id": 3, "text": "here"}]
    got = items(write_lines(tmp_path / "late.jsonl", rows))
    assert [type(x).__name__ for x in got] == ["BadRecord", "BadRecord", "RawPost"]


def test_undecodable_line_is_bad_and_others_kept(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = [json.dumps({"id": i, "text": ARABIC}, ensure_ascii=False).encode() for i in range(30)]
    good[4] = '{"id": 4, "text": "قديم"}'.encode("cp1256")
    path.write_bytes(b"\n".join(good) + b"\n")
    got = items(path)
    bad = [x for x in got if isinstance(x, BadRecord)]
    assert [b.record for b in bad] == ["line 5"] and "--encoding" in bad[0].reason
    assert sum(isinstance(x, RawPost) for x in got) == 29


def test_whole_file_in_another_encoding(tmp_path: Path) -> None:
    path = tmp_path / "cp.jsonl"
    lines = [json.dumps({"id": i, "text": "الله أكبر"}, ensure_ascii=False) for i in range(5)]
    path.write_bytes("\n".join(lines).encode("cp1256"))
    with pytest.raises(FormatError, match=r"not utf-8 text.*--encoding"):
        items(path)
    posts = items(path, encoding="cp1256")
    assert [p.text for p in posts] == ["الله أكبر"] * 5  # type: ignore[union-attr]


def test_bad_options_are_input_errors(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "o.jsonl", [{"text": "x"}])
    with pytest.raises(InputError, match="Unknown field"):
        items(path, column_map={"txt": "text"})
    with pytest.raises(InputError, match="Unknown encoding"):
        items(path, encoding="klingon-8")
    with pytest.raises(InputError, match="time zone"):
        items(path, default_tz="Mars/Olympus")


def test_reader_is_lazy(tmp_path: Path) -> None:
    """Nothing is read before the first item is asked for, and items come one at a time."""
    path = write_lines(tmp_path / "lazy.jsonl", [{"text": f"p{i}"} for i in range(3)])
    gen = read(path, ReaderOptions())
    path.write_bytes(b'{"text": "changed before reading"}\n')
    assert next(gen).text == "changed before reading"  # type: ignore[union-attr]


@pytest.mark.shared
def test_gold_files_read_completely(shared: type) -> None:
    for name, rows in (("dev_en.gold.jsonl", 198), ("dev_ar.gold.jsonl", 120)):
        path = shared.path("gold", name)  # type: ignore[attr-defined]
        got = items(path)
        expected = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line)
        assert expected == rows
        assert len(got) == rows and all(isinstance(x, RawPost) for x in got)
        first = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
        assert got[0].text == first["text"] and got[0].native_id == first["id"]  # type: ignore[union-attr]
