"""From sentence signals to one item result: status, probability, evidence, reasons.

1. Each candidate sentence gets a probability of evidencing the obligation
   (the `sentence` model over its signals).
2. The item is described by a few numbers (ITEM_FEATURES): the best and
   second-best sentence, the best sentence the guide lets count as covered
   ("uncapped"), how many sentences in the measures part name it, what the
   best sentence is like, and how often the obligation is addressed at all.
3. `addressed` gives P(covered or partial) — the `score` a reviewer sees, a
   calibrated probability — and `covered` gives P(covered | addressed).
   Status: missing below the `addressed` threshold; otherwise covered when
   P(covered | addressed) reaches its threshold and at least one sentence is
   not capped by the guide's rules (problems/plans part, weakening words,
   generic wording, a bare list, a cited document name, a bare heading);
   else partial.
"""

from __future__ import annotations

from dataclasses import dataclass

from fzreview.core.analysis import COVERED, MISSING, PART_NAMES, PARTIAL, Evidence
from fzreview.core.judgement.model import Weights, log_odds, sigmoid
from fzreview.core.judgement.signals import MIN_LEARNED, SentenceSignals, logit
from fzreview.core.matcher import TextIndex
from fzreview.core.structure import LEADERSHIP, MEASURES, PLANS, PROBLEMS

NONE_LOGIT = -8.0  # stands for "no such sentence"
EVIDENCE_FLOOR = 0.15  # sentences below this probability are not shown as evidence

ITEM_FEATURES = (
    "bias", "best", "second", "strong_sentences", "best_uncapped", "best_capped", "term_mentions",
    "best_term", "best_figure", "best_act", "best_weak", "best_problems_plans", "best_preamble",
    "best_list_or_cited", "best_generic", "prior", "max_learned", "max_cosine", "max_char_sim",
    "max_exemplar", "rival_margin", "rival_first", "best_formula",
)


@dataclass
class ScoredSentence:
    signals: SentenceSignals
    z: float  # sentence model logit

    @property
    def p(self) -> float:
        return sigmoid(self.z)


@dataclass
class Judgement:
    status: str
    score: float  # P(addressed)
    p_covered: float  # P(covered | addressed)
    evidence: list[Evidence]
    why: list[str]
    vector: list[float]


def score_sentences(signals: list[SentenceSignals], weights: Weights) -> list[ScoredSentence]:
    scored = [ScoredSentence(s, log_odds(weights.sentence, s.vector())) for s in signals]
    scored.sort(key=lambda s: s.z, reverse=True)
    return scored


Rivals = dict[int, list[tuple[float, int]]]  # sentence → the two best (logit, obligation number) on it


def rivals(scored_lists: list[list[ScoredSentence]]) -> Rivals:
    """For every candidate sentence of a report, the two obligations it evidences best."""
    top: Rivals = {}
    for k, scored in enumerate(scored_lists):
        for s in scored:
            pair = top.setdefault(s.signals.index, [(NONE_LOGIT, -1), (NONE_LOGIT, -1)])
            if s.z > pair[1][0]:
                pair[1] = (s.z, k)
                if s.z > pair[0][0]:
                    pair[0], pair[1] = pair[1], pair[0]
    return top


def rival_features(scored: list[ScoredSentence], k: int, top: Rivals | None) -> list[float]:
    """How the best sentence's claim compares with the other obligations' claims on it: the margin
    over the strongest other obligation, and whether this obligation is the strongest."""
    if not scored or top is None:
        return [0.0, 0.0]
    best = scored[0]
    (z1, k1), (z2, _k2) = top[best.signals.index]
    other = z2 if k1 == k else z1
    return [max(-8.0, min(8.0, best.z - other)), float(k1 == k)]


def item_vector(scored: list[ScoredSentence], prior: float, rival: list[float] | None = None) -> list[float]:
    best = scored[0] if scored else None
    uncapped = [s.z for s in scored if not s.signals.capped]
    capped = [s.z for s in scored if s.signals.capped]
    mentions = sum(1 for s in scored if s.signals.terms and s.signals.part in (MEASURES, LEADERSHIP, "", "S-05")
                   and not s.signals.weak)
    b = best.signals if best else None
    return [
        1.0,
        best.z if best else NONE_LOGIT,
        scored[1].z if len(scored) > 1 else NONE_LOGIT,
        min(3, sum(1 for s in scored if s.z >= 0)) / 3,
        max(uncapped, default=NONE_LOGIT),
        max(capped, default=NONE_LOGIT),
        min(3, mentions) / 3,
        float(bool(b and b.terms)),
        float(bool(b and b.figure)),
        float(bool(b and b.act)),
        float(bool(b and b.weak)),
        float(bool(b and b.part in (PROBLEMS, PLANS))),
        float(bool(b and b.part == "preamble")),
        float(bool(b and (b.list_only or b.cited_only))),
        float(bool(b and b.generic)),
        logit(prior),
        max((s.signals.learned for s in scored), default=0.0) / 10,
        max((s.signals.cosine for s in scored), default=0.0),
        max((s.signals.char_sim for s in scored), default=0.0),
        max((s.signals.exemplar for s in scored), default=0.0),
        *(rival or [0.0, 0.0]),
        float(bool(b and b.formula)),
    ]


