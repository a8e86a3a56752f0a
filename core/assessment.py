"""What the assessment (审查意见) of one report says, computed once for every renderer.

``build_assessment(source)`` takes an ``Analysis`` (automatic result only) or a
``Review`` and returns an ``Assessment``: plain dataclasses holding every
sentence, table row and figure of the document, already worded for the
reviewed body (no scores, no matcher vocabulary, quotes kept whole). The PDF
(core.render_pdf), the Word file (core.render_docx) and the printed copy in the
app (ui.printing) only lay it out. No Qt, no reportlab, no python-docx here.

The document, in order: title and status line; header fields; 一、总体结论
(conclusion, counts, coverage per part, the report's required parts, findings);
any ``extra_sections``; 二、逐项审查结果 (applicable items only; the not
applicable ones are counted and listed in an appendix); 三、整改建议; the
signature block (审查单位 with room for the seal, 审查人, 日期); appendices.
Chapter numbers are given by ``Assessment.chapters()``, so a section added to
``extra_sections`` (generic ``Block``s) is numbered and rendered by every
renderer without touching them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as _date

from fzreview.core.analysis import (
    CONTENT_SECTIONS,
    COVERED,
    FINDING_NAMES,
    MISSING,
    PART_NAMES,
    PARTIAL,
    SEVERITY_NAMES,
    STATUS_NAMES,
    Analysis,
    ItemResult,
    best_evidence,
    problem_findings,
    structure_state,
)
from fzreview.core.checklist import LEVEL_NAMES, ChecklistError, load_structure
from fzreview.core.review import VERDICT_NAMES, Review, Verdict, checklist_for, effective_status
from fzreview.core.wording import clip, one_line, sentence

APP_NAME = "法治报告审查台"
DEFAULT_CHECKLIST_TITLE = "法治政府建设实施纲要（2021－2025年）"
CONFIRMED_MARK = "经审查人确认"
AUTOMATIC_MARK = "自动初判，待审查人确认"
DRAFT_LINE = "（草稿：自动初判结果，尚未经审查人确认）"
NUMERALS = "一二三四五六七八九十"
TITLE_CHARS = 120  # item, clause and part titles in table rows
NOTE_CHARS, NOTE_LINES = 240, 8  # beyond this a note goes to the appendix in full
EVIDENCE_CHARS = 90

# An obligation about the annual report itself (e.g. 执行年度报告制度): the report under
# review is its fulfilment, so no advice to "add" it to the report can apply; its
# timeliness is judged in 报告构成与报送公开.
_ABOUT_THE_REPORT = re.compile(r"年度报告")


# ---------------------------------------------------------------- the model


@dataclass
class Facts:
    """The report's facts as the assessment states them."""
    title: str  # without 《》
    unit: str  # the reviewed body, "" if unknown
    level: str  # Chinese tier name, "" if unknown
    level_note: str  # e.g. "（人工指定）"
    year: int | None
    date: str  # signing or publication date, ISO, "" if unknown
    titled: bool = True  # False: no title was found and `title` names the report by unit and year

    def name(self) -> str:
        """The report as text names it: 《title》, or, with no title found, by unit and year
        without 《》 (no invented title)."""
        return f"《{self.title}》" if self.titled else f"{self.title}（未识别出标题）"


@dataclass
class Field:
    label: str
    value: str


@dataclass
class Count:
    label: str
    value: str
    status: str | None = None  # a status key, for colour


@dataclass
class PartCoverage:
    ref: str
    title: str
    short_title: str
    applicable: int
    covered: int
    partial: int
    missing: int
    coverage: float


@dataclass
class StructureRow:
    id: str
    title: str
    verdict: str  # 具备 / 缺失 / 符合 / 不符合 / 待核实 / 未写（非必备）
    state: str  # ok | missing | check | optional
    detail: str


@dataclass
class GroupRow:
    """A part or clause heading inside the item table."""
    kind: str  # part | clause
    text: str


