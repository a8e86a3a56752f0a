"""Export from the window (CSV, .xlsx, PDF) and the print rendering; core.table_export itself."""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile

import pytest


def test_export_csv_from_window(window, dialogs, tmp_path):
    w = window
    w.session.set_verdict(["G01-01"], "partial")
    w.session.set_note(["G01-01"], "=危险公式")
    out = tmp_path / "table.csv"
    dialogs.save_paths.append(str(out))
    assert w.export_table()
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 171
    header = rows[0]
    row = next(r for r in rows if r[0] == "G01-01")
    assert row[header.index("审查结论")] == "部分符合"
    assert row[header.index("备注")] == "'=危险公式"  # not run as a formula
    assert not dialogs.errors


def test_export_xlsx_from_window(window, dialogs, tmp_path):
    w = window
    w.session.set_verdict(["G01-01"], "covered")
    out = tmp_path / "table"
    dialogs.save_paths.append(str(out))  # no suffix: .xlsx is the default choice
    assert w.export_table()
    path = tmp_path / "table.xlsx"
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        sheet = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
        strings = zf.read("xl/sharedStrings.xml").decode("utf-8")
        workbook = zf.read("xl/workbook.xml").decode("utf-8")
        assert "[Content_Types].xml" in zf.namelist()
    assert sheet.count("<row ") == 171
    assert "符合" in strings and "G01-01" in strings
    # print setup: A4 landscape, fitted to the width, header row on every page, a page header
    assert 'orientation="landscape"' in sheet and 'paperSize="9"' in sheet
    assert 'fitToHeight="0"' in sheet and "fitToPage" in sheet
    assert "_xlnm.Print_Titles" in workbook and "$1:$1" in workbook
    assert "被审查单位：" in sheet and "审查人：" in sheet and "报告：" in sheet
    # rows with wrapped text carry their height (LibreOffice and WPS print what the file says)
    heights = [float(h) for h in re.findall(r'<row [^>]*\sht="([\d.]+)"', sheet)]
    assert len(heights) == 171 and max(heights) > 2 * min(heights)


def test_export_pdf_in_a_worker(window, dialogs, wait_idle, tmp_path):
    pytest.importorskip("fzreview.core.render_pdf")
    pypdf = pytest.importorskip("pypdf")
    w = window
    w.session.set_verdict(["G01-01"], "covered")
    out = tmp_path / "opinion.pdf"
    dialogs.save_paths.append(str(out))
    assert w.export_pdf()
    wait_idle(w, 120000)
    assert not dialogs.errors, dialogs.errors
    assert out.read_bytes().startswith(b"%PDF")
    assert len(pypdf.PdfReader(str(out)).pages) >= 1


def test_export_pdf_without_the_module_shows_an_error(window, dialogs, wait_idle, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "fzreview.core.render_pdf", None)  # import fails
    dialogs.save_paths.append(str(tmp_path / "x.pdf"))
    assert window.export_pdf()
    wait_idle(window)
    assert len(dialogs.errors) == 1
    assert dialogs.errors[0][0] == "导出 PDF 失败" and "不可用" in dialogs.errors[0][1]
    assert not (tmp_path / "x.pdf").exists()


def test_export_to_unwritable_place_shows_error(window, dialogs, tmp_path):
    dialogs.save_paths.append(str(tmp_path / "no-such-dir" / "t.csv"))
    assert not window.export_table()
    assert dialogs.errors and dialogs.errors[0][0] == "导出失败"


def test_print_rendering_is_the_assessment(window):
    from fzreview.ui.printing import assessment_html

    review = window.session.review
    html = assessment_html(review)
    assert "对标审查意见" in html and "草稿" in html  # no verdict yet: an automatic draft
    window.session.set_verdict(["G01-01"], "covered")
    window.session.set_note(["G01-01"], "<b>不是标签</b>")
    html = assessment_html(review)
    assert "草稿" not in html and "审查人已确认 1 项" in html
    assert "&lt;b&gt;不是标签&lt;/b&gt;" in html
    for heading in ("一、总体结论", "二、逐项审查结果", "三、整改建议", "审查单位："):
        assert heading in html
    applicable = sum(1 for i in review.analysis.items if review.effective_status(i) is not None)
    assert html.count("<tr><td>G") == applicable  # one row per applicable item


def test_export_docx_in_a_worker(window, dialogs, wait_idle, tmp_path):
    docx = pytest.importorskip("docx")
    w = window
    w.session.set_verdict(["G01-01"], "covered")
    out = tmp_path / "opinion"
    dialogs.save_paths.append(str(out))
    assert w.export_docx()
    wait_idle(w, 120000)
    assert not dialogs.errors, dialogs.errors
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "opinion.docx")).paragraphs)
    assert "对标审查意见" in text and "审查单位：" in text and "（盖章）" in text


def test_table_export_core_from_analysis_and_review(fresh_review, tmp_path):
    from fzreview.core.table_export import HEADER, table_rows, write_csv, write_table

    review = fresh_review()
    rows = table_rows(review.analysis)  # an Analysis: no verdict columns filled
    assert rows[0] == list(HEADER) and len(rows) == 171
    assert all(r[HEADER.index("审查结论")] == "" for r in rows[1:])
    review.set_verdict("G01-01", "not_applicable")
    rows = table_rows(review)
    assert rows[1][HEADER.index("审查结论")] == "不适用"
    assert rows[2][HEADER.index("审查结论")] == "未审"
    assert write_csv(review, tmp_path / "a.csv") == 170
    assert write_table(review, tmp_path / "a.xlsx") == 170
    assert zipfile.is_zipfile(tmp_path / "a.xlsx")


def test_xlsx_header_names_the_corrected_body(fresh_review, tmp_path):
    from fzreview.core.table_export import write_xlsx

    review = fresh_review()
    review.reviewer = "赵审查"
    review.set_correction("unit", "某某县司法局")
    write_xlsx(review, tmp_path / "t.xlsx")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "被审查单位：某某县司法局" in sheet and "审查人：赵审查" in sheet
