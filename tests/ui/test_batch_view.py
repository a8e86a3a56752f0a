"""The batch page: a folder dropped on the window becomes a batch; open, review, save back, compare."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl

from tests.test_batch import NOTICE_TXT
from tests.test_compare import LAST, THIS
from tests.ui.conftest import FIXTURES

WAIT_MS = 120000


@pytest.fixture
def folder(tmp_path):
    f = tmp_path / "春季报告"
    f.mkdir()
    for name in ("hongmei-town-2024", "chenghai-district-2023", "suibin-county-2024"):
        shutil.copy(FIXTURES / f"{name}.txt", f)
    (f / "平阳县-2023.txt").write_text(LAST, encoding="utf-8")
    (f / "平阳县-2024.txt").write_text(THIS, encoding="utf-8")
    (f / "损坏.pdf").write_bytes(b"%PDF-1.4 not really")
    (f / "报送通知.txt").write_text(NOTICE_TXT, encoding="utf-8")  # not a report: listed, never scored
    return f


def drop_folder(w, qtbot, folder):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    assert w.handle_drop(mime)
    qtbot.waitUntil(lambda: w.batch.batch is not None and not w.batch.busy() and not w.tasks.busy(),
                    timeout=WAIT_MS)


def shown_units(view):
    return [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]


def test_dropped_folder_becomes_a_batch(make_window, qtbot, folder, dialogs):
    w = make_window()
    drop_folder(w, qtbot, folder)
    view = w.batch.view
    assert w.stack.currentWidget() is view
    assert (folder.parent / "春季报告.fzbatch").is_file()
    assert sorted(shown_units(view)) == sorted(["洪梅镇", "汕头市澄海区", "绥滨县", "平阳县", "平阳县"])
    assert view.failures.isVisible() and "损坏.pdf" in view.failures.text()
    assert "不是年度报告" in view.failures.text() and "报送通知.txt" in view.failures.text()
    assert "5 份报告" in view.progress_label.text()
    assert not dialogs.errors

    view.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # coverage, highest first
    values = [float(view.proxy.index(r, 3).data().rstrip("%")) for r in range(view.proxy.rowCount())]
    assert values == sorted(values, reverse=True)
    view.filter_edit.setText("洪梅")
    assert shown_units(view) == ["洪梅镇"]
    view.filter_edit.setText("")
    view.status_combo.setCurrentIndex(view.status_combo.findData("done"))
    assert shown_units(view) == []
    view.status_combo.setCurrentIndex(0)
    assert len(shown_units(view)) == 5

    # marked 已完成 by hand, then back to the status the review progress gives
    rid = next(e.id for e in w.batch.batch.entries() if e.unit == "洪梅镇")
    w.batch.set_status(rid, "done")
    view.status_combo.setCurrentIndex(view.status_combo.findData("done"))
    assert shown_units(view) == ["洪梅镇"]
    w.batch.set_status(rid, None)
    assert shown_units(view) == [] and w.batch.batch.entry(rid).status == "todo"


def test_open_review_save_into_batch_and_back(make_window, qtbot, folder, wait_idle, dialogs):
    w = make_window()
    drop_folder(w, qtbot, folder)
    view = w.batch.view
    view.filter_edit.setText("绥滨")
    index = view.proxy.index(0, 0)
    view.table.doubleClicked.emit(index)
    wait_idle(w)
    assert w.stack.currentWidget() is w.review_page
    assert w.session.analysis.report.jurisdiction == "绥滨县"
    assert "审查批次" in w.windowTitle()
    item_id = w.session.analysis.items[0].id
    w.session.set_verdict([item_id], "covered")
    w.session.set_note([item_id], "批次中的意见")
    assert w.save()
    assert not w.session.dirty and not dialogs.save_paths
    entry = next(e for e in w.batch.batch.entries() if e.unit == "绥滨县")
    assert entry.reviewed == 1 and entry.status == "in_progress"
    assert w.batch.batch.review(entry.id).verdicts[item_id].note == "批次中的意见"

    w.session.set_note([item_id], "返回前改过")
    w.batch.back()  # going back keeps the work in the batch, without asking
    assert w.stack.currentWidget() is view
    assert not dialogs.questions
    assert w.batch.batch.review(entry.id).verdicts[item_id].note == "返回前改过"
    assert "审查中 1" in view.progress_label.text()
    assert not w.verdict_actions["covered"].isEnabled()  # 1–4 do nothing to the hidden review


def test_undo_and_exports_never_reach_the_hidden_review(make_window, qtbot, folder, wait_idle, dialogs, tmp_path):
    """QA P1-2 / P2-4: on the batch list, Ctrl+Z must not undo verdicts of the report left behind, and the
    toolbar's exports must not export it."""
    w = make_window()
    drop_folder(w, qtbot, folder)
    view = w.batch.view
    view.filter_edit.setText("绥滨")
    view.table.doubleClicked.emit(view.proxy.index(0, 0))
    wait_idle(w)
    item_id = w.session.analysis.items[0].id
    w.edits.set_verdict(w.session, [item_id], "covered")  # as pressing 1
    w.edits.set_note(w.session, [item_id], "绥滨的意见")
    assert w.act_undo.isEnabled()
    w.batch.back()
    entry = next(e for e in w.batch.batch.entries() if e.unit == "绥滨县")
    assert entry.reviewed == 1
    view.filter_edit.setText("")
    view.select_id(next(e.id for e in w.batch.batch.entries() if e.unit == "洪梅镇"))
    assert not w.act_undo.isEnabled() and not w.act_redo.isEnabled()
    for _ in range(2):
        w.act_undo.trigger()
    wait_idle(w)
    review = w.batch.batch.review(entry.id)
    assert review.verdicts[item_id].verdict == "covered" and review.verdicts[item_id].note == "绥滨的意见"
    assert w.batch.batch.entry(entry.id).reviewed == 1
    assert w.reviewed_label.text() == ""  # the hidden review's 已审 n/N is not shown on the list
    for action in (w.act_table, w.act_print, w.act_save, w.act_save_as, w.find_bar.act_open, w.act_find):
        assert not action.isEnabled(), action.text()
    # 导出 PDF on the list exports the selected row's report (洪梅镇), not the one opened last (绥滨县)
    assert w.act_pdf.isEnabled() and w.act_docx.isEnabled()
    dialogs.save_paths.append(str(tmp_path / "选中的.pdf"))
    w.act_pdf.trigger()
    wait_idle(w)
    from pypdf import PdfReader

    first_page = PdfReader(str(tmp_path / "选中的.pdf")).pages[0].extract_text()
    assert "洪梅镇" in first_page and "绥滨县" not in first_page
    view.table.clearSelection()
    assert not w.act_pdf.isEnabled() and not w.act_docx.isEnabled()

    # back in a review, undo works on that review again
    view.table.doubleClicked.emit(view.proxy.index(0, 0))
    wait_idle(w)
    assert w.stack.currentWidget() is w.review_page and w.act_pdf.isEnabled()
    assert not w.act_undo.isEnabled()
    w.edits.set_verdict(w.session, [item_id], "missing")
    assert w.act_undo.isEnabled()


