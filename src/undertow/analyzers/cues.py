"""``codebook.cues.v1``: a transparent bilingual baseline that codes posts from cue lists.

Every label is justified by the cue phrases that triggered it (evidence spans cover the clause
around each cue). The cue lists live in :mod:`undertow.analyzers.lexicon`; this module applies
the codebook's decision rules to them:

- **stance**: with ``use_stance`` an ``observer`` or ``opponent`` post is not the movement's
  voice, so only ``failure_analysis`` and ``incitement`` are coded for it (its report of a loss
  is not an admission, its combat report not triumphalism); incitement by endorsement then
  needs an explicit word of praise. ``None`` (unknown) counts as in-group;
- **negation and attribution**: a despair, admission or worry cue preceded by a negation
  ("we are not finished", "لم نهزم") counts as defiance instead; one attributed to others
  ("they claim the state is finished", "يزعمون") is not the author's voice; despair asked as
  a question ("is this the end of the state?") is worry, unless answered "no" (defiance);
- **setbacks**: a post that acknowledges a setback (an admission cue, a hedged clause such as
  "however much the state retreats" / "مهما تراجعت" / "وإن خسرنا", or despair) is never
  triumphalism: its boasts count as defiance, and a hedged clause is admission and leans to
  defiance;
- **rule 5**: praise of an attack on civilians or abroad, or of an execution, is incitement
  (endorsement); a combat bulletin against soldiers or tanks, with or without praise of God, is
  triumphalism only; attacks by the enemy (airstrikes, massacres) are never endorsed;
- **rule 4**: religious formulae are weak cues that never make a label alone; grief counts as
  despair only next to a loss and when the post does not turn it into hope;
- consolation needs a comforting cue (an address, "do not be sad", "this is a test");
  rebuke cues name fellow members' despair, impatience or weak faith, not the enemy.

**Score**: each cue has a weight (0.8 a cue that makes the label alone, 0.5-0.7 one that
usually does, 0.25-0.35 a weak cue); a label's score is the noisy-OR ``1 - prod(1 - w)`` of
its distinct cues, capped at 0.99. Labels scoring below ``min_score`` are not assigned.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from typing import Any

from undertow.analyzers.base import CAUSES, LABELS, Analyzer, Annotation, PostView
from undertow.analyzers.lexicon import GATES, Hit, Lexicon, lexicon
from undertow.text.normalize import analysis_text, orig_span

__all__ = ["CueAnalyzer"]

OUT_GROUP = frozenset({"opponent", "observer"})
OUT_GROUP_LABELS = frozenset({"failure_analysis", "incitement"})
MAX_SPANS = 5
_CLAUSE_REACH = 160  # characters searched for the end of a clause on each side of a cue
_ARABIC = re.compile(r"[\u0621-\u064a]")
_LATIN = re.compile(r"[a-z]{2}")
_MASK = "\u00f8"  # ø
_LINKS = re.compile(r"https?://\S+|www\.\S+|@\w+")
_CLAUSE_BREAK = re.compile(r"[.!?؟;؛\n,،…|•]")
_NO = re.compile(r"no|never|nope|nah|كلا|لا|ابدا|مستحيل|هيهات")
_GATE_OF = {signal: gate for gate, members in GATES.items() for signal in members}
_WORDS = re.compile(r"[^\W_]+(?:[’'][^\W_]+)?")


def _noisy_or(hits: list[Hit], norm: str) -> float:
    """Noisy-OR of the weights of distinct cues (a cue repeated in a post counts once)."""
    seen: dict[str, float] = {}
    for h in hits:
        key = norm[h.start : h.end]
        seen[key] = max(seen.get(key, 0.0), h.weight)
    miss = math.prod(1.0 - w for w in seen.values())
    return round(min(0.99, 1.0 - miss), 3)


def _reweigh(hits: list[Hit], weight: float) -> list[Hit]:
    return [Hit(min(h.weight, weight), h.start, h.end, h.negatable) for h in hits]


def _overlaps(hit: Hit, others: list[Hit]) -> bool:
    return any(hit.start < o.end and o.start < hit.end for o in others)


class _Post:
    """One post's analysis text and the hits of each signal, computed on first request."""

    __slots__ = ("_cache", "_gates", "breaks", "lexicons", "norm", "offsets", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        norm, self.offsets = analysis_text(text)
        # links and @handles are masked (same length, so offsets still hold): no cue in them.
        # The mask is a letter no cue uses, so the scan does not stop inside it.
        norm = _LINKS.sub(lambda m: _MASK * len(m.group()), norm)
        self.norm = norm
        lexicons: list[Lexicon] = []
        if _LATIN.search(norm):
            lexicons.append(lexicon("en"))
        if _ARABIC.search(norm):
            lexicons.append(lexicon("ar"))
        self.lexicons = lexicons
        self._cache: dict[str, list[Hit]] = {}
        self._gates: dict[tuple[str, str], bool] = {}
        self.breaks: list[int] | None = None

    def hits(self, signal: str) -> list[Hit]:
        """Every hit of ``signal`` in this post (in every language whose script it contains)."""
        found = self._cache.get(signal)
        if found is None:
            gate = _GATE_OF.get(signal)
            found = [
                h
                for lex in self.lexicons
                if gate is None or self._open(lex, gate)
                for h in lex.hits(signal, self.norm)
            ]
            self._cache[signal] = found
        return found

    def _open(self, lex: Lexicon, gate: str) -> bool:
        key = (lex.lang, gate)
        opened = self._gates.get(key)
        if opened is None:
            opened = self._gates[key] = lex.opens(gate, self.norm)
        return opened

    def _any(self, signal: str, text: str) -> bool:
        return any(lex.hits(signal, text) for lex in self.lexicons)

    def flip(self, hit: Hit) -> str | None:
        """``"neg"`` if a negation governs the cue, ``"attrib"`` if others are quoted, else None."""
        norm = self.norm
        before = norm[max(0, hit.start - 60) : hit.start]
        cut = max(before.rfind(c) for c in ".!?؟;؛\n,،")  # a negation stops at a comma
        if cut >= 0:
            before = before[cut + 1 :]
        words = _WORDS.findall(before)
        if hit.negatable and (
            self._any("neg", " ".join(words[-3:])) or self._any("neg", norm[hit.start : hit.end])
        ):
            return "neg"
        if self._any("attrib", " ".join(words[-6:])):
            return "attrib"
        return None

    def asked(self, hit: Hit) -> str | None:
        """``"asked"`` if the cue's clause is a question, ``"denied"`` if it is answered "no"."""
        end = self.clause(hit.start, hit.end)[1]
        while end < len(self.norm) and self.norm[end].isspace():
            end += 1
        if end >= len(self.norm) or self.norm[end] not in "?؟":
            return None
        answer = _WORDS.findall(self.norm[end + 1 : end + 30])[:2]
        return "denied" if answer and _NO.fullmatch(answer[0]) else "asked"

    def after_subject(self, hit: Hit) -> bool:
        """Whether the word just before the cue is a subject ("they kill the...": a report)."""
        words = _WORDS.findall(self.norm[max(0, hit.start - 30) : hit.start])
        return bool(words) and self._any("subject", words[-1])

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text behind ``[start, end)`` of the analysis text."""
        return orig_span(self.offsets, start, end, len(self.text))

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """Widen ``[start, end)`` to the clause around it (bounded by punctuation or reach)."""
        if self.breaks is None:
            self.breaks = [m.start() for m in _CLAUSE_BREAK.finditer(self.norm)]
        breaks = self.breaks
        i = bisect_left(breaks, start)
        lo = breaks[i - 1] + 1 if i else 0
        lo = max(lo, start - _CLAUSE_REACH)
        j = bisect_right(breaks, end - 1)
        hi = breaks[j] if j < len(breaks) else len(self.norm)
        hi = min(hi, end + _CLAUSE_REACH)
        while lo < start and self.norm[lo].isspace():
            lo += 1
        while hi > end and self.norm[hi - 1].isspace():
            hi -= 1
        return lo, hi


class CueAnalyzer(Analyzer):
    """Code posts by the codebook from English and Arabic cue lists, with evidence spans.

    ``min_score``: the lowest score at which a label is assigned. ``use_stance``: apply the
    stance rules (observer and opponent posts are not the movement's voice).
    """

    name = "codebook.cues"
    version = "1.0.0"
    produces = LABELS
    languages = ("en", "ar")

    def __init__(self, *, min_score: float = 0.5, use_stance: bool = True) -> None:
        self.min_score = min_score
        self.use_stance = use_stance

    def analyze(self, posts: list[PostView]) -> list[Annotation]:
        """Code a batch of posts; return one annotation per assigned label, in label order."""
        out: list[Annotation] = []
        for post in posts:
            out.extend(self._code(post))
        return out

    # --- one post ----------------------------------------------------------------------------
    def _code(self, post: PostView) -> list[Annotation]:
        text = post.text
        if not text or text.isspace():
            return []
        p = _Post(text)
        if not p.lexicons:
            return []
        ingroup = not self.use_stance or post.stance not in OUT_GROUP
        ev: dict[str, list[Hit]] = {label: [] for label in LABELS}
        detail: dict[str, dict[str, Any]] = {}
        self._morale(p, ev)
        self._failure(p, ev, detail)
        self._incitement(p, ev, detail, ingroup)
        out: list[Annotation] = []
        for label in LABELS:
            hits = ev[label]
            if not hits or (not ingroup and label not in OUT_GROUP_LABELS):
                continue
            score = _noisy_or(hits, p.norm)
            if score < self.min_score:
                continue
            spans = self._spans(p, hits)
            if not spans:  # cannot happen for a non-empty cue; never emit a label without evidence
                continue
            out.append(Annotation(post.id, label, score, spans, detail.get(label, {})))
        return out

    @staticmethod
    def _spans(p: _Post, hits: list[Hit]) -> list[tuple[int, int]]:
        """The clauses around the strongest cues, merged, as spans of the original text."""
        strongest = sorted(hits, key=lambda h: (-h.weight, h.start))[:MAX_SPANS]
        widened = sorted(p.clause(h.start, h.end) for h in strongest)
        merged: list[list[int]] = []
        for a, b in widened:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        spans = [p.original(a, b) for a, b in merged]
        return [(s, e) for s, e in spans if s < e]

    @staticmethod
    def _morale(p: _Post, ev: dict[str, list[Hit]]) -> None:
        """Admission, despair, worry, consolation, defiance, rebuke and triumphalism."""
        consolation = p.hits("consolation")
        rebuke = p.hits("rebuke")
        defiance = list(p.hits("defiance"))
        comforted = consolation + rebuke
        admission: list[Hit] = []
        for h in p.hits("admission"):
            why = p.flip(h)
            if why == "neg":
                defiance.append(Hit(0.5, h.start, h.end, False))
            elif why is None:
                admission.append(h)
        hedge = p.hits("hedge")
        admission += hedge
        defiance += _reweigh(hedge, 0.35)
        despair: list[Hit] = []
        worry: list[Hit] = []
        for h in p.hits("despair"):
            if _overlaps(h, comforted):
                continue
            why = p.flip(h) or p.asked(h)
            if why == "asked":  # "is this the end of the state?" fears, it is not certain
                worry.append(Hit(0.5, h.start, h.end, False))
            elif why is not None:  # negated, attributed, or asked and answered "no"
                defiance.append(Hit(0.5, h.start, h.end, False))
            else:
                despair.append(h)
        for h in p.hits("worry"):
            why = p.flip(h)
            if why == "neg":
                defiance.append(Hit(0.5, h.start, h.end, False))
            elif why is None:
                worry.append(h)
        setback = any(h.weight >= 0.5 for h in admission) or _noisy_or(despair, p.norm) >= 0.5
        triumph = p.hits("triumph")
        if triumph:  # the enemy killing civilians is not our victory
            enemy_acts = p.hits("incite.enemy")
            triumph = [h for h in triumph if not _overlaps(h, enemy_acts) and p.flip(h) != "neg"]
        if setback:
            # boasts next to a setback are defiance, but not the enemy's own advance
            # ("the army took control of the city" is an admission cue and a triumph cue)
            boasts = [h for h in triumph if h.weight >= 0.5 and not _overlaps(h, admission)]
            defiance += _reweigh(boasts, 0.6)
            triumph = []
        else:  # "remaining and expanding" with no setback in view is a boast, not defiance
            defiance = [h for h in defiance if not _overlaps(h, triumph)]
        hopeful = _noisy_or(defiance, p.norm) >= 0.5 or _noisy_or(consolation, p.norm) >= 0.5
        if setback and not hopeful:
            grief = p.hits("grief")
            if grief:
                despair += grief + [Hit(0.25, h.start, h.end, False) for h in admission[:1]]
        ev["admission"] = admission
        ev["despair"] = despair
        ev["worry"] = worry
        ev["consolation"] = consolation
        ev["defiance"] = defiance
        ev["rebuke"] = rebuke
        ev["triumphalism"] = triumph

    @staticmethod
    def _failure(p: _Post, ev: dict[str, list[Hit]], detail: dict[str, dict[str, Any]]) -> None:
        """Failure analysis: a loss in view and a named cause or mistake."""
        lossctx = p.hits("lossctx")
        if not (lossctx or ev["admission"] or ev["despair"]):
            return
        strong = p.hits("failure")
        causal = p.hits("causal")
        by_cause = {c: p.hits(f"cause.{c}") for c in CAUSES if c != "other"}
        causes = [c for c in CAUSES if by_cause.get(c)]
        # with no causal word, a cause still explains a loss when two causes are named, or
        # one next to an acknowledged setback ("the planes never left the sky; we left the city")
        setback = any(h.weight >= 0.5 for h in ev["admission"] + ev["despair"])
        if not strong and not causal and not (len(causes) >= 2 or (causes and setback)):
            return
        if not strong and not causes:
            return
        cause_hits = [h for c in causes for h in by_cause[c][:1]]
        hits = strong + causal + cause_hits + _reweigh(lossctx[:1], 0.25)
        ev["failure_analysis"] = hits
        detail["failure_analysis"] = {"causes": causes or ["other"]}

    @staticmethod
    def _incitement(
        p: _Post, ev: dict[str, list[Hit]], detail: dict[str, dict[str, Any]], ingroup: bool
    ) -> None:
        """Incitement: explicit calls, threats, and endorsement of attacks on civilians,
        abroad, or executions (rule 5)."""
        calls = [h for h in p.hits("incite.call") if not p.after_subject(h) and p.flip(h) != "neg"]
        threats = [h for h in p.hits("incite.threat") if p.flip(h) != "neg"]
        endorse: list[Hit] = []
        executions = p.hits("incite.execution")
        attacks = p.hits("incite.attack")
        places: list[Hit] = []
        if executions or attacks:
            enemy = p.hits("incite.enemy")
            praise = p.hits("incite.praise")
            framing = p.hits("framing") if ingroup else []
            support = praise[:2] + framing[:1]
            own = [
                h
                for h in executions
                if not _overlaps(Hit(0, *p.clause(h.start, h.end), False), enemy)
            ]
            if own:
                endorse += _reweigh(own, 0.5 if ingroup else 0.3) + support
            if attacks and not enemy:
                places = p.hits("incite.abroad") + p.hits("incite.civilian")
                if places:  # the attack and its place make 0.35; praise or framing add to it
                    endorse += _reweigh(attacks[:1], 0.35) + _reweigh(places[:2], 0.0) + support
        forms = [
            ("explicit_call", calls),
            ("threat", threats),
            ("endorsement", endorse),
        ]
        scored = [
            (_noisy_or(hits, p.norm), -i, form, hits)
            for i, (form, hits) in enumerate(forms)
            if hits
        ]
        if not scored:
            return
        _, _, form, hits = max(scored)
        anchor = max(hits, key=lambda h: h.weight)
        ev["incitement"] = hits
        detail["incitement"] = {"target": _target(p, form, anchor, places), "form": form}


def _target(p: _Post, form: str, anchor: Hit, places: list[Hit]) -> str | None:
    """The target phrase nearest to the incitement cue, as written in the original text."""
    targets = places if form == "endorsement" and places else p.hits("target")
    inside = [h for h in targets if anchor.start <= h.start and h.end <= anchor.end]
    if inside:  # "kill the crusaders": the target is part of the cue
        best = inside[0]
    else:
        near = [h for h in targets if abs(h.start - anchor.end) <= 120]
        if not near:
            return None
        best = min(near, key=lambda h: (abs(h.start - anchor.end), h.start))
    start, end = p.original(best.start, best.end)
    return p.text[start:end]
