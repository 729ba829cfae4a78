"""Supporter model: loads from the package, predicts probabilities, deterministic, small parts."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undertow.errors import InputError, RecordError
from undertow.supporter import SupporterModel, default_model, default_model_dir, read_labelled
from undertow.supporter.artifact import read_npz, sha256_file, write_npz
from undertow.supporter.crossval import bootstrap_f1, label_of, scores
from undertow.supporter.features import Hashing, fit_idf, tfidf
from undertow.supporter.lexicon import Lexicon, load_lexicons
from undertow.supporter.text import prepare, script_of

# Hand-written examples (not taken from any data set).
MARKED_AR = "جنود الخلافة يثخنون في المرتدين والرافضة في ولاية الرقة، تقبل الله الاستشهاديين"
PLAIN_AR = "صباح الخير يا أصدقاء، الجو اليوم جميل والقهوة لذيذة"
MARKED_EN = "Soldiers of the Khilafah strike the murtadeen and the Rafidah. #IslamicState baqiyah"
NEWS_EN = "Officials say ISIS militants were pushed back by coalition strikes, analysts warn"
ALPHABET = "ab ج د\u0629x #_\n"
TEXTS = [MARKED_AR, PLAIN_AR, MARKED_EN, NEWS_EN, "", "🙂", "http://t.co/x"]


@pytest.fixture(scope="module")
def model() -> SupporterModel:
    return SupporterModel.load()


def test_shipped_model_loads_from_the_package(model: SupporterModel) -> None:
    folder = default_model_dir()
    assert (folder / "model.json").is_file() and (folder / "weights.npz").is_file()
    assert model.name == "undertow.supporter/isis@1.0.0"
    assert set(model.heads) == {"ar", "en"}
    spec = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    assert spec["weights"]["sha256"] == sha256_file(folder / "weights.npz")
    assert not any(
        name.endswith((".pkl", ".pickle", ".joblib")) for name in map(str, folder.iterdir())
    )
    assert (folder / "weights.npz").stat().st_size < 4_000_000
    assert default_model() is default_model()


def test_probabilities_in_unit_interval_and_deterministic(model: SupporterModel) -> None:
    p = model.predict_proba(TEXTS)
    assert p.shape == (len(TEXTS),) and p.dtype == np.float64
    assert np.all((p >= 0) & (p <= 1))
    assert np.array_equal(p, model.predict_proba(TEXTS))
    assert np.array_equal(p, SupporterModel.load().predict_proba(TEXTS))
    # one at a time gives the same numbers as in a batch
    assert np.allclose(p, [model.predict_proba([t])[0] for t in TEXTS], atol=1e-12)


def test_markers_of_the_movement_raise_the_probability(model: SupporterModel) -> None:
    p = model.predict_proba([MARKED_AR, PLAIN_AR, MARKED_EN, NEWS_EN])
    assert p[0] > 0.5 > p[1]
    assert p[2] > 0.5 > p[3]


def test_embeddings_are_accepted_and_checked(model: SupporterModel) -> None:
    emb = np.zeros((2, 512), dtype=np.float32)
    assert np.array_equal(model.predict_proba(TEXTS[:2], emb), model.predict_proba(TEXTS[:2]))
    with pytest.raises(InputError, match="embedding rows"):
        model.predict_proba(TEXTS[:3], emb)
    with pytest.raises(InputError, match="list of texts"):
        model.predict_proba("one string")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="not a string"):
        model.predict_proba(["ok", 3])  # type: ignore[list-item]
    assert model.predict_proba([]).shape == (0,)


def test_load_errors_say_what_to_do(tmp_path) -> None:
    with pytest.raises(InputError, match=r"model\.json is missing"):
        SupporterModel.load(tmp_path)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=5))
def test_any_text_gets_a_probability(texts: list[str]) -> None:
    p = default_model().predict_proba(texts)
    assert p.shape == (len(texts),)
    assert np.all((p >= 0) & (p <= 1))


def test_prepare_removes_collection_artefacts() -> None:
    a = prepare("RT @someone: The Army took the hill https://t.co/AbC123 &amp; more…")
    b = prepare("the army took the hill & more")
    assert "t.co" not in a and "someone" not in a and "rt" not in a.split()
    assert a.startswith("the army took the hill &")
    assert "more" not in a  # the word cut by the scraper's ellipsis is dropped
    assert b == "the army took the hill & more"
    assert prepare("الدَّوْلَةُ") == prepare("الدولة") == "الدوله"
    assert script_of(prepare(MARKED_AR)) == "ar"
    assert script_of(prepare(MARKED_EN)) == "en"
    assert script_of("") == "en"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(ALPHABET), max_size=30), min_size=1, max_size=6))
def test_word_cached_hashing_equals_plain_hashing(texts: list[str]) -> None:
    h = Hashing(n_features=2**10)
    fast = h.counts(texts)
    plain = h.vectorizer.transform(texts).tocsr()
    assert (fast != plain).nnz == 0


def test_idf_ignores_unseen_columns() -> None:
    h = Hashing(ngram_min=2, ngram_max=3)
    counts = h.counts(["abc abd", "abc"])
    idf = fit_idf(counts)
    assert idf.dtype == np.float32
    assert set(np.flatnonzero(idf)) == set(counts.indices)
    x = tfidf(h.counts(["abc zzzz"]), idf)
    y = tfidf(h.counts(["abc"]), idf)
    assert np.allclose(x.toarray(), y.toarray())  # unseen n-grams neither score nor dilute


def test_lexicon_matches_clitics_suffixes_and_exact_words() -> None:
    lex = Lexicon(
        language="ar",
        categories={"a": ["مجاهد", "سبي="], "b": ["حزب اللات"]},
        suffix_budget=4,
        proclitics=["و", "ال", "وال"],
    )
    assert lex.count(prepare("والمجاهدين")) == [1, 0]
    assert lex.count(prepare("في سبيل الله")) == [0, 0]  # exact: سبي must not match سبيل
    assert lex.count(prepare("السبي")) == [1, 0]
    assert lex.count(prepare("حزب اللات")) == [0, 1]
    assert lex.count(prepare("حزب")) == [0, 0]
    assert Lexicon(**lex.to_dict()).to_dict() == lex.to_dict()
    feats = lex.features([prepare("مجاهد مجاهدون"), ""])
    assert np.allclose(feats, np.log1p([[2, 0], [0, 0]]))


def test_shipped_lexicons_cover_both_languages() -> None:
    lexicons = load_lexicons("isis")
    assert set(lexicons) == {"ar", "en"}
    en = lexicons["en"]
    counts = dict(zip(en.names_, en.count(prepare(NEWS_EN)), strict=True))
    assert counts["opponent"] >= 2 and counts["state"] == 0
    with pytest.raises(InputError, match="No marker lexicon"):
        load_lexicons("no-such-movement")


def test_npz_bytes_depend_only_on_arrays(tmp_path) -> None:
    arrays = {"b": np.arange(5, dtype=np.float32), "a": np.ones((2, 3), dtype=np.float32)}
    write_npz(tmp_path / "x.npz", arrays)
    write_npz(tmp_path / "y.npz", dict(reversed(arrays.items())))
    assert (tmp_path / "x.npz").read_bytes() == (tmp_path / "y.npz").read_bytes()
    back = read_npz(tmp_path / "x.npz")
    assert set(back) == {"a", "b"} and np.array_equal(back["b"], arrays["b"])
    with zipfile.ZipFile(tmp_path / "x.npz") as zf:
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())


def test_labels_and_scores() -> None:
    assert label_of({"gold_label": "pro-ISIS"}) == 1
    assert label_of({"gold_label": "not-ISIS"}) == 0
    assert label_of({"stance": "official"}) == 1
    assert label_of({"stance": "observer"}) == 0
    assert label_of({"supporter": False, "stance": "official"}) == 0
    assert label_of({"stance": "unknown"}) is None
    y = np.array([1, 1, 0, 0, 1])
    s = scores(y, np.array([1, 0, 0, 1, 1]))
    assert (s["tp"], s["fp"], s["fn"]) == (2, 1, 1)
    assert s["f1"] == pytest.approx(2 / 3)
    lo, hi = bootstrap_f1(y, y == 1, n_boot=50)
    assert lo == hi == 1.0


def test_read_labelled_reports_bad_lines(tmp_path) -> None:
    good = tmp_path / "g.jsonl"
    good.write_text('{"id": "a", "text": "x", "stance": "supporter"}\n\n', encoding="utf-8")
    texts, y, ids = read_labelled(good)
    assert (texts, y.tolist(), ids) == (["x"], [1], ["a"])
    bad = tmp_path / "b.jsonl"
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    with pytest.raises(RecordError, match="line 1"):
        read_labelled(bad)
    with pytest.raises(InputError, match="does not exist"):
        read_labelled(tmp_path / "missing.jsonl")


def _toy_corpus() -> tuple[list[str], list[int]]:
    """Made-up posts: supporters use the movement's words, the others talk about daily life."""
    pro = ["جنود الخلافة", "ولاية", "المرتدين", "الدولة الإسلامية", "المجاهدين", "الرافضة"]
    other = ["القهوة", "المدرسة", "الطقس", "المباراة", "السوق", "العائلة"]
    texts, labels = [], []
    for i in range(24):
        texts.append(f"{pro[i % 6]} {pro[(i + 1) % 6]} رقم {i}")
        labels.append(1)
        texts.append(f"{other[i % 6]} {other[(i + 2) % 6]} رقم {i}")
        labels.append(0)
    return texts, labels


