"""What a careful reviewer notices beyond the obligations.

Each finding has a kind, a Chinese message and, where it has one, a span in
the normalised text:

- ``placeholder``: template leftovers (xx镇, ××, 某某, 202x年, ……);
- ``year_mismatch``: the report's year disagrees with the years it describes;
- ``outdated_reference``: guidance cited as current that was superseded in the
  report year (党的十九大精神 in a 2023+ report, the 2015–2020 纲要 after 2021);
- ``no_figures``: a quantifiable obligation covered without a single figure;
- ``unanswered_problem``: a problem listed with no matching plan for next year;
- ``no_causes``: problems listed without their causes;
- ``late``: submission or publication after the deadline;
- ``date_order``: published before the date it was signed;
- ``not_a_report``: the file is not an annual report: the 纲要 itself, a notice, an assessment this
  app exported, or a file that hardly mentions 法治 (core/report_kind.py).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from fzreview.core.analysis import COVERED, Finding, ItemResult
from fzreview.core.checklist import StructureChecklist
from fzreview.core.document import Document
from fzreview.core.facts import ReportFacts
from fzreview.core.matcher import FIGURE, STOPWORDS, TextIndex
from fzreview.core.report_kind import classify
from fzreview.core.segment import content_tokens
from fzreview.core.structure import PLANS, PROBLEMS, ReportParts
from fzreview.core.wording import clip

_PLACEHOLDER = re.compile(r"(?<![A-Za-z])(?:[xX]{2,}|[×＊*]{2,}|〇〇|○○)(?![A-Za-z])|某某|20[0-9][xX×]年?|"
                          r"……(?:年|月|日|镇|县|区|市)")  # XX only standing alone: not XXL, not Foxxconn
_ELLIPSIS_ALONE = re.compile(r"……")
_YEAR_IN_TEXT = re.compile(r"(?<![\d\-—－~～至到])(20[1-3]\d)年(?![\d\-—－~～至到]|度?[）)]?[—\-－~～至到])")

# (pattern, first report year it is outdated in, message)
_OUTDATED = [
    (re.compile(r"(?:贯彻|落实|学习|践行|领会|宣传)[^。；]{0,6}党的十九大(?:和十九届[^。；]{0,12}全会)?精神"), 2023,
     "把党的十九大精神作为当前指导（党的二十大已于2022年10月召开）"),
    (re.compile(r"法治政府建设实施纲要[（(]2015\s*[-—－–~～至]\s*2020"), 2021,
     "引用已到期的《法治政府建设实施纲要（2015－2020年）》（现行为2021－2025年纲要）"),
    (re.compile(r"党的十八届[^。；]{0,6}全会精神"), 2019,
     "把党的十八届全会精神作为当前指导"),
    (re.compile(r"(?:十三五|“十三五”)(?:期间|时期)?[^。；]{0,10}(?:规划|目标|任务)"), 2022,
     "以“十三五”规划为当前任务（已进入“十四五”时期）"),
]

_PROBLEM_ITEM = re.compile(r"(?:[一二三四五六七八九十]是|[（(][一二三四五六七八九十]+[)）]|\d+[.、．])")


def find_findings(doc: Document, facts: ReportFacts, parts: ReportParts, items: list[ItemResult],
                  index: TextIndex) -> list[Finding]:
    out: list[Finding] = []
    kind = classify(doc)
    if not kind.is_report:
        out.append(Finding("not_a_report", kind.message, None, None, "error"))
    out += placeholders(doc)
    out += year_consistency(doc, facts, parts)
    out += outdated_references(doc, facts)
    out += figures_missing(items)
    out += problems_without_plans(doc, parts, index)
    if parts.span_of(PROBLEMS) is not None and parts.causes_analysed is False:
        span = parts.span_of(PROBLEMS)
        out.append(Finding("no_causes", "“存在的不足”部分只列出问题，未分析原因", span.start, span.end))
    return out


def placeholders(doc: Document) -> list[Finding]:
    out = []
    for m in _PLACEHOLDER.finditer(doc.text):
        out.append(Finding("placeholder", f"疑似模板占位符未替换：“{m.group(0)}”", m.start(), m.end(), "error"))
    for m in _ELLIPSIS_ALONE.finditer(doc.text):
        if any(f.start is not None and f.start <= m.start() < f.end for f in out):
            continue
        out.append(Finding("placeholder", "出现省略号“……”，可能是未填写完的模板", m.start(), m.end(), "warning"))
    return out


def year_consistency(doc: Document, facts: ReportFacts, parts: ReportParts) -> list[Finding]:
    """Years the report speaks of, against the year it reports on."""
    year = facts.year.value
    if year is None:
        return []
    out = []
    title_year = re.search(r"(20[1-3]\d)\s*年", doc.title or "")
    opening = re.match(r"\s*(20[1-3]\d)年", doc.text[doc.paragraphs[1].start:] if len(doc.paragraphs) > 1 else "")
    if title_year and opening and int(opening.group(1)) != int(title_year.group(1)):
        out.append(Finding("year_mismatch",
                           f"标题年份（{title_year.group(1)}年）与正文开头年份（{opening.group(1)}年）不一致",
                           doc.paragraphs[1].start, doc.paragraphs[1].start + 5, "error"))
    counts: Counter[int] = Counter()
    spans: dict[int, tuple[int, int]] = {}
    for m in _YEAR_IN_TEXT.finditer(doc.text):
        part = parts.top_part_at(m.start())
        if part in (PLANS, PROBLEMS):
            continue
        y = int(m.group(1))
        counts[y] += 1
        spans.setdefault(y, m.span())
    if counts.get(year - 1, 0) >= 3 and counts.get(year - 1, 0) > 2 * counts.get(year, 0):
        s = spans[year - 1]
        out.append(Finding("year_mismatch",
                           f"报告年度为{year}年，但举措部分多处写的是{year - 1}年（{counts[year - 1]}处），可能沿用了上一年度报告",
                           s[0], s[1], "error"))
    for y in sorted(counts):
        if y > year + 1 and y <= year + 3:
            s = spans[y]
            out.append(Finding("year_mismatch", f"{year}年度报告的工作情况中出现了{y}年，请核对年份", s[0], s[1]))
    return out


def outdated_references(doc: Document, facts: ReportFacts) -> list[Finding]:
    year = facts.year.value
    if year is None:
        return []
    out = []
    for rx, since, message in _OUTDATED:
        if year < since:
            continue
        for m in rx.finditer(doc.text):
            out.append(Finding("outdated_reference", f"{year}年度报告中{message}：“{m.group(0)}”",
                               m.start(), m.end(), "warning"))
    return out


def figures_missing(items: list[ItemResult]) -> list[Finding]:
    out = []
    for item in items:
        if item.applicable and item.quantifiable and item.status == COVERED and item.evidence:
            if not any(FIGURE.search(e.text) for e in item.evidence):
                e = item.evidence[0]
                out.append(Finding("no_figures", f"{item.id} {item.title}：判为已覆盖，但依据中没有任何数据",
                                   e.start, e.end, "info", item_ids=[item.id]))
    return out


def problems_without_plans(doc: Document, parts: ReportParts, index: TextIndex) -> list[Finding]:
    problems = parts.span_of(PROBLEMS)
    plans = parts.span_of(PLANS)
    if problems is None:
        return []
    text = doc.text
    plan_tokens: set[str] = set()
    if plans is not None:
        plan_tokens = {t for t in content_tokens(text[plans.start:plans.end]) if t not in STOPWORDS}
    out = []
    for start, end in _problem_items(text, problems.start, problems.end):
        tokens = [t for t in content_tokens(text[start:end]) if t not in STOPWORDS and index.idf.get(t, 0) > 1.0]
        if not tokens:
            continue
        shared = [t for t in dict.fromkeys(tokens) if t in plan_tokens]
        if len(shared) < 2 and len(shared) < 0.25 * len(set(tokens)):
            head = clip(text[start:end], 30)
            message = ("下一年度安排中没有与该问题对应的措施：" if plans is not None
                       else "报告没有下一年度安排，无法对应该问题：") + f"“{head}”"
            out.append(Finding("unanswered_problem", message, start, end))
    return out


def _problem_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The individual problems: pieces opened by 一是/（一）/1. inside the problems part."""
    marks = [m.start() for m in _PROBLEM_ITEM.finditer(text, start, end)]
    if not marks:
        return [(start, end)]
    bounds = marks + [end]
    return [(bounds[i], bounds[i + 1]) for i in range(len(marks))]


