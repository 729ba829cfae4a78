"""The telegram-json and telegram-scraper-csv readers, on small files and on the real ones."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from undertow.errors import FormatError
from undertow.post import RawPost, Skipped
from undertow.readers import ReaderOptions, get_reader

read_json = get_reader("telegram-json")
read_scraper = get_reader("telegram-scraper-csv")
ARABIC = "بيان رسمي:\u200f النصر قريب — «إن شاء الله»"


def items(reader: object, path: Path, **options: object) -> list[object]:
    return list(reader(path, ReaderOptions(**options)))  # type: ignore[operator, arg-type]


def dump(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def channel(chat_id: int, messages: list[object], name: str = "News") -> dict[str, object]:
    return {"name": name, "type": "public_channel", "id": chat_id, "messages": messages}


MESSAGES: list[object] = [
    {"id": 1, "type": "service", "date": "2016-03-27T10:00:00", "action": "create_channel"},
    {
        "id": 2,
        "type": "message",
        "date": "2016-03-27T13:00:00",
        "date_unixtime": "1459072800",
        "from": "News",
        "from_id": "channel42",
        "author": "editor",
        "text": ["Read ", {"type": "bold", "text": "this"}, {"type": "link", "text": " now"}],
        "forwarded_from": "Other",
        "views": 1200,
        "edited": "2016-03-27T13:05:00",
        "edited_unixtime": "1459073100",
        "via_bot": "@bot",
    },
    {"id": 3, "type": "message", "date": "2016-03-27T13:01:00", "photo": "p.jpg", "text": ""},
    {
        "id": 4,
        "type": "message",
        "date": "2016-03-27T14:00:00",
        "from": None,
        "from_id": "user7",
        "reply_to_message_id": 2,
        "text": ARABIC,
        "media_type": "video_file",
    },
    {"id": 5, "type": "message", "date": "not a date", "text": "bad date"},
    "not an object",
    {"id": 7, "type": "unsupported"},
    {"id": 8, "type": "message", "text": ""},
    {"id": 9, "type": "message", "text": {"odd": 1}},
]


def test_one_channel_export(tmp_path: Path) -> None:
    got = items(
        read_json, dump(tmp_path / "result.json", channel(42, MESSAGES)), default_tz="+03:00"
    )
    summary = [(x.record, type(x).__name__) for x in got]  # type: ignore[attr-defined]
    assert summary == [
        ("message 1", "Skipped"),
        ("message 2", "RawPost"),
        ("message 3", "Skipped"),
        ("message 4", "RawPost"),
        ("message 5", "BadRecord"),
        ("message #6", "BadRecord"),
        ("message 7", "Skipped"),
        ("message 8", "Skipped"),
        ("message 9", "BadRecord"),
    ]
    kinds = [x.kind for x in got if isinstance(x, Skipped)]
    assert kinds == ["service:create_channel", "media-only", "unsupported", "empty"]
    two, four = (x for x in got if isinstance(x, RawPost))
    assert two.text == "Read this now" and two.native_id == "42/2" and two.thread == "42"
    assert two.author == "News" and two.time_precision == "second"
    assert two.created_at == datetime(2016, 3, 27, 10, 0, tzinfo=UTC)  # from date_unixtime
    assert two.extra == {
        "chat_name": "News",
        "chat_type": "public_channel",
        "forwarded_from": "Other",
        "views": 1200,
        "via_bot": "@bot",
        "from_id": "channel42",
        "signature": "editor",
        "edited": "2016-03-27T10:05:00+00:00",
    }
    assert four.text.encode("utf-8") == ARABIC.encode("utf-8")
    assert four.author == "user7" and four.reply_to == "42/2"
    assert four.created_at == datetime(2016, 3, 27, 11, 0, tzinfo=UTC)  # local date, +03:00
    assert four.extra["media_type"] == "video_file"


def test_full_export_qualifies_ids_and_records_by_chat(tmp_path: Path) -> None:
    doc = {
        "about": "export",
        "chats": {
            "about": "",
            "list": [
                channel(1, [{"id": 5, "type": "message", "text": "a", "reply_to_message_id": 4}]),
                channel(2, [{"id": 5, "type": "message", "text": "b"}], name="Group"),
            ],
        },
        "left_chats": {"list": [channel(3, [{"id": 5, "type": "service", "action": "x"}])]},
    }
    got = items(read_json, dump(tmp_path / "result.json", doc))
    assert [x.record for x in got] == ["message 1/5", "message 2/5", "message 3/5"]  # type: ignore[attr-defined]
    a, b, left = got
    assert isinstance(a, RawPost) and isinstance(b, RawPost) and isinstance(left, Skipped)
    assert (a.native_id, a.reply_to, a.thread) == ("1/5", "1/4", "1")
    assert (b.native_id, b.thread, b.extra["chat_name"]) == ("2/5", "2", "Group")


def test_not_an_export_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match='neither "messages" nor "chats"'):
        items(read_json, dump(tmp_path / "x.json", {"data": []}))
    broken = tmp_path / "broken.json"
    broken.write_text('{"messages": [', encoding="utf-8")
    with pytest.raises(FormatError, match=r"not valid JSON.*--format jsonl"):
        items(read_json, broken)
    (tmp_path / "empty.json").write_bytes(b"")
    assert items(read_json, tmp_path / "empty.json") == []


def _independent_counts(path: Path) -> tuple[int, int, Counter[str]]:
    """Count posts and skipped straight from the JSON, without the reader's code."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    posts, skipped, kinds = 0, 0, Counter[str]()
    for m in doc["messages"]:
        text = m.get("text") or ""
        if not isinstance(text, str):
            text = "".join(p if isinstance(p, str) else p["text"] for p in text)
        if m["type"] == "message" and text.strip():
            posts += 1
        else:
            skipped += 1
            if m["type"] == "service":
                kinds[f"service:{m.get('action') or 'unknown'}"] += 1
    return posts, skipped, kinds


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "posts", "skipped"),
    [
        ("ragtgbot_testdata_result.json", 4, 1),
        ("tkonverter_examples_result.json", 11, 76),
        ("tkonverter_examples_result_group.json", 19, 26),
    ],
)
def test_real_exports(shared: type, name: str, posts: int, skipped: int) -> None:
    path = shared.path("formats", "telegram_desktop", name)  # type: ignore[attr-defined]
    got = items(read_json, path)
    counts = Counter(type(x).__name__ for x in got)
    assert (counts["RawPost"], counts["Skipped"], counts["BadRecord"]) == (posts, skipped, 0)
    want_posts, want_skipped, service_kinds = _independent_counts(path)
    assert (want_posts, want_skipped) == (posts, skipped)
    got_kinds = Counter(x.kind for x in got if isinstance(x, Skipped))
    assert {k: v for k, v in got_kinds.items() if k.startswith("service:")} == service_kinds
    chat_id = str(json.loads(path.read_text(encoding="utf-8"))["id"])
    for post in (x for x in got if isinstance(x, RawPost)):
        assert post.thread == chat_id and post.native_id.startswith(chat_id + "/")  # type: ignore[union-attr]
        assert post.created_at is not None and post.created_at.tzinfo is UTC