def test_train_save_load_round_trip_is_byte_identical(tmp_path) -> None:
    from undertow.supporter import train

    texts, labels = _toy_corpus()
    grid = {"C": (1.0,), "meta_C": (1.0, 10.0)}
    model = train(texts, labels, grid=grid, folds=3, seed=0, training={"note": "toy"})
    assert set(model.heads) == {"ar"}
    p = model.predict_proba(texts)
    assert np.all((p > 0.5) == np.array(labels, dtype=bool))
    model.save(tmp_path / "a")
    again = train(texts, labels, grid=grid, folds=3, seed=0, training={"note": "toy"})
    again.save(tmp_path / "b")
    for name in ("model.json", "weights.npz"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    loaded = SupporterModel.load(tmp_path / "a")
    assert np.allclose(loaded.predict_proba(texts), p, atol=1e-6)
    assert loaded.training == {"note": "toy"}
    with pytest.raises(InputError, match="one label a text"):
        train(texts, labels[:-1])
    with pytest.raises(InputError, match="No head could be trained"):
        train(texts[:4], labels[:4], folds=3)


@pytest.mark.slow
def test_throughput_without_embeddings() -> None:
    """At least 5,000 posts a second (best of three runs, each from a cold load)."""
    import random
    import time

    rng = random.Random(0)
    letters = [chr(c) for c in range(0x0627, 0x064A)], "abcdefghijklmnopqrstuvwxyz"
    vocab = [
        "".join(rng.choice(letters[i % 2]) for _ in range(rng.randint(2, 8))) for i in range(20_000)
    ]
    zipf = 1 / np.arange(1, len(vocab) + 1)
    rows = np.random.default_rng(0).choice(len(vocab), size=(5000, 20), p=zipf / zipf.sum())
    texts = [" ".join(vocab[j] for j in row) for row in rows]  # ~120 characters, Zipf words
    best = 0.0
    for _ in range(3):
        model = SupporterModel.load()
        start = time.perf_counter()
        model.predict_proba(texts)
        best = max(best, len(texts) / (time.perf_counter() - start))
    assert best >= 5000, f"{best:.0f} posts/s"