@dataclass
class ItemRow:
    id: str
    title: str
    auto_status: str  # status key
    auto_text: str  # 已覆盖 / 部分覆盖 / 未覆盖
    reason: str  # plain words, why the automatic result
    verdict: str | None  # verdict key, None if not reviewed
    verdict_text: str  # 符合 … / 未审查
    note: str  # the reviewer's note as shown in the table (clipped)
    note_clipped: bool
    changed: bool  # obligation or automatic result changed since the verdict
    evidence: str  # 〔part〕 whole quote, "" if none
    status: str  # effective status key (for colour)


@dataclass
class Block:
    """A generic piece of an extra section: a paragraph or a simple table."""
    kind: str  # heading | body | list | note | table
    text: str = ""
    header: list[str] = field(default_factory=list)  # table only
    rows: list[list[str]] = field(default_factory=list)  # table only
    widths: list[float] = field(default_factory=list)  # table only, relative


@dataclass
class Section:
    title: str  # unnumbered, e.g. "与上一年度报告对比"
    blocks: list[Block]


@dataclass
class SuggestionGroup:
    heading: str  # unnumbered, e.g. "未覆盖的义务（12 项）"
    lines: list[str]


@dataclass
class Signature:
    unit: str  # 审查单位, "" = a line to fill in
    reviewer: str
    checker: str  # 复核人
    date: str  # already formatted, "" = a line to fill in


@dataclass
class Appendix:
    title: str
    entries: list[tuple[str, str]]  # (heading, text)


@dataclass
class Assessment:
    title: str
    status_line: str  # under the title: draft or how much a reviewer confirmed
    draft: bool  # no verdict at all: an automatic draft
    facts: Facts
    header: list[Field]
    conclusion: list[str]
    counts: list[Count]
    parts: list[PartCoverage]
    chart_caption: str
    structure: list[StructureRow]
    findings: list[str]
    table_note: str
    show_verdicts: bool  # the item table has a 审查意见 column
    rows: list[GroupRow | ItemRow]
    not_applicable: list[tuple[str, str]]  # (id, title) of items that do not apply
    suggestions: list[SuggestionGroup]
    signature: Signature
    appendices: list[Appendix]
    extra_sections: list[Section] = field(default_factory=list)
    checklist_title: str = ""
    header_line: str = ""  # running header text

    def chapters(self) -> list[tuple[str, str]]:
        """(key, numbered title) of the top-level chapters in order."""
        keys = [("conclusion", "总体结论")]
        keys += [(f"extra:{n}", s.title) for n, s in enumerate(self.extra_sections)]
        keys += [("items", "逐项审查结果"), ("suggestions", "整改建议")]
        return [(k, f"{NUMERALS[n]}、{t}") for n, (k, t) in enumerate(keys)]

    def chapter(self, key: str) -> str:
        return dict(self.chapters())[key]

    def item_rows(self) -> list[ItemRow]:
        return [r for r in self.rows if isinstance(r, ItemRow)]


# ---------------------------------------------------------------- facts


def report_facts(source: Analysis | Review) -> Facts:
    """The one place the assessment reads the report's facts from: core.facts.effective_facts
    (the detected facts with the reviewer's corrections laid over)."""
    from fzreview.core.facts import effective_facts

    analysis = source.analysis if isinstance(source, Review) else source
    f = effective_facts(source)
    unit = one_line(f.unit.value or "")
    level = LEVEL_NAMES.get(str(f.level.value or ""), "")
    note = "（审查人更正）" if level and f.level.corrected else ""
    year = f.year.value if isinstance(f.year.value, int) else None
    title = one_line(analysis.report.title)
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        title = title[1:-1].strip()
    titled = bool(title)
    if not title:
        title = f"{unit}{f'{year}年度' if year else '年度'}法治政府建设报告" if unit or year else "法治政府建设年度报告"
    # Nested titles take single angle brackets inside 《》.
    title = title.replace("《", "〈").replace("》", "〉")
    return Facts(title=title, unit=unit, level=level, level_note=note, year=year,
                 date=str(f.date.value or f.published.value or ""), titled=titled)


def report_title(source: Analysis | Review) -> str:
    """The report's title as it should appear inside 《》 (without the brackets)."""
    return report_facts(source).title


def document_title(source: Analysis | Review) -> str:
    return f"{report_facts(source).name()}对标审查意见"


