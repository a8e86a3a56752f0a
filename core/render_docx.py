"""The assessment (审查意见) as a Word file (.docx) in 公文 style, for finishing in WPS or Word.

``render_docx(assessment)`` lays out a ``core.assessment.Assessment`` with
python-docx: A4 with 公文 margins, the title in a 小标宋-like face, body text in
仿宋, chapter headings in 黑体 and sub-headings in 楷体 — real Word styles (正文,
标题 1, 标题 2, 标题) whose East Asian font names are set, so WPS and Word pick a
Chinese face — real tables with a repeating header row, page numbers
"第 X 页 共 Y 页" as fields, and the signature block (审查单位 with room for the
seal, 审查人, 复核人, 日期) that the reviewer completes and stamps.

The fonts are named, not embedded: a machine without 仿宋 or 黑体 shows its own
Chinese fallback. No Qt, no reportlab; every word comes from core.assessment.
"""

from __future__ import annotations

import io
import os
import re

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from fzreview.core.analysis import COVERED, MISSING, PARTIAL, Analysis
from fzreview.core.assessment import NUMERALS, Assessment, Block, GroupRow, ItemRow, build_assessment
from fzreview.core.atomic_file import write_atomic
from fzreview.core.review import NOT_APPLICABLE, Review

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"
TITLE_FONT = "方正小标宋简体"

STATUS_FILL = {COVERED: "DCEFD9", PARTIAL: "FBEEC9", MISSING: "F8D7D3", NOT_APPLICABLE: "EEEEEE"}
STATE_FILL = {"ok": "DCEFD9", "missing": "F8D7D3", "check": "FBEEC9"}
HEAD_FILL = "D9DEE6"
PART_FILL = "E6EBF2"
CLAUSE_FILL = "F5F5F5"
LABEL_FILL = "EEEEEE"

# XML 1.0 forbids these; python-docx would raise on them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    return _XML_ILLEGAL.sub("", "" if value is None else str(value))


# ---------------------------------------------------------------- styles


def _set_fonts(style_or_run, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    font = style_or_run.font
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    # Digits and Latin letters in the same face as the Chinese text (a serif Latin face beside
    # 仿宋 or its stand-in looks like another font, most of all in the tables' figures).
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), east_asia)
    fonts.set(qn("w:eastAsia"), east_asia)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def _paragraph_style(doc, name: str, base: str | None, east_asia: str, size: float, *, bold: bool = False,
                     align=None, before: float = 0, after: float = 0, line: float | None = None,
                     first_indent: float | None = None, keep_next: bool = False, colour: str = "000000"):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            style.base_style = styles[base]
    _set_fonts(style, east_asia, size, bold)
    style.font.italic = False
    style.font.color.rgb = RGBColor.from_string(colour)
    pf = style.paragraph_format
    if align is not None:
        pf.alignment = align
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line is not None:
        pf.line_spacing = Pt(line)
    if first_indent is not None:
        pf.first_line_indent = Pt(first_indent)
    pf.keep_with_next = keep_next
    return style


def _setup_styles(doc) -> None:
    # 正文: 仿宋 三号-ish would make a 170-row table endless; 四号 (14 pt) body, 28 pt lines.
    _paragraph_style(doc, "Normal", None, BODY_FONT, 14, line=26)
    _paragraph_style(doc, "Title", "Normal", TITLE_FONT, 20, align=WD_ALIGN_PARAGRAPH.CENTER, after=6, line=32)
    doc.styles["Title"].element.get_or_add_pPr()  # the default Title has a border: drop it
    pbdr = doc.styles["Title"].element.pPr.find(qn("w:pBdr"))
    if pbdr is not None:
        doc.styles["Title"].element.pPr.remove(pbdr)
    _paragraph_style(doc, "Heading 1", "Normal", HEADING_FONT, 15, before=12, after=6, line=28, keep_next=True)
    _paragraph_style(doc, "Heading 2", "Normal", SUBHEADING_FONT, 14, before=6, after=3, line=26, keep_next=True)
    _paragraph_style(doc, "审查意见正文", "Normal", BODY_FONT, 14, first_indent=28, line=26)
    _paragraph_style(doc, "审查意见列表", "Normal", BODY_FONT, 12, line=22, after=2)
    _paragraph_style(doc, "审查意见说明", "Normal", BODY_FONT, 10.5, line=16, after=4, colour="555555")
    _paragraph_style(doc, "审查意见状态", "Normal", SUBHEADING_FONT, 14, align=WD_ALIGN_PARAGRAPH.CENTER,
                     after=10, colour="555555")
    _paragraph_style(doc, "审查意见草稿", "Normal", HEADING_FONT, 14, align=WD_ALIGN_PARAGRAPH.CENTER,
                     after=10, colour="B3261E")
    _paragraph_style(doc, "表格文字", "Normal", BODY_FONT, 9, line=13)
    _paragraph_style(doc, "表格标题行", "Normal", HEADING_FONT, 9.5, line=13)
    _paragraph_style(doc, "落款", "Normal", BODY_FONT, 14, line=28)
    _paragraph_style(doc, "附录文字", "Normal", BODY_FONT, 10.5, line=18)
    for name in ("Heading 1", "Heading 2", "Title"):  # no theme colour
        doc.styles[name].font.color.rgb = RGBColor(0, 0, 0)
    for style in doc.styles:
        if style.type == WD_STYLE_TYPE.PARAGRAPH:
            _STYLE_IDS[style.name] = style.style_id


