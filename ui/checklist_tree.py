"""The checklist tree: 纲要 part → clause → obligation, with filters, search and progress.

Columns: the obligation (icon = automatic status), the automatic status, the
reviewer's verdict (⚠ when the item changed since it was reviewed) and a note
marker (✎). Items that do not apply to the report's level of government, or that
the reviewer marked 不适用, are greyed.
"""

from __future__ import annotations

from html import escape
from typing import cast

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from fzreview.core.analysis import COVERED, MISSING, PARTIAL
from fzreview.core.review import NOT_APPLICABLE, effective_status
from fzreview.ui import status_style as st

ROLE_ID = Qt.ItemDataRole.UserRole + 1  # obligation id (leaf rows only)
ROLE_KIND = Qt.ItemDataRole.UserRole + 2  # "part" | "clause" | "item"
ROLE_SEARCH = Qt.ItemDataRole.UserRole + 3  # lower-case text the search box matches
ROLE_PART = Qt.ItemDataRole.UserRole + 4  # 纲要 part ref (part rows)

COL_TITLE, COL_AUTO, COL_VERDICT, COL_NOTE = range(4)
HEADERS = ("义务", "自动", "结论", "✎")

FILTERS = (
    ("all", "全部"),
    ("missing", "未覆盖"),
    ("partial", "部分覆盖"),
    ("covered", "已覆盖"),
    ("unreviewed", "未审"),
    ("noted", "有备注"),
    ("changed", "审后有变化"),
)
VERDICT_KEYS = {Qt.Key.Key_1: COVERED, Qt.Key.Key_2: PARTIAL, Qt.Key.Key_3: MISSING, Qt.Key.Key_4: NOT_APPLICABLE}


