"""The item table of an analysis or a review as CSV or .xlsx (no Qt).

One row per obligation: its place in the checklist, the automatic result, and —
for a review — the reviewer's verdict and note, the status that counts
(core.review.effective_status) and the best evidence (core.analysis.best_evidence),
the same choices the assessment makes. ``write_csv`` writes UTF-8 with a BOM so
that Excel on a Chinese Windows opens it without mojibake; ``write_xlsx`` writes
a workbook with xlsxwriter, set up for printing.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from pathlib import Path
from typing import Any

from fzreview.core.analysis import PART_NAMES, STATUS_NAMES, Analysis, ItemResult, best_evidence
from fzreview.core.atomic_file import write_atomic
from fzreview.core.wording import clip

HEADER = ("编号", "所属部分", "条款", "义务", "是否适用", "自动判断", "审查结论", "计入结论",
          "审后有变化", "备注", "依据（最相关一处）", "依据所在部分", "依据处数")
# Column widths for the .xlsx sheet, in characters.
_WIDTHS = (8, 16, 20, 20, 6, 8, 8, 8, 6, 26, 46, 12, 5)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _analysis_and_review(source) -> tuple[Analysis, Any]:
    """(analysis, review or None) for an Analysis or a core.review.Review."""
    if isinstance(source, Analysis):
        return source, None
    return source.analysis, source


def table_rows(source) -> list[list[str]]:
    """The header and one row of strings per obligation, in checklist order."""
    analysis, review = _analysis_and_review(source)
    rows = [list(HEADER)]
    for item in analysis.items:
        rows.append(_row(analysis, review, item))
    return rows


def _row(analysis: Analysis, review, item: ItemResult) -> list[str]:
    from fzreview.core.review import VERDICT_NAMES, effective_status

    verdict_name, changed, note, v = "", "", "", None
    if review is not None:
        v = review.verdicts.get(item.id)
        if v is not None:
            verdict_name = VERDICT_NAMES.get(v.verdict, "") if v.verdict else "未审"
            note = v.note
            changed = "是" if review.changed_since_review(item.id) else ""
    status = effective_status(item, v)
    best = best_evidence(item)
    part_title = analysis.part_titles.get(item.part_ref, "")
    return [
        item.id,
        f"{item.part_ref}、{part_title}" if part_title else item.part_ref,
        item.clause,
        item.title,
        "适用" if item.applicable else "不适用",
        STATUS_NAMES.get(item.status, item.status),
        verdict_name,
        STATUS_NAMES.get(status, "") if status else "不适用",
        changed,
        note,
        best.text if best else "",
        PART_NAMES.get(best.part, best.part) if best else "",
        str(len(item.evidence)),
    ]


# ---------------------------------------------------------------- CSV


def _csv_cell(value: str) -> str:
    # A cell starting with = + - @ would be run as a formula by spreadsheet programs.
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_csv(source, out_path: str | os.PathLike) -> int:
    """Write the item table as CSV (UTF-8 with BOM, CRLF). Returns the number of item rows."""
    rows = table_rows(source)
    buffer = io.StringIO(newline="")
    _write_csv_rows(buffer, rows)
    write_atomic(out_path, buffer.getvalue().encode("utf-8-sig"))
    return len(rows) - 1


def _write_csv_rows(fh, rows: list[list[str]]) -> None:
    writer = csv.writer(fh, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(c) for c in row])


# ---------------------------------------------------------------- XLSX


def _header_footer_text(value: str, limit: int = 60) -> str:
    # "&" starts a control code in Excel headers; keep each part short (255 in all).
    return clip(_XML_ILLEGAL.sub("", value), limit).replace("&", "&&")


_LINE_PT = 13.5  # one line of 10 pt text


def _text_width(text: str) -> float:
    """Approximate width in column units (the width of "0"): a CJK character at 10 pt takes about 1.6."""
    return sum(1.6 if ord(ch) > 0x2E80 else 1.0 for ch in text)


def _row_height(row: list[str]) -> float:
    lines = 1
    for value, width in zip(row, _WIDTHS):
        usable = max(1, width - 1)
        n = sum(max(1, math.ceil(_text_width(part) / usable)) for part in (value or "").split("\n"))
        lines = max(lines, n)
    return min(409, lines * _LINE_PT + 3)


def write_xlsx(source, out_path: str | os.PathLike) -> int:
    """Write the item table as an .xlsx workbook set up for printing. Returns the number of item rows.

    A4 landscape, fitted to the page width, the header row repeated on every
    page, and a page header naming the report, the reviewed body and the
    reviewer; a frozen, filterable header row on screen.
    """
    import xlsxwriter

    analysis, review = _analysis_and_review(source)
    rows = table_rows(source)
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                      "strings_to_urls": False, "strings_to_numbers": False})
    r = analysis.report
    wb.set_properties({"title": _XML_ILLEGAL.sub("", f"{r.title or ''} 逐项审查结果")[:250],
                       "author": _XML_ILLEGAL.sub("", review.reviewer if review is not None else "")[:250],
                       "comments": "由法治报告审查台生成"})
    ws = wb.add_worksheet("逐项审查")
    head = wb.add_format({"bold": True, "bg_color": "#E7E6E6", "border": 1, "text_wrap": True,
                          "valign": "top", "font_name": "等线", "font_size": 10})
    cell = wb.add_format({"text_wrap": True, "valign": "top", "border": 1, "font_name": "等线", "font_size": 10})
    for c, width in enumerate(_WIDTHS[:len(rows[0])]):
        ws.set_column(c, c, width)
    for n, row in enumerate(rows):
        fmt = head if n == 0 else cell
        for c, value in enumerate(row):
            ws.write_string(n, c, _XML_ILLEGAL.sub("", value), fmt)
        # Wrapped text needs its row height written: LibreOffice and WPS print what the file says.
        ws.set_row(n, _row_height(row))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows) - 1, len(rows[0]) - 1)
    # print setup
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.repeat_rows(0)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.75, bottom=0.6)
    from fzreview.core.facts import effective_facts

    unit = str(effective_facts(review if review is not None else analysis).unit.value or "未识别")
    reviewer = (review.reviewer if review is not None else "") or "未填写"
    from fzreview.core.assessment import report_title

    title = report_title(review if review is not None else analysis)
    ws.set_header(f"&L&9报告：《{_header_footer_text(title)}》"
                  f"&C&9被审查单位：{_header_footer_text(unit, 30)}"
                  f"&R&9审查人：{_header_footer_text(reviewer, 20)}", {"margin": 0.3})
    ws.set_footer("&C&9第 &P 页 共 &N 页", {"margin": 0.3})
    wb.close()
    write_atomic(out_path, buffer.getvalue())
    return len(rows) - 1


def write_table(source, out_path: str | os.PathLike) -> int:
    """CSV or .xlsx, chosen by the file extension (.xlsx → workbook, anything else → CSV)."""
    if Path(out_path).suffix.lower() == ".xlsx":
        return write_xlsx(source, out_path)
    return write_csv(source, out_path)
