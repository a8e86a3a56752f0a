"""报告信息: the report's facts (unit, tier, year, dates), where each was read, and the reviewer's corrections.

The panel shows `core.facts.effective_facts(review)`; the reviewer edits a field and
presses 应用更正, and the window stores the corrections in the review and re-analyses
(tier decides which obligations apply, year and dates decide timeliness).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fzreview.core.analysis import structure_state
from fzreview.core.checklist import LEVEL_NAMES, LEVELS
from fzreview.core.facts import FACT_LABELS, FACT_NAMES, SOURCE_NAMES, effective_facts

PLACEHOLDERS = {"unit": "如 绥滨县、广州市卫生健康委员会", "year": "如 2024", "date": "如 2025-03-01",
                "published": "如 2025-03-20"}
CORRECTED_STYLE = "background:#fff4d6"


def _shown(name: str, value) -> str:
    if value in (None, ""):
        return ""
    if name == "level":
        return LEVEL_NAMES.get(str(value), str(value))
    return str(value)


class FactsPanel(QWidget):
    correctionsRequested = Signal(dict)  # {name: value or None}: the fields the reviewer changed
    spanRequested = Signal(int, int)  # show where a fact was read

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self._facts = None
        self.kind_label = QLabel()
        self.kind_label.setWordWrap(True)
        self.kind_label.setStyleSheet("color:#b00020")
        self.kind_label.setVisible(False)
        intro = QLabel("以下信息从报告标题、开头、落款和网页来源行识别，地名经行政区划数据核对。"
                       "识别有误时直接修改，再点“应用更正”：层级决定哪些义务适用，年度和日期决定时限判断。")
        intro.setWordWrap(True)
        intro.setStyleSheet("color:gray")
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.editors: dict[str, QLineEdit | QComboBox] = {}
        self.sources: dict[str, QLabel] = {}
        self.show_buttons: dict[str, QToolButton] = {}
        self.reset_buttons: dict[str, QToolButton] = {}
        for row, name in enumerate(FACT_NAMES):
            grid.addWidget(QLabel(FACT_LABELS[name] + "："), 2 * row, 0)
            editor: QLineEdit | QComboBox
            if name == "level":
                editor = QComboBox()
                editor.addItem("（未识别）", None)
                for level in LEVELS:
                    editor.addItem(LEVEL_NAMES[level], level)
                editor.currentIndexChanged.connect(lambda _i: self._edited())
            else:
                editor = QLineEdit()
                editor.setPlaceholderText(PLACEHOLDERS.get(name, ""))
                editor.textEdited.connect(lambda _t: self._edited())
                editor.returnPressed.connect(self.apply)
            editor.setAccessibleName(FACT_LABELS[name])
            self.editors[name] = editor
            grid.addWidget(editor, 2 * row, 1)
            show = QToolButton()
            show.setText("定位")
            show.setToolTip("在报告中显示识别依据")
            show.clicked.connect(lambda _c=False, n=name: self._show(n))
            reset = QToolButton()
            reset.setText("恢复")
            reset.setToolTip("撤销更正，恢复自动识别的结果")
            reset.clicked.connect(lambda _c=False, n=name: self.correctionsRequested.emit({n: None}))
            grid.addWidget(show, 2 * row, 2)
            grid.addWidget(reset, 2 * row, 3)
            self.show_buttons[name] = show
            self.reset_buttons[name] = reset
            source = QLabel()
            source.setStyleSheet("color:gray")
            source.setWordWrap(True)
            source.setTextFormat(Qt.TextFormat.RichText)
            self.sources[name] = source
            grid.addWidget(source, 2 * row + 1, 1, 1, 3)
        self.apply_button = QPushButton("应用更正")
        self.apply_button.setToolTip("把修改记入审查文件，并按更正后的信息重新分析")
        self.apply_button.clicked.connect(self.apply)
        self.apply_button.setEnabled(False)
        self.deadlines = QLabel()
        self.deadlines.setWordWrap(True)
        self.deadlines.setToolTip("S-06 报送、S-07 公开的时限判断，随层级、年度和日期的更正而更新")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.kind_label)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addWidget(self.deadlines)
        layout.addStretch(1)

    # ---------------------------------------------------------- showing

    def set_session(self, session) -> None:
        self.session = session
        self.refresh()

    def refresh(self) -> None:
        s = self.session
        if s is None:
            return
        facts = effective_facts(s.review)
        self._facts = facts
        wrong = [f for f in s.analysis.findings if f.kind == "not_a_report"]
        self.kind_label.setText("⚠ " + wrong[0].message if wrong else "")
        self.kind_label.setVisible(bool(wrong))
        for name in FACT_NAMES:
            fact = facts.get(name)
            editor = self.editors[name]
            editor.blockSignals(True)
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(fact.value)))
            else:
                editor.setText(_shown(name, fact.value))
            editor.setStyleSheet(CORRECTED_STYLE if fact.corrected else "")
            editor.blockSignals(False)
            if fact.corrected:
                was = _shown(name, fact.auto) or "未识别"
                text = f"<b style='color:#8a5a00'>审查人已更正</b>（自动识别：{escape(was)}）"
            elif fact.value in (None, ""):
                text = "未能从报告中识别，请填写"
            else:
                text = "来源：" + escape(SOURCE_NAMES.get(fact.source, fact.source))
                if fact.source == "text":
                    text += "（按正文中出现最多的地名推断，请核对）"
            self.sources[name].setText(text)
            self.show_buttons[name].setEnabled(fact.start is not None and not fact.corrected)
            self.reset_buttons[name].setEnabled(fact.corrected)
        self.apply_button.setEnabled(False)
        rules = [x for x in s.analysis.structure if x.kind in ("submission", "publication")]
        lines = []
        for x in rules:
            label = "报送时限" if x.kind == "submission" else "公开时限"
            state = structure_state(x)[1]
            colour = {"missing": "#b00020", "ok": "#2e7d32", "check": "#8a5a00"}.get(state, "gray")
            lines.append(f"{label}：<span style='color:{colour}'>{escape(x.detail)}</span>")
        self.deadlines.setText("<br>".join(lines))

    # ---------------------------------------------------------- editing

    def _value(self, name: str):
        editor = self.editors[name]
        if isinstance(editor, QComboBox):
            return editor.currentData()
        return editor.text().strip() or None

    def changes(self) -> dict:
        """The fields whose text differs from the facts shown."""
        out: dict = {}
        if self._facts is None:
            return out
        for name in FACT_NAMES:
            value = self._value(name)
            if (value or "") != _shown(name, self._facts.get(name).value) and not (
                    name == "level" and value == self._facts.level.value):
                out[name] = value
        return out

    def _edited(self) -> None:
        self.apply_button.setEnabled(bool(self.changes()))

    def apply(self) -> None:
        changes = self.changes()
        if changes:
            self.correctionsRequested.emit(changes)

    def _show(self, name: str) -> None:
        fact = self._facts.get(name) if self._facts else None
        if fact is not None and fact.start is not None and fact.end is not None:
            self.spanRequested.emit(fact.start, fact.end)