def format_date(value: str | None) -> str:
    """"2025-03-01" → "2025年3月1日"; None → today; anything else as given."""
    if value is None:
        d = _date.today()
        return f"{d.year}年{d.month}月{d.day}日"
    value = one_line(value)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", value)
    if m:
        return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日"
    return value


def pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def checklist_name(title: str) -> str:
    """A checklist title as text names it: 《…》."""
    t = one_line(title) or DEFAULT_CHECKLIST_TITLE
    return t if t.startswith("《") else f"《{t}》"


# ---------------------------------------------------------------- building


class _Source:
    """What the builder needs from an Analysis or a Review, in one shape."""

    def __init__(self, source: Analysis | Review, reviewer: str):
        if isinstance(source, Review):
            self.review: Review | None = source
            self.analysis = source.analysis
            self.summary = source.summary()
            reviewer = reviewer or source.reviewer
            self.checklist = source.checklist()
        elif isinstance(source, Analysis):
            self.review = None
            self.analysis = source
            self.summary = source.summary()
            self.checklist = checklist_for(source.checklist_id)
        else:
            raise TypeError(f"an assessment needs an Analysis or a Review, not {type(source).__name__}")
        self.reviewer = one_line(reviewer)
        try:
            self.structure_checklist = load_structure()
        except ChecklistError:
            self.structure_checklist = None
        self.part_titles = dict(self.analysis.part_titles)
        if self.checklist is not None:
            for part in self.checklist.parts:
                if not self.part_titles.get(part.ref):
                    self.part_titles[part.ref] = part.title

    def verdict(self, item: ItemResult) -> Verdict:
        if self.review is None:
            return Verdict()
        return self.review.verdicts.get(item.id) or Verdict()

    def status(self, item: ItemResult) -> str | None:
        """Effective status, None for an item that does not apply."""
        return effective_status(item, self.verdict(item))

    def confirmed(self, item: ItemResult) -> bool:
        return bool(self.verdict(item).verdict)

    def requirement(self, item_id: str) -> str:
        if self.checklist is None:
            return ""
        ob = self.checklist.get(item_id)
        return ob.requirement if ob else ""

    def section(self, section_id: str):
        return self.structure_checklist.get(section_id) if self.structure_checklist is not None else None


def build_assessment(source: Analysis | Review, *, reviewer: str = "", date: str | None = None,
                     unit: str = "") -> Assessment:
    """The whole assessment of `source`.

    `reviewer` defaults to the review's reviewer; `date` ("2025-03-01", default
    today) is the assessment's date; `unit` is the reviewing body (审查单位),
    left as a line to fill in when empty.
    """
    src = _Source(source, reviewer)
    a = src.analysis
    facts = report_facts(source)
    applicable = [i for i in a.items if src.status(i) is not None]
    confirmed = sum(1 for i in applicable if src.confirmed(i))
    any_verdict = src.review is not None and src.review.reviewed_count() > 0
    draft = not any_verdict
    if draft:
        status_line = DRAFT_LINE
    elif confirmed >= len(applicable):
        status_line = "（经审查人逐项确认）"
    else:
        status_line = f"（审查人已确认 {confirmed} 项，其余 {len(applicable) - confirmed} 项为自动初判）"
    date_text = format_date(date)
    checklist_title = a.checklist_title or DEFAULT_CHECKLIST_TITLE
    out = Assessment(
        title=f"{facts.name()}对标审查意见",
        status_line=status_line,
        draft=draft,
        facts=facts,
        header=_header(src, facts, draft, confirmed, len(applicable), date_text),
        conclusion=_conclusion(src, facts, draft, confirmed, len(applicable)),
        counts=_counts(src),
        parts=_parts(src),
        chart_caption="纲要各部分覆盖情况（条内数字为项数；右侧为覆盖率，部分覆盖按半项计）"
        if "纲要" in checklist_title else "清单各部分覆盖情况（条内数字为项数；右侧为覆盖率，部分覆盖按半项计）",
        structure=_structure(a),
        findings=_findings(a),
        table_note=_table_note(draft),
        show_verdicts=not draft,
        rows=_rows(src, draft),
        not_applicable=[(i.id, i.title) for i in a.items if src.status(i) is None],
        suggestions=_suggestions(src),
        signature=Signature(unit=one_line(unit), reviewer=src.reviewer, checker="", date=date_text),
        appendices=[],
        checklist_title=checklist_title,
        header_line=f"{APP_NAME} · {clip(facts.title, 34)}",
    )
    if out.not_applicable:
        out.appendices.append(Appendix(
            f"附：不适用于本级的义务（{len(out.not_applicable)} 项，未列入逐项审查结果）",
            [("", "；".join(f"{i} {clip(t, 40)}" for i, t in out.not_applicable) + "。")]))
    notes = _long_notes(src)
    if notes:
        out.appendices.append(Appendix("附：审查批注全文", notes))
    return out


