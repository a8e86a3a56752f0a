"""Review flow: applicable items by default, a verdict key moves on, undo/redo, the find bar."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt


def _applicable(w):
    return [i for i in w.session.analysis.items if i.applicable]


def test_verdict_key_moves_to_the_next_item_and_the_setting_persists(window, make_window, qtbot):
    w = window
    assert w.act_advance.isChecked()  # on by default
    first, second, third = (i.id for i in _applicable(w)[:3])
    w.tree.select_ids([first])
    w.tree.tree.setFocus()
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_2)
    assert w.session.review.verdicts[first].verdict == "partial"
    assert w.tree.selected_ids() == [second]
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_0)  # clearing stays on the item
    assert w.tree.selected_ids() == [second]
    # Several selected: one verdict for all, the selection stays.
    w.tree.select_ids([second, third])
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_3)
    assert w.tree.selected_ids() == [second, third]

    w.act_advance.setChecked(False)
    w.tree.select_ids([first])
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_1)
    assert w.tree.selected_ids() == [first]
    w.settings.sync()
    assert QSettings(w.settings.fileName(), QSettings.Format.IniFormat).value("review/advance") in (False, "false")
    assert not make_window().act_advance.isChecked()  # the next window remembers


def test_verdict_key_in_the_unreviewed_filter_goes_to_the_next_unreviewed(window, qtbot):
    w = window
    w.tree.set_filter("unreviewed")
    shown = w.tree.visible_ids()
    w.tree.select_ids([shown[0]])
    w.tree.tree.setFocus()
    for n in range(3):
        qtbot.keyClick(w.tree.tree, Qt.Key.Key_1)
        assert w.tree.selected_ids() == [shown[n + 1]]
    qtbot.wait(10)
    assert w.tree.visible_ids()[:2] == [shown[3], shown[4]]  # the reviewed ones left the filter
    assert w.tree.filter_box.itemText(4) == f"未审（{len(shown) - 3}）"


def test_counts_progress_and_f8_cover_applicable_items_only(window):
    w = window
    app = _applicable(w)
    not_app = [i for i in w.session.analysis.items if not i.applicable]
    assert not_app
    w.session.set_verdict([i.id for i in app[:-1]], "covered")
    assert w.tree.progress.value() == len(app) - 1 and w.tree.progress.maximum() == len(app)
    w.tree.select_ids([app[0].id])
    w.act_next.trigger()
    assert w.tree.selected_ids() == [app[-1].id]  # not an unreviewed item that does not apply
    w.session.set_verdict([app[-1].id], "covered")
    w.act_next.trigger()
    assert w.statusBar().currentMessage() == "所有义务都已给出审查结论"
    assert w.reviewed_label.text() == f"已审 {len(app)}/{len(app)}"
    # On request, the items that do not apply are counted and stepped through too.
    w.tree.show_all_box.setChecked(True)
    assert w.tree.progress.maximum() == 170
    w.act_next.trigger()
    assert w.tree.selected_ids() and not w.session.analysis.item(w.tree.selected_ids()[0]).applicable


def test_selecting_an_item_that_does_not_apply_shows_them(window):
    w = window
    other = next(i for i in w.session.analysis.items if not i.applicable)
    assert other.id not in w.tree.visible_ids()
    w.tree.select_ids([other.id])
    assert w.tree.show_all_box.isChecked() and w.tree.selected_ids() == [other.id]


def test_undo_and_redo_verdicts_and_notes(window, qtbot):
    w = window
    w.act_advance.setChecked(False)
    a, b = (i.id for i in _applicable(w)[:2])
    v = w.session.review.verdicts
    assert not w.act_undo.isEnabled()
    w.tree.select_ids([a])
    w.tree.tree.setFocus()
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_1)
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_1)  # the same verdict again: nothing to undo
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_3)
    w.item_panel.note.insertPlainText("需补充数据")
    w.item_panel.flush_note()
    w.tree.select_ids([a, b])
    w.tree.tree.setFocus()
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_2)
    assert (v[a].verdict, v[b].verdict, v[a].note) == ("partial", "partial", "需补充数据")
    assert w.undo_stack.count() == 4
    assert w.act_undo.text() == "撤销 2 项 部分符合"

    w.tree.select_ids([a])
    w.tree.tree.setFocus()
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (v[a].verdict, v[b].verdict) == ("missing", None)
    assert w.item_panel.verdict_buttons["missing"].isChecked()
    w.act_undo.trigger()
    assert v[a].note == "" and w.item_panel.note.toPlainText() == ""  # the editor shows it too
    w.act_undo.trigger()
    w.act_undo.trigger()
    assert v[a].verdict is None and not w.act_undo.isEnabled()
    assert w.tree.progress.value() == 0
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    w.act_redo.trigger()
    w.act_redo.trigger()
    assert v[a].verdict == "missing" and v[a].note == "需补充数据"
    assert w.item_panel.note.toPlainText() == "需补充数据"
    w.act_redo.trigger()
    assert (v[a].verdict, v[b].verdict) == ("partial", "partial") and not w.act_redo.isEnabled()
    # A new edit after undo drops the steps that could be redone.
    w.act_undo.trigger()
    w.tree.tree.setFocus()
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_4)
    assert v[a].verdict == "not_applicable" and not w.act_redo.isEnabled()
    assert w.session.dirty


def test_a_new_review_starts_with_nothing_to_undo(window, fresh_review, base_analysis):
    w = window
    w.tree.select_ids([_applicable(w)[0].id])
    w.set_verdict("covered")
    assert w.act_undo.isEnabled()
    w.session.mark_saved("/tmp/x.json")
    w.show_review(fresh_review(), path=None, checklist=base_analysis[1])
    assert not w.act_undo.isEnabled() and w.undo_stack.count() == 0


def test_find_bar_counts_steps_and_wraps(window, qtbot):
    w = window
    text = w.session.analysis.report.text
    word = "行政执法"
    total = text.count(word)
    assert total >= 3
    assert not w.find_bar.isVisible()
    w.activateWindow()
    w.report.setFocus()
    qtbot.keyClick(w.report, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert w.find_bar.isVisible() and w.find_bar.edit.hasFocus()
    w.find_bar.edit.setText(word)
    assert w.find_bar.count.text() == f"第 1 / {total} 处"
    first = text.index(word)
    assert w.report.selection_span() == (first, first + len(word))
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return)
    second = text.index(word, first + 1)
    assert w.report.selection_span() == (second, second + len(word))
    assert w.find_bar.count.text() == f"第 2 / {total} 处"
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # wraps to the last
    last = text.rindex(word)
    assert w.report.selection_span() == (last, last + len(word))
    assert w.find_bar.count.text() == f"第 {total} / {total} 处"
    w.find_bar.act_next.trigger()  # F3
    assert w.report.selection_span() == (first, first + len(word))
    # Every match is highlighted.
    found = [s for s in w.report.extraSelections() if s.format.background().color().name() in ("#ffef6e", "#ff9632")]
    assert len(found) == total
    w.find_bar.edit.setText("没有这句话ABC")
    assert w.find_bar.count.text() == "无匹配" and not w.find_bar.next_button.isEnabled()
    qtbot.keyClick(w.find_bar.edit, Qt.Key.Key_Escape)
    assert not w.find_bar.isVisible()
    assert not any(s.format.background().color().name() == "#ffef6e" for s in w.report.extraSelections())


def test_find_ignores_case_for_latin_letters():
    from fzreview.ui.find_bar import find_all

    assert find_all("PDF 与 pdf，Pdf", "pdf") == [(0, 3), (6, 9), (10, 13)]
    assert find_all("任何文字", "") == []