class ChecklistModel(QStandardItemModel):
    def __init__(self, parent=None):
        super().__init__(0, len(HEADERS), parent)
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.session = None
        self._rows: dict[str, QStandardItem] = {}  # id → column-0 item
        self._parts: dict[str, QStandardItem] = {}
        self.in_scope = lambda item: True  # which items a part's n/m counts (set by the panel)
        self.haystacks: dict[str, str] = {}  # id → the lower-case text the search box matches

    def build(self, session) -> None:
        """Fill the model with the session's obligations.

        Each 纲要 part is built and filled while detached, then added in one step:
        the proxy and the view see nine insertions instead of thousands of changes.
        """
        self.removeRows(0, self.rowCount())  # keeps the columns (and the view's header settings)
        self.session = session
        self._rows.clear()
        self._parts.clear()
        self.haystacks.clear()
        if session is None:
            return
        analysis = session.analysis
        part_row = clause_item = None
        part_ref = clause = None
        parts = []
        bold = QFont()
        bold.setBold(True)
        for item in analysis.items:
            if item.part_ref != part_ref or part_row is None:
                part_ref, clause = item.part_ref, None
                title = analysis.part_titles.get(item.part_ref, "")
                part_item = _cell(f"{item.part_ref}、{title}" if title else item.part_ref)
                part_item.setData("part", ROLE_KIND)
                part_item.setData(item.part_ref, ROLE_PART)
                part_item.setFont(bold)
                part_item.setToolTip(part_item.text())
                part_row = [part_item, _cell(""), _cell(""), _cell("")]
                parts.append(part_row)
                self._parts[item.part_ref] = part_item
            if item.clause != clause or clause_item is None:
                clause = item.clause
                clause_item = _cell(item.clause or "（未分条款）")
                clause_item.setData("clause", ROLE_KIND)
                clause_item.setToolTip(item.clause)
                part_row[0].appendRow([clause_item, _cell(""), _cell(""), _cell("")])
            cells = [_cell("") for _ in HEADERS]
            cells[COL_TITLE].setData(item.id, ROLE_ID)
            cells[COL_TITLE].setData("item", ROLE_KIND)
            haystack = " ".join((item.id, item.title, item.clause, session.requirement(item.id)))
            cells[COL_TITLE].setData(haystack.lower(), ROLE_SEARCH)
            self.haystacks[item.id] = haystack.lower()
            clause_item.appendRow(cells)
            self._rows[item.id] = cells[COL_TITLE]
            self._refresh_row(cells[COL_TITLE], item, cells)
        self._refresh_parts(parts)
        for row in parts:
            self.appendRow(row)

    def refresh(self, ids: list[str] | None = None) -> None:
        if self.session is None:
            return
        items = self.session.items_by_id()
        targets = ids if ids is not None else list(self._rows)
        for item_id in targets:
            cell = self._rows.get(item_id)
            item = items.get(item_id)
            if cell is None or item is None:
                continue
            self._refresh_row(cell, item)
        self._refresh_parts()

    def _refresh_row(self, cell: QStandardItem, item, cells: list | None = None) -> None:
        """Show an item's automatic status, verdict and note in its row. `cells`: the row
        just built (detached and empty: what would stay empty is not set)."""
        fresh = cells is not None
        if cells is None:
            parent, row = cell.parent(), cell.row()
            cells = [cell, *(parent.child(row, col) for col in (COL_AUTO, COL_VERDICT, COL_NOTE))]
        v = self.session.verdict(item.id)
        verdict = v.verdict if v else None
        note = v.note if v else ""
        changed = self.session.changed_since_review(item.id)
        muted = effective_status(item, v) is None  # does not apply (level or reviewer)
        grey = QBrush(st.color(None)) if muted else QBrush()

        cell.setText(f"{item.id} {item.title}")
        cell.setIcon(st.status_icon(item.status, muted=muted))
        tip = [f"{item.id} {item.title}", item.clause]
        requirement = self.session.requirement(item.id)
        if requirement:
            tip.append(requirement)
        if not item.applicable:
            tip.append("本项义务不适用于该级政府")
        cell.setToolTip(_plain_tip("\n".join(tip)))
        cell.setForeground(grey)

        auto = cells[COL_AUTO]
        auto.setText(st.status_name(item.status))
        auto.setForeground(QBrush(st.color(item.status, muted=muted)))
        auto.setToolTip((item.why[0] if item.why else "") + ("" if item.applicable else "\n（不适用于该级政府）"))

        vcell = cells[COL_VERDICT]
        vcell.setIcon(st.status_icon(verdict) if verdict else st.status_icon(None))
        if not (fresh and not verdict and not changed):
            vtext = st.verdict_name(verdict) if verdict else ""
            if changed:
                vtext = f"{st.STALE_MARK} {vtext}"
            vcell.setText(vtext)
            vcell.setForeground(QBrush(st.color(verdict)) if verdict else QBrush())
            vcell.setToolTip("审查后自动判断或义务内容有变化，请复核" if changed else "")

        if not (fresh and not note.strip()):
            ncell = cells[COL_NOTE]
            ncell.setText(st.NOTE_MARK if note.strip() else "")
            ncell.setToolTip(_plain_tip(note[:500]) if note.strip() else "")

    def _refresh_parts(self, detached: list | None = None) -> None:
        """Each part's reviewed n/m (`detached`: part rows not yet in the model)."""
        review = self.session.review
        counts: dict[str, list[int]] = {ref: [0, 0] for ref in self._parts}
        for i in self.session.analysis.items:
            if i.part_ref in counts and self.in_scope(i):
                v = review.verdicts.get(i.id)
                counts[i.part_ref][0] += bool(v and v.verdict)
                counts[i.part_ref][1] += 1
        rows = {row[0].data(ROLE_PART): row for row in detached or []}
        for ref, part_item in self._parts.items():
            text = "{}/{}".format(*counts[ref])
            if ref in rows:
                rows[ref][COL_VERDICT].setText(text)
            else:
                parent = part_item.parent() or self.invisibleRootItem()
                cell = parent.child(part_item.row(), COL_VERDICT)
                if cell.text() != text:
                    cell.setText(text)

    def index_of(self, item_id: str) -> QModelIndex:
        cell = self._rows.get(item_id)
        return cell.index() if cell is not None else QModelIndex()

    def part_index(self, ref: str) -> QModelIndex:
        cell = self._parts.get(ref)
        return cell.index() if cell is not None else QModelIndex()

    def ids(self) -> list[str]:
        return list(self._rows)


