"""Generate a simulated corpus in memory: posts, planted labels, events and the truth.

Each day and stance: posts ~ negative binomial (mean from the scenario's volume path, shape
``dispersion``); each label rate gets an independent day effect on the logit scale (sd
``day_noise``), so posts of one day are more alike than posts of different days, as in real
data; each post then carries each label with its day's probability. Planted shifts are steps
in these paths from the shift's date on. Everything is drawn with ``numpy`` from the seed; only
the texts are joined in a loop over posts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
import pyarrow as pa

from undertow.analyzers.base import INCITEMENT_FORMS
from undertow.demo.world import PLACES
from undertow.errors import InputError
from undertow.events import Event
from undertow.simulate.scenario import Scenario, StanceSpec
from undertow.simulate.texts import (
    LABEL_ORDER,
    compose,
    mention_clause,
    phrase_pools,
    place_name,
)
from undertow.simulate.truth import day_paths, truth_dict

ANALYZER = "simulate.planted@1"
_US = 1_000_000
_LABEL_RATES = ("admission", "incitement", "consolation", "rebuke", "failure_analysis")


@dataclass(slots=True)
class SimData:
    """A simulated corpus: posts and labels as Arrow tables, the events and the truth."""

    posts: pa.Table
    labels: pa.Table
    events: list[Event]
    truth: dict


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _noisy(rate: np.ndarray, sd: float, rng: np.random.Generator) -> np.ndarray:
    """Day probabilities: ``rate`` with an independent logit-normal day effect."""
    if sd <= 0:
        return np.clip(rate, 0.0, 1.0)
    z = _logit(rate) + rng.normal(0.0, sd, rate.shape)
    return np.where(rate > 0, 1.0 / (1.0 + np.exp(-z)), 0.0)


def _events(sc: Scenario) -> list[Event]:
    return [
        Event(
            date=sc.start + timedelta(days=off),
            place=PLACES[key].name,
            type=etype,
            description=f"Simulated {'gain' if etype == 'isis_gain' else 'loss'} of "
            f"{PLACES[key].name} (fictional)",
            source="undertow.simulate (synthetic)",
        )
        for off, key, etype in sc.events
    ]


def _stance_posts(
    stance: str, spec: StanceSpec, paths: dict, sc: Scenario, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Draw the posts of one stance: day, source, author, time, language, label flags."""
    mu = paths["volume"]
    lam = rng.gamma(sc.dispersion, mu / sc.dispersion)
    n = rng.poisson(lam)
    day = np.repeat(np.arange(sc.days), n)
    total = day.size
    flags: dict[str, np.ndarray] = {}
    distress = _noisy(paths["distress"], sc.day_noise, rng)[day]
    is_distress = rng.random(total) < distress
    despair = rng.random(total) < spec.despair_part
    flags["despair"] = is_distress & despair
    flags["worry"] = is_distress & ~despair
    for label in ("defiance", "triumphalism", *_LABEL_RATES):
        rate = np.full(sc.days, getattr(spec, label))
        flags[label] = rng.random(total) < _noisy(rate, sc.day_noise, rng)[day]
    shares = np.array([s[1] for s in spec.sources])
    src = rng.choice(len(spec.sources), size=total, p=shares / shares.sum())
    author = np.zeros(total, dtype=np.int64)
    for i, (_, _, authors) in enumerate(spec.sources):
        sel = src == i
        weights = 1.0 / np.arange(1, authors + 1)  # Zipf: a few authors write most posts
        author[sel] = rng.choice(authors, size=int(sel.sum()), p=weights / weights.sum())
    seconds = rng.integers(0, 86_400, total)
    # a post names the last event's town (the transient), or rarely a random town
    event_mention = rng.random(total) < paths["mention_event"][day]
    place = np.where(
        event_mention, paths["mention_place"][day], rng.integers(0, len(sc.events), total)
    )
    mention = event_mention | (rng.random(total) < paths["mention_base"][day])
    return {
        "day": day,
        "source": src,
        "author": author,
        "seconds": seconds,
        "arabic": rng.random(total) < spec.arabic,
        "mention": mention,
        "mention_place": place,
        "pick": rng.integers(0, 1 << 30, (total, len(LABEL_ORDER) + 3)),
        **{f"label:{k}": v for k, v in flags.items()},
    }


