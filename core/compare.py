"""Year over year: last year's plans and shortcomings against this year's report.

Each item of last year's 下一年度工作安排 (part S-04) and of its 不足 (S-02) is
looked for in what this year's report says it did (every part except this
year's own 不足 and plans): **done** when this year's report shows most of the
item's concrete content, **partly** when some of it, **not found** otherwise —
with the best evidence sentence. Obligations covered or partly covered last
year and missing this year are listed too. Last year's reviewer notes stay
beside the item they were written on; verdicts are not carried over unless the
reviewer asks (`carry_over`).

Matching is by content words (jieba), weighted by how rare each word is in this
year's report, so "持续深化‘放管服’改革" is found by its distinctive words and not
by 推进/加强/法治.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import asdict, dataclass, field

from fzreview.core.analysis import COVERED, MISSING, PARTIAL, STATUS_NAMES
from fzreview.core.batch import report_facts
from fzreview.core.review import Review
from fzreview.core.segment import content_tokens
from fzreview.core.structure import L1_RE, PLANS, PROBLEMS

DONE, PARTLY, NOT_FOUND = "done", "partly", "not_found"
PLAN_STATUS_NAMES = {DONE: "已落实", PARTLY: "部分落实", NOT_FOUND: "未见落实"}

# Words that say nothing about which plan is meant (plans are written in them).
_GENERIC = frozenset("""
进一步 加强 推进 深入 持续 全面 提升 提高 完善 健全 强化 推动 落实 开展 工作 建设 法治 政府 依法 加大 力度
不断 积极 有序 切实 扎实 着力 坚持 深化 不够 有待 存在 问题 不足 部分 单位 我镇 我区 我县 我市 全镇 全区 全县
全市 各级 各部 部门 方面 重点 继续 努力 确保 实现 进行 相关 情况 以及 通过 加快 抓好 主要 需要 一定 程度
较为 仍然 仍有 还有 能力 水平 要求 做好 不断 充分 发挥 作用 相应 今年 明年 下一步 年度 以下 打算 计划 安排
""".split())
_ITEM_RE = re.compile(r"(?:^|(?<=[。；;：:，,]))\s*(?:[一二三四五六七八九十]是|第[一二三四五六七八九十][，,、]|"
                      r"[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.、．](?!\d))", re.M)
_SENT_RE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
_CLOSING = re.compile(r"^(?:特此报告|以上|相关新闻|附件|-\s)")

DONE_SHARE, PARTLY_SHARE = 0.55, 0.3  # weighted share of an item's content words found in one sentence


@dataclass
class PlanCheck:
    text: str
    status: str  # done | partly | not_found
    evidence: str  # this year's sentence that shows it ("" when not found)
    score: float
    source: str  # "plans" (S-04) or "problems" (S-02)
    start: int  # offsets in last year's report text
    end: int
    evidence_start: int | None = None  # offsets in this year's report text
    evidence_end: int | None = None
    notes: list[str] = field(default_factory=list)  # last year's reviewer notes on this passage


@dataclass
class LostObligation:
    id: str
    title: str
    last_status: str
    this_status: str
    last_note: str = ""


@dataclass
class Comparison:
    last_label: str
    this_label: str
    plans: list[PlanCheck]
    problems: list[PlanCheck]
    lost: list[LostObligation]
    last_has_plans: bool = True
    last_has_problems: bool = True

    def to_dict(self) -> dict:
        return {
            "last": self.last_label, "this": self.this_label,
            "plans": [asdict(p) for p in self.plans],
            "problems": [asdict(p) for p in self.problems],
            "lost": [asdict(x) for x in self.lost],
        }

    def counts(self, source: str = "plans") -> dict[str, int]:
        items = self.plans if source == "plans" else self.problems
        return {s: sum(1 for p in items if p.status == s) for s in PLAN_STATUS_NAMES}


def label(review: Review) -> str:
    f = report_facts(review)
    if not f.unit:
        return review.analysis.report.title or "报告"
    return f"{f.unit}{f.year}年度" if f.year else f.unit


# ---------------------------------------------------------------------- items


def _span(review: Review, part_id: str) -> tuple[int, int] | None:
    s = next((x for x in review.analysis.structure if x.id == part_id and x.present), None)
    if s is None or s.start is None or s.end is None:
        return None
    return s.start, s.end


def split_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of a plans or problems part: enumerated items (（一）, 一是, 1.) where
    there are any, else its sentences; a heading line and closing lines left out."""
    body = text[start:end]
    lines = []
    pos = 0
    for line in body.split("\n"):
        s, e = start + pos, start + pos + len(line)
        pos += len(line) + 1
        stripped = line.strip()
        if not stripped or _CLOSING.match(stripped):
            continue
        if L1_RE.match(stripped) and len(stripped) <= 25 and not re.search(r"[。；]", stripped[:-1]):
            continue  # the part's own heading
        lines.append((s, e))
    marks: list[tuple[int, int]] = []  # (item start, end of its line)
    for s, e in lines:
        for hit in _ITEM_RE.finditer(text, s, e):
            marks.append((hit.start() + len(hit.group(0)) - len(hit.group(0).lstrip()), e))
    if len(marks) >= 2:
        items = []
        for i, (mark, line_end) in enumerate(marks):
            nxt = marks[i + 1][0] if i + 1 < len(marks) else line_end
            items.append((mark, min(nxt, line_end)))
        return [(s, e) for s, e in items if len(text[s:e].strip()) >= 6]
    out = []
    for s, e in lines:
        for m in _SENT_RE.finditer(text, s, e):
            if len(m.group(0).strip()) >= 10:
                out.append((m.start(), m.end()))
    return out


