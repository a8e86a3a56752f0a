"""PDF reports: the text layer read with pypdf, lines reflowed into paragraphs.

pypdf hands every piece of extracted text to a visitor together with its text
matrix; the pieces concatenate to exactly the extracted text, so each output
line gets its position (left, right, baseline, font size). The geometry tells
short lines (paragraph ends) and page-edge lines (headers, footers) apart.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import struct
import sys
import warnings as py_warnings
import zlib
from collections.abc import Callable

from fzreview.core.document import Document, DocumentError, mean_confidence
from fzreview.core.loaders.limits import Budget
from fzreview.core.loaders.reflow import Line, display_width, drop_page_furniture, lines_to_paragraphs
from fzreview.core.loaders.text_quality import looks_like_gbk_mojibake, quality, repair_gbk_mojibake

NO_TEXT_LAYER_MESSAGE = (
    "此 PDF 没有文字层（可能是扫描件）。本机没有安装文字识别（OCR）组件：安装后即可直接打开扫描件"
    "（pip install 'fzreview[ocr]'），也可以先用其他软件做文字识别后再打开。"
)
# The same refusal inside a PyInstaller bundle, where pip is no help.
NO_TEXT_LAYER_BUNDLE_MESSAGE = (
    "此 PDF 没有文字层（可能是扫描件）。这个安装包不含文字识别（OCR）组件：请改用含 OCR 的安装包，"
    "也可以先用其他软件做文字识别后再打开。"
)
USER_PASSWORD_MESSAGE = (
    "此 PDF 设置了打开密码，无法读取。请向报告提供方索取未加密的版本，"
    "或在 PDF 阅读器中输入密码后另存为无密码的 PDF 再打开。"
)
MISSING_CRYPTO_MESSAGE = "此 PDF 使用 AES 加密，本机缺少解密组件（Python 包 cryptography），无法读取。"
DAMAGED_MESSAGE = "PDF 文件已损坏或不完整，无法读取。请重新导出或重新下载后再试。"
GARBLED_MESSAGE = (
    "此 PDF 的文字层是乱码（字体编码被打乱，提取出的大多是生僻字或无意义符号），无法可靠审查。"
    "请使用报告的 Word 原文，或先做文字识别（OCR）后再打开。"
)
SUSPECT_WARNING = "此 PDF 提取出的文字中生僻字偏多，部分内容可能是乱码，请对照原文核对。"
GBK_REPAIRED_WARNING = "此 PDF 的字体缺少文字映射，已按 GBK 编码还原文字，请对照原文核对。"
OWNER_PASSWORD_WARNING = "此 PDF 设置了权限密码（限制编辑或复制），已按只读方式提取文字。"
# A page with an image and fewer characters than this is a scanned page (a stamp or page number at most).
SCANNED_PAGE_MAX_CHARS = 30


@contextlib.contextmanager
def _quiet_pypdf():
    """pypdf reports recoverable problems through logging and warnings; keep them off stderr."""
    logger = logging.getLogger("pypdf")
    old_level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with py_warnings.catch_warnings():
            py_warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(old_level)


def _times(tm: list[float], cm: list[float]) -> tuple[float, ...]:
    a = tm[0] * cm[0] + tm[1] * cm[2]
    b = tm[0] * cm[1] + tm[1] * cm[3]
    c = tm[2] * cm[0] + tm[3] * cm[2]
    d = tm[2] * cm[1] + tm[3] * cm[3]
    e = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    f = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    return a, b, c, d, e, f


class _LineBuilder:
    """Collects visitor pieces into Lines with geometry."""

    def __init__(self, page_no: int, page_top: float):
        self.page_no = page_no
        self.page_top = page_top
        self.lines: list[Line] = []
        self.pieces: list[str] = []
        self._new_line()

    def _new_line(self) -> None:
        self.cur = Line("", self.page_no)

    def _close_line(self) -> None:
        self.lines.append(self.cur)
        self._new_line()

    def _place(self, part: str, x: float, y: float, size: float) -> None:
        line = self.cur
        if line.y is not None and abs(line.y - y) > max(size, 1.0):
            return  # a piece far from the line's baseline carries no usable position
        end = x + display_width(part) * size / 2
        line.x1 = end if line.x1 is None else max(line.x1, end)
        if part.strip():
            if line.y is None:
                line.y, line.size = y, size
            line.x0 = x if line.x0 is None else min(line.x0, x)

    def visit(self, text, cm, tm, _font_dict, font_size) -> None:
        self.pieces.append(text)
        position: tuple[float, float, float] | None
        try:
            a, b, c, d, e, f = _times(tm, cm)
            position = (e, self.page_top - f, abs(font_size * math.hypot(c, d)) or 1.0)
        except (TypeError, ValueError, IndexError):
            position = None
        parts = text.split("\n")
        for index, part in enumerate(parts):
            if index:
                self._close_line()
            self.cur.text += part
            first_visible = not any(p.strip() for p in parts[:index])
            if position is not None and first_visible:
                self._place(part, *position)

    def finish(self, extracted: str) -> list[Line]:
        self._close_line()
        if "".join(self.pieces) != extracted:
            # Pieces do not line up with the text: keep the text, drop the geometry.
            return [Line(t, self.page_no) for t in extracted.split("\n")]
        return self.lines


def _page_geometry(page) -> tuple[float, float] | None:
    """(top, height) of an upright page; None when rotated or the box is unusable."""
    try:
        if int(page.get("/Rotate", 0) or 0) % 180 != 0:
            return None
        box = page.mediabox
        return float(box.top), float(box.height)
    except Exception:
        return None


def _page_lines(page, page_no: int, geometry: tuple[float, float] | None) -> list[Line]:
    builder = _LineBuilder(page_no, geometry[0] if geometry else 0.0)
    text = page.extract_text(visitor_text=builder.visit)
    lines = builder.finish(text)
    if geometry is None:
        lines = [Line(line.text, page_no) for line in lines]
    return lines


def _page_has_images(page) -> bool:
    try:
        xobjects = page["/Resources"].get_object().get("/XObject")
        if xobjects is None:
            return False
        return any(xobj.get_object().get("/Subtype") == "/Image" for xobj in xobjects.get_object().values())
    except Exception:
        return False


def _open(data: bytes, warnings: list[str]):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except DependencyError:
        raise DocumentError(MISSING_CRYPTO_MESSAGE) from None
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except DependencyError:
            raise DocumentError(MISSING_CRYPTO_MESSAGE) from None
        if not opened:
            raise DocumentError(USER_PASSWORD_MESSAGE)
        warnings.append(OWNER_PASSWORD_WARNING)
    return reader


class ScannedPdfError(DocumentError):
    """A PDF whose pages are images: read by OCR when the extra is installed."""


def load_pdf(data: bytes, *, budget: Budget, source_path: str, sha256: str,
             warnings: list[str], progress: Callable[[int, int], None] | None = None) -> Document:
    """The PDF's text layer as a Document; a scanned PDF is read by OCR (`progress(page, pages)`)."""
    from pypdf.errors import PyPdfError

    scanned: list[int] = []
    try:
        pages, heights = _read_pages(data, budget, warnings, scanned)
    except ScannedPdfError:
        return _load_scanned(data, budget=budget, source_path=source_path, sha256=sha256, warnings=warnings,
                             progress=progress)
    except (PyPdfError, AttributeError, KeyError, TypeError, ValueError, IndexError, AssertionError,
            NotImplementedError, OSError, zlib.error, struct.error):
        # Failures outside a page (trailer, page tree, encryption dictionary): a damaged file.
        raise DocumentError(DAMAGED_MESSAGE) from None
    if scanned:
        _read_scanned_pages(data, pages, heights, scanned, budget=budget, warnings=warnings, progress=progress)
    paragraphs = lines_to_paragraphs(drop_page_furniture(pages, heights))
    return Document.from_paragraphs(
        paragraphs, source_path=source_path, source_format="pdf", sha256=sha256, warnings=warnings,
    )


