"""The year-over-year section of the assessment (与上一年度报告对比).

`year_over_year_section(comparison)` words a core.compare.Comparison as a
generic assessment Section (core/assessment.py), which the PDF, Word and print
renderers lay out like any other chapter. `assessment_with_last(this, last)`
is the assessment of this year's review with that section added.
"""

from __future__ import annotations

from fzreview.core.analysis import STATUS_NAMES
from fzreview.core.assessment import Assessment, Block, Section, build_assessment
from fzreview.core.compare import PLAN_STATUS_NAMES, Comparison, PlanCheck, compare
from fzreview.core.review import Review
from fzreview.core.wording import clip

TITLE = "与上一年度报告对比"


def _table(checks: list[PlanCheck], what: str) -> Block:
    notes = any(p.notes for p in checks)
    header = ["序号", what, "落实情况", "本年度报告中的依据"] + (["上一年度审查意见"] if notes else [])
    rows = []
    for n, p in enumerate(checks, 1):
        row = [str(n), clip(p.text, 160), PLAN_STATUS_NAMES[p.status], clip(p.evidence, 160) if p.evidence else "未找到"]
        if notes:
            row.append("；".join(p.notes))
        rows.append(row)
    widths = [0.7, 4, 1.1, 4] + ([2.4] if notes else [])
    return Block("table", header=header, rows=rows, widths=widths)


def _counts(c: Comparison, source: str) -> str:
    return "，".join(f"{PLAN_STATUS_NAMES[s]} {n} 项" for s, n in c.counts(source).items() if n)


def year_over_year_section(c: Comparison) -> Section:
    blocks = [Block("body", text=(
        f"对照{c.last_label}报告所列的下一年度工作安排和存在的不足，逐项查找本年度报告中的相应内容。"
        "依据为本年度报告中的原句；本年度报告自身的“存在的不足”和“下一年度安排”不作为落实的依据。"
        "“部分落实”“未见落实”只说明报告中没有写明，请审查人结合实际核实。"))]
    for source, checks, present, heading, what in (
            ("plans", c.plans, c.last_has_plans, "上一年度工作安排的落实情况", "上一年度的工作安排"),
            ("problems", c.problems, c.last_has_problems, "上一年度所列不足的整改情况", "上一年度所列的不足")):
        if not present:
            blocks.append(Block("heading", text=heading))
            blocks.append(Block("body", text="上一年度报告中未找到这一部分。"))
            continue
        if not checks:
            continue
        blocks.append(Block("heading", text=f"{heading}（{len(checks)} 项：{_counts(c, source)}）"))
        blocks.append(_table(checks, what))
    if c.lost:
        blocks.append(Block("heading", text=f"上一年度已写到、本年度未写到的义务（{len(c.lost)} 项）"))
        blocks.append(Block("body", text="；".join(
            f"{x.id} {clip(x.title, 40)}（上一年度{STATUS_NAMES.get(x.last_status, x.last_status)}）"
            for x in c.lost) + "。"))
    else:
        blocks.append(Block("body", text="上一年度已写到的义务，本年度报告均有涉及。"))
    return Section(TITLE, blocks)


def assessment_with_last(this: Review, last: Review, **kwargs) -> Assessment:
    """This year's assessment with the year-over-year section (kwargs go to build_assessment)."""
    m = build_assessment(this, **kwargs)
    m.extra_sections.append(year_over_year_section(compare(last, this)))
    return m
