"""Hand-written training sets: the compiler round-trips and rejects bad blocks; the data holds."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undertow.analyzers.base import CAUSES, INCITEMENT_FORMS, LABELS
from undertow.errors import FormatError

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "training"
MIN_PER_LABEL = 30  # examples of each label in every language present
MIN_NONE_SHARE = 0.25  # real streams are mostly none
MIN_PER_FORM = 5  # examples of each incitement form
MIN_PER_CAUSE = 3  # examples of each failure_analysis cause


def _load_tool() -> ModuleType:
    name = "build_training"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "build_training.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


tool = _load_tool()


def _compile(tmp_path: Path, source: str, lang: str = "en") -> list:
    folder = tmp_path / lang
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sample.txt").write_text(source, encoding="utf-8")
    return tool.compile_language(tmp_path, lang)


def _languages() -> list[str]:
    return tool.languages(TRAINING) if TRAINING.is_dir() else []


def _records(lang: str) -> list[dict]:
    path = TRAINING / f"{lang}.jsonl"
    assert path.exists(), f"{path} is missing: run python tools/build_training.py"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- the compiler ------------------------------------------------------------------------------


def test_compiles_a_documented_block(tmp_path: Path) -> None:
    source = (
        "# a comment\n"
        "@labels admission defiance failure_analysis incitement\n"
        "@causes weapons_shortage air_power\n"
        '@incitement target="the crusaders" form=threat\n'
        "We lost {admission:the city} but {defiance,incitement:we will return}.\n"
        "\\\n"
        "The {failure_analysis:planes} \\{sic\\}.\n"
        "\n"
        "@stance observer\n"
        "@labels none\n"
        "#Raqqa @user news\n"
    )
    first, second = _compile(tmp_path, source)
    assert first.id == "en-sample-0001"
    assert first.text == "We lost the city but we will return.\n\nThe planes {sic}."
    assert first.labels == ["failure_analysis", "defiance", "incitement", "admission"]
    assert first.causes == ["air_power", "weapons_shortage"]
    assert first.incitement == {"target": "the crusaders", "form": "threat"}
    assert [first.text[s:e] for s, e in first.evidence["defiance"]] == ["we will return"]
    assert first.evidence["incitement"] == first.evidence["defiance"]
    assert (second.stance, second.labels, second.text) == ("observer", [], "#Raqqa @user news")
    assert second.incitement is None and second.evidence == {}


def test_output_line_has_the_gold_keys_in_order(tmp_path: Path) -> None:
    (example,) = _compile(tmp_path, "@labels despair\n{despair:it is over}\n")
    record = json.loads(example.to_json())
    assert list(record) == [
        "id", "text", "lang", "stance", "labels", "causes", "incitement", "evidence",
    ]  # fmt: skip
    assert record["evidence"] == {"despair": [[0, 10]]}


_PLAIN_LABELS = [label for label in LABELS if label not in ("failure_analysis", "incitement")]
_WORD = st.text(alphabet="abcdeفقح xyz.,!?@", min_size=1, max_size=12).filter(
    lambda s: s.strip() == s and "  " not in s
)


@settings(max_examples=60, deadline=None)
@given(
    parts=st.lists(
        st.tuples(_WORD, st.sets(st.sampled_from(_PLAIN_LABELS), max_size=2)),
        min_size=1,
        max_size=8,
    )
)
def test_spans_point_at_the_marked_text(tmp_path_factory, parts) -> None:
    tmp_path = tmp_path_factory.mktemp("rt")
    body, expected = [], []
    for words, labels in parts:
        if labels:
            body.append("{" + ",".join(sorted(labels)) + ":" + words + "}")
            expected.extend((label, words) for label in labels)
        else:
            body.append(words)
    labels = sorted({label for _, ls in parts for label in ls})
    source = "@labels " + " ".join(labels) + "\n" + " ".join(body) + "\n"
    (example,) = _compile(tmp_path, source)
    assert example.text == " ".join(words for words, _ in parts)
    found = [(label, example.text[s:e]) for label, sp in example.evidence.items() for s, e in sp]
    assert sorted(found) == sorted(expected)


def test_build_is_deterministic_and_check_sees_staleness(tmp_path: Path) -> None:
    _compile(tmp_path, "@labels worry\n{worry:Mosul is next}\n\n@labels\nhello\n")
    assert tool.build(tmp_path) == [str(tmp_path / "en.jsonl")]
    first = (tmp_path / "en.jsonl").read_bytes()
    assert tool.build(tmp_path) == []
    assert tool.build(tmp_path, check=True) == []
    assert (tmp_path / "en.jsonl").read_bytes() == first
    (tmp_path / "en.jsonl").write_bytes(first + b"\n")
    assert tool.build(tmp_path, check=True) == [str(tmp_path / "en.jsonl")]
    assert tool.main(["--root", str(tmp_path), "--check"]) == 1


@pytest.mark.parametrize(
    ("source", "line", "needle"),
    [
        ("@labels despair\nno span here\n", 1, "no {despair:...} evidence"),
        ("@labels none\nhello {worry:there}\n", 2, "not listed in @labels"),
        ("@labels sadness\n{sadness:x}\n", 1, "unknown label 'sadness'"),
        ("@stance friend\n@labels\nhi\n", 1, "stance 'friend'"),
        ("\n\n@labels\nopen {worry:never closed\n", 4, "never closed"),
        ("@labels\n{a brace}\n", 2, "must open a span"),
        ("@labels worry\n{worry: loose }\n", 2, "whitespace"),
        ("@labels failure_analysis\n{failure_analysis:why}\n", 1, "needs @causes"),
        ("@labels\n@causes siege\nx\n", 2, "failure_analysis is not a label"),
        ("@labels failure_analysis\n@causes hunger\n{failure_analysis:x}\n", 2, "unknown cause"),
        ("@labels incitement\n{incitement:x}\n", 1, "needs @incitement"),
        ("@labels incitement\n@incitement form=shout\n{incitement:x}\n", 2, "form must be"),
        ("@stance observer\nno labels line\n", 1, "no @labels"),
        ("@labels\n@labels none\nx\n", 2, "given twice"),
        ("@label despair\n{despair:x}\n", 1, "unknown directive"),
        ("@labels\ntext first\n@stance observer\n", 3, "after the text"),
        ("@labels\n", 1, "no text"),
        ("@labels\nsame text\n\n@labels\nSame   TEXT\n", 4, "duplicates"),
    ],
)
def test_rejects_malformed_blocks_with_file_and_line(
    tmp_path: Path, source: str, line: int, needle: str
) -> None:
    with pytest.raises(FormatError) as info:
        _compile(tmp_path, source)
    message = str(info.value)
    assert f"sample.txt:{line}: " in message
    assert needle in message


def test_missing_folder_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="add en/"):
        tool.compile_language(tmp_path, "en")


# --- the committed data ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", _languages())
def test_committed_jsonl_is_current(lang: str) -> None:
    path = TRAINING / f"{lang}.jsonl"
    assert path.exists(), f"{path} is missing: run python tools/build_training.py"
    assert path.read_bytes() == tool.render_language(TRAINING, lang).encode("utf-8"), (
        f"{path} is stale: run python tools/build_training.py"
    )


@pytest.mark.parametrize("lang", _languages())
def test_every_label_form_and_cause_is_covered(lang: str) -> None:
    records = _records(lang)
    labels = Counter(label for r in records for label in r["labels"])
    thin = {label: labels[label] for label in LABELS if labels[label] < MIN_PER_LABEL}
    assert not thin, f"{lang}: labels with fewer than {MIN_PER_LABEL} examples: {thin}"
    none_share = sum(not r["labels"] for r in records) / len(records)
    assert none_share >= MIN_NONE_SHARE, f"{lang}: only {none_share:.0%} of examples are none"
    forms = Counter(r["incitement"]["form"] for r in records if r["incitement"])
    assert all(forms[f] >= MIN_PER_FORM for f in INCITEMENT_FORMS), forms
    causes = Counter(c for r in records for c in r["causes"])
    assert all(causes[c] >= MIN_PER_CAUSE for c in CAUSES), causes


@pytest.mark.parametrize("lang", _languages())
def test_no_duplicate_texts_or_ids_and_spans_are_tight(lang: str) -> None:
    records = _records(lang)
    keys = Counter(" ".join(r["text"].casefold().split()) for r in records)
    assert [k for k, n in keys.items() if n > 1] == []
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        assert sorted(r["evidence"]) == sorted(r["labels"]), r["id"]
        for spans in r["evidence"].values():
            for start, end in spans:
                piece = r["text"][start:end]
                assert 0 <= start < end <= len(r["text"]) and piece == piece.strip(), r["id"]
