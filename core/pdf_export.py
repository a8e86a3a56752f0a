"""The printable assessment (审查意见) of one report, as an A4 PDF in Chinese.

``export_pdf(source, out_path)`` takes an ``Analysis`` (automatic result only)
or a ``Review`` (adds the reviewer's verdicts and notes) and writes:

- a header block (report, jurisdiction, level, year, checklist, fingerprint…);
- 一、总体结论: coverage, counts, a generated conclusion, a chart of coverage
  per 纲要 part, the report's required parts and the findings;
- 二、逐项审查结果: every obligation grouped by part and clause;
- 三、整改建议: one line per missing / partly covered obligation;
- a signature block; a running header and "第 x 页 共 y 页" on every page.

This is the only module that imports reportlab: the CLI imports it lazily so
that ``check`` without ``--pdf`` never pays for it. No Qt here.

All text coming from the report, the checklist or the reviewer goes through
``_para()``, which drops characters the font cannot draw and XML-escapes the
rest, so a note such as ``x<y & <b>AT&T</b>`` prints literally.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from datetime import date as _date
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

from fzreview.core.analysis import (
    COVERED,
    FINDING_NAMES,
    MISSING,
    PART_NAMES,
    PARTIAL,
    SEVERITY_NAMES,
    STATUS_NAMES,
    Analysis,
    ItemResult,
)
from fzreview.core.atomic_file import write_atomic
from fzreview.core.checklist import LEVEL_NAMES, ChecklistError, load_checklist, load_structure
from fzreview.core.resources import FONT_DIR
from fzreview.core.review import NOT_APPLICABLE, VERDICT_NAMES, Review, Verdict

APP_NAME = "法治报告审查台"

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


def _one_line(text: object) -> str:
    return re.sub(r"\s+", " ", "" if text is None else str(text)).strip()


def _truncate(text: object, limit: int) -> str:
    s = _one_line(text)
    return s if len(s) <= limit else s[: max(1, limit - 1)].rstrip() + "…"


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


# ---------------------------------------------------------------- source model


CONTENT_SECTIONS = ("S-01", "S-02", "S-03", "S-04", "S-05")


class _Source:
    """What the exporter needs from an Analysis or a Review, in one shape."""

    def __init__(self, source: Analysis | Review, reviewer: str, date: str | None):
        if isinstance(source, Review):
            self.review: Review | None = source
            self.analysis = source.analysis
            self.summary = source.summary()
            reviewer = reviewer or source.reviewer
        elif isinstance(source, Analysis):
            self.review = None
            self.analysis = source
            self.summary = source.summary()
        else:
            raise TypeError(f"export_pdf needs an Analysis or a Review, not {type(source).__name__}")
        self.reviewer = _one_line(reviewer)
        self.date = _format_date(date)
        self.checklist = _load_checklist(self.analysis.checklist_id)
        self.structure_checklist = _load_structure()
        self.part_titles = dict(self.analysis.part_titles)
        if self.checklist is not None:
            for part in self.checklist.parts:
                self.part_titles.setdefault(part.ref, part.title)
                if not self.part_titles[part.ref]:
                    self.part_titles[part.ref] = part.title

    def verdict(self, item: ItemResult) -> Verdict:
        if self.review is None:
            return Verdict()
        return self.review.verdicts.get(item.id) or Verdict()

    def status(self, item: ItemResult) -> str | None:
        """Effective status, or None for an item that does not apply."""
        if not item.applicable:
            return None
        if self.review is not None:
            v = self.verdict(item).verdict
            if v == NOT_APPLICABLE:
                return None
            return v or item.status
        return item.status

    def requirement(self, item_id: str) -> str:
        if self.checklist is None:
            return ""
        ob = self.checklist.get(item_id)
        return ob.requirement if ob else ""

    def section(self, section_id: str):
        if self.structure_checklist is None:
            return None
        return self.structure_checklist.get(section_id)


def _load_checklist(checklist_id: str):
    try:
        return load_checklist(checklist_id) if checklist_id else None
    except ChecklistError:  # optional: only enriches the text (requirements, part titles)
        return None


def _load_structure():
    try:
        return load_structure()
    except ChecklistError:
        return None


def _format_date(value: str | None) -> str:
    if value is None:
        d = _date.today()
        return f"{d.year}年{d.month}月{d.day}日"
    value = _one_line(value)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", value)
    if m:
        return f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日"
    return value


def report_title(analysis: Analysis) -> str:
    """The report's title as it should appear inside 《》 (without the brackets)."""
    r = analysis.report
    title = _one_line(r.title)
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        title = title[1:-1].strip()
    if not title:
        year = f"{r.year}年度" if r.year else "年度"
        title = f"{_one_line(r.jurisdiction)}{year}法治政府建设报告" if r.jurisdiction or r.year \
            else "法治政府建设年度报告"
    # Nested titles take single angle brackets inside 《》.
    return title.replace("《", "〈").replace("》", "〉")


