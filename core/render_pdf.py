"""The assessment (审查意见) as an A4 PDF in Chinese (reportlab).

``render_pdf(assessment)`` lays out a ``core.assessment.Assessment``: title and
status line, header table, the chapters with a coverage chart per part, the
item table, 整改建议, the signature block with room for the seal, a running
header and "第 x 页 共 y 页" on every page. ``export_pdf(source, out)`` builds
the assessment of an Analysis or a Review and writes it.

This is the only module that imports reportlab: callers import it lazily so
that ``check`` without ``--pdf`` never pays for it. No Qt here; every word is
decided in core.assessment.

All text goes through ``_para()``, which drops characters the font cannot draw
and XML-escapes the rest, so a note such as ``x<y & <b>AT&T</b>`` prints literally.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from fzreview.core.analysis import COVERED, MISSING, PARTIAL, STATUS_NAMES, Analysis
from fzreview.core.assessment import (
    APP_NAME,
    NUMERALS,
    Assessment,
    Block,
    GroupRow,
    ItemRow,
    build_assessment,
)
from fzreview.core.atomic_file import write_atomic
from fzreview.core.resources import FONT_DIR
from fzreview.core.review import NOT_APPLICABLE, Review

# ---------------------------------------------------------------- font

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = FONT_DIR / "wqy-microhei.ttc"
# The same file as installed by Debian's fonts-wqy-microhei, used only if the
# bundled copy is missing (e.g. a stripped-down checkout).
_SYSTEM_FONT_FILES = (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),)

_font: TTFont | None = None
_glyphs: frozenset[int] = frozenset()

# Preferred stand-ins for characters the font lacks (all checked against the
# font before use); anything else becomes the first available of _MISSING_MARKS.
_SUBSTITUTES = {
    "\u2014": "\uff0d", "\u2013": "-", "\u2012": "-", "\u2015": "\u2014", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u3000": "  ",
    "\u2026": "...", "\u00b7": "\u30fb", "\u30fb": "\u00b7", "\u3014": "[", "\u3015": "]",
    "\u3008": "\u300a", "\u3009": "\u300b",
}
_MISSING_MARKS = ("\u25a1", "?")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class FontUnavailableError(RuntimeError):
    """The bundled CJK font cannot be found or read."""


def register_font() -> str:
    """Register the bundled CJK font once per process; returns its reportlab name."""
    global _font, _glyphs
    if _font is None:
        candidates = (FONT_FILE, *_SYSTEM_FONT_FILES)
        path = next((p for p in candidates if p.is_file()), None)
        if path is None:
            raise FontUnavailableError(
                f"找不到中文字体文件 {FONT_FILE}（应随程序提供），无法生成 PDF。")
        try:
            font = TTFont(FONT_NAME, str(path), subfontIndex=0)
        except Exception as exc:  # reportlab raises TTFError and friends
            raise FontUnavailableError(f"无法读取中文字体文件 {path}：{exc}") from None
        pdfmetrics.registerFont(font)
        # Map <b>/<i> in our own markup onto the same face, never onto Helvetica.
        pdfmetrics.registerFontFamily(FONT_NAME, normal=FONT_NAME, bold=FONT_NAME,
                                      italic=FONT_NAME, boldItalic=FONT_NAME)
        _glyphs = frozenset(font.face.charToGlyph)
        _extend_line_break_rules()
        _font = font
    return FONT_NAME


# Closing punctuation that must not start a line in Chinese text but is missing
# from reportlab's list (which has "、。）" but not "，" or closing quotes).
_CANNOT_START_EXTRA = "，：；？！”’》〉…"


def _extend_line_break_rules() -> None:
    """Teach reportlab's CJK wrapping (wordWrap='CJK') the Chinese closing punctuation.

    reportlab lets such a character hang in the margin instead of starting the
    next line. Its list is a module global read at wrap time, so it is extended
    in place, once; the change only adds characters and only affects reportlab.
    """
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph
    current = paragraph.ALL_CANNOT_START
    extra = "".join(c for c in _CANNOT_START_EXTRA if c not in current)
    if extra:
        paragraph.ALL_CANNOT_START = current + extra
        textsplit.ALL_CANNOT_START = textsplit.ALL_CANNOT_START + extra
    _teach_cannot_end(paragraph)


_CANNOT_END = "（(“‘《〈「『【〔［｛"
# (module, function, the line closing a wrapped line, the rule inserted before it)
_CANNOT_END_PATCHES = (
    ("paragraph", "cjkFragSplit",
     "            lines.append(makeCJKParaLine(U[lineStartPos:i],maxWidth,widthUsed,extraSpace,lineBreak,calcBounds))\n",
     "            if not lineBreak:\n"
     "                while i-1>lineStartPos+1 and (U[i-1] in _FZ_CANNOT_END\n"
     "                                              or (i<nU and U[i] in _FZ_CANNOT_START)):\n"
     "                    i -= 1\n"
     "                    extraSpace += U[i].width\n"),
    ("textsplit", "dumbSplit",
     "            #lines.append([maxWidth-sum(widths[lineStartPos:i]), word[lineStartPos:i].strip()])\n",
     "            while i-1>lineStartPos+1 and (word[i-1] in _FZ_CANNOT_END\n"
     "                                          or (i<nW and word[i] in _FZ_CANNOT_START)):\n"
     "                i -= 1\n"
     "                extraSpace += widths[i]\n"),
)


def _teach_cannot_end(paragraph) -> None:
    """An opening bracket or quote never ends a line: carry it to the next one; and the next line
    never starts with closing punctuation, even after a sequence ("）。", "”，"): reportlab hangs
    one such mark in the margin but lets the second start the line, so characters are carried
    over until the next line starts with one that may start a line.

    reportlab's CJK wrapping (``cjkFragSplit`` for mixed text, ``dumbSplit`` for
    plain text) only knows characters that cannot start a line. Their source is
    recompiled once with one more rule before each line is closed; where the
    source is not as expected (another reportlab version) the original is kept.
    """
    import inspect

    from reportlab.lib import textsplit

    modules = {"paragraph": paragraph, "textsplit": textsplit}
    for module_name, name, anchor, rule in _CANNOT_END_PATCHES:
        module = modules[module_name]
        original = getattr(module, name, None)
        if original is None or getattr(original, "_fz_patched", False):
            continue
        try:
            source = inspect.getsource(original)
        except (OSError, TypeError):
            continue
        if source.count(anchor) != 1:
            continue
        namespace = dict(vars(module))
        namespace["_FZ_CANNOT_END"] = _CANNOT_END
        namespace["_FZ_CANNOT_START"] = paragraph.ALL_CANNOT_START
        exec(compile(source.replace(anchor, rule + anchor), module.__file__, "exec"), namespace)
        patched = namespace[name]
        patched._fz_patched = True
        setattr(module, name, patched)


def has_glyph(char: str) -> bool:
    register_font()
    return ord(char) in _glyphs


def _fallback(char: str) -> str:
    sub = _SUBSTITUTES.get(char)
    if sub and all(ord(c) in _glyphs for c in sub):
        return sub
    return next(m for m in _MISSING_MARKS if ord(m) in _glyphs)


def clean_text(text: object) -> str:
    """Text the font can draw: control and format characters dropped, missing glyphs replaced."""
    register_font()
    s = "" if text is None else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    s = _CONTROL_RE.sub("", s)
    for c in set(s):
        if unicodedata.category(c) == "Cf":  # zero-width spaces, BOM, bidi marks: invisible
            s = s.replace(c, "")
        elif c != "\n" and ord(c) not in _glyphs:
            s = s.replace(c, _fallback(c))
    return s


def markup(text: object) -> str:
    """Paragraph markup showing `text` literally (escaped, newlines kept)."""
    return escape(clean_text(text)).replace("\n", "<br/>")


# ---------------------------------------------------------------- styles

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 18 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X

GREEN = colors.HexColor("#dcefd9")
AMBER = colors.HexColor("#fbeec9")
RED = colors.HexColor("#f8d7d3")
GREY_BG = colors.HexColor("#eeeeee")
HEAD_BG = colors.HexColor("#d9dee6")
PART_BG = colors.HexColor("#e6ebf2")
CLAUSE_BG = colors.HexColor("#f5f5f5")
GRID = colors.HexColor("#9a9a9a")
GREY_TEXT = colors.HexColor("#6b6b6b")
# Chart colours: distinct in hue and in lightness (about 32 %, 86 % and 60 % grey),
# so the three still differ when printed in black and white.
BAR_COLOURS = {COVERED: colors.HexColor("#2e6b30"), PARTIAL: colors.HexColor("#f7dc8c"),
               MISSING: colors.HexColor("#e07b6f")}
BAR_TEXT = {COVERED: colors.white, PARTIAL: colors.black, MISSING: colors.black}
STATUS_BG = {COVERED: GREEN, PARTIAL: AMBER, MISSING: RED}


def _styles() -> dict[str, ParagraphStyle]:
    font = register_font()
    base = ParagraphStyle("base", fontName=font, fontSize=9.5, leading=14.5, wordWrap="CJK")
    s = {
        "base": base,
        "title": ParagraphStyle("title", base, fontSize=17, leading=24, alignment=TA_CENTER,
                                spaceAfter=3 * mm),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=9.5, alignment=TA_CENTER,
                                   textColor=GREY_TEXT, spaceAfter=4 * mm),
        "h1": ParagraphStyle("h1", base, fontSize=13, leading=19, spaceBefore=5 * mm,
                             spaceAfter=2.5 * mm, keepWithNext=1),
        "h2": ParagraphStyle("h2", base, fontSize=10.5, leading=16, spaceBefore=3 * mm,
                             spaceAfter=1.5 * mm, keepWithNext=1),
        "body": ParagraphStyle("body", base, firstLineIndent=19, spaceAfter=1.5 * mm),
        "body_plain": ParagraphStyle("body_plain", base, spaceAfter=1.5 * mm),
        "list": ParagraphStyle("list", base, leftIndent=14, firstLineIndent=-14, spaceAfter=1.2 * mm),
        "list_small": ParagraphStyle("list_small", base, fontSize=9, leading=13.5, leftIndent=14,
                                     firstLineIndent=-14, spaceAfter=1 * mm),
        "note": ParagraphStyle("note", base, fontSize=8, leading=11.5, textColor=GREY_TEXT,
                               spaceAfter=1.5 * mm),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=11),
        "cell_small": ParagraphStyle("cell_small", base, fontSize=7, leading=9.5),
        "cell_grey": ParagraphStyle("cell_grey", base, fontSize=8, leading=11, textColor=GREY_TEXT),
        "cell_small_grey": ParagraphStyle("cell_small_grey", base, fontSize=7, leading=9.5,
                                          textColor=GREY_TEXT),
        "cell_head": ParagraphStyle("cell_head", base, fontSize=8.5, leading=11.5),
        "cell_label": ParagraphStyle("cell_label", base, fontSize=9, leading=13, textColor=GREY_TEXT),
        "cell_value": ParagraphStyle("cell_value", base, fontSize=9, leading=13),
        "part_row": ParagraphStyle("part_row", base, fontSize=9.5, leading=13),
        "clause_row": ParagraphStyle("clause_row", base, fontSize=8.5, leading=11.5),
        "sign": ParagraphStyle("sign", base, fontSize=10.5, leading=16),
        "seal": ParagraphStyle("seal", base, fontSize=9, leading=13, textColor=GREY_TEXT, leftIndent=60),
        "draft": ParagraphStyle("draft", base, fontSize=11, leading=16, alignment=TA_CENTER,
                                textColor=colors.HexColor("#b3261e"), spaceAfter=4 * mm),
        "num": ParagraphStyle("num", base, fontSize=9, leading=13, alignment=TA_CENTER),
        "right": ParagraphStyle("right", base, alignment=TA_RIGHT),
    }
    return s


def _table_style(commands: list) -> TableStyle:
    """A TableStyle whose plain-string cells (even empty ones) use the embedded font."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), register_font()), *commands])


