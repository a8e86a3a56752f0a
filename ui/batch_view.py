"""The batch (审查批次) page: a sortable, filterable table of a batch's reports.

`BatchView` is the page (table, filters, overall progress, unreadable files);
`BatchController` ties it to the main window: it creates or opens a batch file,
fills it from a folder in the background (core/batch_run.py, a process pool)
with a progress dialog, opens a report of the batch in the review view and
saves the reviewer's work back into the batch, exports the matrix, and runs the
year-over-year comparison (ui/compare_view.py). The main window only adds its
actions and asks it whether a path or the current review belongs to a batch.
"""

from __future__ import annotations

import logging
import threading
from html import escape
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fzreview.core.batch import DONE, FAILURE_NAMES, IN_PROGRESS, NOT_A_REPORT, STATUS_NAMES, SUFFIX, TODO, Entry
from fzreview.core.checklist import LEVEL_NAMES
from fzreview.core.matrix import band_color
from fzreview.ui import dialogs

log = logging.getLogger(__name__)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
BATCH_FILTER = f"审查批次 (*{SUFFIX})"
STATUS_COLORS = {TODO: "#8a8a8a", IN_PROGRESS: "#d98200", DONE: "#2e7d32"}


# ---------------------------------------------------------------------- task bodies (no Qt)


def fill_batch(batch_path: str, folder: str, cancel: threading.Event, progress=None):
    """Worker thread: analyse the folder's new and changed reports into the batch."""
    from fzreview.core.batch import Batch
    from fzreview.core.batch_run import run

    with Batch(batch_path) as b:
        return run(folder, b, cancel=cancel,
                   progress=(lambda done, total, _path, _outcome: progress(done, total)) if progress else None)


def load_report(batch_path: str, report_id: int):
    """Worker thread: one report's review and its checklist."""
    from fzreview.core.batch import Batch

    with Batch(batch_path, create=False) as b:
        review = b.review(report_id)
    return review, review.checklist()


def export_batch_report(batch_path: str, report_id: int, kind: str, out_path: str):
    """Worker thread: one report's assessment (PDF or Word), with the year-over-year chapter when the
    batch holds the unit's report of the year before."""
    from fzreview.core.batch import Batch
    from fzreview.ui import tasks

    with Batch(batch_path, create=False) as b:
        review = b.review(report_id)
        last_id = b.find_previous(report_id)
    previous = (batch_path, last_id) if last_id is not None else None
    return (tasks.export_pdf if kind == "pdf" else tasks.export_docx)(review, out_path, previous)


def export_matrix(batch_path: str, out_path: str, kind: str, title: str) -> str:
    from fzreview.core.batch import Batch
    from fzreview.core.matrix import batch_matrix

    with Batch(batch_path, create=False) as b:
        matrix = batch_matrix(b)
    if kind == "xlsx":
        from fzreview.core.matrix_xlsx import write_matrix_xlsx

        write_matrix_xlsx(matrix, out_path, title=title)
    else:
        from fzreview.core.matrix_pdf import write_matrix_pdf

        write_matrix_pdf(matrix, out_path, title=title)
    return out_path


# ---------------------------------------------------------------------- the table