def _header(src: _Source, facts: Facts, draft: bool, confirmed: int, applicable: int, date_text: str) -> list[Field]:
    a = src.analysis
    level = (facts.level + facts.level_note) if facts.level else "未识别（按全部义务计算）"
    if draft:
        progress = "自动初判草稿，尚未经审查人确认"
    else:
        progress = f"审查人已确认 {confirmed} / {applicable} 项适用义务"
    return [
        Field("报告标题", clip(a.report.title, 200) or "（未识别出标题）"),
        Field("被审查单位", clip(facts.unit, 60) or "未识别"),
        Field("层级", level),
        Field("报告年度", f"{facts.year}年度" if facts.year else "未识别"),
        Field("来源格式", (a.report.source_format or "—").upper()
              + ("（扫描件，文字经 OCR 识别）" if a.report.source_kind == "ocr" else "")),
        Field("对照清单", clip(checklist_name(a.checklist_title or a.checklist_id), 200)),
        Field("文件指纹", f"SHA-256 {(a.report.sha256 or '')[:16] or '—'}"),
        Field("审查状态", progress),
        Field("审查人", src.reviewer or "（未填写）"),
        Field("审查日期", date_text),
    ]


def _structure(a: Analysis) -> list[StructureRow]:
    rows = []
    for x in a.structure:
        verdict, state = structure_state(x)
        detail = x.detail or ("" if x.present else "报告中未找到相应内容。" if x.id in CONTENT_SECTIONS else "")
        rows.append(StructureRow(x.id, clip(x.title, TITLE_CHARS), verdict, state, clip(detail, 300)))
    return rows