def _para(text: object, style: ParagraphStyle, *, prefix: str = "") -> Paragraph:
    """A paragraph of untrusted text; `prefix` is our own (trusted) markup."""
    return Paragraph(prefix + markup(text), style)


def _title(title: str, style: ParagraphStyle) -> Paragraph:
    """The document title; one too long for a line breaks before 对标审查意见, where the sense breaks,
    instead of leaving its last character alone on the second line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    tail = "对标审查意见"
    text = clean_text(title)
    if text.endswith(tail) and stringWidth(text, style.fontName, style.fontSize) > FRAME_W:
        return Paragraph(markup(text[: -len(tail)]) + "<br/>" + markup(tail), style)
    return _para(title, style)


# ---------------------------------------------------------------- page decoration


class _NumberedCanvas(rl_canvas.Canvas):
    """Defers each page until the end so the footer can say "共 y 页"."""

    def __init__(self, *args, page_count: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._page_count = page_count

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        if self._page_count is not None:
            self._page_count.append(total)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int):
        self.saveState()
        self.setFont(FONT_NAME, 8.5)
        self.setFillColor(colors.black)
        self.drawCentredString(PAGE_W / 2, MARGIN_BOTTOM - 9 * mm,
                               f"第 {self._pageNumber} 页 共 {total} 页")
        self.restoreState()


def _page_header(header_text: str, right_text: str):
    def draw(canv, doc):
        canv.saveState()
        canv.setFont(FONT_NAME, 8)
        canv.setFillColor(GREY_TEXT)
        y = PAGE_H - MARGIN_TOP + 7 * mm
        canv.drawString(MARGIN_X, y, header_text)
        canv.drawRightString(PAGE_W - MARGIN_X, y, right_text)
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, y - 2 * mm, PAGE_W - MARGIN_X, y - 2 * mm)
        canv.restoreState()
    return draw


# ---------------------------------------------------------------- story parts


STATE_BG = {"ok": GREEN, "missing": RED, "check": AMBER}


def _header_block(m: Assessment, st) -> Table:
    f = {x.label: x.value for x in m.header}
    L, V = st["cell_label"], st["cell_value"]

    def pair(label: str) -> list:
        return [_para(label, L), _para(f.get(label, ""), V)]

    rows = [
        [*pair("报告标题"), "", ""],
        [*pair("被审查单位"), *pair("层级")],
        [*pair("报告年度"), *pair("来源格式")],
        [*pair("对照清单"), "", ""],
        [*pair("文件指纹"), *pair("审查状态")],
        [*pair("审查人"), *pair("审查日期")],
    ]
    w = FRAME_W
    t = Table(rows, colWidths=[22 * mm, w / 2 - 22 * mm, 20 * mm, w / 2 - 20 * mm])
    t.setStyle(_table_style([
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (0, -1), GREY_BG),
        ("BACKGROUND", (2, 1), (2, 2), GREY_BG),
        ("BACKGROUND", (2, 4), (2, 5), GREY_BG),
        ("SPAN", (1, 0), (3, 0)),
        ("SPAN", (1, 3), (3, 3)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return t


def _counts_table(m: Assessment, st) -> Table:
    rows = [[_para(c.label, st["num"]) for c in m.counts], [_para(c.value, st["num"]) for c in m.counts]]
    t = Table(rows, colWidths=[FRAME_W / len(m.counts)] * len(m.counts))
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for n, c in enumerate(m.counts):
        if c.status in STATUS_BG:
            style.append(("BACKGROUND", (n, 1), (n, 1), STATUS_BG[c.status]))
    t.setStyle(_table_style(style))
    return t


def fit_width(text: str, width: float, font: str, size: float) -> str:
    """`text`, cut with "……" so that it is at most `width` points wide in `font` at `size`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    text = text.rstrip("…")
    while text and stringWidth(text + "……", font, size) > width:
        text = text[:-1]
    return text + "……"