# --- telegram-scraper-csv --------------------------------------------------------------------

SCRAPER_HEADER = (
    "channel_id,channel_name,msg_id,message,cleaned_message,date,is_reply,reply_to_msg_id,"
    "is_forward,forward_msg_from_peer_name,forward_msg_from_peer_id,views,media_type\n"
)


def test_scraper_rows(tmp_path: Path) -> None:
    path = tmp_path / "part.csv"
    path.write_text(
        SCRAPER_HEADER
        + f"100,Chan,7,{ARABIC},cleaned,2021-05-28 02:53:44+00:00,0,,1,Src,555.0,808,\n"
        + "100,Chan,8,,only cleaned,2021-05-28 03:00:00+00:00,1,7.0,0,,,12,\n"
        + "100,Chan,9,,,2021-05-28 03:01:00+00:00,0,,0,,,3,MessageMediaPhoto\n"
        + "100,Chan,10,,text,someday,0,,0,,,3,\n",
        encoding="utf-8",
    )
    got = items(read_scraper, path)
    assert [(x.record, type(x).__name__) for x in got] == [  # type: ignore[attr-defined]
        ("row 1", "RawPost"),
        ("row 2", "RawPost"),
        ("row 3", "Skipped"),
        ("row 4", "BadRecord"),
    ]
    first, second, media, _ = got
    assert isinstance(first, RawPost) and isinstance(second, RawPost)
    assert first.text == ARABIC and first.native_id == "100/7" and first.thread == "Chan"
    assert first.author == "Chan" and first.reply_to is None
    assert first.created_at == datetime(2021, 5, 28, 2, 53, 44, tzinfo=UTC)
    assert first.extra == {
        "channel_name": "Chan",
        "is_forward": 1,
        "forwarded_from": "Src",
        "forwarded_from_id": 555,
        "views": 808,
    }
    assert second.text == "only cleaned" and second.reply_to == "100/7"
    assert isinstance(media, Skipped) and media.kind == "media-only"


def test_scraper_layout_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("id,text\n1,x\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"not a Telegram scraper CSV.*--format csv"):
        items(read_scraper, path)


@pytest.mark.shared
def test_real_scraper_part(shared: type) -> None:
    path = shared.path(  # type: ignore[attr-defined]
        "corpora", "far_right_telegram_sample", "processed_part_274.csv"
    )
    got = items(read_scraper, path)
    counts = Counter(type(x).__name__ for x in got)
    assert sum(counts.values()) == 10_000
    assert (counts["RawPost"], counts["Skipped"], counts["BadRecord"]) == (6_857, 3_143, 0)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with_text = [r for r in rows if r["message"].strip() or r["cleaned_message"].strip()]
    assert len(rows) == 10_000 and len(with_text) == counts["RawPost"]
    posts = [x for x in got if isinstance(x, RawPost)]
    replies = {
        f"{r['channel_id']}/{r['msg_id']}": f"{r['channel_id']}/{int(float(r['reply_to_msg_id']))}"
        for r in with_text
        if r["is_reply"] == "1"
    }
    assert replies and {p.native_id: p.reply_to for p in posts if p.reply_to} == replies
    assert all(p.time_precision == "second" and p.thread == "WhiteAwakening" for p in posts)