# ---------------------------------------------------------------------- matching


@dataclass
class _Sentence:
    start: int
    end: int
    tokens: set[str]


class _ThisYear:
    def __init__(self, review: Review):
        text = review.analysis.report.text
        skip = [sp for sp in (_span(review, PROBLEMS), _span(review, PLANS)) if sp]
        self.text = text
        self.sentences: list[_Sentence] = []
        df: Counter = Counter()
        for m in _SENT_RE.finditer(text):
            if any(a <= m.start() < b for a, b in skip):
                continue
            toks = {t for t in content_tokens(m.group(0)) if t not in _GENERIC}
            if toks:
                self.sentences.append(_Sentence(m.start(), m.end(), toks))
                df.update(toks)
        n = len(self.sentences) + 1
        self.df = df
        self.idf_unseen = math.log(n + 1)
        self.n = n

    def idf(self, token: str) -> float:
        c = self.df.get(token, 0)
        return math.log((self.n + 1) / (c + 0.5)) if c else self.idf_unseen

    def best(self, tokens: set[str]) -> tuple[float, _Sentence | None]:
        if not tokens:
            return 0.0, None
        weights = {t: self.idf(t) for t in tokens}
        total = sum(weights.values())
        best, where = 0.0, None
        for s in self.sentences:
            shared = tokens & s.tokens
            if not shared:
                continue
            score = sum(weights[t] for t in shared) / total
            if score > best:
                best, where = score, s
        return best, where


def _check(last_text: str, span: tuple[int, int], this: _ThisYear, source: str) -> PlanCheck:
    s, e = span
    item = last_text[s:e].strip()
    # An item may hold several concrete plans; each sentence is looked for on its own.
    parts = [m.group(0) for m in _SENT_RE.finditer(item)] or [item]
    scored = []
    for part in parts:
        toks = {t for t in content_tokens(part) if t not in _GENERIC}
        if len(toks) < 2 and len(parts) > 1:
            continue  # a bare heading ("（一）加强理论学习。") says too little on its own
        scored.append((this.best(toks), len(toks)))
    if not scored:
        scored = [(this.best({t for t in content_tokens(item) if t not in _GENERIC}), 1)]
    found = [x for x in scored if x[0][0] >= DONE_SHARE]
    weight = sum(n for _, n in scored) or 1
    share_found = sum(n for _, n in found) / weight
    (top, where), _ = max(scored, key=lambda x: x[0][0])
    if found and share_found >= 0.5:
        status = DONE
    elif top >= PARTLY_SHARE:
        status = PARTLY
    else:
        status = NOT_FOUND
    evidence = this.text[where.start:where.end].strip() if where is not None and status != NOT_FOUND else ""
    return PlanCheck(text=item, status=status, evidence=evidence, score=round(top, 3), source=source,
                     start=s, end=e, evidence_start=where.start if evidence and where else None,
                     evidence_end=where.end if evidence and where else None)


def _notes_on(review: Review, start: int, end: int) -> list[str]:
    out = []
    for item in review.analysis.items:
        v = review.verdicts.get(item.id)
        if v is None or not v.note:
            continue
        if any(start <= ev.start < end for ev in item.evidence):
            out.append(f"{item.id} {item.title}：{v.note}")
    return out


NOT_A_REPORT_PAIR, OTHER_UNIT, NOT_EARLIER = "not_a_report", "other_unit", "not_earlier"