def _coverage_chart(m: Assessment) -> Drawing:
    """Horizontal 100 % stacked bars (covered / partial / missing) per part."""
    parts = m.parts
    font = register_font()
    row_h, bar_h = 17, 11
    label_w, right_w = 150, 92
    top_pad, bottom_pad = 16, 30
    bar_w = FRAME_W - label_w - right_w
    height = top_pad + row_h * max(len(parts), 1) + bottom_pad
    d = Drawing(FRAME_W, height, initialFontName=font, initialFontSize=8)  # never Helvetica
    x0 = label_w
    y_top = height - top_pad
    for k in range(5):
        x = x0 + bar_w * k / 4
        d.add(Line(x, bottom_pad - 4, x, y_top + 2, strokeColor=colors.HexColor("#d0d0d0"),
                   strokeWidth=0.4))
        d.add(String(x, y_top + 5, f"{k * 25}%", fontName=font, fontSize=7, textAnchor="middle",
                     fillColor=GREY_TEXT))
    for n, p in enumerate(parts):
        y = y_top - (n + 1) * row_h + (row_h - bar_h) / 2
        label = fit_width(clean_text(f"{p.ref}、{p.short_title}" if p.short_title else f"第{p.ref}部分"),
                          label_w - 8, font, 8)
        d.add(String(x0 - 5, y + 2.5, label, fontName=font, fontSize=8, textAnchor="end"))
        total = p.applicable
        if not total:
            d.add(Rect(x0, y, bar_w, bar_h, fillColor=colors.white, strokeColor=GRID, strokeWidth=0.4))
            d.add(String(x0 + bar_w / 2, y + 2.5, "不适用", fontName=font, fontSize=7,
                         textAnchor="middle", fillColor=GREY_TEXT))
            d.add(String(x0 + bar_w + 6, y + 2.5, "—", fontName=font, fontSize=8))
            continue
        x = x0
        for status, count in ((COVERED, p.covered), (PARTIAL, p.partial), (MISSING, p.missing)):
            if not count:
                continue
            w = bar_w * count / total
            d.add(Rect(x, y, w, bar_h, fillColor=BAR_COLOURS[status], strokeColor=colors.white,
                       strokeWidth=0.6))
            if w >= 12:
                d.add(String(x + w / 2, y + 2.5, str(count), fontName=font, fontSize=7,
                             textAnchor="middle", fillColor=BAR_TEXT[status]))
            x += w
        d.add(String(x0 + bar_w + 6, y + 2.5, f"{p.coverage * 100:.0f}%（{total}项）",
                     fontName=font, fontSize=8))
    lx = x0
    for status in (COVERED, PARTIAL, MISSING):
        d.add(Rect(lx, 6, 9, 9, fillColor=BAR_COLOURS[status], strokeColor=None))
        d.add(String(lx + 12, 7.5, STATUS_NAMES[status], fontName=font, fontSize=8))
        lx += 70
    return d


