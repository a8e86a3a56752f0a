"""Two windows or two processes on one review, changes on disk, and autosave that cannot starve."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

ROOT = Path(__file__).resolve().parents[2]


def _saved_review(fresh_review, path):
    from fzreview.core.review import save_review

    save_review(fresh_review(), path)
    return path


def _applicable(w):
    return [i.id for i in w.session.analysis.items if i.applicable]


def test_second_window_on_the_same_review_opens_read_only_or_not_at_all(
        make_window, open_and_wait, dialogs, fresh_review, tmp_path, qtbot):
    path = _saved_review(fresh_review, tmp_path / "r.fzreview.json")
    w1 = make_window()
    open_and_wait(w1, path)
    assert not w1.session.read_only and not dialogs.questions

    w2 = make_window()
    dialogs.answers.append("cancel")
    open_and_wait(w2, path)
    assert dialogs.questions[-1][0] == "审查文件已被打开"
    assert "本程序的另一个窗口" in dialogs.questions[-1][1]
    assert dialogs.questions[-1][2] == ["read_only", "cancel"]
    assert w2.session is None

    dialogs.answers.append("read_only")
    open_and_wait(w2, path)
    assert w2.session.read_only and "只读" in w2.windowTitle()
    item = _applicable(w2)[0]
    w2.tree.select_ids([item])
    w2.tree.tree.setFocus()
    qtbot.keyClick(w2.tree.tree, Qt.Key.Key_1)
    assert w2.session.review.verdicts[item].verdict is None and not w2.session.dirty
    assert w2.item_panel.note.isReadOnly()
    # Saving goes to another file, which this window then owns.
    other = tmp_path / "copy.fzreview.json"
    dialogs.save_paths.append(str(other))
    assert w2.save()
    assert other.is_file() and not w2.session.read_only and w2.session.path == str(other)
    qtbot.keyClick(w2.tree.tree, Qt.Key.Key_1)
    assert w2.session.review.verdicts[item].verdict == "covered"

    # The first window still owns its file; once it closes, the file is free.
    w1.close()
    w3 = make_window()
    questions = len(dialogs.questions)
    open_and_wait(w3, path)
    assert not w3.session.read_only and len(dialogs.questions) == questions


def test_saving_over_a_review_open_in_another_window_is_refused(
        make_window, window, open_and_wait, dialogs, fresh_review, tmp_path):
    path = _saved_review(fresh_review, tmp_path / "held.fzreview.json")
    other = make_window()
    open_and_wait(other, path)
    before = path.read_bytes()
    window.session.set_verdict([_applicable(window)[0]], "missing")
    dialogs.save_paths.append(str(path))
    assert not window.save_as()
    assert dialogs.errors[-1][0] == "无法保存" and "另存为其他文件名" in dialogs.errors[-1][1]
    assert path.read_bytes() == before and window.session.dirty


def test_a_change_on_disk_is_never_overwritten_silently(
        make_window, open_and_wait, dialogs, fresh_review, tmp_path):
    from fzreview.core.review import load_review, save_review

    path = _saved_review(fresh_review, tmp_path / "r.fzreview.json")
    w = make_window()
    open_and_wait(w, path)
    item = _applicable(w)[0]
    w.session.set_verdict([item], "covered")
    # Meanwhile someone else (a copy of the app on another machine, a sync tool) saves the file.
    theirs = load_review(path)
    theirs.set_note(item, "另一位审查人的意见")
    save_review(theirs, path)
    time.sleep(0.01)
    dialogs.answers.append("cancel")
    assert not w.save()
    assert dialogs.questions[-1][0] == "文件已在别处修改"
    assert load_review(path).verdicts[item].note == "另一位审查人的意见"
    # 另存为… keeps both.
    copy = tmp_path / "mine.fzreview.json"
    dialogs.answers.append("save_as")
    dialogs.save_paths.append(str(copy))
    assert w.save()
    assert load_review(copy).verdicts[item].verdict == "covered"
    assert load_review(path).verdicts[item].note == "另一位审查人的意见"


def test_overwrite_when_the_reviewer_says_so_and_a_touched_file_is_no_change(
        make_window, open_and_wait, dialogs, fresh_review, tmp_path):
    from fzreview.core.review import load_review, save_review

    path = _saved_review(fresh_review, tmp_path / "r.fzreview.json")
    w = make_window()
    open_and_wait(w, path)
    item = _applicable(w)[0]
    # Same bytes, newer time (e.g. copied back): not a change, no question.
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    w.session.set_verdict([item], "partial")
    assert w.save() and not dialogs.questions
    theirs = load_review(path)
    theirs.set_note(item, "别处的修改")
    save_review(theirs, path)
    w.session.set_verdict([item], "missing")
    dialogs.answers.append("overwrite")
    assert w.save()
    assert load_review(path).verdicts[item].verdict == "missing"


LOCK_HOLDER = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QLockFile
    lock = QLockFile(sys.argv[1])
    lock.setStaleLockTime(0)
    assert lock.tryLock(0)
    print("locked", flush=True)
    time.sleep(60)
""")


