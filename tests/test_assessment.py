"""The assessment content model (core.assessment) and its two renderers, on a real analysis.

The report is the 绥滨县 2024 fixture analysed by the engine; the engine's own
reasons are plain words now, and the renderers must still not show scores.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

docx = pytest.importorskip("docx")
pypdf = pytest.importorskip("pypdf")

from fzreview.core.assessment import build_assessment  # noqa: E402
from fzreview.core.review import NOT_APPLICABLE, Review  # noqa: E402
from fzreview.core.wording import clip  # noqa: E402

JARGON = ("相似度", "命中用语", "宽泛用语", "匹配词", "得分", "score")
SCORE = re.compile(r"(?<![\d.])0\.\d{2}(?![\d%％])")  # 0.92 and the like (a report's own 0.63% is no score)


@pytest.fixture(scope="module")
def analysis(seed_analyses):
    return seed_analyses["suibin-county-2024"]


@pytest.fixture(scope="module")
def jargon_in_analysis(analysis):
    """Jargon in the engine's reasons (none expected: they are written for a reviewer)."""
    whys = " ".join(w for i in analysis.items for w in i.why)
    return [j for j in JARGON if j in whys]


def _reviewed(analysis) -> Review:
    review = Review(analysis, reviewer="王审查")
    applicable = [i for i in analysis.items if i.applicable]
    review.set_verdict(applicable[0].id, "covered")
    review.set_verdict(applicable[1].id, "missing")
    review.set_note(applicable[1].id, "报告确未提及。")
    review.set_verdict(applicable[2].id, NOT_APPLICABLE)
    return review


def _docx_text(path) -> tuple[list[str], object]:
    d = docx.Document(str(path))
    paragraphs = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += [p.text for p in cell.paragraphs]
    return paragraphs, d


def _pdf_lines(path) -> list[str]:
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
        return out.stdout.decode("utf-8").splitlines()
    return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(str(path)).pages).splitlines()


@pytest.fixture(scope="module")
def rendered(analysis, tmp_path_factory):
    from fzreview.core.render_docx import export_docx
    from fzreview.core.render_pdf import export_pdf

    out = tmp_path_factory.mktemp("assessment")
    review = _reviewed(analysis)
    export_pdf(review, out / "a.pdf", date="2025-03-02")
    export_docx(review, out / "a.docx", date="2025-03-02")
    return review, out / "a.pdf", out / "a.docx"


def test_docx_opens_and_holds_unit_conclusion_signature(rendered):
    review, _, path = rendered
    paragraphs, d = _docx_text(path)
    text = "\n".join(paragraphs)
    assert review.analysis.report.jurisdiction == "绥滨县"
    assert "对标审查意见" in paragraphs[0]
    # the fixture's title is not found: named by unit and year, no invented 《title》
    assert ("《" in paragraphs[0]) != ("未识别出标题" in paragraphs[0])
    assert "绥滨县" in text
    assert any(p.startswith("经逐项对照《法治政府建设实施纲要（2021－2025年）》") for p in paragraphs)
    assert "覆盖率为" in text
    for label in ("审查单位：", "审查人：王审查", "复核人：", "日期：2025年3月2日"):
        assert any(p.startswith(label) for p in paragraphs), label
    assert any(p.startswith("审查单位：") and p.endswith("（盖章）") for p in paragraphs)
    # real Word structure: headings as heading styles, tables with a repeated header row
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["一、总体结论", "二、逐项审查结果", "三、整改建议"]
    assert len(d.tables) >= 4
    item_table = max(d.tables, key=lambda t: len(t.rows))
    assert item_table.rows[0].cells[0].text == "编号"
    assert item_table.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    # East Asian font names so WPS uses a Chinese face
    fonts = d.styles["Normal"].element.rPr.find(docx.oxml.ns.qn("w:rFonts"))
    assert fonts.get(docx.oxml.ns.qn("w:eastAsia")) == "仿宋"
    h1 = d.styles["Heading 1"].element.rPr.find(docx.oxml.ns.qn("w:rFonts"))
    assert h1.get(docx.oxml.ns.qn("w:eastAsia")) == "黑体"
    section = d.sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.1 and abs(section.page_height.cm - 29.7) < 0.1


def test_no_jargon_in_either_renderer(rendered, jargon_in_analysis):
    assert not jargon_in_analysis, "the engine's reasons use jargon again"
    _, pdf, docx_path = rendered
    pdf_text = "\n".join(_pdf_lines(pdf))
    docx_text = "\n".join(_docx_text(docx_path)[0])
    for name, text in (("pdf", pdf_text), ("docx", docx_text)):
        for word in JARGON:
            assert word not in text, (name, word)
    # no score-like figure in anything the assessment itself says (evidence quotes are the report's words)
    m = build_assessment(rendered[0])
    own = [m.title, m.status_line, *m.conclusion, *m.findings, m.table_note,
           *(line for g in m.suggestions for line in g.lines),
           *(f"{r.auto_text} {r.reason} {r.verdict_text}" for r in m.item_rows())]
    for text in own:
        assert not SCORE.search(text), text


