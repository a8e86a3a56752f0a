"""Reviewing: selecting, verdict keys, bulk edits, notes, filters, search, the text view."""

from __future__ import annotations

from PySide6.QtCore import Qt


def _first_with_evidence(w, status="covered"):
    return next(i for i in w.session.analysis.items if i.status == status and i.evidence and i.applicable)


def test_select_item_scrolls_report_to_its_evidence(window):
    w = window
    item = next(i for i in reversed(w.session.analysis.items) if i.evidence)  # far down the text
    w.tree.select_ids([item.id])
    ev = item.evidence[0]
    cursor = w.report.textCursor()
    assert cursor.selectionStart() == w.report.map.to_qt(ev.start)
    assert cursor.selectionEnd() == w.report.map.to_qt(ev.end)
    rect = w.report.cursorRect(cursor)
    assert w.report.viewport().rect().contains(rect.center())
    # The panel lists all of the evidence and shows the requirement.
    assert w.item_panel.evidence.count() == len(item.evidence)
    assert w.session.requirement(item.id) in w.item_panel.info.toPlainText()


def test_item_without_evidence_leaves_no_stale_selection(window):
    w = window
    with_ev = next(i for i in w.session.analysis.items if i.evidence)
    without = next(i for i in w.session.analysis.items if not i.evidence)
    w.tree.select_ids([with_ev.id])
    assert w.report.textCursor().hasSelection()
    w.tree.select_ids([without.id])
    assert not w.report.textCursor().hasSelection()


def test_clicking_evidence_in_the_panel_jumps_to_it(window):
    w = window
    item = next(i for i in w.session.analysis.items if len(i.evidence) >= 3)
    w.tree.select_ids([item.id])
    w.item_panel.activate_evidence(2)
    assert w.report.selection_span() == (item.evidence[2].start, item.evidence[2].end)


def _applicable(w):
    return [i for i in w.session.analysis.items if i.applicable]


def test_verdict_keys_1_to_4_and_0(window, qtbot):
    w = window
    w.act_advance.setChecked(False)  # stay on the item (the key moving on is tested below)
    item_id = _applicable(w)[0].id
    w.tree.select_ids([item_id])
    w.tree.tree.setFocus()
    expected = {Qt.Key.Key_1: "covered", Qt.Key.Key_2: "partial", Qt.Key.Key_3: "missing",
                Qt.Key.Key_4: "not_applicable"}
    for key, verdict in expected.items():
        qtbot.keyClick(w.tree.tree, key)
        assert w.session.review.verdicts[item_id].verdict == verdict
        assert w.item_panel.verdict_buttons[verdict].isChecked()
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_0)
    assert w.session.review.verdicts[item_id].verdict is None
    assert w.session.dirty


def test_arrow_keys_step_through_obligations_only(window, qtbot):
    w = window
    ids = [i.id for i in w.session.analysis.items]
    w.tree.select_ids([ids[0]])
    w.tree.tree.setFocus()
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_Down)  # skips the part and clause rows in between
    assert w.tree.selected_ids() == [ids[1]]
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_Up)
    assert w.tree.selected_ids() == [ids[0]]


def test_verdict_keys_do_not_fire_while_typing_a_note(window, qtbot):
    w = window
    item_id = w.session.analysis.items[0].id
    w.tree.select_ids([item_id])
    w.item_panel.note.setFocus()
    qtbot.keyClicks(w.item_panel.note, "see 1 2 3 4")  # QTest types ASCII only
    w.item_panel.flush_note()
    v = w.session.review.verdicts[item_id]
    assert v.verdict is None
    assert v.note == "see 1 2 3 4"


def test_bulk_verdict_and_note_on_multiselection(window, qtbot):
    w = window
    ids = [i.id for i in w.session.analysis.items[3:7]]
    w.tree.select_ids(ids)
    assert w.tree.selected_ids() == ids
    w.tree.tree.setFocus()
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_3)
    assert all(w.session.review.verdicts[i].verdict == "missing" for i in ids)
    w.item_panel.note.insertPlainText("统一备注")  # as typed through an input method
    w.item_panel.flush_note()
    assert all(w.session.review.verdicts[i].note == "统一备注" for i in ids)
    assert w.tree.progress.value() == len(ids)
    assert "已选 4 项" in w.item_panel.info.toPlainText()


