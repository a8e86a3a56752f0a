"""Every modal dialog the app shows, in one place.

The main window never calls QMessageBox / QFileDialog directly: it calls these
functions, so the tests can replace them (monkeypatch) and never block.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton


def error(parent, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


def warning(parent, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def info(parent, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def choose(parent, title: str, text: str, choices: list[tuple[str, str]], *,
           default: str | None = None, escape: str | None = None,
           informative: str = "") -> str | None:
    """Ask a question with named buttons; returns the key of the button pressed.

    `choices` is [(key, label)]; the first is the accepting button, a key named
    "cancel" gets the reject role (Esc). Returns `escape` (or None) if the box is
    closed another way.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    if informative:
        box.setInformativeText(informative)
    buttons: dict[QPushButton, str] = {}
    for n, (key, label) in enumerate(choices):
        if key == "cancel":
            role = QMessageBox.ButtonRole.RejectRole
        elif n == 0:
            role = QMessageBox.ButtonRole.AcceptRole
        else:
            role = QMessageBox.ButtonRole.DestructiveRole if key in ("discard", "dont_save") \
                else QMessageBox.ButtonRole.ActionRole
        buttons[box.addButton(label, role)] = key
        if key == default:
            box.setDefaultButton(list(buttons)[-1])
        if key == escape:
            box.setEscapeButton(list(buttons)[-1])
    box.exec()
    clicked = box.clickedButton()
    return next((key for button, key in buttons.items() if button is clicked), escape)


# Qt's own (non-native) file dialog leaves "Look in:" and "Files of type:" in English even
# with qtbase_zh_CN.qm installed (its labels are set before translation reaches them), so
# the labels are given here; a native dialog (Windows, macOS, a portal) speaks the system's language.
_FILE_LABELS = {
    QFileDialog.DialogLabel.LookIn: "查找范围：",
    QFileDialog.DialogLabel.FileName: "文件名：",
    QFileDialog.DialogLabel.FileType: "文件类型：",
    QFileDialog.DialogLabel.Reject: "取消",
}


def file_dialog(parent, title: str, directory: str, filters: str = "", *, kind: str = "open") -> QFileDialog:
    """A file dialog (kind: open, save or folder) with every label in Chinese; not shown yet."""
    dialog = QFileDialog(parent, title, directory, filters)
    if kind == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    elif kind == "folder":
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    for label, text in _FILE_LABELS.items():
        dialog.setLabelText(label, text)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, {"save": "保存", "folder": "选择"}.get(kind, "打开"))
    if kind == "folder":
        dialog.setLabelText(QFileDialog.DialogLabel.FileName, "文件夹：")
    return dialog


def _run(dialog: QFileDialog) -> tuple[str, str]:
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return "", ""
    return dialog.selectedFiles()[0], dialog.selectedNameFilter()


def open_file(parent, title: str, directory: str, filters: str) -> str:
    return _run(file_dialog(parent, title, directory, filters))[0]


def save_file(parent, title: str, path: str, filters: str) -> tuple[str, str]:
    """(path, selected filter); path is "" if cancelled."""
    return _run(file_dialog(parent, title, path, filters, kind="save"))


def open_folder(parent, title: str, directory: str) -> str:
    """A folder chosen by the reviewer, "" if cancelled."""
    return _run(file_dialog(parent, title, directory, kind="folder"))[0]


def pick(parent, title: str, text: str, items: list[str]) -> int | None:
    """The index of the item chosen from a list, None if cancelled."""
    from PySide6.QtWidgets import QInputDialog

    if not items:
        return None
    chosen, ok = QInputDialog.getItem(parent, title, text, items, 0, False)
    return items.index(chosen) if ok and chosen in items else None
