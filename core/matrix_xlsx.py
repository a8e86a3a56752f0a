"""The batch matrix as a print-ready .xlsx workbook (xlsxwriter).

Sheets: 纲要部分 (units × parts), 条款 (units × clauses), 义务 (per obligation, how
many units address it, weakest first), 缺项与逾期 (units with required parts
missing or late submission/publication). Every sheet prints landscape, fitted to
the page width, with its header rows repeated and panes frozen.
"""

from __future__ import annotations

import io
import os

from fzreview.core.atomic_file import write_atomic
from fzreview.core.matrix import BANDS, Column, Matrix, Row, band_color

_FONT = "Microsoft YaHei"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


class _Formats:
    def __init__(self, wb):
        base = {"font_name": _FONT, "font_size": 10, "valign": "vcenter", "border": 1, "border_color": "#bbbbbb"}
        self.title = wb.add_format({"font_name": _FONT, "bold": True, "font_size": 14})
        self.note = wb.add_format({"font_name": _FONT, "font_size": 9, "font_color": "#555555"})
        self.head = wb.add_format({**base, "bold": True, "bg_color": "#e8eaf0", "text_wrap": True, "align": "center"})
        self.text = wb.add_format({**base, "text_wrap": True})
        self.line = wb.add_format({**base})  # one line, clipped by the next cell (row heights stay even)
        self.head_up = wb.add_format({**base, "bold": True, "bg_color": "#e8eaf0", "rotation": 90,
                                      "align": "center", "valign": "bottom", "text_wrap": True})
        self.num = wb.add_format({**base, "align": "center"})
        self.pct = wb.add_format({**base, "align": "center", "num_format": "0%"})
        self._cells: dict[str, object] = {}
        self._wb, self._base = wb, base

    def cell(self, value: float | None):
        color = band_color(value)
        if color not in self._cells:
            self._cells[color] = self._wb.add_format({**self._base, "align": "center", "num_format": "0%",
                                                      "bg_color": color})
        return self._cells[color]


def _setup_print(ws, header_rows: int, columns: int, title: str) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_rows - 1)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_header(f"&L&\"{_FONT}\"{title}")
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.freeze_panes(header_rows, 4)
    ws.hide_gridlines(0)


def _matrix_sheet(wb, f: _Formats, name: str, title: str, columns: list[Column], rows: list[Row],
                  values, legend: str) -> None:
    ws = wb.add_worksheet(name)
    ws.write(0, 0, title, f.title)
    ws.write(1, 0, legend, f.note)
    heads = ["单位", "层级", "年度", "总覆盖率"] + [c.title if c.key == c.title else f"{c.key}、{c.title}"
                                                   for c in columns]
    narrow = len(columns) > 12  # the clauses: vertical headers, so 33 columns fit a landscape page
    ws.set_row(2, 150 if narrow else 96)
    for col, text in enumerate(heads):
        ws.write(2, col, text, f.head_up if narrow and col >= 4 else f.head)
    for r, row in enumerate(rows, start=3):
        ws.write(r, 0, row.unit, f.text)
        ws.write(r, 1, row.tier, f.num)
        ws.write(r, 2, row.year if row.year is not None else "—", f.num)
        ws.write(r, 3, row.coverage, f.cell(row.coverage))
        for c, column in enumerate(columns, start=4):
            value = values(row).get(column.key)
            if value is None:
                ws.write(r, c, "—", f.cell(None))
            else:
                ws.write_number(r, c, value, f.cell(value))
    ws.set_column(0, 0, 16)
    ws.set_column(1, 2, 6)
    ws.set_column(3, 3, 8)
    ws.set_column(4, 3 + len(columns), 5 if narrow else 11)
    _setup_print(ws, 3, len(heads), title)
    ws.autofilter(2, 0, 2 + len(rows), len(heads) - 1)


def write_matrix_xlsx(matrix: Matrix, out_path: str | os.PathLike, *, title: str = "审查批次") -> None:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    f = _Formats(wb)
    legend = "单元格为该单位在该部分的覆盖率（部分覆盖计一半；审查人的结论优先于自动判断）。颜色：" + "，".join(
        f"{name} ≥{low * 100:.0f}%" for low, name, _ in BANDS[:-1]) + f"，{BANDS[-1][1]}"
    _matrix_sheet(wb, f, "纲要部分", f"{title}：单位 × 纲要部分", matrix.parts, matrix.rows,
                  lambda row: row.parts, legend)
    _matrix_sheet(wb, f, "条款", f"{title}：单位 × 纲要条款", matrix.clauses, matrix.rows,
                  lambda row: row.clauses, legend.replace("该部分", "该条款"))

    ws = wb.add_worksheet("义务")
    ws.write(0, 0, f"{title}：各项义务有多少单位写到（最薄弱的在前）", f.title)
    ws.write(1, 0, f"共 {len(matrix.rows)} 个单位；“写到”= 已覆盖或部分覆盖。", f.note)
    heads = ["编号", "义务", "纲要条款", "适用单位", "已覆盖", "部分覆盖", "未覆盖", "写到的比例"]
    for col, text in enumerate(heads):
        ws.write(2, col, text, f.head)
    for r, t in enumerate(matrix.obligations, start=3):
        ws.write(r, 0, t.id, f.num)
        ws.write(r, 1, t.title, f.line)
        ws.write(r, 2, t.clause, f.line)
        for c, v in enumerate((t.units, t.covered, t.partial, t.missing), start=3):
            ws.write_number(r, c, v, f.num)
        ws.write_number(r, 7, t.share, f.cell(t.share))
    ws.set_column(0, 0, 9)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 2, 40)
    ws.set_column(3, 7, 8)
    _setup_print(ws, 3, len(heads), title)
    ws.freeze_panes(3, 2)
    ws.autofilter(2, 0, 2 + len(matrix.obligations), len(heads) - 1)

    ws = wb.add_worksheet("缺项与逾期")
    ws.write(0, 0, f"{title}：缺少必备部分或报送、公开逾期的单位", f.title)
    heads = ["单位", "年度", "缺少的必备部分", "逾期情况"]
    for col, text in enumerate(heads):
        ws.write(2, col, text, f.head)
    flagged = matrix.flagged
    if not flagged:
        ws.write(3, 0, "没有缺项或逾期的单位。", f.note)
    for r, row in enumerate(flagged, start=3):
        ws.write(r, 0, row.unit, f.text)
        ws.write(r, 1, row.year if row.year is not None else "—", f.num)
        ws.write(r, 2, "\n".join(row.missing_parts) or "—", f.text)
        ws.write(r, 3, "\n".join(row.late) or "—", f.text)
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 6)
    ws.set_column(2, 3, 48)
    _setup_print(ws, 3, len(heads), title)
    ws.freeze_panes(3, 1)
    wb.close()
    write_atomic(out_path, buf.getvalue())