def test_year_over_year_dialog(make_window, qtbot, folder, dialogs):
    w = make_window()
    drop_folder(w, qtbot, folder)
    this = next(e for e in w.batch.batch.entries() if e.unit == "平阳县" and e.year == 2024)
    assert w.batch.compare(this.id)
    qtbot.waitUntil(lambda: bool(w.batch.compare_dialogs), timeout=WAIT_MS)
    dialog = w.batch.compare_dialogs[-1]
    table = dialog.plans_table
    statuses = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert statuses == ["已落实", "已落实", "部分落实", "未见落实"]
    assert "236" in table.item(1, 2).text()
    assert dialog.problems_table.rowCount() == 2

    # the 2024 report opened from the batch: its assessment gets the comparison with 2023
    w.batch.open_report(this.id)
    qtbot.waitUntil(lambda: w.batch.owns_session(), timeout=WAIT_MS)
    last = next(e for e in w.batch.batch.entries() if e.unit == "平阳县" and e.year == 2023)
    assert w.batch.previous_year() == (w.batch.path, last.id)
    from fzreview.ui.tasks import with_previous_year

    m = with_previous_year(w.session.review, w.batch.previous_year())
    assert m.extra_sections and m.extra_sections[-1].title == "与上一年度报告对比"

    other = next(e for e in w.batch.batch.entries() if e.unit == "洪梅镇")
    dialogs.picks.append(None)
    assert not w.batch.compare(other.id)  # no earlier report of 洪梅镇: asked, and cancelled
    assert dialogs.questions and "洪梅镇" in dialogs.questions[-1][1]
    offered = dialogs.questions[-1][2]  # only earlier years (洪梅镇 is 2024), no news or notice
    assert offered and all(label.split("　")[1] == "2023" for label in offered)
    assert not any("通知" in label for label in offered)
    dialogs.picks.append(0)
    dialogs.answers.append("cancel")
    assert not w.batch.compare(other.id)  # another unit chosen: warned, and cancelled
    assert "单位不同" in dialogs.questions[-1][1] and len(w.batch.compare_dialogs) == 1
    dialog.close()


