"""The main window: opening files, the three panes, saving, export, and never losing work.

Layout: the checklist tree (left), the report text with the evidence highlighted
and the obligations a clicked sentence supports (centre), and tabs with the
selected obligation and the whole-report summary (right). Before anything is
open, a welcome page with the recent files.
"""

from __future__ import annotations

import logging
import os
from html import escape
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from fzreview.core.analysis import COVERED, MISSING, PARTIAL, best_evidence
from fzreview.core.facts import effective_facts
from fzreview.core.review import NOT_APPLICABLE, VERDICT_NAMES
from fzreview.ui import dialogs, import_hook, tasks
from fzreview.ui import status_style as st
from fzreview.ui.autosave import Autosaver, RecoveryStore
from fzreview.ui.checklist_tree import ChecklistPanel
from fzreview.ui.facts_panel import FactsPanel
from fzreview.ui.find_bar import FindBar
from fzreview.ui.item_panel import ItemPanel
from fzreview.ui.recent_files import RecentFiles, open_settings
from fzreview.ui.report_view import ReportView, items_at
from fzreview.ui.review_lock import ReviewLock, claim_for_opening, claim_for_saving
from fzreview.ui.review_session import ReviewSession
from fzreview.ui.summary_panel import SummaryPanel
from fzreview.ui.undo import ReviewEdits, make_stack, undo_actions
from fzreview.ui.workers import TaskRunner

log = logging.getLogger(__name__)

APP_NAME = "法治报告审查台"
OPEN_FILTERS = ("报告或审查文件 (*.txt *.docx *.pdf *.html *.htm *.ofd *.doc *.wps *.json);;"
                "报告 (*.txt *.docx *.pdf *.html *.htm *.ofd *.doc *.wps);;"
                "审查文件 (*.json);;所有文件 (*)")
REVIEW_FILTER = "审查文件 (*.json)"
PDF_FILTER = "PDF 文件 (*.pdf)"
DOCX_FILTER = "Word 文档 (*.docx)"
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
CSV_FILTER = "CSV 文件，UTF-8 (*.csv)"
READ_ONLY_MESSAGE = "只读打开：这份审查正由另一个窗口或程序打开，不能在这里修改。要修改请“另存为”新文件。"
VERDICT_SHORTCUTS = ((COVERED, "1"), (PARTIAL, "2"), (MISSING, "3"), (NOT_APPLICABLE, "4"))
ROLE_ITEM_ID = Qt.ItemDataRole.UserRole + 1


def _setting_bool(value) -> bool:
    """A QSettings value as a bool (INI files give back the strings "true"/"false")."""
    return value.lower() not in ("false", "0", "") if isinstance(value, str) else bool(value)


