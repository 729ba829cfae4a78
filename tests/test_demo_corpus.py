"""The synthetic demo corpus: deterministic, parseable, marked synthetic, varied, and showing
the mood dynamics the demo report is meant to display."""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undertow.analyzers.base import CAUSES, INCITEMENT_FORMS, LABELS
from undertow.demo.compose import incitement_targets
from undertow.demo.corpus import DemoManifest, generate
from undertow.demo.template import bank, render
from undertow.demo.world import END, EVENTS, START
from undertow.errors import InputError
from undertow.events import EVENT_TYPES, load_events
from undertow.post import STANCES, RawPost
from undertow.readers import READERS, read_path, sniff

JSONL_KEYS = ["id", "thread", "reply_to", "author", "created_at", "text", "lang", "synthetic"]
ISO_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
LOSSES = [e for e in EVENTS if e.type in ("isis_loss", "declared_defeat")]


@dataclass
class Corpus:
    """A generated corpus loaded for checking."""

    root: Path
    manifest: DemoManifest
    rows: dict[str, list[dict]] = field(default_factory=dict)  # JSONL files
    channel: dict = field(default_factory=dict)
    docs: dict[str, str] = field(default_factory=dict)
    intended: dict[tuple[str, str], dict] = field(default_factory=dict)

    def texts(self) -> list[str]:
        """Every post's text, in all files."""
        out = [r["text"] for rows in self.rows.values() for r in rows]
        out += [_flat(m["text"]) for m in self.channel["messages"] if m["type"] == "message"]
        for text in self.docs.values():
            out += [p for p in text.split("---\n", 2)[2].split("\n\n") if p.strip()]
        return out

    def supporter(self) -> list[tuple[date, list[str]]]:
        """(day, intended labels) of every supporter post."""
        return [
            (date.fromisoformat(r["created_at"][:10]), self.intended[(f, r["id"])]["labels"])
            for f in ("forum_en.jsonl", "forum_ar.jsonl")
            for r in self.rows[f]
        ]


def _flat(text: str | list) -> str:
    return (
        text
        if isinstance(text, str)
        else "".join(p if isinstance(p, str) else p["text"] for p in text)
    )


def _load(root: Path, manifest: DemoManifest) -> Corpus:
    c = Corpus(root, manifest)
    for f in manifest.files:
        raw = (root / f.path).read_text(encoding="utf-8")
        if f.format == "jsonl":
            c.rows[f.path] = [json.loads(line) for line in raw.splitlines()]
        elif f.format == "telegram-json":
            c.channel = json.loads(raw)
        else:
            c.docs[f.path] = raw
    for line in (root / manifest.intended_labels).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        c.intended[(rec["file"], rec["native_id"].split("/")[-1])] = rec
    return c


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("small")
    return _load(root, generate(root, size="small"))


@pytest.fixture(scope="module")
def default(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("default")
    started = time.perf_counter()
    manifest = generate(root)
    assert time.perf_counter() - started < 10, "the default corpus must generate in ~5 s"
    return _load(root, manifest)


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path: Path) -> None:
    started = time.perf_counter()
    generate(tmp_path / "a", seed=7, size="small")
    assert time.perf_counter() - started < 1.0
    generate(tmp_path / "b", seed=7, size="small")
    generate(tmp_path / "c", seed=8, size="small")
    a, b, c = (_digest(tmp_path / x) for x in "abc")
    assert a == b
    assert a.keys() == c.keys()
    assert all(a[k] != c[k] for k in a if k.endswith(".jsonl") or k.endswith(".json"))


def test_sizes(small: Corpus, default: Corpus) -> None:
    assert 200 <= len(small.texts()) <= 900
    assert 4000 <= len(default.texts()) <= 8000
    assert sum(f.posts for f in default.manifest.files) == len(default.texts())


def test_bad_size_or_seed_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="small"):
        generate(tmp_path, size="huge")
    with pytest.raises(InputError, match="integer"):
        generate(tmp_path, seed="x")  # type: ignore[arg-type]


