"""Streamed ``measure(ws)`` against the in-memory ``analyse`` on the same posts and labels."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undertow.corrections import set_label
from undertow.errors import InputError
from undertow.events import Event
from undertow.measure import stream
from undertow.measure.counter import DayCounter
from undertow.measure.daily import COUNT_KEYS, day_table, post_flags
from undertow.measure.mentions import MentionIndex
from undertow.measure.run import analyse, compute, measure, workspace_gazetteer
from undertow.measure.table import with_post_rows
from undertow.post import POST_SCHEMA
from undertow.simulate import SCENARIOS
from undertow.store import ANNOTATION_SCHEMA, FolderWriter, label_keys, read_labels, read_posts
from undertow.workspace import Workspace, new_id

SIM_SEED = 2
_DEFAULT = SCENARIOS["default"]
SMALL = replace(
    _DEFAULT,
    name="small",
    days=120,
    events=_DEFAULT.events[:2],
    shifts=tuple(s for s in _DEFAULT.shifts if s.event <= 2),
    stances={
        "supporter": replace(_DEFAULT.stances["supporter"], volume=12.0),
        "official": replace(_DEFAULT.stances["official"], volume=3.0),
    },
)


def _post_rows(posts: pa.Table, batch: str) -> pa.Table:
    """The simulator's posts as rows of the stored posts schema."""
    n = posts.num_rows
    cols = {name: posts[name] for name in ("id", "source", "stance", "native_id", "author",
                                           "created_at", "lang", "text")}  # fmt: skip
    strings = pa.array([f"r{i}" for i in range(n)])
    cols.update(
        time_precision=pa.array(["second"] * n),
        thread=pa.nulls(n, pa.string()),
        reply_to=pa.nulls(n, pa.string()),
        text_hash=strings,
        batch=pa.array([batch] * n),
        file=pa.array(["sim.jsonl"] * n),
        record=strings,
        format=pa.array(["jsonl"] * n),
        extra=pa.nulls(n, pa.string()),
    )
    return pa.table(cols).select(POST_SCHEMA.names).cast(POST_SCHEMA)


