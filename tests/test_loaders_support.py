"""Builders for the files the loader tests generate (no tests in this module).

Everything is made at test time with python-docx, reportlab and plain zip/XML,
so the tests never depend on anything outside the repository.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).parent / "fixtures"
INTAKE = FIXTURES / "intake"
SEED = FIXTURES / "suibin-county-2024.txt"


def seed_paragraphs() -> list[str]:
    return [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- PDF -----------------------------------------------------------------------

def _cid_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def make_pdf(paragraphs: list[str], *, header: str | None = None, page_numbers: str | None = "- {n} -",
             encrypt=None, font_size: float = 12) -> bytes:
    """A report PDF: paragraphs wrapped CJK-style, with a running header and page numbers."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    font = _cid_font()
    style = ParagraphStyle("cn", fontName=font, fontSize=font_size, leading=font_size * 1.7,
                           wordWrap="CJK", firstLineIndent=font_size * 2)

    def decorate(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 9)
        if header:
            canvas.drawCentredString(A4[0] / 2, A4[1] - 40, header)
        if page_numbers:
            canvas.drawCentredString(A4[0] / 2, 30, page_numbers.format(n=doc.page))
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, encrypt=encrypt)
    doc.build([Paragraph(escape(p), style) for p in paragraphs], onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()


def make_blank_pdf(pages: int) -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for _ in range(pages):
        c.showPage()
    c.save()
    return buf.getvalue()


def make_image_pdf(pages: int = 1, stamp: str | None = None, text_pages: dict[int, list[str]] | None = None) -> bytes:
    """'Scanned' pages: one raster image each, no text except an optional stamp.

    `text_pages` maps a 1-based page number to text lines drawn instead of the image.
    """
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (200, 280), "white")
    for x in range(20, 180):
        for y in range(40, 44):
            image.putpixel((x, y), (0, 0, 0))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for page_no in range(1, pages + 1):
        if text_pages and page_no in text_pages:
            c.setFont(_cid_font(), 12)
            for n, line in enumerate(text_pages[page_no]):
                c.drawString(72, 760 - n * 20, line)
        else:
            c.drawImage(ImageReader(image), 50, 200, width=400, height=560)
            if stamp:
                c.setFont(_cid_font(), 9)
                c.drawString(280, 30, stamp.format(n=page_no))
        c.showPage()
    c.save()
    return buf.getvalue()


# --- DOCX ----------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return docx_bytes(document)


def wml(xml: str) -> list:
    from docx.oxml import parse_xml

    return list(parse_xml(f'<w:wrap xmlns:w="{W_NS}">{xml}</w:wrap>'))


def set_numbering(document, abstract_xml: str, nums: dict[int, int]) -> None:
    """Replace numbering.xml with the given w:abstractNum elements and w:num entries."""
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for abstract in wml(abstract_xml):
        numbering.append(abstract)
    for num_id, abstract_id in nums.items():
        numbering.extend(wml(
            f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def add_numbered(document, text: str, num_id: int, ilvl: int = 0, style: str | None = None):
    paragraph = document.add_paragraph(text, style=style)
    paragraph._p.get_or_add_pPr().extend(wml(
        f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def add_raw_paragraph(document, inner_xml: str):
    """A body paragraph whose content is raw WordprocessingML (w:r, w:ins, w:del …)."""
    paragraph = document.add_paragraph()
    paragraph._p.extend(wml(inner_xml))
    return paragraph


# --- zip containers --------------------------------------------------------------

def zip_bytes(members: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, content in members.items():
            zf.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return buf.getvalue()


OFD_NS = "http://www.ofdspec.org/2016"


def make_ofd(pages: list[list[tuple[float, float, str]]], *, size: float = 5.0, prolog: str = "") -> bytes:
    """An OFD with one TextObject per (x, y, text) line, `size` mm characters."""
    members: dict[str, str] = {
        "OFD.xml": (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<ofd:OFD xmlns:ofd="{OFD_NS}" DocType="OFD" '
                    f'Version="1.1"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo>'
                    f'<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'),
    }
    page_refs = "".join(
        f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages)))
    members["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData>'
        f'<ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
        f'</ofd:PageArea></ofd:CommonData><ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>')
    for i, lines in enumerate(pages):
        objects = []
        for n, (x, y, text) in enumerate(lines):
            deltas = " ".join([str(size)] * (len(text) - 1))
            objects.append(
                f'<ofd:TextObject ID="{100 + n}" Font="1" Size="{size}" '
                f'Boundary="{x} {y} {size * len(text) + 1} {size * 1.4}">'
                f'<ofd:TextCode X="0" Y="{size}" DeltaX="{deltas}">{escape(text)}</ofd:TextCode></ofd:TextObject>')
        members[f"Doc_0/Pages/Page_{i}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content>'
            f'<ofd:Layer ID="1">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')
    return zip_bytes(members)


def wrap_cjk(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def make_report_ofd(paragraphs: list[str], *, chars_per_line: int = 30, lines_per_page: int = 30) -> bytes:
    """Lay paragraphs out like a 公文 page: 2-character first-line indent, fixed line pitch."""
    size, left, top, pitch = 5.0, 25.0, 30.0, 8.0
    pages: list[list[tuple[float, float, str]]] = [[]]
    for paragraph in paragraphs:
        lines = wrap_cjk(paragraph, chars_per_line - 2)
        lines = [lines[0]] + wrap_cjk("".join(lines[1:]), chars_per_line) if len(lines) > 1 else lines
        for index, line in enumerate(lines):
            if len(pages[-1]) == lines_per_page:
                pages.append([])
            x = left + (2 * size if index == 0 else 0)
            pages[-1].append((x, top + pitch * len(pages[-1]), line))
    return make_ofd(pages, size=size)


# --- HTML ----------------------------------------------------------------------

def make_gov_html(title: str, date: str, paragraphs: list[str], charset: str = "utf-8") -> str:
    body = "\n".join(f"<p style=\"text-indent:2em\">\u3000\u3000{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{escape(title)}_绥滨县人民政府网</title>
<script>var a = "统计代码，不是正文。";</script><style>.x{{color:red}}</style></head>
<body>
<div class="wza-bar">无障碍浏览 长者模式 关怀版</div>
<div id="top-nav" class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/bsfw">办事服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 法治政府建设</div>
<div class="article">
<h1 class="title">{escape(title)}</h1>
<div class="info">发布时间：{date} 10:30 来源：县司法局 浏览次数：1024</div>
<div class="share-bar">分享到：微信 微博 QQ空间</div>
<div class="TRS_Editor">
{body}
</div>
<div class="print-tools"><a href="javascript:window.print()">【打印本页】</a> <a>【关闭窗口】</a></div>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/1">关于印发某某工作方案的通知</a></li>
<li><a href="/2">某某县2023年法治政府建设年度报告</a></li></ul></div>
<div class="footer"><p>主办单位：绥滨县人民政府办公室</p><p>黑ICP备12345678号 网站标识码：2304220001</p>
<p>扫一扫在手机打开当前页</p></div>
</body></html>"""