def _deadline(year: int, mmdd: str) -> date:
    month, day = (int(x) for x in mmdd.split("-"))
    return date(year + 1, month, day)


def timeliness(structure: StructureChecklist, facts: ReportFacts, level: str | None):
    """S-06 (submission) and S-07 (publication): ({id: (present, detail, span)}, findings).

    Nothing is invented: with no date in the text the rule is reported as not
    checkable, and no finding is made.
    """
    rules: dict[str, tuple[bool, str, tuple[int, int] | None]] = {}
    findings: list[Finding] = []
    for section in structure.sections:
        if section.kind == "submission":
            when, span, label = facts.signed_date(), (facts.date.start, facts.date.end), "落款日期"
            mmdd = section.deadlines.get(level or "", section.deadlines.get("county", "03-01"))
        elif section.kind == "publication":
            when, span, label = facts.published_date(), (facts.published.start, facts.published.end), "发布日期"
            mmdd = section.deadline or "04-01"
        else:
            continue
        fact = facts.date if section.kind == "submission" else facts.published
        if fact.corrected:
            label += "（审查人更正）"
        year = facts.year.value
        if when is None or year is None:
            why = f"报告中未见{label}，无法判断是否按时" if when is None else "未能确定报告年度，无法判断时限"
            rules[section.id] = (False, why, None)
            continue
        deadline = _deadline(year, mmdd)
        met = False  # the state (符合/不符合/待核实) is decided by core.analysis.structure_state
        if when > deadline:
            detail = f"{label} {when.isoformat()}，晚于 {deadline.isoformat()} 的时限"
            findings.append(Finding("late", f"{section.title}：{detail}", span[0], span[1], "error"))
        elif when.year < year or (when.year == year and when.month < 12):
            detail = f"{label} {when.isoformat()} 早于报告年度结束，请核对"
            findings.append(Finding("year_mismatch", f"{section.title}：{detail}", span[0], span[1]))
        else:
            detail = f"{label} {when.isoformat()}，在 {deadline.isoformat()} 时限之前"
            met = True
        rules[section.id] = (met, detail, span if span[0] is not None else None)
    signed, published = facts.signed_date(), facts.published_date()
    if signed is not None and published is not None and published < signed:
        findings.append(Finding("date_order", f"发布日期 {published.isoformat()} 早于落款日期 {signed.isoformat()}，"
                                              "报告不能在成文之前公开，请核对两个日期",
                                facts.published.start, facts.published.end))
    return rules, findings
