"""Entity linking: places and actors named in a post, linked to canonical ids.

A gazetteer (``gazetteer.tsv``, packaged) lists places (countries, regions, cities, sites)
and actors (states, armies, militias, coalitions, the movement, its provinces and media), each
with a canonical id (``place:fallujah``, ``actor:pmu``), English and Arabic names and many
aliases: spellings, transliterations, hashtag forms, and the names each side uses for the
others ("Rafidah"/الروافض for the PMU, "Daesh"/داعش or "Dawla"/الدولة الإسلامية for the Islamic
State). No Arabic NER model exists offline, so :func:`link` is a gazetteer matcher: "Fallujah",
"Falluja", "#Fallujah", الفلوجة, الفلوجه and وبالفلوجة all link to ``place:fallujah``.

    >>> from undertow.entities import link
    >>> [(e.id, e.surface) for e in link("Fighting near Falluja and وبالفلوجة")]
    [('place:fallujah', 'Falluja'), ('place:fallujah', 'وبالفلوجة')]

How matching works and how to add aliases is described in ``docs/entities.md``.
"""

from __future__ import annotations

from undertow.entities.gazetteer import Alias, Gazetteer, Record, gazetteer, load_gazetteer
from undertow.entities.matcher import Entity, link

__all__ = ["Alias", "Entity", "Gazetteer", "Record", "gazetteer", "link", "load_gazetteer"]
