"""The reader registry and content sniffing: content decides, the extension only breaks ties."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from undertow.errors import FormatError
from undertow.post import RawPost
from undertow.readers import READERS, ReaderOptions, get_reader, read_path, sniff
from undertow.readers.sniff import FORMAT_NAMES


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_registry_names_are_the_cli_names() -> None:
    assert list(READERS) == [
        "jsonl",
        "csv",
        "tweets-csv",
        "telegram-json",
        "telegram-scraper-csv",
        "text",
    ]
    assert tuple(READERS) == FORMAT_NAMES
    assert get_reader("csv") is READERS["csv"]
    with pytest.raises(FormatError, match=r"Unknown format 'xml'.*jsonl, csv, tweets-csv"):
        get_reader("xml")


TELEGRAM = {"name": "C", "type": "public_channel", "id": 1, "messages": [{"id": 1, "text": "x"}]}


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("posts.txt", '{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n', "jsonl"),
        ("posts.jsonl", '\n\n{"text": "a"}\n', "jsonl"),
        ("table.dat", "id,text,date\n1,hello,2016-01-01\n2,world,2016-01-02\n", "csv"),
        ("table", "id\ttext\n1\thello\n", "csv"),
        ("one-column.csv", "text\nhello\n", "csv"),
        ("result.dat", json.dumps(TELEGRAM, indent=1), "telegram-json"),
        ("result.json", json.dumps(TELEGRAM), "telegram-json"),
        ("full.json", json.dumps({"about": "x", "chats": {"list": []}}, indent=1), "telegram-json"),
        ("msgs.jsonl", json.dumps({"messages": 3, "text": "x"}) + "\n{}\n", "jsonl"),
        ("tweets.txt", "name,username,time,tweets\na,b,1/6/2015 21:07,t\n", "tweets-csv"),
        ("api.csv", "tweet_id,created_at,text\n1,2016-01-01,t\n", "tweets-csv"),
        (
            "tg.csv",
            "channel_id,msg_id,cleaned_message,date\n1,2,x,2021-01-01\n",
            "telegram-scraper-csv",
        ),
        ("leaflet.txt", "In the name of God, the Merciful\n\nO soldiers, be patient.\n", "text"),
        (
            "leaflet",
            "Praise be to God, Lord of the worlds\nAnd peace, upon his messenger\n",
            "text",
        ),
        ("statement.md", "---\ndate: 2016-03-27\n---\n\n# Title\n\nText, with a comma.\n", "text"),
        ("plain.dat", "just one line of prose\n", "text"),
        ("table.txt", "a,b\n1,2\n3,4\n5,6\n", "csv"),
        ("short-table.txt", "a,b\n1,2\n", "text"),
        ("empty.csv", "", "csv"),
        ("empty.jsonl", "\n\n", "jsonl"),
        ("bom.csv", "\ufefftext,id\nx,1\n", "csv"),
    ],
)
def test_content_decides(tmp_path: Path, name: str, content: str, expected: str) -> None:
    assert sniff(write(tmp_path / name, content)) == expected


def test_big_pretty_telegram_export_is_sniffed_from_its_head(tmp_path: Path) -> None:
    doc = dict(
        TELEGRAM, messages=[{"id": i, "type": "message", "text": "x" * 50} for i in range(5000)]
    )
    path = write(tmp_path / "result.json", json.dumps(doc, indent=1))
    assert path.stat().st_size > 200_000
    assert sniff(path) == "telegram-json"
    minified = write(tmp_path / "min.json", json.dumps(doc))
    assert sniff(minified) == "telegram-json"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.json", b'[{"text": "x"}]', "JSON array.*jq -c"),
        ("b.json", b'{\n "data": [1, 2]\n}\n', "neither JSON Lines"),
        ("c.csv.gz", gzip.compress(b"text\nx\n"), "gzip"),
        ("d.pdf", b"%PDF-1.4\n...", "pdftotext"),
        ("e.txt", "text,id\nx,1\n".encode("utf-16"), "UTF-16"),
        ("f.bin", b"\x00\x01\x02binary", "binary"),
        ("g.dat", b"", "empty"),
    ],
)
def test_unusable_files_say_what_to_do(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(FormatError, match=message):
        sniff(write(tmp_path / name, data))


def test_missing_file_or_folder(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="Cannot open"):
        sniff(tmp_path / "nope.csv")
    with pytest.raises(FormatError, match="is a folder"):
        sniff(tmp_path)


def test_read_path_sniffs_then_reads(tmp_path: Path) -> None:
    path = write(tmp_path / "x.dat", '{"text": "مرحبا"}\n')
    (post,) = read_path(path)
    assert isinstance(post, RawPost) and post.text == "مرحبا" and post.record == "line 1"
    assert list(read_path(path, ReaderOptions(), "jsonl")) == [post]


REAL = [
    (("corpora", "fifthtribe_isis_twitter", "tweets.csv"), "tweets-csv"),
    (("corpora", "about_isis_contrast", "about_isis_validation_tail_3480.csv"), "csv"),
    (("corpora", "far_right_telegram_sample", "processed_part_274.csv"), "telegram-scraper-csv"),
    (("corpora", "isis_official_video_releases", "isis_video_releases_metadata.csv"), "csv"),
    (("events", "isis_territorial_events_2014_2019.csv"), "csv"),
    (("formats", "telegram_desktop", "ragtgbot_testdata_result.json"), "telegram-json"),
    (("formats", "telegram_desktop", "tkonverter_examples_result.json"), "telegram-json"),
    (("formats", "telegram_desktop", "tkonverter_examples_result_group.json"), "telegram-json"),
    (("gold", "dev_en.gold.jsonl"), "jsonl"),
    (("gold", "dev_ar.gold.jsonl"), "jsonl"),
    (("gold", "supporter_dev_ar.jsonl"), "jsonl"),
    (("affect", "arsarcasm_v2", "training_data.csv"), "csv"),
    (("affect", "semeval2018_ec_english", "2018-E-c-En-dev.txt"), "csv"),
    (("affect", "astd_arabic_sentiment", "Tweets.txt"), "text"),
    (("MANIFEST.md",), "text"),
]


@pytest.mark.shared
@pytest.mark.parametrize(("parts", "expected"), REAL, ids=[p[-1] for p, _ in REAL])
def test_real_files(shared: type, parts: tuple[str, ...], expected: str) -> None:
    assert sniff(shared.path(*parts)) == expected  # type: ignore[attr-defined]


def test_jsonl_with_a_first_line_longer_than_the_head(tmp_path: Path) -> None:
    first = json.dumps({"id": 1, "text": "long " * 30_000})
    path = write(tmp_path / "long.dat", first + '\n{"id": 2, "text": "short"}\n')
    assert len(first) > 64 * 1024
    assert sniff(path) == "jsonl"
