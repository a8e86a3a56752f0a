"""The report text with the evidence of the automatic analysis highlighted.

Every sentence that is evidence for an applicable obligation is tinted with the
colour of the best status it supports; the more obligations a passage supports,
the darker the tint. The selected obligation's evidence is emphasised (stronger
tint, underline). Clicking in the text reports the offset so the window can list
the obligations that sentence supports.

Offsets from core index the Python string (code points); Qt positions count UTF-16
code units, so `OffsetMap` converts between them (they differ only past characters
outside the BMP).
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QToolTip

from fzreview.core.analysis import COVERED, MISSING, PARTIAL, Evidence, ItemResult
from fzreview.ui import status_style as st

_RANK = {COVERED: 3, PARTIAL: 2, MISSING: 1}
_SENTENCE_END = "。！？!?；;\n"


class OffsetMap:
    """Python string offsets ↔ QTextDocument positions (UTF-16 code units)."""

    def __init__(self, text: str):
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._length = len(text)

    def to_qt(self, offset: int) -> int:
        offset = max(0, min(offset, self._length))
        return offset + bisect.bisect_left(self._astral, offset)

    def to_py(self, position: int) -> int:
        if not self._astral:
            return max(0, min(position, self._length))
        lo, hi = 0, self._length
        while lo < hi:  # smallest offset whose Qt position is >= position
            mid = (lo + hi) // 2
            if self.to_qt(mid) < position:
                lo = mid + 1
            else:
                hi = mid
        return lo


def evidence_segments(spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, int]]:
    """Split overlapping (start, end, item id, status) spans into disjoint segments.

    Returns (start, end, best status, number of distinct items) for every stretch of
    text covered by at least one span.
    """
    bounds = sorted({b for s, e, _, _ in spans for b in (s, e)})
    out = []
    starts = sorted(spans)
    active: list[tuple[int, int, str, str]] = []
    k = 0
    for a, b in zip(bounds, bounds[1:]):
        while k < len(starts) and starts[k][0] <= a:
            active.append(starts[k])
            k += 1
        active = [sp for sp in active if sp[1] > a]
        here = [sp for sp in active if sp[0] <= a < sp[1]]
        if not here:
            continue
        items = {sp[2] for sp in here}
        best = max((sp[3] for sp in here), key=lambda s: _RANK.get(s, 0))
        out.append((a, b, best, len(items)))
    return out


class ReportView(QTextEdit):
    clickedAt = Signal(int)  # a Python offset into analysis.report.text

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptDrops(False)  # files dropped here go to the main window
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.analysis = None
        self.map = OffsetMap("")
        self._base: list[QTextEdit.ExtraSelection] = []
        self._selected: list[QTextEdit.ExtraSelection] = []
        self._focus: list[QTextEdit.ExtraSelection] = []
        self._find: list[QTextEdit.ExtraSelection] = []
        self.selected_ids: list[str] = []

    # ---------------------------------------------------------- content

    def set_analysis(self, analysis) -> None:
        self.analysis = analysis
        text = analysis.report.text if analysis else ""
        self.map = OffsetMap(text)
        self.setPlainText(text)
        fmt = QTextBlockFormat()
        fmt.setLineHeight(150, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        fmt.setBottomMargin(self.fontMetrics().height() * 0.4)
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(fmt)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self._focus = []
        self._selected = []
        self._find = []
        self.selected_ids = []
        self._build_base()
        self._apply()

    def _cursor(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        length = self.document().characterCount() - 1
        cursor.setPosition(min(self.map.to_qt(start), length))
        cursor.setPosition(min(self.map.to_qt(end), length), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _build_base(self) -> None:
        self._base = []
        if self.analysis is None:
            return
        spans = [(e.start, e.end, i.id, i.status)
                 for i in self.analysis.items if i.applicable for e in i.evidence if e.end > e.start]
        base = self.palette().base().color()
        for start, end, status, count in evidence_segments(spans):
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self._cursor(start, end)
            fmt = QTextCharFormat()
            fmt.setBackground(st.tint(status, min(0.14 + 0.1 * (count - 1), 0.5), base))
            sel.format = fmt
            self._base.append(sel)

    def _apply(self) -> None:
        self.setExtraSelections(self._base + self._focus + self._selected + self._find)

    def set_find_matches(self, spans: list[tuple[int, int]], current: int) -> None:
        """Highlight the find bar's matches (the current one stronger)."""
        self._find = []
        for n, (start, end) in enumerate(spans[:1000]):  # the find bar sends at most 1,000
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self._cursor(start, end)
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#ff9632") if n == current else QColor("#ffef6e"))
            sel.format = fmt
            self._find.append(sel)
        self._apply()

    # ---------------------------------------------------------- selection

    def set_selected(self, items: list) -> None:
        """Emphasise the evidence of the selected obligations."""
        self.selected_ids = [i.id for i in items]
        self._selected = []
        base = self.palette().base().color()
        for item in items:
            for ev in item.evidence:
                if ev.end <= ev.start:
                    continue
                sel = QTextEdit.ExtraSelection()
                sel.cursor = self._cursor(ev.start, ev.end)
                fmt = QTextCharFormat()
                fmt.setBackground(st.tint(item.status, 0.42, base))
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(st.color(item.status).darker(130))
                sel.format = fmt
                self._selected.append(sel)
        self._apply()

    def show_span(self, start: int, end: int) -> None:
        """Select a passage and scroll it to the middle of the view."""
        cursor = self._cursor(start, end)
        self.setTextCursor(cursor)
        rect = self.cursorRect(self._cursor(start, start))
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - self.viewport().height() // 3)
        self.ensureCursorVisible()

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def highlight_sentence(self, offset: int) -> tuple[int, int]:
        """Outline the sentence containing `offset`; returns its span."""
        text = self.analysis.report.text if self.analysis else ""
        start, end = sentence_span(text, offset)
        sel = QTextEdit.ExtraSelection()
        sel.cursor = self._cursor(start, end)
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
        fmt.setUnderlineColor(QColor("#1565c0"))
        fmt.setForeground(QColor("#0d47a1"))
        sel.format = fmt
        self._focus = [sel]
        self._apply()
        return start, end

    def selection_span(self) -> tuple[int, int]:
        """The current text selection as Python offsets."""
        c = self.textCursor()
        return self.map.to_py(c.selectionStart()), self.map.to_py(c.selectionEnd())

    def tooltip_at(self, point) -> str:
        """The obligations supported by the text at a viewport point ("" if none)."""
        if self.analysis is None:
            return ""
        hits = items_at(self.analysis, self.map.to_py(self.cursorForPosition(point).position()))
        if not hits:
            return ""
        lines = [f"{item.id} {item.title}（{st.status_name(item.status)}）" for item, _ in hits[:8]]
        if len(hits) > 8:
            lines.append(f"……共 {len(hits)} 项")
        return "这句话是以下义务的依据：\n" + "\n".join(lines)

    def viewportEvent(self, event):
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def mouseReleaseEvent(self, event):
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection() \
                and self.analysis is not None:
            position = self.cursorForPosition(event.position().toPoint()).position()
            self.clickedAt.emit(self.map.to_py(position))


def sentence_span(text: str, offset: int) -> tuple[int, int]:
    """The sentence (or paragraph line) around `offset`."""
    if not text:
        return 0, 0
    offset = max(0, min(offset, len(text) - 1))
    start = offset
    while start > 0 and text[start - 1] not in _SENTENCE_END:
        start -= 1
    end = offset
    while end < len(text) and text[end] not in _SENTENCE_END:
        end += 1
    if end < len(text) and text[end] != "\n":
        end += 1
    return start, end


def items_at(analysis, offset: int) -> list[tuple[ItemResult, Evidence]]:
    """(item, evidence) for every obligation whose evidence covers `offset`, best first."""
    hits = []
    for item in analysis.items:
        for ev in item.evidence:
            if ev.start <= offset < ev.end:
                hits.append((item, ev))
                break
    hits.sort(key=lambda h: (not h[0].applicable, -_RANK.get(h[0].status, 0), -h[1].score))
    return hits
