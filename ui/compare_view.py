"""Year over year in the GUI: last year's plans and 不足 against this year's report.

`CompareController` runs core.compare off the UI thread and shows the result in
a `CompareDialog` (non-modal): one table per source (last year's 工作安排, its
不足) with the status, last year's text, this year's evidence sentence and last
year's reviewer notes; a third table lists obligations that went from covered
to missing. The reviewer can carry last year's notes (and, only when asked,
verdicts) onto this year's report.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
)

from fzreview.core.analysis import STATUS_NAMES
from fzreview.core.compare import DONE, NOT_FOUND, PARTLY, PLAN_STATUS_NAMES, Comparison
from fzreview.ui import dialogs

PLAN_COLORS = {DONE: "#2e7d32", PARTLY: "#d98200", NOT_FOUND: "#c62828"}
PLAN_TINTS = {DONE: "#e3f1e3", PARTLY: "#fdf0d8", NOT_FOUND: "#f8e0e0"}


def run_compare(batch_path: str, last_id: int, this_id: int) -> Comparison:
    """Worker thread: the comparison of two reports of a batch."""
    from fzreview.core.batch import Batch
    from fzreview.core.compare import NOT_A_REPORT_PAIR, compare, pair_problems
    from fzreview.ui.workers import TaskError

    with Batch(batch_path, create=False) as b:
        last, this = b.review(last_id), b.review(this_id)
    wrong = [message for kind, message in pair_problems(last, this) if kind == NOT_A_REPORT_PAIR]
    if wrong:  # held by a batch made before such files were left out
        raise TaskError("；".join(wrong) + "。未作对照。")
    return compare(last, this)


def _item(text: str, *, color: str | None = None, tint: str | None = None, tip: str = "") -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if color:
        cell.setForeground(QColor(color))
    if tint:
        cell.setBackground(QColor(tint))
    cell.setToolTip(tip or text)
    return cell


class CompareDialog(QDialog):
    def __init__(self, comparison: Comparison, parent=None, *, on_carry=None):
        super().__init__(parent)
        self.comparison = comparison
        self.on_carry = on_carry
        self.setWindowTitle(f"年度对照：{comparison.last_label} → {comparison.this_label}")
        c = comparison
        counts = c.counts("plans")
        head = QLabel(
            f"<b>{c.last_label}</b> 的工作安排和不足，对照 <b>{c.this_label}</b> 的报告"
            f"（本年报告自身的“不足”和“下一年度安排”不作为落实依据）。<br>"
            f"工作安排 {len(c.plans)} 项：" + "，".join(f"{PLAN_STATUS_NAMES[s]} {n}" for s, n in counts.items())
            + f"；上年写到、本年未覆盖的义务 {len(c.lost)} 项。")
        head.setWordWrap(True)
        self.tabs = QTabWidget()
        self.plans_table = self._checks_table(c.plans, "上年的工作安排", c.last_has_plans)
        self.problems_table = self._checks_table(c.problems, "上年所列的不足", c.last_has_problems)
        self.lost_table = self._lost_table()
        self.tabs.addTab(self.plans_table, f"上年工作安排（{len(c.plans)}）")
        self.tabs.addTab(self.problems_table, f"上年所列不足（{len(c.problems)}）")
        self.tabs.addTab(self.lost_table, f"由覆盖变为未覆盖的义务（{len(c.lost)}）")
        self.with_verdicts = QCheckBox("同时带入上年的审查结论")
        self.with_verdicts.setToolTip("默认只带入备注；勾选后，本年尚无结论的条目也采用上年的结论")
        self.btn_carry = QPushButton("把上年的审查意见带入本年")
        self.btn_carry.setToolTip("本年尚无备注的条目写入上年的备注（标明“上年意见”）")
        self.btn_carry.setEnabled(on_carry is not None)
        self.btn_carry.clicked.connect(self._carry)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.with_verdicts)
        bottom.addWidget(self.btn_carry)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        em = self.fontMetrics().horizontalAdvance("国")
        self.resize(em * 84, em * 44)

    def _checks_table(self, checks, what: str, present: bool) -> QTableWidget:
        table = QTableWidget(len(checks), 4)
        table.setHorizontalHeaderLabels(["落实情况", what, "本年报告中的依据", "上年审查意见"])
        for row, p in enumerate(checks):
            table.setItem(row, 0, _item(PLAN_STATUS_NAMES[p.status], color=PLAN_COLORS[p.status],
                                        tint=PLAN_TINTS[p.status], tip=f"相符程度 {p.score:.2f}"))
            table.setItem(row, 1, _item(p.text))
            table.setItem(row, 2, _item(p.evidence or "（未找到）", color=None if p.evidence else "#8a8a8a"))
            table.setItem(row, 3, _item("\n".join(p.notes)))
        if not present:
            table.setRowCount(1)
            table.setItem(0, 1, _item("上年度报告中未找到这一部分。", color="#8a8a8a"))
        self._finish(table, stretch=(1, 2, 3))
        return table

    def _lost_table(self) -> QTableWidget:
        lost = self.comparison.lost
        table = QTableWidget(len(lost), 4)
        table.setHorizontalHeaderLabels(["编号", "义务", "上年", "上年审查意见"])
        for row, x in enumerate(lost):
            table.setItem(row, 0, _item(x.id))
            table.setItem(row, 1, _item(x.title))
            table.setItem(row, 2, _item(STATUS_NAMES.get(x.last_status, x.last_status)))
            table.setItem(row, 3, _item(x.last_note))
        self._finish(table, stretch=(1, 3))
        return table

    @staticmethod
    def _finish(table: QTableWidget, stretch: tuple[int, ...]) -> None:
        table.setWordWrap(True)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = table.horizontalHeader()
        for col in range(table.columnCount()):
            mode = QHeaderView.ResizeMode.Stretch if col in stretch else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(col, mode)
        table.resizeRowsToContents()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        for table in (self.plans_table, self.problems_table, self.lost_table):
            table.resizeRowsToContents()

    def _carry(self) -> None:
        if self.on_carry is not None:
            self.on_carry(self.with_verdicts.isChecked())


class CompareController(QObject):
    """Runs one comparison for the batch controller and shows its dialog."""

    def __init__(self, batch_controller, last_id: int, this_id: int):
        super().__init__(batch_controller)
        self.batch = batch_controller
        self.last_id, self.this_id = last_id, this_id
        self.dialog: CompareDialog | None = None

    def start(self) -> None:
        from fzreview.ui import tasks

        tasks.preload("fzreview.core.compare", "jieba")
        w = self.batch.window
        w._set_busy("正在对照上年度报告……")
        w.tasks.start(run_compare, self.batch.path, self.last_id, self.this_id,
                      on_done=self._done, on_fail=self._failed)

    def _done(self, comparison: Comparison) -> None:
        w = self.batch.window
        w._set_busy(None)
        self.dialog = CompareDialog(comparison, w, on_carry=self.carry)
        self.batch.compare_dialogs.append(self.dialog)
        self.dialog.show()

    def _failed(self, message: str) -> None:
        self.batch.window._set_busy(None)
        dialogs.error(self.batch.window, "无法对照", message)

    def carry(self, verdicts: bool) -> int:
        """Last year's notes (and verdicts if asked) onto this year's report in the batch."""
        from fzreview.core.compare import carry_over

        b = self.batch
        reopen = b.owns_session() and b._report_id == self.this_id
        if reopen and b.window.session.dirty and not b.save_session():
            return 0
        this = b.batch.review(self.this_id)
        n = carry_over(b.batch.review(self.last_id), this, verdicts=verdicts)
        b.batch.save_review(self.this_id, this)
        b.refresh()
        if reopen:
            b.open_report(self.this_id)
        b.window.statusBar().showMessage(f"已把上年的审查意见带入本年 {n} 项", 8000)
        return n
