"""Report parts, leadership section, causes, year / jurisdiction / level detection."""

from fzreview.core.document import Document
from fzreview.core.structure import detect_parts

REPORT = """某某县2024年法治政府建设年度报告
2024年，我县深入学习贯彻习近平法治思想，现将有关情况报告如下。
一、主要举措和成效
（一）加强组织领导。县委书记、县长认真履行推进法治建设第一责任人职责，听取法治工作汇报4次。
（二）推进依法行政。全县办理行政复议案件12件。
二、存在的不足和原因
一是执法规范化水平不高。主要原因是执法人员培训不足。
三、2025年工作安排
（一）加强执法培训。
"""


def test_parts_from_headings(structure):
    doc = Document.from_text(REPORT)
    parts = detect_parts(doc, structure)
    assert [s.id for s in parts.spans] == ["preamble", "S-01", "S-02", "S-04"]
    assert parts.part_at(doc.text.index("复议案件")) == "S-01"
    assert parts.part_at(doc.text.index("执法人员培训不足")) == "S-02"
    assert parts.part_at(doc.text.index("加强执法培训")) == "S-04"
    assert parts.part_at(doc.text.index("听取法治工作汇报")) == "S-03"  # nested leadership heading
    assert parts.causes_analysed is True


def test_problems_without_causes(structure):
    doc = Document.from_text(REPORT.replace("主要原因是执法人员培训不足。", "部分单位执法不规范。"))
    assert detect_parts(doc, structure).causes_analysed is False


def test_parts_without_headings_found_from_paragraphs(structure):
    text = ("2023年，我区扎实推进法治政府建设。\n一、坚持党的领导\n区委主要负责同志带头履行推进法治建设第一责任人职责。\n"
            "二、推进依法行政\n全年办理案件15宗。\n三、坚持问题导向\n"
            "在各方共同努力下，法治政府建设稳步推进。但法治建设水平与群众需求仍有差距。一是示范创建不够深入。二是队伍力量仍较为缺乏。三是信息化水平有待提升。\n"
            "2024年，我区将坚持以习近平法治思想为指导，加快建设法治政府。\n（一）进一步加强统筹协调。\n")
    doc = Document.from_text(text)
    parts = detect_parts(doc, structure)
    ids = [s.id for s in parts.spans]
    assert "S-02" in ids and "S-04" in ids
    assert parts.span_of("S-02").source == "paragraph"
    assert parts.part_at(doc.text.index("加强统筹协调")) == "S-04"
    # leadership found as a paragraph, not a heading
    assert parts.leadership.source == "paragraph"
    assert parts.part_at(doc.text.index("带头履行")) == "S-03"


def test_seed_parts(seed_analyses):
    by_id = {name: {s.id: s for s in a.structure} for name, a in seed_analyses.items()}
    for name, parts in by_id.items():
        for sid in ("S-01", "S-02", "S-04"):
            assert parts[sid].present, (name, sid)
    assert by_id["hongmei-town-2024"]["S-03"].present
    assert by_id["chenghai-district-2023"]["S-03"].present
    assert not by_id["hongmei-town-2024"]["S-05"].present


def test_unnumbered_heading_lines(structure):
    text = ("2024年，我县推进法治政府建设。\n主要举措和成效\n全县办理复议案件12件。\n存在的问题和不足\n"
            "执法人员培训不足。\n下一步工作打算\n加强执法培训。\n")
    doc = Document.from_text(text)
    parts = detect_parts(doc, structure)
    assert parts.part_at(doc.text.index("培训不足")) == "S-02"
    assert parts.part_at(doc.text.index("加强执法培训")) == "S-04"
    assert parts.part_at(doc.text.index("复议案件")) != "S-02"
