"""Qt's own file dialog speaks Chinese: no "Look in:" or "Files of type:" (QA trial)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QLineEdit

from fzreview.ui.dialogs import file_dialog

ENGLISH = ("Look in", "Files of type", "File name", "&Open", "&Save", "Cancel", "Choose")


def _texts(dialog) -> list[str]:
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # the dialog Qt draws itself
    return [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton) if w.text()]


def test_open_save_and_folder_dialogs_have_chinese_labels(qtbot, tmp_path):
    for kind in ("open", "save", "folder"):
        dialog = file_dialog(None, "选择", str(tmp_path), "报告 (*.txt);;所有文件 (*)", kind=kind)
        qtbot.addWidget(dialog)
        texts = _texts(dialog)
        assert "查找范围：" in texts and "取消" in texts, texts
        assert not [t for t in texts if any(e in t for e in ENGLISH)], texts


def test_save_dialog_proposes_the_file_name(qtbot, tmp_path):
    dialog = file_dialog(None, "导出", str(tmp_path / "审查意见.pdf"), "PDF (*.pdf)", kind="save")
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    names = [e.text() for e in dialog.findChildren(QLineEdit)]
    assert "审查意见.pdf" in names
    assert dialog.directory().absolutePath() == str(tmp_path)
