"""The self-contained HTML report: escaping, no external resource, marks, sections, speed."""

from __future__ import annotations

import json
import random
import time
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from typing import ClassVar

import pyarrow as pa

from undertow.analyzers.base import CAUSES, LABELS
from undertow.events import Event
from undertow.measure.series import SeriesPoint
from undertow.report import ReportMeta, render_report
from undertow.report.charts import EventMark, line_chart
from undertow.report.select import highlight, merge_spans, telling_posts

POST_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("stance", pa.string()),
        ("author", pa.string()),
        ("created_at", pa.timestamp("us", tz="UTC")),
        ("time_precision", pa.string()),
        ("thread", pa.string()),
        ("reply_to", pa.string()),
        ("lang", pa.string()),
        ("text", pa.string()),
        ("file", pa.string()),
        ("record", pa.string()),
        ("format", pa.string()),
        ("batch", pa.string()),
        ("extra", pa.string()),
    ]
)
LABEL_SCHEMA = pa.schema(
    [
        ("post_id", pa.string()),
        ("label", pa.string()),
        ("score", pa.float64()),
        ("spans", pa.list_(pa.list_(pa.int32()))),
        ("detail", pa.string()),
        ("analyzer", pa.string()),
    ]
)
HOSTILE = (
    "Look <script>alert(1)</script> and <img src=x onerror=alert(1)> then "
    "javascript:alert(1) or https://evil.example/x.png \u202edesrever\u202c end"
)
ARABIC = "قَالَ المُجَاهِدُ: لَقَدْ خَسِرْنَا المَدِينَةَ، وَلَكِنَّ الحَرْبَ طَوِيلَةٌ"
T0 = datetime(2017, 3, 6, 10, tzinfo=UTC)  # a Monday


def post(pid: str, text: str = "plain text", **kw) -> dict:
    """One post row with sensible defaults; keyword arguments override."""
    row = {
        "id": pid,
        "source": "forum-a",
        "stance": "supporter",
        "author": f"user-{pid}",
        "created_at": T0,
        "time_precision": "second",
        "thread": None,
        "reply_to": None,
        "lang": "en",
        "text": text,
        "file": "export.jsonl",
        "record": f"line {pid}",
        "format": "jsonl",
        "batch": "b1",
        "extra": None,
    }
    row.update(kw)
    return row


def label(pid: str, name: str, spans=((0, 4),), score: float = 0.9, detail=None) -> dict:
    """One label row; ``detail`` is a dict (dumped to JSON) or None."""
    return {
        "post_id": pid,
        "label": name,
        "score": score,
        "spans": None if spans is None else [list(s) for s in spans],
        "detail": json.dumps(detail) if isinstance(detail, dict) else detail,
        "analyzer": "codebook.cues.v1@1",
    }


def tables(posts: list[dict], labels: list[dict]) -> tuple[pa.Table, pa.Table]:
    return (
        pa.Table.from_pylist(posts, schema=POST_SCHEMA),
        pa.Table.from_pylist(labels, schema=LABEL_SCHEMA),
    )


def meta(**kw) -> ReportMeta:
    base = {
        "workspace": "ws-test",
        "generated_at": datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        "analyzers": ["codebook.cues.v1@1"],
        "accuracy_note": None,
        "synthetic": False,
    }
    base.update(kw)
    return ReportMeta(**base)


def render(posts: list[dict], labels: list[dict], events: list[Event] | None = None, **kw) -> str:
    p, lab = tables(posts, labels)
    return render_report(p, lab, events or [], title="Test report", meta=meta(**kw))


