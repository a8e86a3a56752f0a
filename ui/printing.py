"""Printing the assessment (审查意见) through Qt's print dialog.

The document is core.render_html's rendering of the same content model the PDF
and the Word file are made from (core.assessment), laid out by QTextDocument.
"""

from __future__ import annotations


def assessment_html(review) -> str:
    """The review's assessment as printable HTML."""
    from fzreview.core.render_html import render_html

    return render_html(review)


def print_review(parent, review) -> bool:
    """Show the print dialog and print the assessment; False if cancelled."""
    from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印审查意见")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    doc = QTextDocument()
    doc.setDefaultFont(parent.font() if parent is not None else doc.defaultFont())
    doc.setHtml(assessment_html(review))
    doc.print_(printer)
    return True