def _conclusion(src: _Source, facts: Facts, draft: bool, confirmed: int, applicable: int) -> list[str]:
    a, s = src.analysis, src.summary
    who = facts.unit or "被审查单位"
    na = len(a.items) - applicable
    first = f"经逐项对照{checklist_name(a.checklist_title)}的 {len(a.items)} 项义务"
    if s["applicable"] == 0:
        return [first + "，没有适用于本报告的义务，无法计算覆盖率。"]
    if not facts.level:
        first += "（未识别出报告层级，按全部义务计算）"
    scope = f"适用于{facts.level}的" if facts.level else "适用的"
    text = (first + f"，{who}{scope} {s['applicable']} 项义务中，报告已覆盖 {s[COVERED]} 项、"
            f"部分覆盖 {s[PARTIAL]} 项、未覆盖 {s[MISSING]} 项")
    if na:
        text += f"（另有 {na} 项不适用）"
    text += f"，覆盖率为 {pct(s['coverage'])}（部分覆盖按半项计）。"
    cov = s["coverage"]
    if cov >= 0.85:
        text += "报告对各项任务的反映总体全面。"
    elif cov >= 0.6:
        text += "报告反映了大部分任务，但仍有部分义务未体现或体现不充分。"
    else:
        text += "报告对各项任务的反映不够全面，未体现的义务较多，建议对照本意见整改建议部分补充完善。"
    counted = [p for p in s["parts"] if p["applicable"]]
    weak = [p["ref"] for p in counted if p["coverage"] < 0.5]
    if weak and len(weak) == len(counted):
        text += "各部分的覆盖率均低于 50%。"
    elif weak and len(weak) > 3:
        text += f"{len(counted)} 个部分中有 {len(weak)} 个部分的覆盖率低于 50%（第{'、'.join(weak)}部分）。"
    elif weak:
        text += f"其中第{'、'.join(weak)}部分的覆盖率低于 50%。"
    paragraphs = [text]
    ocr_notice = a.report.ocr_notice()
    if ocr_notice:  # a scanned report: the figures rest on recognised text
        paragraphs.append(ocr_notice)
    if a.structure:
        missing = [x for x in a.structure if structure_state(x)[1] in ("missing", "check")]
        content_missing = [x for x in missing if x.id in CONTENT_SECTIONS]
        rules_missing = [x for x in missing if x.id not in CONTENT_SECTIONS]
        if content_missing:
            t = "报告缺少规定内容：" + "；".join(x.title for x in content_missing) + "。"
        else:
            t = "报告具备规定的必备内容。"
        for state, lead in (("不符合", "报送或公开不符合要求："), ("待核实", "报送或公开时限需要核实：")):
            these = [x for x in rules_missing if structure_state(x)[0] == state]
            if these:
                t += lead + "；".join(x.title + (f"（{one_line(x.detail).rstrip('。')}）" if x.detail else "")
                                      for x in these) + "。"
        counted = problem_findings(a.findings)
        if counted:
            t += f"另有 {len(counted)} 项需要核实的问题，列于下文。"
        paragraphs.append(t)
    if draft:
        paragraphs.append("以上结果为程序对照清单自动初判，尚未经审查人确认，仅作审查参考，不作为审查结论。")
    elif confirmed >= applicable:
        paragraphs.append(f"以上 {applicable} 项适用义务均经审查人确认，数字已按审查人意见计算。")
    else:
        paragraphs.append(f"以上 {applicable} 项适用义务中，{confirmed} 项经审查人确认，"
                          f"其余 {applicable - confirmed} 项为自动初判，待审查人确认；数字已按审查人意见调整。")
    return paragraphs


def _counts(src: _Source) -> list[Count]:
    s = src.summary
    na = sum(1 for i in src.analysis.items if src.status(i) is None)
    return [Count("适用义务", str(s["applicable"])),
            Count(STATUS_NAMES[COVERED], str(s[COVERED]), COVERED),
            Count(STATUS_NAMES[PARTIAL], str(s[PARTIAL]), PARTIAL),
            Count(STATUS_NAMES[MISSING], str(s[MISSING]), MISSING),
            Count("不适用", str(na)),
            Count("覆盖率", pct(s["coverage"]))]


def _short_part_title(title: str, limit: int = 15) -> str:
    first = re.split(r"[，,；;]", title or "", maxsplit=1)[0].strip()
    return clip(first, limit)


def _parts(src: _Source) -> list[PartCoverage]:
    out = []
    for p in src.summary["parts"]:
        title = src.part_titles.get(p["ref"], "") or p.get("title", "")
        out.append(PartCoverage(p["ref"], title, _short_part_title(title), p["applicable"], p[COVERED],
                                p[PARTIAL], p[MISSING], p["coverage"]))
    return out


def _findings(a: Analysis) -> list[str]:
    out = []
    for f in problem_findings(a.findings) + [f for f in a.findings if f.severity == "info"]:
        if f.kind == "no_figures":
            continue
        tag = "·".join(x for x in (SEVERITY_NAMES.get(f.severity, ""), FINDING_NAMES.get(f.kind, "")) if x)
        out.append((f"〔{tag}〕" if tag else "") + sentence(clip(f.message, 200)))
    no_figures = [i for f in a.findings if f.kind == "no_figures" for i in f.item_ids]
    if no_figures:
        kind = FINDING_NAMES.get("no_figures", "缺少量化数据")
        out.append(f"〔{SEVERITY_NAMES.get('info', '提示')}·{kind}〕以下 {len(no_figures)} 项可量化的工作"
                   f"报告有所反映，但未列出任何数据：" + "、".join(no_figures) + "。")
    return out


def _table_note(draft: bool) -> str:
    text = ("说明：“自动结果”为程序对照清单自动初判的结果及简要理由；"
            "“依据摘录”为报告中最相关的一句（方括号内为所在部分）。")
    if not draft:
        text += "“审查意见”为审查人的结论和批注，未审查的项目以自动结果为准，待审查人确认。"
    text += "不适用于本级的义务不列入本表，见附录。"
    return text


