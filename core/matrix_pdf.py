"""The batch matrix as a printable PDF summary (A4 landscape, reportlab).

Page 1 on: units × 纲要 parts with coloured coverage cells; then the weakest
obligations of the batch (how many units address each); then the units with
required parts missing or late submission/publication. The clause-level matrix
is too wide for paper and lives in the .xlsx. Uses the PDF renderer's bundled
font (core/render_pdf.register_font).
"""

from __future__ import annotations

import io
import os

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from fzreview.core.atomic_file import write_atomic
from fzreview.core.matrix import BANDS, Matrix, band_color
from fzreview.core.render_pdf import APP_NAME, markup, register_font
from fzreview.core.review import now_iso
from fzreview.core.wording import clip

PAGE = landscape(A4)
MARGIN = 14 * mm
WEAKEST = 25  # obligations listed in the PDF (all are in the .xlsx)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _styles():
    font = register_font()
    base = ParagraphStyle("base", fontName=font, fontSize=9, leading=12.5, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", base, fontSize=16, leading=22, spaceAfter=2 * mm),
        "h1": ParagraphStyle("h1", base, fontSize=12, leading=17, spaceBefore=5 * mm, spaceAfter=2 * mm,
                             keepWithNext=1),
        "note": ParagraphStyle("note", base, fontSize=8, leading=11, textColor=colors.HexColor("#555555")),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10.5),
        "head": ParagraphStyle("head", base, fontSize=7.5, leading=9.5, alignment=1),
        "num": ParagraphStyle("num", base, fontSize=8, leading=10.5, alignment=1),
    }


def _grid(font: str) -> list:
    return [("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#d9dee6")),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]


def _parts_table(m: Matrix, st, width: float) -> Table:
    head = [Paragraph(t, st["head"]) for t in ("单位", "层级", "年度", "总覆盖率")]
    head += [Paragraph(markup(f"{c.key}、{clip(c.title, 14)}"), st["head"]) for c in m.parts]
    data = [head]
    style = _grid(register_font())
    for r, row in enumerate(m.rows, start=1):
        cells = [Paragraph(markup(row.unit), st["cell"]), Paragraph(markup(row.tier), st["num"]),
                 Paragraph(str(row.year or "—"), st["num"]), Paragraph(_pct(row.coverage), st["num"])]
        style.append(("BACKGROUND", (3, r), (3, r), colors.HexColor(band_color(row.coverage))))
        for c, col in enumerate(m.parts, start=4):
            value = row.parts.get(col.key)
            cells.append(Paragraph(_pct(value), st["num"]))
            style.append(("BACKGROUND", (c, r), (c, r), colors.HexColor(band_color(value))))
        data.append(cells)
    fixed = [34 * mm, 13 * mm, 12 * mm, 15 * mm]
    rest = (width - sum(fixed)) / max(1, len(m.parts))
    return Table(data, colWidths=fixed + [rest] * len(m.parts), repeatRows=1, style=TableStyle(style))


def _weakest_table(m: Matrix, st, width: float) -> Table:
    data = [[Paragraph(t, st["head"]) for t in ("编号", "义务", "纲要条款", "适用单位", "已覆盖", "部分覆盖", "未覆盖", "写到的比例")]]
    style = _grid(register_font())
    for r, t in enumerate(m.obligations[:WEAKEST], start=1):
        data.append([Paragraph(t.id, st["num"]), Paragraph(markup(t.title), st["cell"]),
                     Paragraph(markup(t.clause), st["cell"]),
                     *[Paragraph(str(v), st["num"]) for v in (t.units, t.covered, t.partial, t.missing)],
                     Paragraph(_pct(t.share), st["num"])])
        style.append(("BACKGROUND", (7, r), (7, r), colors.HexColor(band_color(t.share))))
    fixed = [16 * mm, 0, 70 * mm, 16 * mm, 14 * mm, 16 * mm, 14 * mm, 20 * mm]
    fixed[1] = width - sum(fixed)
    return Table(data, colWidths=fixed, repeatRows=1, style=TableStyle(style))


def _flagged_table(m: Matrix, st, width: float) -> Table | Paragraph:
    if not m.flagged:
        return Paragraph("没有缺少必备部分或逾期的单位。", st["cell"])
    data = [[Paragraph(t, st["head"]) for t in ("单位", "年度", "缺少的必备部分", "逾期情况")]]
    for row in m.flagged:
        data.append([Paragraph(markup(row.unit), st["cell"]), Paragraph(str(row.year or "—"), st["num"]),
                     Paragraph(markup("\n".join(row.missing_parts) or "—"), st["cell"]),
                     Paragraph(markup("\n".join(row.late) or "—"), st["cell"])])
    rest = (width - 34 * mm - 12 * mm) / 2
    return Table(data, colWidths=[34 * mm, 12 * mm, rest, rest], repeatRows=1,
                 style=TableStyle(_grid(register_font())))


def render_matrix_pdf(m: Matrix, *, title: str = "审查批次", date: str | None = None) -> bytes:
    st = _styles()
    width = PAGE[0] - 2 * MARGIN
    buf = io.BytesIO()
    font = register_font()

    def decorate(canv, doc):
        canv.saveState()
        canv.setFont(font, 8)
        canv.setFillColor(colors.HexColor("#666666"))
        canv.drawString(MARGIN, PAGE[1] - MARGIN + 4 * mm, f"{APP_NAME} · {title} · 批次汇总")
        canv.drawCentredString(PAGE[0] / 2, MARGIN - 7 * mm, f"第 {doc.page} 页")
        canv.restoreState()

    doc = SimpleDocTemplate(buf, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=f"{title} 批次汇总", creator=APP_NAME,
                            initialFontName=font)
    legend = "颜色：" + "，".join(f"{name}（≥{low * 100:.0f}%）" for low, name, _ in BANDS[:-1]) + f"，{BANDS[-1][1]}（<{BANDS[-2][0] * 100:.0f}%）"
    story = [
        Paragraph(markup(f"{title}：批次汇总"), st["title"]),
        Paragraph(markup(f"共 {len(m.rows)} 份报告 · 生成于 {(date or now_iso())[:10]} · 覆盖率中部分覆盖计一半，"
                         f"审查人的结论优先于自动判断，审查人标为不适用的义务不计。{legend}"), st["note"]),
        Paragraph("一、各单位对纲要各部分的覆盖", st["h1"]),
        _parts_table(m, st, width),
        Paragraph(f"二、最薄弱的义务（写到的单位最少的 {min(WEAKEST, len(m.obligations))} 项；全部见 .xlsx）", st["h1"]),
        _weakest_table(m, st, width),
        Paragraph("三、缺少必备部分或报送、公开逾期的单位", st["h1"]),
        _flagged_table(m, st, width),
        Spacer(1, 4 * mm),
    ]
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buf.getvalue()


def write_matrix_pdf(m: Matrix, out_path: str | os.PathLike, *, title: str = "审查批次") -> None:
    write_atomic(out_path, render_matrix_pdf(m, title=title))