def decide(p_addressed: float, p_covered: float, any_sentence: bool, any_uncapped: bool,
           thresholds: dict[str, float]) -> str:
    """The status from the two probabilities, the thresholds and the guide's caps."""
    if not any_sentence or p_addressed < thresholds["addressed"]:
        return MISSING
    if any_uncapped and p_covered >= thresholds["covered"]:
        return COVERED
    return PARTIAL


def judge(scored: list[ScoredSentence], prior: float, idx: TextIndex, weights: Weights,
          rival: list[float] | None = None, max_evidence: int = 5) -> Judgement:
    """One item's result from its scored candidate sentences (score_sentences)."""
    x = item_vector(scored, prior, rival)
    p_a = weights.calibrated(sigmoid(log_odds(weights.addressed, x)))
    # P(covered | addressed) matters only for an item that may be addressed
    p_c = sigmoid(log_odds(weights.covered, x)) if scored and p_a >= weights.thresholds["addressed"] else 0.0
    # Only a sentence likely to be evidence may lift the item to covered.
    any_uncapped = any(not s.signals.capped and s.p >= EVIDENCE_FLOOR for s in scored)
    status = decide(p_a, p_c, bool(scored), any_uncapped, weights.thresholds)
    if status == MISSING:
        return Judgement(MISSING, round(p_a, 3), round(p_c, 3), [], [
            "报告中未找到足以说明本项义务的表述"], x)
    # Evidence: the likeliest sentences; for a covered item an uncapped one comes first.
    shown = [s for s in scored if s.p >= EVIDENCE_FLOOR] or scored[:1]
    if status == COVERED:
        shown.sort(key=lambda s: (not s.signals.capped, s.z), reverse=True)
    shown = shown[:max_evidence]
    evidence = []
    for s in shown:
        sent = idx.sentences[s.signals.index]
        evidence.append(Evidence(start=sent.start, end=sent.end, text=sent.text,
                                 terms=s.signals.terms + s.signals.broad, part=s.signals.part,
                                 score=round(s.p, 3), weak=list(s.signals.weak)))
    why = reasons(shown[0].signals, status, p_a, p_c, len(shown))
    return Judgement(status, round(p_a, 3), round(p_c, 3), evidence, why, x)


def reasons(s: SentenceSignals, status: str, p_a: float, p_c: float, n: int) -> list[str]:
    """Why, in Chinese, from the best sentence's signals: first line the verdict's reason."""
    part = PART_NAMES.get(s.part, s.part)
    if s.terms:
        first = f"报告直接写到了本项的关键说法：{'、'.join(s.terms[:4])}（{part}）"
    elif s.broad:
        first = (f"报告用了{'、'.join(s.broad[:3])}等较宽泛的说法，"
                 f"{'有其他表述佐证' if s.broad_corroborated else '没有其他表述佐证'}（{part}）")
    elif s.learned >= MIN_LEARNED:
        first = f"未直接使用清单用语，但用词与审查人认定本项时常见的表述相近（{part}）"
    else:
        first = f"报告有与本项要求意思相近的表述（{part}），但没有直接写到本项的关键说法"
    out = [first]
    if s.part in (PROBLEMS, PLANS):
        out.append(f"出现在“{part}”部分，至多部分覆盖")
    if s.weak:
        out.append(f"用了{'、'.join(s.weak[:3])}等较原则或计划性的说法")
    if s.generic:
        out.append("只有笼统表述，没有具体举措或数据")
    if s.list_only:
        out.append("只在列举中提及名称，未说明做了什么")
    if s.cited_only:
        out.append("只出现在所引文件的名称（《》）中，未说明做了什么")
    if s.heading and not s.figure:
        out.append("只在小标题中出现，正文未具体说明")
    if status == COVERED:
        details = [w for w, on in (("有具体举措", s.act), ("有数据", s.figure)) if on]
        if details:
            out.append("、".join(details))
    if n > 1:
        out.append(f"共 {n} 处相关表述")
    return out
