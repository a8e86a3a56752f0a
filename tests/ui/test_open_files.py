"""Opening reports and review files: dialog-free paths, drag and drop, and refusals."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

REPORT = Path(__file__).resolve().parent.parent / "fixtures" / "hongmei-town-2024.txt"


def test_open_report_fills_tree_with_170_items(make_window, open_and_wait, dialogs):
    w = make_window()
    assert w.stack.currentWidget() is w.welcome
    open_and_wait(w, REPORT)
    assert not dialogs.errors
    assert w.stack.currentWidget() is w.review_page
    assert len(w.tree.model.ids()) == 170
    # A town's report: the obligations that apply to a township are listed and counted.
    applicable = [i.id for i in w.session.analysis.items if i.applicable]
    assert 0 < len(applicable) < 170
    assert w.tree.visible_ids() == applicable
    assert w.tree.progress.maximum() == len(applicable) and w.tree.progress.value() == 0
    assert w.tree.filter_box.itemText(0) == f"全部（{len(applicable)}）"
    assert w.reviewed_label.text() == f"已审 0/{len(applicable)}"
    assert w.report.toPlainText() == w.session.analysis.report.text
    # The first obligation shown is selected and the item panel shows it.
    assert w.tree.selected_ids() == [applicable[0]]
    w.tree.show_all_box.setChecked(True)  # 显示不适用项: all 170
    assert len(w.tree.visible_ids()) == 170 and w.tree.progress.maximum() == 170
    assert w.recent.paths()[0] == str(REPORT)


def test_open_dialog_uses_the_chosen_file(make_window, wait_idle, dialogs):
    w = make_window()
    dialogs.open_paths.append(str(REPORT))
    w.act_open.trigger()
    wait_idle(w)
    assert w.session is not None and w.session.analysis.report.path == str(REPORT)


def test_drop_a_report_on_the_window_opens_it(make_window, qtbot, wait_idle):
    w = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(REPORT))])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    w.dropEvent(event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: w.session is not None, timeout=60000)
    wait_idle(w)
    assert len(w.tree.model.ids()) == 170


def test_drop_without_local_file_is_ignored(make_window):
    w = make_window()
    mime = QMimeData()
    mime.setText("not a file")
    assert not w.handle_drop(mime)
    mime.setUrls([QUrl("https://example.org/report.txt")])
    assert not w.handle_drop(mime)


def test_unreadable_report_shows_error_not_crash(window, open_and_wait, dialogs, tmp_path):
    before = window.session
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    open_and_wait(window, empty)
    open_and_wait(window, tmp_path / "missing.txt")
    open_and_wait(window, tmp_path)  # a folder becomes a batch (ui/batch_view.py); its empty file is listed
    assert len(dialogs.errors) == 2
    assert window.batch.batch is not None and "empty.txt" in window.batch.view.failures.text()
    assert "空" in dialogs.errors[0][1]
    assert "找不到" in dialogs.errors[1][1]
    assert all("Traceback" not in text for _, text in dialogs.errors)
    assert window.session is before  # the current review is still there


def test_corrupt_review_is_refused_and_left_untouched(window, open_and_wait, dialogs, tmp_path):
    window.tree.select_ids(["G01-01"])
    window.set_verdict("covered")
    bad = tmp_path / "broken.json"
    payload = b'{"format": "fzreview", "version": 1, "items": [{"id": '
    bad.write_bytes(payload)
    open_and_wait(window, bad)
    assert dialogs.questions and dialogs.questions[0][0] == "保存审查"  # unsaved work was offered
    assert len(dialogs.errors) == 1 and "损坏" in dialogs.errors[0][1]
    assert bad.read_bytes() == payload
    assert window.session.review.verdicts["G01-01"].verdict == "covered"  # nothing lost


def test_newer_version_review_is_refused(window, open_and_wait, dialogs, tmp_path, fresh_review):
    data = fresh_review().to_dict()
    data["version"] = 99
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = newer.read_bytes()
    open_and_wait(window, newer)
    assert len(dialogs.errors) == 1 and "更新版本" in dialogs.errors[0][1]
    assert newer.read_bytes() == before


def test_review_opens_when_report_file_has_moved(make_window, open_and_wait, fresh_review, tmp_path):
    from fzreview.core.review import save_review

    review = fresh_review()
    review.analysis.report.path = str(tmp_path / "gone" / "report.txt")
    review.set_note("G01-01", "见第二段")
    path = tmp_path / "moved.fzreview.json"
    save_review(review, path)
    w = make_window()
    open_and_wait(w, path)
    assert w.session.path == str(path)
    assert w.report.toPlainText() == review.analysis.report.text
    assert w.session.review.verdicts["G01-01"].note == "见第二段"


def test_checklist_error_is_reported(make_window, open_and_wait, dialogs, monkeypatch):
    import fzreview.core.checklist
    from fzreview.core.checklist import ChecklistError

    def broken(*_args, **_kwargs):
        raise ChecklistError("gangyao.yaml 第 12 行：缺少 title")

    monkeypatch.setattr(fzreview.core.checklist, "load_checklist", broken)
    w = make_window()
    open_and_wait(w, REPORT)
    assert dialogs.errors == [("无法打开文件", "hongmei-town-2024.txt\n\ngangyao.yaml 第 12 行：缺少 title")]
    assert w.session is None and w.stack.currentWidget() is w.welcome


def test_unexpected_error_becomes_a_message_not_a_traceback(window, open_and_wait, dialogs, monkeypatch):
    import fzreview.core.engine

    def boom(*_args, **_kwargs):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(fzreview.core.engine, "analyse", boom)
    before = window.session
    open_and_wait(window, REPORT)
    assert len(dialogs.errors) == 1
    message = dialogs.errors[0][1]
    assert "意外错误" in message and "engine exploded" in message and "Traceback" not in message
    assert window.session is before


def test_review_with_a_carried_checklist_opens_after_the_file_is_gone(make_window, open_and_wait, tmp_path):
    """A review made with `check --checklist PATH` shows that checklist's requirements and name."""
    from fzreview.core.checklist import CHECKLIST_DIR
    from fzreview.core.cli import main as cli

    text = (CHECKLIST_DIR / "gangyao-2021-2025.yaml").read_text(encoding="utf-8")
    text = "\n".join("id: my-plan" if line.startswith("id:") else
                     "title: 本市法治政府建设实施方案" if line.startswith("title:") else line
                     for line in text.splitlines())
    text = text.replace("严格执行法治政府建设年度报告制度，按时报告并向社会公开。", "本市要求：按时报告并公开。")
    yaml_path, review_path = tmp_path / "plan.yaml", tmp_path / "r.json"
    yaml_path.write_text(text, encoding="utf-8")
    report = Path(__file__).resolve().parent.parent / "fixtures" / "hongmei-town-2024.txt"
    assert cli(["check", str(report), "--checklist", str(yaml_path), "--review", str(review_path)]) == 0
    yaml_path.unlink()
    w = make_window()
    open_and_wait(w, review_path)
    assert w.session is not None and w.session.checklist is not None
    assert w.session.requirement("G33-03") == "本市要求：按时报告并公开。"
    w._on_selection(["G33-03"])
    assert "本市法治政府建设实施方案" in w.item_panel.info.toPlainText()
    assert "纲要" not in w.item_panel.info.toPlainText().split("\n")[1]
    assert "本市法治政府建设实施方案" in w.summary.chart_box.title()