class Scan(HTMLParser):
    """Collect tags, attributes, style text and the text outside inert (post-derived) parts."""

    VOID: ClassVar[set[str]] = {
        "meta",
        "br",
        "img",
        "input",
        "link",
        "hr",
        "area",
        "base",
        "col",
        "embed",
        "source",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[tuple[str, bool]] = []
        self.outside: list[str] = []
        self.inside: list[str] = []
        self.style: list[str] = []

    def _inert(self) -> bool:
        return any(flag for _, flag in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs_d = dict(attrs)
        self.tags.append((tag, attrs_d))
        if tag in self.VOID:
            return
        self.stack.append((tag, "inert" in (attrs_d.get("class") or "").split()))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "style":
            self.style.append(data)
        (self.inside if self._inert() else self.outside).append(data)


def scan(html: str) -> Scan:
    s = Scan()
    s.feed(html)
    s.close()
    return s


def assert_self_contained(html: str) -> Scan:
    """No external URL, no script, no fetching element: post text may mention URLs as text."""
    s = scan(html)
    names = {t for t, _ in s.tags}
    assert not names & {"script", "img", "iframe", "object", "embed", "link", "base", "form"}
    for tag, attrs in s.tags:
        for key, value in attrs.items():
            value = value or ""
            assert "javascript:" not in value.lower(), (tag, key, value)
            assert "url(" not in value and "@import" not in value, (tag, key, value)
            if key in ("src", "href", "xlink:href", "action", "srcset", "poster"):
                assert "//" not in value, (tag, key, value)
                assert key == "href" and value.startswith("#"), (tag, key, value)
    outside = "".join(s.outside)
    for bad in ("http://", "https://", "url(", "@import"):
        assert bad not in outside, bad
    assert "url(" not in "".join(s.style) and "@import" not in "".join(s.style)
    return s


# --- highlighting --------------------------------------------------------------------------


def test_highlight_escapes_every_piece_and_merges_spans():
    text = "a <b>bold</b> & 'q' end"
    out = str(highlight(text, [[2, 5], [4, 9], [30, 40], [7, 3], None, ["x", 1]]))
    assert out == "a <mark>&lt;b&gt;bold</mark>&lt;/b&gt; &amp; &#39;q&#39; end"
    assert merge_spans([[5, 9], [0, 2], [2, 3], [8, 12]], 10) == [(0, 3), (5, 10)]
    assert merge_spans(None, 5) == []


def test_highlight_cuts_long_text_around_evidence():
    text = "x" * 3000 + "NEEDLE" + "y" * 3000
    out = str(highlight(text, [[3000, 3006]]))
    assert "<mark>NEEDLE</mark>" in out
    assert out.count("[…]") == 2 and len(out) < 800


def test_arabic_spans_with_harakat_mark_the_right_characters():
    word = "خَسِرْنَا"
    start = ARABIC.index(word)
    html = render(
        [post("ar1", ARABIC, lang="ar")],
        [label("ar1", "admission", spans=[(start, start + len(word))])],
    )
    assert f"<mark>{word}</mark>" in html
    assert 'dir="rtl" lang="ar"' in html
    # the text around the mark is intact, diacritics included
    assert f"{ARABIC[:start]}<mark>" in html and f"</mark>{ARABIC[start + len(word) :]}" in html


# --- safety --------------------------------------------------------------------------------


def test_hostile_post_is_escaped_and_inert():
    start = HOSTILE.index("<script>")
    html = render(
        [post("evil", HOSTILE, author="<b>bad</b>", source="https://evil.example/src")],
        [
            label(
                "evil",
                "incitement",
                spans=[(start, start + 8)],
                detail={"target": "<i>them</i>", "form": "threat"},
            ),
            label("evil", "despair", spans=[(0, len(HOSTILE))]),
        ],
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>&lt;script&gt;</mark>alert(1)" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>bad</b>" not in html and "&lt;b&gt;bad&lt;/b&gt;" in html
    assert "<i>them</i>" not in html and "&lt;i&gt;them&lt;/i&gt;" in html
    assert 'href="javascript:' not in html.lower()
    s = assert_self_contained(html)
    assert all((a.get("href") or "#").startswith("#") for t, a in s.tags if t == "a")
    inside = "".join(s.inside)
    assert "https://evil.example/x.png" in inside  # shown as inert text
    assert "\u202e" in inside and "\u202e" not in "".join(s.outside)
    assert "unicode-bidi: isolate" in html
    for _tag, attrs in s.tags:
        if "post-text" in (attrs.get("class") or ""):
            assert attrs.get("dir") in ("auto", "rtl"), attrs


def test_report_has_no_external_url_and_no_javascript():
    events = [Event(T0.date(), "Mosul", "isis_loss", "Battle", "a/b:c.md@1")]
    html = render([post(f"p{i}") for i in range(30)], [label("p1", "despair")], events)
    assert_self_contained(html)
    assert "<svg" in html and "xmlns" not in html
    assert "<script" not in html.lower()


# --- content -------------------------------------------------------------------------------


def test_synthetic_banner_and_accuracy_note():
    banner = "Synthetic demo data generated by undertow — not real posts"
    html = render([post("a")], [], synthetic=True, accuracy_note="Macro F1 0.71 on 400 posts.")
    assert banner in html and "Macro F1 0.71 on 400 posts." in html
    plain = render([post("a")], [], synthetic=False)
    assert banner not in plain and "have not been evaluated" in plain


def test_too_few_posts_are_marked_hollow_and_explained():
    posts = [post(f"s{i}", created_at=T0 + timedelta(hours=i)) for i in range(25)]
    posts += [post(f"w{i}", created_at=T0 + timedelta(days=7, hours=i)) for i in range(3)]
    html = render(posts, [label("s1", "despair"), label("w1", "worry")])
    assert "Weeks with fewer than 20 posts are shown hollow and not joined" in html
    assert 'class="few"' in html
    assert "too few posts (under 20)" in html  # point tooltip
    assert "(too few posts)" in html  # data table
    assert "Wilson score" in html and "bootstrap" in html
    assert "1 of 25 posts" in html  # the n of a point is in its tooltip


def test_corpus_summary_events_and_failure_causes():
    posts = [
        post("a", stance="official", lang="ar", source="amaq"),
        post("b", stance="supporter", created_at=None),
        post("c", stance="supporter", created_at=T0 + timedelta(days=40)),
    ]
    labels = [
        label("a", "failure_analysis", detail={"causes": ["air_power", "betrayal"]}),
        label("c", "failure_analysis", detail={"causes": ["air_power"]}),
    ]
    events = [
        Event(T0.date() + timedelta(days=3), "Manbij", "isis_loss", "Fall", "src/one.md@1"),
        Event(date(2010, 1, 1), "Nowhere", "other", "", "src/two.md@2"),
    ]
    html = render(posts, labels, events)
    assert "1 post has no time" in html
    assert "2017-03-06" in html and "2017-04-15" in html
    assert "amaq" in html and "Arabic" in html
    assert "Manbij" in html and "src/one.md@1" in html and 'class="outside"' in html
    assert "Event 1: 2017-03-09, Manbij" in html  # drawn on the charts
    assert "Event 2:" not in html  # outside the period: listed, not drawn
    failure = html[html.index('id="failure"') :]
    assert failure.count('<tr><th scope="row">') == len(CAUSES) + 1  # + the posts row
    assert (
        '<tr><th scope="row">air power</th><td class="n">1 <span class="muted">(100.0%)' in failure
    )
    assert '<tr><th scope="row">betrayal</th><td class="n">1 <' in failure  # official column
    assert '<tr><th scope="row">siege</th><td class="n">0 <' in failure


def test_incitement_list_is_newest_first_capped_and_counted():
    posts = [post(f"i{i}", created_at=T0 + timedelta(hours=i)) for i in range(205)]
    posts.append(post("untimed", created_at=None))
    labels = [
        label(p["id"], "incitement", detail={"target": f"T{p['id']}", "form": "threat"})
        for p in posts
    ]
    html = render(posts, labels)
    section = html[html.index('id="incitement"') : html.index('id="failure"')]
    assert "5 more incitement posts" in section or "6 more incitement posts" in section
    assert section.index("Ti204") < section.index("Ti203") < section.index("Ti10")
    assert "Ti0<" not in section  # the oldest fall beyond the cap
    assert section.count('<article class="post">') == 200


def test_telling_posts_prefer_distinct_authors_and_cap_per_language():
    posts = [post(f"same{i}", author="prolific") for i in range(8)]
    posts += [post(f"other{i}", author=f"a{i}") for i in range(3)]
    posts += [post(f"ar{i}", ARABIC, lang="ar", author=f"b{i}") for i in range(7)]
    labels = [label(f"same{i}", "defiance", score=0.99 - i / 100) for i in range(8)]
    labels += [label(f"other{i}", "defiance", score=0.5) for i in range(3)]
    labels += [label(f"ar{i}", "defiance", score=0.6) for i in range(7)]
    p, lab = tables(posts, labels)
    chosen = telling_posts(p, lab, "defiance", per_lang=5)
    assert set(chosen) == {"en", "ar"}
    assert [c.id for c in chosen["en"]] == ["same0", "same1", "other0", "other1", "other2"]
    assert len({c.author for c in chosen["en"][:4]}) == 4 or chosen["en"][0].author == "prolific"
    assert len(chosen["ar"]) == 5


# --- robustness ----------------------------------------------------------------------------


def test_empty_workspace_renders_a_clear_message():
    html = render([], [], synthetic=True)
    assert "This workspace holds no posts" in html
    assert "Synthetic demo data" in html
    assert_self_contained(html)
    p = pa.table({"id": pa.array([], pa.string())})
    assert "holds no posts" in render_report(p, None, [], title="t", meta=meta())


def test_posts_without_labels_and_labels_without_detail_do_not_crash():
    posts = [post("a"), post("b", created_at=None), post("c", author=None, lang="xx-YY-long")]
    labels = [
        label("b", "incitement", spans=None, detail=None),
        label("c", "failure_analysis", spans=[(99, 120)], detail="{broken"),
        label("ghost", "despair"),
    ]
    html = render(posts, labels)
    assert "not coded" in html  # incitement target and form missing
    assert "No post carries this label." in html
    html = render(posts, [])
    assert "No post is coded incitement." in html


def test_large_string_and_dictionary_columns_are_accepted():
    p, lab = tables([post("a"), post("b", stance="official")], [label("a", "despair")])
    p = p.set_column(2, "stance", p["stance"].dictionary_encode())
    lab = lab.cast(
        pa.schema(
            [f.with_type(pa.large_string()) if f.type == pa.string() else f for f in lab.schema]
        )
    )
    html = render_report(p, lab, [], title="t", meta=meta())
    assert "Despair" in html and html.count('<article class="post">') == 1


def test_corpus_without_any_time_says_so():
    html = render([post("a", created_at=None), post("b", created_at=None)], [])
    assert "None of the posts has a time" in html


def test_twenty_thousand_posts_render_quickly():
    rng = random.Random(7)
    posts, labels = [], []
    for i in range(20_000):
        lang = "ar" if i % 3 == 0 else "en"
        text = ARABIC if lang == "ar" else f"We lost the town but the war is long, brothers {i}."
        when = T0 + timedelta(hours=rng.randrange(24 * 600))
        stance = rng.choice(["official", "supporter", "internal", "observer"])
        posts.append(
            post(f"p{i}", text, lang=lang, created_at=when, author=f"u{i % 400}", stance=stance)
        )
        for name in LABELS:
            if rng.random() < 0.1:
                labels.append(label(f"p{i}", name, spans=[(0, 8)], score=rng.random()))
    p, lab = tables(posts, labels)
    start = time.perf_counter()
    html = render_report(p, lab, [], title="Big", meta=meta())
    elapsed = time.perf_counter() - start
    assert elapsed < 4.0, f"rendering 20,000 posts took {elapsed:.1f} s"
    assert len(html) < 3_000_000
    assert html.count('<article class="post">') <= len(LABELS) * 2 * 5 + 200


# --- charts --------------------------------------------------------------------------------


def _pt(
    day: date, value: float | None, n: int, few: bool, stance: str = "supporter"
) -> SeriesPoint:
    return SeriesPoint(day, stance, n, "distress_share", value, 0.05, 0.4, 3, few)


def test_chart_leaves_too_few_points_out_of_lines_and_bands():
    mon = date(2017, 1, 2)
    weeks = [mon + timedelta(days=7 * i) for i in range(5)]
    points = [
        _pt(weeks[0], 0.2, 30, False),
        _pt(weeks[1], 0.25, 40, False),
        _pt(weeks[2], 0.9, 3, True),
        _pt(weeks[3], 0.1, 25, False),
        _pt(weeks[4], None, 0, True),
    ]
    svg = str(
        line_chart(
            {"supporter": points, "<odd>": [_pt(weeks[0], 0.3, 50, False, "<odd>")]},
            chart_id="c1",
            title="T <x>",
            description="D",
            x_range=(weeks[0], weeks[4]),
            freq="week",
            kind="share",
            events=[EventMark(1, weeks[1], "Raqqa <b>", "loss")],
            min_n=20,
            stance_order=["supporter", "<odd>"],
        )
    )
    supporter = svg[svg.index('data-stance="supporter"') :]
    supporter = supporter[: supporter.index("</g>")]
    assert supporter.count("<polyline") == 1  # weeks 0-1 joined; week 3 alone
    assert supporter.count("<polygon") == 1
    polyline = supporter[supporter.index("<polyline") :]
    assert polyline[: polyline.index("/>")].count(",") == 2  # two points in the line
    assert supporter.count('class="few"') == 1  # week 2 hollow; week 4 has no value
    assert supporter.count("<circle") == 4
    assert "Raqqa &lt;b&gt;" in svg and "T &lt;x&gt;" in svg and "&lt;odd&gt;" in svg
    assert "<b>" not in svg and "<x>" not in svg
    assert "Jan" in svg and "2017" in svg  # month ticks


def test_chart_of_one_week_labels_its_dates():
    day = date(2017, 3, 6)
    svg = str(
        line_chart(
            {"official": [_pt(day, 0.2, 5, True, "official")]},
            chart_id="c2",
            title="t",
            description="d",
            x_range=(day, day + timedelta(days=7)),
            freq="week",
            kind="balance",
            events=[],
            min_n=20,
            stance_order=["official"],
        )
    )
    assert ">6 Mar<" in svg and ">2017<" in svg and ">+1.0<" in svg
