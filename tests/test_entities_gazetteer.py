"""The gazetteer: coverage, file format, validation, extension, and the build tool."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
from importlib.resources import files
from pathlib import Path

import pytest

from undertow.entities import Gazetteer, gazetteer, link, load_gazetteer
from undertow.entities.gazetteer import COLUMNS, parse_alias
from undertow.errors import FormatError

ROOT = Path(__file__).resolve().parents[1]
HEADER = "\t".join(COLUMNS)

_REQUIRED = """
place:iraq place:syria place:united_states place:russia place:france place:united_kingdom
place:turkey place:iran place:saudi_arabia place:jordan place:egypt place:libya place:belgium
place:germany place:mosul place:fallujah place:ramadi place:tikrit place:baghdad place:kirkuk
place:raqqa place:palmyra place:aleppo place:damascus place:homs place:deir_ez_zor place:idlib
place:anbar place:nineveh place:salah_al_din place:diyala place:sirte place:derna place:sinai
place:nangarhar
actor:coalition actor:us actor:russia actor:isf actor:cts actor:pmu actor:peshmerga actor:sdf
actor:ypg actor:assad_government actor:saa actor:hezbollah actor:iran actor:irgc actor:fsa
actor:hts actor:sahwat actor:turkey actor:tsk actor:al_qaeda actor:taliban actor:isis
actor:wilayat_anbar actor:wilayat_raqqa actor:wilayat_sinai actor:wilayat_khurasan actor:amaq
actor:al_hayat
"""
REQUIRED = _REQUIRED.split()


def row(*cells: str) -> str:
    return "\t".join(cells)


# -- coverage ------------------------------------------------------------------------------


def test_size_and_required_entities() -> None:
    gaz = gazetteer()
    assert len(gaz) >= 150
    assert len(gaz.ids("place")) >= 100 and len(gaz.ids("actor")) >= 50
    assert sum(len(r.aliases) for r in gaz) >= 5 * len(gaz)
    assert [i for i in REQUIRED if i not in gaz] == []


def test_every_entity_has_names_in_both_scripts() -> None:
    for record in gazetteer():
        assert re.fullmatch(r"(place|actor):[a-z0-9_]+", record.id), record.id
        assert record.name and record.name_ar, record.id
        langs = {a.lang for a in record.aliases}
        assert langs == {"en", "ar"}, record.id
        if record.lat is not None:
            assert -90 <= record.lat <= 90 and -180 <= (record.lon or 0) <= 180


def test_the_movement_is_named_by_all_sides() -> None:
    isis = {a.text: a.register for a in gazetteer().aliases("actor:isis")}
    assert isis["Daesh"] == isis["داعش"] == isis["Khawarij"] == "hostile"
    assert isis["Dawla"] == isis["الخلافة"] == isis["دولة الخلافة"] == "movement"
    assert isis["الدولة الإسلامية"] == isis["Islamic State"] == ""  # its name, in any voice
    wilayat = [r for r in gazetteer() if r.subkind == "movement_unit"]
    assert len(wilayat) >= 25
    assert all(any(a.text.startswith("ولاية") for a in r.aliases) for r in wilayat)


def _event_places(text: str) -> list[tuple[str, str]]:
    return [(r["place"], r["country"]) for r in csv.DictReader(io.StringIO(text))]


COUNTRY_IDS = {"Iraq": "place:iraq", "Syria": "place:syria", "Libya": "place:libya"}
COUNTRY_CODES = {"Iraq": "IQ", "Syria": "SY", "Libya": "LY"}


def _assert_places_link(places: list[tuple[str, str]]) -> None:
    assert places
    for place, country in places:
        found = [e for e in link(f"Fighting in {place}") if e.kind == "place"]
        assert found, place
        if place.startswith(country):  # "Iraq (nationwide)"
            assert found[0].id == COUNTRY_IDS[country]
        else:
            assert gazetteer()[found[0].id].country == COUNTRY_CODES[country], place


def test_every_place_of_the_packaged_events_links() -> None:
    text = files("undertow.data").joinpath("isis_territory_events.csv").read_text("utf-8")
    _assert_places_link(_event_places(text))


@pytest.mark.shared
def test_every_place_of_the_shared_events_file_links(shared: type) -> None:
    path = shared.path("events", "isis_territorial_events_2014_2019.csv")
    _assert_places_link(_event_places(path.read_text(encoding="utf-8")))


# -- lookup --------------------------------------------------------------------------------


def test_lookup_and_access() -> None:
    gaz = gazetteer()
    assert gaz is gazetteer()  # read once
    assert gaz.lookup("Falluja").id == gaz.lookup("الفلوجه").id == "place:fallujah"
    assert gaz.lookup("falluja ") is not None and gaz.lookup("nowhere") is None
    assert "place:fallujah" in gaz and "place:nowhere" not in gaz
    assert gaz.get("place:nowhere") is None
    with pytest.raises(KeyError, match="no entity 'place:nowhere'"):
        gaz["place:nowhere"]
    assert {a.text for a in gaz.aliases("place:fallujah")} >= {"Fallujah", "الفلوجة", "Falluja"}
    assert gaz.ids()[: len(gaz.ids("place"))] == gaz.ids("place")  # places first in the file


def test_flags_and_canonical_names() -> None:
    hit = parse_alias("=~Hit")
    assert (hit.text, hit.case_sensitive, hit.context, hit.hashtag_only) == ("Hit", 1, 1, 0)
    assert parse_alias("#المغرب").hashtag_only and parse_alias("#المغرب").lang == "ar"
    assert parse_alias("!Daesh").register == "hostile"
    assert parse_alias("@Dawla").register == "movement"
    gaz = gazetteer()
    assert next(a for a in gaz.aliases("place:hit") if a.text == "Hit").case_sensitive
    assert gaz.lookup("Dabiq").id == "place:dabiq"  # "Dabiq (magazine)" is no alias
    assert gaz.lookup("Dabiq magazine").id == "actor:dabiq_magazine"
    assert gaz.lookup("Kobani").id == "place:kobani"  # accent-folded "Kobanî"


# -- the file format -----------------------------------------------------------------------


def test_read_a_minimal_file() -> None:
    gaz = Gazetteer.from_tsv(
        "# comment\n\n"
        + HEADER
        + "\n"
        + row("place:x", "place", "city", "Xtown", "مدينة اكس", "IQ", "1.5", "", "Ex | =~Xt", "إكس")
    )
    (record,) = list(gaz)
    assert (record.lat, record.lon) == (1.5, None)
    assert [a.text for a in record.aliases] == ["Ex", "Xt", "إكس", "Xtown", "مدينة اكس"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id\tkind\n", "expected the header"),
        ("", "no header line"),
        (HEADER + "\nplace:x\tplace\tcity\n", "3 columns instead of 10"),
        (HEADER + "\n" + row("place:x", "actor", "", "X", "", "", "", "", "", ""), "disagree"),
        (HEADER + "\n" + row("x", "place", "", "X", "", "", "", "", "", ""), "disagree"),
        (HEADER + "\n" + row("place:x", "place", "", "X", "", "", "1.2.3", *[""] * 3), "number"),
        (HEADER + "\n" + row("place:x", "place", "", "X", "", "", "", "", "إكس", ""), "script"),
        (HEADER + "\n" + row("place:x", "place", "", "X", "", "", "", "", "", "Ex"), "script"),
    ],
)
def test_malformed_files_say_what_to_fix(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        Gazetteer.from_tsv(text, "mine.tsv")


def test_an_alias_of_two_entities_is_refused() -> None:
    text = "\n".join(
        [
            HEADER,
            row("place:a", "place", "", "A", "", "", "", "", "Twin", ""),
            row("place:b", "place", "", "B", "", "", "", "", "twin", ""),
        ]
    )
    with pytest.raises(FormatError, match="'twin' of place:b is also an alias of place:a"):
        Gazetteer.from_tsv(text)
    with pytest.raises(FormatError, match="defined twice"):
        Gazetteer.from_tsv("\n".join([HEADER] + [row("place:a", "place", *[""] * 8)] * 2))


def test_load_a_user_file_on_top_of_the_packaged_one(tmp_path: Path) -> None:
    mine = tmp_path / "mine.tsv"
    mine.write_text(
        "\n".join(
            [
                HEADER,
                row("place:fallujah", "place", "", "", "", "", "", "", "Fallooja", ""),
                row("place:qasr", "place", "village", "Qasr Blorp", "قصر بلورب", "IQ", *[""] * 4),
            ]
        ),
        encoding="utf-8",
    )
    gaz = load_gazetteer(mine)
    assert len(gaz) == len(gazetteer()) + 1
    assert [e.id for e in link("Fallooja and Qasr Blorp", gazetteer=gaz)] == [
        "place:fallujah",
        "place:qasr",
    ]
    assert link("Fallooja") == []  # the packaged gazetteer is unchanged
    alone = load_gazetteer(mine, packaged=False)
    assert alone.ids() == ["place:fallujah", "place:qasr"]
    with pytest.raises(FormatError, match="cannot read gazetteer file"):
        load_gazetteer(tmp_path / "missing.tsv")
    clash = tmp_path / "clash.tsv"
    clash.write_text(HEADER + "\n" + row("place:isis", "actor", *[""] * 8), encoding="utf-8")
    with pytest.raises(FormatError, match="disagree"):
        load_gazetteer(clash)


def test_the_packaged_file_is_tidy() -> None:
    text = files("undertow.entities").joinpath("gazetteer.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    assert rows[0] == list(COLUMNS)
    for cells in rows[1:]:
        assert cells == [c.strip() for c in cells], cells[0]
        assert not any(c.endswith(";") for c in cells), cells[0]
        for column in (8, 9):
            aliases = cells[column].split(" | ") if cells[column] else []
            assert all(a and a == a.strip() for a in aliases), cells[0]
            assert len(aliases) == len(set(aliases)), cells[0]


# -- the build tool ------------------------------------------------------------------------


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "build_gazetteer", ROOT / "tools" / "build_gazetteer.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_tool_adds_reviewed_aliases_to_a_copy(tmp_path: Path) -> None:
    tool = _tool()
    copy = tmp_path / "gazetteer.tsv"
    original = tool.GAZETTEER.read_text(encoding="utf-8")
    copy.write_text(original, encoding="utf-8")
    tool.GAZETTEER = copy
    reviewed = tmp_path / "reviewed.tsv"
    reviewed.write_text("# id\talias\nplace:fallujah\tFallooja\t99454\n", encoding="utf-8")
    tool.main(["add", str(reviewed)])
    after = copy.read_text("utf-8").split("\n")
    changed = [(a, b) for a, b in zip(original.split("\n"), after, strict=True) if a != b]
    assert len(changed) == 1 and changed[0][1].startswith("place:fallujah\t")
    assert changed[0][1].split("\t")[8].endswith(" | Fallooja")
    reviewed.write_text("place:nowhere\tX\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="unknown id 'place:nowhere'"):
        tool.main(["add", str(reviewed)])
