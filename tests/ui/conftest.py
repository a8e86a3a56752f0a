"""GUI tests: pytest-qt, offscreen, with a temporary settings file and recovery folder.

No test ever blocks on a dialog: every dialog goes through `ui.dialogs`, which the
autouse `dialogs` fixture replaces with a recorder that answers from a queue; the
QMessageBox / QFileDialog statics are patched too, so a stray direct call fails
the test instead of hanging it.
"""

from __future__ import annotations

import copy
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REPORT = FIXTURES / "hongmei-town-2024.txt"
WAIT_MS = 60000


class DialogRecorder:
    """Stands in for ui.dialogs: records every dialog and answers from queues."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.questions: list[tuple[str, str, list[str]]] = []
        self.answers: list[str] = []  # for choose(), in order
        self.open_paths: list[str] = []
        self.save_paths: list[str] = []
        self.folder_paths: list[str] = []
        self.picks: list[int | None] = []  # answers for pick(), in order

    def error(self, parent, title, text):
        self.errors.append((title, text))

    def warning(self, parent, title, text):
        self.warnings.append((title, text))

    def info(self, parent, title, text):
        self.infos.append((title, text))

    def choose(self, parent, title, text, choices, *, default=None, escape=None, informative=""):
        keys = [k for k, _ in choices]
        self.questions.append((title, text + informative, keys))
        if self.answers:
            answer = self.answers.pop(0)
            assert answer in keys, f"{answer!r} not offered in {keys}"
            return answer
        # Unplanned questions (e.g. at teardown): don't save, don't restore.
        for fallback in ("dont_save", "later"):
            if fallback in keys:
                return fallback
        return escape

    def open_file(self, parent, title, directory, filters):
        return self.open_paths.pop(0) if self.open_paths else ""

    def save_file(self, parent, title, path, filters):
        return (self.save_paths.pop(0), "") if self.save_paths else ("", "")

    def open_folder(self, parent, title, directory):
        return self.folder_paths.pop(0) if self.folder_paths else ""

    def pick(self, parent, title, text, items):
        self.questions.append((title, text, list(items)))
        return self.picks.pop(0) if self.picks else None


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Temporary settings and recovery folder for anything that would use the real ones."""
    monkeypatch.setenv("FZREVIEW_SETTINGS", str(tmp_path / "env-settings.ini"))
    monkeypatch.setenv("FZREVIEW_RECOVERY_DIR", str(tmp_path / "env-recovery"))
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    import fzreview.ui.dialogs as real

    rec = DialogRecorder()
    for name in ("error", "warning", "info", "choose", "open_file", "save_file", "open_folder", "pick"):
        monkeypatch.setattr(real, name, getattr(rec, name))

    def forbidden(*args, **kwargs):
        raise AssertionError("a real modal dialog was opened in a test")

    for name in ("critical", "warning", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(forbidden))
    monkeypatch.setattr(QMessageBox, "exec", forbidden)
    for name in ("getOpenFileName", "getSaveFileName", "getExistingDirectory"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(forbidden))
    monkeypatch.setattr(QFileDialog, "exec", forbidden)
    from PySide6.QtWidgets import QInputDialog

    for name in ("getItem", "getText", "getInt"):
        monkeypatch.setattr(QInputDialog, name, staticmethod(forbidden))
    return rec


@pytest.fixture(scope="session")
def app_font(qapp):
    from fzreview.ui.fonts import install_app_font

    return install_app_font(qapp)


@pytest.fixture(scope="session")
def base_analysis():
    """The fixture report analysed once (the GUI tests that don't test opening reuse it)."""
    from fzreview.core.checklist import load_checklist
    from fzreview.core.engine import analyse
    from fzreview.core.loaders import load_document

    return analyse(load_document(REPORT)), load_checklist()


@pytest.fixture
def fresh_review(base_analysis):
    from fzreview.core.analysis import Analysis
    from fzreview.core.review import Review

    def make():
        analysis, _ = base_analysis
        return Review(analysis=Analysis.from_dict(copy.deepcopy(analysis.to_dict())))

    return make


@pytest.fixture
def make_window(qtbot, tmp_path, app_font):
    from PySide6.QtCore import QSettings

    from fzreview.ui.main_window import MainWindow

    def make():
        w = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat),
                       recovery_dir=tmp_path / "recovery", autosave_debounce_ms=50)
        qtbot.addWidget(w)
        w.resize(1366, 740)
        w.show()
        qtbot.waitExposed(w)
        return w

    return make


@pytest.fixture
def window(make_window, fresh_review, base_analysis):
    """A window showing a fresh review of the fixture report."""
    w = make_window()
    w.show_review(fresh_review(), path=None, checklist=base_analysis[1])
    return w


@pytest.fixture
def wait_idle(qtbot):
    """Wait until a window has no background task (open, re-analysis, export) running."""

    def wait(w, timeout=WAIT_MS):
        qtbot.waitUntil(lambda: not w._loading and not w.tasks.busy(), timeout=timeout)

    return wait


@pytest.fixture
def open_and_wait(wait_idle):
    def run(w, path, timeout=WAIT_MS):
        assert w.open_path(str(path))
        wait_idle(w, timeout)

    return run
