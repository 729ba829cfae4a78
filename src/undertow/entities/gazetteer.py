"""The gazetteer: places and actors with their canonical names and English and Arabic aliases.

The packaged gazetteer is ``gazetteer.tsv`` beside this module, read once per process by
:func:`gazetteer`. A file of the same layout (UTF-8, tab-separated, ``#`` starts a comment
line, a header line naming the columns)::

    id  kind  subkind  name  name_ar  country  lat  lon  aliases_en  aliases_ar

can be read with :func:`load_gazetteer`, on its own or on top of the packaged one (rows with an
id already known add aliases to it). Aliases are separated by ``" | "``; flag characters
before an alias change how it matches (see :data:`FLAGS` and ``docs/entities.md``). The
canonical names are aliases too, unless they contain a parenthesis or the alias list repeats
them with flags (the flagged spelling wins: ``Hit`` is listed as ``=~Hit``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files
from pathlib import Path

from undertow.entities.patterns import ascii_fold, is_arabic, key
from undertow.errors import FormatError
from undertow.text.normalize import normalize

__all__ = ["COLUMNS", "FLAGS", "Alias", "Gazetteer", "Record", "gazetteer", "load_gazetteer"]

COLUMNS = (
    "id", "kind", "subkind", "name", "name_ar", "country", "lat", "lon", "aliases_en", "aliases_ar",
)  # fmt: skip
#: Flag character -> meaning. ``=`` case-sensitive (Latin), ``~`` needs a context cue (a place
#: word or preposition next to it, or the alias as a whole hashtag), ``#`` only as a whole
#: hashtag, ``@`` the movement's own vocabulary, ``!`` the name its opponents use for it.
FLAGS = {
    "=": "case_sensitive",
    "~": "context",
    "#": "hashtag_only",
    "@": "movement",
    "!": "hostile",
}
KINDS = ("place", "actor")


@dataclass(frozen=True, slots=True)
class Alias:
    """One spelling of an entity's name and how it may match."""

    text: str
    lang: str  # "ar" for Arabic script, "en" for Latin script
    case_sensitive: bool = False
    context: bool = False
    hashtag_only: bool = False
    register: str = ""  # "", "movement" or "hostile"

    @property
    def key(self) -> str:
        """The lookup key (analysis text without separators and apostrophes)."""
        return key(self.text)


@dataclass(frozen=True, slots=True)
class Record:
    """One entity of the gazetteer."""

    id: str
    kind: str
    subkind: str
    name: str
    name_ar: str
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    aliases: tuple[Alias, ...] = ()


def parse_alias(raw: str) -> Alias:
    """Read one alias with its leading flag characters (``"=~Hit"``, ``"@الروافض"``)."""
    flags = set()
    text = raw.strip()
    while text and text[0] in FLAGS:
        flags.add(FLAGS[text[0]])
        text = text[1:]
    text = text.strip()
    register = "movement" if "movement" in flags else "hostile" if "hostile" in flags else ""
    return Alias(
        text=text,
        lang="ar" if is_arabic(text) else "en",
        case_sensitive="case_sensitive" in flags,
        context="context" in flags,
        hashtag_only="hashtag_only" in flags,
        register=register,
    )


def _canonical(name: str) -> str | None:
    return None if not name or "(" in name else name


def _aliases(name: str, name_ar: str, listed: Iterable[Alias]) -> tuple[Alias, ...]:
    """Listed aliases, accent-folded variants, and canonical names not listed.

    Unique by analysis text: spellings that differ only in separators ("Deir Ezzor",
    "Deirezzor") are kept apart, since each is a pattern of its own. A canonical name whose
    key is already listed takes the listed flags (``Hit`` is listed as ``=~Hit``).
    """
    out: dict[str, Alias] = {}
    keys: set[str] = set()
    for alias in listed:
        variants = [alias]
        folded = ascii_fold(alias.text)
        if alias.lang == "en" and folded != alias.text:
            variants.append(replace(alias, text=folded))
        for variant in variants:
            if variant.key:
                out.setdefault(normalize(variant.text), variant)
                keys.add(variant.key)
    for canon in (_canonical(name), _canonical(name_ar)):
        if canon and key(canon) and key(canon) not in keys:
            out.setdefault(normalize(canon), parse_alias(canon))
    return tuple(out.values())