def _structure_table(m: Assessment, st) -> Table:
    rows = [[_para(h, st["cell_head"]) for h in ("编号", "要求", "结论", "说明")]]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for n, x in enumerate(m.structure, start=1):
        rows.append([_para(x.id, st["cell"]), _para(x.title, st["cell"]), _para(x.verdict, st["cell"]),
                     _para(x.detail or "—", st["cell"])])
        if x.state in STATE_BG:
            style.append(("BACKGROUND", (2, n), (2, n), STATE_BG[x.state]))
    t = Table(rows, colWidths=[14 * mm, 80 * mm, 22 * mm, FRAME_W - 116 * mm], repeatRows=1)
    t.setStyle(_table_style(style))
    return t


def _numbered(lines: list[str], style) -> list:
    return [_para(f"{n}. {text}", style) for n, text in enumerate(lines, start=1)]


def _item_table(m: Assessment, st) -> Table:
    if m.show_verdicts:
        widths = [15 * mm, 33 * mm, 32 * mm, 37 * mm]
        head = ["编号", "义务", "自动结果", "审查意见", "依据摘录"]
    else:
        widths = [15 * mm, 40 * mm, 42 * mm]
        head = ["编号", "义务", "自动结果", "依据摘录"]
    widths.append(FRAME_W - sum(widths))
    ncol = len(head)
    rows: list[list] = [[_para(h, st["cell_head"]) for h in head]]
    style: list = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    group_start = None
    for row in m.rows:
        n = len(rows)
        if isinstance(row, GroupRow):
            if group_start is None:
                group_start = n
            style_name, bg = ("part_row", PART_BG) if row.kind == "part" else ("clause_row", CLAUSE_BG)
            rows.append([_para(row.text, st[style_name])] + [""] * (ncol - 1))
            style += [("SPAN", (0, n), (-1, n)), ("BACKGROUND", (0, n), (-1, n), bg)]
            continue
        if group_start is not None:  # keep part/clause headings with their first item
            style.append(("NOSPLIT", (0, group_start), (-1, n)))
            group_start = None
        rows.append(_item_row(m, row, st))
        style.append(("BACKGROUND", (2, n), (2, n), STATUS_BG.get(row.auto_status, colors.white)))
        if m.show_verdicts:
            if row.verdict in STATUS_BG:
                style.append(("BACKGROUND", (3, n), (3, n), STATUS_BG[row.verdict]))
            elif row.verdict == NOT_APPLICABLE:
                style.append(("BACKGROUND", (3, n), (3, n), GREY_BG))
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(_table_style(style))
    return t


