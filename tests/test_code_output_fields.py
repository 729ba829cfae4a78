"""The ``supporter`` and ``entities`` fields of coded posts: code_posts, code_file, ``code``."""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from undertow.analyzers.base import PostView
from undertow.cli import main
from undertow.embed import DIM
from undertow.entities import gazetteer, link
from undertow.model.artifact import Artifact
from undertow.model.coding import Coder, code_file, code_posts, default_coder
from undertow.supporter import default_model
from undertow.supporter.text import prepare

GAZ = gazetteer()
MIXED = "Clashes near Falluja; الحشد الرافضي يتقدم نحو #الفلوجة"
POSTS = [
    {"id": "a", "text": MIXED},
    {"id": "b", "text": "الدولة الإسلامية باقية وتتمدد بإذن الله", "stance": "observer"},
    {"id": "c", "text": "صباح الخير يا أصدقاء، الجو جميل اليوم", "stance": "supporter"},
    {"id": "d", "text": "Our soldiers destroyed three tanks near Ramadi.", "stance": "supporter"},
]


def fake_embed(texts: Sequence[str]) -> np.ndarray:
    """Deterministic unit vectors, one a text: the coder runs without the embedding model."""
    out = np.empty((len(texts), DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        v = np.random.default_rng(zlib.crc32(text.encode("utf-8"))).standard_normal(DIM)
        out[i] = v / np.linalg.norm(v)
    return out


class SpySupporter:
    """Stands in for a supporter model and records what the coder passes it."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], np.ndarray | None]] = []

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray | None = None):
        self.calls.append((list(texts), embeddings))
        return np.linspace(0.1, 0.9, len(texts))


@pytest.fixture(scope="module")
def fast_coder() -> Coder:
    return Coder(Artifact.load(), embed_fn=fake_embed, supporter=default_model())


def _views(posts: list[dict]) -> list[PostView]:
    return [PostView(p["id"], p["text"], p.get("lang", "en"), p.get("stance")) for p in posts]


def test_supporter_is_the_supporter_models_probability_even_with_a_stance() -> None:
    out = code_posts(POSTS)
    expected = default_model().predict_proba([p["text"] for p in POSTS])
    assert [r["supporter"] for r in out] == [float(p) for p in expected]
    assert all(isinstance(r["supporter"], float) and 0 <= r["supporter"] <= 1 for r in out)
    by_id = {r["id"]: r for r in out}
    # the given stance does not replace the model's view: an "observer" writing the
    # movement's slogan reads as a supporter's post, a "supporter"'s greeting does not
    assert by_id["b"]["supporter"] > 0.5 > by_id["c"]["supporter"]


def test_supporter_is_null_when_the_model_would_read_no_letter(fast_coder: Coder) -> None:
    texts = ["https://t.co/abc @someone", "RT @x: 😀 123", "", "#Mosul https://t.co/abc"]
    out = fast_coder.code([PostView(str(i), t, "en") for i, t in enumerate(texts)])
    assert [r["supporter"] is None for r in out] == [True, True, True, False]
    assert out[3]["entities"] == [{"id": "place:mosul", "kind": "place", "span": [1, 6]}]


def test_default_coder_loads_the_supporter_model_once() -> None:
    assert default_coder().supporter is default_model()
    assert default_coder() is default_coder()


def test_supporter_gets_the_coders_embeddings_and_nothing_is_embedded_twice() -> None:
    calls: list[list[str]] = []

    def counting_embed(texts: Sequence[str]) -> np.ndarray:
        calls.append(list(texts))
        return fake_embed(texts)

    spy = SpySupporter()
    coder = Coder(Artifact.load(), embed_fn=counting_embed, supporter=spy)
    views = _views(POSTS)
    out = coder.code(views)
    texts = [p["text"] for p in POSTS]
    assert calls[0] == texts and calls.count(texts) == 1
    assert len(spy.calls) == 1 and spy.calls[0][0] == texts
    assert spy.calls[0][1] is not None and np.array_equal(spy.calls[0][1], fake_embed(texts))
    assert [r["supporter"] for r in out] == pytest.approx(list(np.linspace(0.1, 0.9, 4)))
    given_e = fake_embed(texts)
    spy.calls.clear()
    coder.code(views, embeddings=given_e)
    assert spy.calls[0][1] is given_e


def test_without_a_supporter_model_supporter_is_null() -> None:
    coder = Coder(Artifact.load(), embed_fn=fake_embed)
    out = coder.code(_views(POSTS))
    assert [r["supporter"] for r in out] == [None] * len(POSTS)
    assert out[0]["entities"]  # entities need no model


def test_supporter_does_not_depend_on_the_batch(fast_coder: Coder) -> None:
    views = _views(POSTS)
    together = [r["supporter"] for r in fast_coder.code(views)]
    alone = [fast_coder.code([v])[0]["supporter"] for v in views]
    assert together == alone


def test_entities_one_entry_a_mention_in_order(fast_coder: Coder) -> None:
    out = fast_coder.code(_views(POSTS[:1]))[0]
    assert out["entities"] == [
        {"id": "place:fallujah", "kind": "place", "span": [13, 20]},
        {"id": "actor:pmu", "kind": "actor", "span": [22, 35]},
        {"id": "place:fallujah", "kind": "place", "span": [47, 54]},
    ]
    assert [MIXED[s:e] for s, e in (x["span"] for x in out["entities"])] == [
        "Falluja",
        "الحشد الرافضي",
        "الفلوجة",
    ]
    none = fast_coder.code(_views([{"id": "x", "text": "blorp zint qwv"}]))[0]
    assert none["entities"] == []


# -- spans index the original text -----------------------------------------------------------

ALIASES = [(r.id, a.text) for r in GAZ for a in r.aliases]
# Noise that normalisation changes or removes: harakat, tatweel, bidi and zero-width controls,
# compatibility forms (NFKC: the "fi" ligature, full-width letters, the Allah ligature).
NOISE = [
    "\u064e", "\u0651", "\u0640", "\u200f", "\u200e", "\u200b", "\u202b", "\u2066",
    "\ufb01", "\uff21", "\ufdf2", "\u00a0", "e\u0301", "😀", "#", "@x ", "\n", " ",
]  # fmt: skip
INNER = ["\u064e", "\u0651", "\u0640", "\u200f", "\u200b", "\u00ad"]  # harakat, controls
FILLERS = ["blorp", "zint", "ثثث", "near", "قرب", "in", "city", "--", "!", "123"]


@st.composite
def noisy_posts(draw: st.DrawFn) -> str:
    """Fillers, gazetteer aliases and normalisation noise, in any order."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 2))
        if kind == 0:
            alias = draw(st.sampled_from(ALIASES))[1]
            at = draw(st.integers(1, len(alias)))  # noise inside the name, or none at its end
            inner = draw(st.sampled_from(INNER)) if at < len(alias) else ""
            parts.append(alias[:at] + inner + alias[at:])
        elif kind == 1:
            parts.append(draw(st.sampled_from(FILLERS)))
        else:
            parts.append("".join(draw(st.lists(st.sampled_from(NOISE), min_size=1, max_size=3))))
        parts.append(draw(st.sampled_from([" ", "", " ", "_", "\u200f "])))
    return "".join(parts)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(noisy_posts(), min_size=1, max_size=3))
def test_entity_spans_spell_their_entity_in_the_original_text(
    fast_coder: Coder, texts: list[str]
) -> None:
    views = [PostView(str(i), t, "ar") for i, t in enumerate(texts)]
    for text, result in zip(texts, fast_coder.code(views), strict=True):
        previous_end = 0
        for ent in result["entities"]:
            start, end = ent["span"]
            assert previous_end <= start < end <= len(text), (text, ent)
            record = GAZ[ent["id"]]
            assert ent["kind"] == record.kind == ent["id"].split(":", 1)[0]
            assert GAZ.matches(ent["id"], text[start:end]), (text, ent, text[start:end])
            previous_end = end
        assert result["entities"] == [
            {"id": e.id, "kind": e.kind, "span": list(e.span)} for e in link(text)
        ]


# -- files and the command line ---------------------------------------------------------------


def test_code_file_and_the_cli_write_both_fields(tmp_path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in POSTS), "utf-8")
    expected = code_posts(POSTS)
    assert code_file(src, tmp_path / "lib.jsonl") == len(POSTS)
    res = CliRunner().invoke(main, ["code", str(src), "-o", str(tmp_path / "cli.jsonl"), "--quiet"])
    assert res.exit_code == 0, res.output
    for name in ("lib.jsonl", "cli.jsonl"):
        lines = (tmp_path / name).read_text("utf-8").splitlines()
        got = [json.loads(line) for line in lines]
        assert [(r["supporter"], r["entities"]) for r in got] == [
            (r["supporter"], r["entities"]) for r in expected
        ]
    first = json.loads((tmp_path / "cli.jsonl").read_text("utf-8").splitlines()[0])
    start, end = first["entities"][0]["span"]
    assert MIXED[start:end] == "Falluja"


@pytest.mark.shared
def test_entity_spans_on_real_tweets(shared, fast_coder: Coder) -> None:
    import csv

    path = shared.path("corpora", "fifthtribe_isis_twitter", "tweets.csv")
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as fh:
        texts = [row["tweets"] for _, row in zip(range(400), csv.DictReader(fh), strict=False)]
    out = fast_coder.code([PostView(str(i), t, "en") for i, t in enumerate(texts)])
    mentions = nulls = 0
    for text, result in zip(texts, out, strict=True):
        if result["supporter"] is None:
            nulls += 1
            assert not any(ch.isalpha() for ch in prepare(text)), text
        else:
            assert 0.0 <= result["supporter"] <= 1.0
        starts = [e["span"][0] for e in result["entities"]]
        assert starts == sorted(starts)
        for ent in result["entities"]:
            start, end = ent["span"]
            assert GAZ.matches(ent["id"], text[start:end]), (ent, text[start:end])
            mentions += 1
    assert mentions > 50 and nulls < len(texts) // 10