class MainWindow(QMainWindow):
    def __init__(self, *, settings=None, recovery_dir: str | os.PathLike | None = None,
                 autosave_debounce_ms: int = 1000, autosave_interval_ms: int = 60000, parent=None):
        super().__init__(parent)
        self.settings = settings if settings is not None else open_settings()
        self.recent = RecentFiles(self.settings)
        self.store = RecoveryStore(recovery_dir)
        self.autosaver = Autosaver(self.store, debounce_ms=autosave_debounce_ms,
                                   interval_ms=autosave_interval_ms, parent=self)
        self.tasks = TaskRunner(self)
        self.session: ReviewSession | None = None
        self._loading = False
        self._quiet_reanalysis = False  # the running re-analysis follows a correction of the facts
        self._keep_view = False
        self._prompt_revision: int | None = None
        self.start_maximized = False  # set for small screens; run_gui then shows it maximized
        self._split_done = False

        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._connect()
        self._fill_recent()
        self._update_actions()
        self._size_for_screen()

    # ================================================================ construction

    def _build_widgets(self) -> None:
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.welcome = self._build_welcome()
        self.stack.addWidget(self.welcome)

        self.tree = ChecklistPanel()
        self.report = ReportView()
        self.report_header = QLabel()
        self.report_header.setWordWrap(True)
        self.report_header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentence_list = QListWidget()
        self.sentence_list.setWordWrap(True)
        em = self.fontMetrics().height()
        self.sentence_list.setIconSize(QSize(em, em))
        self.sentence_box = QGroupBox("所选句子支持的义务")
        self.sentence_box.setToolTip("在报告中单击一句话，这里列出以它为依据的义务；单击条目选中该义务")
        QVBoxLayout(self.sentence_box).addWidget(self.sentence_list)
        self._set_sentence_placeholder("在报告中单击一句话，查看它支持哪些义务。")

        centre = QWidget()
        cl = QVBoxLayout(centre)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.report_header)
        self.ocr_banner = QLabel()  # a report read from a scanned PDF: say so above its text
        self.ocr_banner.setObjectName("ocrBanner")
        self.ocr_banner.setWordWrap(True)
        self.ocr_banner.setStyleSheet("#ocrBanner { background: #fff4ce; color: #5c4400; border: 1px solid #e0c060;"
                                      " border-radius: 3px; padding: 4px 8px; }")
        self.ocr_banner.setVisible(False)
        cl.addWidget(self.ocr_banner)
        self.find_bar = FindBar(self.report)
        cl.addWidget(self.find_bar)
        self.centre_split = QSplitter(Qt.Orientation.Vertical)
        self.centre_split.addWidget(self.report)
        self.centre_split.addWidget(self.sentence_box)
        self.centre_split.setStretchFactor(0, 5)
        self.centre_split.setStretchFactor(1, 1)
        self.centre_split.setChildrenCollapsible(False)
        cl.addWidget(self.centre_split, 1)

        self.item_panel = ItemPanel()
        self.summary = SummaryPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.item_panel, "义务详情")
        self.tabs.addTab(self.summary, "总体情况")
        self.facts_panel = FactsPanel()
        self.tabs.addTab(self.facts_panel, "报告信息")
        self.facts_panel.correctionsRequested.connect(self.apply_corrections)
        self.facts_panel.spanRequested.connect(self.report.show_span)

        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(self.tree)
        self.main_split.addWidget(centre)
        self.main_split.addWidget(self.tabs)
        for n, stretch in enumerate((32, 38, 30)):
            self.main_split.setStretchFactor(n, stretch)
        self.main_split.setChildrenCollapsible(False)
        self.review_page = QWidget()
        rl = QVBoxLayout(self.review_page)
        rl.setContentsMargins(4, 4, 4, 0)
        rl.addWidget(self.main_split)
        self.stack.addWidget(self.review_page)

        self.busy_bar = QProgressBar()
        self.busy_bar.setMaximumWidth(self.fontMetrics().horizontalAdvance("国") * 14)
        self.busy_bar.setVisible(False)
        self.reviewed_label = QLabel()
        self.autosave_label = QLabel()
        self.autosave_label.setToolTip("未保存的修改会在两秒内写入恢复文件；程序意外退出后，下次启动时可以恢复")
        self.statusBar().addPermanentWidget(self.busy_bar)
        self.statusBar().addPermanentWidget(self.autosave_label)
        self.statusBar().addPermanentWidget(self.reviewed_label)

    def _build_welcome(self) -> QWidget:
        page = QWidget()
        outer = QHBoxLayout(page)
        box = QWidget()
        box.setMaximumWidth(self.fontMetrics().horizontalAdvance("国") * 46)
        v = QVBoxLayout(box)
        title = QLabel(APP_NAME)
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.8)
        f.setBold(True)
        title.setFont(f)
        sub = QLabel("对照《法治政府建设实施纲要（2021－2025年）》的 170 项义务，"
                     "审查地方政府法治政府建设年度报告。")
        sub.setWordWrap(True)
        self.welcome_open = QPushButton("打开报告或审查文件…")
        self.welcome_open.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        hint = QLabel("支持 .txt .docx .pdf .html .ofd 报告和保存的审查文件（.json）；也可以把文件拖到窗口中。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: gray")
        self.recent_list = QListWidget()
        self.recent_list.setToolTip("单击打开")
        v.addStretch(1)
        v.addWidget(title)
        v.addWidget(sub)
        v.addSpacing(self.fontMetrics().height())
        v.addWidget(self.welcome_open)
        v.addWidget(hint)
        v.addSpacing(self.fontMetrics().height())
        v.addWidget(QLabel("最近打开："))
        v.addWidget(self.recent_list, 2)
        v.addStretch(1)
        outer.addStretch(1)
        outer.addWidget(box, 4)
        outer.addStretch(1)
        return page

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda *_: slot())
        return action

    def _build_actions(self) -> None:
        self.act_open = self._action("打开…", self.open_dialog, QKeySequence.StandardKey.Open,
                                     "打开报告（.txt .docx .pdf .html .ofd）或保存的审查文件")
        self.act_save = self._action("保存审查", self.save, QKeySequence.StandardKey.Save, "保存审查文件（Ctrl+S）")
        self.act_save_as = self._action("另存为…", self.save_as, "Ctrl+Shift+S", "把审查保存到另一个文件")
        self.act_reanalyse = self._action("重新分析", self.reanalyse, "F5",
                                          "用当前的清单和程序重新分析报告；审查结论和备注保持不变")
        self.act_pdf = self._action("导出 PDF…", self.export_pdf, None, "导出审查意见 PDF")
        self.act_docx = self._action("导出 Word…", self.export_docx, None,
                                     "导出审查意见 Word 文档（.docx），可在 WPS 或 Word 中修改、盖章")
        self.act_table = self._action("导出条目表…", self.export_table, None, "把逐项结果导出为 Excel 或 CSV 表格")
        self.act_print = self._action("打印…", self.print_table, QKeySequence.StandardKey.Print, "打印审查意见")
        self.act_recover = self._action("恢复未保存的审查…", self.offer_recovery_or_tell)
        self.act_quit = self._action("退出", self.close, QKeySequence.StandardKey.Quit)
        self.verdict_actions: dict[str | None, QAction] = {}
        for verdict, key in VERDICT_SHORTCUTS:
            action = self._action(VERDICT_NAMES[verdict], lambda v=verdict: self.set_verdict(v, by_key=True), key,
                                  f"把所选义务的审查结论设为“{VERDICT_NAMES[verdict]}”")
            action.setIcon(st.status_icon(verdict))
            self.verdict_actions[verdict] = action
        self.verdict_actions[None] = self._action("清除结论", lambda: self.set_verdict(None), "0")
        self.act_next = self._action("下一项未审", self.next_unreviewed, "F8", "跳到下一项还没有结论的义务")
        self.act_find = self._action("查找义务", self.focus_search, "Ctrl+Shift+F",
                                     "在左侧列表中按编号、名称或要求查找义务")
        self.act_advance = QAction("给出结论后跳到下一项", self, checkable=True)
        self.act_advance.setStatusTip("按 1–4 给出结论后自动选中列表中的下一项义务")
        self.act_advance.setChecked(_setting_bool(self.settings.value("review/advance", True)))
        self.act_advance.toggled.connect(lambda on: self.settings.setValue("review/advance", on))
        self.undo_stack = make_stack(self)
        self.edits = ReviewEdits(self.undo_stack)
        self.act_undo, self.act_redo = undo_actions(self, self.undo_stack, before=self.item_panel.flush_note)
        self.act_about = self._action("关于", self.about)
        for action in (*self.verdict_actions.values(), self.act_next, self.act_find, self.act_undo,
                       self.act_redo, self.find_bar.act_open, self.find_bar.act_next, self.find_bar.act_prev):
            self.addAction(action)  # shortcuts work wherever the focus is, except in text fields

    def _build_menus(self) -> None:
        m = self.menuBar().addMenu("文件(&F)")
        m.addAction(self.act_open)
        self.recent_menu = m.addMenu("最近打开")
        from fzreview.ui.batch_view import BatchController

        self.batch = BatchController(self)  # 审查批次: a folder of reports (ui/batch_view.py)
        m.addSeparator()
        for a in (self.batch.act_new, self.batch.act_open, self.batch.act_back):
            m.addAction(a)
        m.addSeparator()
        for a in (self.act_save, self.act_save_as, self.act_reanalyse):
            m.addAction(a)
        m.addSeparator()
        for a in (self.act_pdf, self.act_docx, self.act_table, self.act_print):
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.act_recover)
        m.addSeparator()
        m.addAction(self.act_quit)
        e = self.menuBar().addMenu("编辑(&E)")
        for a in (self.act_undo, self.act_redo, None, self.find_bar.act_open, self.find_bar.act_next,
                  self.find_bar.act_prev, self.act_find):
            e.addSeparator() if a is None else e.addAction(a)
        r = self.menuBar().addMenu("审查(&R)")
        for a in self.verdict_actions.values():
            r.addAction(a)
        r.addSeparator()
        r.addAction(self.act_next)
        r.addAction(self.act_advance)
        h = self.menuBar().addMenu("帮助(&H)")
        h.addAction(self.act_about)

        tb = QToolBar("工具栏")
        tb.setObjectName("main_toolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.act_open, self.act_save, self.act_reanalyse, self.act_pdf, self.act_docx, self.act_table,
                  self.act_print):
            tb.addAction(a)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tb.addWidget(spacer)
        tb.addWidget(QLabel("审查人："))
        self.reviewer_edit = QLineEdit()
        self.reviewer_edit.setPlaceholderText("填写姓名")
        self.reviewer_edit.setAcceptDrops(False)  # a dropped file opens instead of pasting its path
        self.reviewer_edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("国") * 10)
        tb.addWidget(self.reviewer_edit)
        self.addToolBar(tb)
        self.toolbar = tb

    def _connect(self) -> None:
        self.welcome_open.clicked.connect(self.open_dialog)
        self.recent_list.itemClicked.connect(lambda row: self.open_path(row.data(Qt.ItemDataRole.UserRole)))
        self.tree.selectionChanged.connect(self._on_selection)
        self.tree.verdictKey.connect(lambda verdict: self.set_verdict(verdict, by_key=True))
        self.item_panel.verdictChosen.connect(self.set_verdict)
        self.item_panel.noteEdited.connect(self._note_edited)
        self.item_panel.evidenceActivated.connect(self.report.show_span)
        self.report.clickedAt.connect(self.show_sentence)
        self.sentence_list.itemClicked.connect(self._sentence_item_clicked)
        self.summary.spanActivated.connect(self.report.show_span)
        self.summary.partActivated.connect(self.tree.reveal_part)
        self.reviewer_edit.editingFinished.connect(self._commit_reviewer)
        self.autosaver.saved.connect(self._autosaved)
        self.autosaver.failed.connect(self.autosave_label.setText)
        self.stack.currentChanged.connect(self._page_changed)
        # after undo_actions' own handlers: no step is offered while the review is hidden
        self.undo_stack.canUndoChanged.connect(self._update_undo)
        self.undo_stack.canRedoChanged.connect(self._update_undo)

    def _size_for_screen(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty() and self.restoreGeometry(geometry):
            return
        screen = self.screen()
        avail = screen.availableGeometry() if screen is not None else None
        if avail is None or avail.width() < 100:
            self.resize(1280, 760)
            return
        em = self.fontMetrics().height()
        if avail.width() < em * 90 or avail.height() < em * 52:
            # A laptop screen (e.g. 1366×768): three panes need all of it.
            self.setGeometry(avail)
            self.start_maximized = True
            return
        w = min(max(em * 90, int(avail.width() * 0.85)), em * 120)
        h = min(max(em * 52, int(avail.height() * 0.85)), em * 70)
        self.resize(w, h)
        self.move(avail.left() + (avail.width() - w) // 2, avail.top() + (avail.height() - h) // 2)

    def _split_sizes(self) -> None:
        width = self.main_split.width() or self.width()
        self.main_split.setSizes([int(width * 0.32), int(width * 0.38), int(width * 0.30)])
        height = self.centre_split.height() or self.height()
        self.centre_split.setSizes([int(height * 0.8), int(height * 0.2)])
        self.item_panel.default_sizes()
        saved = self.settings.value("window/splitter")
        if isinstance(saved, QByteArray) and not saved.isEmpty():
            self.main_split.restoreState(saved)

    # ================================================================ state display

    def _review_shown(self) -> bool:
        """A review is open and on screen (not hidden behind the batch list)."""
        return self.session is not None and self.stack.currentWidget() is self.review_page

    def _page_changed(self, _index: int) -> None:
        """Leaving the review (for the batch list): its undo steps go with it, so Ctrl+Z there can never
        change a review that is not on screen. The review page only comes back through show_review,
        which starts a fresh stack anyway."""
        if self.stack.currentWidget() is not self.review_page:
            self.undo_stack.clear()
            self.find_bar.close_bar()
        self._update_status()
        self._update_actions()

    def _update_undo(self, *_args) -> None:
        shown = self._review_shown()
        self.act_undo.setEnabled(shown and self.undo_stack.canUndo())
        self.act_redo.setEnabled(shown and self.undo_stack.canRedo())

    def _update_actions(self) -> None:
        # Actions on the open review act only while it is shown: on the batch list the toolbar's exports,
        # save, undo and the verdict keys would touch a report that is not the selected row.
        has = self._review_shown()
        busy = self._loading
        for a in (self.act_save, self.act_save_as, self.act_pdf, self.act_docx, self.act_table, self.act_print,
                  self.act_next, self.act_find, self.find_bar.act_open, self.find_bar.act_next,
                  self.find_bar.act_prev):
            a.setEnabled(has)
        self.act_reanalyse.setEnabled(has and not busy)
        if not has and getattr(self, "batch", None) is not None and self.batch.selected_report() is not None:
            for a in (self.act_pdf, self.act_docx):  # on the list: the selected row's report
                a.setEnabled(not busy)
        self.act_open.setEnabled(not busy)
        self.welcome_open.setEnabled(not busy)
        self._update_undo()
        self._apply_read_only()

    def _apply_read_only(self) -> None:
        """A review another window has open is shown read-only: no verdicts, notes or reviewer."""
        has = self._review_shown()
        writable = has and self.session is not None and not self.session.read_only
        for a in self.verdict_actions.values():
            a.setEnabled(writable)
        self.reviewer_edit.setEnabled(writable)
        self.item_panel.set_read_only(has and not writable)
        self._update_title()

    def _update_title(self) -> None:
        if self.session is not None and not self._review_shown():
            return  # the batch list names the batch (BatchController.show)
        if self.session is None:
            self.setWindowTitle(APP_NAME)
            self.setWindowModified(False)
            return
        saved = Path(self.session.path).name if self.session.path else (
            "审查批次" if self.batch.owns_session() else "未保存")
        if self.session.read_only:
            saved += "，只读"
        self.setWindowTitle(f"{self.session.display_name()}（{saved}）[*] — {APP_NAME}")
        self.setWindowModified(self.session.dirty)

    def _autosaved(self, _path: str) -> None:
        from datetime import datetime

        self.autosave_label.setText(f"已自动保存 {datetime.now():%H:%M:%S}")

    def _update_status(self) -> None:
        s = self.session
        if s is None or not self._review_shown():
            self.reviewed_label.setText("")
            return
        scope = self.tree.scope_items()
        done = sum(1 for i in scope if s.review.verdicts[i.id].verdict)
        self.reviewed_label.setText(f"已审 {done}/{len(scope)}")

    def _set_busy(self, message: str | None) -> None:
        self._loading = message is not None
        self.busy_bar.setVisible(self._loading)
        if message:
            self.busy_bar.setRange(0, 0)
            self.statusBar().showMessage(message)
        else:
            self.statusBar().clearMessage()
        self._update_actions()

    def _progress(self, done: int, total: int, message: str = "") -> None:
        if message:
            self.statusBar().showMessage(message)
        self.busy_bar.setRange(0, max(total, 1))
        self.busy_bar.setValue(done)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        self.recent_list.clear()
        paths = self.recent.paths()
        for path in paths:
            exists = os.path.exists(path)
            action = self.recent_menu.addAction(path if exists else f"{path}（文件不存在）")
            action.triggered.connect(lambda *_a, p=path: self.open_path(p))
            row = QListWidgetItem(f"{Path(path).name}　—　{Path(path).parent}")
            row.setData(Qt.ItemDataRole.UserRole, path)
            row.setToolTip(path)
            if not exists:
                row.setForeground(st.color(None))
            self.recent_list.addItem(row)
        if not paths:
            self.recent_menu.addAction("（无）").setEnabled(False)
            self.recent_list.addItem("（还没有打开过文件）")
            self.recent_list.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("清除列表", self._clear_recent)

    def _clear_recent(self) -> None:
        self.recent.clear()
        self._fill_recent()

    # ================================================================ opening

    def prewarm(self) -> None:
        """After start-up: load the analysis modules, jieba and the checklist on a worker
        thread, so that opening the first report runs nothing of that on the UI thread."""
        if import_hook.install():
            self.tasks.start(tasks.prewarm, on_done=lambda _r: None,
                             on_fail=lambda message: log.warning("prewarm failed: %s", message))

    def open_dialog(self) -> None:
        start = str(self.settings.value("paths/open_dir", "") or Path.home())
        path = dialogs.open_file(self, "打开报告或审查文件", start, OPEN_FILTERS)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        """Open a report (analysed in the background) or a saved review. False if not started."""
        if not path:
            return False
        if self.batch.accepts(path):
            return self.batch.open_any(path)
        if self._loading:
            self.statusBar().showMessage("正在处理另一个文件，请稍候……", 5000)
            return False
        if not self._maybe_save("打开其他文件前，是否保存当前的审查？"):
            return False
        self._prompt_revision = self.session.revision if self.session else None
        name = Path(path).name
        self._set_busy(f"正在打开 {name}……" if tasks.is_review_file(path) else f"正在读取并分析 {name}……")
        reviewer = str(self.settings.value("reviewer/name", "") or "")
        tasks.preload(*tasks.ANALYSIS_MODULES)
        self.tasks.start(tasks.open_file, str(path), reviewer,
                         on_done=self._opened, on_fail=lambda msg, p=path: self._open_failed(p, msg),
                         on_progress=self._progress)
        return True

    def _opened(self, opened: tasks.Opened) -> None:
        self._set_busy(None)
        if self.session is not None and self.session.dirty and self.session.revision != self._prompt_revision:
            # The reviewer kept working while the file was loading: ask again.
            if not self._maybe_save("新文件已打开完毕。替换当前审查前，是否保存？"):
                self.statusBar().showMessage("已取消打开", 5000)
                return
        lock, read_only = None, False
        if opened.review_path:
            if self.session is not None and self.session.lock is not None \
                    and self.session.lock.path == os.path.abspath(opened.review_path):
                self.session.lock.release()  # reopening the file this window has: it is replaced
            claimed = claim_for_opening(self, os.path.abspath(opened.review_path))
            if claimed is None:
                self.statusBar().showMessage("已取消打开", 5000)
                return
            lock, read_only = claimed
        try:
            self.show_review(opened.review, path=opened.review_path, checklist=opened.checklist,
                             lock=lock, read_only=read_only, stamp=opened.stamp, select_first=False)
        except Exception as exc:
            log.exception("could not show %s", opened.source_path)
            dialogs.error(self, "无法显示", f"文件已读取，但无法显示（{type(exc).__name__}：{exc}）。")
            return
        # The first item is selected (and the report scrolled to it) in the next turn of the
        # event loop: the window repaints in between instead of stalling for both.
        self._loading = True
        QTimer.singleShot(0, lambda s=self.session, p=opened.source_path: self._finish_open(s, p))
        if opened.checklist is None:
            self.statusBar().showMessage("找不到该审查所用的清单，义务的要求原文无法显示。", 10000)
        else:
            self.statusBar().showMessage(f"已打开 {Path(opened.source_path).name}", 5000)

    def _finish_open(self, session, path: str) -> None:
        self._loading = False
        if session is self.session and session is not None:
            keep = self.tabs.currentWidget()
            self.tree.select_first()
            self.tree.tree.setFocus()
            if keep is self.facts_panel:  # e.g. not a report: show_review put its facts in front
                self.tabs.setCurrentWidget(keep)
        self._update_actions()
        self._remember_opened(path)

    def _remember_opened(self, path: str) -> None:
        self.recent.add(path)
        self.settings.setValue("paths/open_dir", str(Path(path).parent))
        self._fill_recent()

    def _open_failed(self, path: str, message: str) -> None:
        self._set_busy(None)
        dialogs.error(self, "无法打开文件", f"{Path(path).name}\n\n{message}")

    def show_review(self, review, *, path: str | None, checklist, token: str | None = None,
                    dirty: bool = False, lock=None, read_only: bool = False, stamp=None,
                    select_first: bool = True) -> None:
        """Show a review in the window, replacing the current one (already confirmed).

        `lock` (ui.review_lock.ReviewLock) is held on `path` while the review is shown;
        `read_only` when another window has the file; `stamp` the file as it was read.
        """
        self.item_panel.flush_note()
        if self.session is not None:
            self.autosaver.discard()
            self.autosaver.release()
            if self.session.lock is not None and self.session.lock is not lock:
                self.session.lock.release()
            self.session.deleteLater()
        session = ReviewSession(review, path=path, checklist=checklist, recovery_token=token,
                                dirty=dirty, parent=self)
        session.lock, session.read_only, session.disk_stamp = lock, read_only, stamp
        self.session = session
        self.undo_stack.clear()
        session.itemsChanged.connect(self._items_changed)
        session.dirtyChanged.connect(lambda _d: self._update_title())
        self._show_session()
        self.autosaver.attach(session)
        self.stack.setCurrentWidget(self.review_page)
        if not self._split_done:
            self._split_sizes()  # once: later files keep the reviewer's pane sizes
            self._split_done = True
        if select_first:
            self.tree.select_first()
            self.tree.tree.setFocus()
        self._update_actions()
        wrong = [f for f in review.analysis.findings if f.kind == "not_a_report"]
        if wrong:  # the wrong file: say so where the report's facts are, not only among the findings
            self.tabs.setCurrentWidget(self.facts_panel)
            self.statusBar().showMessage(wrong[0].message, 15000)

    def _show_session(self) -> None:
        s = self.session
        assert s is not None
        self.tree.set_session(s)
        self.report.set_analysis(s.analysis)
        self.summary.set_session(s)
        self.facts_panel.set_session(s)
        self.item_panel.show_items(s, [])
        self.reviewer_edit.setText(s.review.reviewer)
        r = s.analysis.report
        source = Path(r.path).name if r.path else ""
        facts = effective_facts(s.review)
        extra = "　".join(str(x) for x in (facts.unit.value, f"{facts.year.value} 年度" if facts.year.value else "",
                                      source if source != s.display_name() else "") if x)
        notice = r.ocr_notice()
        # The OCR note has its own banner below; the other reading notes stay in the header.
        notes = [w for w in r.warnings if not (notice and w.startswith("本报告文字由扫描件识别"))]
        warn = f"<br><span style='color:#b26a00'>{escape('；'.join(notes))}</span>" if notes else ""
        self.report_header.setText(
            f"<b>{escape(s.display_name())}</b>　<span style='color:gray'>{escape(extra)}</span>{warn}")
        self.ocr_banner.setText(f"⚠ {notice}" if notice else "")
        self.ocr_banner.setVisible(bool(notice))
        self._set_sentence_placeholder("在报告中单击一句话，查看它支持哪些义务。")
        self._update_status()

    # ================================================================ dropping files

    @staticmethod
    def _drop_path(mime) -> str | None:
        if mime is None or not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and url.toLocalFile():
                return url.toLocalFile()
        return None

    def dragEnterEvent(self, event):
        if self._drop_path(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event):
        self.dragEnterEvent(event)

    def dropEvent(self, event):
        if self.handle_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def handle_drop(self, mime) -> bool:
        """Open the first local file of a drop (after the drop event has returned)."""
        path = self._drop_path(mime)
        if not path:
            return False
        QTimer.singleShot(0, lambda: self.open_path(path))
        return True

    # ================================================================ reviewing

    def _on_selection(self, ids: list[str]) -> None:
        s = self.session
        if s is None:
            return
        items = [i for i in (s.analysis.item(x) for x in ids) if i is not None]
        self.item_panel.show_items(s, items)
        self.report.set_selected(items)
        if items:
            self.tabs.setCurrentWidget(self.item_panel)
        ev = best_evidence(items[0]) if len(items) == 1 else None
        if ev is not None and not self._keep_view:
            self.report.show_span(ev.start, ev.end)
        else:  # no evidence to show: do not leave the previous item's passage selected
            self.report.clear_selection()

    def set_verdict(self, verdict: str | None, *, by_key: bool = False) -> None:
        """Give the selected obligations a verdict (undoable). A verdict key (1–4) on one
        obligation then selects the next one shown, when 给出结论后跳到下一项 is on."""
        if self.session is None:
            return
        ids = self.tree.selected_ids()
        if not ids:
            on_group = self.tree.tree.currentIndex().isValid()
            self.statusBar().showMessage(
                "请选择具体义务项（分组行不能给出结论）" if on_group else "请先在左侧列表中选择义务", 4000)
            return
        if self.session.read_only:
            self.statusBar().showMessage(READ_ONLY_MESSAGE, 6000)
            return
        self.item_panel.flush_note()
        changed = self.edits.set_verdict(self.session, ids, verdict)
        if changed:
            what = VERDICT_NAMES.get(verdict, "未审") if verdict else "未审（已清除）"
            self.statusBar().showMessage(f"{len(changed)} 项义务的结论：{what}", 3000)
        if by_key and verdict is not None and len(ids) == 1 and self.act_advance.isChecked():
            following = self.tree.next_visible(ids[0])
            if following is not None:
                self.tree.select_ids([following], reveal=False)

    def _note_edited(self, ids: list[str], text: str) -> None:
        if self.session is not None and not self.session.read_only:
            self.edits.set_note(self.session, ids, text)

    def _items_changed(self, ids: list[str]) -> None:
        self.tree.refresh(ids)
        self.item_panel.refresh()
        self.summary.refresh()
        self._update_status()
        self._update_title()

    def _commit_reviewer(self) -> None:
        if self.session is not None:
            name = self.reviewer_edit.text().strip()
            self.session.set_reviewer(name)
            if name:
                self.settings.setValue("reviewer/name", name)

    def focus_search(self) -> None:
        if self.session is not None:
            self.tree.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.tree.search.selectAll()

    def next_unreviewed(self) -> None:
        s = self.session
        if s is None:
            return
        order = [i.id for i in self.tree.scope_items()]  # applicable ones, unless 显示不适用项
        current = self.tree.selected_ids()
        start = order.index(current[-1]) + 1 if current and current[-1] in order else 0
        for item_id in order[start:] + order[:start]:
            v = s.verdict(item_id)
            if not (v and v.verdict):
                self.tree.select_ids([item_id])
                self.tree.tree.setFocus()
                return
        self.statusBar().showMessage("所有义务都已给出审查结论", 5000)

    def _set_sentence_placeholder(self, text: str) -> None:
        self.sentence_list.clear()
        row = QListWidgetItem(text)
        row.setFlags(Qt.ItemFlag.NoItemFlags)
        self.sentence_list.addItem(row)
        self.sentence_box.setTitle("所选句子支持的义务")

    def show_sentence(self, offset: int) -> list[str]:
        """List the obligations whose evidence includes the sentence at `offset`."""
        s = self.session
        if s is None:
            return []
        self.report.highlight_sentence(offset)
        hits = items_at(s.analysis, offset)
        if not hits:
            self._set_sentence_placeholder("这句话不是任何义务的依据。")
            return []
        self.sentence_list.clear()
        self.sentence_box.setTitle(f"所选句子支持的义务（{len(hits)} 项）")
        for item, _ev in hits:
            v = s.verdict(item.id)
            verdict = f"　结论：{st.verdict_name(v.verdict)}" if v and v.verdict else ""
            na = "（不适用）" if not item.applicable else ""
            row = QListWidgetItem(st.status_icon(item.status, muted=not item.applicable),
                                  f"{item.id} {item.title}{na}　{st.status_name(item.status)}{verdict}")
            row.setData(ROLE_ITEM_ID, item.id)
            row.setToolTip("单击选中这项义务")
            self.sentence_list.addItem(row)
        return [item.id for item, _ in hits]

    def _sentence_item_clicked(self, row: QListWidgetItem) -> None:
        item_id = row.data(ROLE_ITEM_ID)
        if not item_id:
            return
        self._keep_view = True  # stay at the sentence the reviewer is reading
        try:
            self.tree.select_ids([item_id])
        finally:
            self._keep_view = False

    # ================================================================ saving

    def _maybe_save(self, question: str) -> bool:
        """True when the current review may be replaced/closed (saved, or the reviewer said so)."""
        self.item_panel.flush_note()
        self._commit_reviewer()
        if self.session is None or not self.session.dirty:
            return True
        choice = dialogs.choose(
            self, "保存审查", f"“{self.session.display_name()}”的审查有未保存的修改。{question}",
            [("save", "保存"), ("dont_save", "不保存"), ("cancel", "取消")], default="save", escape="cancel")
        if choice == "save":
            return self.save()
        return choice == "dont_save"

    def _default_path(self, suffix: str) -> str:
        s = self.session
        assert s is not None  # only called with a review open
        r = s.analysis.report
        if s.path:
            base = Path(s.path)
            stem = base.name[: -len(".fzreview.json")] if base.name.endswith(".fzreview.json") else base.stem
            folder = base.parent
        else:
            src = Path(r.path) if r.path else Path("审查")
            stem = src.stem or "审查"
            folder = src.parent if r.path and src.parent.is_dir() else Path(
                str(self.settings.value("paths/save_dir", "") or Path.home()))
        return str(folder / f"{stem}{suffix}")

    def save(self) -> bool:
        if self.session is None:
            return False
        if self.batch.owns_session():
            return self.batch.save_session()
        if self.session.path and not self.session.read_only:
            return self._save_to(self.session.path)
        return self.save_as()

    def save_as(self) -> bool:
        if self.session is None:
            return False
        path, _ = dialogs.save_file(self, "保存审查文件", self._default_path(".fzreview.json"), REVIEW_FILTER)
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
        return self._save_to(path)

    def _save_to(self, path: str) -> bool:
        from fzreview.core.disk_stamp import DiskStamp
        from fzreview.core.review import save_review

        self.item_panel.flush_note()
        self._commit_reviewer()
        s = self.session
        assert s is not None  # saving is enabled only with a review open
        verdict, lock = claim_for_saving(self, s, path)  # never overwrite another window's work
        if verdict == "save_as":
            return self.save_as()
        if verdict != "ok":
            return False
        try:
            save_review(s.review, path)
        except OSError as exc:
            if lock is not None:
                lock.release()
            dialogs.error(self, "保存失败", f"无法保存审查文件：{path}\n{exc.strerror or exc}\n\n"
                                           "审查内容仍在自动恢复文件中，请换一个位置保存。")
            return False
        if lock is not None:
            if s.lock is not None:
                s.lock.release()
            s.lock = lock
        s.disk_stamp = DiskStamp.of(path)
        if s.read_only:
            s.read_only = False
            self._apply_read_only()
        s.mark_saved(path)
        self.autosaver.discard()
        self.autosave_label.setText("")
        self.recent.add(path)
        self.settings.setValue("paths/save_dir", str(Path(path).parent))
        self._fill_recent()
        self._update_title()
        self.statusBar().showMessage(f"已保存：{path}", 5000)
        return True

    # ================================================================ re-analysis

    def apply_corrections(self, changes: dict) -> bool:
        """The reviewer corrected the report's facts: keep them in the review and re-analyse."""
        from fzreview.core.facts import CorrectionError

        s = self.session
        if s is None or self._loading:
            return False
        try:
            changed = s.set_corrections(changes)
        except CorrectionError as exc:
            dialogs.error(self, "报告信息有误", str(exc))
            self.facts_panel.refresh()
            return False
        self.facts_panel.refresh()
        if not changed:
            return False
        self.autosaver.schedule()
        self._update_title()
        self._quiet_reanalysis = True
        return self.reanalyse()

    def reanalyse(self) -> bool:
        s = self.session
        if s is None or self._loading:
            return False
        self.item_panel.flush_note()
        r = s.analysis.report
        corrections = dict(s.review.corrections)
        self._set_busy("正在重新分析……")
        tasks.preload(*tasks.ANALYSIS_MODULES)
        self.tasks.start(tasks.reanalyse, r.path, r.sha256, r.text, s.analysis.checklist_id, corrections,
                         s.review.checklist_yaml,
                         on_done=lambda result, sess=s: self._reanalysed(sess, result),
                         on_fail=self._reanalyse_failed, on_progress=self._progress)
        return True

    def _reanalyse_failed(self, message: str) -> None:
        self._set_busy(None)
        self._quiet_reanalysis = False
        dialogs.error(self, "重新分析失败", f"{message}\n\n当前的审查没有改动。")

    def _reanalysed(self, session: ReviewSession, result: tasks.Reanalysed) -> None:
        self._set_busy(None)
        if self.session is None or self.session is not session:
            return
        selected = self.tree.selected_ids()
        tab = self.tabs.currentWidget()  # e.g. 报告信息 after 应用更正: the reviewer stays there
        flagged = session.reanalysed(result.analysis, result.checklist)
        self.undo_stack.clear()  # the steps were made against the previous analysis
        self._show_session()
        if selected:
            self.tree.select_ids(selected)
        else:
            self.tree.select_first()
        self.tabs.setCurrentWidget(tab)
        self.autosaver.schedule()
        self._update_title()
        changed = sum(1 for i in session.analysis.items if session.changed_since_review(i.id))
        lines = ["重新分析完成，审查结论和备注都已保留。"]
        if result.from_embedded_text:
            lines.append("没有找到报告原文件，已按审查文件中保存的报告文字重新分析。")
        elif result.report_changed:
            lines.append("报告文件在上次分析后有改动，已按新的内容分析。")
        if flagged:
            lines.append(f"{len(flagged)} 项义务的内容有变化，需要复核。")
        if changed:
            lines.append(f"共 {changed} 项已审义务的自动判断或内容有变化，已标记 {st.STALE_MARK}"
                         "（可用“审后有变化”筛选）。")
        if self._quiet_reanalysis:  # after a correction of the report's facts: no dialog
            self._quiet_reanalysis = False
            applicable = sum(1 for i in session.analysis.items if i.applicable)
            self.statusBar().showMessage(f"已按更正后的报告信息重新分析：适用义务 {applicable} 项。", 8000)
            return
        dialogs.info(self, "重新分析", "\n".join(lines))

    # ================================================================ export and print

    def export_pdf(self) -> bool:
        return self._export_assessment("pdf")

    def export_docx(self) -> bool:
        return self._export_assessment("docx")

    def _export_assessment(self, kind: str) -> bool:
        """Export the assessment as PDF or Word on a worker thread."""
        if not self._review_shown():
            return self.batch.export_report(kind)  # the batch list: its selected row, if any
        s = self.session
        if s is None or self._loading:
            return False
        from fzreview.core.review import Review

        name, suffix, filt = ("PDF", ".pdf", PDF_FILTER) if kind == "pdf" else ("Word", ".docx", DOCX_FILTER)
        self.item_panel.flush_note()
        self._commit_reviewer()
        path, _ = dialogs.save_file(self, f"导出审查意见 {name}", self._default_path(f"-审查意见{suffix}"), filt)
        if not path:
            return False
        if not path.lower().endswith(suffix):
            path += suffix
        snapshot = Review.from_dict(s.review.to_dict())  # the worker must not see later edits
        self._set_busy(f"正在导出 {name}……")
        if kind == "pdf":
            tasks.preload(*tasks.PDF_MODULES)
            task = tasks.export_pdf
        else:
            tasks.preload(*tasks.DOCX_MODULES)
            task = tasks.export_docx
        # A report of a batch gets the comparison with the same unit's previous report, if held.
        self.tasks.start(task, snapshot, path, self.batch.previous_year(),
                         on_done=lambda result, p=path, n=name: self._exported(p, n, result),
                         on_fail=lambda message, n=name: self._export_failed(n, message))
        return True

    def _exported(self, path: str, name: str, pages: int | None) -> None:
        self._set_busy(None)
        extra = f"（{pages} 页）" if pages else ""
        self.statusBar().showMessage(f"已导出审查意见 {name}：{path}{extra}", 8000)

    def _export_failed(self, name: str, message: str) -> None:
        self._set_busy(None)
        dialogs.error(self, f"导出 {name} 失败", message)

    def export_table(self) -> bool:
        s = self.session
        if s is None:
            return False
        from fzreview.core.table_export import write_table

        self.item_panel.flush_note()
        path, chosen = dialogs.save_file(self, "导出条目表", self._default_path("-条目表.xlsx"),
                                         f"{XLSX_FILTER};;{CSV_FILTER}")
        if not path:
            return False
        if Path(path).suffix.lower() not in (".xlsx", ".csv"):
            path += ".csv" if chosen == CSV_FILTER else ".xlsx"
        try:
            n = write_table(s.review, path)
        except OSError as exc:
            dialogs.error(self, "导出失败", f"无法写出文件：{path}\n{exc.strerror or exc}")
            return False
        self.statusBar().showMessage(f"已导出条目表：{path}（{n} 项）", 8000)
        return True

    def print_table(self) -> bool:
        if self.session is None:
            return False
        from fzreview.ui.printing import print_review

        self.item_panel.flush_note()
        try:
            return print_review(self, self.session.review)
        except Exception as exc:
            log.exception("printing failed")
            dialogs.error(self, "打印失败", f"无法打印（{type(exc).__name__}：{exc}）。")
            return False

    # ================================================================ recovery and closing

    def offer_recovery(self) -> bool:
        """Offer to restore reviews left behind by a crash. True if one was restored."""
        for entry in self.store.entries():
            # Only the window that can take the review's lock offers its recovery: another
            # window or process that has (or is restoring) the review opens it read-only.
            lock = self._recovery_review_lock(entry)
            if lock is False:
                continue
            claim = self.store.lock_for(entry.token)  # no other process offers it meanwhile
            if not claim.acquire():
                self._release_unless_current(lock)
                continue
            choice = dialogs.choose(
                self, "恢复未保存的审查", "审查台上次没有正常关闭，发现一份未保存的审查。是否恢复？",
                [("restore", "恢复"), ("discard", "丢弃"), ("later", "暂不处理")],
                default="restore", escape="later", informative=entry.describe())
            claim.release()  # the autosaver takes it again for a restored review
            if choice == "discard":
                self._release_unless_current(lock)
                self.store.remove(entry.token)
                continue
            if choice != "restore" or not self._maybe_save("恢复之前，是否保存当前的审查？"):
                self._release_unless_current(lock)
                if choice != "restore":
                    continue
                return False
            from fzreview.core.review import ReviewFileError

            try:
                review = self.store.load(entry)
            except ReviewFileError as exc:
                self._release_unless_current(lock)
                dialogs.error(self, "无法恢复", f"{exc}\n\n恢复文件保留在：{entry.path}")
                continue
            if entry.batch_path and entry.batch_report is not None and \
                    self.batch.restore_report(entry.batch_path, entry.batch_report, review, entry.token):
                self._release_unless_current(lock)
                self.statusBar().showMessage("已恢复未保存的审查（审查批次中的报告），请保存（Ctrl+S 存入批次）。", 10000)
                return True
            path = entry.review_path if lock is not None else None
            self.show_review(review, path=path, checklist=review.checklist(), token=entry.token, dirty=True,
                             lock=lock, stamp=entry.review_stamp)
            self.statusBar().showMessage("已恢复未保存的审查，请保存。", 10000)
            return True
        return False

    def _recovery_review_lock(self, entry):
        """The lock on the review a recovery file belongs to: this window's own when it
        shows that review, a newly taken one, None for an unsaved review, or False when
        another window or process holds it."""
        if not entry.review_path:
            return None
        path = os.path.abspath(entry.review_path)
        s = self.session
        if s is not None and s.path and os.path.abspath(s.path) == path and s.lock is not None and s.lock.held():
            return s.lock
        lock = ReviewLock(path)
        return lock if lock.acquire() else False

    def _release_unless_current(self, lock) -> None:
        if lock and (self.session is None or lock is not self.session.lock):
            lock.release()

    def offer_recovery_or_tell(self) -> None:
        if not self.store.entries():
            dialogs.info(self, "恢复未保存的审查", "没有需要恢复的审查。")
            return
        self.offer_recovery()

    def closeEvent(self, event):
        if not self._maybe_save("关闭前是否保存？"):
            event.ignore()
            return
        self.autosaver.discard()
        self.autosaver.release()
        if self.session is not None and self.session.lock is not None:
            self.session.lock.release()
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self.stack.currentWidget() is self.review_page:
            self.settings.setValue("window/splitter", self.main_split.saveState())
        self.settings.sync()
        self.batch.close()  # stops a batch analysis between reports; finished ones are kept
        self.tasks.wait(15000)
        event.accept()

    def about(self) -> None:
        dialogs.info(self, f"关于{APP_NAME}",
                     f"{APP_NAME}\n\n对照《法治政府建设实施纲要（2021－2025年）》审查法治政府建设年度报告。\n\n"
                     "快捷键（焦点在义务列表时）：↑/↓ 逐项浏览；1 符合、2 部分符合、3 不符合、4 不适用、0 清除；"
                     "F8 下一项未审；Ctrl+Z 撤销，Ctrl+Y 重做；Ctrl+F 在报告中查找（F3 下一个）；"
                     "Ctrl+Shift+F 查找义务；Ctrl+S 保存。")
