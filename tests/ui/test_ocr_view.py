"""A scanned PDF opened in the window: page progress while OCR reads it, then a visible
notice above the report that its text came from OCR."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from support.scanned_pdf import scanned_pdf

from fzreview.core.loaders import ocr

REPORT = Path(__file__).resolve().parent.parent / "fixtures" / "hongmei-town-2024.txt"

pytestmark = pytest.mark.skipif(not ocr.available(), reason="the OCR extra is not installed")


def test_scanned_pdf_opens_with_page_progress_and_an_ocr_notice(make_window, open_and_wait, dialogs, tmp_path):
    # One scanned page (the report's first paragraphs) keeps the test short.
    excerpt = "\n".join(REPORT.read_text(encoding="utf-8").splitlines()[:5])
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(scanned_pdf(excerpt))
    w = make_window()
    messages: list[str] = []
    w.statusBar().messageChanged.connect(messages.append)
    open_and_wait(w, path, timeout=120000)
    assert not dialogs.errors
    assert "正在识别扫描件（OCR）：第 1/1 页……" in messages
    assert w.ocr_banner.isVisible()
    assert w.ocr_banner.text().startswith("⚠ 本报告文字由扫描件识别（OCR）得到，平均置信度")
    assert "深入学习宣传贯彻习近平法治思想" in w.report.toPlainText()
    # A report with a text layer shows no such notice.
    open_and_wait(w, REPORT)
    assert not w.ocr_banner.isVisible()