def _texts(
    d: dict[str, np.ndarray], pools: dict, place_keys: list[str]
) -> tuple[list[str], list[tuple[int, str, int, int, dict | None]]]:
    """Compose every post's text; return the texts and the label rows (post, label, span)."""
    total = d["day"].size
    flags = [d[f"label:{label}"].tolist() for label in LABEL_ORDER]
    picks = d["pick"].tolist()
    arabic = d["arabic"].tolist()
    mention = d["mention"].tolist()
    mention_place = d["mention_place"].tolist()
    forms = [f"incitement:{f}" for f in INCITEMENT_FORMS]
    texts: list[str] = []
    rows: list[tuple[int, str, int, int, dict | None]] = []
    for i in range(total):
        lang = "ar" if arabic[i] else "en"
        pick = picks[i]
        parts: list[tuple[str | None, str]] = []
        details: dict[str, dict | None] = {}
        for li, label in enumerate(LABEL_ORDER):
            if not flags[li][i]:
                continue
            key = forms[pick[li] % len(forms)] if label == "incitement" else label
            pool = pools[(lang, key)]
            phrase = pool[pick[li] % len(pool)]
            parts.append((label, phrase.text))
            details[label] = phrase.detail
        if mention[i]:
            name = place_name(place_keys[mention_place[i]], lang, pick[-1])
            parts.append((None, mention_clause(lang, name, pick[-2])))
        if not details:
            none = pools[(lang, "none")]
            parts.insert(0, (None, none[pick[-3] % len(none)].text))
        text, spans = compose(parts)
        texts.append(text)
        rows.extend((i, label, a, b, details[label]) for label, a, b in spans)
    return texts, rows


def build(seed: int, scenario: Scenario) -> SimData:
    """Generate the corpus of one seed and scenario (deterministic for both)."""
    late = [off for off, _, _ in scenario.events if not 0 <= off < scenario.days]
    if late:
        raise InputError(
            f"Scenario {scenario.name!r} has events outside its {scenario.days} days (day "
            f"{late[0]}); give it more days or earlier events."
        )
    rng = np.random.default_rng([seed, 20161])
    events = _events(scenario)
    paths, shifts = day_paths(scenario, events, rng)
    pools = phrase_pools(seed)
    place_keys = [key for _, key, _ in scenario.events]
    t0 = datetime(scenario.start.year, scenario.start.month, scenario.start.day, tzinfo=UTC)
    start_us = int(t0.timestamp()) * _US
    tables: list[pa.Table] = []
    label_tables: list[pa.Table] = []
    for stance, spec in scenario.stances.items():
        d = _stance_posts(stance, spec, paths[stance], scenario, rng)
        micros = (d["day"] * 86_400 + d["seconds"]) * _US
        order = np.argsort(micros, kind="stable")
        d = {k: v[order] for k, v in d.items()}
        texts, rows = _texts(d, pools, place_keys)
        total = len(texts)
        names = [src for src, _, _ in spec.sources]
        source = [names[k] for k in d["source"].tolist()]
        native = [f"{stance[:3]}-{j:06d}" for j in range(total)]
        ids = [f"{src}:{n}" for src, n in zip(source, native, strict=True)]
        author = [f"{src}-author-{a:03d}" for src, a in zip(source, d["author"].tolist(),
                                                             strict=True)]  # fmt: skip
        tables.append(
            pa.table(
                {
                    "id": pa.array(ids, pa.string()),
                    "native_id": pa.array(native, pa.string()),
                    "source": pa.array(source, pa.string()),
                    "stance": pa.array([stance] * total, pa.string()),
                    "author": pa.array(author, pa.string()),
                    "created_at": pa.array(micros[order] + start_us).cast(
                        pa.timestamp("us", tz="UTC")
                    ),
                    "lang": pa.array(np.where(d["arabic"], "ar", "en").tolist(), pa.string()),
                    "text": pa.array(texts, pa.string()),
                }
            )
        )
        labelled = np.zeros(total, dtype=bool)
        post_rows = np.asarray([r[0] for r in rows], dtype=np.int64)
        labelled[post_rows] = True
        bare = np.flatnonzero(~labelled)  # coded, no label: one row with a null label
        id_arr = pa.array(ids, pa.string())
        label_tables.append(
            pa.table(
                {
                    "post_id": id_arr.take(pa.array(np.concatenate([post_rows, bare]))),
                    "label": pa.array([r[1] for r in rows] + [None] * bare.size, pa.string()),
                    "score": pa.array([1.0] * len(rows) + [None] * bare.size, pa.float64()),
                    "spans": pa.array(
                        [[[r[2], r[3]]] for r in rows] + [None] * bare.size,
                        pa.list_(pa.list_(pa.int32())),
                    ),
                    "detail": pa.array(
                        [None if r[4] is None else _json(r[4]) for r in rows] + [None] * bare.size,
                        pa.string(),
                    ),
                }
            )
        )
    posts = pa.concat_tables(tables)
    labels = pa.concat_tables(label_tables)
    labels = labels.append_column("analyzer", pa.array([ANALYZER] * labels.num_rows, pa.string()))
    truth = truth_dict(scenario, seed, events, shifts, posts.num_rows)
    return SimData(posts, labels, events, truth)


def _json(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
