"""Crash recovery honours the review's lock: only a window that can take it offers the recovery."""

from __future__ import annotations


def _crashed_with_saved_review(w, dialogs, qtbot, tmp_path):
    """`w` shows a saved review, gives a verdict, then its autosaver stops as in a crash
    (the recovery file stays; `w` keeps the review's lock, like another process that has it open)."""
    target = tmp_path / "r.fzreview.json"
    dialogs.save_paths.append(str(target))
    assert w.save()
    assert w.session.lock is not None and w.session.lock.held()
    item_id = w.session.analysis.items[3].id
    w.session.set_verdict([item_id], "missing")
    qtbot.waitUntil(lambda: len(w.store.entries()) == 0 and w.store.directory.is_dir()
                    and any(w.store.directory.glob("*.fzreview.json")), timeout=5000)
    w.autosaver.release()
    assert [e.review_path for e in w.store.entries()] == [str(target)]
    return target, item_id


def test_recovery_not_offered_while_another_window_holds_the_review(window, make_window, dialogs, qtbot,
                                                                    tmp_path):
    target, item_id = _crashed_with_saved_review(window, dialogs, qtbot, tmp_path)
    w2 = make_window()
    asked = len(dialogs.questions)
    assert not w2.offer_recovery()
    assert len(dialogs.questions) == asked  # not even asked: the holder offers it
    assert w2.session is None and len(w2.store.entries()) == 1  # the recovery file stays

    window.session.lock.release()  # the holder goes away: now w2 may restore, read-write, in place
    dialogs.answers.append("restore")
    assert w2.offer_recovery()
    assert w2.session.path == str(target) and not w2.session.read_only
    assert w2.session.lock is not None and w2.session.lock.held()
    assert w2.session.review.verdicts[item_id].verdict == "missing"


def test_the_window_holding_the_review_restores_it_in_place(window, dialogs, qtbot, tmp_path):
    target, item_id = _crashed_with_saved_review(window, dialogs, qtbot, tmp_path)
    dialogs.answers.extend(["restore", "dont_save"])
    assert window.offer_recovery()
    assert window.session.path == str(target) and not window.session.read_only
    assert window.session.lock.held()
    assert "未保存" not in window.windowTitle()