def _item_row(m: Assessment, row: ItemRow, st) -> list:
    cell, small = st["cell"], st["cell_small"]
    out = [_para(row.id, cell), _para(row.title, cell),
           [_para(row.auto_text, cell), _para(row.reason, small)]]
    if m.show_verdicts:
        parts = [_para(row.verdict_text, cell if row.verdict else st["cell_small_grey"])]
        if row.note:
            parts.append(_para(row.note + ("……（全文见附录）" if row.note_clipped else ""), small))
        if row.changed:
            parts.append(_para("（条款或自动结果已变化，需复核）", st["cell_small_grey"]))
        out.append(parts)
    out.append(_para(row.evidence or "—", small))
    return out


def _block(b: Block, st) -> list:
    """A generic block of an extra section."""
    if b.kind == "table":
        rel = b.widths or [1.0] * len(b.header or (b.rows[0] if b.rows else [""]))
        total = sum(rel)
        rows = ([[_para(h, st["cell_head"]) for h in b.header]] if b.header else []) + \
            [[_para(c, st["cell"]) for c in r] for r in b.rows]
        if not rows:
            return []
        t = Table(rows, colWidths=[FRAME_W * w / total for w in rel], repeatRows=1 if b.header else 0)
        style = [("GRID", (0, 0), (-1, -1), 0.5, GRID), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        if b.header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_BG))
        t.setStyle(_table_style(style))
        return [t, Spacer(1, 2 * mm)]
    return [_para(b.text, st.get({"heading": "h2", "list": "list"}.get(b.kind, b.kind), st["body"]))]