def test_line_breaks_follow_chinese_rules(rendered):
    _, pdf, docx_path = rendered
    for line in _pdf_lines(pdf):
        for piece in re.split(r"\s{2,}", line.strip()):  # -layout puts table columns side by side
            assert not piece.startswith("。"), line
            assert not piece.endswith("（"), line
    for p in _docx_text(docx_path)[0]:
        assert not p.strip().startswith("。") and not p.strip().endswith("（"), p


def test_draft_when_no_verdict(analysis, tmp_path):
    from fzreview.core.render_docx import export_docx
    from fzreview.core.render_pdf import export_pdf

    review = Review(analysis, reviewer="王审查")
    m = build_assessment(review)
    assert m.draft and "草稿" in m.status_line and not m.show_verdicts
    export_pdf(review, tmp_path / "d.pdf")
    export_docx(review, tmp_path / "d.docx")
    for text in ("\n".join(_pdf_lines(tmp_path / "d.pdf")), "\n".join(_docx_text(tmp_path / "d.docx")[0])):
        assert "草稿" in text and "自动初判" in text
        assert "含审查人意见" not in text and "（经审查人确认）" not in text


def test_confirmed_and_automatic_are_told_apart(analysis):
    review = _reviewed(analysis)
    m = build_assessment(review)
    assert not m.draft and m.show_verdicts
    applicable = len(m.item_rows())
    assert f"审查人已确认 2 项，其余 {applicable - 2} 项为自动初判" in m.status_line
    assert any(f"{applicable} 项适用义务中，2 项经审查人确认" in p for p in m.conclusion)
    lines = [line for g in m.suggestions for line in g.lines]
    confirmed_id = [i for i in analysis.items if i.applicable][1].id
    mine = [line for line in lines if f"（{confirmed_id}）" in line]
    assert mine and mine[0].endswith("（经审查人确认）") and "报告确未提及" in mine[0]
    others = [line for line in lines if "报告构成" not in line and f"（{confirmed_id}）" not in line]
    assert others and all(line.endswith("（自动初判，待审查人确认）") for line in others[:-1] if "（G" in line)


def test_not_applicable_items_leave_the_table(analysis):
    review = _reviewed(analysis)
    m = build_assessment(review)
    na = {i.id for i in analysis.items if not i.applicable}
    na.add([i for i in analysis.items if i.applicable][2].id)  # the reviewer's 不适用
    assert na and len(na) < len(analysis.items)
    shown = {r.id for r in m.item_rows()}
    assert not (shown & na)
    assert {i for i, _ in m.not_applicable} == na
    assert any(str(len(na)) in a.title for a in m.appendices)
    assert any(c.label == "不适用" and c.value == str(len(na)) for c in m.counts)


def test_no_advice_about_the_report_itself(analysis):
    from fzreview.core.analysis import MISSING

    review = Review(analysis)
    item = analysis.item("G33-03")  # 执行年度报告制度: the report under review is its fulfilment
    review.set_verdict(item.id, MISSING)
    m = build_assessment(review)
    about = [line for g in m.suggestions for line in g.lines if "G33-03" in line]
    assert about and not any("建议" in line for line in about)  # no advice, but why none is given
    assert "本报告即为该项工作的体现" in about[0]
    # the heading counts what 总体结论 counts: every missing item
    heading = next(g.heading for g in m.suggestions if g.heading.startswith("未反映的工作"))
    assert heading == f"未反映的工作（{review.summary()[MISSING]} 项）"
    row = next(r for r in m.item_rows() if r.id == "G33-03")
    assert "报送公开" in row.reason


def test_findings_carry_item_ids(analysis):
    no_figures = [f for f in analysis.findings if f.kind == "no_figures"]
    assert all(f.item_ids and f.message.startswith(f.item_ids[0]) for f in no_figures)


@pytest.mark.parametrize("text, limit", [
    ("命中用语：“制定《三乡镇2024年全面依法治镇工作要点》，明确各项任务分工和完成时限要求”", 20),
    ("我镇制定《三乡镇2024年全面依法治镇工作要点》，明确分工，定期督办，按季度通报进展情况。", 12),
    ("（一）深入推进“放管服”改革，全面实行政府权责清单制度，推动各级政府高效履职", 15),
    ("全面推行" + "“双随机、一公开”" * 10, 30),
])
def test_clip_never_cuts_a_quote(text, limit):
    out = clip(text, limit)
    for a, b in ("《》", "“”", "（）"):
        assert out.count(a) == out.count(b), out
    assert len(out) <= max(limit * 2, len(text))
    assert out == text or out.endswith("……")