def pair_problems(last: Review, this: Review) -> list[tuple[str, str]]:
    """Why `last` may not be the same unit's report of an earlier year than `this`: (kind, message) pairs,
    empty when the pair is plausible. The command line and the app both ask this before comparing."""
    from fzreview.core.batch import not_a_report_reason

    out: list[tuple[str, str]] = []
    for which, review in (("上一年度", last), ("本年度", this)):
        reason = not_a_report_reason(review)
        if reason:
            out.append((NOT_A_REPORT_PAIR, f"{which}的文件不是年度报告：{reason}"))
    a, b = report_facts(last), report_facts(this)
    if a.unit and b.unit and a.unit != b.unit:
        out.append((OTHER_UNIT, f"两份报告不是同一单位：上一年度为“{a.unit}”，本年度为“{b.unit}”"))
    if a.year is not None and b.year is not None and a.year >= b.year:
        out.append((NOT_EARLIER, f"上一年度报告的年度（{a.year}）不早于本年度（{b.year}），请核对两份文件的顺序"))
    return out


def compare(last: Review, this: Review) -> Comparison:
    """Last year's plans and shortcomings checked against this year's report."""
    last_text = last.analysis.report.text
    index = _ThisYear(this)
    sections = {}
    for source, part in (("plans", PLANS), ("problems", PROBLEMS)):
        span = _span(last, part)
        checks = []
        if span:
            for item_span in split_items(last_text, *span):
                check = _check(last_text, item_span, index, source)
                check.notes = _notes_on(last, *item_span)
                checks.append(check)
        sections[source] = (checks, span is not None)
    lost = []
    this_items = {i.id: i for i in this.analysis.items}
    for item in last.analysis.items:
        now = this_items.get(item.id)
        if now is None or not item.applicable or not now.applicable:
            continue
        before, after = last.effective_status(item), this.effective_status(now)
        if before in (COVERED, PARTIAL) and after == MISSING:
            lost.append(LostObligation(item.id, item.title, before, after,
                                       last.verdicts.get(item.id).note if last.verdicts.get(item.id) else ""))
    return Comparison(last_label=label(last), this_label=label(this), plans=sections["plans"][0],
                      problems=sections["problems"][0], lost=lost, last_has_plans=sections["plans"][1],
                      last_has_problems=sections["problems"][1])


def carry_over(last: Review, this: Review, *, verdicts: bool = False) -> int:
    """Copy last year's notes (and, when asked, verdicts) onto this year's unreviewed items.

    A note goes where this year's item has none, marked as last year's; a verdict only
    where this year's item has none. Returns how many items were changed.
    """
    changed = 0
    this_items = {i.id for i in this.analysis.items}
    for item_id, v in last.verdicts.items():
        if item_id not in this_items:
            continue
        now = this.verdicts[item_id]
        touched = False
        if v.note and not now.note:
            this.set_note(item_id, f"（上年意见）{v.note}")
            touched = True
        if verdicts and v.verdict and not now.verdict:
            this.set_verdict(item_id, v.verdict)
            touched = True
        changed += touched
    return changed


def format_comparison(c: Comparison) -> str:
    lines = [f"对照：{c.last_label} → {c.this_label}", ""]
    for source, items, present, heading in (
            ("plans", c.plans, c.last_has_plans, "上年度工作安排的落实情况"),
            ("problems", c.problems, c.last_has_problems, "上年度所列不足的整改情况")):
        counts = c.counts(source)
        lines.append(f"{heading}（{len(items)} 项：" + "，".join(
            f"{PLAN_STATUS_NAMES[s]} {n}" for s, n in counts.items()) + "）：")
        if not present:
            lines.append("  上年度报告中未找到这一部分。")
        for n, p in enumerate(items, 1):
            lines.append(f"  {n}. [{PLAN_STATUS_NAMES[p.status]}] {_short(p.text, 60)}")
            if p.evidence:
                lines.append(f"     依据：{_short(p.evidence, 70)}")
            for note in p.notes:
                lines.append(f"     上年审查意见：{_short(note, 70)}")
        lines.append("")
    if c.lost:
        lines.append(f"上年度已写到、本年度未覆盖的义务（{len(c.lost)} 项）：")
        lines += [f"  {x.id} {x.title}（上年：{STATUS_NAMES.get(x.last_status, x.last_status)}）" for x in c.lost]
    else:
        lines.append("没有上年度已写到、本年度未覆盖的义务。")
    return "\n".join(lines)


def _short(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"