def _plain_tip(text: str) -> str:
    """A tooltip that shows text literally (Qt would render text that looks like HTML)."""
    return "<p style='white-space:pre-wrap'>" + escape(text) + "</p>"


def _cell(text: str) -> QStandardItem:
    return QStandardItem(text)  # read-only through the view (NoEditTriggers)


class ItemFilterProxy(QSortFilterProxyModel):
    """Filters obligations by status/review state and search text; parents follow their children.

    Filtering again never happens inside a filter change: Qt emits selection and
    layout signals in the middle of `endFilterChange`, and a handler that filtered
    again from there corrupted the proxy's mapping (a segfault). `refilter` called
    while a change is running applies the new state and filters once more right
    after, from the event loop (`filtered` is emitted after every completed pass).
    """

    filtered = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.mode = "all"
        self.text = ""
        self.pinned: set[str] = set()  # the selection stays visible until it changes
        self.scope_all = False  # False: only obligations that apply to the report's level
        self.session = None
        self.changing = False  # inside a filter change: do not filter again now
        self._again = QTimer(self, singleShot=True, interval=0)
        self._again.timeout.connect(self._run_again)

    def refilter(self, change=None) -> None:
        """Apply `change()` (which alters the filter state) and filter the rows again."""
        if self.changing:
            if change is not None:
                change()
            self._again.start()
            return
        self._again.stop()
        self.changing = True
        try:
            if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateFilter() is deprecated there
                self.beginFilterChange()
                if change is not None:
                    change()
                self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
            else:
                if change is not None:
                    change()
                self.invalidateFilter()
        finally:
            self.changing = False
        self.filtered.emit()

    def request_refilter(self) -> None:
        """Filter again from the event loop (from signal handlers)."""
        self._again.start()

    def pending(self) -> bool:
        return self._again.isActive()

    def flush(self) -> None:
        """Run a requested filter pass now, unless a filter change is running."""
        if self._again.isActive() and not self.changing:
            self.refilter()

    def _run_again(self) -> None:
        if self.changing:
            self._again.start()
        else:
            self.refilter()

    def filters(self) -> bool:
        """Whether the filter, the search or the scope hides anything."""
        return self.mode != "all" or bool(self.text) or not self.scope_all

    def in_scope(self, item) -> bool:
        """Counted, filtered and stepped through: applicable items, or all on request."""
        return self.scope_all or item.applicable

    def set_scope_all(self, on: bool) -> None:
        def change():
            self.scope_all = bool(on)
        self.refilter(change)

    def set_mode(self, mode: str) -> None:
        def change():
            self.mode, self.pinned = mode, set()
        self.refilter(change)

    def set_text(self, text: str) -> None:
        def change():
            self.text, self.pinned = text.strip().lower(), set()
        self.refilter(change)

    def set_pinned(self, ids) -> bool:
        """Pin the selection (shown while selected); True when rows must be filtered again."""
        ids = set(ids)
        if ids == self.pinned:
            return False
        dropped, self.pinned = self.pinned - ids, ids
        model = cast(ChecklistModel, self.sourceModel())
        # Only an unpinned row that does not match the filter has to go.
        return any(not self.accepts(i, model.haystacks.get(i, "")) for i in dropped)

    def accepts(self, item_id: str, haystack: str = "") -> bool:
        """Whether an obligation passes the current filter and search."""
        s = self.session
        if s is None:
            return True
        if self.text and not all(word in haystack for word in self.text.split()):
            return False
        item = s.items_by_id().get(item_id)
        if item is not None and not self.in_scope(item):
            return False
        if self.mode == "all":
            return True
        v = s.verdict(item_id)
        if self.mode in (COVERED, PARTIAL, MISSING):
            return item is not None and item.status == self.mode
        if self.mode == "unreviewed":
            return not (v and v.verdict)
        if self.mode == "noted":
            return bool(v and v.note.strip())
        if self.mode == "changed":
            return s.changed_since_review(item_id)
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        if index.data(ROLE_KIND) != "item":
            return not self.filters()  # shown anyway when a child matches
        item_id = index.data(ROLE_ID)
        if item_id in self.pinned:
            return True
        return self.accepts(item_id, index.data(ROLE_SEARCH) or "")