def _write(ws: Workspace, root: Path, schema: pa.Schema, table: pa.Table, parts: int) -> None:
    writer = FolderWriter(ws, root, new_id("b" if root == ws.posts_dir else "r"), schema)
    step = -(-table.num_rows // parts)
    for start in range(0, table.num_rows, step):
        writer.write(table.slice(start, step))
    writer.commit()


@pytest.fixture(scope="module")
def sim(tmp_path_factory) -> tuple[Workspace, list[Event]]:
    """A simulated workspace written straight to Parquet, with a few awkward rows and
    analyst corrections on top."""
    from undertow.simulate.generate import ANALYZER, build
    from undertow.simulate.places import FILENAME, gazetteer_tsv

    data = build(SIM_SEED, SMALL)
    ws = Workspace.create(tmp_path_factory.mktemp("stream") / "ws")
    posts = data.posts
    # a few untimed posts, one of them labelled
    extra = posts.slice(0, 3).to_pylist()
    for i, row in enumerate(extra):
        row.update(id=f"sim-forum:untimed-{i}", native_id=f"untimed-{i}", created_at=None)
    posts = pa.concat_tables([posts, pa.Table.from_pylist(extra, schema=posts.schema)])
    labels = data.labels.select(["post_id", "analyzer", "label", "score", "spans", "detail"])
    odd = [  # odd details, a label of another analyzer, a label of no post
        ("sim-forum:untimed-0", ANALYZER, "despair", None),
        (posts["id"][5].as_py(), ANALYZER, "failure_analysis", "not json"),
        (posts["id"][6].as_py(), ANALYZER, "failure_analysis", '{"causes": "siege"}'),
        (posts["id"][6].as_py(), ANALYZER, "failure_analysis",
         '{"causes": ["air_power", "aliens", 3]}'),
        (posts["id"][7].as_py(), "other.analyzer@1", "despair", None),
        ("sim-forum:no-such-post", ANALYZER, "worry", None),
    ]  # fmt: skip
    rows = [{"post_id": p, "analyzer": a, "label": lab, "score": 0.9, "spans": [[0, 1]],
             "detail": d} for p, a, lab, d in odd]  # fmt: skip
    labels = pa.concat_tables([labels, pa.Table.from_pylist(rows, schema=labels.schema)])
    with ws.write_lock():
        for source in sorted(set(posts["source"].to_pylist())):
            part = posts.filter(pc.equal(posts["source"], source))
            _write(ws, ws.posts_dir, POST_SCHEMA, _post_rows(part, "b-sim"), parts=3)
        ann = labels.append_column("run", pa.array(["r-sim"] * labels.num_rows))
        _write(ws, ws.annotations_dir, ANNOTATION_SCHEMA, ann.select(ANNOTATION_SCHEMA.names), 4)
    (ws.path / FILENAME).write_text(gazetteer_tsv(), encoding="utf-8")
    ws.update_meta(label_source=ANALYZER, synthetic=True, gazetteer=FILENAME)
    labelled = labels.filter(pc.equal(labels["label"], "despair"))["post_id"].to_pylist()
    set_label(ws, labelled[0], "despair", present=False, analyst="alice")
    set_label(ws, posts["id"][9].as_py(), "triumphalism", present=True, analyst="bob")
    set_label(ws, posts["id"][10].as_py(), "failure_analysis", present=True, analyst="bob",
              detail={"causes": ["betrayal"]})  # fmt: skip
    return ws, data.events


def _in_memory(ws: Workspace, events: list[Event] | None) -> dict:
    """What ``measure`` returned before it streamed: whole tables through ``analyse``."""
    keys = label_keys(ws)
    posts = read_posts(ws, columns=["id", "source", "stance", "created_at", "text"])
    meta = {"workspace": ws.name, "label_source": keys, "synthetic": True,
            "events_source": None}  # fmt: skip
    return analyse(posts, read_labels(ws, keys), events, gazetteer=workspace_gazetteer(ws),
                   meta=meta).result  # fmt: skip


def _same(a: dict, b: dict) -> bool:
    return json.dumps(a, sort_keys=True, allow_nan=False) == json.dumps(b, sort_keys=True)


@pytest.mark.slow
def test_streamed_measure_gives_the_json_of_the_in_memory_path(sim, monkeypatch, tmp_path):
    ws, events = sim
    monkeypatch.setattr(stream, "BATCH_ROWS", 97)  # many batches, each day in several
    spill = tmp_path / "spill"
    spill.mkdir()
    streamed = measure(ws, events=events, spill_dir=spill)
    expected = _in_memory(ws, events)
    assert _same(streamed, expected)
    assert list(spill.iterdir()) == []  # the spill folder is removed afterwards
    meta = streamed["meta"]
    assert meta["posts"] == 1659 + 3 and meta["untimed"] == 3
    mentions = [r for r in streamed["events"] if r["measure"] == "place_mentions"]
    assert mentions and all(r["place_match"] == "entity" for r in mentions)
    assert sum(r["k_after"] for r in mentions) > 0


@pytest.mark.slow
def test_streamed_measure_without_events_and_with_other_options(sim):
    ws, _ = sim
    streamed = measure(ws, freq="day", window=7, min_n=5, seed=4)
    keys = label_keys(ws)
    posts = read_posts(ws, columns=["id", "source", "stance", "created_at"])
    expected = compute(posts, read_labels(ws, keys), freq="day", window=7, min_n=5, seed=4)
    for key in ("series", "events", "placebo", "changepoints", "gap", "official_volume"):
        assert streamed[key] == expected[key], key
    assert streamed["meta"]["posts"] == expected["meta"]["posts"]


def test_an_empty_workspace_measures_to_the_empty_result(tmp_path):
    ws = Workspace.create(tmp_path / "empty")
    ws.update_meta(label_source="nobody@1")
    event = Event(date(2016, 1, 10), "Palmyra (Tadmur)")
    streamed = measure(ws, events=[event])
    empty = compute(POST_SCHEMA.empty_table(), ANNOTATION_SCHEMA.empty_table(), [event])
    for key in ("series", "events", "changepoints", "gap", "events_outside"):
        assert streamed[key] == empty[key], key
    assert streamed["meta"]["posts"] == 0 and streamed["meta"]["first"] is None


def test_a_bad_memory_limit_or_spill_folder_says_what_to_give(sim, tmp_path):
    ws, _ = sim
    with pytest.raises(InputError, match="'1GB'"):
        measure(ws, memory_limit="lots")
    with pytest.raises(InputError, match="create it"):
        measure(ws, spill_dir=tmp_path / "nowhere")


def test_the_streamed_day_table_and_mentions_are_those_of_the_whole_tables(sim):
    ws, events = sim
    keys, places = label_keys(ws), [e.place for e in events]
    got = stream.stream_workspace(ws, keys, places=places, gazetteer=workspace_gazetteer(ws),
                                  batch_rows=128)  # fmt: skip
    posts = read_posts(ws, columns=["id", "source", "stance", "created_at", "text"])
    whole = day_table(posts, with_post_rows(posts, read_labels(ws, keys)))
    assert (got.table.day0, got.table.days, got.table.untimed) == (
        whole.day0, whole.days, whole.untimed)  # fmt: skip
    assert (got.table.pair_stance, got.table.pair_source) == (
        whole.pair_stance, whole.pair_source)  # fmt: skip
    assert set(got.table.counts) == set(COUNT_KEYS)  # the mention counts are kept apart
    assert int(got.table.counts["cause:other"].sum()) == 1  # the odd detail naming "aliens"
    for key in COUNT_KEYS:
        assert np.array_equal(got.table.counts[key], whole.counts[key]), key
    index = MentionIndex(posts, whole, gazetteer=workspace_gazetteer(ws))
    assert got.mentions is not None
    for event in events:
        for stance in whole.stances():
            (a, info_a), (b, info_b) = got.mentions.counts(event, stance), index.counts(
                event, stance)  # fmt: skip
            assert info_a == info_b and np.array_equal(a, b)
    assert sum(int(got.mentions.per_place[p].sum()) for p in places) > 0
    # a streamed table keeps no per-post arrays
    assert got.table.code.size == 0 and got.table.timed.size == 0 and got.posts == posts.num_rows
    with pytest.raises(InputError, match="per-post codes"):
        got.table.count_flags(np.ones(5, bool), "supporter")


# -- the counter: batches in any order and of any size give the one table ------------------
D0 = datetime(2016, 1, 4, tzinfo=UTC)


STRING3 = pa.schema([("post_id", pa.string()), ("label", pa.string()), ("detail", pa.string())])


def _posts(days: list[int | None], stances: list[int], labels: list[int]) -> tuple:
    n = len(days)
    times = [D0 + timedelta(days=d, hours=i % 24) if d is not None else None
             for i, d in enumerate(days)]  # fmt: skip
    stance = [("supporter", "official", None)[s % 3] for s in stances[:n]]
    source = [("a", "b", None)[(s // 3) % 3] for s in stances[:n]]
    posts = pa.table(
        {
            "id": pa.array([f"p{i}" for i in range(n)], pa.string()),
            "stance": pa.array(stance, pa.string()),
            "source": pa.array(source, pa.string()),
            "created_at": pa.array(times, pa.timestamp("us", tz="UTC")),
        }
    )
    names = ("despair", "defiance", "failure_analysis", "worry")
    rows = [(f"p{i}", names[v % 4]) for i, v in enumerate(labels[:n]) if v % 5 != 4]
    details = ['{"causes": ["siege"]}' if r[1] == "failure_analysis" else None for r in rows]
    lab = pa.table({"post_id": [r[0] for r in rows], "label": [r[1] for r in rows],
                    "detail": details}, schema=STRING3)  # fmt: skip
    return posts, lab


@settings(max_examples=40, deadline=None)
@given(
    days=st.lists(st.one_of(st.none(), st.integers(-40, 40)), min_size=1, max_size=60),
    stances=st.lists(st.integers(0, 8), min_size=60, max_size=60),
    labels=st.lists(st.integers(0, 20), min_size=60, max_size=60),
    cuts=st.lists(st.integers(0, 60), max_size=6),
    seed=st.integers(0, 1000),
)
def test_counting_in_batches_in_any_order_gives_the_one_table(days, stances, labels, cuts, seed):
    posts, lab = _posts(days, stances, labels)
    whole = day_table(posts, lab)
    flags = post_flags(posts, lab)
    order = np.random.default_rng(seed).permutation(posts.num_rows)
    bounds = sorted({0, posts.num_rows, *(c for c in cuts if c < posts.num_rows)})
    counter = DayCounter(COUNT_KEYS[1:])
    for lo, hi in itertools.pairwise(bounds):
        rows = order[lo:hi]
        part = posts.take(pa.array(rows))
        counter.add(part["stance"], part["source"], part["created_at"],
                    {k: v[rows] for k, v in flags.items()})  # fmt: skip
    got = counter.table()
    assert (got.day0, got.days, got.untimed) == (whole.day0, whole.days, whole.untimed)
    assert (got.pair_stance, got.pair_source) == (whole.pair_stance, whole.pair_source)
    assert got.counts.keys() == whole.counts.keys()
    for key, counts in whole.counts.items():
        assert np.array_equal(got.counts[key], counts), key
    # the per-post codes of the whole table point at the right cells
    if whole.days:
        n = np.bincount(whole.code, minlength=whole.counts["n"].size)
        assert np.array_equal(n.reshape(whole.counts["n"].shape), whole.counts["n"])


# -- real data -------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.shared
def test_fifth_tribe_streamed_equals_in_memory(tmp_path, shared):
    from undertow.analyzers.registry import load
    from undertow.ingest import ingest
    from undertow.runner import run_analyzer

    csv = shared.path("corpora", "fifthtribe_isis_twitter", "tweets.csv")
    ws = Workspace.create(tmp_path / "ws")
    ingest(ws, csv, source="fifthtribe", stance="supporter")
    for analyzer in load():
        run_analyzer(ws, analyzer)
    streamed = measure(ws, events="builtin:isis-territory")
    keys = label_keys(ws)
    posts = read_posts(ws, columns=["id", "source", "stance", "created_at", "text"])
    meta = {"workspace": ws.name, "label_source": keys, "synthetic": False,
            "events_source": "builtin:isis-territory"}  # fmt: skip
    expected = analyse(posts, read_labels(ws, keys), "builtin:isis-territory", meta=meta).result
    assert _same(streamed, expected)
    assert streamed["meta"]["posts"] == 17_410


def test_the_command_takes_the_memory_limit_and_the_spill_folder(sim, tmp_path):
    from click.testing import CliRunner

    from undertow.cli import main

    ws, _ = sim
    spill = tmp_path / "spill-cli"
    spill.mkdir()
    runner = CliRunner()
    res = runner.invoke(main, ["measure", str(ws.path), "--json", "--memory-limit", "256MB",
                               "--spill-dir", str(spill)])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["meta"]["posts"] == measure(ws)["meta"]["posts"]
    assert list(spill.iterdir()) == []
    res = runner.invoke(main, ["measure", str(ws.path), "--memory-limit", "lots"])
    assert res.exit_code != 0 and "'1GB'" in res.output
