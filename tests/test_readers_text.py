"""The text reader: one post per paragraph, text kept exactly, document date from metadata."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from undertow.post import BadRecord, RawPost
from undertow.readers import ReaderOptions, get_reader

read = get_reader("text")
ARABIC = "بسم الله الرحمن الرحيم\u200f\r\nالحمد لله — «بيان»"


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def posts(path: Path, **options: object) -> list[RawPost]:
    got = list(read(path, ReaderOptions(**options)))  # type: ignore[arg-type]
    assert all(isinstance(x, RawPost) for x in got), got
    return got  # type: ignore[return-value]


def test_paragraphs_are_kept_exactly(tmp_path: Path) -> None:
    text = "  First line\nsecond line  \n\n\n\tIndented para\r\nwith CRLF\r\n \nlast"
    got = posts(write(tmp_path / "leaflet.txt", text))
    assert [p.text for p in got] == [
        "  First line\nsecond line  ",
        "\tIndented para\r\nwith CRLF",
        "last",
    ]
    assert [p.record for p in got] == ["paragraph 1", "paragraph 2", "paragraph 3"]
    assert [p.native_id for p in got] == ["leaflet#p1", "leaflet#p2", "leaflet#p3"]
    assert {p.thread for p in got} == {"leaflet"} and {p.reply_to for p in got} == {None}
    assert [p.extra["line"] for p in got] == [1, 5, 8]
    assert got[0].created_at is None and got[0].time_precision == "none"


def test_headings_are_their_own_paragraphs(tmp_path: Path) -> None:
    md = "# Statement\nFirst para\n## Part two\n\nSecond para\n#hashtag line\n"
    got = posts(write(tmp_path / "s.md", md))
    assert [p.text for p in got] == [
        "# Statement",
        "First para",
        "## Part two",
        "Second para\n#hashtag line",
    ]
    assert [p.extra.get("heading") for p in got] == [1, None, 2, None]


def test_front_matter_gives_date_author_and_title(tmp_path: Path) -> None:
    md = '---\ntitle: "On the battle"\ndate: 2016-03-27\nauthor: Media office\n---\n\nText.\n'
    (post,) = posts(write(tmp_path / "fm.md", md))
    assert post.text == "Text." and post.author == "Media office"
    assert post.created_at == datetime(2016, 3, 27, tzinfo=UTC) and post.time_precision == "day"
    assert post.extra == {"title": "On the battle", "line": 7}


def test_date_first_line_in_the_default_zone(tmp_path: Path) -> None:
    got = posts(
        write(tmp_path / "d.txt", "Date: 2016-03-27\nFirst.\n\nSecond."), default_tz="+03:00"
    )
    assert [p.text for p in got] == ["First.", "Second."]
    assert {p.created_at for p in got} == {datetime(2016, 3, 26, 21, tzinfo=UTC)}
    (post,) = posts(write(tmp_path / "w.txt", "Date: 27 March 2016\n\nText."))
    assert (post.created_at, post.time_precision) == (datetime(2016, 3, 27, tzinfo=UTC), "day")


def test_unreadable_date_is_reported_and_paragraphs_kept(tmp_path: Path) -> None:
    got = list(
        read(write(tmp_path / "u.txt", "Date: the day of victory\n\nText."), ReaderOptions())
    )
    assert isinstance(got[0], BadRecord) and got[0].record == "line 1"
    assert "unreadable date" in got[0].reason
    assert isinstance(got[1], RawPost) and got[1].text == "Text." and got[1].created_at is None


def test_unclosed_front_matter_is_ordinary_text(tmp_path: Path) -> None:
    got = posts(write(tmp_path / "x.md", "---\ndate: 2016-03-27\nno closing fence"))
    assert [p.text for p in got] == ["---\ndate: 2016-03-27\nno closing fence"]
    assert got[0].created_at is None


def test_arabic_bom_and_empty_files(tmp_path: Path) -> None:
    (post,) = posts(write(tmp_path / "ar.txt", b"\xef\xbb\xbf" + ARABIC.encode("utf-8") + b"\n"))
    assert post.text.encode("utf-8") == ARABIC.encode("utf-8")
    assert posts(write(tmp_path / "e.txt", "")) == []
    assert posts(write(tmp_path / "w.txt", "\n \n\t\n")) == []


def test_undecodable_paragraph_is_bad(tmp_path: Path) -> None:
    data = b"good one\n\n" + "قديم".encode("cp1256") + b"\n\nalso good\n"
    got = list(read(write(tmp_path / "m.txt", data), ReaderOptions()))
    assert [(x.record, type(x).__name__) for x in got] == [  # type: ignore[attr-defined]
        ("paragraph 1", "RawPost"),
        ("paragraph 2", "BadRecord"),
        ("paragraph 3", "RawPost"),
    ]


_line = st.text(
    alphabet=st.sampled_from(list("abc xyz.,:-\tابتثج\u200f«»")), min_size=1, max_size=20
).filter(
    lambda s: (
        s.strip() not in ("", "---", "...") and not s.lstrip(" ").startswith("#") and ":" not in s
    )
)
_paragraph = st.lists(_line, min_size=1, max_size=4)


@given(st.lists(_paragraph, min_size=1, max_size=5), st.sampled_from(["\n", "\r\n"]))
def test_any_paragraphs_round_trip(
    tmp_path_factory: object, paras: list[list[str]], eol: str
) -> None:
    folder = tmp_path_factory.mktemp("rt")  # type: ignore[attr-defined]
    texts = [eol.join(lines) for lines in paras]
    path = write(folder / "doc.txt", (eol + eol).join(texts) + eol)
    assert [p.text for p in posts(path)] == texts