def test_previous_year_candidates_same_unit_first_earlier_years_only():
    from fzreview.core.batch import Entry
    from fzreview.ui.batch_view import entry_problems, plausible_previous

    def e(rid, unit, year):
        return Entry(rid, f"/r/{rid}.txt", str(rid), unit, "county", year, "todo", "", 0.0, 0, 10, 0, "")

    this = e(1, "绥滨县", 2024)
    entries = [this, e(2, "澄海区", 2023), e(3, "绥滨县", 2022), e(4, "绥滨县", 2025), e(5, "新闻", 2007),
               e(6, "绥滨县", 2023), e(7, "澄海区", 2024)]
    assert [x.id for x in plausible_previous(this, entries)] == [6, 3, 2, 5]
    assert entry_problems(entries[5], this) == []
    assert len(entry_problems(entries[1], this)) == 1 and len(entry_problems(entries[3], this)) == 1


def test_stopping_a_batch_keeps_what_is_finished(make_window, qtbot, folder, tmp_path):
    from PySide6.QtWidgets import QPushButton

    w = make_window()
    assert w.batch.create_from_folder(str(folder), out=str(tmp_path / "stop.fzbatch"))
    qtbot.waitUntil(lambda: w.batch._dialog is not None and w.batch._dialog.value() >= 1, timeout=WAIT_MS)
    w.batch._dialog.findChild(QPushButton).click()  # 停止
    qtbot.waitUntil(lambda: not w.batch.busy() and not w.tasks.busy(), timeout=WAIT_MS)
    assert w.statusBar().currentMessage().startswith("已停止")
    held = len(w.batch.batch)
    assert 1 <= held < 5
    assert w.batch.fill(str(folder))  # again: only the rest, no duplicates
    qtbot.waitUntil(lambda: not w.batch.busy() and not w.tasks.busy(), timeout=WAIT_MS)
    assert len(w.batch.batch) == 5
    assert len({e.sha256 for e in w.batch.batch.entries()}) == 5


def test_recovered_batch_review_goes_back_into_its_batch(make_window, qtbot, folder, wait_idle, dialogs):
    """After a crash, the autosaved review of a batch report is restored into the batch, not as a loose file."""
    w1 = make_window()
    drop_folder(w1, qtbot, folder)
    view = w1.batch.view
    view.filter_edit.setText("绥滨")
    view.table.doubleClicked.emit(view.proxy.index(0, 0))
    wait_idle(w1)
    rid = w1.batch._report_id
    item_id = w1.session.analysis.items[0].id
    w1.session.set_verdict([item_id], "partial")
    w1.session.set_note([item_id], "崩溃前的批次意见")
    recovery = w1.store.directory
    qtbot.waitUntil(lambda: any(recovery.glob("*.fzreview.json")), timeout=5000)
    w1.autosaver.release()  # a crash: the recovery file stays
    assert "第 " in w1.store.entries()[0].describe()

    w2 = make_window()
    dialogs.answers.append("restore")
    assert w2.offer_recovery()
    assert w2.batch.owns_session() and w2.batch._report_id == rid
    assert w2.session.path is None and w2.session.dirty
    assert w2.save()  # Ctrl+S: into the batch
    saved = w2.batch.batch.review(rid).verdicts[item_id]
    assert saved.verdict == "partial" and saved.note == "崩溃前的批次意见"
    assert not dialogs.errors