def _read_pages(data: bytes, budget: Budget, warnings: list[str],
                scanned: list[int] | None = None) -> tuple[list[list[Line]], list[float | None]]:
    """Lines of every page (repaired and checked) and the page heights.

    Pages that are only an image go into `scanned` (1-based) when it is given, else into a warning.
    """
    from pypdf.errors import DependencyError, FileNotDecryptedError

    with _quiet_pypdf():
        reader = _open(data, warnings)
        try:
            n_pages = len(reader.pages)
        except FileNotDecryptedError:
            raise DocumentError(USER_PASSWORD_MESSAGE) from None
        except DependencyError:
            raise DocumentError(MISSING_CRYPTO_MESSAGE) from None
        budget.check_pages(n_pages)
        pages: list[list[Line]] = []
        heights: list[float | None] = []
        failed: list[int] = []
        image_only: list[int] = []
        for index in range(n_pages):
            budget.check_time()
            geometry = None
            try:
                page = reader.pages[index]
                geometry = _page_geometry(page)
                lines = _page_lines(page, index + 1, geometry)
            except DependencyError:
                raise DocumentError(MISSING_CRYPTO_MESSAGE) from None
            except (RecursionError, MemoryError):
                raise DocumentError(DAMAGED_MESSAGE) from None
            except Exception:
                failed.append(index + 1)
                lines, page = [], None
            budget.count_lines(len(lines))
            for line in lines:
                budget.take(line.text)
            visible = sum(1 for line in lines for ch in line.text if not ch.isspace())
            if page is not None and visible < SCANNED_PAGE_MAX_CHARS and _page_has_images(page):
                image_only.append(index + 1)
            pages.append(lines)
            heights.append(geometry[1] if geometry else None)

    all_text = "\n".join(line.text for lines in pages for line in lines)
    if failed and len(failed) == n_pages:
        raise DocumentError(DAMAGED_MESSAGE)
    if sum(1 for ch in all_text if not ch.isspace()) < 10 or len(image_only) >= 0.8 * n_pages:
        raise ScannedPdfError(NO_TEXT_LAYER_MESSAGE)
    if looks_like_gbk_mojibake(all_text):
        pages = _repair_gbk(pages, warnings)
        all_text = "\n".join(line.text for lines in pages for line in lines)
    verdict = quality(all_text)
    if verdict == "garbled":
        raise DocumentError(GARBLED_MESSAGE)
    if verdict == "suspect":
        warnings.append(SUSPECT_WARNING)
    if failed:
        warnings.append(f"第 {_page_list(failed)} 页无法提取文字（页面数据损坏），这些页的内容未读取。")
    if image_only and scanned is not None:
        scanned.extend(image_only)
    elif image_only:
        warnings.append(_image_only_warning(image_only))
    return pages, heights