class ItemTreeView(QTreeView):
    """The tree itself: ↑/↓ step through obligations only; 1–4 give a verdict, 0 clears it.

    The verdict keys are normally handled by the main window's shortcuts; the key
    handler here is the fallback when no shortcut took the key press.
    """

    verdictKey = Signal(object)

    def moveCursor(self, action, modifiers):
        index = super().moveCursor(action, modifiers)
        if action not in (QAbstractItemView.CursorAction.MoveUp, QAbstractItemView.CursorAction.MoveDown):
            return index
        current = self.currentIndex()
        seen = 0
        while index.isValid() and index.data(ROLE_KIND) != "item" and seen < 10000:
            seen += 1
            nxt = self.indexBelow(index) if action == QAbstractItemView.CursorAction.MoveDown \
                else self.indexAbove(index)
            if not nxt.isValid():
                return current if current.isValid() and current.data(ROLE_KIND) == "item" else index
            index = nxt
        return index

    def keyPressEvent(self, event):
        if event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            if event.key() in VERDICT_KEYS:
                self.verdictKey.emit(VERDICT_KEYS[event.key()])
                return
            if event.key() == Qt.Key.Key_0:
                self.verdictKey.emit(None)
                return
        super().keyPressEvent(event)


class ChecklistPanel(QWidget):
    """Filter box, search box, review progress and the tree."""

    selectionChanged = Signal(list)  # selected obligation ids, in tree order
    verdictKey = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = None
        self.model = ChecklistModel(self)
        self.proxy = ItemFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.model.in_scope = self.proxy.in_scope

        self.filter_box = QComboBox()
        for key, label in FILTERS:
            self.filter_box.addItem(label, key)
        self.filter_box.setToolTip("按自动判断或审查状态筛选")
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索编号、名称或要求（Ctrl+Shift+F）")
        self.search.setClearButtonEnabled(True)
        self.search.setAcceptDrops(False)  # a dropped file opens instead of pasting its path
        self.progress = QProgressBar()
        self.progress.setFormat("已审 %v / %m")
        self.progress.setTextVisible(True)
        self.progress.setToolTip("已给出审查结论的义务数")
        self.show_all_box = QCheckBox("显示不适用项")
        self.show_all_box.setToolTip("不适用于该级政府的义务默认不列出，也不计入各项统计、进度和“下一项未审”")
        self.coverage = QLabel()
        self.coverage.setToolTip("覆盖率：已覆盖计 1，部分覆盖计 0.5，按适用的义务计算")
        self.shown = QLabel()

        self.tree = ItemTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setIndentation(round(self.fontMetrics().height() * 0.9))
        self.tree.model().setHeaderData(COL_NOTE, Qt.Orientation.Horizontal, "有备注", Qt.ItemDataRole.ToolTipRole)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for col in (COL_AUTO, COL_VERDICT, COL_NOTE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

        top = QHBoxLayout()
        top.addWidget(self.filter_box)
        top.addWidget(self.search, 1)
        stats = QHBoxLayout()
        stats.addWidget(self.progress, 1)
        stats.addWidget(self.coverage)
        bottom = QHBoxLayout()
        bottom.addWidget(self.shown, 1)
        bottom.addWidget(self.show_all_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(stats)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bottom)

        self.filter_box.currentIndexChanged.connect(self._filter_changed)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._search_entered)
        self.show_all_box.toggled.connect(self._scope_changed)
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        self.tree.verdictKey.connect(self.verdictKey)
        self.proxy.filtered.connect(self._after_filter)
        # Work that signal handlers must not do while the model or proxy is changing
        # is queued to the event loop (see ItemFilterProxy).
        self._quiet = 0
        self._selection_later = QTimer(self, singleShot=True, interval=0)
        self._selection_later.timeout.connect(self._selection_settled)
        self._refresh_ids: set[str] = set()
        self._refresh_later = QTimer(self, singleShot=True, interval=0)
        self._refresh_later.timeout.connect(lambda: self.refresh([]))


    # ---------------------------------------------------------- content

    def _busy(self) -> bool:
        return bool(self._quiet) or self.proxy.changing

    def set_session(self, session) -> None:
        self.session = session
        self.proxy.pinned = set()
        self._refresh_ids.clear()
        self.proxy.session = session  # the rows are filtered as they are added: no second pass
        self._quiet += 1
        try:
            self.model.build(session)
        finally:
            self._quiet -= 1
        self._after_filter()

    def refresh(self, ids: list[str]) -> None:
        """Show changed verdicts/notes. Reached from inside a model change, it runs right after."""
        self._refresh_ids.update(ids)
        if self._busy():
            self._refresh_later.start()
            return
        self._refresh_later.stop()
        ids, self._refresh_ids = sorted(self._refresh_ids), set()
        # The proxy re-filters changed rows at once: the selection stays visible until it moves on.
        self.proxy.pinned = set(self.selected_ids())
        self._quiet += 1
        try:
            self.model.refresh(ids)
        finally:
            self._quiet -= 1
        self._settle_selection()
        if self.proxy.mode in ("unreviewed", "noted", "changed"):
            self.proxy.refilter()
        self.update_stats()

    def _after_filter(self) -> None:
        self._settle_selection()  # the panels follow the selection the filter left
        self.tree.expandAll()
        self.update_stats()

    def _settle_selection(self) -> None:
        if self._selection_later.isActive() and not self._busy():
            self._selection_settled()

    def update_stats(self) -> None:
        s = self.session
        if s is None:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.coverage.setText("")
            self.shown.setText("")
            return
        review = s.review
        scope = self.scope_items()
        total = len(scope)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(sum(1 for i in scope if (v := s.verdict(i.id)) is not None and v.verdict))
        auto = s.analysis.summary()
        eff = review.summary()
        self.coverage.setText(f"覆盖率 {auto['coverage'] * 100:.1f}%（自动） · {eff['coverage'] * 100:.1f}%（审查后）")
        counts = self._filter_counts()
        for n, (key, label) in enumerate(FILTERS):
            self.filter_box.setItemText(n, f"{label}（{counts[key]}）")
        shown = sum(1 for i in scope if self.proxy.accepts(i.id, self._haystack(i.id)))
        self.shown.setText(f"显示 {shown} / {total} 项")
        left_out = len(s.analysis.items) - total
        self.show_all_box.setText(f"显示不适用项（{left_out}）" if left_out or self.proxy.scope_all
                                  else "显示不适用项")

    def scope_items(self) -> list:
        """The obligations that are counted, filtered and stepped through, in checklist order."""
        if self.session is None:
            return []
        return [i for i in self.session.analysis.items if self.proxy.in_scope(i)]

    def in_scope(self, item) -> bool:
        return self.proxy.in_scope(item)

    def _haystack(self, item_id: str) -> str:
        return self.model.haystacks.get(item_id, "")

    def _filter_counts(self) -> dict[str, int]:
        s = self.session
        counts = {key: 0 for key, _ in FILTERS}
        for item in self.scope_items():
            v = s.verdict(item.id)
            counts["all"] += 1
            counts[item.status] = counts.get(item.status, 0) + 1
            if not (v and v.verdict):
                counts["unreviewed"] += 1
            if v and v.note.strip():
                counts["noted"] += 1
            if s.changed_since_review(item.id):
                counts["changed"] += 1
        return counts

    # ---------------------------------------------------------- filter and search

    def set_filter(self, mode: str) -> None:
        n = next(i for i, (key, _) in enumerate(FILTERS) if key == mode)
        self.filter_box.setCurrentIndex(n)

    def filter_mode(self) -> str:
        return self.proxy.mode

    def _filter_changed(self, n: int) -> None:
        self.proxy.set_mode(FILTERS[n][0])
        self.proxy.pinned = set(self.selected_ids())  # what is still selected is visible
        self._keep_current_in_view()

    def _scope_changed(self, on: bool) -> None:
        self.proxy.set_scope_all(on)
        self.refresh([])  # the parts' n/m
        self._keep_current_in_view()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self.proxy.pinned = set(self.selected_ids())
        self._keep_current_in_view()

    def _keep_current_in_view(self) -> None:
        current = self.tree.currentIndex()
        if current.isValid():
            self.tree.scrollTo(current, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _search_entered(self) -> None:
        """Enter in the search box: go to the first match."""
        ids = self.visible_ids()
        if ids:
            if not set(self.selected_ids()) & set(ids):
                self.select_ids(ids[:1], reveal=False)
            self.tree.setFocus()

    def visible_ids(self) -> list[str]:
        """Obligation ids currently shown, in tree order (after any pending filter pass)."""
        self.settle()
        out = []

        def walk(parent: QModelIndex):
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                if index.data(ROLE_KIND) == "item":
                    out.append(index.data(ROLE_ID))
                walk(index)

        walk(QModelIndex())
        return out

    # ---------------------------------------------------------- selection

    def selected_ids(self) -> list[str]:
        rows = self.tree.selectionModel().selectedRows(0)
        ids = {r.data(ROLE_ID) for r in rows if r.data(ROLE_KIND) == "item"}
        return [i for i in self.model.ids() if i in ids]

    def select_ids(self, ids: list[str], *, reveal: bool = True) -> None:
        """Select obligations; if the filter hides them, clear the filter and search first."""
        if not ids:
            self.tree.clearSelection()
            return
        if reveal and self.session is not None and not self.proxy.scope_all and any(
                (item := self.session.analysis.item(i)) is not None and not item.applicable for i in ids):
            self.show_all_box.setChecked(True)
        if reveal and any(not self.proxy.mapFromSource(self.model.index_of(i)).isValid() for i in ids):
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.proxy.set_text("")
            self.set_filter("all")
        selection = QItemSelection()
        first = None
        for item_id in ids:
            index = self.proxy.mapFromSource(self.model.index_of(item_id))
            if not index.isValid():
                continue
            first = first or index
            selection.select(index, index.siblingAtColumn(len(HEADERS) - 1))
        if first is None:
            return
        sm = self.tree.selectionModel()
        sm.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        sm.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
                  | QItemSelectionModel.SelectionFlag.Rows)
        self.tree.scrollTo(first)

    def reveal_part(self, ref: str) -> None:
        index = self.proxy.mapFromSource(self.model.part_index(ref))
        if index.isValid():
            self.tree.expand(index)
            self.tree.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)

    def _selection_changed(self, *_args) -> None:
        # Qt also reports selection changes from inside a filter or model change; never
        # act on them there (that re-entered the proxy and crashed): handle them right after.
        if self._busy():
            self._selection_later.start()
            return
        self._selection_settled()

    def _selection_settled(self) -> None:
        if self._busy():
            self._selection_later.start()
            return
        self._selection_later.stop()
        ids = self.selected_ids()
        # The selection stays visible while selected; items that no longer match go
        # with the next filter pass, queued (never run from a selection handler).
        if self.proxy.set_pinned(ids):
            self.proxy.request_refilter()
        self.selectionChanged.emit(ids)

    def settle(self) -> None:
        """Run queued selection, refresh and filter work now (when no change is running)."""
        if self._busy():
            return
        self._settle_selection()
        if self._refresh_later.isActive():
            self.refresh([])
        self.proxy.flush()

    def next_visible(self, item_id: str) -> str | None:
        """The obligation shown below `item_id` (None at the end or when it is not shown)."""
        ids = self.visible_ids()
        if item_id not in ids:
            return None
        k = ids.index(item_id) + 1
        return ids[k] if k < len(ids) else None

    def select_first(self) -> None:
        ids = self.visible_ids()
        if ids:
            self.select_ids(ids[:1], reveal=False)