def test_manifest_round_trips_and_describes_every_file(small: Corpus) -> None:
    m = small.manifest
    assert DemoManifest.load(small.root) == m
    assert json.loads((small.root / "manifest.json").read_text(encoding="utf-8")) == m.to_dict()
    assert m.synthetic and "Synthetic" in m.note
    listed = {f.path for f in m.files} | {m.events, m.intended_labels, "manifest.json"}
    on_disk = {p.relative_to(small.root).as_posix() for p in small.root.rglob("*") if p.is_file()}
    assert listed == on_disk
    for f in m.files:
        assert f.stance in STANCES and f.format in READERS and f.description
        assert re.fullmatch(r"[\w.\-]+", f.source)
    assert {f.stance for f in m.files} == {"supporter", "official", "internal", "observer"}
    assert len({f.source for f in m.files}) == len(m.files)
    assert {e["id"] for e in m.entities} >= {"qasr_al_nahr", "coalition", "federal_army"}


def test_jsonl_files_have_the_layout(default: Corpus) -> None:
    for name, rows in default.rows.items():
        assert rows, name
        ids = [r["id"] for r in rows]
        assert len(set(ids)) == len(ids)
        for r in rows:
            assert list(r) == JSONL_KEYS
            assert r["synthetic"] is True and r["text"].strip() and r["author"]
            assert ISO_Z.fullmatch(r["created_at"])
            assert r["lang"] == ("ar" if name == "forum_ar.jsonl" else "en")
            assert START.isoformat() <= r["created_at"][:10] <= (END + timedelta(2)).isoformat()


def test_replies_point_at_earlier_posts_of_the_same_thread(default: Corpus) -> None:
    for name in ("forum_en.jsonl", "forum_ar.jsonl"):
        seen: dict[str, dict] = {}
        threads: Counter[str] = Counter()
        for r in default.rows[name]:
            threads[r["thread"]] += 1
            if r["reply_to"] is not None:
                parent = seen[r["reply_to"]]  # earlier in the file
                assert parent["thread"] == r["thread"]
                assert parent["created_at"] <= r["created_at"]
            seen[r["id"]] = r
        assert all(3 <= n <= 30 for n in threads.values())
        assert max(threads.values()) >= 15
        authors = {r["author"] for r in default.rows[name]}
        assert (36 if name == "forum_en.jsonl" else 22) <= len(authors) <= 40


def test_channel_is_a_telegram_export_marked_synthetic(default: Corpus) -> None:
    ch = default.channel
    assert ch["name"].endswith("(synthetic demo)")
    assert ch["type"] == "public_channel" and isinstance(ch["id"], int)
    ids = [m["id"] for m in ch["messages"]]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    messages = [m for m in ch["messages"] if m["type"] == "message"]
    pins = [m for m in ch["messages"] if m["type"] == "service"]
    assert pins and all(p["action"] == "pin_message" for p in pins)
    assert {p["message_id"] for p in pins} <= set(ids)
    kinds = Counter()
    for m in messages:
        assert m["from"] == ch["name"] and m["from_id"] == f"channel{ch['id']}"
        stamp = datetime.fromisoformat(m["date"] + "+00:00").timestamp()
        assert int(m["date_unixtime"]) == stamp
        assert _flat(m["text"]).strip()
        if isinstance(m["text"], list):
            for part in m["text"]:
                if isinstance(part, dict):
                    kinds[part["type"]] += 1
                    assert part["type"] in ("hashtag", "bold", "link")
        kinds[type(m["text"]).__name__] += 1
    assert all(kinds[k] for k in ("hashtag", "bold", "link", "str", "list"))
    arabic = sum(bool(re.search("[\u0600-\u06ff]", _flat(m["text"]))) for m in messages)
    assert 0.3 < arabic / len(messages) < 0.9


def test_documents_have_front_matter_and_a_synthetic_first_paragraph(default: Corpus) -> None:
    assert 3 <= len(default.docs) <= 5
    langs = set()
    for name, text in default.docs.items():
        assert re.match(r"---\ndate: \d{4}-\d\d-\d\d\n---\n", text), name
        paragraphs = [p for p in text.split("---\n", 2)[2].split("\n\n") if p.strip()]
        assert paragraphs[0].strip() == "Synthetic demo document generated by undertow."
        assert len(paragraphs) >= 4
        stem = Path(name).stem
        first = default.intended[(name, f"{stem}#p1")]
        assert first["labels"] == []
        labels = {
            x
            for i in range(2, len(paragraphs) + 1)
            for x in default.intended[(name, f"{stem}#p{i}")]["labels"]
        }
        assert {"admission", "defiance"} <= labels
        langs.add("ar" if re.search("[\u0600-\u06ff]", text) else "en")
    assert langs == {"en", "ar"}


