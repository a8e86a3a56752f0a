"""Scanned PDFs read by OCR (the `ocr` extra): a scanned copy of a seed report, made here
with a red seal stamped over its text, gets the same judgement as the report's text and
says everywhere that its text came from OCR."""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES
from support.scanned_pdf import scanned_pdf
from test_loaders_support import make_image_pdf, make_pdf

from fzreview.core.document import DocumentError
from fzreview.core.loaders import load_bytes, load_document, ocr

needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the OCR extra is not installed: pip install '.[ocr]'")
SEED = "hongmei-town-2024"  # the shortest seed report: four scanned pages


def addressed(analysis) -> set[str]:
    return {i.id for i in analysis.items if i.status in ("covered", "partial")}


@pytest.fixture(scope="module")
def scanned():
    """(Document read by OCR, progress calls) for a scanned copy of the seed report."""
    text = (FIXTURES / f"{SEED}.txt").read_text(encoding="utf-8")
    calls: list[tuple[int, int]] = []
    doc = load_bytes(scanned_pdf(text), suffix=".pdf", source_path="scan.pdf",
                     progress=lambda done, total: calls.append((done, total)))
    return doc, calls


@needs_ocr
def test_scanned_report_is_read_page_by_page_and_says_it_is_ocr(scanned):
    doc, calls = scanned
    pages = len(doc.ocr_confidence)
    assert pages >= 3
    assert calls == [(n, pages) for n in range(pages + 1)]  # progress before and after every page
    assert doc.source_kind == "ocr" and doc.source_format == "pdf"
    assert all(c is not None and 0.5 < c <= 1 for c in doc.ocr_confidence)
    assert doc.warnings[0].startswith("本报告文字由扫描件识别（OCR）得到")
    # The red seal ("某某县人民政府办公室") is whitened away, not read into the text.
    assert "办公室" not in doc.text
    # Lines were joined back into the report's paragraphs.
    assert any(p.text(doc.text).startswith("二、推进法治政府建设的主要举措和成效") for p in doc.paragraphs)


@needs_ocr
def test_scanned_report_gets_the_same_judgement_as_its_text(scanned, seed_analyses, checklist, structure, tmp_path):
    from fzreview.core.engine import analyse
    from fzreview.core.review import Review, load_review, save_review

    doc, _calls = scanned
    from_scan = analyse(doc, checklist, structure)
    from_text = seed_analyses[SEED]
    a, b = addressed(from_scan), addressed(from_text)
    jaccard = len(a & b) / len(a | b)
    assert jaccard >= 0.9, (jaccard, sorted(a ^ b))
    notice = from_scan.report.ocr_notice()
    assert notice and re.match(r"本报告文字由扫描件识别（OCR）得到，平均置信度 \d+\.\d%，", notice), notice
    assert from_text.report.ocr_notice() is None
    # The review file keeps where the text came from.
    save_review(Review(analysis=from_scan), tmp_path / "scan.fzreview.json")
    again = load_review(tmp_path / "scan.fzreview.json").analysis
    assert again.report.source_kind == "ocr" and again.report.ocr_notice() == notice


@needs_ocr
def test_assessment_says_the_text_came_from_ocr(scanned, checklist, structure):
    from fzreview.core.assessment import build_assessment
    from fzreview.core.engine import analyse

    doc, _calls = scanned
    analysis = analyse(doc, checklist, structure)
    assessment = build_assessment(analysis)
    assert analysis.report.ocr_notice() in assessment.conclusion
    assert any(f.value == "PDF（扫描件，文字经 OCR 识别）" for f in assessment.header)


@needs_ocr
def test_command_line_summary_says_the_text_came_from_ocr(scanned, checklist, structure):
    from fzreview.core.cli import format_summary
    from fzreview.core.engine import analyse

    doc, _calls = scanned
    summary = format_summary(analyse(doc, checklist, structure))
    assert summary.count("本报告文字由扫描件识别（OCR）得到") == 1  # one 读取提示 line


@needs_ocr
def test_scan_without_any_text_gets_a_clear_message(tmp_path, capsys):
    from fzreview.core.cli import EXIT_REPORT
    from fzreview.core.cli import main as cli_main

    path = tmp_path / "blank.pdf"
    path.write_bytes(make_image_pdf(pages=2))
    with pytest.raises(DocumentError) as err:
        load_document(path)
    assert str(err.value) == ocr.NOTHING_READ_MESSAGE
    # The command line shows the page being read on stderr, then the one-line refusal.
    assert cli_main(["check", str(path)]) == EXIT_REPORT
    err_lines = capsys.readouterr().err.splitlines()
    assert err_lines[:2] == ["正在识别扫描件（OCR）：第 1/2 页……", "正在识别扫描件（OCR）：第 2/2 页……"]
    assert err_lines[2].endswith(ocr.NOTHING_READ_MESSAGE) and len(err_lines) == 3


@needs_ocr
def test_a_scanned_page_inside_a_text_pdf_is_read_by_ocr_in_place():
    import io

    from pypdf import PdfReader, PdfWriter

    lines = (FIXTURES / f"{SEED}.txt").read_text(encoding="utf-8").splitlines()
    writer = PdfWriter()
    for part in (make_pdf(lines[:3], page_numbers=None), scanned_pdf("\n".join(lines[3:5]))):
        for page in PdfReader(io.BytesIO(part)).pages[:1]:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    calls: list[tuple[int, int]] = []
    doc = load_bytes(out.getvalue(), suffix=".pdf", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 1), (1, 1)]  # only the scanned page went through OCR
    assert doc.source_kind == "text"
    assert "坚持党的领导" in doc.text  # page 1, its text layer
    assert "严格落实党政主要负责人法治政府建设责任" in doc.text  # page 2, read by OCR
    assert [p.page for p in doc.paragraphs][-1] == 2
    assert any(w.startswith("第 2 页是扫描页，其文字由文字识别（OCR）得到") for w in doc.warnings), doc.warnings


def test_boxes_on_one_row_are_joined_left_to_right_and_rows_ordered():
    # Boxes as OCR returns them: four corner points in pixels, listed out of order.
    boxes = [
        [[400, 100], [600, 100], [600, 130], [400, 130]],  # right half of row 1
        [[100, 160], [500, 160], [500, 190], [100, 190]],  # row 2
        [[100, 102], [380, 102], [380, 131], [100, 131]],  # left half of row 1
    ]
    lines, confidence, chars = ocr.boxes_to_lines(boxes, ["报告如下。", "一、主要举措", "现将主要情况"],
                                                  [0.9, 1.0, 0.8], page_no=3, scale=2.0)
    assert [line.text for line in lines] == ["现将主要情况报告如下。", "一、主要举措"]
    assert lines[0].page == 3 and lines[0].x0 == 50 and lines[0].x1 == 300 and lines[1].y == 95
    assert chars == 17 and confidence == pytest.approx((0.8 * 6 + 0.9 * 5 + 1.0 * 6) / 17)
