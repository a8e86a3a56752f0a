"""The parts of an annual report, found from its headings and paragraphs.

The 《法治政府建设与责任落实督察工作规定》 asks every annual report for five
parts (checklists/report-structure.yaml, S-01…S-05). Reports mark them with
numbered headings (一、 （一） 1.), but not always: a problems part may be a
paragraph that starts "但……仍有差距。一是……", and next year's plans may start
with "2024年，我区将……". So parts are found in two passes:

1. level-1 headings are matched against the section terms and patterns;
2. a short unnumbered line of its own ("存在的问题和不足") opens a part not found yet;
3. where the problems or plans part has no heading, the first paragraph that
   reads like one opens it.

`ReportParts.part_at(offset)` answers "which part is this sentence in?", which
the matcher needs (evidence only in problems or plans is at most partial).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from fzreview.core.checklist import Section, StructureChecklist
from fzreview.core.document import Document

L1_RE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|第[一二三四五六七八九十]{1,3}(?:部分|章)\s*)")
L2_RE = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
L3_RE = re.compile(r"^\d{1,2}[.、．](?!\d)")

PROBLEMS, PLANS, MEASURES, LEADERSHIP, OTHER = "S-02", "S-04", "S-01", "S-03", "S-05"

# Heading wording beyond the checklist's own terms: kept general, not per report.
_HEADING_PATTERNS = {
    PROBLEMS: r"(?:存在|主要|面临)的?(?:主要)?(?:问题|不足|困难|短板)|问题(?:和|与|及)(?:不足|短板|原因|困难)|"
              r"(?:不足|短板|差距|薄弱环节)(?:和|与|及|、)?(?:原因|问题|不足)?$|困难和问题|不足之处",
    PLANS: r"下一?步|下一?年度?|(?:20\d\d|明)年(?:度)?(?:的)?(?:工作)?(?:计划|安排|打算|思路|重点|要点)|"
           r"(?:工作|主要)(?:打算|计划|安排|思路)|今后|努力方向",
    LEADERSHIP: r"第一责任人|(?:党政)?主要负责(?:人|同志).{0,12}(?:职责|责任|履职)|述法",
    OTHER: r"其他(?:需要)?(?:报告|说明)?的?(?:情况|事项)",
    MEASURES: r"(?:主要|工作)?(?:举措|做法|措施)(?:和|与|及)?(?:成效|成果)?|工作(?:开展)?情况|基本情况|主要成效|工作成效",
}

# A paragraph that opens the problems part without a heading.
_PROBLEM_MARKERS = re.compile(
    r"不够|不足|有待|欠缺|薄弱|不到位|不平衡|不充分|差距|仍有|仍存在|还存在|缺乏|不强|不高|不完善|不规范|短板|滞后|"
    r"存在[^，。；]{0,8}(?:问题|困难|现象|情况)")
_PROBLEM_OPENING = re.compile(r"(?:但|然而|同时|不过)[^。]{0,40}(?:仍|还|也|依然)(?:有|存在|面临)|存在(?:以下|一些|的)(?:问题|不足)|"
                              r"(?:问题|不足)(?:主要)?(?:表现|体现)(?:在|为)")
_PLAN_OPENING = re.compile(r"^(?:下一?步|下一年度?|今后|新的一年|(?:20\d\d|明)年(?:度)?[，,]?\s*[^，。]{0,12}?(?:将|要|计划|拟))")

_DUTY_RE = re.compile(r"第一责任人|(?:党政)?主要负责(?:人|同志)[^。]{0,20}(?:履行|职责|责任|述法)")
_CAUSE_RE = re.compile(r"原因|由于|导致|造成|根源|究其|缘于|源于|归结|归因|受[^，。；]{1,12}(?:影响|制约|限制)|"
                       r"主要是因为|是因为")


@dataclass
class Heading:
    level: int
    start: int
    end: int  # end of the heading text (first sentence of its paragraph)
    text: str
    paragraph: int


@dataclass
class PartSpan:
    id: str
    start: int
    end: int
    source: str  # heading | paragraph


@dataclass
class ReportParts:
    spans: list[PartSpan]  # top-level parts in order (preamble, S-01, S-02, S-04, S-05)
    leadership: PartSpan | None
    headings: list[Heading]
    causes_analysed: bool | None = None  # None when there is no problems part
    cause_span: tuple[int, int] | None = None
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self):
        self._starts = [s.start for s in self.spans]

    def top_part_at(self, offset: int) -> str:
        i = bisect_right(self._starts, offset) - 1
        return self.spans[i].id if i >= 0 else "preamble"

    def part_at(self, offset: int) -> str:
        """The innermost part: the leadership section where it nests, else the top-level part."""
        if self.leadership and self.leadership.start <= offset < self.leadership.end:
            top = self.top_part_at(offset)
            if top not in (PROBLEMS, PLANS):
                return LEADERSHIP
            return top
        return self.top_part_at(offset)

    def span_of(self, part_id: str) -> PartSpan | None:
        if part_id == LEADERSHIP:
            return self.leadership
        return next((s for s in self.spans if s.id == part_id), None)


def find_headings(doc: Document) -> list[Heading]:
    out = []
    for index, para in enumerate(doc.paragraphs):
        text = doc.text[para.start:para.end]
        for level, rx in ((1, L1_RE), (2, L2_RE), (3, L3_RE)):
            if rx.match(text):
                cut = re.search(r"[。！？；]", text)
                end = para.start + (cut.start() if cut else len(text))
                out.append(Heading(level, para.start, end, doc.text[para.start:end], index))
                break
    return out


def _section_regex(section: Section) -> re.Pattern[str]:
    alts = [re.escape(t) for t in section.terms] + list(section.patterns)
    extra = _HEADING_PATTERNS.get(section.id)
    if extra:
        alts.append(extra)
    return re.compile("|".join(f"(?:{a})" for a in alts))


def detect_parts(doc: Document, structure: StructureChecklist) -> ReportParts:
    headings = find_headings(doc)
    content = [s for s in structure.sections if s.kind == "content"]
    regexes = {s.id: _section_regex(s) for s in content}
    text = doc.text

    # 1. level-1 headings (the highest heading level present) mapped to parts.
    top_level = min((h.level for h in headings), default=1)
    tops = [h for h in headings if h.level == top_level] if headings else []
    if top_level == 3 and len(tops) < 3:
        tops = []
    boundaries: list[tuple[int, str, str]] = []  # (start, part, source)
    for h in tops:
        label = h.text
        part = None
        for pid in (PROBLEMS, PLANS, OTHER, MEASURES):
            if pid in regexes and regexes[pid].search(label):
                part = pid
                break
        boundaries.append((h.start, part or MEASURES, "heading"))

    # 2. unnumbered headings: a short line of its own ("存在的问题和不足") for a part not found yet.
    have = {b[1] for b in boundaries}
    for index, para in enumerate(doc.paragraphs):
        line = text[para.start:para.end]
        if index == 0 or len(line) > 25 or re.search(r"[。；！？]", line):
            continue
        for pid in (PROBLEMS, PLANS, OTHER):
            if pid not in have and pid in regexes and regexes[pid].search(line):
                boundaries.append((para.start, pid, "heading"))
                have.add(pid)
                break

    # 3. problems / plans opened by a paragraph rather than a heading.
    first_body = tops[0].start if tops else int(len(text) * 0.3)
    have = {b[1] for b in boundaries}
    if PROBLEMS not in have:
        for para in doc.paragraphs:
            if para.start < first_body:
                continue
            chunk = text[para.start:para.end]
            if _PROBLEM_OPENING.search(chunk[:120]) and len(_PROBLEM_MARKERS.findall(chunk)) >= 3:
                boundaries.append((para.start, PROBLEMS, "paragraph"))
                break
    have = {b[1] for b in boundaries}
    if PLANS not in have:
        after = max((b[0] for b in boundaries if b[1] == PROBLEMS), default=first_body)
        for para in doc.paragraphs:
            if para.start <= after:
                continue
            if _PLAN_OPENING.search(text[para.start:para.end][:40]):
                boundaries.append((para.start, PLANS, "paragraph"))
                break

    boundaries.sort()
    spans: list[PartSpan] = []
    if not boundaries or boundaries[0][0] > 0:
        spans.append(PartSpan("preamble", 0, boundaries[0][0] if boundaries else len(text), "position"))
    for i, (start, part, source) in enumerate(boundaries):
        end = boundaries[i + 1][0] if i + 1 < len(boundaries) else len(text)
        spans.append(PartSpan(part, start, end, source))

    parts = ReportParts(spans=spans, leadership=None, headings=headings)
    parts.leadership = _find_leadership(doc, headings, parts, regexes.get(LEADERSHIP))
    _analyse_causes(doc, parts)
    return parts


def _find_leadership(doc: Document, headings: list[Heading], parts: ReportParts,
                     rx: re.Pattern[str] | None) -> PartSpan | None:
    """The section on the principal leaders' first-responsibility duties.

    A heading at any level whose text names it, else the first paragraph that
    does; never inside the problems or plans parts (those are not a report of
    what the leaders did).
    """
    if rx is None:
        return None
    text = doc.text
    for i, h in enumerate(headings):
        if parts.top_part_at(h.start) in (PROBLEMS, PLANS) or not rx.search(h.text):
            continue
        end = len(text)
        for nxt in headings[i + 1:]:
            if nxt.level <= h.level:
                end = nxt.start
                break
        return PartSpan(LEADERSHIP, h.start, end, "heading")
    for para in doc.paragraphs:
        chunk = text[para.start:para.end]
        if parts.top_part_at(para.start) in (PROBLEMS, PLANS):
            continue
        if _DUTY_RE.search(chunk):
            return PartSpan(LEADERSHIP, para.start, para.end, "paragraph")
    return None


def _analyse_causes(doc: Document, parts: ReportParts) -> None:
    span = parts.span_of(PROBLEMS)
    if span is None:
        return
    start = span.start
    if span.source == "heading":  # the heading itself ("存在的不足和原因") is not an analysis
        start = doc.text.find("\n", span.start, span.end) + 1 or span.start
    m = _CAUSE_RE.search(doc.text, start, span.end)
    parts.causes_analysed = m is not None
    if m:
        parts.cause_span = (m.start(), m.end())