def plain_reason(item: ItemResult) -> str:
    """Why the automatic result, in plain words (no scores, no matcher terms)."""
    if item.status == MISSING:
        return "报告中未见相关内容"
    ev = best_evidence(item)
    if item.status == COVERED:
        return "报告有相应的具体表述" if ev is None or ev.part == "S-01" else "报告有相应表述"
    if ev is None:
        return "报告有所涉及，但不够具体"
    if ev.part in ("S-02", "S-04"):
        return f"仅在“{PART_NAMES[ev.part]}”中提及"
    if ev.part == "preamble":
        return "仅在报告开头概述中提及，正文未具体说明"
    if ev.weak:
        return "表述较原则或仅为计划，缺少具体举措"
    return "报告有所涉及，但缺少具体举措或成效"


def evidence_text(item: ItemResult, limit: int = EVIDENCE_CHARS) -> str:
    """〔part〕 and the best evidence sentence, clipped without cutting a quote."""
    ev = best_evidence(item)
    if ev is None:
        return ""
    where = PART_NAMES.get(ev.part, ev.part or "正文")
    text = f"〔{where}〕{clip(ev.text, limit)}"
    if ev.weak:
        text += f"（含“{'、'.join(ev.weak[:3])}”等弱化表述）"
    return text


def clip_note(note: str) -> tuple[str, bool]:
    """The part of a reviewer's note shown in the item table (a table row cannot span pages)."""
    text = note.strip()
    lines = text.split("\n")
    clipped = len(lines) > NOTE_LINES
    text = "\n".join(lines[:NOTE_LINES])
    if len(text) > NOTE_CHARS:
        text, clipped = text[:NOTE_CHARS], True
    return text, clipped


def _rows(src: _Source, draft: bool) -> list[GroupRow | ItemRow]:
    rows: list[GroupRow | ItemRow] = []
    parts = {p["ref"]: p for p in src.summary["parts"]}
    last_part = last_clause = None
    for item in src.analysis.items:
        status = src.status(item)
        if status is None:
            continue
        if item.part_ref != last_part:
            last_part, last_clause = item.part_ref, None
            title = clip(src.part_titles.get(item.part_ref, ""), TITLE_CHARS)
            p = parts.get(item.part_ref)
            stats = f"（适用 {p['applicable']} 项，覆盖率 {pct(p['coverage'])}）" if p and p["applicable"] else ""
            rows.append(GroupRow("part", (f"{item.part_ref}、{title}" if item.part_ref else (title or "其他"))
                                 + stats))
        if item.clause and item.clause != last_clause:
            last_clause = item.clause
            rows.append(GroupRow("clause", clip(item.clause, TITLE_CHARS)))
        v = src.verdict(item)
        note, clipped = clip_note(v.note) if v.note else ("", False)
        rows.append(ItemRow(
            id=item.id, title=clip(item.title, TITLE_CHARS), auto_status=item.status,
            auto_text=STATUS_NAMES.get(item.status, item.status or "—"),
            reason=_about_report_reason(src, item) or plain_reason(item),
            verdict=v.verdict, verdict_text=VERDICT_NAMES.get(v.verdict, v.verdict) if v.verdict else "未审查",
            note=note, note_clipped=clipped,
            changed=bool(src.review is not None and src.review.changed_since_review(item.id)),
            evidence=evidence_text(item), status=status))
    return rows


def about_the_report(title: str, requirement: str) -> bool:
    """True for an obligation about the annual report itself (e.g. 执行年度报告制度)."""
    return bool(_ABOUT_THE_REPORT.search(title or "") or _ABOUT_THE_REPORT.search(requirement or ""))


def _about_report_reason(src: _Source, item: ItemResult) -> str:
    if item.status != COVERED and about_the_report(item.title, src.requirement(item.id)):
        return "本报告即为该项工作的体现，按时报送和公开情况见“报告构成与报送公开”"
    return ""