class Gazetteer:
    """Entities by id, in file order; iterating yields :class:`Record` objects."""

    def __init__(self, records: Iterable[Record]) -> None:
        self._records: dict[str, Record] = {}
        self._by_key: dict[str, tuple[str, Alias]] = {}
        for record in records:
            self._add(record)

    def _add(self, record: Record) -> None:
        if record.id in self._records:
            raise FormatError(f"entity {record.id!r} is defined twice; merge the two rows")
        for alias in record.aliases:
            other = self._by_key.get(alias.key)
            if other is not None and other[0] != record.id:
                raise FormatError(
                    f"alias {alias.text!r} of {record.id} is also an alias of {other[0]} "
                    f"(as {other[1].text!r}); keep it on one entity or make it longer"
                )
            self._by_key.setdefault(alias.key, (record.id, alias))  # the first spelling leads
        self._records[record.id] = record

    def __getitem__(self, entity_id: str) -> Record:
        try:
            return self._records[entity_id]
        except KeyError:
            raise KeyError(f"no entity {entity_id!r} in the gazetteer") from None

    def get(self, entity_id: str) -> Record | None:
        """The record of ``entity_id``, or None."""
        return self._records.get(entity_id)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._records

    def __iter__(self) -> Iterator[Record]:
        return iter(self._records.values())

    def __len__(self) -> int:
        return len(self._records)

    def ids(self, kind: str | None = None) -> list[str]:
        """Entity ids in file order, optionally only of one kind (``"place"`` or ``"actor"``)."""
        return [r.id for r in self if kind is None or r.kind == kind]

    def aliases(self, entity_id: str) -> tuple[Alias, ...]:
        """The aliases of ``entity_id`` (canonical names included)."""
        return self[entity_id].aliases

    def lookup(self, name: str) -> Record | None:
        """The entity with an alias spelled ``name`` (up to case, separators, harakat), or None.

        Exact lookup, without proclitics or spelling flexibility; use
        :func:`undertow.entities.link` on running text.
        """
        hit = self._by_key.get(key(name))
        return self._records[hit[0]] if hit else None

    def alias_for_key(self, alias_key: str) -> tuple[Record, Alias] | None:
        """The record and alias whose key is ``alias_key`` (see :func:`patterns.key`), or None."""
        hit = self._by_key.get(alias_key)
        return (self._records[hit[0]], hit[1]) if hit else None

    def matches(self, entity_id: str, surface: str) -> bool:
        """Whether ``surface`` is a spelling of ``entity_id`` that :func:`link` can match.

        ``surface`` may carry Arabic proclitics (و ف ب ك ل, with or before the article) and the
        spelling freedoms of the alias patterns (separators, transliterated article, apostrophes).
        Flags (case, context) are not checked.
        """
        from undertow.entities.matcher import surface_matches

        return surface_matches(self[entity_id], surface)

    @classmethod
    def from_tsv(cls, text: str, origin: str = "<gazetteer>") -> Gazetteer:
        """Read a gazetteer from the text of a TSV file (see the module docstring)."""
        return cls(read_rows(text, origin))


def _coordinate(value: str, origin: str, lineno: int) -> float | None:
    if not value.strip():
        return None
    try:
        return float(value)
    except ValueError:
        raise FormatError(
            f"{origin}, line {lineno}: coordinate {value!r} is not a number; "
            "write decimal degrees (33.35) or leave it empty"
        ) from None


def read_rows(text: str, origin: str = "<gazetteer>") -> list[Record]:
    """Parse gazetteer TSV text into records; raises FormatError naming the bad line."""
    records: list[Record] = []
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(c.strip() for c in cells) != COLUMNS:
                raise FormatError(
                    f"{origin}, line {lineno}: expected the header {' '.join(COLUMNS)} "
                    "(tab-separated); add it as the first line that is not a comment"
                )
            header_seen = True
            continue
        if len(cells) != len(COLUMNS):
            raise FormatError(
                f"{origin}, line {lineno}: {len(cells)} columns instead of {len(COLUMNS)}; "
                "separate the columns with one tab each and leave empty cells empty"
            )
        row = dict(zip(COLUMNS, (c.strip() for c in cells), strict=True))
        kind = row["id"].split(":", 1)[0]
        if kind not in KINDS or kind != row["kind"] or ":" not in row["id"]:
            raise FormatError(
                f"{origin}, line {lineno}: id {row['id']!r} and kind {row['kind']!r} disagree; "
                "write ids as place:name or actor:name with the kind place or actor"
            )
        listed = []
        for column, lang in (("aliases_en", "en"), ("aliases_ar", "ar")):
            for raw in row[column].split(" | "):
                if not raw.strip():
                    continue
                alias = parse_alias(raw)
                if alias.lang != lang or not alias.text:
                    raise FormatError(
                        f"{origin}, line {lineno}: alias {raw.strip()!r} is not in the script "
                        f"of the column {column}; move it to the other alias column"
                    )
                listed.append(alias)
        records.append(
            Record(
                id=row["id"],
                kind=kind,
                subkind=row["subkind"],
                name=row["name"],
                name_ar=row["name_ar"],
                country=row["country"],
                lat=_coordinate(row["lat"], origin, lineno),
                lon=_coordinate(row["lon"], origin, lineno),
                aliases=_aliases(row["name"], row["name_ar"], listed),
            )
        )
    if not header_seen:
        raise FormatError(f"{origin}: no header line; start the file with {' '.join(COLUMNS)}")
    return records


def _merge(base: Record, extra: Record) -> Record:
    if extra.kind != base.kind:
        raise FormatError(
            f"entity {base.id} is a {base.kind} in the gazetteer but a {extra.kind} in your file; "
            "give your entity another id"
        )
    seen = {a.key for a in base.aliases}
    added = tuple(a for a in extra.aliases if a.key not in seen)
    return replace(base, aliases=base.aliases + added)


def load_gazetteer(*paths: str | Path, packaged: bool = True) -> Gazetteer:
    """Read gazetteer TSV files, by default on top of the packaged gazetteer.

    A row whose id is already known adds its aliases to that entity (its other columns are
    ignored); a new id adds an entity. Raises FormatError for a malformed file or an alias
    claimed by two entities.
    """
    records: dict[str, Record] = {}
    sources: list[tuple[str, str]] = []
    if packaged:
        sources.append((_packaged_text(), "gazetteer.tsv (packaged)"))
    for path in paths:
        try:
            sources.append((Path(path).read_text(encoding="utf-8"), str(path)))
        except OSError as exc:
            raise FormatError(f"cannot read gazetteer file {path}: {exc}; check the path") from None
    for text, origin in sources:
        for record in read_rows(text, origin):
            base = records.get(record.id)
            records[record.id] = record if base is None else _merge(base, record)
    return Gazetteer(records.values())


def _packaged_text() -> str:
    return files("undertow.entities").joinpath("gazetteer.tsv").read_text(encoding="utf-8")


@cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer (read once per process)."""
    return Gazetteer.from_tsv(_packaged_text(), "gazetteer.tsv (packaged)")