def _signature(m: Assessment, st) -> list:
    blank = "________________"
    sig = m.signature
    left = [_para(f"审查人：{sig.reviewer or blank}", st["sign"]),
            Spacer(1, 5 * mm),
            _para(f"复核人：{sig.checker or blank}", st["sign"])]
    right = [_para(f"审查单位：{sig.unit or blank}", st["sign"]),
             _para("（盖章）", st["seal"]),
             Spacer(1, 22 * mm),  # room for the seal
             _para(f"日期：{sig.date or blank}", st["sign"])]
    t = Table([[left, right]], colWidths=[FRAME_W * 0.45, FRAME_W * 0.55])
    t.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 10)]))
    return [t]


def _story(m: Assessment, st) -> list:
    story: list = [_title(m.title, st["title"]), _para(m.status_line, st["draft" if m.draft else "subtitle"]),
                   _header_block(m, st), Spacer(1, 2 * mm)]

    story.append(_para(m.chapter("conclusion"), st["h1"]))
    story += [_para(p, st["body"]) for p in m.conclusion]
    story.append(_para("（一）覆盖情况", st["h2"]))
    story += [_counts_table(m, st), Spacer(1, 3 * mm)]
    if m.parts:
        story.append(KeepTogether([_para(f"图 1  {m.chart_caption}", st["note"]), _coverage_chart(m)]))
    story.append(_para("（二）报告构成与报送公开", st["h2"]))
    story.append(_structure_table(m, st) if m.structure else _para("未进行报告构成检查。", st["body"]))
    story.append(_para("（三）需要核实的问题", st["h2"]))
    if m.findings:
        story += _numbered(m.findings, st["list"])
    else:
        story.append(_para("未发现占位符未替换、年份不一致等需要核实的问题。", st["body"]))

    for n, section in enumerate(m.extra_sections):
        story.append(_para(m.chapter(f"extra:{n}"), st["h1"]))
        for b in section.blocks:
            story += _block(b, st)

    story.append(CondPageBreak(60 * mm))
    story.append(_para(m.chapter("items"), st["h1"]))
    story.append(_para(m.table_note, st["note"]))
    if m.item_rows():
        story.append(_item_table(m, st))
    else:
        story.append(_para("没有适用于本报告的义务。", st["body"]))

    story.append(_para(m.chapter("suggestions"), st["h1"]))
    if m.suggestions:
        for n, group in enumerate(m.suggestions):
            story.append(_para(f"（{NUMERALS[n]}）{group.heading}", st["h2"]))
            story += _numbered(group.lines, st["list_small"])
    else:
        story.append(_para("未发现需要整改的缺项。", st["body"]))

    story += [Spacer(1, 8 * mm), KeepTogether(_signature(m, st))]
    for appendix in m.appendices:
        story.append(_para(appendix.title, st["h1"]))
        for heading, text in appendix.entries:
            if heading:
                story.append(_para(heading, st["h2"]))
            story.append(_para(text, st["body_plain"]))
    return story



