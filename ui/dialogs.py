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


def open_file(parent, title: str, directory: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, directory, filters)
    return path


def save_file(parent, title: str, path: str, filters: str) -> tuple[str, str]:
    """(path, selected filter); path is "" if cancelled."""
    return QFileDialog.getSaveFileName(parent, title, path, filters)


def open_folder(parent, title: str, directory: str) -> str:
    """A folder chosen by the reviewer, "" if cancelled."""
    return QFileDialog.getExistingDirectory(parent, title, directory)


def pick(parent, title: str, text: str, items: list[str]) -> int | None:
    """The index of the item chosen from a list, None if cancelled."""
    from PySide6.QtWidgets import QInputDialog

    if not items:
        return None
    chosen, ok = QInputDialog.getItem(parent, title, text, items, 0, False)
    return items.index(chosen) if ok and chosen in items else None
