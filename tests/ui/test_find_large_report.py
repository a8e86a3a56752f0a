"""The find bar on a long report: typing never waits for a search, highlights are capped."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QObject, Qt, Signal

from fzreview.ui.find_bar import INSTANT_CHARS, MAX_HIGHLIGHT, FindBar


class FakeReport(QObject):
    """The report view's side of the find bar, recording what it is asked to highlight."""

    textChanged = Signal()

    def __init__(self, text):
        super().__init__()
        self.analysis = SimpleNamespace(report=SimpleNamespace(text=text))
        self.highlighted: list[tuple[int, int]] = []
        self.calls = 0
        self.shown = None

    def selection_span(self):
        return (0, 0)

    def set_find_matches(self, spans, current):
        self.highlighted, self.calls = list(spans), self.calls + 1

    def show_span(self, start, end):
        self.shown = (start, end)

    def textCursor(self):
        return SimpleNamespace(selectedText=lambda: "")

    def setFocus(self, *_):
        pass


def _bar(qtbot, text):
    report = FakeReport(text)
    bar = FindBar(report)
    qtbot.addWidget(bar)
    bar.open("")
    return bar, report


def test_typing_in_a_long_report_searches_once_the_typing_pauses(qtbot):
    text = "依法治理，" * (INSTANT_CHARS // 5 + 1000) + "结尾"
    bar, report = _bar(qtbot, text)
    bar.edit.insert("治")
    bar.edit.insert("理")  # the next key comes at once: no search has run in between
    assert report.calls == 0 and bar.edit.text() == "治理"
    assert bar.count.text() == "查找中……"
    qtbot.waitUntil(lambda: report.calls == 1, timeout=3000)
    total = text.count("治理")
    assert bar.count.text() == f"第 1 / {total} 处"
    assert 0 < len(report.highlighted) <= MAX_HIGHLIGHT < total


def test_enter_searches_at_once_when_typing_has_not_paused(qtbot):
    text = "abc " * (INSTANT_CHARS // 4 + 10) + "needle here"
    bar, report = _bar(qtbot, text)
    bar.edit.insert("needle")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert report.shown == (text.index("needle"), text.index("needle") + 6)


def test_a_short_report_is_searched_at_every_keystroke(qtbot):
    bar, report = _bar(qtbot, "依法治理。" * 100)
    bar.edit.insert("治")
    assert report.calls == 1 and bar.count.text() == "第 1 / 100 处"


def test_stepping_far_keeps_the_current_match_highlighted(qtbot):
    text = "ab " * (INSTANT_CHARS // 3 + 10)
    bar, report = _bar(qtbot, text)
    bar.edit.insert("ab")
    bar._flush_search()
    for _ in range(1500):
        bar.current = (bar.current + 1) % len(bar.matches)
    bar.step(1)
    assert report.shown in report.highlighted and len(report.highlighted) <= MAX_HIGHLIGHT
