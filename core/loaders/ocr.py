"""Reading scanned PDFs by OCR, offline — the optional extra `pip install 'fzreview[ocr]'`.

Pages are rendered with pypdfium2 and read by RapidOCR (the `rapidocr` package, whose
Chinese detection and recognition models ship inside its wheel, run by onnxruntime;
OpenCV comes as opencv-python-headless, which sets no Qt variables, so the GUI and OCR
share one process). Red seal ink is whitened before recognition: a seal stamped over
the text otherwise turns into stray characters and hides the words under it.

Each page gives laid-out `Line`s (position and size from the detected boxes, in PDF
points) so the PDF reflow joins them into paragraphs exactly as it does for a text
layer, and a confidence: the mean recognition score of its characters.
Nothing is downloaded: without the extra, `available()` is False and the PDF loader
keeps refusing scanned files with a message that says how to enable OCR.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from fzreview.core.document import DocumentError, mean_confidence
from fzreview.core.loaders.reflow import Line

OCR_EXTRA_COMMAND = "pip install 'fzreview[ocr]'"
RENDER_DPI = 150  # A4 → 1240 × 1754 px: small print stays legible, a page takes a few seconds
LOW_CONFIDENCE = 0.85  # pages below this are named in a warning
# A page's size comes from the file (a MediaBox of 200 × 200 inches renders to 30,000² pixels, 2.7 GB):
# the render scale is lowered so that no page image exceeds this many pixels (A3 at 300 dpi is 17.5 M).
MAX_RENDER_PIXELS = 20_000_000
SECONDS_PER_PAGE = 60.0  # time allowed per page before reading stops (a normal page takes 2–10 s)
REQUIRED = ("rapidocr", "onnxruntime", "pypdfium2", "numpy")

NOTHING_READ_MESSAGE = (
    "此 PDF 没有文字层（是扫描件），文字识别（OCR）也没有识别出文字：页面可能是空白页或图片。"
    "请使用报告的电子版（Word 或带文字层的 PDF）。"
)

_engine = None
_engine_lock = threading.Lock()


def available() -> bool:
    """True when the OCR extra is installed (nothing is imported yet)."""
    return all(importlib.util.find_spec(name) is not None for name in REQUIRED)


@dataclass
class OcrPage:
    number: int  # 1-based
    lines: list[Line]
    height: float  # page height in PDF points (the unit of the lines' geometry)
    confidence: float | None  # mean score of the recognised characters; None for a page without text
    chars: int


def _get_engine():
    global _engine
    with _engine_lock:
        if _engine is None:
            from rapidocr import RapidOCR

            # Upright scanned pages: the text-direction classifier only costs time.
            _engine = RapidOCR(params={"Global.log_level": "error", "Global.use_cls": False})
        return _engine


def whiten_red_ink(bgr):
    """A 3-channel grey image with reddish pixels (seal ink) turned white."""
    import numpy as np

    b = bgr[:, :, 0].astype(np.int16)
    g = bgr[:, :, 1].astype(np.int16)
    r = bgr[:, :, 2].astype(np.int16)
    grey = ((r * 30 + g * 59 + b * 11) // 100).astype(np.uint8)
    grey[(r - np.maximum(g, b)) > 40] = 255
    return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))


def boxes_to_lines(boxes, texts, scores, page_no: int, scale: float) -> tuple[list[Line], float | None, int]:
    """Detected text boxes → lines in reading order (boxes on one row joined left to right).

    Returns the lines (geometry in points: pixel / scale), the page's confidence and its
    character count.
    """
    items = []
    for box, text, score in zip(boxes, texts, scores):
        text = str(text).strip()
        if not text:
            continue
        xs = [float(p[0]) for p in box]
        ys = [float(p[1]) for p in box]
        items.append((min(ys), max(ys), min(xs), max(xs), text, float(score)))
    items.sort(key=lambda it: (it[0] + it[1]) / 2)
    rows: list[list[tuple]] = []
    for item in items:
        top, bottom = item[0], item[1]
        if rows:
            row = rows[-1]
            row_top = sum(it[0] for it in row) / len(row)
            row_bottom = sum(it[1] for it in row) / len(row)
            overlap = min(bottom, row_bottom) - max(top, row_top)
            if overlap > 0.5 * min(bottom - top, row_bottom - row_top):
                row.append(item)
                continue
        rows.append([item])
    lines: list[Line] = []
    weighted = 0.0
    chars = 0
    for row in rows:
        row.sort(key=lambda it: it[2])
        text = ""
        for it in row:
            if text and text[-1].isascii() and text[-1].isalnum() and it[4][0].isascii() and it[4][0].isalnum():
                text += " "
            text += it[4]
            weighted += it[5] * len(it[4])
            chars += len(it[4])
        height = sorted(it[1] - it[0] for it in row)[len(row) // 2]
        lines.append(Line(text, page_no, x0=min(it[2] for it in row) / scale, x1=max(it[3] for it in row) / scale,
                          y=max(it[1] for it in row) / scale, size=height / scale))
    return lines, (weighted / chars if chars else None), chars


def render_scale(width: float, height: float, scale: float) -> float:
    """`scale`, lowered so that a width × height (points) page renders to at most MAX_RENDER_PIXELS."""
    area = max(width, 1.0) * max(height, 1.0) * scale * scale
    return scale if area <= MAX_RENDER_PIXELS else scale * (MAX_RENDER_PIXELS / area) ** 0.5


def read_pages(pdf_document, *, progress: Callable[[int, int], None] | None = None,
               take: Callable[[str], object] | None = None, numbers: list[int] | None = None) -> list[OcrPage]:
    """OCR the pages of an open pypdfium2 PdfDocument (all, or the 1-based `numbers`);
    `progress(done, total)` before the first and after each page."""
    engine = _get_engine()
    indexes = [n - 1 for n in numbers if 0 < n <= len(pdf_document)] if numbers is not None \
        else list(range(len(pdf_document)))
    total = len(indexes)
    deadline = time.monotonic() + SECONDS_PER_PAGE * max(total, 1)
    scale = RENDER_DPI / 72
    pages: list[OcrPage] = []
    if progress:
        progress(0, total)
    for done, index in enumerate(indexes, start=1):
        if time.monotonic() > deadline:
            raise DocumentError(f"文字识别（OCR）用时过长，已在第 {index + 1} 页停止。请使用报告的电子版。")
        page = pdf_document[index]
        try:
            height = float(page.get_height())
            page_scale = render_scale(float(page.get_width()), height, scale)
            bitmap = page.render(scale=page_scale)
            try:
                image = whiten_red_ink(bitmap.to_numpy())
            finally:
                bitmap.close()
        finally:
            page.close()
        result = engine(image)
        boxes = result.boxes if result.boxes is not None else []
        texts = result.txts or ()
        scores = result.scores or ()
        lines, confidence, chars = boxes_to_lines(boxes, texts, scores, index + 1, page_scale)
        if take is not None:
            for line in lines:
                take(line.text)
        pages.append(OcrPage(index + 1, lines, height, confidence, chars))
        if progress:
            progress(done, total)
    return pages


def ocr_warning(pages: list[OcrPage]) -> list[str]:
    """The reading notes for an OCR'd document: where the text came from, and weak pages."""
    mean = mean_confidence([p.confidence for p in pages]) or 0.0
    notes = [f"本报告文字由扫描件识别（OCR）得到（共 {len(pages)} 页，平均置信度 {mean:.1%}），"
             "识别可能有错字或漏字，引用前请对照原件核对。"]
    weak = [p.number for p in pages if p.confidence is not None and p.confidence < LOW_CONFIDENCE]
    empty = [p.number for p in pages if p.confidence is None]
    if weak:
        notes.append(f"第 {'、'.join(map(str, weak[:10]))}{'等' if len(weak) > 10 else ''} 页识别置信度较低"
                     f"（低于 {LOW_CONFIDENCE:.0%}），请重点核对。")
    if empty:
        notes.append(f"第 {'、'.join(map(str, empty[:10]))}{'等' if len(empty) > 10 else ''} 页没有识别出文字。")
    return notes