# ---------------------------------------------------------------- entry points


def render_pdf(source: Assessment | Analysis | Review, *, reviewer: str = "",
               date: str | None = None) -> tuple[bytes, int]:
    """The PDF as bytes, and its page count."""
    m = source if isinstance(source, Assessment) else build_assessment(source, reviewer=reviewer, date=date)
    st = _styles()
    buf = io.BytesIO()
    header = clean_text(m.header_line)
    doc = BaseDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=clean_text(m.title),
        author=clean_text(m.signature.reviewer), subject="法治政府建设年度报告对标审查意见",
        creator=APP_NAME, initialFontName=FONT_NAME)
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    right = "对标审查意见（草稿）" if m.draft else "对标审查意见"
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_page_header(header, right))])
    pages: list[int] = []
    doc.build(_story(m, st),
              canvasmaker=lambda *args, **kw: _NumberedCanvas(*args, page_count=pages, **kw))
    return buf.getvalue(), pages[-1] if pages else 0


def export_pdf(source: Assessment | Analysis | Review, out_path: str | os.PathLike, *, reviewer: str = "",
               date: str | None = None) -> int:
    """Write the assessment of `source` to `out_path`; returns the number of pages.

    `source` is an Assessment, an Analysis (an automatic draft) or a Review.
    `reviewer` defaults to the review's reviewer. `date` is printed as given
    ("2025-03-01" becomes "2025年3月1日"); default today. Written atomically.
    """
    data, pages = render_pdf(source, reviewer=reviewer, date=date)
    write_atomic(out_path, data)
    return pages

