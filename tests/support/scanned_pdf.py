"""Scanned copies of report texts, made on the fly for the OCR test and bench/ocr.py.

`text_pdf(text)` lays a report out on A4 pages with the bundled CJK font (title,
indented paragraphs), stamps a red circular seal with text over the text of the
first and the last page, and `scanned_pdf(text)` rasterises that to an image-only
PDF (no text layer), slightly grey and tilted, as a scanner would produce.
"""

from __future__ import annotations

import io
import math
import random

from fzreview.core.resources import FONT_DIR

FONT = "FzScanFont"
SEAL_RED = (0.85, 0.08, 0.08)


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "wqy-microhei.ttc"), subfontIndex=0))


def _draw_seal(canvas, cx: float, cy: float, radius: float, text: str) -> None:
    """A red round official seal: ring, text along the upper arc, a star in the middle."""
    canvas.saveState()
    canvas.setStrokeColorRGB(*SEAL_RED)
    canvas.setFillColorRGB(*SEAL_RED)
    canvas.setLineWidth(radius * 0.06)
    canvas.circle(cx, cy, radius, stroke=1, fill=0)
    size = radius * 0.26
    canvas.setFont(FONT, size)
    span = math.radians(250)
    for i, ch in enumerate(text):
        angle = math.pi / 2 + span / 2 - span * (i + 0.5) / len(text)
        r = radius * 0.78
        canvas.saveState()
        canvas.translate(cx + r * math.cos(angle), cy + r * math.sin(angle))
        canvas.rotate(math.degrees(angle) - 90)
        canvas.drawCentredString(0, -size * 0.35, ch)
        canvas.restoreState()
    star = canvas.beginPath()
    for k in range(10):
        rr = radius * (0.3 if k % 2 == 0 else 0.12)
        a = math.pi / 2 + k * math.pi / 5
        (star.moveTo if k == 0 else star.lineTo)(cx + rr * math.cos(a), cy + rr * math.sin(a))
    star.close()
    canvas.drawPath(star, stroke=0, fill=1)
    canvas.restoreState()


def text_pdf(text: str, seal_text: str = "某某县人民政府办公室") -> bytes:
    """An A4 PDF of the report text (first line the title) with a red seal on the first and last page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    _register_font()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = ParagraphStyle("t", fontName=FONT, fontSize=16, leading=26, alignment=1, spaceAfter=10,
                           wordWrap="CJK")
    body = ParagraphStyle("b", fontName=FONT, fontSize=12, leading=21, firstLineIndent=24, wordWrap="CJK")

    def story():  # a build consumes its story
        return [Paragraph(_escape(lines[0]), title)] + [Paragraph(_escape(line), body) for line in lines[1:]]

    def seal(canvas, doc, last=False):
        if doc.page == 1 or last:
            _draw_seal(canvas, A4[0] - 62 * mm, 62 * mm if last else A4[1] - 70 * mm, 21 * mm, seal_text)

    def build(on_later):
        out = io.BytesIO()
        doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=30 * mm,
                                bottomMargin=28 * mm)
        doc.build(story(), onFirstPage=seal, onLaterPages=on_later)
        return out.getvalue(), doc.page

    # The first pass counts the pages, so the second can stamp the last one.
    _pdf, n_pages = build(seal)
    pdf, _n = build(lambda c, d: seal(c, d, last=d.page == n_pages))
    return pdf


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rasterise(pdf: bytes, dpi: int = 150, seed: int = 7) -> bytes:
    """An image-only PDF of `pdf`: each page a greyish, slightly tilted picture, no text layer."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    pages = []
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            image = document[index].render(scale=dpi / 72).to_pil().convert("RGB")
            image = image.rotate(rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, fillcolor="white")
            image = image.filter(ImageFilter.GaussianBlur(0.4))
            paper = Image.new("RGB", image.size, (246, 244, 238))
            pages.append(Image.blend(image, paper, 0.08))
    finally:
        document.close()
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return out.getvalue()


def scanned_pdf(text: str, dpi: int = 150) -> bytes:
    return rasterise(text_pdf(text), dpi=dpi)