def document_title(analysis: Analysis) -> str:
    return f"《{report_title(analysis)}》对标审查意见"


def _short_part_title(title: str, limit: int = 15) -> str:
    first = re.split(r"[，,；;]", title or "", maxsplit=1)[0].strip()
    return _truncate(first, limit)


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


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


def _page_header(header_text: str):
    def draw(canv, doc):
        canv.saveState()
        canv.setFont(FONT_NAME, 8)
        canv.setFillColor(GREY_TEXT)
        y = PAGE_H - MARGIN_TOP + 7 * mm
        canv.drawString(MARGIN_X, y, header_text)
        canv.drawRightString(PAGE_W - MARGIN_X, y, "对标审查意见")
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, y - 2 * mm, PAGE_W - MARGIN_X, y - 2 * mm)
        canv.restoreState()
    return draw


# ---------------------------------------------------------------- story parts


def _header_block(src: _Source, st) -> Table:
    a = src.analysis
    r = a.report
    level = LEVEL_NAMES.get(r.level or "", "")
    if not level:
        level = "未识别（按全部义务计算）"
    elif r.level_source == "override":
        level += "（人工指定）"
    year = f"{r.year}年度" if r.year else "未识别"
    checklist = f"《{a.checklist_title}》" if a.checklist_title and not a.checklist_title.startswith("《") \
        else (a.checklist_title or a.checklist_id or "—")
    fingerprint = (r.sha256 or "")[:16] or "—"
    if src.review is not None:
        s = src.summary
        progress = f"已人工审查 {s.get('reviewed', 0)} / {s.get('total', len(a.items))} 项"
    else:
        progress = "仅自动分析，未经人工审查"
    L, V = st["cell_label"], st["cell_value"]
    rows = [
        [_para("报告标题", L), _para(_truncate(r.title, 200) or "（未识别出标题）", V), "", ""],
        [_para("被审查单位", L), _para(_truncate(r.jurisdiction, 60) or "未识别", V), _para("层级", L), _para(level, V)],
        [_para("报告年度", L), _para(year, V), _para("来源格式", L),
         _para((r.source_format or "—").upper(), V)],
        [_para("对照清单", L), _para(_truncate(checklist, 200), V), "", ""],
        [_para("文件指纹", L), _para(f"SHA-256 {fingerprint}", V), _para("审查进度", L), _para(progress, V)],
        [_para("审查人", L), _para(src.reviewer or "（未填写）", V), _para("审查日期", L), _para(src.date, V)],
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


def _structure_state(x) -> tuple[str, object]:
    """Short verdict and cell colour of one StructureResult."""
    content = x.id in CONTENT_SECTIONS
    if x.present:
        return ("具备" if content else "符合"), GREEN
    if not x.mandatory:
        return "未写（非必备）", None
    if content:
        return "缺失", RED
    if "无法判断" in (x.detail or ""):  # e.g. no publication date in the text
        return "待核实", AMBER
    return "不符合", RED


def _na_count(src: _Source) -> int:
    return len(src.analysis.items) - src.summary["applicable"]


def _conclusion_text(src: _Source) -> str:
    a, s = src.analysis, src.summary
    r = a.report
    who = _one_line(r.jurisdiction) or "被审查单位"
    level = LEVEL_NAMES.get(r.level or "")
    na = _na_count(src)
    checklist = a.checklist_title or "法治政府建设实施纲要（2021－2025年）"
    parts = [f"经逐项对照《{checklist}》的 {len(a.items)} 项义务，"]
    if s["applicable"] == 0:
        parts.append("没有适用于本报告的义务，无法计算覆盖率。")
        return "".join(parts)
    if not level:
        parts[0] = parts[0].rstrip("，") + "（未识别出报告层级，按全部义务计算），"
    scope = f"适用于{level}的" if level else "适用的"
    parts.append(f"{who}{scope} {s['applicable']} 项义务中，报告已覆盖 {s[COVERED]} 项、"
                 f"部分覆盖 {s[PARTIAL]} 项、未覆盖 {s[MISSING]} 项")
    if na:
        parts.append(f"（另有 {na} 项不适用）")
    parts.append(f"，覆盖率为 {_pct(s['coverage'])}（部分覆盖按半项计）。")
    cov = s["coverage"]
    if cov >= 0.85:
        parts.append("报告对纲要各项任务的反映总体全面。")
    elif cov >= 0.6:
        parts.append("报告反映了纲要的大部分任务，但仍有部分义务未体现或体现不充分。")
    else:
        parts.append("报告对纲要任务的反映不够全面，未体现的义务较多，建议对照本意见第三部分补充完善。")
    counted = [p for p in s["parts"] if p["applicable"]]
    weak = [p["ref"] for p in counted if p["coverage"] < 0.5]
    if weak and len(weak) == len(counted):
        parts.append("纲要各部分的覆盖率均低于 50%。")
    elif weak and len(weak) > 3:
        parts.append(f"纲要 {len(counted)} 个部分中有 {len(weak)} 个部分的覆盖率低于 50%（第{'、'.join(weak)}部分）。")
    elif weak:
        parts.append(f"其中纲要第{'、'.join(weak)}部分的覆盖率低于 50%。")
    structure = a.structure
    if structure:
        missing = [x for x in structure if x.mandatory and not x.present]
        content_missing = [x for x in missing if x.id in CONTENT_SECTIONS]
        rules_missing = [x for x in missing if x.id not in CONTENT_SECTIONS]
        if content_missing:
            parts.append("报告缺少规定内容：" + "；".join(f"{x.id} {x.title}" for x in content_missing) + "。")
        else:
            parts.append("报告具备规定的必备内容。")
        for state, lead in (("不符合", "报送或公开不符合要求："), ("待核实", "报送或公开时限需要核实：")):
            these = [x for x in rules_missing if _structure_state(x)[0] == state]
            if these:
                parts.append(lead + "；".join(
                    f"{x.id} {x.title}" + (f"（{_one_line(x.detail)}）" if x.detail else "")
                    for x in these) + "。")
    if a.findings:
        parts.append(f"另发现 {len(a.findings)} 处需要核实的问题，列于下文。")
    if src.review is not None:
        parts.append(f"以上数字已按审查人意见调整（已人工审查 {s.get('reviewed', 0)} / "
                     f"{s.get('total', len(a.items))} 项，未审查的项目按自动结果计）。")
    else:
        parts.append("以上结果为程序按关键词比对自动得出，尚未经人工审查。")
    return "".join(parts)


def _counts_table(src: _Source, st) -> Table:
    s = src.summary
    head = ["适用义务", STATUS_NAMES[COVERED], STATUS_NAMES[PARTIAL], STATUS_NAMES[MISSING], "不适用", "覆盖率"]
    vals = [s["applicable"], s[COVERED], s[PARTIAL], s[MISSING], _na_count(src), _pct(s["coverage"])]
    rows = [[_para(h, st["num"]) for h in head], [_para(f"{v}", st["num"]) for v in vals]]
    t = Table(rows, colWidths=[FRAME_W / 6] * 6)
    t.setStyle(_table_style([
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("BACKGROUND", (1, 1), (1, 1), GREEN),
        ("BACKGROUND", (2, 1), (2, 1), AMBER),
        ("BACKGROUND", (3, 1), (3, 1), RED),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return t


def _coverage_chart(src: _Source) -> Drawing:
    """Horizontal 100 % stacked bars (covered / partial / missing) per 纲要 part."""
    parts = src.summary["parts"]
    font = register_font()
    row_h, bar_h = 17, 11
    label_w, right_w = 150, 92
    top_pad, bottom_pad = 16, 30
    bar_w = FRAME_W - label_w - right_w
    height = top_pad + row_h * max(len(parts), 1) + bottom_pad
    d = Drawing(FRAME_W, height, initialFontName=font, initialFontSize=8)  # never Helvetica
    x0 = label_w
    y_top = height - top_pad
    # axis ticks and light grid
    for k in range(5):
        x = x0 + bar_w * k / 4
        d.add(Line(x, bottom_pad - 4, x, y_top + 2, strokeColor=colors.HexColor("#d0d0d0"),
                   strokeWidth=0.4))
        d.add(String(x, y_top + 5, f"{k * 25}%", fontName=font, fontSize=7, textAnchor="middle",
                     fillColor=GREY_TEXT))
    for n, p in enumerate(parts):
        y = y_top - (n + 1) * row_h + (row_h - bar_h) / 2
        title = _short_part_title(src.part_titles.get(p["ref"], "") or p.get("title", ""))
        label = clean_text(f"{p['ref']}、{title}" if title else f"第{p['ref']}部分")
        d.add(String(x0 - 5, y + 2.5, label, fontName=font, fontSize=8, textAnchor="end"))
        total = p["applicable"]
        if not total:
            d.add(Rect(x0, y, bar_w, bar_h, fillColor=colors.white, strokeColor=GRID, strokeWidth=0.4))
            d.add(String(x0 + bar_w / 2, y + 2.5, "不适用", fontName=font, fontSize=7,
                         textAnchor="middle", fillColor=GREY_TEXT))
            d.add(String(x0 + bar_w + 6, y + 2.5, "—", fontName=font, fontSize=8))
            continue
        x = x0
        for status in (COVERED, PARTIAL, MISSING):
            count = p[status]
            if not count:
                continue
            w = bar_w * count / total
            d.add(Rect(x, y, w, bar_h, fillColor=BAR_COLOURS[status], strokeColor=colors.white,
                       strokeWidth=0.6))
            if w >= 12:
                d.add(String(x + w / 2, y + 2.5, str(count), fontName=font, fontSize=7,
                             textAnchor="middle", fillColor=BAR_TEXT[status]))
            x += w
        d.add(String(x0 + bar_w + 6, y + 2.5, f"{p['coverage'] * 100:.0f}%（{total}项）",
                     fontName=font, fontSize=8))
    # legend
    lx = x0
    for status in (COVERED, PARTIAL, MISSING):
        d.add(Rect(lx, 6, 9, 9, fillColor=BAR_COLOURS[status], strokeColor=None))
        d.add(String(lx + 12, 7.5, STATUS_NAMES[status], fontName=font, fontSize=8))
        lx += 70
    return d


def _structure_table(src: _Source, st) -> Table | None:
    structure = src.analysis.structure
    if not structure:
        return None
    rows = [[_para(h, st["cell_head"]) for h in ("编号", "要求", "结论", "说明")]]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for n, x in enumerate(structure, start=1):
        content = x.id in CONTENT_SECTIONS
        verdict, bg = _structure_state(x)
        detail = x.detail or ("" if x.present else "报告中未找到相应内容。" if content else "")
        rows.append([_para(_truncate(x.id, 12), st["cell"]), _para(_truncate(x.title, TITLE_CHARS), st["cell"]),
                     _para(verdict, st["cell"]), _para(_truncate(detail, 300) or "—", st["cell"])])
        if bg is not None:
            style.append(("BACKGROUND", (2, n), (2, n), bg))
    t = Table(rows, colWidths=[14 * mm, 80 * mm, 22 * mm, FRAME_W - 116 * mm], repeatRows=1)
    t.setStyle(_table_style(style))
    return t


def _findings(src: _Source, st) -> list:
    findings = src.analysis.findings
    if not findings:
        return [_para("未发现占位符未替换、年份不一致等需要核实的问题。", st["body"])]
    out = []
    listed = [f for f in findings if f.kind != "no_figures"]
    for n, f in enumerate(listed, start=1):
        kind = FINDING_NAMES.get(f.kind, "")
        sev = SEVERITY_NAMES.get(f.severity, "")
        tag = "·".join(x for x in (sev, kind) if x)
        text = f"{n}. " + (f"〔{tag}〕" if tag else "") + _one_line(f.message)
        out.append(_para(text, st["list"]))
    # One line for the quantifiable items without figures: a list of ids reads better than 30 rows.
    no_figures = [f.message.split("：", 1)[0] for f in findings if f.kind == "no_figures"]
    if no_figures:
        kind = FINDING_NAMES.get("no_figures", "缺少量化数据")
        text = (f"{len(listed) + 1}. 〔{SEVERITY_NAMES.get('info', '提示')}·{kind}〕以下 {len(no_figures)} 项可量化义务"
                f"判为已覆盖，但依据中没有任何数据：" + "；".join(no_figures))
        out.append(_para(text, st["list"]))
    return out


def _best_evidence(item: ItemResult):
    if not item.evidence:
        return None
    return max(item.evidence, key=lambda e: e.score)  # first of equals


TITLE_CHARS = 120  # item, clause and part titles in table rows


def _item_table(src: _Source, st) -> Table:
    review = src.review is not None
    if review:
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
    parts = {p["ref"]: p for p in src.summary["parts"]}
    last_part = last_clause = None
    for item in src.analysis.items:
        group_start = len(rows)
        if item.part_ref != last_part:
            last_part, last_clause = item.part_ref, None
            title = _truncate(src.part_titles.get(item.part_ref, ""), TITLE_CHARS)
            p = parts.get(item.part_ref)
            stats = ""
            if p and p["applicable"]:
                stats = f"　（适用 {p['applicable']} 项，覆盖率 {_pct(p['coverage'])}）"
            elif p:
                stats = "　（本部分义务均不适用）"
            rows.append([_para(f"{item.part_ref}、{title}{stats}" if item.part_ref else (title or "其他"),
                               st["part_row"])] + [""] * (ncol - 1))
            n = len(rows) - 1
            style += [("SPAN", (0, n), (-1, n)), ("BACKGROUND", (0, n), (-1, n), PART_BG)]
        if item.clause and item.clause != last_clause:
            last_clause = item.clause
            rows.append([_para(_truncate(item.clause, TITLE_CHARS), st["clause_row"])] + [""] * (ncol - 1))
            n = len(rows) - 1
            style += [("SPAN", (0, n), (-1, n)), ("BACKGROUND", (0, n), (-1, n), CLAUSE_BG)]
        n = len(rows)
        if n > group_start:  # keep part/clause headings with their first item
            style.append(("NOSPLIT", (0, group_start), (-1, n)))
        rows.append(_item_row(src, item, st, review))
        if not item.applicable:
            style.append(("BACKGROUND", (0, n), (-1, n), GREY_BG))
        else:
            style.append(("BACKGROUND", (2, n), (2, n), STATUS_BG.get(item.status, colors.white)))
        if review:
            v = src.verdict(item).verdict
            if v in STATUS_BG:
                style.append(("BACKGROUND", (3, n), (3, n), STATUS_BG[v]))
            elif v == NOT_APPLICABLE:
                style.append(("BACKGROUND", (3, n), (3, n), GREY_BG))
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(_table_style(style))
    return t


def _item_row(src: _Source, item: ItemResult, st, review: bool) -> list:
    grey = not item.applicable
    cell = st["cell_grey"] if grey else st["cell"]
    small = st["cell_small_grey"] if grey else st["cell_small"]
    why = _truncate(item.why[0], 48) if item.why else ""
    if grey:
        auto = [_para("不适用", cell), _para(why or "不适用于本级", small)]
    else:
        auto = [_para(STATUS_NAMES.get(item.status, item.status or "—"), cell)]
        if why:
            auto.append(_para(why, small))
    row = [_para(_truncate(item.id, 16), cell), _para(_truncate(item.title, TITLE_CHARS), cell), auto]
    if review:
        v = src.verdict(item)
        cell_parts = []
        if v.verdict:
            cell_parts.append(_para(VERDICT_NAMES.get(v.verdict, v.verdict), cell))
        else:
            cell_parts.append(_para("—" if grey else "未审查", st["cell_small_grey"]))
        if v.note:
            note, clipped = _clip_note(v.note)
            if clipped:
                note += "……（全文见附录）"
            cell_parts.append(_para(note, small))
        if src.review.changed_since_review(item.id):
            cell_parts.append(_para("（条款或自动结果已变化，需复核）", st["cell_small_grey"]))
        row.append(cell_parts)
    ev = _best_evidence(item)
    if ev is None:
        row.append(_para("—", small))
    else:
        where = PART_NAMES.get(ev.part, ev.part or "正文")
        text = f"〔{where}〕{_truncate(ev.text, 80)}"
        if ev.weak:
            text += f"（含“{'、'.join(ev.weak[:3])}”等弱化表述）"
        row.append(_para(text, small))
    return row


NOTE_CHARS, NOTE_LINES = 240, 8  # beyond this a note goes to the appendix in full


def _clip_note(note: str) -> tuple[str, bool]:
    """The part of a reviewer's note shown in the item table (a table row cannot span pages)."""
    text = note.strip()
    lines = text.split("\n")
    clipped = len(lines) > NOTE_LINES
    text = "\n".join(lines[:NOTE_LINES])
    if len(text) > NOTE_CHARS:
        text, clipped = text[:NOTE_CHARS], True
    return text, clipped


def _long_notes(src: _Source, st) -> list:
    if src.review is None:
        return []
    out: list = []
    for item in src.analysis.items:
        note = src.verdict(item).note
        if note and _clip_note(note)[1]:
            out.append(_para(f"{item.id} {item.title}", st["h2"]))
            out.append(_para(note.strip(), st["body_plain"]))
    if out:
        out.insert(0, _para("附：审查批注全文", st["h1"]))
    return out


def _suggestions(src: _Source, st) -> list:
    out: list = []
    a = src.analysis
    problems = [x for x in a.structure if x.mandatory and not x.present]
    if problems:
        out.append(_para("（一）报告构成与报送公开", st["h2"]))
        for n, x in enumerate(problems, start=1):
            sec = src.section(x.id)
            what = _one_line(x.detail) or ("报告中未找到该部分内容" if x.id in CONTENT_SECTIONS
                                           else "未满足该项要求")
            text = f"{n}. {x.id} {x.title}：{what.rstrip('。')}。"
            advice = "建议按规定补充" if x.id in CONTENT_SECTIONS else "请核实并按规定办理"
            if sec is not None and sec.requirement:
                text += f"{advice}：{_one_line(sec.requirement)}"
            else:
                text += f"{advice}。"
            out.append(_para(text, st["list"]))
    missing = [i for i in a.items if src.status(i) == MISSING]
    partial = [i for i in a.items if src.status(i) == PARTIAL]
    sections = [(missing, "未覆盖的义务"), (partial, "部分覆盖的义务")]
    numerals = "一二三四"
    k = 1 if problems else 0
    for items, heading in sections:
        if not items:
            continue
        out.append(_para(f"（{numerals[k]}）{heading}（{len(items)} 项）", st["h2"]))
        k += 1
        for n, item in enumerate(items, start=1):
            out.append(_para(_suggestion_line(src, item, n), st["list_small"]))
    if not out:
        out.append(_para("未发现需要整改的缺项。", st["body"]))
    return out


def _suggestion_line(src: _Source, item: ItemResult, n: int) -> str:
    status = src.status(item)
    figures = "（宜附数据）" if item.quantifiable else ""
    if status == MISSING:
        req = _one_line(src.requirement(item.id)).rstrip("。")
        text = f"{n}. {item.id} {item.title}：报告未反映该项工作。"
        if req:
            text += f"建议补充本年度以下方面的举措和成效{figures}：{req}。"
        else:
            text += f"建议补充本年度相关举措和成效{figures}。"
    else:
        # the automatic reason only explains the automatic status, not a reviewer's other verdict
        why = _truncate(item.why[0], 60).rstrip("。") if item.why and item.status == status else ""
        text = f"{n}. {item.id} {item.title}：报告有所涉及但不充分" + (f"（{why}）" if why else "")
        text += f"，建议充实具体举措和成效{figures}。"
    note = _truncate(src.verdict(item).note, 200)
    if note:
        text += f"审查人意见：{note}"
    return text


def _signature(src: _Source, st) -> Table:
    blank = "________________"
    reviewer = src.reviewer or blank
    rows = [[_para(f"审查人：{reviewer}", st["sign"]), _para(f"复核人：{blank}", st["sign"]),
             _para(f"日期：{blank}", st["sign"])]]
    t = Table(rows, colWidths=[FRAME_W * 0.36, FRAME_W * 0.34, FRAME_W * 0.30])
    t.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                           ("TOPPADDING", (0, 0), (-1, -1), 10)]))
    return t


def _story(src: _Source, st) -> list:
    a = src.analysis
    story: list = [_para(document_title(a), st["title"])]
    if src.review is None:
        story.append(_para("（自动分析结果，未经人工审查）", st["subtitle"]))
    else:
        story.append(_para("（含审查人意见）", st["subtitle"]))
    story += [_header_block(src, st), Spacer(1, 2 * mm)]

    story.append(_para("一、总体结论", st["h1"]))
    story.append(_para(_conclusion_text(src), st["body"]))
    story.append(_para("（一）覆盖情况", st["h2"]))
    story += [_counts_table(src, st), Spacer(1, 3 * mm)]
    if src.summary["parts"]:
        story.append(KeepTogether([_para("图 1  纲要各部分覆盖情况（条内数字为项数；右侧为覆盖率，"
                                         "部分覆盖按半项计）", st["note"]),
                                   _coverage_chart(src)]))
    story.append(_para("（二）报告构成与报送公开", st["h2"]))
    structure = _structure_table(src, st)
    story.append(structure if structure is not None
                 else _para("未进行报告构成检查。", st["body"]))
    story.append(_para("（三）需要核实的问题", st["h2"]))
    story += _findings(src, st)

    story.append(CondPageBreak(60 * mm))
    story.append(_para("二、逐项审查结果", st["h1"]))
    explain = ("说明：“自动结果”由程序按关键词和表述比对得出，并附主要理由；"
               "“依据摘录”为报告中最相关的一句（方括号内为所在部分）。")
    if src.review is not None:
        explain += "“审查意见”为审查人的结论和批注。"
    explain += "灰底为不适用于本级的义务。"
    story.append(_para(explain, st["note"]))
    if a.items:
        story.append(_item_table(src, st))
    else:
        story.append(_para("清单中没有义务。", st["body"]))

    story.append(_para("三、整改建议", st["h1"]))
    story += _suggestions(src, st)

    story += [Spacer(1, 8 * mm), KeepTogether([_signature(src, st)])]
    story += _long_notes(src, st)
    return story


# ---------------------------------------------------------------- entry points


def render_pdf(source: Analysis | Review, *, reviewer: str = "", date: str | None = None) -> tuple[bytes, int]:
    """The PDF as bytes, and its page count."""
    src = _Source(source, reviewer, date)
    st = _styles()
    a = src.analysis
    buf = io.BytesIO()
    header = clean_text(f"{APP_NAME} · {_truncate(report_title(a), 34)}")
    doc = BaseDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=clean_text(document_title(a)),
        author=clean_text(src.reviewer), subject="法治政府建设年度报告对标审查意见",
        creator=APP_NAME, initialFontName=FONT_NAME)
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_page_header(header))])
    pages: list[int] = []
    doc.build(_story(src, st),
              canvasmaker=lambda *args, **kw: _NumberedCanvas(*args, page_count=pages, **kw))
    return buf.getvalue(), pages[-1] if pages else 0


def export_pdf(source: Analysis | Review, out_path: str | os.PathLike, *, reviewer: str = "",
               date: str | None = None) -> int:
    """Write the assessment of `source` to `out_path`; returns the number of pages.

    `source` is an Analysis (automatic result; no reviewer columns) or a Review
    (adds the reviewer's verdicts and notes). `reviewer` defaults to the
    review's reviewer. `date` is printed as given ("2025-03-01" becomes
    "2025年3月1日"); default today. The file is written atomically.
    """
    data, pages = render_pdf(source, reviewer=reviewer, date=date)
    write_atomic(out_path, data)
    return pages
