"""The result of checking one report against one checklist.

`Analysis` is plain data (dataclasses) with a JSON form (`to_dict` /
`from_dict`). It is what the CLI prints, what a review is built on, and what
the PDF exporter and the GUI display. The engine that produces it lives in
`core.engine`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from fzreview.core.document import mean_confidence

COVERED, PARTIAL, MISSING = "covered", "partial", "missing"
STATUSES = (COVERED, PARTIAL, MISSING)
STATUS_NAMES = {COVERED: "已覆盖", PARTIAL: "部分覆盖", MISSING: "未覆盖"}

FINDING_NAMES = {
    "placeholder": "占位符未替换", "year_mismatch": "年份不一致", "outdated_reference": "引用过时文件",
    "no_figures": "缺少量化数据", "unanswered_problem": "问题未回应", "no_causes": "未分析原因",
    "late": "报送或公开逾期", "date_order": "日期矛盾", "not_a_report": "疑似选错文件",
}
SEVERITY_NAMES = {"info": "提示", "warning": "注意", "error": "问题"}

# Report parts (ids of checklists/report-structure.yaml) plus the preamble.
PART_NAMES = {
    "preamble": "导语",
    "S-01": "主要举措和成效",
    "S-02": "存在的不足和原因",
    "S-03": "党政主要负责人履职",
    "S-04": "下一年度安排",
    "S-05": "其他情况",
    "": "正文",
}


@dataclass
class Evidence:
    start: int
    end: int
    text: str
    terms: list[str]
    part: str  # a key of PART_NAMES
    score: float = 0.0
    weak: list[str] = field(default_factory=list)  # weakening contexts seen in this sentence


@dataclass
class ItemResult:
    id: str
    title: str
    clause: str  # e.g. "（五）深入推进“放管服”改革"
    part_ref: str  # 纲要 part, e.g. "二"
    status: str
    applicable: bool
    score: float
    evidence: list[Evidence]
    why: list[str]  # reviewer-readable reasons (Chinese), first line is the verdict's reason
    quantifiable: bool = False
    fingerprint: str = ""


@dataclass
class StructureResult:
    id: str
    title: str
    present: bool
    start: int | None = None
    end: int | None = None
    mandatory: bool = True
    detail: str = ""  # e.g. "列出了问题，但未分析原因"
    kind: str = "content"  # content | submission | publication


CONTENT_SECTIONS = ("S-01", "S-02", "S-03", "S-04", "S-05")


def structure_state(x: StructureResult) -> tuple[str, str]:
    """(short verdict, state) of one required part or rule, for every view (assessment, CLI, GUI).

    state is ok | missing | check | optional. A timeliness rule (S-06/S-07) is 符合 only when the
    date is within the deadline; a late date is 不符合; a date that cannot be judged (none in the
    text, or one before the report year ends) is 待核实.
    """
    content = x.id in CONTENT_SECTIONS or x.kind == "content"
    detail = x.detail or ""
    if not content and "晚于" in detail:  # late, whatever an older saved file says about present
        return "不符合", "missing"
    if x.present:
        return ("具备" if content else "符合"), "ok"
    if not x.mandatory:
        return "未写（非必备）", "optional"
    if content:
        return "缺失", "missing"
    if "无法判断" in detail or "请核对" in detail:  # no date in the text, or a date to check
        return "待核实", "check"
    return "不符合", "missing"


@dataclass
class Finding:
    kind: str  # placeholder | year_mismatch | outdated_reference | no_figures | unanswered_problem | late | ...
    message: str
    start: int | None = None
    end: int | None = None
    severity: str = "warning"  # info | warning | error
    item_ids: list[str] = field(default_factory=list)  # the obligations it is about, if any



def problem_findings(findings: list[Finding]) -> list[Finding]:
    """The findings every view lists and counts as 发现的问题 (CLI, assessment, batch 问题 column,
    GUI): all but the hints (severity info, e.g. no_figures), which are shown apart and not counted."""
    return [f for f in findings if f.severity != "info"]


@dataclass
class ReportInfo:
    path: str
    sha256: str
    text: str
    title: str
    year: int | None
    jurisdiction: str
    level: str | None
    level_source: str = "detected"  # detected | override | unknown
    source_format: str = "txt"
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    published: str | None = None  # ISO publication date (page date line), if any
    signed: str | None = None  # ISO date under the signature (落款), if any
    facts: dict = field(default_factory=dict)  # detected facts with their sources (core.facts.ReportFacts)
    corrections: dict = field(default_factory=dict)  # the reviewer's corrections this analysis was made with
    source_kind: str = "text"  # "ocr": the text was recognised from a scanned PDF
    ocr_confidence: list[float | None] = field(default_factory=list)  # per page (None: no text found)

    def ocr_notice(self) -> str | None:
        """The one line every view shows for a report read by OCR (GUI, assessment, command line)."""
        if self.source_kind != "ocr":
            return None
        value = mean_confidence(self.ocr_confidence)
        mean = f"，平均置信度 {value:.1%}" if value is not None else ""
        return f"本报告文字由扫描件识别（OCR）得到{mean}，引用的文字请对照原件核对。"


@dataclass
class Analysis:
    report: ReportInfo
    checklist_id: str
    checklist_title: str
    checklist_sha256: str
    items: list[ItemResult]
    structure: list[StructureResult]
    findings: list[Finding]
    part_titles: dict[str, str] = field(default_factory=dict)  # 纲要 part ref → title
    engine_version: str = ""

    # ---------------------------------------------------------- derived figures

    def item(self, item_id: str) -> ItemResult | None:
        return next((i for i in self.items if i.id == item_id), None)

    def summary(self) -> dict:
        return summarize(self.items, self.part_titles, self.structure)

    # ---------------------------------------------------------- JSON form

    def to_dict(self) -> dict:
        report = asdict(self.report)
        return {
            "report": report,
            "checklist": {"id": self.checklist_id, "title": self.checklist_title,
                          "sha256": self.checklist_sha256},
            "engine_version": self.engine_version,
            "part_titles": dict(self.part_titles),
            "items": [asdict(i) for i in self.items],
            "structure": [asdict(s) for s in self.structure],
            "findings": [asdict(f) for f in self.findings],
            "summary": self.summary(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Analysis:
        items = []
        for raw in data["items"]:
            raw = dict(raw)
            raw["evidence"] = [Evidence(**e) for e in raw.get("evidence", [])]
            items.append(ItemResult(**raw))
        checklist = data["checklist"]
        return cls(
            report=ReportInfo(**data["report"]),
            checklist_id=checklist["id"],
            checklist_title=checklist.get("title", ""),
            checklist_sha256=checklist.get("sha256", ""),
            items=items,
            structure=[StructureResult(**s) for s in data.get("structure", [])],
            findings=[Finding(**f) for f in data.get("findings", [])],
            part_titles=dict(data.get("part_titles", {})),
            engine_version=data.get("engine_version", ""),
        )


def best_evidence(item: ItemResult) -> Evidence | None:
    """The sentence that best shows an item: the matcher ranks evidence best first.

    The one choice of "the" evidence sentence, used by every view (PDF, Word,
    table exports, the app).
    """
    return item.evidence[0] if item.evidence else None


def coverage(covered: int, partial: int, applicable: int) -> float:
    """Coverage score in [0, 1]: a partly covered obligation counts half."""
    return (covered + 0.5 * partial) / applicable if applicable else 0.0


def summarize(items: list[ItemResult], part_titles: dict[str, str],
              structure: list[StructureResult], status_of=lambda i: i.status) -> dict:
    """Counts by status and coverage per 纲要 part, over applicable items.

    `status_of` lets a review substitute the reviewer's verdict for the automatic one.
    """
    counts = {s: 0 for s in STATUSES}
    parts: dict[str, dict] = {}
    applicable = 0
    for item in items:
        part = parts.setdefault(item.part_ref, {
            "ref": item.part_ref, "title": part_titles.get(item.part_ref, ""),
            "applicable": 0, COVERED: 0, PARTIAL: 0, MISSING: 0})
        if not item.applicable:
            continue
        status = status_of(item)
        if status not in STATUSES:
            continue
        applicable += 1
        counts[status] += 1
        part["applicable"] += 1
        part[status] += 1
    for part in parts.values():
        part["coverage"] = round(coverage(part[COVERED], part[PARTIAL], part["applicable"]), 4)
    return {
        "items": len(items),
        "applicable": applicable,
        **counts,
        "coverage": round(coverage(counts[COVERED], counts[PARTIAL], applicable), 4),
        "parts": list(parts.values()),
        "missing_ids": [i.id for i in items if i.applicable and status_of(i) == MISSING],
        "structure_missing": [s.id for s in structure
                              if s.kind == "content" and s.mandatory and not s.present],
    }
