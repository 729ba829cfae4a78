"""The cue analyzer codes by the codebook: labels, decision rules, evidence, and a dev baseline.

The examples below are written for these tests (not taken from any data set). The evaluation
on the dev gold sets (``shared``) prints per-label precision and recall and asserts only a
modest floor: this is the transparent baseline, not the accurate model.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undertow.analyzers.base import CAUSES, INCITEMENT_FORMS, LABELS, PostView
from undertow.analyzers.cues import CueAnalyzer
from undertow.analyzers.lexicon import compile_phrase, lexicon, parse_cues
from undertow.errors import AnalyzerError

ANALYZER = CueAnalyzer()


def code(text: str, lang: str = "en", stance: str | None = None) -> dict:
    """Labels of one post -> their annotations."""
    return {a.label: a for a in ANALYZER.analyze([PostView("p", text, lang, stance)])}


# --- one example per label, in both languages ---
POSITIVE = [
    ("despair", "It's over, brothers. The state is finished and there is no hope left.", "en"),
    ("despair", "انتهت الدولة ولا أمل، ضاع كل شيء", "ar"),
    ("worry", "I am afraid they will do the same to Raqqa next.", "en"),
    ("worry", "أخشى أن يكون الدور على الرقة، الله يستر", "ar"),
    ("failure_analysis", "We lost the town because of the drones and the spies among us.", "en"),
    ("failure_analysis", "خسرنا المدينة بسبب الطيران وخيانة العملاء", "ar"),
    ("consolation", "Do not be sad, brothers: this is a test from Allah.", "en"),
    ("consolation", "لا تحزنوا يا إخوة، إنما هو ابتلاء من الله والحرب سجال", "ar"),
    ("defiance", "We lost a battle, not the war. We will return.", "en"),
    ("defiance", "خسرنا معركة ولم نخسر الحرب، سنعود بإذن الله", "ar"),
    ("rebuke", "Stop whining, you of weak faith. Did you expect victory without trials?", "en"),
    ("rebuke", "كفاكم بكاء يا ضعاف الإيمان، أم حسبتم أن تدخلوا الجنة", "ar"),
    ("incitement", "Kill the crusaders wherever you find them.", "en"),
    ("incitement", "اقتلوا الصليبيين في كل مكان", "ar"),
    ("triumphalism", "Soldiers of the Khilafah destroyed two tanks of the Rafidi army.", "en"),
    ("triumphalism", "جنود الخلافة يدمرون دبابة للجيش الرافضي ويغتنمون أسلحة", "ar"),
    ("admission", "The brothers withdrew from the city after a long siege.", "en"),
    ("admission", "انسحاب المجاهدين من المدينة بعد حصار طويل", "ar"),
]


@pytest.mark.parametrize(("label", "text", "lang"), POSITIVE)
def test_each_label_is_found_with_evidence_on_its_cue(label: str, text: str, lang: str) -> None:
    found = code(text, lang)
    assert label in found, f"{label} missing; got {sorted(found)}"
    a = found[label]
    assert 0.5 <= a.score <= 1.0
    assert a.spans and all(0 <= s < e <= len(text) for s, e in a.spans)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Alhamdulillah. Jumu'ah mubarak to all the brothers and sisters.", "en"),
        ("Allahu akbar", "en"),
        ("سبحان الله وبحمده سبحان الله العظيم", "ar"),
        ("إنا لله وإنا إليه راجعون", "ar"),
        ("صباح الخير يا أحبة، جمعة مباركة", "ar"),
        ("New video released today, watch and share.", "en"),
    ],
)
def test_religious_formulae_greetings_and_news_sharing_are_none(text: str, lang: str) -> None:
    assert code(text, lang) == {}


# --- decision rules ---
def test_a_hedged_clause_is_an_admission_and_leans_to_defiance() -> None:
    for text, lang in [
        ("However much the state retreats, it remains.", "en"),
        ("Even if we lost Mosul, the war is long.", "en"),
        ("مهما تراجعت الدولة فهي باقية بإذن الله", "ar"),
        ("وإن خسرنا الفلوجة فالحرب طويلة", "ar"),
    ]:
        found = code(text, lang)
        assert {"admission", "defiance"} <= set(found), (text, sorted(found))
        assert "triumphalism" not in found


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("We are not finished, and the khilafah will remain.", "en"),
        ("They claim the state is finished. Let them dream.", "en"),
        ("لم نهزم ولن نهزم", "ar"),
        ("لن نستسلم ولن نركع", "ar"),
    ],
)
def test_negated_or_attributed_despair_is_defiance(text: str, lang: str) -> None:
    found = code(text, lang)
    assert "despair" not in found
    assert "defiance" in found


def test_despair_and_worry_differ_by_certainty() -> None:
    assert set(code("The caliphate is finished, it's over.")) == {"despair"}
    assert set(code("I fear the same will happen to Mosul.")) == {"worry"}
    assert set(code("Is this the end of the caliphate ?")) == {"worry"}
    assert set(code("هل انتهت الدولة؟ كلا والله", "ar")) == {"defiance"}


def test_grief_is_despair_only_next_to_a_loss_and_without_hope() -> None:
    assert "despair" in code("We lost Ramadi. My heart is broken, tears everywhere.")
    assert code("My heart is broken, tears everywhere.") == {}
    hopeful = code("We lost Ramadi. My heart is broken, but we will return.")
    assert "despair" not in hopeful and "defiance" in hopeful


def test_observer_and_opponent_reports_are_not_the_movements_voice() -> None:
    loss = "Iraqi forces entered Ramadi after the fighters withdrew from the city."
    assert "admission" in code(loss, stance="supporter")
    assert "admission" in code(loss, stance=None)  # unknown stance counts as in-group
    assert code(loss, stance="observer") == {}
    assert code(loss, stance="opponent") == {}
    combat = "Islamic State fighters destroyed three army tanks near Baiji."
    assert "triumphalism" in code(combat, stance="supporter")
    assert code(combat, stance="observer") == {}
    ar_loss = "دخول الجيش إلى الرمادي بعد انسحاب المجاهدين"
    assert "admission" in code(ar_loss, "ar", "supporter")
    assert code(ar_loss, "ar", "observer") == {}


def test_use_stance_false_codes_every_post_as_in_group() -> None:
    text = "Iraqi forces entered Ramadi after the fighters withdrew from the city."
    blind = CueAnalyzer(use_stance=False).analyze([PostView("p", text, "en", "observer")])
    assert "admission" in {a.label for a in blind}


def test_enemy_losses_are_not_an_admission() -> None:
    found = code("The Rafidi army fled Baiji and left their dead behind.")
    assert "admission" not in found
    assert "triumphalism" in found
    assert "admission" not in code("انسحاب الجيش الرافضي وفرار عناصره", "ar")


def test_triumphalism_excludes_posts_that_acknowledge_a_setback() -> None:
    found = code("We lost Ramadi, but our soldiers killed fifty apostates today.")
    assert "triumphalism" not in found
    assert {"admission", "defiance"} <= set(found)


def test_combat_bulletin_with_praise_of_god_is_triumphalism_only() -> None:
    for text, lang in [
        ("Soldiers of the Khilafah destroyed a Humvee and killed 5 soldiers, alhamdulillah.", "en"),
        ("تدمير آلية ومقتل عناصر من الجيش الصفوي في الرمادي، ولله الحمد", "ar"),
    ]:
        found = code(text, lang)
        assert "triumphalism" in found and "incitement" not in found, (text, sorted(found))


@pytest.mark.parametrize(
    ("text", "lang", "target"),
    [
        ("May Allah accept the lions who attacked Paris. Allahu akbar!", "en", "Paris"),
        (
            "Blessed attack on the crusaders' concert in Brussels, may Allah accept them.",
            "en",
            None,
        ),
        ("The apostate spy was executed in the square, alhamdulillah.", "en", None),
        ("تقبل الله الأسود الذين ضربوا باريس، الله أكبر", "ar", "باريس"),
        ("صور تنفيذ حكم الله في الجاسوس المرتد، ولله الحمد", "ar", None),
    ],
)
def test_praise_of_attacks_abroad_on_civilians_or_executions_is_endorsement(
    text: str, lang: str, target: str | None
) -> None:
    a = code(text, lang)["incitement"]
    assert a.detail["form"] == "endorsement"
    if target is not None:
        assert a.detail["target"] == target


def test_incitement_forms_and_targets_as_written() -> None:
    call = code("Kill the Crusaders wherever you find them")["incitement"]
    assert call.detail == {"target": "Crusaders", "form": "explicit_call"}
    threat = code("We will slaughter you in your homes, O crusaders")["incitement"]
    assert threat.detail["form"] == "threat" and threat.detail["target"] == "crusaders"
    ar = code("سنذبحكم يا عباد الصليب", "ar")["incitement"]
    assert ar.detail["form"] == "threat" and ar.detail["target"] == "عباد الصليب"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Coalition airstrikes killed 30 civilians in Raqqa, may Allah accept them.", "en"),
        ("ISIS claimed the attack in Brussels, officials said.", "en"),
        ("The regime forces kill the civilians of Ghouta every day.", "en"),
        ("مجزرة جديدة بحق أهل السنة بقصف التحالف الصليبي على الرقة", "ar"),
    ],
)
def test_enemy_attacks_and_neutral_reports_are_not_incitement(text: str, lang: str) -> None:
    assert "incitement" not in code(text, lang)


def test_rebuke_targets_fellow_members_not_the_enemy() -> None:
    assert "rebuke" in code("Shame on you who despair at the first loss.")
    assert "rebuke" not in code("Shame on you, crusaders, you will be defeated.")


def test_consolation_needs_a_comforting_cue() -> None:
    assert "consolation" not in code("Victory is coming, the khilafah will remain.")
    assert "consolation" in code("Be patient, my brothers, Allah is with the patient.")


def test_failure_analysis_names_its_causes() -> None:
    a = code("We lost Fallujah because of the airstrikes, the siege and our own mistakes.")[
        "failure_analysis"
    ]
    assert {"air_power", "siege"} <= set(a.detail["causes"]) <= set(CAUSES)
    other = code("The reason for the fall of Mosul was what went wrong inside.")
    assert other["failure_analysis"].detail["causes"] == ["other"]
    assert "failure_analysis" not in code("We lost Mosul.")


@pytest.mark.parametrize(
    ("text", "lang", "causes"),
    [
        (
            "We left the city. The planes never left the sky and the spies gave them every "
            "position.",
            "en",
            {"air_power", "betrayal"},
        ),
        ("انسحبنا من المدينة، الطيران لم يفارق السماء والجواسيس بيننا", "ar", {"air_power"}),
    ],
)
def test_causes_next_to_a_setback_are_failure_analysis_without_because(
    text: str, lang: str, causes: set[str]
) -> None:
    found = code(text, lang)
    assert "failure_analysis" in found, sorted(found)
    assert causes <= set(found["failure_analysis"].detail["causes"])


def test_a_named_cause_with_no_loss_in_view_is_not_failure_analysis() -> None:
    assert "failure_analysis" not in code("The planes were over the city all night.")
    assert "failure_analysis" not in code("الطيران فوق المدينة طوال الليل", "ar")


def test_a_negation_before_a_comma_does_not_govern_the_next_clause() -> None:
    found = code("والله اللي صار ما بعده قيامة، الدولة انتهت", "ar")
    assert "despair" in found and "defiance" not in found


def test_the_relative_ma_is_not_a_negation() -> None:
    found = code("والله ما أصابنا إلا بذنوبنا", "ar")
    assert "defiance" not in found


def test_the_enemys_advance_in_a_lost_city_is_not_defiance() -> None:
    found = code("الجيش العراقي يسيطر على مركز قضاء هيت والإخوة انسحبوا", "ar")
    assert "admission" in found and "defiance" not in found and "triumphalism" not in found


@pytest.mark.parametrize(
    ("label", "text", "lang"),
    [
        ("despair", "It's finished, akhi. I stopped believing, there is no coming back.", "en"),
        ("despair", "خلاص ماكو فايدة، كلشي راح", "ar"),
        ("rebuke", "Enough with the crying, where was your patience when we were winning?", "en"),
        ("rebuke", "بطلوا بكاء يا جماعة، انتو تكسرون معنويات الإخوة", "ar"),
        ("admission", "Mosul is gone and the brothers were overrun in the old city.", "en"),
        ("admission", "الموصل راحت والإخوة انسحبوا من الساحل الأيمن", "ar"),
        ("consolation", "Wipe your tears, brother, Allah does not waste your deeds.", "en"),
        ("incitement", "Strike the crusaders in their own lands, give them no rest.", "en"),
        ("incitement", "لا تتركوا صليبيا ينام آمنا في بلادكم", "ar"),
    ],
)
def test_forum_phrasings_of_the_rare_labels(label: str, text: str, lang: str) -> None:
    found = code(text, lang)
    assert label in found, f"{label} missing; got {sorted(found)}"


def test_arabic_clitics_attach_to_cue_words() -> None:
    assert "admission" in code("وبسقوط الرمادي تغير كل شيء", "ar")
    assert "defiance" in code("وسنعود", "ar")
    assert "admission" not in code("سقوط الرمادي بيد جنود الخلافة", "ar")


def test_cues_inside_links_and_handles_are_ignored() -> None:
    assert code("RT @baqiya_remaining_expanding https://t.co/itsover") == {}


def test_spans_map_back_through_diacritics_and_bidi_controls() -> None:
    text = "\u200fوَإِنْ خَسِرْنَا الفَلُّوجَةَ فَالحَرْبُ طَوِيلَةٌ"
    found = code(text, "ar")
    assert "admission" in found
    (start, end) = found["admission"].spans[0]
    assert text[start:end].startswith("وَإِنْ")


def test_every_annotation_respects_the_contract() -> None:
    posts = [PostView(str(i), t, lang) for i, (_, t, lang) in enumerate(POSITIVE)]
    out = ANALYZER.analyze(posts)
    assert out and {a.post_id for a in out} <= {p.id for p in posts}
    for a in out:
        assert a.label in LABELS and 0.0 <= a.score <= 1.0
        if a.label == "incitement":
            assert a.detail["form"] in INCITEMENT_FORMS


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_text_codes_without_error_and_spans_stay_inside(text: str) -> None:
    for a in ANALYZER.analyze([PostView("p", text, "ar")]):
        assert a.spans and all(0 <= s < e <= len(text) for s, e in a.spans)


def test_params_are_stored_unchanged_and_min_score_filters() -> None:
    strict = CueAnalyzer(min_score=0.95, use_stance=False)
    assert strict.get_params() == {"min_score": 0.95, "use_stance": False}
    assert strict.key == "codebook.cues@1.0.0"
    text = "Be patient, my brothers."
    assert "consolation" in code(text)
    assert strict.analyze([PostView("p", text, "en")]) == []


# --- the cue file format ---
def test_cue_files_parse_macros_and_report_errors_with_line_numbers() -> None:
    cues = parse_cues("@A:\n    x | y z\n@B = {A}s\n[sig]\n0.5 {B} w\n0.8 v\n")
    assert cues == {"sig": [(0.5, ["(?:x|y[\\W_]+z)s w"]), (0.8, ["v"])]}
    for bad, where in [("[s]\nheavy x\n", "line 2"), ("[s]\n0.5 {NOPE}\n", "line 2")]:
        with pytest.raises(AnalyzerError, match=where):
            parse_cues(bad, "t.cues")


def test_phrases_match_whole_words_across_hashtags_and_punctuation() -> None:
    import re

    source, negatable = compile_phrase("lost ~2 city", "en")[:2]
    rx = re.compile("(?<![^\\W_])" + source)
    assert rx.search("we lost the old city") and rx.search("#lost_the_city")
    assert not rx.search("we lost the old cityscape") and negatable
    assert not compile_phrase("!no hope", "en")[1]
    with pytest.raises(ValueError, match="gap inside parentheses"):
        compile_phrase("(a ~1 b)", "en")


def test_both_lexicons_compile_and_share_their_signal_names() -> None:
    assert set(lexicon("en").signals) == set(lexicon("ar").signals)


# --- honest evaluation on the dev gold sets ---
def _evaluate(rows: list[dict]) -> tuple[dict[str, tuple[int, int, int]], float]:
    posts = [PostView(r["id"], r["text"], r["lang"], r["stance"]) for r in rows]
    predicted: dict[str, set[str]] = {p.id: set() for p in posts}
    for a in ANALYZER.analyze(posts):
        predicted[a.post_id].add(a.label)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for r in rows:
        gold, pred = set(r["labels"]), predicted[r["id"]]
        tp.update(gold & pred)
        fp.update(pred - gold)
        fn.update(gold - pred)
    per_label = {label: (tp[label], fp[label], fn[label]) for label in LABELS}
    t, f_p, f_n = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return per_label, 2 * t / (2 * t + f_p + f_n) if t else 0.0


@pytest.mark.shared
@pytest.mark.parametrize(("lang", "floor"), [("en", 0.55), ("ar", 0.6)])
def test_dev_gold_baseline(shared, lang: str, floor: float) -> None:
    path = shared.path("gold", f"dev_{lang}.gold.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    per_label, micro_f1 = _evaluate(rows)
    print(f"\n{lang}: {len(rows)} posts, micro-F1 {micro_f1:.3f}")
    for label, (tp, fp, fn) in per_label.items():
        p = f"{tp / (tp + fp):.2f}" if tp + fp else "  - "
        r = f"{tp / (tp + fn):.2f}" if tp + fn else "  - "
        print(f"  {label:17s} P {p}  R {r}  (tp {tp}, fp {fp}, fn {fn})")
    assert micro_f1 >= floor