class BatchTableModel(QAbstractTableModel):
    COLUMNS = ("单位", "层级", "年度", "覆盖率", "已审", "问题", "状态", "审查人", "文件")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.entries: list[Entry] = []

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.entries)

    def columnCount(self, parent=None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self.entries[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return e.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (e.unit or "（未识别）", LEVEL_NAMES.get(e.tier or "", "—"), str(e.year or "—"),
                    f"{e.coverage * 100:.1f}%", f"{e.reviewed}/{e.total}", str(e.findings), e.status_name,
                    e.reviewer, e.name)[col]
        if role == SORT_ROLE:
            return (e.unit, e.tier or "", e.year or 0, e.coverage, e.reviewed / e.total if e.total else 0,
                    e.findings, list(STATUS_NAMES).index(e.status) if e.status in STATUS_NAMES else 9, e.reviewer,
                    e.name)[col]
        if role == Qt.ItemDataRole.BackgroundRole and col == 3:
            return QColor(band_color(e.coverage))
        if role == Qt.ItemDataRole.ForegroundRole and col == 6:
            return QColor(STATUS_COLORS.get(e.status, "#000000"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2, 3, 4, 5, 6):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return e.path
        return None


class BatchFilter(QSortFilterProxyModel):
    """Text (unit, tier, year, file) and status filters over the batch table."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""
        self.status: str | None = None
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def _refilter(self, change) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateFilter() is deprecated there
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "text", text.strip().lower()))

    def set_status(self, status: str | None) -> None:
        self._refilter(lambda: setattr(self, "status", status))

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        model = self.sourceModel()
        assert isinstance(model, BatchTableModel)
        e = model.entries[source_row]
        if self.status and e.status != self.status:
            return False
        if self.text:
            hay = " ".join((e.unit, LEVEL_NAMES.get(e.tier or "", ""), str(e.year or ""), e.reviewer, e.name)).lower()
            return all(word in hay for word in self.text.split())
        return True


class BatchView(QWidget):
    openRequested = Signal(int)
    compareRequested = Signal(int)
    statusRequested = Signal(int, object)  # report id, status key or None (back to automatic)
    addFolderRequested = Signal()
    exportRequested = Signal(str)  # "xlsx" | "pdf"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = QLabel()
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_bar = QProgressBar()
        self.progress_bar.setFormat("已审条目 %p%")
        self.progress_bar.setMinimumWidth(self.fontMetrics().horizontalAdvance("国") * 10)
        self.progress_label = QLabel()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("筛选：单位、层级、年度、审查人或文件名")
        self.filter_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox()
        self.status_combo.addItem("全部状态", None)
        for key, name in STATUS_NAMES.items():
            self.status_combo.addItem(name, key)
        self.btn_open = QPushButton("打开审查")
        self.btn_compare = QPushButton("与上年度对照…")
        self.btn_add = QPushButton("添加文件夹…")
        self.btn_xlsx = QPushButton("导出矩阵 Excel…")
        self.btn_pdf = QPushButton("导出汇总 PDF…")
        self.model = BatchTableModel(self)
        self.proxy = BatchFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(BatchTableModel.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.failures = QLabel()
        self.failures.setWordWrap(True)
        self.failures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.failures.setStyleSheet("color:#b26a00")

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.progress_label)
        top.addWidget(self.progress_bar)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 2)
        bar.addWidget(self.status_combo)
        for b in (self.btn_open, self.btn_compare, self.btn_add, self.btn_xlsx, self.btn_pdf):
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.failures)

        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.status_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status_combo.currentData()))
        self.table.doubleClicked.connect(lambda index: self._emit(self.openRequested, index))
        self.btn_open.clicked.connect(lambda: self._emit(self.openRequested))
        self.btn_compare.clicked.connect(lambda: self._emit(self.compareRequested))
        self.btn_add.clicked.connect(self.addFolderRequested.emit)
        self.btn_xlsx.clicked.connect(lambda: self.exportRequested.emit("xlsx"))
        self.btn_pdf.clicked.connect(lambda: self.exportRequested.emit("pdf"))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self._update_buttons()

    def _context_menu(self, pos) -> None:
        from PySide6.QtWidgets import QMenu

        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        rid = int(index.data(ID_ROLE))
        menu = QMenu(self)
        menu.addAction("打开审查").triggered.connect(lambda *_: self.openRequested.emit(rid))
        menu.addAction("与上年度对照…").triggered.connect(lambda *_: self.compareRequested.emit(rid))
        menu.addSeparator()
        for key, name in STATUS_NAMES.items():
            menu.addAction(f"标为“{name}”").triggered.connect(lambda *_, k=key: self.statusRequested.emit(rid, k))
        menu.addAction("状态按审查进度自动确定").triggered.connect(lambda *_: self.statusRequested.emit(rid, None))
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _emit(self, signal, index: QModelIndex | None = None) -> None:
        rid = self.current_id() if index is None else index.data(ID_ROLE)
        if rid is not None:
            signal.emit(int(rid))

    def current_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def select_id(self, report_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == report_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return

    def _update_buttons(self) -> None:
        has = self.current_id() is not None
        self.btn_open.setEnabled(has)
        self.btn_compare.setEnabled(has)
        empty = self.model.rowCount() == 0
        self.btn_xlsx.setEnabled(not empty)
        self.btn_pdf.setEnabled(not empty)

    def show_batch(self, path: str, folder: str, entries: list[Entry], progress: dict, failures: list) -> None:
        keep = self.current_id()
        self.model.set_entries(entries)
        if keep is not None:
            self.select_id(keep)
        name = Path(path).name
        where = f"　<span style='color:gray'>{folder}</span>" if folder else ""
        self.title.setText(f"<b>审查批次：{name}</b>{where}")
        p = progress
        self.progress_label.setText(
            f"{p['reports']} 份报告：未审 {p['todo']}，审查中 {p['in_progress']}，已完成 {p['done']}；"
            f"已审条目 {p['reviewed']}/{p['total']}")
        self.progress_bar.setMaximum(max(1, p["total"]))
        self.progress_bar.setValue(p["reviewed"])
        groups = []
        for kind, title in FAILURE_NAMES.items():
            group = [f for f in failures if f.kind == kind]
            if not group:
                continue
            lines = [escape(f"{Path(f.path).name}：{f.message}") for f in group[:12]]
            more = f"<br>……另有 {len(group) - 12} 个" if len(group) > 12 else ""
            note = "（未列入批次）" if kind == NOT_A_REPORT else ""
            groups.append(f"{title}的文件{note}（{len(group)} 个）：<br>" + "<br>".join(lines) + more)
        self.failures.setText("<br><br>".join(groups))
        self.failures.setVisible(bool(groups))
        self._update_buttons()


# ---------------------------------------------------------------------- the controller


class BatchController(QObject):
    """The batch features of the main window (see module docstring)."""

    changed = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.path = ""  # the batch file, "" while none is open
        self.batch = None  # core.batch.Batch, the UI thread's connection
        self.view = BatchView()
        window.stack.addWidget(self.view)
        self._session = None  # the review session opened from the batch
        self._report_id: int | None = None
        self._cancel: threading.Event | None = None
        self._dialog: QProgressDialog | None = None
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(400)
        self._refresh_timer.timeout.connect(self.refresh)
        self.compare_dialogs: list = []

        self.act_new = self._action("新建审查批次（选择文件夹）…", self.new_dialog,
                                    "选择一个文件夹：其中的报告一并分析，放入一个审查批次")
        self.act_open = self._action("打开审查批次…", self.open_dialog, f"打开审查批次文件（*{SUFFIX}）")
        self.act_back = self._action("返回批次", self.back, "回到审查批次的报告列表（Alt+←）")
        self.act_back.setShortcut("Alt+Left")
        window.addAction(self.act_back)

        self.view.openRequested.connect(self.open_report)
        self.view.compareRequested.connect(self.compare)
        self.view.statusRequested.connect(self.set_status)
        self.view.addFolderRequested.connect(self.add_folder_dialog)
        self.view.exportRequested.connect(self.export_dialog)
        self.view.table.selectionModel().selectionChanged.connect(lambda *_: window._update_actions())
        # On the batch page the review's actions (1–4, F8, undo, save, exports) are disabled by the
        # window itself (MainWindow._review_shown), so they never touch the hidden review.
        self.update_actions()

    def _action(self, text: str, slot, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda *_: slot())
        return action

    def update_actions(self) -> None:
        self.act_back.setEnabled(self.batch is not None)

    # ------------------------------------------------------------------ paths

    @staticmethod
    def accepts(path: str) -> bool:
        """A folder (to batch) or a batch file: the controller opens it, not the review view."""
        from fzreview.core.batch import is_batch_file

        p = Path(path)
        return p.is_dir() or p.suffix.lower() == SUFFIX or (p.is_file() and is_batch_file(p))

    def open_any(self, path: str) -> bool:
        return self.create_from_folder(path) if Path(path).is_dir() else self.open_batch(path)

    def new_dialog(self) -> None:
        folder = dialogs.open_folder(self.window, "选择报告所在的文件夹",
                                     str(self.window.settings.value("paths/open_dir", "") or Path.home()))
        if folder:
            self.create_from_folder(folder)

    def open_dialog(self) -> None:
        start = str(self.window.settings.value("paths/open_dir", "") or Path.home())
        path = dialogs.open_file(self.window, "打开审查批次", start, f"{BATCH_FILTER};;所有文件 (*)")
        if path:
            self.open_batch(path)

    def add_folder_dialog(self) -> None:
        if self.batch is None:
            return self.new_dialog()
        folder = dialogs.open_folder(self.window, "选择要加入批次的文件夹", self.batch.folder or str(Path.home()))
        if folder:
            self.fill(folder)

    # ------------------------------------------------------------------ opening

    def set_status(self, report_id: int, status: str | None) -> None:
        """The reviewer marks a report 未审 / 审查中 / 已完成 by hand (None: from the review progress)."""
        if self.batch is None:
            return
        self.batch.set_status(report_id, status)
        self.refresh()

    def _leave_review(self, question: str) -> bool:
        """Before the batch replaces what the window shows: keep the reviewer's work."""
        if self.owns_session():
            if self.window.session.dirty:
                return self.save_session()
            return True
        return self.window._maybe_save(question)

    def open_batch(self, path: str) -> bool:
        from fzreview.core.batch import Batch, BatchError

        if not self._leave_review("打开审查批次前，是否保存当前的审查？"):
            return False
        try:
            batch = Batch(path)
        except (BatchError, OSError) as exc:
            dialogs.error(self.window, "无法打开审查批次", str(exc))
            return False
        if self.batch is not None:
            self.batch.close()
        self.batch, self.path = batch, str(path)
        self.window.recent.add(str(path))
        self.window._fill_recent()
        self.show()
        self.update_actions()
        return True

    def create_from_folder(self, folder: str, out: str | None = None) -> bool:
        """A batch for `folder` (beside it, `<folder>.fzbatch`; reopened if it exists), then fill it."""
        folder_path = Path(folder).resolve()
        target = Path(out) if out else folder_path.with_suffix(SUFFIX)
        if not out and not _writable(target.parent):
            chosen, _ = dialogs.save_file(self.window, "保存审查批次", str(Path.home() / target.name), BATCH_FILTER)
            if not chosen:
                return False
            target = Path(chosen if chosen.endswith(SUFFIX) else chosen + SUFFIX)
        if not self.open_batch(str(target)):
            return False
        self.window.settings.setValue("paths/open_dir", str(folder_path.parent))
        return self.fill(str(folder_path))

    def show(self) -> None:
        self.refresh()
        self.window.stack.setCurrentWidget(self.view)
        self.window.setWindowTitle(f"{Path(self.path).name} - 审查批次 - 法治报告审查台")
        self.view.table.setFocus()

    def refresh(self) -> None:
        if self.batch is None:
            return
        self.view.show_batch(self.path, self.batch.folder, self.batch.entries(), self.batch.progress(),
                             self.batch.failures())
        self.changed.emit()

    # ------------------------------------------------------------------ filling

    def busy(self) -> bool:
        return self._cancel is not None

    def fill(self, folder: str) -> bool:
        if self.batch is None or self.busy():
            return False
        from fzreview.ui import tasks

        tasks.preload("fzreview.core.batch_run", "fzreview.core.analysis", "fzreview.core.review")
        self._cancel = threading.Event()
        dialog = QProgressDialog("正在查找报告……", "停止", 0, 0, self.window)
        dialog.setWindowTitle("分析审查批次")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel.set)
        dialog.canceled.connect(lambda: dialog.setLabelText("正在停止：已完成的报告会保留……"))
        dialog.show()
        self._dialog = dialog
        self.window.tasks.start(fill_batch, self.path, folder, self._cancel,
                                on_done=self._filled, on_fail=self._fill_failed, on_progress=self._fill_progress)
        return True

    def _fill_progress(self, done: int, total: int) -> None:
        if self._dialog is not None:
            self._dialog.setMaximum(max(1, total))
            self._dialog.setValue(done)
            if self._cancel is not None and not self._cancel.is_set():
                self._dialog.setLabelText(f"正在分析报告：{done}/{total}（已完成的报告随时保存，中断后可继续）")
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _end_fill(self) -> None:
        self._cancel = None
        if self._dialog is not None:
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        self.refresh()

    def _filled(self, result) -> None:
        self._end_fill()
        parts = [f"新分析 {len(result.added)} 份", f"更新 {len(result.changed)} 份", f"跳过 {len(result.skipped)} 份"]
        if result.failed:
            parts.append(f"无法读取 {len(result.failed)} 个")
        if result.not_reports:
            parts.append(f"不是年度报告 {len(result.not_reports)} 个（未列入）")
        message = ("已停止：" if result.cancelled else "批次分析完成：") + "，".join(parts)
        self.window.statusBar().showMessage(message, 10000)

    def _fill_failed(self, message: str) -> None:
        self._end_fill()
        dialogs.error(self.window, "批次分析中断", message)

    # ------------------------------------------------------------------ reviewing one report

    def owns_session(self) -> bool:
        s = self.window.session
        return s is not None and s is self._session and s.path is None and self.batch is not None

    def open_report(self, report_id: int) -> None:
        if self.batch is None or self.window._loading:
            return
        if not self._leave_review("打开批次中的报告前，是否保存当前的审查？"):
            return
        from fzreview.ui import tasks

        tasks.preload(*tasks.ANALYSIS_MODULES)
        self.window._set_busy("正在打开批次中的报告……")
        self.window.tasks.start(load_report, self.path, report_id,
                                on_done=lambda result, rid=report_id: self._report_loaded(rid, result),
                                on_fail=self._report_failed)

    def _report_loaded(self, report_id: int, result) -> None:
        self.window._set_busy(None)
        review, checklist = result
        self.window.show_review(review, path=None, checklist=checklist)
        self._session, self._report_id = self.window.session, report_id
        self._session.batch_ref = (str(Path(self.path).resolve()), report_id)  # kept in the recovery file
        self.window._update_title()
        self.window.statusBar().showMessage("审查保存在批次中（Ctrl+S）；Alt+← 返回批次列表", 8000)

    def restore_report(self, batch_path: str, report_id: int, review, token: str) -> bool:
        """A review recovered after a crash goes back into its batch (unsaved, the reviewer saves)."""
        from fzreview.core.batch import Batch, BatchError

        try:
            with Batch(batch_path, create=False) as b:
                if b.entry(report_id) is None:
                    return False
        except (BatchError, OSError):
            return False
        if (self.batch is None or Path(self.path).resolve() != Path(batch_path).resolve()) \
                and not self.open_batch(batch_path):
            return False
        self.window.show_review(review, path=None, checklist=review.checklist(), token=token, dirty=True)
        self._session, self._report_id = self.window.session, report_id
        self._session.batch_ref = (str(Path(batch_path).resolve()), report_id)
        self.window._update_title()
        return True

    def _report_failed(self, message: str) -> None:
        self.window._set_busy(None)
        dialogs.error(self.window, "无法打开报告", message)

    def save_session(self) -> bool:
        """Write the open review back into the batch (the main window's Save for a batch report)."""
        from fzreview.core.batch import BatchError

        w = self.window
        w.item_panel.flush_note()
        w._commit_reviewer()
        try:
            self.batch.save_review(self._report_id, w.session.review)
        except (BatchError, OSError, Exception) as exc:  # sqlite errors included: the work stays in recovery
            dialogs.error(w, "保存失败", f"无法写入审查批次：{exc}\n\n审查内容仍在自动恢复文件中，可用“另存为”保存到文件。")
            return False
        w.session.mark_saved(None)
        w.autosaver.discard()
        w.autosave_label.setText("")
        w._update_title()
        w.statusBar().showMessage(f"已保存到审查批次：{Path(self.path).name}", 5000)
        self.refresh()
        return True

    def previous_year(self) -> tuple[str, int] | None:
        """(batch file, report id) of the same unit's report of the year before the open one, if held."""
        if not self.owns_session() or self._report_id is None:
            return None
        last_id = self.batch.find_previous(self._report_id)
        return (self.path, last_id) if last_id is not None else None

    def back(self) -> None:
        if self.batch is None:
            return
        if self.owns_session() and self.window.session.dirty and not self.save_session():
            return
        self.show()
        if self._report_id is not None:
            self.view.select_id(self._report_id)

    # ------------------------------------------------------------------ export and comparison

    def export_dialog(self, kind: str) -> None:
        if self.batch is None:
            return
        title = Path(self.batch.folder).name if self.batch.folder else Path(self.path).stem
        suffix, filt = (".xlsx", "Excel 工作簿 (*.xlsx)") if kind == "xlsx" else (".pdf", "PDF 文件 (*.pdf)")
        default = str(Path(self.path).with_name(f"{Path(self.path).stem}-矩阵{suffix}"))
        out, _ = dialogs.save_file(self.window, "导出批次矩阵" if kind == "xlsx" else "导出批次汇总", default, filt)
        if not out:
            return
        if not out.lower().endswith(suffix):
            out += suffix
        self.export(kind, out, title)

    def selected_report(self) -> int | None:
        """The report of the row selected in the list (while the list is shown)."""
        if self.batch is None or self.window.stack.currentWidget() is not self.view:
            return None
        rid = self.view.current_id()
        return int(rid) if rid is not None else None

    def export_report(self, kind: str) -> bool:
        """The toolbar's 导出 PDF / 导出 Word on the list: the selected row's report, never the one
        opened last."""
        rid = self.selected_report()
        entry = self.batch.entry(rid) if rid is not None else None
        if entry is None or self.window._loading:
            return False
        from fzreview.ui import tasks

        name, suffix, filt = ("PDF", ".pdf", "PDF 文件 (*.pdf)") if kind == "pdf" else (
            "Word", ".docx", "Word 文档 (*.docx)")
        src = Path(entry.path)
        folder = src.parent if src.parent.is_dir() else Path(self.path).parent
        out, _ = dialogs.save_file(self.window, f"导出审查意见 {name}（{entry.unit or entry.name}）",
                                   str(folder / f"{src.stem}-审查意见{suffix}"), filt)
        if not out:
            return False
        if not out.lower().endswith(suffix):
            out += suffix
        tasks.preload(*(tasks.PDF_MODULES if kind == "pdf" else tasks.DOCX_MODULES))
        w = self.window
        w._set_busy(f"正在导出 {name}……")
        w.tasks.start(export_batch_report, self.path, rid, kind, out,
                      on_done=lambda result, p=out, n=name: w._exported(p, n, result),
                      on_fail=lambda message, n=name: w._export_failed(n, message))
        return True

    def export(self, kind: str, out: str, title: str = "审查批次") -> None:
        from fzreview.ui import tasks

        tasks.preload("fzreview.core.matrix", "fzreview.core.matrix_xlsx", *tasks.PDF_MODULES)
        self.window._set_busy("正在导出……")

        def done(path):
            self.window._set_busy(None)
            self.window.statusBar().showMessage(f"已导出：{path}", 8000)

        def failed(message):
            self.window._set_busy(None)
            dialogs.error(self.window, "导出失败", message)

        self.window.tasks.start(export_matrix, self.path, out, kind, title, on_done=done, on_fail=failed)

    def compare(self, report_id: int, last_id: int | None = None) -> bool:
        """Hold a report against the same unit's report of the year before (found, or chosen)."""
        if self.batch is None:
            return False
        if last_id is None:
            last_id = self.batch.find_previous(report_id)
        this = self.batch.entry(report_id)
        if this is None:
            return False
        if last_id is None:
            others = plausible_previous(this, self.batch.entries())
            if not others:
                dialogs.info(self.window, "年度对照", "批次中没有早于本报告年度的其他报告可供对照。")
                return False
            labels = [f"{e.unit or e.name}　{e.year or '年度不明'}　{e.name}" for e in others]
            chosen = dialogs.pick(self.window, "年度对照",
                                  f"批次中没有找到“{this.unit or this.name}”上一年度的报告。请选择要对照的上年度报告"
                                  "（同一单位在前，只列较早年度的报告）：", labels)
            if chosen is None:
                return False
            last_id = others[chosen].id
        last = self.batch.entry(last_id)
        problems = entry_problems(last, this) if last is not None else []
        if problems:
            answer = dialogs.choose(self.window, "年度对照", "这两份报告看起来不是同一单位的上一年度和本年度：",
                                    [("go", "仍然对照"), ("cancel", "取消")], default="cancel", escape="cancel",
                                    informative="\n".join(problems))
            if answer != "go":
                return False
        from fzreview.ui.compare_view import CompareController

        CompareController(self, last_id, report_id).start()
        return True

    def close(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
        if self.batch is not None:
            self.batch.close()
            self.batch = None


def plausible_previous(this: Entry, entries: list[Entry]) -> list[Entry]:
    """Reports of the batch that may be `this` one's previous year: earlier years only (or a year not
    known), the same unit first, the nearest year first."""
    def earlier(e: Entry) -> bool:
        return e.year is None or this.year is None or e.year < this.year

    out = [e for e in entries if e.id != this.id and earlier(e)]
    return sorted(out, key=lambda e: (e.unit != this.unit or not e.unit, -(e.year or 0), e.name))


def entry_problems(last: Entry, this: Entry) -> list[str]:
    """What speaks against comparing `last` with `this` as the same unit's previous year."""
    out = []
    if last.unit and this.unit and last.unit != this.unit:
        out.append(f"单位不同：上一年度为“{last.unit}”，本年度为“{this.unit}”")
    if last.year is not None and this.year is not None and last.year >= this.year:
        out.append(f"上一年度报告的年度（{last.year}）不早于本年度（{this.year}）")
    return out


def _writable(folder: Path) -> bool:
    import os

    return folder.is_dir() and os.access(folder, os.W_OK)
