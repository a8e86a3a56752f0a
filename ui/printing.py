"""Printing the item table through Qt's print dialog (an HTML rendering of the table)."""

from __future__ import annotations

from html import escape


def item_table_html(review) -> str:
    """The review's item table (core.table_export rows) as a printable HTML document."""
    from fzreview.core.table_export import table_rows

    a = review.analysis
    rows = table_rows(review)
    header, body = rows[0], rows[1:]
    keep = [header.index(c) for c in ("编号", "义务", "是否适用", "自动判断", "审查结论", "备注")]
    summary = review.summary()
    r = a.report
    title = r.title or "".join(x for x in (r.jurisdiction, f"{r.year}年度" if r.year else "") if x) \
        + "法治政府建设报告"
    out = [
        "<html><head><meta charset='utf-8'><style>",
        "body{font-size:9pt} table{border-collapse:collapse;width:100%}",
        "th,td{border:1px solid #999;padding:2px 4px;vertical-align:top} th{background:#e7e6e6}",
        "</style></head><body>",
        f"<h2>{escape(title)} — 逐项审查结果</h2>",
        f"<p>清单：{escape(a.checklist_title)}　审查人：{escape(review.reviewer or '（未填写）')}<br>",
        f"已审 {summary['reviewed']}/{summary['total']} 项；计入审查结论的覆盖率 {summary['coverage'] * 100:.1f}%</p>",
        "<table><tr>" + "".join(f"<th>{escape(header[i])}</th>" for i in keep) + "</tr>",
    ]
    for row in body:
        out.append("<tr>" + "".join(f"<td>{escape(row[i])}</td>" for i in keep) + "</tr>")
    out.append("</table></body></html>")
    return "".join(out)


def print_review(parent, review) -> bool:
    """Show the print dialog and print the item table; False if cancelled."""
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印逐项审查结果")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    doc = QTextDocument()
    doc.setDefaultFont(parent.font() if parent is not None else doc.defaultFont())
    doc.setHtml(item_table_html(review))
    doc.print_(printer)
    return True
