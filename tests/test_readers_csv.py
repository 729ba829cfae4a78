"""The csv and tweets-csv readers: columns, bad rows named by row, the real tweet files."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from undertow.errors import FormatError
from undertow.post import BadRecord, RawPost
from undertow.readers import ReaderOptions, get_reader
from undertow.readers.tweets import looks_like_tweets

read_csv = get_reader("csv")
read_tweets = get_reader("tweets-csv")
ARABIC = "قال الأخ: «الدولة باقية»، ثم سكت…\u200f #الرقة"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def items(reader: object, path: Path, **options: object) -> list[object]:
    return list(reader(path, ReaderOptions(**options)))  # type: ignore[operator, arg-type]


def kinds(got: list[object]) -> list[tuple[str, str]]:
    return [(x.record, type(x).__name__) for x in got]  # type: ignore[attr-defined]


def test_defaults_extra_and_rows_counted_as_records(tmp_path: Path) -> None:
    path = write(
        tmp_path / "f.csv",
        "id,Text,created_at,author,thread,parent_id,lang,score\n"
        '1,"two\nlines",2016-03-27,abu,t1,,ar,7\n'
        "2,second,2016-03-28T10:00:00Z,umm,t1,1.0,,\n",
    )
    first, second = items(read_csv, path)
    assert isinstance(first, RawPost) and isinstance(second, RawPost)
    assert first.text == "two\nlines" and first.record == "row 1"
    assert first.created_at == datetime(2016, 3, 27, tzinfo=UTC)
    assert first.time_precision == "day" and first.lang == "ar"
    assert first.extra == {"score": 7}
    assert second.record == "row 2" and second.reply_to == "1" and second.thread == "t1"
    assert second.time_precision == "second" and second.extra == {}


def test_bad_date_row_is_a_bad_record_not_a_missing_time(tmp_path: Path) -> None:
    path = write(
        tmp_path / "d.csv",
        "text,date\nfirst,2016-03-27\nsecond,27th of March\nthird,\nfourth,1/6/2015 21:07\n",
    )
    got = items(read_csv, path)
    assert kinds(got) == [
        ("row 1", "RawPost"),
        ("row 2", "BadRecord"),
        ("row 3", "RawPost"),
        ("row 4", "RawPost"),
    ]
    assert "unreadable time in column 'date'" in got[1].reason  # type: ignore[union-attr]
    assert got[2].created_at is None and got[2].time_precision == "none"  # type: ignore[union-attr]


def test_empty_text_and_ragged_rows_are_bad(tmp_path: Path) -> None:
    path = write(tmp_path / "r.csv", "text,n\n,1\n   ,2\nok,3\ntoo,many,fields\nshort\nok2,6,\n")
    got = items(read_csv, path)
    assert kinds(got) == [
        ("row 1", "BadRecord"),
        ("row 2", "BadRecord"),
        ("row 3", "RawPost"),
        ("row 4", "BadRecord"),
        ("row 5", "BadRecord"),
        ("row 6", "RawPost"),  # a trailing empty field is tolerated
    ]
    assert "empty" in got[0].reason and "header has 2" in got[3].reason  # type: ignore[union-attr]


def test_missing_text_column_names_the_map_to_pass(tmp_path: Path) -> None:
    path = write(tmp_path / "n.csv", "date,province,title\n2016-01-01,Raqqa,x\n")
    with pytest.raises(FormatError, match=r"no text column.*date, province, title.*--map text="):
        items(read_csv, path)
    (post,) = items(read_csv, path, column_map={"text": "title", "author": "province"})
    assert isinstance(post, RawPost) and (post.text, post.author) == ("x", "Raqqa")
    with pytest.raises(FormatError, match=r"no column 'body' \(from --map text=body\)"):
        items(read_csv, path, column_map={"text": "body"})


def test_bom_tabs_semicolons_and_blank_lines(tmp_path: Path) -> None:
    bom = write(tmp_path / "b.csv", "\ufefftext,id\r\nhello,1\r\n\r\nworld,2\r\n")
    assert [p.text for p in items(read_csv, bom)] == ["hello", "world"]  # type: ignore[attr-defined]
    tsv = write(tmp_path / "t.tsv", "id\ttext\n1\ta, b and c\n")
    assert [p.text for p in items(read_csv, tsv)] == ["a, b and c"]  # type: ignore[attr-defined]
    semi = write(tmp_path / "s.csv", "id;text\n1;x, y\n")
    assert [p.text for p in items(read_csv, semi)] == ["x, y"]  # type: ignore[attr-defined]


def test_empty_and_header_only_files_yield_nothing(tmp_path: Path) -> None:
    assert items(read_csv, write(tmp_path / "e.csv", "")) == []
    assert items(read_csv, write(tmp_path / "h.csv", "text,id\n")) == []


def test_arabic_and_huge_fields_pass_through_untouched(tmp_path: Path) -> None:
    huge = "x" * 300_000
    path = tmp_path / "a.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["text", "id"], [ARABIC, "1"], [huge, "2"]])
    first, second = items(read_csv, path)
    assert first.text.encode("utf-8") == ARABIC.encode("utf-8")  # type: ignore[attr-defined]
    assert second.text == huge  # type: ignore[attr-defined]


def test_undecodable_row_is_bad_and_the_rest_kept(tmp_path: Path) -> None:
    rows = [f"{i},{ARABIC}".encode() for i in range(20)]
    rows[3] = "3,قديم".encode("cp1256")
    path = tmp_path / "m.csv"
    path.write_bytes(b"id,text\n" + b"\n".join(rows) + b"\n")
    got = items(read_csv, path)
    assert [x.record for x in got if isinstance(x, BadRecord)] == ["row 4"]
    assert sum(isinstance(x, RawPost) for x in got) == 19


def test_whole_file_in_another_encoding_needs_encoding(tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.csv", "text,id\n" + "".join(f"الله{i},{i}\n" for i in range(9)), "cp1256"
    )
    with pytest.raises(FormatError, match="--encoding"):
        items(read_csv, path)
    assert len(items(read_csv, path, encoding="cp1256")) == 9


def test_tweet_api_layout(tmp_path: Path) -> None:
    path = write(
        tmp_path / "api.csv",
        "id,created_at,text,full_text,user_screen_name,in_reply_to_status_id,"
        "conversation_id,lang,retweet_count\n"
        "1050118621198921728,Wed Oct 10 20:19:24 +0000 2018,short…,the full text,sn1,"
        "1050118621198921700,1050118621198921000,en,3\n",
    )
    (post,) = items(read_tweets, path)
    assert isinstance(post, RawPost)
    assert post.text == "the full text" and post.author == "sn1"
    assert post.native_id == "1050118621198921728"
    assert post.reply_to == "1050118621198921700" and post.thread == "1050118621198921000"
    assert post.created_at == datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)
    assert post.extra == {"text": "short…", "retweet_count": 3}


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("name,username,description,location,followers,numberstatuses,time,tweets", True),
        ("tweet_id,text,created_at", True),
        ("id,full_text,retweet_count", True),
        ("id,text,created_at,author", False),
        ("row_in_source,text,source_subset", False),
    ],
)
def test_looks_like_tweets(header: str, expected: bool) -> None:
    assert looks_like_tweets(header.split(",")) is expected


@pytest.mark.shared
def test_fifth_tribe_tweets_read_completely(shared: type) -> None:
    path = shared.path("corpora", "fifthtribe_isis_twitter", "tweets.csv")  # type: ignore[attr-defined]
    got = items(read_tweets, path)
    posts = [x for x in got if isinstance(x, RawPost)]
    assert len(posts) == 17_410
    assert not [x for x in got if not isinstance(x, RawPost)]
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(posts)
    assert all(
        p.text == r["tweets"] and p.author == r["username"]
        for p, r in zip(posts, rows, strict=True)
    )
    assert all(p.native_id is None and p.time_precision == "minute" for p in posts)
    assert posts[0].created_at == datetime(2015, 1, 6, 21, 7, tzinfo=UTC)
    assert set(posts[0].extra) == {
        "name",
        "description",
        "location",
        "followers",
        "numberstatuses",
    } - {k for k in ("description", "location") if not rows[0][k]}
    assert {p.created_at.year for p in posts} == {2015, 2016}  # type: ignore[union-attr]


@pytest.mark.shared
def test_about_isis_contrast_reads_with_the_default_map(shared: type) -> None:
    path = shared.path(  # type: ignore[attr-defined]
        "corpora", "about_isis_contrast", "about_isis_validation_tail_3480.csv"
    )
    got = items(read_csv, path)
    assert len(got) == 3_480 and all(isinstance(x, RawPost) for x in got)
    assert all(p.created_at is None and "row_in_source" in p.extra for p in got)  # type: ignore[attr-defined]


def test_utf16_files_need_and_accept_their_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "u.csv", f"text,id\r\n{ARABIC},1\r\nsecond,2\r\n", "utf-16")
    with pytest.raises(FormatError, match=r"UTF-16.*--encoding utf-16"):
        items(read_csv, path)
    got = items(read_csv, path, encoding="utf-16")
    assert [p.text for p in got] == [ARABIC, "second"]  # type: ignore[attr-defined]