def test_events_file(small: Corpus) -> None:
    path = small.root / small.manifest.events
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["date", "place", "type", "description", "source"]
    assert {r["source"] for r in rows} == {"synthetic demo timeline"}
    assert {r["type"] for r in rows} == {
        "isis_gain",
        "isis_loss",
        "offensive_start",
        "declared_defeat",
    }
    events = load_events(path)
    assert 5 <= len(events) <= 8 and all(e.type in EVENT_TYPES for e in events)
    assert all(START <= e.date <= END - timedelta(21) for e in events)


def test_intended_labels_cover_every_post(default: Corpus) -> None:
    n = 0
    for rec in default.intended.values():
        n += 1
        assert set(rec["labels"]) <= set(LABELS) and set(rec["causes"]) <= set(CAUSES)
        assert bool(rec["causes"]) == ("failure_analysis" in rec["labels"])
        assert (rec["incitement"] is not None) == ("incitement" in rec["labels"])
        if rec["incitement"]:
            assert rec["incitement"]["form"] in INCITEMENT_FORMS
            assert rec["incitement"]["target"] in incitement_targets()
    assert n == len(default.texts())


def test_readers_read_the_corpus_as_intended(small: Corpus) -> None:
    by_post = {rec["post_id"]: rec for rec in small.intended.values()}
    read = 0
    for f in small.manifest.files:
        path = small.root / f.path
        assert sniff(path) == f.format
        for item in read_path(path, fmt=f.format):
            if isinstance(item, RawPost):
                rec = by_post[f"{f.source}:{item.native_id}"]
                assert rec["text_sha256"] == hashlib.sha256(item.text.encode()).hexdigest()
                read += 1
            else:
                assert getattr(item, "kind", "") == "service:pin_message", item
    assert read == len(by_post)


def test_every_label_is_intended_often_and_none_is_common(default: Corpus) -> None:
    posts = default.supporter()
    counts = Counter(x for _, labels in posts for x in labels)
    for label in LABELS:
        assert counts[label] >= 150, (label, counts[label])
    none = sum(1 for _, labels in posts if not labels)
    assert 0.2 < none / len(posts) < 0.5
    multi = sum(1 for _, labels in posts if len(labels) > 1)
    assert multi / len(posts) > 0.15


def test_official_voice_never_concedes_and_observers_are_neutral(default: Corpus) -> None:
    official = [r for (f, _), r in default.intended.items() if f == "official_channel.json"]
    labels = Counter(x for r in official for x in r["labels"])
    assert labels["triumphalism"] > len(official) / 2
    assert not labels["admission"] and not labels["despair"] and not labels["worry"]
    observer = [r for (f, _), r in default.intended.items() if f == "observer_news.jsonl"]
    assert observer and all(r["labels"] == [] for r in observer)


def _window(posts: list[tuple[date, list[str]]], day: date, after: bool) -> list[list[str]]:
    if after:
        return [labels for d, labels in posts if day < d <= day + timedelta(21)]
    return [labels for d, labels in posts if day - timedelta(21) <= d < day]


@pytest.mark.parametrize("event", LOSSES, ids=lambda e: e.place)
def test_distress_and_volume_rise_after_each_loss(default: Corpus, event) -> None:
    posts = default.supporter()
    before, after = _window(posts, event.date, False), _window(posts, event.date, True)

    def share(group: list[list[str]], wanted: tuple[str, ...]) -> float:
        return sum(1 for labels in group if set(wanted) & set(labels)) / len(group)

    assert len(after) > len(before)
    assert share(after, ("despair", "worry")) > share(before, ("despair", "worry")) + 0.05
    assert share(after, ("triumphalism",)) < share(before, ("triumphalism",))


