"""The find bar of the report text (Ctrl+F): every match highlighted, next/previous, a count.

Enter or F3 goes to the next match, Shift+Enter or Shift+F3 to the previous one (both
wrap around), Esc closes the bar. Matching ignores case; offsets are Python offsets
into the report text, as everywhere else.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

MAX_MATCHES = 5000  # matches one can step through; a one-character search in a long report stays quick
MAX_COUNT = 200_000  # matches counted (beyond the ones kept)
MAX_HIGHLIGHT = 1000  # matches highlighted at once: the ones around the current match
SEARCH_DELAY_MS = 250  # typing in a long report: search once the typing pauses
INSTANT_CHARS = 100_000  # a report shorter than this is searched at every keystroke


def count_all(text: str, needle: str, limit: int = MAX_COUNT) -> int:
    """How many case-insensitive occurrences of `needle` (at most `limit`)."""
    if not needle:
        return 0
    n = 0
    for _m in re.finditer(re.escape(needle), text, re.IGNORECASE):
        n += 1
        if n >= limit:
            break
    return n


def find_all(text: str, needle: str, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """(start, end) of every case-insensitive occurrence of `needle` in `text`."""
    if not needle:
        return []
    out = []
    for m in re.finditer(re.escape(needle), text, re.IGNORECASE):
        out.append((m.start(), m.end()))
        if len(out) >= limit:
            break
    return out


class FindBar(QWidget):
    def __init__(self, report, parent=None):
        super().__init__(parent)
        self.report = report
        self.matches: list[tuple[int, int]] = []
        self.total = 0  # all matches, counted (self.matches holds at most MAX_MATCHES)
        self.current = -1
        self._shown_window: tuple[int, int] | None = None  # the matches highlighted now
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self._search(self.edit.text()))

        self.edit = QLineEdit()
        self.edit.setPlaceholderText("在报告中查找")
        self.edit.setClearButtonEnabled(True)
        self.edit.setAcceptDrops(False)
        self.edit.installEventFilter(self)
        self.count = QLabel()
        self.count.setMinimumWidth(self.fontMetrics().horizontalAdvance("第 0000 / 0000 处"))
        self.prev_button = QToolButton(text="上一个")
        self.prev_button.setToolTip("上一个匹配（Shift+F3）")
        self.next_button = QToolButton(text="下一个")
        self.next_button.setToolTip("下一个匹配（F3 或回车）")
        self.close_button = QToolButton(text="关闭")
        self.close_button.setToolTip("关闭查找（Esc）")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(QLabel("查找："))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.prev_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)

        self.act_open = QAction("在报告中查找…", self)
        self.act_open.setShortcut(QKeySequence.StandardKey.Find)
        self.act_open.setStatusTip("在报告原文中查找文字（Ctrl+F）")
        self.act_next = QAction("查找下一个", self)
        self.act_next.setShortcut(QKeySequence(Qt.Key.Key_F3))
        self.act_prev = QAction("查找上一个", self)
        self.act_prev.setShortcut(QKeySequence("Shift+F3"))
        self.act_open.triggered.connect(lambda *_: self.open())
        self.act_next.triggered.connect(lambda *_: self.step(1))
        self.act_prev.triggered.connect(lambda *_: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.close_button.clicked.connect(self.close_bar)
        self.edit.textChanged.connect(self._text_edited)
        self.report.textChanged.connect(self._report_replaced)
        self.setVisible(False)

    # ---------------------------------------------------------- opening and closing

    def open(self, text: str | None = None) -> None:
        """Show the bar with the report's selected text (if short) or `text`, and focus it."""
        if text is None:
            selected = self.report.textCursor().selectedText()
            text = selected if selected and len(selected) <= 60 and "\u2029" not in selected else None
        self.setVisible(True)
        if text is not None and text != self.edit.text():
            self.edit.setText(text)  # searches
        elif self.edit.text():
            self._search(self.edit.text())
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.setVisible(False)
        self.report.set_find_matches([], -1)
        self.report.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, obj, event):
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._flush_search()
                self.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
                return True
        return super().eventFilter(obj, event)

    # ---------------------------------------------------------- searching

    def _text(self) -> str:
        analysis = self.report.analysis
        return analysis.report.text if analysis is not None else ""

    def _text_edited(self, needle: str) -> None:
        """Search now in a short report; in a long one once the typing pauses (keys never wait)."""
        if len(self._text()) < INSTANT_CHARS:
            self._search(needle)
        else:
            self._search_timer.start()  # restarted by every keystroke
            self.count.setText("查找中……" if needle else "")

    def _flush_search(self) -> None:
        if self._search_timer.isActive():
            self._search_timer.stop()
            self._search(self.edit.text())

    def _search(self, needle: str) -> None:
        self._search_timer.stop()
        text = self._text()
        self.matches = find_all(text, needle)
        self.total = count_all(text, needle) if len(self.matches) >= MAX_MATCHES else len(self.matches)
        self.current = -1
        self._shown_window = None
        if self.matches:
            # The first match at or after where the reader is.
            here = self.report.selection_span()[0]
            self.current = next((n for n, (s, _e) in enumerate(self.matches) if s >= here), 0)
            self._show()
        else:
            self.report.set_find_matches([], -1)
        self._update_count()

    def _report_replaced(self) -> None:
        if self.isVisible() and self.edit.text():
            self._search(self.edit.text())

    def step(self, direction: int) -> None:
        if not self.isVisible():
            self.open()
            return
        self._flush_search()
        if not self.matches:
            return
        self.current = (self.current + direction) % len(self.matches)
        self._show()
        self._update_count()

    def _show(self) -> None:
        start, end = self.matches[self.current]
        window = self._shown_window
        if window is None or not window[0] <= self.current < window[1] or len(self.matches) > MAX_HIGHLIGHT:
            # At most MAX_HIGHLIGHT matches highlighted, centred on the current one.
            low = max(0, min(self.current - MAX_HIGHLIGHT // 2, len(self.matches) - MAX_HIGHLIGHT))
            window = (low, min(len(self.matches), low + MAX_HIGHLIGHT))
        self._shown_window = window
        self.report.set_find_matches(self.matches[window[0]:window[1]], self.current - window[0])
        self.report.show_span(start, end)

    def _update_count(self) -> None:
        needle = self.edit.text()
        if not needle:
            self.count.setText("")
        elif not self.matches:
            self.count.setText("无匹配")
        else:
            more = "+" if self.total >= MAX_COUNT else ""
            self.count.setText(f"第 {self.current + 1} / {self.total}{more} 处")
            self.count.setToolTip(f"可逐个查看前 {len(self.matches)} 处" if self.total > len(self.matches) else "")
        self.count.setStyleSheet("color: #b00020" if needle and not self.matches else "")
        self.prev_button.setEnabled(bool(self.matches))
        self.next_button.setEnabled(bool(self.matches))
