"""Saving, reopening, autosave and crash recovery, closing with unsaved changes, re-analysis."""

from __future__ import annotations

from pathlib import Path

REPORT = Path(__file__).resolve().parent.parent / "fixtures" / "hongmei-town-2024.txt"


def _recovery_files(w):
    return sorted(w.store.directory.glob("*.fzreview.json")) if w.store.directory.is_dir() else []


def test_save_and_reopen_round_trip(window, make_window, open_and_wait, dialogs, qtbot, tmp_path):
    w = window
    ids = [i.id for i in w.session.analysis.items[:3]]
    w.session.set_verdict(ids[:2], "partial")
    w.session.set_verdict(ids[2:], "not_applicable")
    w.session.set_note([ids[0]], "第一项：措施有，成效数据缺失")
    w.reviewer_edit.setText("张三")
    w._commit_reviewer()
    qtbot.waitUntil(lambda: len(_recovery_files(w)) == 1, timeout=5000)
    target = tmp_path / "saved.fzreview.json"
    dialogs.save_paths.append(str(target))
    w.act_save.trigger()  # Ctrl+S: no path yet → Save As
    assert target.is_file()
    assert not w.session.dirty and not w.isWindowModified()
    assert _recovery_files(w) == []  # deleted after a successful save
    w.close()  # lets go of the file (a second window would otherwise get it read-only)

    w2 = make_window()
    open_and_wait(w2, target)
    assert not w2.session.read_only and not dialogs.questions
    v = w2.session.review.verdicts
    assert [v[i].verdict for i in ids] == ["partial", "partial", "not_applicable"]
    assert v[ids[0]].note == "第一项：措施有，成效数据缺失"
    assert w2.session.review.reviewer == "张三"
    assert w2.reviewer_edit.text() == "张三"
    assert w2.session.path == str(target)
    assert w2.tree.progress.value() == 3


def test_save_again_writes_to_the_same_file(window, dialogs, tmp_path):
    target = tmp_path / "r.json"
    dialogs.save_paths.append(str(target))
    window.session.set_verdict(["G01-01"], "covered")
    assert window.save()
    window.session.set_verdict(["G01-01"], "missing")
    assert window.save()  # no dialog needed the second time
    from fzreview.core.review import load_review

    assert load_review(target).verdicts["G01-01"].verdict == "missing"


def test_autosave_recovery_after_a_crash(window, make_window, qtbot, dialogs):
    w1 = window
    item_id = w1.session.analysis.items[5].id
    w1.tree.select_ids([item_id])
    w1.set_verdict("partial")
    w1.session.set_note([item_id], "崩溃前写的备注")
    qtbot.waitUntil(lambda: len(_recovery_files(w1)) == 1, timeout=5000)
    # Simulate a crash: the window's autosaver stops without deleting its file.
    w1.autosaver.release()

    w2 = make_window()
    dialogs.answers.append("restore")
    assert w2.offer_recovery()
    assert dialogs.questions[-1][0] == "恢复未保存的审查"
    v = w2.session.review.verdicts[item_id]
    assert v.verdict == "partial" and v.note == "崩溃前写的备注"
    assert w2.session.dirty  # restored work still needs saving


def test_recovery_can_be_discarded(window, make_window, qtbot, dialogs):
    window.session.set_verdict(["G01-01"], "covered")
    qtbot.waitUntil(lambda: len(_recovery_files(window)) == 1, timeout=5000)
    window.autosaver.release()
    w2 = make_window()
    dialogs.answers.append("discard")
    assert not w2.offer_recovery()
    assert _recovery_files(w2) == []
    assert w2.session is None


def test_periodic_autosave_writes_without_new_edits(window, qtbot):
    w = window
    w.autosaver._debounce.setInterval(10 ** 7)  # only the periodic timer can save now
    w.autosaver._periodic.setInterval(100)
    w.autosaver._periodic.start()
    w.session.set_verdict(["G01-01"], "covered")
    qtbot.waitUntil(lambda: len(_recovery_files(w)) == 1, timeout=5000)


def test_close_with_unsaved_changes_prompts(window, dialogs, tmp_path, qtbot):
    w = window
    w.session.set_verdict(["G01-01"], "covered")
    qtbot.waitUntil(lambda: len(_recovery_files(w)) == 1, timeout=5000)

    dialogs.answers.append("cancel")
    assert not w.close()
    assert w.isVisible() and dialogs.questions[-1][0] == "保存审查"
    assert len(_recovery_files(w)) == 1

    target = tmp_path / "on-close.json"
    dialogs.answers.append("save")
    dialogs.save_paths.append(str(target))
    assert w.close()
    assert target.is_file()
    assert _recovery_files(w) == []


def test_close_without_saving_removes_recovery_file(window, dialogs, qtbot):
    w = window
    w.session.set_verdict(["G01-01"], "covered")
    qtbot.waitUntil(lambda: len(_recovery_files(w)) == 1, timeout=5000)
    dialogs.answers.append("dont_save")
    assert w.close()
    assert _recovery_files(w) == []


def test_close_clean_review_does_not_prompt(window, dialogs):
    assert window.close()
    assert dialogs.questions == []


def test_reanalyse_keeps_verdicts_and_notes(make_window, open_and_wait, wait_idle, dialogs):
    w = make_window()
    open_and_wait(w, REPORT)
    ids = [i.id for i in w.session.analysis.items[:2]]
    w.session.set_verdict(ids, "missing")
    w.session.set_note(ids[:1], "保留这条备注")
    old_analysis = w.session.analysis
    assert w.reanalyse()
    wait_idle(w)
    assert w.session.analysis is not old_analysis
    assert dialogs.infos and dialogs.infos[-1][0] == "重新分析"
    assert [w.session.review.verdicts[i].verdict for i in ids] == ["missing", "missing"]
    assert w.session.review.verdicts[ids[0]].note == "保留这条备注"
    assert len(w.tree.model.ids()) == 170


def test_recent_files_use_the_temporary_settings(make_window, open_and_wait, tmp_path):
    w = make_window()
    open_and_wait(w, REPORT)
    assert w.settings.fileName() == str(tmp_path / "settings.ini")
    w3 = make_window()  # same settings file: a new window lists it
    assert w3.recent.paths()[0] == str(REPORT)
    assert w3.recent_list.item(0).data(0x0100) == str(REPORT)


def test_recovery_store_survives_hostile_files_and_surrogates(tmp_path):
    """A hand-made recovery file nested too deep is skipped, not a traceback; a report text
    with a lone surrogate (a broken PDF character map) still autosaves."""
    from fzreview.core.document import Document
    from fzreview.core.engine import analyse
    from fzreview.core.review import Review
    from fzreview.ui.autosave import RecoveryStore

    store = RecoveryStore(tmp_path)
    (tmp_path / "deep.fzreview.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert store.entries() == []

    analysis = analyse(Document.from_text("某某县2024年法治政府建设年度报告\n组织学习习近平法治思想。"))
    analysis.report.text += "\ud800"  # what a damaged character map can leave behind
    review = Review(analysis=analysis)
    path = store.write("surrogate", review, None)
    assert path.read_bytes().decode("utf-8").count("\ufffd") == 1
    assert [e.token for e in store.entries()] == ["surrogate"]