def test_structure_advice_is_for_the_reviewed_body(analysis):
    from dataclasses import replace

    m = build_assessment(Review(analysis))
    states = {x.id: x.state for x in m.structure}
    assert states.get("S-06") == "check" and states.get("S-07") == "check"  # no dates in the fixture text
    lines = [line for g in m.suggestions if g.heading == "报告构成与报送公开" for line in g.lines]
    assert any("注明成文日期" in line for line in lines)  # a report should carry its date
    assert not any("向社会公开" in line for line in lines)  # the web date is for the reviewer to check
    assert not any("各省工作指引" in line or "即可用来判断" in line for line in lines)  # no reviewer notes
    late = replace(analysis, structure=[replace(x, present=False, detail="落款日期 2025-04-10，晚于 2025-03-01 的时限")
                                        if x.id == "S-06" else x for x in analysis.structure])
    lines = [line for g in build_assessment(Review(late)).suggestions for line in g.lines]
    assert any(line.startswith("报送对象和时限：落款日期 2025-04-10") and "严格按规定时限报送" in line
               for line in lines)


def test_one_status_and_one_evidence_for_every_view(analysis):
    from fzreview.core.analysis import best_evidence
    from fzreview.core.review import effective_status
    from fzreview.core.table_export import HEADER, table_rows

    review = _reviewed(analysis)
    first, second, third = [i for i in analysis.items if i.applicable][:3]
    assert effective_status(first, review.verdicts[first.id]) == "covered"
    assert effective_status(third, review.verdicts[third.id]) is None  # the reviewer's 不适用
    na = next(i for i in analysis.items if not i.applicable)
    assert effective_status(na, review.verdicts[na.id]) is None
    rows = {r[0]: r for r in table_rows(review)[1:]}
    m = build_assessment(review)
    for row in m.item_rows():
        item = analysis.item(row.id)
        assert row.status == review.effective_status(item)
        ev = best_evidence(item)
        sheet_row = rows[row.id]
        assert sheet_row[HEADER.index("依据（最相关一处）")] == (ev.text if ev else "")
        if ev is not None:  # the assessment quotes the same sentence (possibly shortened)
            assert row.evidence.split("〕", 1)[1][:12] == ev.text[:12]
        assert sheet_row[HEADER.index("计入结论")] == {"covered": "已覆盖", "partial": "部分覆盖",
                                                      "missing": "未覆盖"}[row.status]


def test_no_title_found_invents_none(checklist, structure):
    """With no title found the heading names the report by unit and year, without 《》, and says so."""
    from fzreview.core.document import Document
    from fzreview.core.engine import analyse

    text = ("2024年，某县坚持依法行政，推进法治政府建设。\n一、主要举措和成效\n全县办理行政复议案件12件。\n"
            "某县人民政府\n2025年2月8日\n")
    a = analyse(Document.from_text(text), checklist, structure)
    a.report.title = ""
    m = build_assessment(a)
    assert "《" not in m.title and "未识别出标题" in m.title, m.title
    assert dict((f.label, f.value) for f in m.header)["报告标题"] == "（未识别出标题）"


def test_docx_tables_keep_rows_ids_and_digits_together(rendered):
    """Rows never split across pages, part headings stay with the row below, ids never break at the
    hyphen, and digits use the Chinese text's face (ascii/hAnsi as well as eastAsia)."""
    from docx.oxml.ns import qn

    _, _, docx_path = rendered
    _, d = _docx_text(docx_path)
    for name in ("Normal", "表格文字"):
        fonts = d.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == fonts.get(qn("w:eastAsia")), name
    parts_table = next(t for t in d.tables if t.rows[0].cells[0].text == "部分")
    item_table = max(d.tables, key=lambda t: len(t.rows))
    for table in (parts_table, item_table):
        for row in table.rows[1:]:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
    heads = [row for row in item_table.rows[1:] if len({id(c._tc) for c in row.cells}) == 1]
    assert heads and all(row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in heads)
    ids = [row.cells[0] for row in item_table.rows[1:] if len({id(c._tc) for c in row.cells}) > 1]
    assert ids and all("-" not in "".join(t.text or "" for t in c._tc.iter(qn("w:t"))) for c in ids)
    assert all(c._tc.find(".//" + qn("w:noBreakHyphen")) is not None for c in ids)