def test_note_is_saved_to_the_review_after_typing(window, qtbot):
    w = window
    item_id = w.session.analysis.items[1].id
    w.tree.select_ids([item_id])
    qtbot.keyClicks(w.item_panel.note, "check ")
    w.item_panel.note.insertPlainText("数据需核实")
    qtbot.waitUntil(lambda: w.session.review.verdicts[item_id].note == "check 数据需核实", timeout=5000)
    # Moving to another item keeps the note with the item it was typed for.
    w.tree.select_ids([w.session.analysis.items[2].id])
    assert w.item_panel.note.toPlainText() == ""
    w.tree.select_ids([item_id])
    assert w.item_panel.note.toPlainText() == "check 数据需核实"
    note_cell = w.tree.model.index_of(item_id).siblingAtColumn(3)
    assert note_cell.data() == "✎"


def test_filter_missing_shows_only_missing_items(window):
    w = window
    w.tree.set_filter("missing")
    shown = w.tree.visible_ids()
    missing = [i.id for i in _applicable(w) if i.status == "missing"]
    assert shown == missing and shown
    assert w.tree.filter_box.itemText(1) == f"未覆盖（{len(missing)}）"
    assert w.tree.shown.text() == f"显示 {len(missing)} / {len(_applicable(w))} 项"
    w.tree.set_filter("covered")
    assert all(w.session.analysis.item(i).status == "covered" for i in w.tree.visible_ids())
    w.tree.set_filter("all")
    assert len(w.tree.visible_ids()) == len(_applicable(w))
    # 显示不适用项: the filter and its count take in every obligation.
    w.tree.show_all_box.setChecked(True)
    w.tree.set_filter("missing")
    all_missing = [i.id for i in w.session.analysis.items if i.status == "missing"]
    assert w.tree.visible_ids() == all_missing and len(all_missing) > len(missing)
    assert w.tree.filter_box.itemText(1) == f"未覆盖（{len(all_missing)}）"


def test_review_state_filters(window):
    w = window
    a, b = _applicable(w)[0].id, _applicable(w)[1].id
    w.session.set_verdict([a], "covered")
    w.session.set_note([b], "待核")
    w.tree.set_filter("unreviewed")
    assert a not in w.tree.visible_ids() and len(w.tree.visible_ids()) == len(_applicable(w)) - 1
    w.tree.set_filter("noted")
    assert w.tree.visible_ids() == [b]
    w.tree.set_filter("changed")
    assert w.tree.visible_ids() == []


def test_search_matches_id_title_and_requirement(window):
    w = window
    item = _applicable(w)[10]
    w.tree.search.setText(item.id.lower())
    assert w.tree.visible_ids() == [item.id]
    w.tree.search.setText(item.title)
    assert item.id in w.tree.visible_ids()
    requirement = w.session.requirement(item.id)
    phrase = requirement[5:15]
    w.tree.search.setText(phrase)
    assert item.id in w.tree.visible_ids()
    assert all(phrase.lower() in w.tree._haystack(i) for i in w.tree.visible_ids())
    w.tree.search.setText("没有这样的义务xyz")
    assert w.tree.visible_ids() == []


def test_ctrl_f_focuses_search(window, qtbot):
    w = window
    w.activateWindow()
    w.tree.tree.setFocus()
    w.act_find.trigger()
    assert w.tree.search.hasFocus() or w.focusWidget() is w.tree.search


def test_clicking_a_sentence_lists_the_obligations_it_supports(window):
    w = window
    item = _first_with_evidence(w)
    ev = item.evidence[0]
    ids = w.show_sentence(ev.start + 1)
    assert item.id in ids
    assert w.sentence_list.count() == len(ids)
    row = next(w.sentence_list.item(n) for n in range(w.sentence_list.count())
               if w.sentence_list.item(n).text().startswith(item.id))
    w.tree.select_ids([w.session.analysis.items[-1].id])
    w._sentence_item_clicked(row)
    assert w.tree.selected_ids() == [item.id]


def test_selecting_from_sentence_list_clears_a_hiding_filter(window):
    w = window
    item = _first_with_evidence(w)
    w.tree.set_filter("missing")
    w.show_sentence(item.evidence[0].start)
    row = next(w.sentence_list.item(n) for n in range(w.sentence_list.count())
               if w.sentence_list.item(n).text().startswith(item.id))
    w._sentence_item_clicked(row)
    assert w.tree.filter_mode() == "all"
    assert w.tree.selected_ids() == [item.id]


