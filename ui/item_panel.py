"""The selected obligation(s): what is required, why the program judged as it did, the
evidence, and — kept apart from the automatic result — the reviewer's verdict and note.

Several obligations selected → one verdict and one note for all of them.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fzreview.core.analysis import PART_NAMES
from fzreview.core.checklist import short_name
from fzreview.core.confidence import confidence_line
from fzreview.core.review import VERDICT_NAMES, VERDICTS
from fzreview.ui import status_style as st

NOTE_DEBOUNCE_MS = 400
ROLE_SPAN = Qt.ItemDataRole.UserRole + 1


class NoteEditor(QPlainTextEdit):
    """Plain-text note; file drops are left to the main window (they open the file)."""

    def canInsertFromMimeData(self, source):
        if source.hasUrls():
            return False
        return super().canInsertFromMimeData(source)

    def dragEnterEvent(self, event):
        if event.mimeData().hasUrls():
            event.ignore()
            return
        super().dragEnterEvent(event)


def note_label_text(items: list) -> str:
    """备注（G01-02 title）： so a note typed after the selection moved on shows whose it is."""
    if len(items) == 1:
        title = items[0].title if len(items[0].title) <= 24 else items[0].title[:24] + "…"
        return f"备注（{items[0].id} {title}）："
    return f"备注（所选 {len(items)} 项）：" if items else "备注："


class ItemPanel(QWidget):
    verdictChosen = Signal(object)  # a key of VERDICT_NAMES, or None to clear
    noteEdited = Signal(list, str)  # (ids the note was typed for, text) — debounced
    evidenceActivated = Signal(int, int)  # start, end offsets in the report text

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self.items: list = []
        self._note_ids: list[str] = []
        self._loading = False

        self.info = QTextBrowser()
        self.info.setOpenLinks(False)
        self.info.setFrameShape(QTextBrowser.Shape.NoFrame)

        self.evidence = QListWidget()
        self.evidence.setWordWrap(True)
        self.evidence.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.evidence.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.evidence.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.evidence.setAlternatingRowColors(True)
        self.evidence_box = QGroupBox("依据（点击在报告中定位）")
        QVBoxLayout(self.evidence_box).addWidget(self.evidence)

        self.verdict_box = QGroupBox("审查结论（审查人）")
        self.verdict_group = QButtonGroup(self)
        buttons = QHBoxLayout()
        self.verdict_buttons: dict[str, QRadioButton] = {}
        for n, key in enumerate(VERDICTS, start=1):
            button = QRadioButton(f"{VERDICT_NAMES[key]} {n}")
            button.setIcon(st.status_icon(key))
            button.setToolTip(f"按 {n} 键（焦点在义务列表时）")
            self.verdict_group.addButton(button, n)
            self.verdict_buttons[key] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.clear_button = QPushButton("清除")
        self.clear_button.setToolTip("清除审查结论（0 键）")
        buttons.addWidget(self.clear_button)
        self.verdict_hint = QLabel()
        self.verdict_hint.setWordWrap(True)
        self.note = NoteEditor()
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText("审查意见、需要核实的问题……（自动保存）")
        vbox = QVBoxLayout(self.verdict_box)
        vbox.addLayout(buttons)
        vbox.addWidget(self.verdict_hint)
        self.note_label = QLabel("备注：")  # names the item the note belongs to
        self.note_label.setWordWrap(True)
        vbox.addWidget(self.note_label)
        vbox.addWidget(self.note, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.info)
        self.splitter.addWidget(self.evidence_box)
        self.splitter.addWidget(self.verdict_box)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_DEBOUNCE_MS)
        self._note_timer.timeout.connect(self._emit_note)
        self.note.textChanged.connect(self._note_changed)
        self.verdict_group.idClicked.connect(self._verdict_clicked)
        self.clear_button.clicked.connect(lambda: self.verdictChosen.emit(None))
        self.evidence.itemActivated.connect(self._evidence_clicked)
        self.evidence.itemClicked.connect(self._evidence_clicked)
        self.show_items(None, [])

    def set_read_only(self, read_only: bool) -> None:
        """A review opened read-only: verdict buttons and the note cannot be changed."""
        self.note.setReadOnly(read_only)
        for button in (*self.verdict_buttons.values(), self.clear_button):
            button.setEnabled(not read_only)

    def default_sizes(self) -> None:
        """Requirement and reasons get the most room, the note editor a few lines."""
        h = self.splitter.height() or self.height() or 600
        self.splitter.setSizes([int(h * 0.44), int(h * 0.30), int(h * 0.26)])

    # ---------------------------------------------------------- content

    def show_items(self, session, items: list) -> None:
        self.flush_note()
        self.session = session
        self.items = list(items)
        enabled = bool(items)
        self.verdict_box.setEnabled(enabled)
        self._fill_info()
        self._fill_evidence()
        self._load_note()
        self._note_ids = [i.id for i in items]
        self.note_label.setText(note_label_text(self.items))
        self.refresh()

    def _load_note(self) -> None:
        """Show the selected items' note (empty, with a hint, when their notes differ)."""
        items, session = self.items, self.session
        notes = {session.verdict(i.id).note for i in items} if items else {""}
        same = len(notes) == 1
        text = next(iter(notes)) if same else ""
        self.note.setPlaceholderText(
            "审查意见、需要核实的问题……（自动保存）" if same
            else "所选各项的备注不同；在此输入将替换全部所选项的备注")
        if self.note.toPlainText() == text:
            return
        self._loading = True
        try:
            self.note.setPlainText(text)
            self.note.moveCursor(self.note.textCursor().MoveOperation.End)
        finally:
            self._loading = False

    def refresh(self) -> None:
        """Update the verdict buttons and hints (after a verdict or note changed)."""
        items, s = self.items, self.session
        if items and not self._note_timer.isActive():
            self._load_note()  # e.g. a note put back by undo
        if len(items) > 1:
            self._fill_info()  # the list shows each item's verdict
        verdicts = {s.verdict(i.id).verdict for i in items} if items else set()
        self.verdict_group.setExclusive(False)
        for key, button in self.verdict_buttons.items():
            button.setChecked(len(verdicts) == 1 and key in verdicts)
        self.verdict_group.setExclusive(True)
        hints = []
        if len(items) > 1:
            hints.append(f"将对所选 {len(items)} 项统一给出结论和备注。")
            if len(verdicts) > 1:
                hints.append("所选各项目前的结论不同。")
        changed = [i.id for i in items if s.changed_since_review(i.id)]
        if changed:
            hints.append(f"{st.STALE_MARK} 审查后自动判断或义务内容有变化，请复核"
                         + ("" if len(items) == 1 else f"（{len(changed)} 项）") + "；再次给出结论即确认。")
        if len(items) == 1 and verdicts and None not in verdicts:
            item = items[0]
            verdict = next(iter(verdicts))
            if verdict != item.status and verdict in st.STATUS_COLORS and verdict != "not_applicable":
                hints.append(f"结论与自动判断（{st.status_name(item.status)}）不同。")
        self.verdict_hint.setText("\n".join(hints))
        self.verdict_hint.setVisible(bool(hints))

    def _fill_info(self) -> None:
        items, s = self.items, self.session
        if not items:
            self.info.setHtml("<p style='color:gray'>在左侧列表中选择一项义务，查看要求、自动判断和依据。</p>")
            return
        if len(items) > 1:
            rows = "".join(
                f"<li>{escape(i.id)} {escape(i.title)}"
                f"（自动：{escape(st.status_name(i.status))}；结论：{escape(st.verdict_name(s.verdict(i.id).verdict))}）</li>"
                for i in items[:200])
            self.info.setHtml(f"<h3>已选 {len(items)} 项义务</h3><ul>{rows}</ul>")
            return
        item = items[0]
        a = s.analysis
        part_title = a.part_titles.get(item.part_ref, "")
        requirement = s.requirement(item.id) or "（当前清单中没有这项义务的要求原文）"
        color = st.color(item.status, muted=not item.applicable).name()
        why = "".join(f"<li>{escape(line)}</li>" for line in item.why) or "<li>（无说明）</li>"
        applicable = "" if item.applicable else \
            "<p style='color:gray'>本项义务不适用于该级政府（程序仍给出判断，供参考）。</p>"
        self.info.setHtml(
            f"<h3>{escape(item.id)}　{escape(item.title)}</h3>"
            f"<p style='color:gray'>{escape(short_name(a.checklist_title))} {escape(item.part_ref)}、"
            f"{escape(part_title)}<br>{escape(item.clause)}</p>"
            f"<p><b>要求：</b>{escape(requirement)}</p>"
            f"<p><b>自动判断：</b><span style='color:{color}'><b>{escape(st.status_name(item.status))}</b></span>"
            f"　依据 {len(item.evidence)} 处<br><span style='color:gray'>{escape(confidence_line(item))}</span></p>"
            f"<ul style='margin-top:0'>{why}</ul>{applicable}")

    def _fill_evidence(self) -> None:
        self.evidence.clear()
        items = self.items
        if len(items) != 1:
            self.evidence_box.setTitle("依据" if not items else "依据（选择单项时显示）")
            return
        item = items[0]
        self.evidence_box.setTitle(f"依据 {len(item.evidence)} 处（点击在报告中定位）")
        if not item.evidence:
            placeholder = QListWidgetItem("报告中没有找到与这项义务相关的表述。")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.evidence.addItem(placeholder)
            return
        for n, ev in enumerate(item.evidence, start=1):
            extra = []
            if ev.terms:
                extra.append("关键说法：" + "、".join(ev.terms))
            if ev.weak:
                extra.append("含较原则或计划性的说法：" + "、".join(ev.weak))
            part = PART_NAMES.get(ev.part, ev.part)
            text = f"{n}.【{part}】{ev.text}"
            if extra:
                text += "\n" + "；".join(extra)
            row = QListWidgetItem(text)
            row.setData(ROLE_SPAN, (ev.start, ev.end))
            row.setToolTip("点击在报告中定位")
            if ev.weak:
                row.setForeground(st.color("partial").darker(120))
            self.evidence.addItem(row)

    # ---------------------------------------------------------- interaction

    def _evidence_clicked(self, row: QListWidgetItem) -> None:
        span = row.data(ROLE_SPAN)
        if span:
            self.evidenceActivated.emit(int(span[0]), int(span[1]))

    def activate_evidence(self, n: int) -> None:
        row = self.evidence.item(n)
        if row is not None:
            self.evidence.setCurrentItem(row)
            self._evidence_clicked(row)

    def _verdict_clicked(self, button_id: int) -> None:
        self.verdictChosen.emit(VERDICTS[button_id - 1])

    def _note_changed(self) -> None:
        if self._loading or not self._note_ids:
            return
        self._note_timer.start()

    def flush_note(self) -> None:
        """Send a pending note edit now (before selection changes, save, close)."""
        if self._note_timer.isActive():
            self._note_timer.stop()
            self._emit_note()

    def _emit_note(self) -> None:
        if self._note_ids:
            self.noteEdited.emit(list(self._note_ids), self.note.toPlainText())
