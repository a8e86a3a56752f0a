"""The item table of an analysis or a review as CSV or .xlsx (no Qt, no third-party packages).

One row per obligation: its place in the 纲要, the automatic result, and — for a
review — the reviewer's verdict and note. ``write_csv`` writes UTF-8 with a BOM so
that Excel on a Chinese Windows opens it without mojibake; ``write_xlsx`` writes a
minimal SpreadsheetML workbook (one sheet, inline strings, a bold frozen header)
with nothing but ``zipfile``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from fzreview.core.analysis import PART_NAMES, STATUS_NAMES, Analysis, ItemResult
from fzreview.core.atomic_file import write_atomic

HEADER = ("编号", "纲要部分", "条款", "义务", "是否适用", "自动判断", "得分",
          "审查结论", "审后有变化", "备注", "依据（最相关一处）", "依据所在部分", "依据处数")
# Column widths for the .xlsx sheet, in characters.
_WIDTHS = (9, 8, 26, 26, 8, 9, 7, 9, 9, 36, 60, 14, 8)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _analysis_and_review(source) -> tuple[Analysis, object | None]:
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
    verdict_name, changed, note = "", "", ""
    if review is not None:
        from fzreview.core.review import VERDICT_NAMES

        v = review.verdicts.get(item.id)
        if v is not None:
            verdict_name = VERDICT_NAMES.get(v.verdict, "") if v.verdict else "未审"
            note = v.note
            changed = "是" if review.changed_since_review(item.id) else ""
    best = item.evidence[0] if item.evidence else None
    part_title = analysis.part_titles.get(item.part_ref, "")
    return [
        item.id,
        f"{item.part_ref}、{part_title}" if part_title else item.part_ref,
        item.clause,
        item.title,
        "适用" if item.applicable else "不适用",
        STATUS_NAMES.get(item.status, item.status),
        f"{item.score:.2f}",
        verdict_name,
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


def _col_name(n: int) -> str:
    name = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        name = chr(65 + rem) + name
    return name


def _xml_text(value: str) -> str:
    return escape(_XML_ILLEGAL.sub("", value))


def _sheet_xml(rows: list[list[str]]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
           'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
           '<sheetFormatPr defaultRowHeight="15"/><cols>']
    for i, width in enumerate(_WIDTHS[:len(rows[0])]):
        out.append(f'<col min="{i + 1}" max="{i + 1}" width="{width}" customWidth="1"/>')
    out.append("</cols><sheetData>")
    for r, row in enumerate(rows, start=1):
        style = 1 if r == 1 else 2
        out.append(f'<row r="{r}">')
        for c, value in enumerate(row):
            ref = f"{_col_name(c)}{r}"
            out.append(f'<c r="{ref}" t="inlineStr" s="{style}"><is><t xml:space="preserve">'
                       f'{_xml_text(value)}</t></is></c>')
        out.append("</row>")
    last = f"{_col_name(len(rows[0]) - 1)}{len(rows)}"
    out.append(f'</sheetData><autoFilter ref="A1:{last}"/></worksheet>')
    return "".join(out)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '</Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="逐项审查" sheetId="1" r:id="rId1"/></sheets>'
    '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
    "'逐项审查'!$A$1:${last_col}${last_row}</definedName></definedNames></workbook>")
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>')
# Style 0: default; 1: bold header with a grey fill; 2: wrapped text aligned to the top.
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>'
    '<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFE7E6E6"/><bgColor indexed="64"/>'
    '</patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')


def write_xlsx(source, out_path: str | os.PathLike) -> int:
    """Write the item table as an .xlsx workbook. Returns the number of item rows."""
    rows = table_rows(source)
    workbook = (_WORKBOOK.replace("{last_col}", _col_name(len(rows[0]) - 1))
                .replace("{last_row}", str(len(rows))))

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        zf.writestr("xl/worksheets/sheet1.xml", _sheet_xml(rows))
    write_atomic(out_path, buffer.getvalue())
    return len(rows) - 1


def write_table(source, out_path: str | os.PathLike) -> int:
    """CSV or .xlsx, chosen by the file extension (.xlsx → workbook, anything else → CSV)."""
    if Path(out_path).suffix.lower() == ".xlsx":
        return write_xlsx(source, out_path)
    return write_csv(source, out_path)


# ---------------------------------------------------------------- helpers