def test_summary_panel_parts_structure_and_findings(window):
    w = window
    chart = w.summary.chart
    assert [p["ref"] for p in chart.parts] == list(dict.fromkeys(i.part_ref for i in w.session.analysis.items))
    struct = w.session.analysis.structure
    assert w.summary.structure.count() == len(struct)
    present = next(n for n, s in enumerate(struct) if s.present and s.start is not None)
    w.summary._clicked(w.summary.structure.item(present))
    assert w.report.selection_span() == (struct[present].start, struct[present].end)
    # Coverage after review follows the verdicts.
    before = w.session.review.summary()["coverage"]
    missing = [i.id for i in w.session.analysis.items if i.applicable and i.status == "missing"]
    w.session.set_verdict(missing, "covered")
    assert w.session.review.summary()["coverage"] > before
    assert "审查后" in w.tree.coverage.text()


def test_stale_items_show_a_marker_after_reanalysis(window, base_analysis):
    import copy

    from fzreview.core.analysis import Analysis

    w = window
    item_id = w.session.analysis.items[0].id
    w.session.set_verdict([item_id], "covered")
    new = Analysis.from_dict(copy.deepcopy(w.session.analysis.to_dict()))
    new.items[0].fingerprint = "changed-obligation"
    flagged = w.session.reanalysed(new, base_analysis[1])
    assert flagged == [item_id]
    w.tree.set_session(w.session)
    verdict_cell = w.tree.model.index_of(item_id).siblingAtColumn(2)
    assert verdict_cell.data().startswith("⚠")
    assert w.session.review.verdicts[item_id].verdict == "covered"
    w.tree.set_filter("changed")
    assert w.tree.visible_ids() == [item_id]


def test_unreviewed_filter_keeps_the_current_item_until_moving_on(window, qtbot):
    w = window
    w.act_advance.setChecked(False)
    w.tree.set_filter("unreviewed")
    first, second = w.tree.visible_ids()[:2]
    w.tree.select_ids([first])
    w.tree.tree.setFocus()
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_1)
    assert first in w.tree.visible_ids()  # still shown while selected
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_Down)
    assert w.tree.selected_ids() == [second]
    assert first not in w.tree.visible_ids()  # reviewed: gone from 未审


def test_ctrl_shift_f_key_focuses_search(window, qtbot):
    w = window
    w.activateWindow()
    qtbot.waitActive(w)
    w.tree.tree.setFocus()
    qtbot.keyClick(w.tree.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.tree.search.hasFocus()


def test_offsets_survive_characters_outside_the_bmp():
    from fzreview.ui.report_view import OffsetMap, evidence_segments, sentence_span

    text = "前言𠀀𠀁。第二句"
    m = OffsetMap(text)
    assert [m.to_qt(i) for i in (0, 2, 3, 4, 5)] == [0, 2, 4, 6, 7]
    assert all(m.to_py(m.to_qt(i)) == i for i in range(len(text) + 1))
    assert sentence_span(text, 6) == (5, 8)
    segs = evidence_segments([(0, 4, "A", "covered"), (2, 6, "B", "missing")])
    assert segs == [(0, 2, "covered", 1), (2, 4, "covered", 2), (4, 6, "missing", 1)]


def test_report_view_positions_match_python_offsets_with_astral_text(qtbot, fresh_review, base_analysis):
    from fzreview.ui.report_view import ReportView

    review = fresh_review()
    view = ReportView()
    qtbot.addWidget(view)
    review.analysis.report.text = "𠀀" + review.analysis.report.text[1:]  # same length in code points
    view.set_analysis(review.analysis)
    item = next(i for i in review.analysis.items if i.evidence)
    ev = item.evidence[0]
    view.show_span(ev.start, ev.end)
    assert view.textCursor().selectedText() == review.analysis.report.text[ev.start:ev.end]


def test_enter_in_search_selects_the_first_match(window, qtbot):
    w = window
    target = _applicable(w)[20]
    w.tree.search.setFocus()
    w.tree.search.setText(target.id)
    qtbot.keyClick(w.tree.search, Qt.Key.Key_Return)
    assert w.tree.selected_ids() == [target.id]
    w.tree.search.clear()  # the selection survives clearing the search
    assert w.tree.selected_ids() == [target.id]
    assert len(w.tree.visible_ids()) == len(_applicable(w))


def test_hovering_evidence_names_its_obligations(window):
    w = window
    item = _first_with_evidence(w)
    ev = item.evidence[0]
    w.report.show_span(ev.start, ev.end)
    rect = w.report.cursorRect(w.report._cursor(ev.start + 1, ev.start + 1))
    text = w.report.tooltip_at(rect.center())
    assert item.id in text