def _long_notes(src: _Source) -> list[tuple[str, str]]:
    if src.review is None:
        return []
    out = []
    for item in src.analysis.items:
        note = src.verdict(item).note
        if note and clip_note(note)[1]:
            out.append((f"{item.id} {item.title}", note.strip()))
    return out


def _suggestions(src: _Source) -> list[SuggestionGroup]:
    a = src.analysis
    groups: list[SuggestionGroup] = []
    problems = [x for x in a.structure if structure_state(x)[1] in ("missing", "check")]
    lines = [line for line in (_structure_advice(src, x) for x in problems) if line]
    if lines:
        groups.append(SuggestionGroup("报告构成与报送公开", lines))

    # The headings count what 总体结论 counts; an obligation about the annual report itself gets a
    # line saying why no advice applies instead of advice to add it.
    missing = [i for i in a.items if src.status(i) == MISSING]
    partial = [i for i in a.items if src.status(i) == PARTIAL]
    for items, heading in ((missing, "未反映的工作"), (partial, "反映不充分的工作")):
        if items:
            advised = [i for i in items if not about_the_report(i.title, src.requirement(i.id))]
            lines = [_suggestion_line(src, i) for i in advised]
            lines += [f"{i.title}（{i.id}）：该项义务是关于年度报告本身的，本报告即为该项工作的体现，无需补充；"
                      f"按时报送和公开情况见“报告构成与报送公开”。" for i in items if i not in advised]
            groups.append(SuggestionGroup(f"{heading}（{len(items)} 项）", lines))
    return groups


def _structure_advice(src: _Source, x) -> str:
    """One 整改建议 line for a required part or rule the report does not meet ("" = no advice).

    A date the text does not show is for the reviewer to verify, not for the reviewed
    body to fix, except that a report should carry the date it was signed.
    """
    verdict, state = structure_state(x)
    what = one_line(x.detail).rstrip("。")
    if x.id in CONTENT_SECTIONS or x.kind == "content":
        sec = src.section(x.id)
        text = f"{x.title}：{what or '报告中未见该部分内容'}。"
        if sec is not None and sec.requirement:
            return text + f"建议按规定补充：{sentence(one_line(sec.requirement))}"
        return text + "建议按规定补充。"
    if state == "check":
        if x.kind == "submission" and "未见" in what:
            return f"{x.title}：报告未注明落款日期。建议在落款处注明成文日期，以便核实是否按时报送。"
        return ""
    action = "公开" if x.kind == "publication" else "报送"
    return f"{x.title}：{what or '未满足该项要求'}。今后请严格按规定时限{action}年度报告。"


_PARTIAL_ADVICE = {"S-02": "报告仅在“存在的不足”部分提及，未反映本年度的具体举措",
                   "S-04": "报告仅在“下一年度安排”部分提及，未反映本年度的具体举措",
                   "preamble": "报告仅在开头概述中提及，正文未具体说明"}


def _suggestion_line(src: _Source, item: ItemResult) -> str:
    status = src.status(item)
    confirmed = src.confirmed(item)
    figures = "，并列明相关数据" if item.quantifiable else ""
    req = one_line(src.requirement(item.id)).rstrip("。；")
    if status == MISSING:
        text = f"{item.title}（{item.id}）：" + ("报告未反映该项工作。" if confirmed else "报告中未见该项工作的相关内容。")
        if req:
            text += f"建议补充本年度在以下方面的举措和成效{figures}：{req}。"
        else:
            text += f"建议补充本年度相关举措和成效{figures}。"
    else:
        why = "报告有所涉及，但不够具体"
        ev = best_evidence(item)
        if item.status == PARTIAL and ev is not None:  # the automatic reason explains only the automatic result
            why = _PARTIAL_ADVICE.get(ev.part) or ("报告的相关表述较原则或仅为计划" if ev.weak else why)
        text = f"{item.title}（{item.id}）：{why}。建议充实本年度的具体举措和成效{figures}。"
    note = clip(src.verdict(item).note, 200)
    if note:
        text += f"审查人意见：{sentence(note)}"
    return text + f"（{CONFIRMED_MARK if confirmed else AUTOMATIC_MARK}）"
