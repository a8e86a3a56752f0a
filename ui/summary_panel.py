"""The whole-report view: coverage per 纲要 part (a drawn stacked bar chart), the
report's required parts S-01…S-07, and the findings. Each entry is clickable: a
part reveals its obligations in the tree, a report part or finding shows its text.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from fzreview.core.analysis import (
    COVERED,
    FINDING_NAMES,
    MISSING,
    PART_NAMES,
    PARTIAL,
    SEVERITY_NAMES,
    problem_findings,
    structure_state,
)
from fzreview.core.checklist import LEVEL_NAMES, short_name
from fzreview.core.facts import effective_facts
from fzreview.ui import status_style as st

ROLE_SPAN = Qt.ItemDataRole.UserRole + 1
SEVERITY_STATUS = {"info": None, "warning": PARTIAL, "error": MISSING}


class CoverageChart(QWidget):
    """Horizontal stacked bars: covered / partial / missing share of each part's applicable items."""

    partClicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.parts: list[dict] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_parts(self, parts: list[dict]) -> None:
        self.parts = parts
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return round(self.fontMetrics().height() * 2.5)  # a title line, then the bar

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.horizontalAdvance("国") * 28, self._row_height() * len(self.parts) + fm.height() * 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("国") * 16, self.sizeHint().height())

    def row_at(self, y: float) -> int:
        n = int(y // self._row_height())
        return n if 0 <= n < len(self.parts) else -1

    def paintEvent(self, _event):
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        rh = self._row_height()
        line = fm.height()
        pct_w = fm.horizontalAdvance("100%") + fm.horizontalAdvance("国")
        bar_w = max(10.0, self.width() - pct_w - 2)
        text_color = self.palette().text().color()
        for n, part in enumerate(self.parts):
            y = n * rh
            label = f"{part['ref']}、{part['title']}"
            p.setPen(text_color)
            p.drawText(QRectF(0, y, self.width(), line), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       fm.elidedText(label, Qt.TextElideMode.ElideRight, self.width()))
            bar = QRectF(1, y + line * 1.15, bar_w, line * 0.95)
            total = part["applicable"]
            if total:
                x = bar.left()
                for status in (COVERED, PARTIAL, MISSING):
                    w = bar.width() * part[status] / total
                    if w > 0:
                        p.fillRect(QRectF(x, bar.top(), w, bar.height()), st.color(status))
                    x += w
                pct = f"{part['coverage'] * 100:.0f}%"
            else:
                p.fillRect(bar, st.color(None).lighter(140))
                pct = "不适用"
            p.setPen(QPen(self.palette().mid().color()))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(bar)
            p.setPen(text_color)
            p.drawText(QRectF(bar.right(), bar.top() - line, pct_w, bar.height() + 2 * line),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, pct)
        # Legend
        y = len(self.parts) * rh
        x = 0.0
        for status in (COVERED, PARTIAL, MISSING):
            box = QRectF(x, y + line * 0.5, line * 0.8, line * 0.8)
            p.fillRect(box, st.color(status))
            p.setPen(text_color)
            name = st.status_name(status)
            p.drawText(QRectF(box.right() + line * 0.3, y, fm.horizontalAdvance(name) + line, line * 1.8),
                       Qt.AlignmentFlag.AlignVCenter, name)
            x = box.right() + fm.horizontalAdvance(name) + fm.horizontalAdvance("国国")
        p.end()

    def mouseReleaseEvent(self, event):
        n = self.row_at(event.position().y())
        if n >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.partClicked.emit(self.parts[n]["ref"])

    def event(self, event):
        if event.type() == QEvent.Type.ToolTip:
            n = self.row_at(event.pos().y())
            if n >= 0:
                part = self.parts[n]
                QToolTip.showText(event.globalPos(),
                                  f"{part['ref']}、{part['title']}\n适用 {part['applicable']} 项：已覆盖 {part[COVERED]}，"
                                  f"部分覆盖 {part[PARTIAL]}，未覆盖 {part[MISSING]}\n点击在列表中查看", self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


class ContentList(QListWidget):
    """A list as tall as its content (it lives in a scroll area), wrapping long lines."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        em = self.fontMetrics().height()
        self.setIconSize(QSize(em, em))

    def sizeHint(self) -> QSize:
        h = sum(self.sizeHintForRow(i) for i in range(self.count())) + 2 * self.frameWidth() + 4
        return QSize(super().sizeHint().width(), max(h, self.fontMetrics().height() * 2))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.doItemsLayout()
        self.updateGeometry()


class SummaryPanel(QScrollArea):
    spanActivated = Signal(int, int)
    partActivated = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = CoverageChart()
        self.structure = ContentList()
        self.findings = ContentList()
        chart_box = self.chart_box = QGroupBox("按纲要部分的覆盖情况（计入审查结论）")
        QVBoxLayout(chart_box).addWidget(self.chart)
        self.structure_box = QGroupBox("报告结构（必备部分）")
        QVBoxLayout(self.structure_box).addWidget(self.structure)
        self.findings_box = QGroupBox("发现的问题")
        QVBoxLayout(self.findings_box).addWidget(self.findings)
        layout = QVBoxLayout(body)
        layout.addWidget(self.headline)
        layout.addWidget(chart_box)
        layout.addWidget(self.structure_box)
        layout.addWidget(self.findings_box)
        layout.addStretch(1)
        self.setWidget(body)

        self.chart.partClicked.connect(self.partActivated)
        self.structure.itemClicked.connect(self._clicked)
        self.findings.itemClicked.connect(self._clicked)
        self.structure.itemActivated.connect(self._clicked)
        self.findings.itemActivated.connect(self._clicked)
        self.session = None

    def set_session(self, session) -> None:
        self.session = session
        self._fill_structure()
        self._fill_findings()
        self.refresh()

    def refresh(self) -> None:
        s = self.session
        if s is None:
            self.headline.setText("")
            self.chart.set_parts([])
            return
        a = s.analysis
        auto = a.summary()
        eff = s.review.summary()
        self.chart_box.setTitle(f"按{short_name(a.checklist_title)}部分的覆盖情况（计入审查结论）")
        r = a.report
        facts = effective_facts(s.review)
        mark = lambda f: "（更正）" if f.corrected else ""
        level = LEVEL_NAMES.get(str(facts.level.value or ""), "未识别")
        meta = "　".join((
            f"单位：{facts.unit.value or '未识别'}{mark(facts.unit)}",
            f"年度：{facts.year.value or '未识别'}{mark(facts.year)}",
            f"层级：{level}{mark(facts.level)}"))
        self.headline.setText(
            f"<b>{escape(s.display_name())}</b><br>{escape(meta)}<br>"
            f"清单：{escape(a.checklist_title)}<br>"
            f"自动判断：适用 {auto['applicable']} 项，已覆盖 {auto[COVERED]}、部分覆盖 {auto[PARTIAL]}、"
            f"未覆盖 {auto[MISSING]}，覆盖率 <b>{auto['coverage'] * 100:.1f}%</b><br>"
            f"计入审查结论：已审 {eff['reviewed']}/{eff['total']} 项，覆盖率 <b>{eff['coverage'] * 100:.1f}%</b>"
            + ("" if not r.warnings else "<br><span style='color:#b26a00'>读取提示："
               + escape("；".join(r.warnings)) + "</span>"))
        self.chart.set_parts([p for p in eff["parts"]])

    def _fill_structure(self) -> None:
        self.structure.clear()
        s = self.session
        if s is None:
            return
        for part in s.analysis.structure:
            name = PART_NAMES.get(part.id, "") if part.kind == "content" else part.title
            state = structure_state(part)[1]
            mark = "✓" if state == "ok" else ("？" if state == "check" else "✗")
            optional = "" if part.mandatory else "（非必备）"
            text = f"{mark} {part.id} {name or part.title}{optional}"
            if part.detail:
                text += f"\n{part.detail}"
            row = QListWidgetItem(text)
            row.setIcon(st.status_icon({"ok": COVERED, "missing": MISSING, "check": PARTIAL}.get(
                state, "not_applicable")))
            row.setToolTip(part.title + ("\n点击在报告中查看" if part.start is not None else ""))
            if part.start is not None and part.end is not None:
                row.setData(ROLE_SPAN, (part.start, part.end))
            self.structure.addItem(row)
        self.structure.updateGeometry()

    def _fill_findings(self) -> None:
        self.findings.clear()
        s = self.session
        if s is None:
            return
        problems = problem_findings(s.analysis.findings)
        findings = problems + [f for f in s.analysis.findings if f not in problems]
        hints = len(findings) - len(problems)
        self.findings_box.setTitle(f"发现的问题（{len(problems)} 条）" + (f"，另有提示 {hints} 条" if hints else ""))
        if not findings:
            row = QListWidgetItem("未发现问题。")
            row.setFlags(Qt.ItemFlag.NoItemFlags)
            self.findings.addItem(row)
        for f in findings:
            kind = FINDING_NAMES.get(f.kind, f.kind)
            row = QListWidgetItem(f"[{SEVERITY_NAMES.get(f.severity, f.severity)}·{kind}] {f.message}")
            status = SEVERITY_STATUS.get(f.severity)
            row.setIcon(st.status_icon(status or COVERED, muted=status is None))
            if f.start is not None and f.end is not None:
                row.setData(ROLE_SPAN, (f.start, f.end))
                row.setToolTip("点击在报告中查看")
            self.findings.addItem(row)
        self.findings.updateGeometry()

    def _clicked(self, row: QListWidgetItem) -> None:
        span = row.data(ROLE_SPAN)
        if span:
            self.spanActivated.emit(int(span[0]), int(span[1]))
