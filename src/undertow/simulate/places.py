"""The fictional towns of the simulated world as a gazetteer extension (``gazetteer.tsv``).

The simulator's events happen at the demo world's fictional towns, which the packaged
gazetteer does not know. The simulator writes them, with their English and Arabic spellings,
as a gazetteer file into the workspace and names it in the workspace's metadata
(``"gazetteer": "gazetteer.tsv"``), so that ``undertow measure`` counts the mentions of each
event's town through the same entity linker it uses on real data.
"""

from __future__ import annotations

from functools import cache

from undertow.demo.world import PLACES

FILENAME = "gazetteer.tsv"
_COLUMNS = ("id", "kind", "subkind", "name", "name_ar", "country", "lat", "lon", "aliases_en",
            "aliases_ar")  # fmt: skip


def gazetteer_tsv() -> str:
    """Return the TSV of the demo world's towns and region (fictional, for simulations)."""
    lines = [
        "# Fictional places of the undertow demo world (synthetic data only).",
        "\t".join(_COLUMNS),
    ]
    for p in PLACES.values():
        lines.append(
            "\t".join(
                (
                    f"place:{p.key}",
                    "place",
                    "town" if p.kind == "town" else "region",
                    p.en[0],
                    p.ar[0],
                    "",
                    "",
                    "",
                    " | ".join(p.en[1:]),
                    " | ".join(p.ar[1:]),
                )
            )
        )
    return "\n".join(lines) + "\n"


@cache
def sim_gazetteer():  # -> undertow.entities.Gazetteer
    """Return the packaged gazetteer extended with the fictional towns (built once)."""
    from undertow.entities.gazetteer import Gazetteer, gazetteer, read_rows

    return Gazetteer([*gazetteer(), *read_rows(gazetteer_tsv(), FILENAME)])