def test_official_volume_shrinks_with_territory(default: Corpus) -> None:
    days = Counter(m["date"][:10] for m in default.channel["messages"] if m["type"] == "message")
    first = sum(n for d, n in days.items() if d < "2016-04-01") / 91
    last = sum(n for d, n in days.items() if d >= "2017-01-29") / 31
    assert first > 5 and last < 2 and first > 4 * last


def test_variety_few_duplicates_and_no_overused_8_grams(default: Corpus) -> None:
    texts = default.texts()
    assert (len(texts) - len(set(texts))) / len(texts) < 0.05
    counts: Counter[tuple[str, ...]] = Counter()
    for t in texts:
        t = re.sub("[\u064b-\u0652\u0670\u0640]", "", t).casefold()
        words = re.findall(r"\w+", re.sub("[أإآ]", "ا", t))
        counts.update({tuple(words[i : i + 8]) for i in range(len(words) - 7)})
    gram, n = counts.most_common(1)[0]
    assert n / len(texts) <= 0.03, " ".join(gram)


def test_links_only_point_at_example_invalid(default: Corpus) -> None:
    hosts = Counter()
    for p in default.root.rglob("*"):
        if p.is_file():
            hosts.update(re.findall(r"https?://([^/\s\"'»]+)", p.read_text(encoding="utf-8")))
    assert set(hosts) == {"example.invalid"}


def test_forums_show_real_variation(default: Corpus) -> None:
    ar = [r["text"] for r in default.rows["forum_ar.jsonl"]]
    en = [r["text"] for r in default.rows["forum_en.jsonl"]]

    def share(texts: list[str], pattern: str) -> float:
        return sum(1 for t in texts if re.search(pattern, t)) / len(texts)

    assert share(ar, "\u0640") > 0.01  # tatweel
    assert share(ar, "[\u064b-\u0652]") > 0.02  # harakat
    assert share(ar, r"#\w") > 0.03
    words = {w for t in ar for w in re.findall(r"\w+", t)}
    taa_h = {w[:-1] for w in words if w.endswith("ة")} & {w[:-1] for w in words if w.endswith("ه")}
    assert len(taa_h) >= 5  # the same word written with ة and with ه
    assert share(ar, r"\bان شاء\b|\bاخوة\b|\bالاخوة\b") > 0.005  # hamza dropped
    for dialect in (
        r"ماكو|شلون|هسه|خوية|طاحت",  # Iraqi
        r"\bشو\b|كتير|بدنا|يا شباب|\bرح\b|هدول|مبارح|بكفي",  # Levantine
        r"وايد|الحين|يا خوي|يا ربع|تحلطم|\bترى\b",  # Gulf
    ):
        assert share(ar, dialect) > 0.005, dialect
    assert share(en, r"[\U0001F300-\U0001FAFF]") > 0.05
    assert share(en, r"\b[A-Z]{4,}\b") > 0.02
    assert share(en, r"^[^A-Z]+$") > 0.05
    spellings = {
        s
        for s in ("Qasr al-Nahr", "Qasr an-Nahr", "Kasr al-Nahr", "Qasr Alnahr")
        if any(s.lower() in t.lower() for t in en)
    }
    assert len(spellings) >= 3


def test_phrase_grammar() -> None:
    rng = random.Random(1)
    outs = {render("{a|b{c|d}}[ e] <x>!", rng, {"x": lambda: "X"}) for _ in range(200)}
    assert outs == {f"{p}{o} X!" for p in ("a", "bc", "bd") for o in ("", " e")}
    (entry,) = bank("A,L| we lost <lost>\n\n")
    assert entry.tags == frozenset({"A", "L"}) and entry.text == "we lost <lost>"
    for broken in ("{a|b", "[a", "<a", "a}b"):
        with pytest.raises(ValueError, match="phrase bank"):
            bank(broken)
    with pytest.raises(KeyError, match="slot <y>"):
        render("<y>", rng, {})


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.text("abc xyz", min_size=1, max_size=6), min_size=1, max_size=5),
    st.integers(0, 2**32),
)
def test_alternatives_render_one_of_their_options(options: list[str], seed: int) -> None:
    rng = random.Random(seed)
    got = render("{" + "|".join(options) + "}", rng, {})
    assert got in {" ".join(o.split()) for o in options}