def _image_only_warning(pages: list[int]) -> str:
    return f"第 {_page_list(pages)} 页没有文字层（可能是扫描页），这些页的内容未能读取，请人工核对。"


def _read_scanned_pages(data: bytes, pages: list[list[Line]], heights: list[float | None], scanned: list[int], *,
                        budget: Budget, warnings: list[str], progress: Callable[[int, int], None] | None) -> None:
    """Scanned pages inside a PDF with a text layer (a stamped last page, say): read by OCR in place."""
    from fzreview.core.loaders import ocr

    read: list = []
    if ocr.available():
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            pdf = None
        if pdf is not None:
            try:
                read = ocr.read_pages(pdf, progress=progress, take=budget.take, numbers=scanned)
            finally:
                pdf.close()
    done = [p for p in read if p.chars]
    for page in done:
        pages[page.number - 1] = page.lines
        heights[page.number - 1] = page.height
    if done:
        mean = mean_confidence([p.confidence for p in done]) or 0.0
        warnings.append(f"第 {_page_list([p.number for p in done])} 页是扫描页，其文字由文字识别（OCR）得到"
                        f"（平均置信度 {mean:.1%}），请对照原件核对。")
    missing = [n for n in scanned if n not in {p.number for p in done}]
    if missing:
        warnings.append(_image_only_warning(missing))


def _load_scanned(data: bytes, *, budget: Budget, source_path: str, sha256: str, warnings: list[str],
                  progress: Callable[[int, int], None] | None) -> Document:
    """A scanned PDF read page by page by OCR; the Document says so (source_kind, confidences, a note)."""
    from fzreview.core.loaders import ocr

    if not ocr.available():
        raise DocumentError(NO_TEXT_LAYER_BUNDLE_MESSAGE if getattr(sys, "frozen", False) else NO_TEXT_LAYER_MESSAGE)
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise DocumentError(DAMAGED_MESSAGE) from None
    try:
        budget.check_pages(len(pdf))
        pages = ocr.read_pages(pdf, progress=progress, take=budget.take)
    finally:
        pdf.close()
    if not any(p.chars for p in pages):
        raise DocumentError(ocr.NOTHING_READ_MESSAGE)
    lines = drop_page_furniture([p.lines for p in pages], [p.height for p in pages])
    doc = Document.from_paragraphs(
        lines_to_paragraphs(lines), source_path=source_path, source_format="pdf", sha256=sha256,
        warnings=warnings + ocr.ocr_warning(pages),
    )
    doc.source_kind = "ocr"
    doc.ocr_confidence = [p.confidence for p in pages]
    return doc


def _repair_gbk(pages: list[list[Line]], warnings: list[str]) -> list[list[Line]]:
    repaired_pages = []
    changed = False
    for lines in pages:
        text = "\n".join(line.text for line in lines)
        fixed = repair_gbk_mojibake(text) if looks_like_gbk_mojibake(text) else None
        if fixed is None:
            repaired_pages.append(lines)
            continue
        changed = True
        # Repaired text has other widths: keep only the vertical geometry.
        repaired_pages.append([
            Line(new, line.page, y=line.y, size=line.size) for new, line in zip(fixed.split("\n"), lines)
        ])
    if changed:
        warnings.append(GBK_REPAIRED_WARNING)
    return repaired_pages


def _page_list(pages: list[int], shown: int = 10) -> str:
    text = "、".join(str(p) for p in pages[:shown])
    return text + ("等" if len(pages) > shown else "")
