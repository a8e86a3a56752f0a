"""Is the file an annual report at all?

Reviewers open the wrong file: the 纲要 itself, a notice (通知) that forwards
or asks for reports, an assessment (审查意见) that this app exported, or
something unrelated. Scoring those against the 纲要 gives nonsense (the 纲要
covers itself at 99.5%), so they are recognised first and reported as
`not_a_report` (core/findings.py); the CLI then exits with EXIT_NOT_A_REPORT.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fzreview.core.document import Document

REPORT, OUTLINE, NOTICE, ASSESSMENT, UNRELATED = "report", "outline", "notice", "assessment", "unrelated"

KIND_MESSAGES = {
    OUTLINE: "这份文件是《法治政府建设实施纲要》本身，不是法治政府建设年度报告，请核对是否选错了文件",
    NOTICE: "这份文件是一份通知，不是法治政府建设年度报告，请核对是否选错了文件",
    ASSESSMENT: "这份文件是本程序导出的审查意见，不是法治政府建设年度报告，请打开被审查的报告原文",
    UNRELATED: "这份文件很少提到“法治”“依法行政”，看起来不是法治政府建设年度报告，请核对是否选错了文件",
}

# Words of the assessment this app writes (core/pdf_export.py and its Word twin).
_ASSESSMENT_MARKS = ("法治报告审查台", "对标审查意见", "自动分析结果", "未经人工审查", "被审查单位", "审查人：",
                     "覆盖率为", "部分覆盖按半项计", "对照清单")
# The 纲要's own part headings (2021–2025 edition) and its opening.
_OUTLINE_MARKS = ("深入学习贯彻习近平法治思想，努力实现法治政府建设全面突破", "健全政府机构职能体系，推动更好发挥政府作用",
                  "健全依法行政制度体系，加快推进政府治理规范化程序化法治化", "健全行政决策制度体系，不断提升行政决策公信力和执行力",
                  "健全行政执法工作体系，全面推进严格规范公正文明执法", "健全突发事件应对体系，依法预防处置重大突发事件",
                  "健全社会矛盾纠纷行政预防调处化解体系，不断促进社会公平正义", "健全行政权力制约和监督体系，促进行政权力规范透明运行",
                  "健全法治政府建设科技保障体系，全面建设数字法治政府", "加强党的领导，完善法治政府建设推进机制")
_SELF_RE = re.compile(r"我(?:省|市|州|县|区|旗|镇|乡|街道|局|厅|委|办)")
_REPORT_TITLE_RE = re.compile(r"报告|情况|总结")
_NOTICE_TITLE_RE = re.compile(r"(?:通知|通报|函|公告)$")
_NOTICE_BODY_RE = re.compile(r"特此通知|现将[^。]{0,40}印发给你们|请(?:认真)?(?:遵照|贯彻)执行|请各[^。]{0,20}(?:于|在)[^。]{0,20}前")


@dataclass(frozen=True)
class Kind:
    kind: str  # REPORT, OUTLINE, NOTICE, ASSESSMENT or UNRELATED
    message: str = ""

    @property
    def is_report(self) -> bool:
        return self.kind == REPORT


def classify(doc: Document) -> Kind:
    text = doc.text
    head_lines = [p.text(text).strip() for p in doc.paragraphs[:6]]
    head = "\n".join(head_lines)
    if sum(mark in text for mark in _ASSESSMENT_MARKS) >= 4:
        return Kind(ASSESSMENT, KIND_MESSAGES[ASSESSMENT])
    # A report may take the 纲要's headings for its own; the 纲要 has no 我县/特此报告 and no report title.
    outline_heads = sum(mark in text for mark in _OUTLINE_MARKS)
    speaks_as_reporter = len(_SELF_RE.findall(text)) >= 2 or "特此报告" in text or "报告如下" in text
    title_is_outline = "法治政府建设实施纲要" in head[:200] and not _REPORT_TITLE_RE.search(doc.title or "")
    if (outline_heads >= 6 and not speaks_as_reporter) or (title_is_outline and outline_heads >= 2):
        return Kind(OUTLINE, KIND_MESSAGES[OUTLINE])
    title_lines = [line for line in head_lines if line and len(line) <= 80 and not line.endswith(("。", "："))]
    notice_title = any(_NOTICE_TITLE_RE.search(line) for line in title_lines[:3])
    report_title = any("报告" in line and not _NOTICE_TITLE_RE.search(line) for line in title_lines[:3])
    if not report_title and (notice_title or (_NOTICE_BODY_RE.search(text) and "特此报告" not in text)):
        return Kind(NOTICE, KIND_MESSAGES[NOTICE])
    if text.count("法治") + text.count("依法行政") < 2:
        return Kind(UNRELATED, KIND_MESSAGES[UNRELATED])
    return Kind(REPORT)