# ---------------------------------------------------------------- helpers


_STYLE_IDS: dict[str, str] = {}  # style name → id; deterministic, filled by _setup_styles


def _style(p, style: str) -> None:
    """Set a paragraph's style by id (python-docx's name lookup is slow per paragraph)."""
    p._p.get_or_add_pPr().style = _STYLE_IDS[style]


def _para(doc_or_cell, text: str, style: str, *, bold: bool = False):
    p = doc_or_cell.add_paragraph()
    _style(p, style)
    if text:
        run = p.add_run(_text(text))
        if bold:
            run.bold = True
    return p


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _cell_text(cell, lines: list[str] | str, style: str = "表格文字", fill: str | None = None) -> None:
    if isinstance(lines, str):
        lines = [lines]
    first = True
    for line in lines:
        if first:
            p = cell.paragraphs[0]
            _style(p, style)
            if line:
                p.add_run(_text(line))
            first = False
        else:
            _para(cell, line, style)
    if fill:
        _shade(cell, fill)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _no_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _id_text(cell, item_id: str) -> None:
    """An item id in one run whose hyphens cannot break ("G15-"/"08" split across lines otherwise)."""
    p = cell.paragraphs[0]
    _style(p, "表格文字")
    run = p.add_run()
    for n, piece in enumerate(_text(item_id).split("-")):
        if n:
            run._r.append(OxmlElement("w:noBreakHyphen"))
        if piece:
            t = OxmlElement("w:t")
            t.text = piece
            run._r.append(t)


def _keep_with_next(cell) -> None:
    """A heading row stays on the page of the row below it (Word keeps table rows by their paragraphs)."""
    for p in cell.paragraphs:
        p.paragraph_format.keep_with_next = True