def test_another_process_holds_the_review_until_it_dies(
        make_window, open_and_wait, dialogs, fresh_review, tmp_path):
    from fzreview.ui.review_lock import lock_path_for

    path = _saved_review(fresh_review, tmp_path / "r.fzreview.json")
    child = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, lock_path_for(path)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "locked"
        w = make_window()
        dialogs.answers.append("cancel")
        open_and_wait(w, path)
        assert w.session is None
        assert f"另一个审查台程序（进程 {child.pid}" in dialogs.questions[-1][1]
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    # The process is gone: its lock is stale (by the process lookup Qt does, on every platform).
    questions = len(dialogs.questions)
    open_and_wait(w, path)
    assert w.session is not None and not w.session.read_only and len(dialogs.questions) == questions


def test_recovery_files_of_running_sessions_are_not_offered(window, make_window, qtbot):
    from fzreview.ui.autosave import RecoveryStore

    window.session.set_verdict([_applicable(window)[0]], "covered")
    store = RecoveryStore(window.store.directory)
    qtbot.waitUntil(lambda: store.path_for(window.session.recovery_token).is_file(), timeout=5000)
    assert store.entries() == []  # the window is alive: it holds the lock
    assert not make_window().offer_recovery()
    window.autosaver.release()  # as after a crash: nobody holds the lock
    assert [e.token for e in store.entries()] == [window.session.recovery_token]


def test_a_burst_of_verdicts_reaches_the_disk_within_the_deadline(window, qtbot):
    from PySide6.QtCore import QTimer

    w = window
    saver = w.autosaver
    saver._debounce.setInterval(300)  # a burst faster than this would postpone the write forever
    saver._deadline.setInterval(400)
    saves: list[float] = []
    saver.saved.connect(lambda _p: saves.append(time.monotonic()))
    ids = _applicable(w)
    n = [0]

    def tick():
        w.session.set_verdict([ids[n[0]]], "covered")
        n[0] += 1

    timer = QTimer()
    timer.timeout.connect(tick)
    start = time.monotonic()
    timer.start(50)
    qtbot.waitUntil(lambda: n[0] >= 40, timeout=20000)
    timer.stop()
    burst_end = time.monotonic()
    # Without the deadline nothing is written until the burst ends. (The bounds leave
    # room for a busy machine; the deadline itself is 0.4 s here.)
    written_during_burst = [t for t in saves if t < burst_end]
    assert len(written_during_burst) >= 2, "the burst postponed the autosave"
    assert written_during_burst[0] - start < 1.2


KILLED_APP = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, sys.argv[1])
    import main
    main.use_checkout()
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from fzreview.core.review import load_review
    from fzreview.ui.main_window import MainWindow
    w = MainWindow(settings=QSettings(sys.argv[4], QSettings.Format.IniFormat), recovery_dir=sys.argv[3])
    w.show()
    w.show_review(load_review(sys.argv[2]), path=None, checklist=None)
    ids = [i.id for i in w.session.analysis.items]
    n = 0

    def tick():
        global n
        w.session.set_verdict([ids[n]], "partial")
        print(ids[n], flush=True)
        n += 1

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(100)  # a verdict every 0.1 s: the 1 s debounce alone would never write
    app.exec()
""")


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9")
def test_verdicts_survive_kill_9_in_the_middle_of_a_burst(fresh_review, tmp_path):
    from fzreview.ui.autosave import RecoveryStore

    review_path = _saved_review(fresh_review, tmp_path / "r.fzreview.json")
    recovery = tmp_path / "recovery"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, "-c", KILLED_APP, str(ROOT), str(review_path), str(recovery),
                              str(tmp_path / "s.ini")], stdout=subprocess.PIPE, text=True, env=env)
    seen: list[tuple[float, str]] = []
    try:
        while len(seen) < 45:  # 4.5 s of verdicts
            line = child.stdout.readline()
            assert line, "the app stopped"
            seen.append((time.monotonic(), line.strip()))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    killed = time.monotonic()
    entries = RecoveryStore(recovery).entries()  # the dead process's lock is stale: offered
    assert len(entries) == 1
    data = json.loads(entries[0].path.read_text(encoding="utf-8"))
    on_disk = {i["id"] for i in data["items"] if i.get("verdict") == "partial"}
    # The deadline is 1.5 s; 3 s leaves room for a busy machine. Without it nothing is on disk.
    due = {item for when, item in seen if killed - when > 3.0}
    assert due and due <= on_disk, f"lost: {sorted(due - on_disk)}"
