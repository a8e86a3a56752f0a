"""Settings storage (QSettings) and the recently opened files list."""

from __future__ import annotations

import os

from PySide6.QtCore import QSettings

ORGANIZATION = "fzreview"
APPLICATION = "fzreview"
SETTINGS_ENV = "FZREVIEW_SETTINGS"  # an .ini path; tests and the benchmark use a temporary one


def open_settings(path: str | None = None) -> QSettings:
    path = path or os.environ.get(SETTINGS_ENV)
    if path:
        return QSettings(path, QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


class RecentFiles:
    KEY = "recent/files"
    LIMIT = 10

    def __init__(self, settings: QSettings):
        self.settings = settings

    def paths(self) -> list[str]:
        value = self.settings.value(self.KEY, [])
        if isinstance(value, str):  # QSettings returns a lone entry as a string
            return [value] if value else []
        return [str(p) for p in value if p] if isinstance(value, (list, tuple)) else []

    def add(self, path: str) -> None:
        path = os.path.abspath(path)
        paths = [path] + [p for p in self.paths() if p != path]
        self._store(paths[: self.LIMIT])

    def remove(self, path: str) -> None:
        self._store([p for p in self.paths() if p != path])

    def clear(self) -> None:
        self._store([])

    def _store(self, paths: list[str]) -> None:
        self.settings.setValue(self.KEY, paths)
        self.settings.sync()