def _table(doc, widths_cm: list[float], header: list[str] | None):
    table = doc.add_table(rows=0, cols=len(widths_cm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if header:
        row = table.add_row()
        _repeat_header(row)
        for cell, h in zip(row.cells, header):
            _cell_text(cell, h, "表格标题行", HEAD_FILL)
    return table


def _widths(table, widths_cm: list[float]) -> None:
    """Column widths, in the grid (LibreOffice, WPS) and on every cell (Word)."""
    for column, w in zip(table.columns, widths_cm):
        column.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


def _field(paragraph, instr: str) -> None:
    """A Word field (PAGE, NUMPAGES) in `paragraph`."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run._r.append(text)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    paragraph.add_run("1")
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


# ---------------------------------------------------------------- parts


TEXT_W = 21.0 - 2.8 - 2.6  # A4 width minus 公文 left and right margins, cm


def _page_setup(doc, m: Assessment) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(2.0)
    header = section.header.paragraphs[0]
    _style(header, "审查意见说明")
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.add_run(_text(m.header_line + ("　对标审查意见（草稿）" if m.draft else "　对标审查意见")))
    footer = section.footer.paragraphs[0]
    _style(footer, "审查意见说明")
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("第 ")
    _field(footer, "PAGE")
    footer.add_run(" 页 共 ")
    _field(footer, "NUMPAGES")
    footer.add_run(" 页")


def _header_table(doc, m: Assessment) -> None:
    widths = [2.6, 5.2, 2.4, TEXT_W - 10.2]
    table = _table(doc, widths, None)
    fields = {f.label: f.value for f in m.header}
    layout = [("报告标题", None), ("被审查单位", "层级"), ("报告年度", "来源格式"), ("对照清单", None),
              ("文件指纹", "审查状态"), ("审查人", "审查日期")]
    for left, right in layout:
        row = table.add_row()
        cells = row.cells
        _cell_text(cells[0], left, "表格标题行", LABEL_FILL)
        if right is None:
            merged = cells[1].merge(cells[3])
            _cell_text(merged, fields.get(left, ""))
        else:
            _cell_text(cells[1], fields.get(left, ""))
            _cell_text(cells[2], right, "表格标题行", LABEL_FILL)
            _cell_text(cells[3], fields.get(right, ""))
    _widths(table, widths)


def _counts_table(doc, m: Assessment) -> None:
    widths = [TEXT_W / len(m.counts)] * len(m.counts)
    table = _table(doc, widths, [c.label for c in m.counts])
    row = table.add_row()
    for cell, c in zip(row.cells, m.counts):
        _cell_text(cell, c.value, fill=STATUS_FILL.get(c.status or ""))
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _widths(table, widths)


def _parts_table(doc, m: Assessment) -> None:
    widths = [TEXT_W - 10.5, 2.0, 2.0, 2.0, 2.0, 2.5]
    table = _table(doc, widths, ["部分", "适用", "已覆盖", "部分覆盖", "未覆盖", "覆盖率"])
    for p in m.parts:
        row = table.add_row()
        _no_split(row)
        values = [f"{p.ref}、{p.short_title}" if p.short_title else p.ref, str(p.applicable), str(p.covered),
                  str(p.partial), str(p.missing), f"{p.coverage * 100:.1f}%" if p.applicable else "不适用"]
        for cell, v in zip(row.cells, values):
            _cell_text(cell, v)
    _widths(table, widths)


def _structure_table(doc, m: Assessment) -> None:
    widths = [1.6, 7.0, 2.0, TEXT_W - 10.6]
    table = _table(doc, widths, ["编号", "要求", "结论", "说明"])
    for x in m.structure:
        row = table.add_row()
        _no_split(row)
        _id_text(row.cells[0], x.id)
        _cell_text(row.cells[1], x.title)
        _cell_text(row.cells[2], x.verdict, fill=STATE_FILL.get(x.state))
        _cell_text(row.cells[3], x.detail or "—")
    _widths(table, widths)


def _item_table(doc, m: Assessment) -> None:
    if m.show_verdicts:
        widths = [1.7, 3.2, 3.0, 3.3]
        head = ["编号", "义务", "自动结果", "审查意见", "依据摘录"]
    else:
        widths = [1.7, 3.8, 3.6]
        head = ["编号", "义务", "自动结果", "依据摘录"]
    widths.append(TEXT_W - sum(widths))
    table = _table(doc, widths, head)
    for r in m.rows:
        row = table.add_row()
        _no_split(row)
        if isinstance(r, GroupRow):
            merged = row.cells[0].merge(row.cells[-1])
            _cell_text(merged, r.text, "表格标题行" if r.kind == "part" else "表格文字",
                       PART_FILL if r.kind == "part" else CLAUSE_FILL)
            _keep_with_next(merged)
            continue
        _item_row(row.cells, m, r)
    _widths(table, widths)


def _item_row(cells, m: Assessment, r: ItemRow) -> None:
    _id_text(cells[0], r.id)
    _cell_text(cells[1], r.title)
    _cell_text(cells[2], [r.auto_text, r.reason], fill=STATUS_FILL.get(r.auto_status))
    n = 3
    if m.show_verdicts:
        lines = [r.verdict_text]
        if r.note:
            lines += (r.note + ("……（全文见附录）" if r.note_clipped else "")).split("\n")
        if r.changed:
            lines.append("（条款或自动结果已变化，需复核）")
        _cell_text(cells[3], lines, fill=STATUS_FILL.get(r.verdict or ""))
        n = 4
    _cell_text(cells[n], r.evidence or "—")


def _block(doc, b: Block) -> None:
    if b.kind == "table":
        ncol = len(b.header or (b.rows[0] if b.rows else []))
        if not ncol:
            return
        rel = b.widths or [1.0] * ncol
        widths = [TEXT_W * w / sum(rel) for w in rel]
        table = _table(doc, widths, b.header or None)
        for values in b.rows:
            row = table.add_row()
            for cell, v in zip(row.cells, values):
                _cell_text(cell, v)
        _widths(table, widths)
        return
    style = {"heading": "Heading 2", "list": "审查意见列表", "note": "审查意见说明"}.get(b.kind, "审查意见正文")
    _para(doc, b.text, style)


def _signature(doc, m: Assessment) -> None:
    """The right half of the page: 审查单位 with room for the seal above the signatures and date."""
    sig = m.signature
    blank = "＿＿＿＿＿＿"
    _para(doc, "", "落款")
    for text in (f"审查单位：{sig.unit or blank}（盖章）", "", "", f"审查人：{sig.reviewer or blank}",
                 f"复核人：{sig.checker or blank}", f"日期：{sig.date or blank}"):
        p = _para(doc, text, "落款")
        p.paragraph_format.left_indent = Cm(7.0)
        p.paragraph_format.keep_with_next = True


def _numbered(doc, lines: list[str], style: str) -> None:
    for n, text in enumerate(lines, start=1):
        _para(doc, f"{n}. {text}", style)


def _build(m: Assessment):
    doc = new_document()
    _setup_styles(doc)
    _page_setup(doc, m)
    core = doc.core_properties
    core.title = _text(m.title)[:250]
    core.author = _text(m.signature.reviewer)[:250]
    core.subject = "法治政府建设年度报告对标审查意见"
    core.comments = "由法治报告审查台生成"

    title = _para(doc, "", "Title")
    head, tail = m.title, ""
    if m.title.endswith("对标审查意见") and len(m.title) > 20:  # break where the sense breaks
        head, tail = m.title[: -len("对标审查意见")], "对标审查意见"
    title.add_run(_text(head))
    if tail:
        title.add_run().add_break()
        title.add_run(tail)
    _para(doc, m.status_line, "审查意见草稿" if m.draft else "审查意见状态")
    _header_table(doc, m)

    _para(doc, m.chapter("conclusion"), "Heading 1")
    for text in m.conclusion:
        _para(doc, text, "审查意见正文")
    _para(doc, "（一）覆盖情况", "Heading 2")
    _counts_table(doc, m)
    if m.parts:
        _para(doc, m.chart_caption.replace("（条内数字为项数；右侧为覆盖率，部分覆盖按半项计）", "（部分覆盖按半项计）"),
              "审查意见说明")
        _parts_table(doc, m)
    _para(doc, "（二）报告构成与报送公开", "Heading 2")
    if m.structure:
        _structure_table(doc, m)
    else:
        _para(doc, "未进行报告构成检查。", "审查意见正文")
    _para(doc, "（三）需要核实的问题", "Heading 2")
    if m.findings:
        _numbered(doc, m.findings, "审查意见列表")
    else:
        _para(doc, "未发现占位符未替换、年份不一致等需要核实的问题。", "审查意见正文")

    for n, section in enumerate(m.extra_sections):
        _para(doc, m.chapter(f"extra:{n}"), "Heading 1")
        for b in section.blocks:
            _block(doc, b)

    _para(doc, m.chapter("items"), "Heading 1").paragraph_format.page_break_before = True
    _para(doc, m.table_note, "审查意见说明")
    if m.item_rows():
        _item_table(doc, m)
    else:
        _para(doc, "没有适用于本报告的义务。", "审查意见正文")

    _para(doc, m.chapter("suggestions"), "Heading 1")
    if m.suggestions:
        for n, group in enumerate(m.suggestions):
            _para(doc, f"（{NUMERALS[n]}）{group.heading}", "Heading 2")
            _numbered(doc, group.lines, "审查意见列表")
    else:
        _para(doc, "未发现需要整改的缺项。", "审查意见正文")
    _signature(doc, m)

    for appendix in m.appendices:
        p = _para(doc, appendix.title, "Heading 1")
        p.paragraph_format.page_break_before = False
        for heading, text in appendix.entries:
            if heading:
                _para(doc, heading, "Heading 2")
            for line in text.split("\n"):
                _para(doc, line, "审查意见列表" if heading else "附录文字")
    return doc


# ---------------------------------------------------------------- entry points


def render_docx(source: Assessment | Analysis | Review, *, reviewer: str = "", date: str | None = None) -> bytes:
    """The .docx file as bytes."""
    m = source if isinstance(source, Assessment) else build_assessment(source, reviewer=reviewer, date=date)
    buf = io.BytesIO()
    _build(m).save(buf)
    return buf.getvalue()


def export_docx(source: Assessment | Analysis | Review, out_path: str | os.PathLike, *, reviewer: str = "",
                date: str | None = None) -> None:
    """Write the assessment of `source` as .docx to `out_path` (atomically)."""
    write_atomic(out_path, render_docx(source, reviewer=reviewer, date=date))
